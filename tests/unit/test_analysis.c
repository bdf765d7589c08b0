/* Unit tests: centrality known answers from published values (Zachary's karate club, Padgett's
 * Florentine families; datasets/reference/) and igraph error handling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "claimgraph/claimgraph.h"

#ifndef CG_SOURCE_DIR
#error "CG_SOURCE_DIR must be defined"
#endif

static cg_centrality *compute(const char *file, int weighted, cg_dataset **ds_out)
{
    const char *path = CG_SOURCE_DIR "/datasets/reference/";
    char full[1024];
    snprintf(full, sizeof full, "%s%s", path, file);
    const char *paths[] = {full};
    cg_diag *d = cg_diag_new(100);
    cg_dataset *ds = NULL;
    assert_int_equal(cg_dataset_load(&ds, paths, 1, NULL, d), CG_OK);
    cg_grading *g = cg_grading_default();
    cg_graph *gr = NULL;
    assert_int_equal(cg_graph_build(&gr, ds, g, NULL, 0, d), CG_OK);
    cg_centrality_options o = CG_CENTRALITY_OPTIONS_INIT;
    o.weighted = weighted;
    cg_centrality *c = NULL;
    assert_int_equal(cg_centrality_compute(&c, gr, &o, d), CG_OK);
    cg_graph_free(gr);
    cg_grading_free(g);
    cg_diag_free(d);
    *ds_out = ds;
    return c;
}

static double val(const cg_centrality *c, const cg_dataset *ds, cg_measure m, const char *id)
{
    cg_idx i = cg_dataset_find_entity(ds, id);
    assert_true(i != CG_NONE);
    return c->values[m][i];
}

static void test_karate(void **state)
{
    (void)state;
    cg_dataset *ds;
    cg_centrality *c = compute("karate.jsonl", 0, &ds);
    assert_true(fabs(val(c, ds, CG_M_BETWEENNESS, "v01") - 231.0714) < 1e-4);
    assert_true(fabs(val(c, ds, CG_M_BETWEENNESS, "v34") - 160.5516) < 1e-4);
    assert_int_equal((int)val(c, ds, CG_M_DEGREE, "v34"), 17);
    assert_int_equal((int)val(c, ds, CG_M_CORENESS, "v01"), 4);
    double sum = 0;
    for (size_t i = 0; i < c->n; i++) sum += c->values[CG_M_PAGERANK][i];
    assert_true(fabs(sum - 1.0) < 1e-9);
    cg_centrality_free(c);
    /* all links have the same confidence: weighted betweenness equals the unweighted one */
    cg_dataset_free(ds);
    c = compute("karate.jsonl", 1, &ds);
    assert_true(fabs(val(c, ds, CG_M_BETWEENNESS, "v01") - 231.0714) < 1e-4);
    cg_centrality_free(c);
    cg_dataset_free(ds);
}

static void test_florentine(void **state)
{
    (void)state;
    cg_dataset *ds;
    cg_centrality *c = compute("florentine.jsonl", 0, &ds);
    assert_true(fabs(val(c, ds, CG_M_BETWEENNESS, "medici") - 47.5) < 1e-9);
    assert_true(fabs(val(c, ds, CG_M_CLOSENESS, "medici") - 0.56) < 1e-9);
    assert_true(fabs(val(c, ds, CG_M_PAGERANK, "medici") - 0.145817) < 1e-6);
    /* eigenvector is scaled to max 1; the published value is unit-norm */
    double norm = 0;
    for (size_t i = 0; i < c->n; i++) norm += c->values[CG_M_EIGENVECTOR][i] * c->values[CG_M_EIGENVECTOR][i];
    assert_true(fabs(val(c, ds, CG_M_EIGENVECTOR, "medici") / sqrt(norm) - 0.430308) < 1e-5);
    assert_true(fabs(val(c, ds, CG_M_EIGENVECTOR, "medici") - 1.0) < 1e-9);
    cg_centrality_free(c);
    cg_dataset_free(ds);
}

static void test_empty_and_isolated(void **state)
{
    (void)state;
    const char *text = "{\"type\":\"entity\",\"id\":\"a\",\"name\":\"A\",\"kind\":\"person\"}\n"
                       "{\"type\":\"entity\",\"id\":\"b\",\"name\":\"B\",\"kind\":\"person\"}\n";
    cg_diag *d = cg_diag_new(10);
    cg_dataset *ds = NULL;
    assert_int_equal(cg_dataset_load_buffer(&ds, "t", text, strlen(text), NULL, d), CG_OK);
    cg_grading *g = cg_grading_default();
    cg_graph *gr = NULL;
    assert_int_equal(cg_graph_build(&gr, ds, g, NULL, 0, d), CG_OK);
    cg_centrality *c = NULL;
    assert_int_equal(cg_centrality_compute(&c, gr, NULL, d), CG_OK);
    for (int m = 0; m < CG_M_COUNT; m++) {
        assert_non_null(c->values[m]);
        for (size_t i = 0; i < 2; i++) assert_true(isfinite(c->values[m][i]) && c->values[m][i] >= 0);
    }
    assert_true(c->values[CG_M_CLOSENESS][0] == 0); /* isolated: 0, not NaN */
    cg_centrality_free(c);
    cg_graph_free(gr);
    cg_grading_free(g);
    cg_diag_free(d);
    cg_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_karate),
        cmocka_unit_test(test_florentine),
        cmocka_unit_test(test_empty_and_isolated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
