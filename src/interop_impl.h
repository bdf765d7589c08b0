/* Internal helpers shared by the exporters (export_*.c) and the FtM import. */
#ifndef CG_INTEROP_IMPL_H
#define CG_INTEROP_IMPL_H

#include <stdio.h>
#include "claimgraph/escape.h"
#include "claimgraph/interop.h"
#include "util.h"

/* One exported edge, with what every format writes about it. */
typedef struct cg__xedge {
    const cg_edge *e;
    int refute_only;                 /* no supporting claim */
    size_t n_supporting, n_refuting; /* claims */
    cg_idx *supporting, *refuting;   /* claim indices, input order */
    size_t n_sup_sources, n_ref_sources;
    const cg_idx *sup_sources, *ref_sources; /* borrowed from the edge: source indices (= id order) */
    size_t n_caveats;
    char **caveats;                  /* "claim ID: text" (claim order), then "source ID: text" */
    const char *valid_from, *valid_to; /* partial dates bounding the edge, NULL when open */
} cg__xedge;

typedef struct cg__xgraph {
    const cg_dataset *ds;
    const cg_edgeset *es;
    size_t n;
    cg__xedge *edges;                 /* the exported edges, in edge-set order */
} cg__xgraph;

/* The edges of `es` that the options export (refute-only ones only with show_denials). */
void cg__xgraph_init(cg__xgraph *x, const cg_dataset *ds, const cg_edgeset *es, const cg_export_options *o);
void cg__xgraph_free(cg__xgraph *x);

/* A partial date widened to a full one: as a start (YYYY -> YYYY-01-01, YYYY-MM -> YYYY-MM-01)
 * or as an end (YYYY -> YYYY-12-31, YYYY-MM -> last day). out must hold 11 bytes. Returns 0 if
 * the result is not a valid xsd:date (year 0000). */
int cg__date_widen(const char *partial, int end, char out[11]);

/* Words for a probability, after the scale of US ICD 203 (almost no chance .. almost certain). */
const char *cg__confidence_words(double p);
/* "A".."F" for a grade 1..6, "?" otherwise. */
const char *cg__grade_letter(cg_grade g);

/* The attributes of an exported edge that GEXF and GraphML both carry, in the order both write
 * (and declare) them, given to the format's writers: a text value, a list of ids (claims or
 * sources), a list of free texts. `with_weight` adds "weight" (the confidence) before
 * "confidence" (GraphML's weight key; GEXF has a weight attribute on the edge instead). */
typedef struct cg__edge_sink {
    void (*value)(void *ctx, const char *name, const char *value);
    void (*ids)(void *ctx, const char *name, const char *const *ids, size_t n);
    void (*texts)(void *ctx, const char *name, const char *const *items, size_t n);
} cg__edge_sink;
void cg__edge_values(const cg_dataset *ds, const cg__xedge *xe, int with_weight, const cg__edge_sink *s, void *ctx);

/* Neo4j relationship type of a relation id: upper case, characters other than A-Z 0-9 _ as _. */
char *cg__neo4j_type(const char *relation_id);

/* Writes esc(s) to f. */
void cg__put_esc(FILE *f, char *(*esc)(const char *), const char *s);

/* Exporters (one stream each; neo4j writes a folder). */
cg_status cg__export_gexf(FILE *f, const cg__xgraph *x, const cg_export_options *o);
cg_status cg__export_graphml(FILE *f, const cg__xgraph *x, const cg_export_options *o);
cg_status cg__export_ftm(FILE *f, const cg__xgraph *x, const cg_export_options *o, cg_diag *diag);
cg_status cg__export_neo4j(const char *dir, const cg__xgraph *x, const cg_export_options *o, cg_diag *diag);

#endif
