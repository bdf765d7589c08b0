/* Fuzz harness: the exports and the FtM import. Any bytes as a dataset: when it loads, all four
 * exports are written (GEXF, GraphML, FtM, Neo4j into a private folder), with and without
 * refute-only edges; the same bytes as FtM entities through the import, whose output must load
 * (the import checks that itself: a failure without an input location would be a bug). */
#define _GNU_SOURCE
#include "fuzz.h"
#include "fuzz_dir.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimgraph/claimgraph.h"

static char dir[64], ftm_path[96], out_dir[96];

static void export_all(const cg_dataset *ds, const cg_edgeset *es, int show_denials)
{
    cg_export_options o;
    cg_export_options_init(&o);
    o.show_denials = show_denials;
    o.uniform_direction = !show_denials;
    for (int f = 0; f < CG_EXPORT_COUNT; f++) {
        cg_diag *d = cg_diag_new(10);
        if (cg_export_format_is_dir((cg_export_format)f)) {
            /* the second time, it replaces the first */
            CHECK(cg_export_to_dir(out_dir, (cg_export_format)f, ds, es, &o, d) == CG_OK);
        } else {
            char *buf = NULL;
            size_t len = 0;
            FILE *m = open_memstream(&buf, &len);
            CHECK(m != NULL);
            CHECK(cg_export(m, (cg_export_format)f, ds, es, &o, d) == CG_OK);
            fclose(m);
            CHECK(len > 0 || f == CG_EXPORT_FTM); /* FtM of an empty dataset is empty */
            free(buf);
        }
        cg_diag_free(d);
    }
}

/* Removes the Neo4j folder written by export_all(). */
static void remove_out_dir(void)
{
    DIR *dh = opendir(out_dir);
    if (!dh) return;
    struct dirent *e;
    char p[512];
    while ((e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.') continue;
        snprintf(p, sizeof p, "%s/%s", out_dir, e->d_name);
        unlink(p);
    }
    closedir(dh);
    rmdir(out_dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) {
        init = 1;
        snprintf(dir, sizeof dir, "%s", cg_fuzz_dir("interop"));
        snprintf(ftm_path, sizeof ftm_path, "%s/in.ftm.json", dir);
        snprintf(out_dir, sizeof out_dir, "%s/neo4j", dir);
    }
    cg_diag *d = cg_diag_new(10);
    cg_dataset *ds = NULL;
    if (cg_dataset_load_buffer(&ds, "fuzz.jsonl", (const char *)data, size, NULL, d) == CG_OK) {
        cg_grading *g = cg_grading_default();
        cg_edgeset *es = NULL;
        CHECK(cg_edges_build(&es, ds, g, NULL, d) == CG_OK);
        export_all(ds, es, 0);
        export_all(ds, es, 1);
        cg_edgeset_free(es);
        cg_grading_free(g);
        remove_out_dir();
    }
    cg_dataset_free(ds);
    cg_diag_free(d);

    /* the same bytes as FtM input */
    FILE *f = fopen(ftm_path, "wb");
    if (f) {
        fwrite(data, 1, size, f);
        fclose(f);
        const char *paths[] = {ftm_path};
        d = cg_diag_new(10);
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        CHECK(m != NULL);
        cg_ftm_import_report rep;
        cg_status st = cg_import_ftm(m, paths, 1, &rep, d);
        fclose(m);
        if (st == CG_OK) {
            cg_dataset *back = NULL;
            cg_diag *d2 = cg_diag_new(10);
            CHECK(cg_dataset_load_buffer(&back, "import.jsonl", buf ? buf : "", len, NULL, d2) == CG_OK);
            CHECK(cg_dataset_n_entities(back) == rep.entities && cg_dataset_n_claims(back) == rep.claims);
            cg_dataset_free(back);
            cg_diag_free(d2);
        } else {
            /* every failure points at the input */
            CHECK(cg_diag_count(d, CG_SEV_ERROR) > 0);
            for (size_t i = 0; i < cg_diag_size(d); i++)
                if (cg_diag_get(d, i)->severity == CG_SEV_ERROR) CHECK(cg_diag_get(d, i)->file != NULL);
        }
        free(buf);
        cg_diag_free(d);
        unlink(ftm_path);
    }
    return 0;
}
