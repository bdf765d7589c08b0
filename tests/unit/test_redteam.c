/* Unit tests: the red team's findings in the library (../shared/reviews/redteam.md, issue 15).
 * S2: betweenness where the numbers of shortest paths leave the range of a double (both sides of
 * the boundary, exact values), and a measure with a value that is not finite is left out loudly.
 * M6: eigenvector centrality that does not converge is left out, not the whole computation, and
 * within a bounded time. M12: errors and warnings capped apart. m8: no negative zero. M2: chains
 * from an index, the same as one at a time. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "claimgraph/claimgraph.h"
#include "helpers.h"
#include "util.h"

/* L layers of 2 entities, each linked to both entities of the next layer: 2^(L-1) shortest paths
 * from one end to the other. */
static cg_dataset *layered(int layers, int width)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_adds(&b, "{\"type\":\"source\",\"id\":\"s\",\"title\":\"t\",\"kind\":\"news\"}\n");
    for (int i = 0; i < layers; i++)
        for (int k = 0; k < width; k++)
            cg__buf_printf(&b, "{\"type\":\"entity\",\"id\":\"v%d_%d\",\"name\":\"V\",\"kind\":\"person\"}\n", i, k);
    int c = 0;
    for (int i = 0; i + 1 < layers; i++)
        for (int k = 0; k < width; k++)
            for (int l = 0; l < width; l++)
                cg__buf_printf(&b, "{\"type\":\"claim\",\"id\":\"c%d\",\"subject\":\"v%d_%d\",\"relation\":\"associate_of\","
                                  "\"object\":\"v%d_%d\",\"source\":\"s\",\"confidence\":0.5}\n", c++, i, k, i + 1, l);
    cg_dataset *ds = test_load_text(b.s);
    cg__buf_free(&b);
    return ds;
}

/* The exact betweenness of a vertex of layer i of layered(L, 2): pairs on either side (half of
 * their paths each), and the two pairs of the neighbouring layers (their 2 or 4 paths of length 2). */
static double layered_betweenness(int L, int i)
{
    double b = 2.0 * i * (L - 1 - i);
    if (i + 1 <= L - 1) b += 1.0 / (i + 2 <= L - 1 ? 4 : 2);
    if (i - 1 >= 0) b += 1.0 / (i - 2 >= 0 ? 4 : 2);
    return b;
}

static cg_centrality *measures(const cg_dataset *ds, unsigned which, int weighted, int igraph_paths, cg_diag *d)
{
    cg_graph *gr = NULL;
    assert_int_equal(cg_graph_build(&gr, ds, NULL, NULL, 0, d), CG_OK);
    cg_centrality_options o;
    cg_centrality_options_init(&o);
    o.measures = which;
    o.weighted = weighted;
    o.igraph_paths = igraph_paths;
    o.threads = 2;
    cg_centrality *c = NULL;
    assert_int_equal(cg_centrality_compute(&c, gr, &o, d), CG_OK);
    cg_graph_free(gr);
    return c;
}

static void test_betweenness_past_double_range(void **state)
{
    (void)state;
    /* 2^999 paths end to end (in range) and 2^1099 (beyond a double's 2^1024) */
    const int sizes[2] = {1000, 1100};
    for (int t = 0; t < 2; t++) {
        int L = sizes[t];
        cg_dataset *ds = layered(L, 2);
        for (int weighted = 0; weighted < 2; weighted++) {
            cg_diag *d = cg_diag_new(100);
            cg_centrality *c = measures(ds, 1u << CG_M_BETWEENNESS, weighted, 0, d);
            assert_int_equal(c->failed, 0);
            const double *v = c->values[CG_M_BETWEENNESS];
            assert_non_null(v);
            for (int i = 0; i < L; i++)
                for (int k = 0; k < 2; k++) {
                    char id[32];
                    snprintf(id, sizeof id, "v%d_%d", i, k);
                    double want = layered_betweenness(L, i), got = v[cg_dataset_find_entity(ds, id)];
                    assert_true(isfinite(got));
                    assert_near(got, want, 1e-9 * (want + 1));
                }
            cg_centrality_free(c);
            cg_diag_free(d);
        }
        cg_dataset_free(ds);
    }
}

