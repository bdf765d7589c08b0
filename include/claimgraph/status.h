/* claimgraph: status codes and diagnostics. */
#ifndef CLAIMGRAPH_STATUS_H
#define CLAIMGRAPH_STATUS_H

#include "export.h"

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Status returned by every fallible claimgraph function. */
typedef enum cg_status {
    CG_OK = 0,       /**< success */
    CG_EDATA,        /**< the input data is invalid (details in the cg_diag) */
    CG_EIO,          /**< a file could not be read or written */
    CG_ENOMEM,       /**< out of memory */
    CG_EINVAL,       /**< invalid argument or option (usage error) */
    CG_ENOTFOUND,    /**< a named entity, relation, source or passage does not exist */
    CG_EAMBIGUOUS,   /**< a passage or name matches more than once */
    CG_ELIMIT,       /**< a configured limit (line length, node count, time) was exceeded */
    CG_EGRAPH,       /**< an igraph computation failed */
    CG_ECHILD        /**< a child process (Graphviz) failed */
} cg_status;

/** A static, human-readable description of a status code. Never NULL. */
CG_API const char *cg_strerror(cg_status st);

typedef enum cg_severity { CG_SEV_NOTE, CG_SEV_WARNING, CG_SEV_ERROR } cg_severity;

/** One diagnostic message pointing into the input. Borrowed from its cg_diag. */
typedef struct cg_diag_entry {
    cg_severity severity;
    const char *file;   /**< input file name ("-" or "<stdin>" for standard input); may be NULL */
    unsigned long line; /**< 1-based line, 0 when not applicable */
    unsigned long col;  /**< 1-based column in characters (UTF-8 code points), 0 when not applicable */
    const char *message;
    const char *column; /**< name of a spreadsheet column (then printed in place of `col`), or NULL */
} cg_diag_entry;

/** A collector of diagnostics (errors and warnings), like a compiler's. */
typedef struct cg_diag cg_diag;

/** Creates a collector that keeps at most `max_kept` errors and `max_kept` other messages
 * (0 = 100 each; capped apart, so warnings never hide an error) and counts the rest. */
CG_API cg_diag *cg_diag_new(size_t max_kept);
/** Frees the collector and all its messages; NULL is a no-op. */
CG_API void cg_diag_free(cg_diag *d);
/** Adds a message (printf format). `file` is copied. Thread-compatible, not thread-safe. */
CG_API void cg_diag_add(cg_diag *d, cg_severity sev, const char *file, unsigned long line,
                 unsigned long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/** Adds a message about a spreadsheet cell, printed as `FILE:ROW:COLUMN: error: MESSAGE` where
 * COLUMN is the column's header name (`column`, copied; NULL or "" = no column). */
CG_API void cg_diag_add_cell(cg_diag *d, cg_severity sev, const char *file, unsigned long row,
                      const char *column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/** Number of messages of a severity added so far (including those beyond the cap). */
CG_API size_t cg_diag_count(const cg_diag *d, cg_severity sev);
/** Number of kept entries; entries are kept in the order they were added. */
CG_API size_t cg_diag_size(const cg_diag *d);
/** The i-th kept entry (borrowed), or NULL if out of range. */
CG_API const cg_diag_entry *cg_diag_get(const cg_diag *d, size_t i);
/**
 * Prints the kept entries as `FILE:LINE:COL: error: MESSAGE` lines, then a line counting
 * the messages beyond the cap, if any. `prog` (may be NULL) prefixes entries without a file.
 */
CG_API void cg_diag_print(const cg_diag *d, FILE *out, const char *prog);

#ifdef __cplusplus
}
#endif
#endif
