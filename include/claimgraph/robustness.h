/* claimgraph: rank robustness of centrality -- see README "Robustness".
 *
 * How much does "who is central" depend on which evidence holds and on which source?
 * Possible worlds: each origin group of a link is kept with its confidence g (independently, or
 * with one uniform draw per cites family), so a link is present with exactly its noisy-OR
 * confidence; the measure is computed on every world and each entity's world ranks are summarised
 * (median, central interval, P(top k), mean). Leave-one-unit-out, Shapley attribution of each
 * entity's published value to sources, and greedy breaking sets work on the published measure.
 * Everything is deterministic for a seed, whatever the thread count. */
#ifndef CLAIMGRAPH_ROBUSTNESS_H
#define CLAIMGRAPH_ROBUSTNESS_H

#include "export.h"

#include <stddef.h>
#include <stdint.h>
#include "analysis.h"
#include "evidence.h"
#include "model.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The name of the world stream, printed with every result (design: one SplitMix64 sequence,
 * world w starting at step w * 2^32). */
#define CG_ROBUSTNESS_RNG "splitmix64-worlds-v1"
/** samples = CG_ROBUSTNESS_DEFAULT_SAMPLES: 10 000 worlds, 20 000 for betweenness, closeness and harmonic. */
#define CG_ROBUSTNESS_DEFAULT_SAMPLES ((size_t)-1)
/** The largest exact enumeration (--exact): 2^16 worlds. */
#define CG_ROBUSTNESS_EXACT_MAX 65536u
/** Exact Shapley values up to this many sources; above it, seeded permutation sampling. */
#define CG_ROBUSTNESS_SHAPLEY_EXACT_MAX 16u
/** "No unit" in the index fields below. */
#define CG_ROB_NONE ((size_t)-1)

typedef enum cg_dependence {
    CG_DEPENDENCE_INDEPENDENT, /**< every origin group draws its own uniform */
    CG_DEPENDENCE_SOURCE       /**< one uniform per cites family: a family's claims stand or fall together */
} cg_dependence;

typedef enum cg_leave_out {
    CG_LEAVE_OUT_SOURCE, CG_LEAVE_OUT_FAMILY, CG_LEAVE_OUT_ORIGIN, CG_LEAVE_OUT_ANONYMOUS, CG_LEAVE_OUT_NONE
} cg_leave_out;

typedef enum cg_verdict {
    CG_VERDICT_NONE,       /**< not in the published top k */
    CG_VERDICT_ROBUST,     /**< P(top k) >= 0.9 (when worlds were run) and in the top k without any single unit */
    CG_VERDICT_ONE_UNIT,   /**< drops out of the top k without one unit (critical_unit) */
    CG_VERDICT_UNCERTAIN,  /**< 0.5 <= P(top k) < 0.9 */
    CG_VERDICT_DOUBTFUL    /**< P(top k) < 0.5 */
} cg_verdict;

CG_API const char *cg_dependence_name(cg_dependence d);
CG_API const char *cg_leave_out_name(cg_leave_out l);
/** "robust", "rests_on_one_unit", "uncertain", "doubtful" ("" for CG_VERDICT_NONE). */
CG_API const char *cg_verdict_name(cg_verdict v);
/** The model in one sentence, for every output ("If the grades are right and pieces of evidence
 * fail independently, ..."). */
CG_API const char *cg_robustness_model_sentence(cg_dependence d);

/** Options; initialise with cg_robustness_options_init(). */
#define CG_ROBUSTNESS_OPTIONS_VERSION 1
typedef struct cg_robustness_options {
    unsigned version;            /**< CG_ROBUSTNESS_OPTIONS_VERSION */
    cg_measure measure;          /**< default PageRank */
    size_t samples;              /**< worlds; CG_ROBUSTNESS_DEFAULT_SAMPLES, or 0 for none */
    uint64_t seed;               /**< default 1 */
    size_t top;                  /**< k of P(top k), leave-one-out and breaking sets; default 10 */
    cg_dependence dependence;    /**< default independent */
    int world_weights;           /**< 0 (default): worlds are unweighted; 1: present links keep their confidence */
    double interval;             /**< central interval of world ranks, in (0,1); default 0.90 */
    size_t track;                /**< entities (published top T) whose rank quantiles are kept; default 100 */
    int directed;                /**< directed entity graph */
    int unweighted;              /**< published measure (leave-out, Shapley, breaking sets) unweighted */
    cg_leave_out leave_out;      /**< default per source */
    int shapley;                 /**< Shapley attribution of published values to sources */
    size_t shapley_permutations; /**< above 16 sources; default 2000 */
    int breaking_sets;           /**< greedy breaking sets for the published top k */
    int exact;                   /**< enumerate every world (at most CG_ROBUSTNESS_EXACT_MAX) instead of sampling */
    unsigned threads;            /**< 0 = all cores; results never depend on it */
} cg_robustness_options;
/** Sets the defaults: PageRank, the default number of worlds, seed 1, k = 10, independent,
 * unweighted worlds, interval 0.90, 100 tracked entities, undirected, weighted published measure,
 * leave out each source, no Shapley (2000 permutations when asked), no breaking sets, sampled
 * worlds, all cores. */
CG_API void cg_robustness_options_init(cg_robustness_options *o);

/** The default number of worlds for a measure (10 000; 20 000 for the path measures). */
CG_API size_t cg_robustness_default_samples(cg_measure m);

