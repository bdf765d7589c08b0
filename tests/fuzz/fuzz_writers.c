/* Fuzz harness: everything written from a loaded dataset -- edges (CSV, JSON, Markdown),
 * centrality, explain, DOT and the HTML page -- through the command-line tool's own code, and the
 * evidence invariants: every score finite and >= 0, every edge traceable to its claims. */
#define _GNU_SOURCE
#include "fuzz.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "claimgraph/claimgraph.h"
#include "../../src/cli/cli.h"

static char path[64];

/* Runs the tool with its standard output and error sent to /dev/null (restored afterwards, so
 * libFuzzer's own messages still show). */
static void run(const char *a0, const char *a1, const char *a2, const char *a3, const char *a4)
{
    char *argv[8] = {"claimgraph", (char *)a0, (char *)a1, (char *)a2, (char *)a3, (char *)a4, NULL, NULL};
    int argc = 2;
    while (argv[argc]) argc++;
    fflush(stdout);
    fflush(stderr);
    int out = dup(1), err = dup(2), null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    int rc = cg_cli_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(out, 1);
    dup2(err, 2);
    close(out);
    close(err);
    close(null);
    CHECK(rc == 0 || rc == 1 || rc == 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) {
        init = 1;
        snprintf(path, sizeof path, "/tmp/cg-fuzz-writers-%d.jsonl", (int)getpid());
    }
    cg_diag *d = cg_diag_new(10);
    cg_dataset *ds = NULL;
    if (cg_dataset_load_buffer(&ds, "fuzz.jsonl", (const char *)data, size, NULL, d) == CG_OK) {
        cg_grading *g = cg_grading_default();
        cg_edgeset *es = NULL;
        CHECK(cg_edges_build(&es, ds, g, NULL, d) == CG_OK);
        for (size_t i = 0; i < cg_edgeset_size(es); i++) {
            const cg_edge *e = cg_edgeset_get(es, i);
            CHECK(isfinite(e->confidence) && e->confidence >= 0 && e->confidence <= 1);
            CHECK(e->n_claims > 0);
            for (size_t k = 0; k < e->n_claims; k++) {
                const cg_claim *c = cg_dataset_claim(ds, e->claims[k]);
                CHECK(c->relation == e->relation);
            }
        }
        cg_edgeset_free(es);
        cg_graph *gr = NULL;
        CHECK(cg_graph_build(&gr, ds, g, NULL, (size & 2) != 0, d) == CG_OK);
        cg_centrality *c = NULL;
        if (cg_centrality_compute(&c, gr, NULL, d) == CG_OK) {
            for (int m = 0; m < CG_M_COUNT; m++)
                for (size_t v = 0; v < c->n; v++) CHECK(isfinite(c->values[m][v]) && c->values[m][v] >= 0);
        }
        cg_centrality_free(c);
        cg_graph_free(gr);
        cg_grading_free(g);
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(data, 1, size, f);
            fclose(f);
            run("edges", "--format", "csv", path, NULL);
            run("edges", "--format", "json", path, NULL);
            run("edges", "--format", "md", path, NULL);
            run("centrality", "--format", (size & 4) ? "md" : "json", path, NULL);
            run("dot", path, NULL, NULL, NULL);
            if (cg_dataset_n_claims(ds)) {
                const cg_claim *c0 = cg_dataset_claim(ds, 0);
                run("explain", path, cg_dataset_entity(ds, c0->subject)->id, cg_dataset_relation(ds, c0->relation)->id,
                    cg_dataset_entity(ds, c0->object)->id);
            }
            unlink(path);
        }
    }
    cg_dataset_free(ds);
    cg_diag_free(d);
    return 0;
}
