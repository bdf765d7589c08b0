/* Fuzz harness: the JSON Lines loader. Invariants: loading never crashes; on success every
 * reference resolves and every claim's confidence is a number in [0, 1]. */
#include "fuzz.h"
#include <stdint.h>
#include <stdlib.h>

#include "claimgraph/claimgraph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cg_diag *d = cg_diag_new(100);
    cg_dataset *ds = NULL;
    cg_load_options o;
    cg_load_options_init(&o);
    o.max_line_bytes = 1 << 16;
    o.threads = 1 + (size & 1); /* both the serial and the parallel path */
    cg_status st = cg_dataset_load_buffer(&ds, "fuzz.jsonl", (const char *)data, size, &o, d);
    if (st == CG_OK) {
        cg_grading *g = cg_grading_default();
        for (size_t i = 0; i < cg_dataset_n_claims(ds); i++) {
            const cg_claim *c = cg_dataset_claim(ds, (cg_idx)i);
            CHECK(c->subject < cg_dataset_n_entities(ds) && c->object < cg_dataset_n_entities(ds));
            CHECK(c->relation < cg_dataset_n_relations(ds) && c->source < cg_dataset_n_sources(ds));
            double x = cg_claim_confidence(ds, g, c);
            CHECK(x >= 0 && x <= 1);
            CHECK(cg_dataset_find_claim(ds, c->id) == (cg_idx)i);
        }
        cg_grading_free(g);
    } else {
        CHECK(cg_diag_count(d, CG_SEV_ERROR) > 0);
    }
    cg_dataset_free(ds);
    cg_diag_free(d);
    return 0;
}