static void test_non_finite_left_out(void **state)
{
    (void)state;
    /* igraph's own betweenness counts paths in doubles: past 2^1024 it gives NaN, and the measure
     * must be left out with a warning, never printed as a number */
    cg_dataset *ds = layered(1100, 2);
    cg_diag *d = cg_diag_new(100);
    cg_centrality *c = measures(ds, (1u << CG_M_BETWEENNESS) | (1u << CG_M_DEGREE), 0, 1, d);
    assert_null(c->values[CG_M_BETWEENNESS]);
    assert_true(c->failed & (1u << CG_M_BETWEENNESS));
    assert_non_null(c->values[CG_M_DEGREE]);
    assert_int_equal(cg_diag_count(d, CG_SEV_WARNING), 1);
    assert_non_null(strstr(cg_diag_get(d, 0)->message, "betweenness centrality could not be computed"));
    cg_centrality_free(c);
    cg_diag_free(d);
    cg_dataset_free(ds);
    char buf[CG_CENTRALITY_FMT_MAX];
    assert_string_equal(cg_centrality_format(NAN, buf), "nan");
    assert_string_equal(cg_centrality_format(INFINITY, buf), "inf");
    assert_true(cg_centrality_rank_key(NAN) == -INFINITY);
}

/* A chain of n entities (ring when closing the loop). */
static cg_dataset *chain(int n, int ring)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_adds(&b, "{\"type\":\"source\",\"id\":\"s\",\"title\":\"t\",\"kind\":\"news\"}\n");
    for (int i = 0; i < n; i++)
        cg__buf_printf(&b, "{\"type\":\"entity\",\"id\":\"e%d\",\"name\":\"E\",\"kind\":\"person\"}\n", i);
    for (int i = 0; i + 1 < n + ring; i++)
        cg__buf_printf(&b, "{\"type\":\"claim\",\"id\":\"c%d\",\"subject\":\"e%d\",\"relation\":\"associate_of\","
                          "\"object\":\"e%d\",\"source\":\"s\"}\n", i, i, (i + 1) % n);
    cg_dataset *ds = test_load_text(b.s);
    cg__buf_free(&b);
    return ds;
}

static double cpu_seconds(void) { return (double)clock() / CLOCKS_PER_SEC; }

static void test_eigenvector_not_converging(void **state)
{
    (void)state;
    cg_dataset *ds = chain(3000, 0);
    cg_diag *d = cg_diag_new(100);
    cg_centrality *c = measures(ds, CG_MEASURES_ALL, 1, 0, d);
    assert_null(c->values[CG_M_EIGENVECTOR]);
    assert_int_equal(c->failed, 1u << CG_M_EIGENVECTOR);
    for (int m = 0; m < CG_M_COUNT; m++)
        if (m != CG_M_EIGENVECTOR) assert_non_null(c->values[m]);
    assert_int_equal(cg_diag_count(d, CG_SEV_WARNING), 1);
    assert_non_null(strstr(cg_diag_get(d, 0)->message, "eigenvector centrality could not be computed"));
    cg_centrality_free(c);
    cg_diag_free(d);
    cg_dataset_free(ds);
    /* the failure comes within a bounded amount of work: a ring of 20 000 took 19 s to fail */
    ds = chain(20000, 1);
    d = cg_diag_new(100);
    double t0 = cpu_seconds();
    c = measures(ds, 1u << CG_M_EIGENVECTOR, 1, 0, d);
    double took = cpu_seconds() - t0;
    assert_true(c->failed == (1u << CG_M_EIGENVECTOR) || c->values[CG_M_EIGENVECTOR]);
    if (took > 15) fail_msg("eigenvector centrality on a ring of 20000 took %.1f s of CPU", took);
    cg_centrality_free(c);
    cg_diag_free(d);
    cg_dataset_free(ds);
}