/** One entity's summary. Ranks are mid-ranks (1 = most central; an entity tied with t others
 * below a entities gets a + (t+1)/2), except published_rank, the row of the published table. */
typedef struct cg_rob_entity {
    cg_idx entity;
    size_t published_rank;     /**< row in the published table (values as printed, ties by id) */
    double published_value;
    double published_midrank;
    int tracked;               /**< rank quantiles below are available */
    double median_rank, rank_lo, rank_hi;   /**< type-1 quantiles of the world ranks; NAN if not tracked */
    double rank_lo_ci[2], rank_hi_ci[2];    /**< order-statistic 95% intervals of the two endpoints */
    int resolved;              /**< both endpoints are known to +-1 rank */
    double p_top_k;            /**< mean fractional top-k membership over worlds; NAN without worlds */
    double mean_rank, mean_value;           /**< NAN without worlds */
    double worst_rank_loo;     /**< highest mid-rank without one unit; NAN without units */
    size_t critical_unit;      /**< unit giving it, if that is worse than the published mid-rank; else CG_ROB_NONE */
    size_t n_drops;
    const size_t *drops;       /**< units whose removal alone puts it below rank k (and lowers it) */
    int robust_top_k;          /**< in the top k with and without any single unit; -1 without units */
    cg_verdict verdict;        /**< for the published top k */
} cg_rob_entity;

typedef struct cg_rob_move {
    cg_idx entity;
    double from, to;           /**< mid-ranks with all claims and without the unit */
} cg_rob_move;

/** One left-out unit (a source, a cites family, an origin, or all anonymous claims). */
typedef struct cg_rob_unit {
    const char *name;          /**< source id; family: its source ids joined by '+'; origin; "anonymous" */
    size_t claims_removed, links_lost, links_weakened;
    size_t n_top;              /**< min(k, entities) */
    const cg_idx *top_k;       /**< the published table's first rows without the unit */
    size_t n_entered, n_left;
    const cg_idx *entered, *left;
    double overlap;            /**< |top k with| intersected with |top k without|, over k */
    double kendall_tau;        /**< tau-b of the two rankings (all entities); NAN if undefined */
    size_t n_moved;
    cg_rob_move moved[3];      /**< largest rank changes, ties by published row */
} cg_rob_unit;

/** A greedy breaking set of one published top-k entity. */
typedef struct cg_rob_breaking {
    cg_idx entity;
    size_t n_units;
    const char *const *units;  /**< names, in the order they were removed */
    double rank_after;         /**< mid-rank without them */
    int breaks;                /**< 1 if it then ranks below k; 0 if no set of units does it */
} cg_rob_breaking;

/** The result. Read-only; every array is owned by it. */
typedef struct cg_robustness {
    cg_robustness_options options;  /**< as run (samples resolved; exact worlds counted in worlds) */
    size_t n;                        /**< entities */
    size_t links, groups, draws;     /**< the entity graph; draws = uniforms per world */
    cg_rob_entity *entities;         /**< indexed by entity */
    const cg_idx *order;             /**< entities in published order */
    /* worlds */
    int have_worlds;
    size_t worlds;                   /**< sampled or enumerated */
    double p_top_k_halfwidth;        /**< Hoeffding + union bound over entities, 95%; 0 for --exact */
    size_t n_unresolved;             /**< tracked entities with an endpoint not resolved to +-1 */
    /* leave one unit out */
    size_t n_units;
    cg_rob_unit *units;
    /* Shapley attribution to sources */
    int have_shapley;
    int shapley_exact;
    size_t n_players;
    const char *const *players;      /**< source ids */
    const double *shapley;           /**< [entity * n_players + player] */
    double shapley_efficiency_error; /**< max over entities |sum - (v(all) - v(none))| */
    /* breaking sets, for the published top k in order */
    size_t n_breaking;
    cg_rob_breaking *breaking;
    /* wall-clock seconds of the phases */
    double seconds_published, seconds_worlds, seconds_leave_out, seconds_shapley, seconds_breaking;
    /* private */
    void *priv_;
} cg_robustness;

/**
 * Runs the analysis on the accepted claims (filter, grading as for centrality).
 * Errors: CG_EINVAL for options that cannot run (nothing to do, k = 0, an interval outside (0,1),
 * --exact with more than CG_ROBUSTNESS_EXACT_MAX worlds, path measures on more than 50 000
 * entities), CG_ENOTFOUND for unknown sources in the filter, CG_EGRAPH from igraph. Messages go to
 * diag. Complexity: worlds x (draws + the measure on one world + n log n), spread over threads;
 * plus (units + 2^sources + k units^2) rebuilds of the entity graph with the published measure.
 * The caller frees the result with cg_robustness_free().
 */
CG_API cg_status cg_robustness_run(cg_robustness **out, const cg_dataset *ds, const cg_grading *g, const cg_filter *f,
                            const cg_robustness_options *o, cg_diag *diag);
CG_API void cg_robustness_free(cg_robustness *r);

/** The summary of one entity (by entity index), or NULL. For the HTML viewer's entity panel:
 * rank_lo / median_rank / rank_hi (if tracked: run with track >= entities to have them for all),
 * p_top_k, and the critical unit's name through cg_robustness_unit_name(). */
CG_API const cg_rob_entity *cg_robustness_entity(const cg_robustness *r, cg_idx entity);
/** The name of unit i, or NULL (for CG_ROB_NONE). */
CG_API const char *cg_robustness_unit_name(const cg_robustness *r, size_t i);

#ifdef __cplusplus
}
#endif
#endif
