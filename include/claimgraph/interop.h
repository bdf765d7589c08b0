/* claimgraph: exports for the tools newsrooms use (Gephi's GEXF, GraphML, FollowTheMoney/Aleph,
 * Neo4j) and the import of FollowTheMoney entities -- see README "Export and import". */
#ifndef CLAIMGRAPH_INTEROP_H
#define CLAIMGRAPH_INTEROP_H

#include "export.h"

#include <stddef.h>
#include <stdio.h>
#include "analysis.h"
#include "evidence.h"
#include "model.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cg_export_format {
    CG_EXPORT_GEXF,     /**< GEXF 1.3 (Gephi, Gephi Lite): one file */
    CG_EXPORT_GRAPHML,  /**< GraphML with typed keys (NetworkX, igraph, Gephi, yEd): one file */
    CG_EXPORT_FTM,      /**< FollowTheMoney 3.x entities, JSON lines (Aleph, OpenAleph): one file */
    CG_EXPORT_NEO4J,    /**< CSV files for neo4j-admin and a LOAD CSV script: a folder */
    CG_EXPORT_COUNT
} cg_export_format;

/** "gexf", "graphml", "ftm", "neo4j". */
CG_API const char *cg_export_format_name(cg_export_format f);
/** Parses a format name; returns 0 and sets *out, or -1 if unknown. */
CG_API int cg_export_format_parse(const char *name, cg_export_format *out);
/** 1 if the format writes a folder of files (cg_export_to_dir()), 0 if one stream (cg_export()). */
CG_API int cg_export_format_is_dir(cg_export_format f);

/** Export options; initialise with cg_export_options_init(). */
typedef struct cg_export_options {
    unsigned version;                 /**< CG_EXPORT_OPTIONS_VERSION */
    int show_denials;                 /**< also export refute-only edges (no supporting claim), marked
                                           refute_only; without it they are left out */
    int uniform_direction;            /**< GEXF, GraphML: every edge directed (subject -> object; an
                                           undirected relation once, smaller id first) with an attribute
                                           directed=false, for parsers that lose per-edge direction */
    const cg_centrality *centrality;  /**< may be NULL; else one node attribute per measure it holds
                                           (GEXF, GraphML, Neo4j), vertex i = entity i */
} cg_export_options;
#define CG_EXPORT_OPTIONS_VERSION 1u
CG_API void cg_export_options_init(cg_export_options *o);

/**
 * Writes the edges of `es` (built from `ds` with the caller's grading and filters) in a one-file
 * format to `out`. Every entity of the dataset is a node (isolated ones included); an edge with
 * no supporting claim is written only with show_denials. Claim and source `notes` are never
 * written; `caveat`s are. The output depends only on the inputs (byte for byte).
 * Returns CG_EINVAL for a folder format, CG_EIO on a write error.
 */
CG_API cg_status cg_export(FILE *out, cg_export_format f, const cg_dataset *ds, const cg_edgeset *es,
                    const cg_export_options *o, cg_diag *diag);

/**
 * Writes a folder format (Neo4j) into the folder `dir` (created if missing; other files in it are
 * left alone). Every file is written to a temporary file next to its target and the files are
 * renamed into place only when all were written, so a failure leaves the folder as it was. Same
 * content rules as cg_export(). Returns CG_EINVAL for a one-stream format, CG_EIO on a write
 * error.
 */
CG_API cg_status cg_export_to_dir(const char *dir, cg_export_format f, const cg_dataset *ds, const cg_edgeset *es,
                           const cg_export_options *o, cg_diag *diag);

/** The FtM id of a claimgraph record: "cg-" + kind letter ('e' entity, 's' source, 'c' claim,
 * 'n' note, 'd' documentation) + "-" + the id with a reversible escape (letters and digits kept;
 * `-` `_` `.` `:` as `-h` `-u` `-d` `-c`), so the id is valid for FtM (no `_`, no `.`, which Aleph
 * would take for a signature). Above 200 characters: "cg-" kind "--x" + SHA-1 of the id (hex; "-x" is no escape,
 * so it never collides with an escaped id).
 * `id2` (may be NULL) is appended after "--" (Documentation: source, then entity). Caller frees. */
CG_API char *cg_ftm_id(char kind, const char *id, const char *id2);
/** Reverses cg_ftm_id() for one id: returns the claimgraph id (caller frees) and sets *kind, or
 * NULL if `ftm_id` is not an escaped claimgraph id (hashed ids cannot be reversed). */
CG_API char *cg_ftm_id_decode(const char *ftm_id, char *kind);

/** What cg_import_ftm() did. */
typedef struct cg_ftm_import_report {
    size_t lines;             /**< FtM entities read */
    size_t entities;          /**< claimgraph entities written */
    size_t sources;           /**< sources written (documents, plus one per input file) */
    size_t claims;            /**< claims written */
    size_t relations;         /**< relations declared */
    size_t documentation;     /**< Documentation entities read (they document, they make no claim) */
    size_t unmapped;          /**< FtM entities not turned into anything (each reported in diag) */
    size_t skipped_links;     /**< link values that made no claim (self links, missing endpoints) */
} cg_ftm_import_report;

/**
 * Reads FollowTheMoney entities (JSON lines, one entity per line; unknown top-level keys are
 * ignored; a nested entity as a property value counts as a reference to it) from `paths` and
 * writes a claimgraph dataset (JSON lines) to `out`: things become entities (kind from the
 * schema), link entities become claims (relation from the schema; subject = the schema's edge
 * source), Documents become sources, every claim of one input file gets that file's collection
 * source and one `origin` (a collection is one witness). What cannot be mapped is counted in
 * `rep` and reported in `diag` as a warning with file:line. Syntax errors are reported as
 * file:line:col errors and nothing is written. The output is checked with the loader before it
 * is written. `rep` may be NULL.
 */
CG_API cg_status cg_import_ftm(FILE *out, const char *const *paths, size_t n_paths, cg_ftm_import_report *rep,
                        cg_diag *diag);

#ifdef __cplusplus
}
#endif
#endif
