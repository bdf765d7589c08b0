/* Fuzz harness: the audit's span checker. Input: a dataset, a line "---", then a text. The text is
 * written to a private folder; sources whose text_sha256 does not match it are compared with it as
 * the closest file, so arbitrary spans are checked against it. All three reports are written. */
#define _GNU_SOURCE
#include "fuzz.h"
#include "fuzz_dir.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimgraph/claimgraph.h"

static char dir[64], file[96];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "%s", cg_fuzz_dir("audit"));
        snprintf(file, sizeof file, "%s/text.txt", dir);
    }
    const char *sep = memmem(data, size, "\n---\n", 5);
    size_t dlen = sep ? (size_t)(sep - (const char *)data) + 1 : size;
    const char *text = sep ? sep + 5 : "";
    size_t tlen = sep ? size - dlen - 4 : 0;
    FILE *f = fopen(file, "wb");
    if (!f) return 0;
    fwrite(text, 1, tlen, f);
    fclose(f);
    cg_diag *d = cg_diag_new(10);
    cg_dataset *ds = NULL;
    if (cg_dataset_load_buffer(&ds, "fuzz.jsonl", (const char *)data, dlen, NULL, d) == CG_OK) {
        cg_audit_options o;
        cg_audit_options_init(&o);
        o.texts_dir = dir;
        o.allow_unsourced = (int)(size & 1);
        cg_audit *a = NULL;
        if (cg_audit_run(&a, ds, &o, d) == CG_OK) {
            FILE *null = fopen("/dev/null", "w");
            CHECK(cg_audit_write(a, null, CG_AUDIT_MD) == CG_OK);
            CHECK(cg_audit_write(a, null, CG_AUDIT_JSON) == CG_OK);
            CHECK(cg_audit_write(a, null, CG_AUDIT_HTML) == CG_OK);
            fclose(null);
            const cg_audit_counts *c = cg_audit_get_counts(a);
            CHECK(c->spans_verified + c->spans_failed + c->spans_unchecked == c->spans);
        }
        cg_audit_free(a);
    }
    cg_dataset_free(ds);
    cg_diag_free(d);
    return 0;
}
