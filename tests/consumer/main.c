/* A program that uses libclaimgraph as an installed package, the way a consumer does: it lists
 * the edges of a dataset with their confidence, then the PageRank of every entity. Optional
 * arguments are NULL throughout (no diag, default grading, no filter, default options).
 * Built by tests/consumer/run.sh with find_package(claimgraph) and with pkg-config. */
#include <claimgraph/claimgraph.h>
#include <stdio.h>

#if !CG_VERSION_CHECK(0, 1, 0)
#error "claimgraph 0.1.0 or later is needed"
#endif

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: consumer DATASET\n");
        return 2;
    }
    const char *path = argv[1];
    cg_dataset *ds = NULL;
    cg_edgeset *es = NULL;
    cg_graph *gr = NULL;
    cg_centrality *c = NULL;
    cg_centrality_options co;
    cg_centrality_options_init(&co);
    co.measures = 1u << CG_M_PAGERANK;
    int rc = 1;
    if (cg_version_number() != CG_VERSION_NUMBER) {
        fprintf(stderr, "consumer: headers %s, library %s\n", CG_VERSION_STRING, cg_version());
        return 1;
    }
    if (cg_dataset_load(&ds, &path, 1, NULL, NULL) != CG_OK || cg_edges_build(&es, ds, NULL, NULL, NULL) != CG_OK ||
        cg_graph_build(&gr, ds, NULL, NULL, 0, NULL) != CG_OK || cg_centrality_compute(&c, gr, &co, NULL) != CG_OK)
        goto out;
    for (size_t i = 0; i < cg_edgeset_size(es); i++) {
        const cg_edge *e = cg_edgeset_get(es, i);
        printf("edge %s %s %s %.6f\n", cg_dataset_entity(ds, e->subject)->id, cg_dataset_relation(ds, e->relation)->id,
               cg_dataset_entity(ds, e->object)->id, e->confidence);
    }
    for (size_t v = 0; v < c->n; v++) /* vertex v is entity v */
        printf("pagerank %s %.12g\n", cg_dataset_entity(ds, (cg_idx)v)->id, c->values[CG_M_PAGERANK][v]);
    rc = 0;
out:
    cg_centrality_free(c);
    cg_graph_free(gr);
    cg_edgeset_free(es);
    cg_dataset_free(ds);
    return rc;
}
