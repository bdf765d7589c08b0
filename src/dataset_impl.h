/* Internal: the dataset's representation, shared by the library's modules. */
#ifndef CG_DATASET_IMPL_H
#define CG_DATASET_IMPL_H

#include "claimgraph/model.h"
#include "util.h"

struct cg_dataset {
    cg__intern *strings;     /* interned strings (the built-in vocabulary) */
    cg__arena *arena;        /* small things made after parsing (resolved cites) */
    cg__arena **arenas;      /* the strings and arrays of the parsed records, one arena per chunk */
    size_t n_arenas;
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
    cg__strmap *source_ids, *relation_ids; /* (entities are found by bisection: in id order) */
    uint64_t *claim_slots;  /* open-addressing index of claim ids (cg__quick_hash): the hash's upper 32
                             * bits above claim index + 1 in the lower 32, 0 = empty; filled in input
                             * order as the loader appends claims */
    size_t claim_cap;       /* a power of two */
};

/* Grade letters: 1..6 -> 'A'..'F'. */
static inline char cg_reliability_letter(cg_grade g) { return g >= 1 && g <= 6 ? (char)('A' + g - 1) : '?'; }

#endif
