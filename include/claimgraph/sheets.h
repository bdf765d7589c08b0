/* claimgraph: spreadsheets in and out, and evidence spans carried over to changed texts.
 * See README "From a spreadsheet" and "Spreadsheets". */
#ifndef CLAIMGRAPH_SHEETS_H
#define CLAIMGRAPH_SHEETS_H

#include "export.h"

#include <stddef.h>
#include <stdio.h>
#include "model.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The record types of the sheet layout, in output order. */
typedef enum cg_sheet_kind {
    CG_SHEET_SOURCES, CG_SHEET_ENTITIES, CG_SHEET_RELATIONS, CG_SHEET_CLAIMS,
    CG_SHEET_COUNT
} cg_sheet_kind;

/** The file name of a sheet ("sources.csv", ...). */
CG_API const char *cg_sheet_file_name(cg_sheet_kind k);

/** CSV dialects. `plain` (RFC 4180) is for machines: cells are written as they are. `spreadsheet`
 * is for files people open in a spreadsheet program: a cell starting with = + - @ TAB or CR gets
 * a leading `'` so it is not run as a formula (and on import such a `'` is removed again). */
typedef enum cg_csv_dialect { CG_CSV_PLAIN, CG_CSV_SPREADSHEET } cg_csv_dialect;
/** Parses "plain" or "spreadsheet"; 0 on success, -1 otherwise. */
CG_API int cg_csv_dialect_parse(const char *name, cg_csv_dialect *out);

/** Import options; initialise with cg_sheets_import_options_init(). */
#define CG_SHEETS_IMPORT_OPTIONS_VERSION 1
typedef struct cg_sheets_import_options {
    unsigned version;          /**< CG_SHEETS_IMPORT_OPTIONS_VERSION */
    const char *texts_dir;     /**< folder of source texts (quotes are located there); NULL = none */
    cg_csv_dialect dialect;    /**< spreadsheet: remove the formula guard `'` on input */
    unsigned threads;          /**< threads for validating the result (0 = all cores) */
} cg_sheets_import_options;
/** Sets the defaults: no texts, plain dialect, all cores. */
CG_API void cg_sheets_import_options_init(cg_sheets_import_options *o);

/** The records made from sheets, as JSON Lines per record type. */
typedef struct cg_import cg_import;

/**
 * Reads CSV sheets (files, or folders whose `*.csv`/`*.tsv` files are read in name order) and
 * makes dataset records: names resolved to entity ids, quotes located in the source texts (found
 * in opts->texts_dir by `text_file` or by content), ids derived for claims without one. The
 * result is validated with the dataset loader. Every problem goes to `diag` as
 * `FILE:ROW:COLUMN: error: ...` (cg_diag_add_cell()); on any error *out is NULL and CG_EDATA (or
 * CG_EIO, CG_EINVAL) is returned. Caller frees *out with cg_import_free().
 * Complexity: O(cells + text bytes + quotes * m log n) with a suffix array per text.
 */
CG_API cg_status cg_sheets_import(cg_import **out, const char *const *paths, size_t n_paths,
                           const cg_sheets_import_options *opts, cg_diag *diag);
CG_API void cg_import_free(cg_import *im);
/** The JSON Lines of one record type (borrowed; `len` bytes, not NUL-terminated) and its record count. */
CG_API const char *cg_import_jsonl(const cg_import *im, cg_sheet_kind k, size_t *len, size_t *records);
/** Writes the records atomically: to `path` as one file (NULL or "-" = standard output), or, when
 * `out_dir` is given, as sources.jsonl, entities.jsonl, relations.jsonl (when there are relations)
 * and claims.jsonl in it. Nothing is replaced unless every file was written completely. */
CG_API cg_status cg_import_write(const cg_import *im, const char *path, const char *out_dir, cg_diag *diag);

/** Writes sources.csv, entities.csv, relations.csv and claims.csv with their headers and example
 * rows, and texts/example.txt, into `dir` (created if missing), atomically per file. */
