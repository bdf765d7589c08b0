/* claimgraph: umbrella header.
 *
 * libclaimgraph turns sourced, attributed claims into a graph of actors and organizations,
 * computes centrality, and writes Graphviz diagrams in which every edge carries its sources
 * and its confidence.
 *
 * Conventions (true of every public function):
 * - A fallible function returns a cg_status; the return value alone says whether it succeeded.
 *   Its result comes through a first `**out` parameter, owned by the caller; on failure *out is
 *   NULL. `_free(NULL)` is a no-op; getters borrow (valid as long as their owner).
 * - Optional arguments may be NULL, and NULL means the default: `diag` (no messages are kept),
 *   `grading` (the default table of the README), `filter` (every claim), `opts` (the defaults of
 *   the matching `_options_init()`). Required pointers are documented as such.
 * - Option structs start with a `version` field set by their `_options_init()` function; fields
 *   are only ever added at the end, and a struct from an older version is still accepted.
 *   (cg_filter has no version: zero-initialised, it means "no filter".)
 * - Strings are UTF-8; messages point into the input as file:line:column.
 *
 * Global state and threads. Functions on different objects may run in different threads; one
 * object must not be used by two threads at once. The library keeps no global state of its own
 * except the out-of-memory handler (cg_set_oom_handler) and the process-state policy below. For
 * speed and safety it changes process-wide settings of its dependencies, each only while one of
 * its calls runs, restoring the previous setting before it returns:
 * - jansson's allocation functions (json_set_alloc_funcs) while a dataset is parsed, for a bump
 *   allocator per thread;
 * - igraph's error and warning handlers (so an igraph error is returned as CG_EGRAPH instead of
 *   aborting the process) while igraph runs;
 * - OpenMP's thread count (omp_set_num_threads(1), when the process has OpenMP) while igraph's
 *   PageRank (PRPACK) runs, which is much faster on one thread for graphs of this size.
 * A program that uses jansson, igraph or OpenMP itself in other threads at the same time can opt
 * out of each with cg_set_process_state_policy(). */
#ifndef CLAIMGRAPH_H
#define CLAIMGRAPH_H

#include "export.h"
#include "version.h"
#include "status.h"
#include "model.h"
#include "text.h"
#include "evidence.h"
#include "analysis.h"
#include "robustness.h"
#include "escape.h"
#include "audit.h"
#include "sheets.h"
#include "viz.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The library's version at run time, e.g. "0.1.0" (CG_VERSION_STRING is the headers'). */
CG_API const char *cg_version(void);
/** The library's version at run time as CG_VERSION_NUMBER (0xMMmmpp). */
CG_API unsigned long cg_version_number(void);

/** Called when memory runs out; it must not return (exit, abort or longjmp). If it returns, or
 * none is set, the library prints "claimgraph: error: out of memory" to standard error and
 * calls abort(). The command-line tool removes its temporary files and exits with status 1. */
typedef void (*cg_oom_handler)(void *ud);
/** Sets the process-wide out-of-memory handler (NULL restores the default). Not thread-safe:
 * call it once, before other threads use the library. */
CG_API void cg_set_oom_handler(cg_oom_handler fn, void *ud);

/** Bits of cg_set_process_state_policy(): leave this setting of a dependency alone. */
enum {
    CG_KEEP_JANSSON_ALLOC = 1u << 0,   /**< parse with jansson's current allocator (slower loading) */
    CG_KEEP_IGRAPH_HANDLERS = 1u << 1, /**< keep igraph's handlers (its default aborts on errors) */
    CG_KEEP_OMP_THREADS = 1u << 2      /**< let PRPACK use OpenMP's thread count */
};
/** Which process-wide settings the library may change while its calls run (see above); 0, the
 * default, allows all three. Not thread-safe: call it once, before other threads use the library. */
CG_API void cg_set_process_state_policy(unsigned keep);
/** The current policy (CG_KEEP_* bits). */
CG_API unsigned cg_process_state_policy(void);

#ifdef __cplusplus
}
#endif
#endif
