/* claimgraph: evidence arithmetic (grading, independence, edges) -- see README "Evidence arithmetic". */
#ifndef CLAIMGRAPH_EVIDENCE_H
#define CLAIMGRAPH_EVIDENCE_H

#include "export.h"

#include <stddef.h>
#include "model.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A grading table: probability for each reliability (A..F) x credibility (1..6). */
typedef struct cg_grading cg_grading;

/** The documented default table (README): p = r(reliability) x c(credibility). Caller frees. */
CG_API cg_grading *cg_grading_default(void);
/** Loads a table from JSON `{"A":[p1..p6], ..., "F":[p1..p6]}` (all six rows, numbers in 0..1).
 * Problems go to diag as file:line:col. */
CG_API cg_status cg_grading_load(cg_grading **out, const char *path, cg_diag *diag);
CG_API void cg_grading_free(cg_grading *g);
/** Table value for reliability 1..6 (A..F) and credibility 1..6. */
CG_API double cg_grading_value(const cg_grading *g, cg_grade reliability, cg_grade credibility);
/** A claim's confidence: its explicit `confidence`, else the table value of its effective
 * reliability (claim, else source, else F) and credibility. */
CG_API double cg_claim_confidence(const cg_dataset *ds, const cg_grading *g, const cg_claim *c);

/** Which claims take part (all conditions must hold). Zero-initialised (`cg_filter f = {0};`), it
 * lets every claim through; fields are only ever added at the end, with zero meaning "no
 * condition". */
typedef struct cg_filter {
    double min_confidence;                 /**< drop edges/links below this confidence (0 = keep all) */
    const char *const *exclude_sources;    /**< source ids whose claims are ignored */
    size_t n_exclude_sources;
    const char *const *only_sources;       /**< if any: only claims of these sources */
    size_t n_only_sources;
    const cg_source_kind *source_kinds;    /**< if any: only claims whose source has one of these kinds */
    size_t n_source_kinds;
    unsigned status_mask;                  /**< bit (1u << status) per accepted status; 0 = all */
    const char *as_of;                     /**< if set (a valid date, partial allowed): only claims
                                                in force then, see cg_claim_in_force() */
    const char *since;                     /**< if set (a valid date): only claims whose source was
                                                published then or later, see cg_claim_published_since() */
} cg_filter;
/** The empty filter (every claim), for `cg_filter f = CG_FILTER_INIT;`. */
#define CG_FILTER_INIT {0}

/** Checks that the ids a filter names exist (CG_ENOTFOUND) and that its dates are valid
 * (CG_EINVAL); errors to diag. */
CG_API cg_status cg_filter_check(const cg_filter *f, const cg_dataset *ds, cg_diag *diag);
/** 1 if claim i passes the claim-level conditions of the filter. */
CG_API int cg_filter_accepts(const cg_filter *f, const cg_dataset *ds, cg_idx claim);

/** 1 if claim c is in force at some time in the period `date` names (a valid date, partial
 * allowed: "2011" is the whole year). A claim is in force from the first day of the period of its
 * valid_from, else of its source's published date (neither: from always), to the last day of the
 * period of its valid_to (none: still in force). So a claim with valid_from "2011" counts as of
 * 2011-01-01, one with valid_to "2011-05" until 2011-05-31, and an undated claim always. O(1). */
CG_API int cg_claim_in_force(const cg_dataset *ds, const cg_claim *c, const char *date);
/** 1 if the source of claim c may have been published on or after the first day of the period
 * `date` names (the last day of its published period is not before it); 0 when the source has no
 * published date. O(1). */
CG_API int cg_claim_published_since(const cg_dataset *ds, const cg_claim *c, const char *date);

/** An origin group: claims that are one piece of evidence (same explicit origin, same source, or
 * sources connected through `cites`). */
typedef struct cg_group {
    size_t n_claims;
    const cg_idx *claims;   /**< claim indices, ascending */
    double confidence;      /**< the maximum claim confidence in the group */
    cg_idx best;            /**< the claim that gives it (lowest index among ties) */
} cg_group;

/** An edge: all accepted claims with the same (subject, relation, object); for an undirected
 * relation subject and object are ordered by entity id. */
typedef struct cg_edge {
    cg_idx subject, relation, object;
    int directed;
    double confidence;          /**< 1 - prod(1 - g) over supporting groups; 0 if none */
    double refute_confidence;   /**< the same over refuting groups */
    int disputed;               /**< at least one refuting claim */
    cg_claim_status status;     /**< strongest status among supporting claims (refuting if none) */
    int all_anonymous;          /**< every supporting claim has an anonymous voice */
    size_t n_claims;
    const cg_idx *claims;       /**< all its claims, ascending (input order) */
    size_t n_groups;
    const cg_group *groups;     /**< supporting origin groups, ordered by their first claim */
    size_t n_refute_groups;
    const cg_group *refute_groups;
    size_t n_sources;
    const cg_idx *sources;      /**< distinct sources of all its claims, sorted by id */
    size_t n_support_sources;
    const cg_idx *support_sources; /**< distinct sources of its supporting claims, sorted by id */
    size_t n_refute_sources;
    const cg_idx *refute_sources;  /**< distinct sources of its refuting claims, sorted by id */
    int refute_only;            /**< no supporting claim: not a link (never drawn or walked as one) */
} cg_edge;