CG_API cg_status cg_sheets_write_template(const char *dir, cg_diag *diag);

/** Sheet export options; initialise with cg_sheets_export_options_init(). */
#define CG_SHEETS_EXPORT_OPTIONS_VERSION 1
typedef struct cg_sheets_export_options {
    unsigned version;          /**< CG_SHEETS_EXPORT_OPTIONS_VERSION */
    const char *texts_dir;     /**< when set, the `quote` and `text_file` columns are filled */
    cg_csv_dialect dialect;
} cg_sheets_export_options;
/** Sets the defaults: no texts, plain dialect. */
CG_API void cg_sheets_export_options_init(cg_sheets_export_options *o);

/** Writes the dataset as the four sheets into `out_dir` (created if missing); `import sheets` of
 * them gives back the same records. A team output: notes are included. Atomic as a set. */
CG_API cg_status cg_sheets_export(const cg_dataset *ds, const char *out_dir, const cg_sheets_export_options *opts,
                           cg_diag *diag);

/* ---- reanchor ---- */

/** What happened to one evidence span. */
typedef enum cg_reanchor_result {
    CG_RA_UNCHANGED,    /**< the span still verifies at the same offsets */
    CG_RA_MOVED,        /**< the same bytes were found once elsewhere in the new text */
    CG_RA_WHITESPACE,   /**< found again with whitespace or typographic-quote differences */
    CG_RA_CHANGED,      /**< the passage's words changed; rewritten only with accept_changed */
    CG_RA_LOST,         /**< not found again */
    CG_RA_COUNT
} cg_reanchor_result;
CG_API const char *cg_reanchor_result_name(cg_reanchor_result r);

/** Reanchor options; initialise with cg_reanchor_options_init(). */
#define CG_REANCHOR_OPTIONS_VERSION 1
typedef struct cg_reanchor_options {
    unsigned version;             /**< CG_REANCHOR_OPTIONS_VERSION */
    const char *texts_dir;        /**< the new texts (required) */
    const char *old_texts_dir;    /**< the texts the spans were made on (found by text_sha256), or NULL */
    const char *const *map_source;/**< --map SOURCE=FILE: source ids ... */
    const char *const *map_file;  /**< ... and the file (path) of each one's new text */
    size_t n_map;
    int accept_changed;           /**< rewrite spans whose passage's words changed */
    double min_similarity;        /**< a file is "close" to an old text at this Jaccard similarity of word 4-grams (default 0.5) */
} cg_reanchor_options;
/** Sets the defaults: min_similarity 0.5, nothing else. */
CG_API void cg_reanchor_options_init(cg_reanchor_options *o);

typedef struct cg_reanchor cg_reanchor;

/** Finds every span of `ds` again in the new texts (see README "reanchor"). Returns CG_OK when it
 * ran (the report says what was found); usage or I/O problems are errors in diag. */
CG_API cg_status cg_reanchor_run(cg_reanchor **out, const cg_dataset *ds, const cg_reanchor_options *opts, cg_diag *diag);
CG_API void cg_reanchor_free(cg_reanchor *ra);
/** Counts per result; spans_to_fix = spans that still do not verify after the rewrite (lost, or
 * changed without accept_changed). */
CG_API void cg_reanchor_counts(const cg_reanchor *ra, size_t counts[CG_RA_COUNT], size_t *spans_to_fix);
/** Writes the per-span report (Markdown for people). */
CG_API cg_status cg_reanchor_write_report(const cg_reanchor *ra, FILE *f);
/** 1 when some record must be rewritten. */
CG_API int cg_reanchor_has_changes(const cg_reanchor *ra);
/** Writes the dataset with the rewritten spans and text hashes: to `path` (all input files in
 * order, one stream), or, with in_place, over each input file. Only changed lines change; every
 * other byte is kept. Atomic: nothing is replaced unless every file was written. */
CG_API cg_status cg_reanchor_write(const cg_reanchor *ra, const char *path, int in_place, cg_diag *diag);

#ifdef __cplusplus
}
#endif
#endif
