/* Internal: the pieces of the robustness analysis that unit tests check on their own (the world
 * stream, ranks and ties, quantiles, Kendall's tau-b, the per-world measure kernels). */
#ifndef CG_ROBUSTNESS_IMPL_H
#define CG_ROBUSTNESS_IMPL_H

#include "claimgraph/robustness.h"
#include "util.h"

/* ---- the world stream (design section 4.5) ---- */

/* The SplitMix64 finaliser. */
uint64_t cg__rob_mix64(uint64_t z);
/* The d uniforms of world w: s = mix64(seed) + (w << 32) * golden; then for each draw
 * s += golden, u = (mix64(s) >> 11) * 2^-53 (so u in [0, 1) with 53 bits). */
void cg__rob_world_uniforms(uint64_t seed, uint64_t w, double *u, size_t d);

/* ---- ranks ---- */

/* Scratch space for cg__rob_rank. */
typedef struct cg__rob_rank_ws {
    struct cg__rob_vi { double v; uint32_t i; } *s;
    size_t cap;
} cg__rob_rank_ws;
void cg__rob_rank_ws_free(cg__rob_rank_ws *ws);

/* Mid-ranks and fractional top-k membership of n values, comparing them as printed
 * (cg_centrality_rank_key; `integer` measures compare exactly): r2[i] = twice the mid-rank
 * (2a + t + 1 for a values above and t tied, itself included), mem[i] = clamp(k - a, 0, t) / t.
 * Either output may be NULL. O(n log n). */
void cg__rob_rank(const double *vals, size_t n, int integer, size_t k, uint32_t *r2, double *mem, cg__rob_rank_ws *ws);

/* Type-1 quantile index (1-based) of probability p among N sorted values: ceil(p N - 1e-9),
 * clamped to 1..N. */
size_t cg__rob_quantile_index(double p, size_t N);
/* Order-statistic 95% interval of the p-quantile of N values: 1-based l <= u with
 * P(l <= B < u) >= 0.95 for B ~ Binomial(N, p); l is the largest index with F(l-1) <= 0.025 and u
 * the smallest with F(u-1) >= 0.975 (F the binomial CDF), clamped to 1..N. */
void cg__rob_order_stat_ci(size_t N, double p, size_t *l, size_t *u);
/* Kendall's tau-b of two rankings given by their keys (larger = better); NAN when a ranking is
 * constant. O(n log n) (Knight 1966). */
double cg__rob_kendall_tau_b(const double *x, const double *y, size_t n);

/* ---- measures on one world ---- */

/* Reusable per-thread buffers. */
typedef struct cg__rob_ws {
    size_t *first;
    uint32_t *adj, *stamp, *vert, *pos, *bin, *deg;
    double *coef, *x, *y, *prev, *outw;
    size_t cap_n, cap_arcs;
} cg__rob_ws;
void cg__rob_ws_free(cg__rob_ws *ws);

/* The measure on the graph of m links pairs[2i] -> pairs[2i+1] over n vertices with weights w
 * (NULL: all 1), exactly as cg_centrality_compute() defines it (README "Centrality") with
 * weighted = (w != NULL). Degree, strength, PageRank and coreness by claimgraph's own kernels
 * (Debian's igraph is not thread-safe), the path measures by the Brandes kernel on one thread,
 * eigenvector centrality by igraph under a lock (its random start perturbation seeded for every
 * world; values below 1e-9, ARPACK's noise outside the dominant component, as 0). Thread-safe. */
/* Around igraph calls whose result depends on igraph's random generator (eigenvector centrality):
 * takes the library's igraph lock and makes a private generator seeded with 1 igraph's default;
 * end restores the caller's generator and releases the lock. */
void cg__rob_igraph_begin(void);
void cg__rob_igraph_end(void);

cg_status cg__rob_measure(cg_measure measure, size_t n, int directed, const cg_idx *pairs, const double *w, size_t m,
                          double *out, cg__rob_ws *ws, cg_diag *diag);

#endif
