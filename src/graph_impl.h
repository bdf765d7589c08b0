/* Internal: the entity-graph builder with its origin groups, and the path-measure kernel, for
 * the robustness analysis (robustness.c). */
#ifndef CG_GRAPH_IMPL_H
#define CG_GRAPH_IMPL_H

#include "claimgraph/analysis.h"
#include "util.h"

/* One origin group of a link of the entity graph (README "Centrality"). */
typedef struct cg__link_group {
    uint32_t link;        /* index of its link in the graph */
    cg_idx first_claim;   /* its smallest claim index */
    cg_idx rep_family;    /* the smallest cites family (cg_cites_families()) among its claims' sources */
    double confidence;    /* g: its best claim's confidence */
} cg__link_group;
typedef CG_VEC(cg__link_group) cg__group_list;

/* cg_graph_build() with two extras: claims i with drop[i] != 0 are left out as if a filter had
 * removed them (drop may be NULL; cites families stay those of the whole dataset), and, when
 * `groups` is not NULL, the origin groups of every link kept are appended to it, link by link
 * (in link order), each link's groups ordered by their first claim. */
cg_status cg__graph_build_ex(cg_graph **out, const cg_dataset *ds, const cg_grading *g, const cg_filter *f,
                             int directed, const unsigned char *drop, cg__group_list *groups, cg_diag *diag);

/* brandes.c: betweenness, closeness and harmonic centrality (any of the outputs may be NULL). */
cg_status cg__path_measures(const cg_graph *gr, int weighted, unsigned threads, size_t samples, uint64_t seed,
                            int progress, double *betw, double *clos, double *harm, size_t *used_samples,
                            cg_diag *diag);

#endif