static void test_view_computes_only_what_it_draws(void **state)
{
    (void)state;
    cg_dataset *ds = chain(3000, 0);
    cg_view_options o;
    cg_view_options_init(&o);
    o.panel_measures = 0; /* DOT and images */
    cg_diag *d = cg_diag_new(100);
    cg_view *v = NULL;
    assert_int_equal(cg_view_build(&v, ds, &o, d), CG_OK);
    assert_int_equal(cg_diag_count(d, CG_SEV_WARNING), 0);
    cg_view_free(v);
    /* the viewer's panels want every measure: eigenvector is left out with a warning, the view stands */
    cg_view_options_init(&o);
    o.focus = "e10";
    o.depth = 2;
    assert_int_equal(cg_view_build(&v, ds, &o, d), CG_OK);
    assert_int_equal(cg_diag_count(d, CG_SEV_WARNING), 1);
    cg_view_free(v);
    cg_diag_free(d);
    cg_dataset_free(ds);
}

static void test_diag_caps_apart(void **state)
{
    (void)state;
    cg_diag *d = cg_diag_new(100);
    for (int i = 0; i < 150; i++) cg_diag_add(d, CG_SEV_WARNING, "f", (unsigned long)i + 1, 1, "warning %d", i);
    cg_diag_add(d, CG_SEV_ERROR, "f", 200, 1, "the error");
    assert_int_equal(cg_diag_count(d, CG_SEV_WARNING), 150);
    assert_int_equal(cg_diag_count(d, CG_SEV_ERROR), 1);
    assert_int_equal(cg_diag_size(d), 101);
    assert_string_equal(cg_diag_get(d, 100)->message, "the error");
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    cg_diag_print(d, f, "p");
    fclose(f);
    assert_non_null(strstr(out, "f:200:1: error: the error\n"));
    assert_non_null(strstr(out, "p: 50 more warning(s) or note(s) not shown (1 error(s) in all)\n"));
    free(out);
    cg_diag_free(d);
}

static void test_diag_print_escapes(void **state)
{
    (void)state;
    cg_diag *d = cg_diag_new(10);
    cg_diag_add(d, CG_SEV_ERROR, "a\x1b[2J.jsonl", 1, 2, "value \"\x1b]0;x\x07\r\x1b[2Kok\xc2\x9b\" line\nbreak");
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    cg_diag_print(d, f, "p");
    fclose(f);
    assert_string_equal(out, "a\\x1B[2J.jsonl:1:2: error: value \"\\x1B]0;x\\x07\\r\\x1B[2Kok\\u009B\" line\\nbreak\n");
    free(out);
    cg_diag_free(d);
}

static void test_negative_zero_confidence(void **state)
{
    (void)state;
    cg_dataset *ds = test_load_text(
        "{\"type\":\"source\",\"id\":\"s\",\"title\":\"t\",\"kind\":\"news\"}\n"
        "{\"type\":\"entity\",\"id\":\"a\",\"name\":\"A\",\"kind\":\"person\"}\n"
        "{\"type\":\"entity\",\"id\":\"b\",\"name\":\"B\",\"kind\":\"person\"}\n"
        "{\"type\":\"claim\",\"id\":\"c\",\"subject\":\"a\",\"relation\":\"funds\",\"object\":\"b\",\"source\":\"s\","
        "\"confidence\":-0.0}\n");
    double x = cg_claim_confidence(ds, NULL, cg_dataset_claim(ds, 0));
    assert_true(x == 0 && !signbit(x));
    char buf[32];
    snprintf(buf, sizeof buf, "%.2f", x);
    assert_string_equal(buf, "0.00");
    cg_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_betweenness_past_double_range),
        cmocka_unit_test(test_non_finite_left_out),
        cmocka_unit_test(test_eigenvector_not_converging),
        cmocka_unit_test(test_view_computes_only_what_it_draws),
        cmocka_unit_test(test_diag_caps_apart),
        cmocka_unit_test(test_diag_print_escapes),
        cmocka_unit_test(test_negative_zero_confidence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
