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
#include "helpers.h"
#include "graph_impl.h"

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
    cg_centrality_options o;
    cg_centrality_options_init(&o);
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
    assert_near(val(c, ds, CG_M_BETWEENNESS, "v01"), 231.0714, 1e-4);
    assert_near(val(c, ds, CG_M_BETWEENNESS, "v34"), 160.5516, 1e-4);
    assert_int_equal((int)val(c, ds, CG_M_DEGREE, "v34"), 17);
    assert_int_equal((int)val(c, ds, CG_M_CORENESS, "v01"), 4);
    double sum = 0;
    for (size_t i = 0; i < c->n; i++) sum += c->values[CG_M_PAGERANK][i];
    assert_near(sum, 1.0, 1e-9);
    cg_centrality_free(c);
    /* all links have the same confidence: weighted betweenness equals the unweighted one */
    cg_dataset_free(ds);
    c = compute("karate.jsonl", 1, &ds);
    assert_near(val(c, ds, CG_M_BETWEENNESS, "v01"), 231.0714, 1e-4);
    cg_centrality_free(c);
    cg_dataset_free(ds);
}

static void test_florentine(void **state)
{
    (void)state;
    cg_dataset *ds;
    cg_centrality *c = compute("florentine.jsonl", 0, &ds);
    assert_near(val(c, ds, CG_M_BETWEENNESS, "medici"), 47.5, 1e-9);
    assert_near(val(c, ds, CG_M_CLOSENESS, "medici"), 0.56, 1e-9);
    assert_near(val(c, ds, CG_M_PAGERANK, "medici"), 0.145817, 1e-6);
    /* eigenvector is scaled to max 1; the published value is unit-norm */
    double norm = 0;
    for (size_t i = 0; i < c->n; i++) norm += c->values[CG_M_EIGENVECTOR][i] * c->values[CG_M_EIGENVECTOR][i];
    assert_near(val(c, ds, CG_M_EIGENVECTOR, "medici") / sqrt(norm), 0.430308, 1e-5);
    assert_near(val(c, ds, CG_M_EIGENVECTOR, "medici"), 1.0, 1e-9);
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

/* A seeded random graph (preferential attachment) with random confidences. */
static cg_graph *random_graph(size_t n, size_t per, int directed, uint64_t seed, int with_conf)
{
    size_t cap = n * per;
    cg_idx *pairs = malloc(2 * cap * sizeof *pairs);
    double *conf = malloc(cap * sizeof *conf);
    unsigned char *seen = calloc(n * n, 1);
    size_t m = 0;
    uint64_t st = seed;
    for (size_t v = 1; v < n; v++) {
        for (size_t k = 0; k < per; k++) {
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t u = (size_t)((st >> 33) % (m ? 2 * m : 1));
            u = m ? pairs[u] : 0;
            if (u == v || seen[v * n + u] || seen[u * n + v]) continue;
            seen[v * n + u] = 1;
            pairs[2 * m] = (cg_idx)(directed && (st & 1) ? u : v);
            pairs[2 * m + 1] = (cg_idx)(directed && (st & 1) ? v : u);
            /* confidences from a small set, so equal-length paths occur */
            conf[m] = with_conf ? 0.3 + 0.1 * (double)((st >> 20) % 6) : 1.0;
            m++;
        }
    }
    cg_graph *g = NULL;
    assert_int_equal(cg__graph_from_links(&g, n, pairs, conf, m, directed, NULL), CG_OK);
    free(pairs);
    free(conf);
    free(seen);
    return g;
}

static double rel(double a, double b)
{
    double d = fabs(a - b), s = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return s > 0 ? d / s : d;
}

/* Our kernel equals igraph's functions within 1e-9, and is bit-identical for 1, 2 and 3
 * threads. */
static void test_kernel_matches_igraph(void **state)
{
    (void)state;
    for (int variant = 0; variant < 4; variant++) {
        int directed = variant & 1, weighted = (variant >> 1) & 1;
        cg_graph *g = random_graph(400, 3, directed, 12345 + (uint64_t)variant, weighted);
        cg_centrality_options o;
        cg_centrality_options_init(&o);
        o.measures = (1u << CG_M_BETWEENNESS) | (1u << CG_M_CLOSENESS) | (1u << CG_M_HARMONIC);
        o.weighted = weighted;
        o.igraph_paths = 1;
        cg_centrality *ref = NULL, *one = NULL, *two = NULL, *three = NULL;
        assert_int_equal(cg_centrality_compute(&ref, g, &o, NULL), CG_OK);
        o.igraph_paths = 0;
        o.threads = 1;
        assert_int_equal(cg_centrality_compute(&one, g, &o, NULL), CG_OK);
        o.threads = 2;
        assert_int_equal(cg_centrality_compute(&two, g, &o, NULL), CG_OK);
        o.threads = 3;
        assert_int_equal(cg_centrality_compute(&three, g, &o, NULL), CG_OK);
        for (int m = CG_M_BETWEENNESS; m <= CG_M_HARMONIC; m++)
            for (size_t v = 0; v < ref->n; v++) {
                if (rel(ref->values[m][v], two->values[m][v]) > 1e-9)
                    fail_msg("variant %d measure %d vertex %zu: igraph %.17g, kernel %.17g", variant, m, v,
                             ref->values[m][v], two->values[m][v]);
                assert_memory_equal(&two->values[m][v], &three->values[m][v], sizeof(double));
                assert_memory_equal(&one->values[m][v], &two->values[m][v], sizeof(double));
            }
        cg_centrality_free(ref);
        cg_centrality_free(one);
        cg_centrality_free(two);
        cg_centrality_free(three);
        cg_graph_free(g);
    }
}

static int cmp_desc(const void *a, const void *b)
{
    double x = **(const double *const *)a, y = **(const double *const *)b;
    return x > y ? -1 : x < y;
}

/* Sampled betweenness: seeded (same seed, same values), marked as an estimate, and the top 10
 * mostly agree with the exact ones. */
static void test_sampling(void **state)
{
    (void)state;
    cg_graph *g = random_graph(3000, 3, 0, 99, 0);
    cg_centrality_options o;
    cg_centrality_options_init(&o);
    o.measures = 1u << CG_M_BETWEENNESS;
    o.weighted = 0;
    cg_centrality *exact = NULL, *est = NULL, *est2 = NULL;
    assert_int_equal(cg_centrality_compute(&exact, g, &o, NULL), CG_OK);
    assert_false(exact->estimated);
    o.samples = 600;
    o.seed = 7;
    assert_int_equal(cg_centrality_compute(&est, g, &o, NULL), CG_OK);
    assert_int_equal(cg_centrality_compute(&est2, g, &o, NULL), CG_OK);
    assert_true(est->estimated);
    assert_int_equal(est->samples, 600);
    assert_memory_equal(est->values[CG_M_BETWEENNESS], est2->values[CG_M_BETWEENNESS], 3000 * sizeof(double));
    const double *pe[3000], *ps[3000];
    for (size_t v = 0; v < 3000; v++) {
        pe[v] = &exact->values[CG_M_BETWEENNESS][v];
        ps[v] = &est->values[CG_M_BETWEENNESS][v];
    }
    qsort(pe, 3000, sizeof *pe, cmp_desc);
    qsort(ps, 3000, sizeof *ps, cmp_desc);
    int overlap = 0;
    for (int i = 0; i < 10; i++)
        for (int k = 0; k < 10; k++)
            if (pe[i] - exact->values[CG_M_BETWEENNESS] == ps[k] - est->values[CG_M_BETWEENNESS]) overlap++;
    assert_true(overlap >= 8);
    cg_centrality_free(exact);
    cg_centrality_free(est);
    cg_centrality_free(est2);
    cg_graph_free(g);
    /* the bound: K = ceil(ln(2n/delta)/(2 eps^2)) */
    assert_int_equal(cg_samples_for_bound(200000, 0.05, 0.1), 3041);
    assert_int_equal(cg_samples_for_bound(100, 0.01, 0.1), 100); /* never more than n */
    assert_int_equal(cg_samples_for_bound(100, 0, 0.1), 0);
}

static void test_format_and_rank_key(void **state)
{
    (void)state;
    char b[CG_CENTRALITY_FMT_MAX];
    assert_string_equal(cg_centrality_format(0.0, b), "0");
    assert_string_equal(cg_centrality_format(-0.0, b), "0");
    assert_string_equal(cg_centrality_format(231.07142857142858, b), "231.0714285714");
    assert_string_equal(cg_centrality_format(47.5, b), "47.5");
    assert_string_equal(cg_centrality_format(0.48648648648648646, b), "0.4864864865");
    /* below 1: ten significant digits, not ten decimals */
    assert_string_equal(cg_centrality_format(0.012345678912345, b), "0.01234567891");
    assert_string_equal(cg_centrality_format(7.512345678912e-7, b), "0.0000007512345679");
    assert_string_equal(cg_centrality_format(2.5e-6, b), "0.0000025");
    assert_string_equal(cg_centrality_format(1e-40, b), "0"); /* below the 30-decimal floor */
    assert_string_equal(cg_centrality_format(1e20, b), "1e+20");
    assert_string_equal(cg_centrality_format(0.99999999999, b), "1");
    /* the rank key is the printed value: last-bit differences tie, printed differences do not */
    double x = 0.2567567567567567, y = nextafter(x, 1.0);
    assert_true(x != y);
    assert_true(cg_centrality_rank_key(x) == cg_centrality_rank_key(y));
    assert_true(cg_centrality_rank_key(7.5123456e-7) > cg_centrality_rank_key(7.5123455e-7));
    assert_true(cg_centrality_rank_key(-0.0) == 0 && !signbit(cg_centrality_rank_key(-0.0)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_karate),
        cmocka_unit_test(test_florentine),
        cmocka_unit_test(test_empty_and_isolated),
        cmocka_unit_test(test_kernel_matches_igraph),
        cmocka_unit_test(test_sampling),
        cmocka_unit_test(test_format_and_rank_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
