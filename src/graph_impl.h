/* Internal: the entity graph's helpers shared by graph.c, brandes.c, view.c, robustness.c and the
 * tests. */
#ifndef CG_GRAPH_IMPL_H
#define CG_GRAPH_IMPL_H

#include "claimgraph/analysis.h"
#include "util.h"

/* The entity graph (graph.c builds it; centrality.c and brandes.c read it). */
struct cg_graph {
    size_t n;
    int directed;
    cg_link *links;
    size_t n_links;
};

/** Builds an entity graph directly from `m` links (pairs[2i], pairs[2i+1], confidence conf[i] in
 * (0,1], or 1 for all when conf is NULL) over `n` vertices, for tests and benchmarks. Pairs must be
 * distinct and not self-loops (for an undirected graph, unordered pairs must be distinct). */
cg_status cg__graph_from_links(cg_graph **out, size_t n, const cg_idx *pairs, const double *conf, size_t m,
                              int directed, cg_diag *diag);

/* One origin group of a link of the entity graph (README "Centrality"), for the robustness
 * analysis (robustness.c). */
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

/* While the library's igraph calls run: igraph errors are returned (never abort the process),
 * warnings are dropped; the previous handlers are restored by cg__igraph_leave(). Honours the
 * process-state policy (CG_KEEP_IGRAPH_HANDLERS). The last error message is per thread. */
#include <igraph.h>
typedef struct cg__igraph_state {
    int handlers;
    igraph_error_handler_t *err;
    igraph_warning_handler_t *warn;
    int omp_prev;
} cg__igraph_state;
void cg__igraph_enter(cg__igraph_state *s);
void cg__igraph_leave(cg__igraph_state *s);

/* The path measures (betweenness, closeness, harmonic) of claimgraph's parallel Brandes kernel
 * (brandes.c), called by cg_centrality_compute (graph.c). Values are written to betw, clos, harm
 * (each may be NULL); *used_samples receives the number of sampled sources (0 = exact). */
cg_status cg__path_measures(const cg_graph *gr, int weighted, unsigned threads, size_t samples, uint64_t seed,
                            const cg_progress *progress, double *betw, double *clos, double *harm,
                            size_t *used_samples, cg_diag *diag);

#endif
