/* Fuzz harness: locating a passage. Input: the passage, a NUL byte, then the text. Invariant: a
 * found span lies inside the text, on character boundaries, and hashes to its sha256. */
#include "fuzz.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claimgraph/claimgraph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *sep = memchr(data, 0, size);
    if (!sep) return 0;
    size_t plen = (size_t)(sep - data);
    const char *text = (const char *)sep + 1;
    size_t tlen = size - plen - 1;
    char *passage = malloc(plen + 1);
    memcpy(passage, data, plen);
    passage[plen] = '\0';
    cg_locate_result r;
    size_t occ = size % 3;
    cg_status st = cg_locate(text, tlen, passage, plen, occ, &r);
    if (st == CG_OK) {
        CHECK(r.span.start < r.span.end && r.span.end <= tlen);
        uint8_t h[32];
        cg_sha256(text + r.span.start, (size_t)(r.span.end - r.span.start), h);
        CHECK(memcmp(h, r.span.sha256, 32) == 0);
        CHECK(r.occurrences >= 1);
    }
    free(passage);
    return 0;
}
