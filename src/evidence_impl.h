/* Internal: origin grouping shared by edges (evidence.c) and entity links (graph.c). */
#ifndef CG_EVIDENCE_IMPL_H
#define CG_EVIDENCE_IMPL_H

#include "claimgraph/evidence.h"
#include "util.h"

/* Reusable scratch space for cg__group(). */
typedef struct cg_group_scratch {
    uint32_t *parent, *order, *label;
    size_t cap;
} cg_group_scratch;

void cg__group_scratch_free(cg_group_scratch *s);

/* Partitions claims cl[0..n) into origin groups. gid[i] receives the group of cl[i], numbered
 * 0.. in order of each group's first claim in cl (cl must be ascending). `fam` is the cites
 * family per source. If merges is not NULL, the joins are appended to it (see cg_group_merges).
 * Returns the number of groups. O(n log n). */
typedef CG_VEC(cg_merge) cg_merge_vec;
size_t cg__group(const cg_dataset *ds, const cg_idx *fam, const cg_idx *cl, size_t n, uint32_t *gid,
                 cg_group_scratch *s, cg_merge_vec *merges);

/* The evidence arithmetic of README "Evidence arithmetic", the one place it is implemented (edges,
 * entity-graph links and explain all come from here): claims cl[0..n) (ascending indices) are
 * partitioned into origin groups (cg__group); each group counts once, with the highest
 * confidence of its claims (conf[claim]); the result is the noisy-OR 1 - prod(1 - g) over the
 * groups (cg_noisy_or). With `groups`, the groups are also built into `arena` (their claims, the
 * group's confidence and the claim that gives it) and *n_groups set. Returns 0 for no claims. */
typedef struct cg__combine_scratch {
    cg_group_scratch group;
    uint32_t *gid;
    double *gmax;
    size_t cap;
} cg__combine_scratch;
double cg__combine(const cg_dataset *ds, const cg_idx *fam, const double *conf, const cg_idx *cl, size_t n,
                   cg__combine_scratch *s, cg__arena *arena, const cg_group **groups, size_t *n_groups);
void cg__combine_scratch_free(cg__combine_scratch *s);

#endif