typedef struct cg_edgeset cg_edgeset;

/**
 * Aggregates the accepted claims into edges, sorted by (subject id, relation id, object id).
 * Edges whose confidence is below filter->min_confidence are left out (edges with only refuting
 * claims have confidence 0 and are kept only when min_confidence is 0).
 * Complexity: O(C log C) for C claims.
 */
CG_API cg_status cg_edges_build(cg_edgeset **out, const cg_dataset *ds, const cg_grading *g, const cg_filter *f,
                         cg_diag *diag);
CG_API void cg_edgeset_free(cg_edgeset *es);
CG_API size_t cg_edgeset_size(const cg_edgeset *es);
CG_API const cg_edge *cg_edgeset_get(const cg_edgeset *es, size_t i);
/** The edge of (subject, relation, object) ids, or NULL (undirected relations: either order). */
CG_API const cg_edge *cg_edgeset_find(const cg_edgeset *es, const cg_dataset *ds, const char *subject,
                               const char *relation, const char *object);
/** The confidence of claim i as used for this edge set. */
CG_API double cg_edgeset_claim_confidence(const cg_edgeset *es, cg_idx claim);

/** Noisy-OR: 1 - prod(1 - p[i]). */
CG_API double cg_noisy_or(const double *p, size_t n);

/** Identifier of the `cites` family of each source (sources connected through `cites` in either
 * direction, transitively, share it). Array of cg_dataset_n_sources() entries, caller frees. */
CG_API cg_idx *cg_cites_families(const cg_dataset *ds);
/** Shortest `cites` chain between two sources (either direction), as source indices from `a` to
 * `b` inclusive; returns the length (0 if none). *path is caller-owned (free()).
 * O(sources + cites) per call; for many chains use a cg_cites_index. */
CG_API size_t cg_cites_chain(const cg_dataset *ds, cg_idx a, cg_idx b, cg_idx **path);

/** Why two claims of one group are one piece of evidence. */
typedef enum cg_merge_reason { CG_MERGE_SAME_SOURCE, CG_MERGE_SAME_ORIGIN, CG_MERGE_CITES } cg_merge_reason;
typedef struct cg_merge {
    cg_idx a, b;               /**< the two claims joined (a joins the group through b) */
    cg_merge_reason reason;
} cg_merge;
/** The joins that formed the groups of claims[0..n) (a spanning forest, deterministic).
 * Returns the number of joins (at most n-1); *out is caller-owned (free()). Builds a
 * cg_cites_index each call (O(sources + cites + n log n)); for many calls use one index. */
CG_API size_t cg_group_merges(const cg_dataset *ds, const cg_idx *claims, size_t n, cg_merge **out);

/** The `cites` graph indexed once for many queries (explain and the audit ask for a chain per
 * join): O(sources + cites) to build. Not for use from two threads at once (chain queries keep
 * their search). Caller frees with cg_cites_index_free(). */
typedef struct cg_cites_index cg_cites_index;
CG_API cg_status cg_cites_index_new(cg_cites_index **out, const cg_dataset *ds);
CG_API void cg_cites_index_free(cg_cites_index *ix);
/** As cg_cites_chain(): a shortest chain from `a` to `b` by a breadth-first search from `a`
 * (neighbours in ascending order). Successive calls with the same `a` resume one search, so all
 * chains from one source cost O(size of its cites family) together. */
CG_API size_t cg_cites_index_chain(cg_cites_index *ix, cg_idx a, cg_idx b, cg_idx **path);
/** 1 if source `u` lists source `w` in its `cites` (O(log of u's cites)). */
CG_API int cg_cites_index_cites(const cg_cites_index *ix, cg_idx u, cg_idx w);
/** A chain as words, "tip is cited by koha cites x": the source ids and, between two, who cites
 * whom. With ends > 0 a chain of more than 2*ends + 1 sources shows its first and last `ends`
 * and "... (N more sources) ..." between. Caller frees. */
CG_API char *cg_cites_index_chain_text(const cg_cites_index *ix, const cg_idx *path, size_t len, size_t ends);
/** As cg_group_merges(), with the index's families: O(n log n). */
CG_API size_t cg_cites_index_group_merges(const cg_cites_index *ix, const cg_idx *claims, size_t n,
                                          cg_merge **out);

/** Rank used for "strongest status": convicted > acquitted > charged > official_finding >
 * reported > alleged > denied. */
CG_API int cg_status_rank(cg_claim_status s);

#ifdef __cplusplus
}
#endif
#endif
