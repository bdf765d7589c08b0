/* Fuzz harness: the sheets importer (`claimgraph import sheets`, cg_sheets_import). Input: up to
 * five parts separated by lines "---": sources.csv, entities.csv, relations.csv, claims.csv and
 * one source text (texts/text.txt). The sheets are written to a private folder and imported with the
 * texts folder, in the plain or the spreadsheet dialect (the input's length decides). Invariants:
 * on success there is a result, each record type's JSON Lines end with a newline and hold as many
 * lines as records, and all of them together load as a dataset (the importer's own validation
 * agrees with the loader's); on failure there is no result and at least one error. */
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
#include "claimgraph/sheets.h"

static char dir[64], texts[96];
static const char *const names[] = {"sources.csv", "entities.csv", "relations.csv", "claims.csv"};

static void put(const char *path, const char *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    fwrite(s, 1, n, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "%s", cg_fuzz_dir("sheets"));
        snprintf(texts, sizeof texts, "%s/texts", dir);
        mkdir(texts, 0700);
    }
    /* the parts; a missing sheet is no file at all */
    const char *s = (const char *)data, *end = s + size;
    char paths[4][128];
    const char *argv[4];
    size_t n_paths = 0;
    for (int part = 0; part < 5; part++) {
        const char *sep = s <= end ? memmem(s, (size_t)(end - s), "\n---\n", 5) : NULL;
        const char *stop = sep ? sep + 1 : end;
        char path[128];
        if (part < 4) snprintf(path, sizeof path, "%s/%s", dir, names[part]);
        else snprintf(path, sizeof path, "%s/text.txt", texts);
        unlink(path);
        if (s < end || part == 0) {
            put(path, s, (size_t)(stop - s));
            if (part < 4) {
                memcpy(paths[n_paths], path, sizeof path);
                argv[n_paths] = paths[n_paths];
                n_paths++;
            }
        }
        s = sep ? sep + 5 : end;
        if (!sep) {
            for (int rest = part + 1; rest < 5; rest++) { /* nothing left over from an earlier input */
                if (rest < 4) snprintf(path, sizeof path, "%s/%s", dir, names[rest]);
                else snprintf(path, sizeof path, "%s/text.txt", texts);
                unlink(path);
            }
            break;
        }
    }
    cg_sheets_import_options o;
    cg_sheets_import_options_init(&o);
    o.texts_dir = texts;
    o.dialect = (size & 1) ? CG_CSV_SPREADSHEET : CG_CSV_PLAIN;
    o.threads = 1;
    cg_diag *d = cg_diag_new(20);
    cg_import *im = NULL;
    cg_status rs = cg_sheets_import(&im, argv, n_paths, &o, d);
    if (rs != CG_OK) {
        CHECK(im == NULL);
        CHECK(cg_diag_count(d, CG_SEV_ERROR) > 0);
    } else {
        CHECK(im != NULL);
        char *all = NULL;
        size_t all_len = 0;
        FILE *f = open_memstream(&all, &all_len);
        CHECK(f != NULL);
        for (int k = 0; k < CG_SHEET_COUNT; k++) {
            size_t len = 0, records = 0, lines = 0;
            const char *j = cg_import_jsonl(im, (cg_sheet_kind)k, &len, &records);
            for (size_t i = 0; i < len; i++) lines += j[i] == '\n';
            CHECK(lines == records);
            CHECK(len == 0 || j[len - 1] == '\n');
            fwrite(j, 1, len, f);
        }
        fclose(f);
        cg_diag *d2 = cg_diag_new(20);
        cg_dataset *ds = NULL;
        cg_status ls = cg_dataset_load_buffer(&ds, "imported.jsonl", all, all_len, NULL, d2);
        if (ls != CG_OK) {
            fwrite(all, 1, all_len, stderr);
            for (size_t i = 0; i < cg_diag_size(d2); i++) fprintf(stderr, "%s\n", cg_diag_get(d2, i)->message);
        }
        CHECK(ls == CG_OK);
        cg_dataset_free(ds);
        cg_diag_free(d2);
        free(all);
    }
    cg_import_free(im);
    cg_diag_free(d);
    return 0;
}
