/* claimgraph: the entity graph and its centrality measures -- see README "Centrality". */
#ifndef CLAIMGRAPH_ANALYSIS_H
#define CLAIMGRAPH_ANALYSIS_H

#include "export.h"

#include <stddef.h>
#include <stdint.h>
#include "evidence.h"
#include "model.h"
#include "status.h"
#include "blocks.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A link of the entity graph: all accepted supporting claims between two entities, whatever
 * the relation, grouped into origin groups like an edge. Undirected graphs have a < b. */
typedef struct cg_link {
    cg_idx a, b;
    double confidence;   /**< noisy-OR over origin groups */
    size_t n_claims;
    size_t n_groups;
} cg_link;

/** The entity graph: one vertex per entity (vertex i = entity i), one link per pair. */
typedef struct cg_graph cg_graph;

/**
 * Builds the entity graph from the accepted supporting claims (refuting claims make no link).
 * Undirected (directed = 0): one link per unordered pair. Directed: one link per ordered pair
 * (subject -> object); a claim of an undirected relation counts in both directions.
 * Links of confidence 0 or below filter->min_confidence are left out.
 * Links are sorted by (a, b). Complexity O(C log C).
 */
CG_API cg_status cg_graph_build(cg_graph **out, const cg_dataset *ds, const cg_grading *g, const cg_filter *f,
                         int directed, cg_diag *diag);
CG_API void cg_graph_free(cg_graph *gr);
CG_API size_t cg_graph_n_vertices(const cg_graph *gr);
CG_API size_t cg_graph_n_links(const cg_graph *gr);
CG_API const cg_link *cg_graph_link(const cg_graph *gr, size_t i);
CG_API int cg_graph_directed(const cg_graph *gr);
/** Distance of a link for weighted path measures: -ln(min(confidence, 0.999)). */
CG_API double cg_link_distance(double confidence);

typedef enum cg_measure {
    CG_M_DEGREE, CG_M_STRENGTH, CG_M_BETWEENNESS, CG_M_CLOSENESS, CG_M_HARMONIC, CG_M_EIGENVECTOR,
    CG_M_PAGERANK, CG_M_CORENESS,
    CG_M_COUNT
} cg_measure;
#define CG_MEASURES_ALL ((1u << CG_M_COUNT) - 1)

CG_API const char *cg_measure_name(cg_measure m);
CG_API int cg_measure_parse(const char *name, cg_measure *out);

/** Options; initialise with cg_centrality_options_init().
 *
 * Betweenness, closeness and harmonic come from one shortest-path search per source vertex
 * (Brandes 2001), run on `threads` threads by claimgraph's own kernel; the results are
 * bit-identical for every thread count (1 included). `igraph_paths` computes the exact values with
 * igraph's own functions instead (on one thread; for cross-checking). Above `sample_above`
 * vertices, or when `samples` or `epsilon` is set, they are estimated from a seeded uniform sample
 * of K source vertices (Brandes & Pich 2007): betweenness and harmonic are scaled by n/K, closeness
 * is the ratio of the sampled reach to the sampled distance sum. With `epsilon` and `delta`,
 * K = ceil(ln(2n/delta) / (2 epsilon^2)): then, by Hoeffding's inequality and a union bound over
 * the n vertices, with probability at least 1 - delta every vertex's estimated betweenness is
 * within epsilon * n(n-2)/2 of the exact value (epsilon * n(n-2) for directed graphs). */
/** A progress callback: fn(done, total, ud) is called from the computing threads, one call at a
 * time, with `done` growing to `total` (the library never prints progress itself). */
typedef struct cg_progress {
    void (*fn)(size_t done, size_t total, void *ud);
    void *ud;
} cg_progress;

#define CG_CENTRALITY_OPTIONS_VERSION 1
typedef struct cg_centrality_options {
    unsigned version;       /**< CG_CENTRALITY_OPTIONS_VERSION */
    unsigned measures;      /**< bit (1u << measure); default all */
    int weighted;           /**< 1 (default): confidence weights / -ln(confidence) distances */
    int normalized;         /**< divide betweenness by (n-1)(n-2)/2 (undirected) or (n-1)(n-2) */
    unsigned threads;       /**< threads for path measures (0 = all cores); results do not depend on it */
    size_t samples;         /**< >0: estimate path measures from this many sampled sources */
    double epsilon, delta;  /**< epsilon > 0: choose the sample size from this error bound */
    size_t sample_above;    /**< sample automatically above this many vertices (0 = never) */
    size_t default_samples; /**< the sample size used then */
    uint64_t seed;          /**< for sampling */
    cg_progress progress;   /**< called as the path measures advance (fn NULL: never) */
    int igraph_paths;       /**< exact path measures from igraph_betweenness/closeness/harmonic_centrality
                                 (ignores threads; not with sampling) */
    const cg_block_executor *executor; /**< NULL (default), or spreads the blocks of sources of the path
                                            measures over processes (claimgraph/blocks.h); results do not depend on it */
} cg_centrality_options;
/** Sets the defaults: all measures, weighted, not normalised, all cores, exact up to 50 000
 * vertices then 1000 sampled sources, epsilon 0 and delta 0.1, seed 1, no progress callback. */
CG_API void cg_centrality_options_init(cg_centrality_options *o);

/** The sample size for an error bound (see cg_centrality_options): ceil(ln(2n/delta)/(2 eps^2)). */
CG_API size_t cg_samples_for_bound(size_t n, double epsilon, double delta);

/** Centrality values per vertex. */
typedef struct cg_centrality {
    size_t n;
    double *values[CG_M_COUNT];   /**< NULL for measures not computed */
    int estimated;                /**< path measures were estimated from `samples` sampled sources */
    size_t samples;
    double seconds[CG_M_COUNT];   /**< wall-clock time spent on each measure (path measures computed
                                       together share their time, reported on betweenness) */
    unsigned failed;              /**< bit (1u << measure): requested but left out (values NULL), a
                                       warning in diag says why */
} cg_centrality;

/** Computes the requested measures (see README for the conventions). Every value is a finite
 * number: a measure that cannot be computed (eigenvector centrality that does not converge within
 * its budget of ARPACK restarts, a value that is not finite) is left out (values NULL, its bit in
 * `failed`) with a warning in diag, and the call still succeeds. Other igraph errors are mapped to
 * CG_EGRAPH with a message in diag. Caller frees with cg_centrality_free(). */
CG_API cg_status cg_centrality_compute(cg_centrality **out, const cg_graph *gr, const cg_centrality_options *o,
                                cg_diag *diag);
CG_API void cg_centrality_free(cg_centrality *c);

/** Writes v as the CSV and JSON writers print a centrality value: fixed-point, trailing zeros
 * removed, 10 decimals for |v| >= 1 and 10 significant digits below 1 (at most 30 decimals), so
 * small values such as the PageRank of a vertex in a large graph keep their precision. Values of
 * magnitude 1e15 and above use %.17g. buf must hold CG_CENTRALITY_FMT_MAX bytes. Returns buf. */
#define CG_CENTRALITY_FMT_MAX 64
CG_API char *cg_centrality_format(double v, char *buf);

/** The key by which rankings compare centrality values: v rounded as cg_centrality_format prints
 * it. Values that differ only in their last bits (which can change with the thread count or the
 * order of floating-point sums) rank as ties, and ties are broken by id, so a ranking is the one a
 * reader sees in the printed table. */
CG_API double cg_centrality_rank_key(double v);

#ifdef __cplusplus
}
#endif
#endif
