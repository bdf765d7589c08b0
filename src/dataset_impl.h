/* Internal: the dataset's representation, shared by the library's modules. */
#ifndef CG_DATASET_IMPL_H
#define CG_DATASET_IMPL_H

#include "claimgraph/model.h"
#include "util.h"

struct cg_dataset {
    cg_intern *strings;     /* interned strings: ids, names, voices, origins */
    cg_arena *arena;        /* everything else the records point to */
    char **files;
    size_t n_files;
    cg_source *sources;
    size_t n_sources;
    cg_entity *entities;
    size_t n_entities;
    cg_relation *relations;
    size_t n_relations;
    cg_claim *claims;
    size_t n_claims;
    cg_strmap *source_ids, *entity_ids, *relation_ids, *claim_ids;
};

/* Grade letters: 1..6 -> 'A'..'F'. */
static inline char cg_reliability_letter(cg_grade g) { return g >= 1 && g <= 6 ? (char)('A' + g - 1) : '?'; }

#endif
