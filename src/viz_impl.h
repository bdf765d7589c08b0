/* Internal: views and styles shared by view.c, dot.c and html.c. */
#ifndef CG_VIZ_IMPL_H
#define CG_VIZ_IMPL_H

#include "claimgraph/viz.h"
#include "util.h"

struct cg_view {
    const cg_dataset *ds;
    const cg_grading *grading;
    cg_grading *own_grading; /* the default table, when the options gave none */
    cg_edgeset *es;
    size_t *edges;          /* indices into es, ascending */
    size_t n_edges;
    cg_idx *nodes;          /* entity indices, ascending */
    size_t n_nodes;
    unsigned char *in_view; /* per entity */
    cg_centrality *cent;    /* on the filtered entity graph; path measures only when small */
    int size_by;
    int legend;
    char *title;
    char *note;             /* what was left out, or NULL */
    char *description;      /* the view in words, for the HTML page */
};

/* Attribute list: key/value pairs in file order. */
typedef struct cg_attrs {
    size_t n;
    char **keys, **vals;
} cg_attrs;

struct cg_style {
    cg_attrs graph, node, edge, legend;
    cg_attrs kinds[CG_EK_COUNT];
    char *color, *low_color, *disputed_color, *refuted_only_color;
    char *corroborated_style, *single_origin_style, *low_confidence_style, *refuted_only_style;
    double low_confidence, high_confidence, min_penwidth, max_penwidth;
    double min_fontsize, max_fontsize;
    size_t engine_threshold;
};

/* The DOT/SVG id of an entity or edge: "n-" / "e-" + an injective encoding of the ids. */
char *cg__node_id(const char *entity_id);
char *cg__edge_id(const char *s, const char *r, const char *o);
/* Distinct sources of the claims of e with a given status (ascending = sorted by id), written
 * as "id, id, ..." into b; returns how many. */
size_t cg__edge_sources_with_status(cg__buf *b, const cg_dataset *ds, const cg_edge *e, cg_claim_status st);
/* The confidence band of an edge: "high", "medium" or "low" (style thresholds). */
const char *cg__band(const cg_style *st, double confidence);

#endif
