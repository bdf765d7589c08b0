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

#endif
