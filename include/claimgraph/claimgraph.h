/* claimgraph: umbrella header.
 *
 * libclaimgraph turns sourced, attributed claims into a graph of actors and organizations,
 * computes centrality, and writes Graphviz diagrams in which every edge carries its sources
 * and its confidence. Conventions: every fallible function returns a cg_status and takes its
 * result through a first `**out` parameter owned by the caller; `_free(NULL)` is a no-op;
 * getters borrow; diagnostics go to a cg_diag. */
#ifndef CLAIMGRAPH_H
#define CLAIMGRAPH_H

#include "status.h"
#include "model.h"
#include "output.h"
#include "text.h"
#include "evidence.h"
#include "analysis.h"
#include "escape.h"
#include "audit.h"
#include "viz.h"
#include "interop.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Monotonic clock in seconds (for timings). */
double cg_now_seconds(void);

/** Writes x in fixed-point notation with at most `decimals` decimals, trailing zeros (and a
 * trailing point) removed, never "-0"; returns buf. The number format of every table. */
char *cg_format_decimal(double x, int decimals, char *buf, size_t size);

/** The library version, e.g. "0.1.0". */
const char *cg_version(void);

/** The candidate closest to `s` by edit distance, if close enough to be a likely typo; else
 * NULL. Used for "did you mean" suggestions. Borrowed from `cands`. */
const char *cg_suggest(const char *s, const char *const *cands, size_t n);

#ifdef __cplusplus
}
#endif
#endif
