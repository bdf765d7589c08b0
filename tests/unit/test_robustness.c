/* Unit tests: the robustness analysis's world stream, ranks and ties, quantile and order-statistic
 * indices, Kendall's tau-b, the per-world measure kernels against igraph, and small runs of
 * cg_robustness_run (exact identities, thread invariance, option errors). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimgraph/claimgraph.h"
#include "graph_impl.h"
#include "robustness_impl.h"

#ifndef CG_SOURCE_DIR
#error "CG_SOURCE_DIR must be defined"
#endif

/* a small deterministic generator for the tests (not the one under test) */
static uint64_t lcg_state = 12345;
static uint32_t lcg(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(lcg_state >> 33);
}

/* ---- stream ---- */

static void test_stream(void **state)
{
    (void)state;
    double u[3];
    /* the values the design and the oracle print for seed 1 */
    cg__rob_world_uniforms(1, 0, u, 2);
    assert_true(u[0] == 0.74974824135803009);
    assert_true(u[1] == 0.37239342287916577);
    cg__rob_world_uniforms(1, 1, u, 1);
    assert_true(u[0] == 0.43085019681450065);
    /* world w's stream does not depend on how many draws an earlier world made */
    double a[5], b[5];
    cg__rob_world_uniforms(77, 3, a, 5);
    cg__rob_world_uniforms(77, 3, b, 2);
    assert_memory_equal(a, b, 2 * sizeof *a);
    double lo = 1, hi = 0, sum = 0;
    for (uint64_t w = 0; w < 2000; w++) {
        cg__rob_world_uniforms(5, w, a, 5);
        for (int i = 0; i < 5; i++) {
            assert_true(a[i] >= 0 && a[i] < 1);
            lo = a[i] < lo ? a[i] : lo;
            hi = a[i] > hi ? a[i] : hi;
            sum += a[i];
        }
    }
    assert_true(lo < 0.001 && hi > 0.999);
    assert_true(fabs(sum / 10000 - 0.5) < 0.01);
    assert_true(cg__rob_mix64(0) == 0);
}

/* ---- quantiles ---- */

static void test_quantile_index(void **state)
{
    (void)state;
    assert_int_equal(cg__rob_quantile_index(0.05, 10000), 500);
    assert_int_equal(cg__rob_quantile_index((1 - 0.9) / 2, 10000), 500);
    assert_int_equal(cg__rob_quantile_index((1 + 0.9) / 2, 10000), 9500);
    assert_int_equal(cg__rob_quantile_index(0.5, 3), 2);
    assert_int_equal(cg__rob_quantile_index(0.5, 4), 2);
    assert_int_equal(cg__rob_quantile_index(0.95, 20), 19);
    assert_int_equal(cg__rob_quantile_index(0.951, 20), 20);
    assert_int_equal(cg__rob_quantile_index(0, 7), 1);
    assert_int_equal(cg__rob_quantile_index(1, 7), 7);
}

/* binomial CDF by the multiplicative recurrence, in long double */
static long double binom_cdf(size_t N, double p, long j)
{
    if (j < 0) return 0;
    long double pmf = powl(1 - (long double)p, (long double)N), acc = 0;
    /* start from pmf(0); for large N with p near 1, pmf(0) underflows: walk in logs instead */
    if (pmf == 0) {
        long double s = 0;
        for (long x = 0; x <= j && x <= (long)N; x++)
            s += expl(lgammal((long double)N + 1) - lgammal((long double)x + 1) - lgammal((long double)(N - x) + 1) +
                      x * logl(p) + (long double)(N - x) * log1pl(-p));
        return s;
    }
    for (long x = 0; x <= j && x <= (long)N; x++) {
        acc += pmf;
        pmf = pmf * (long double)(N - x) / (long double)(x + 1) * p / (1 - p);
    }
    return acc;
}

static void test_order_stat_ci(void **state)
{
    (void)state;
    size_t Ns[] = {10, 57, 400, 4000, 10000};
    double ps[] = {0.05, 0.5, 0.95};
    for (size_t a = 0; a < sizeof Ns / sizeof *Ns; a++)
        for (size_t b = 0; b < 3; b++) {
            size_t N = Ns[a], l, u;
            double p = ps[b];
            cg__rob_order_stat_ci(N, p, &l, &u);
            assert_true(1 <= l && l <= u && u <= N);
            /* l is the largest index with F(l-1) <= 0.025 (1 when even F(0) is above) */
            if (binom_cdf(N, p, 0) <= 0.025L) {
                assert_true(binom_cdf(N, p, (long)l - 1) <= 0.025L + 1e-12L);
                assert_true(l == N || binom_cdf(N, p, (long)l) > 0.025L - 1e-12L);
            } else {
                assert_int_equal(l, 1);
            }
            /* u is the smallest index with F(u-1) >= 0.975 (N when there is none) */
            if (binom_cdf(N, p, (long)N - 1) >= 0.975L) {
                assert_true(binom_cdf(N, p, (long)u - 1) >= 0.975L - 1e-12L);
                assert_true(u == 1 || binom_cdf(N, p, (long)u - 2) < 0.975L + 1e-12L);
            } else {
                assert_int_equal(u, N);
            }
            if (N >= 400) {
                /* the interval covers the type-1 index and has 95% coverage */
                size_t q = cg__rob_quantile_index(p, N);
                assert_true(l <= q && q <= u);
                assert_true(binom_cdf(N, p, (long)u - 1) - binom_cdf(N, p, (long)l - 1) >= 0.95L - 1e-9L);
            }
        }
}

/* ---- ranks ---- */

static void test_rank_ties(void **state)
{
    (void)state;
    cg__rob_rank_ws ws = {0};
    double v[] = {3, 1, 3, 2, 0, 0, 0};
    uint32_t r2[7];
    double mem[7];
    cg__rob_rank(v, 7, 1, 2, r2, mem, &ws);
    uint32_t want[] = {3, 8, 3, 6, 12, 12, 12}; /* mid-ranks 1.5, 4, 1.5, 3, 6, 6, 6 */
    assert_memory_equal(r2, want, sizeof want);
    assert_true(mem[0] == 1 && mem[2] == 1 && mem[3] == 0 && mem[4] == 0);
    cg__rob_rank(v, 7, 1, 1, r2, mem, &ws);
    assert_true(mem[0] == 0.5 && mem[2] == 0.5 && mem[3] == 0);
    cg__rob_rank(v, 7, 1, 5, r2, mem, &ws); /* the three zeros share one place in the top 5 */
    assert_true(mem[4] == 1.0 / 3 && mem[1] == 1);
    /* values that print alike are ties: 10 significant digits below 1 */
    double p[] = {0.123456789012, 0.123456789049, 0.12345678905, 1.00000000001, 1.00000000004};
    cg__rob_rank(p, 5, 0, 2, r2, mem, &ws);
    assert_int_equal(r2[2], 2 * 2 + 1 + 1);   /* 0.1234567891: third, alone */
    assert_int_equal(r2[0], r2[1]);           /* both 0.123456789 */
    assert_int_equal(r2[0], 2 * 3 + 2 + 1);   /* mid-rank 4.5 */
    assert_int_equal(r2[3], r2[4]);           /* 1.0000000000 */
    cg__rob_rank_ws_free(&ws);
}

/* against a brute force on keys, with values crowded around printing boundaries */
static void test_rank_random(void **state)
{
    (void)state;
    cg__rob_rank_ws ws = {0};
    enum { N = 300 };
    double v[N], key[N], mem[N];
    uint32_t r2[N];
    for (int rep = 0; rep < 40; rep++) {
        size_t k = 1 + lcg() % 20;
        for (int i = 0; i < N; i++) {
            double base = (lcg() % 7) * 0.0123456789;
            v[i] = base + ((double)(lcg() % 200) - 100) * 1e-12 * (rep % 2 ? 1 : 0.3);
            if (lcg() % 10 == 0) v[i] = 0;
            key[i] = cg_centrality_rank_key(v[i]);
        }
        cg__rob_rank(v, N, 0, k, r2, mem, &ws);
        double msum = 0;
        for (int i = 0; i < N; i++) {
            uint32_t above = 0, tied = 0;
            for (int j = 0; j < N; j++) {
                above += key[j] > key[i];
                tied += key[j] == key[i];
            }
            assert_int_equal(r2[i], 2 * above + tied + 1);
            double m = k > above ? (double)(k - above < tied ? k - above : tied) / tied : 0;
            assert_true(mem[i] == m);
            msum += mem[i];
        }
        assert_true(fabs(msum - (double)k) < 1e-9);
    }
    cg__rob_rank_ws_free(&ws);
}

static double tau_brute(const double *x, const double *y, size_t n)
{
    double c = 0, d = 0, tx = 0, ty = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double a = x[i] - x[j], b = y[i] - y[j];
            if (a == 0 && b == 0) continue;
            if (a == 0) tx++;
            else if (b == 0) ty++;
            else if ((a > 0) == (b > 0)) c++;
            else d++;
        }
    return (c - d) / sqrt((c + d + tx) * (c + d + ty));
}

static void test_kendall(void **state)
{
    (void)state;
    enum { N = 120 };
    double x[N], y[N];
    for (int rep = 0; rep < 30; rep++) {
        for (int i = 0; i < N; i++) {
            x[i] = lcg() % (rep % 3 ? 10 : 1000);
            y[i] = rep % 5 == 0 ? x[i] : (x[i] + (double)(lcg() % 6));
        }
        double t = cg__rob_kendall_tau_b(x, y, N), b = tau_brute(x, y, N);
        assert_true(fabs(t - b) < 1e-12);
    }
    for (int i = 0; i < N; i++) {
        x[i] = i;
        y[i] = 4;
    }
    assert_true(isnan(cg__rob_kendall_tau_b(x, y, N)));
    for (int i = 0; i < N; i++) y[i] = -x[i];
    assert_true(fabs(cg__rob_kendall_tau_b(x, y, N) + 1) < 1e-15);
}

/* ---- the per-world kernels against igraph (cg_centrality_compute) ---- */

static void test_world_measures(void **state)
{
    (void)state;
    cg__rob_ws ws = {0};
    enum { NV = 40, MAXM = 120 };
    cg_idx pairs[2 * MAXM];
    double w[MAXM], out[NV];
    for (int rep = 0; rep < 24; rep++) {
        int directed = rep % 2, weighted = (rep / 2) % 2;
        size_t n = NV - (size_t)(rep % 5), m = 0;
        /* distinct pairs; some mutual arcs when directed; some isolated vertices */
        for (int t = 0; t < 400 && m < 20 + (size_t)rep * 4 && m < MAXM; t++) {
            cg_idx a = lcg() % (n - 4), b = lcg() % (n - 4);
            if (a == b) continue;
            if (!directed && b < a) {
                cg_idx x = a;
                a = b;
                b = x;
            }
            int dup = 0;
            for (size_t i = 0; i < m; i++) dup |= pairs[2 * i] == a && pairs[2 * i + 1] == b;
            if (dup) continue;
            pairs[2 * m] = a;
            pairs[2 * m + 1] = b;
            w[m] = 0.05 + (lcg() % 95) / 100.0;
            m++;
            if (directed && lcg() % 3 == 0 && m < MAXM) { /* the reverse arc too */
                pairs[2 * m] = b;
                pairs[2 * m + 1] = a;
                w[m] = 0.3;
                m++;
            }
        }
        cg_graph *gr = NULL;
        assert_int_equal(cg__graph_from_links(&gr, n, pairs, weighted ? w : NULL, m, directed, NULL), CG_OK);
        cg_centrality_options o;
        cg_centrality_options_init(&o);
        o.weighted = weighted;
        o.igraph_paths = 1; /* igraph's own path measures, not the kernel the worlds use */
        cg_centrality *c = NULL;
        assert_int_equal(cg_centrality_compute(&c, gr, &o, NULL), CG_OK);
        for (int mm = 0; mm < CG_M_COUNT; mm++) {
            assert_int_equal(cg__rob_measure((cg_measure)mm, n, directed, pairs, weighted ? w : NULL, m, out, &ws, NULL),
                             CG_OK);
            for (size_t v = 0; v < n; v++) {
                double a = out[v], b = c->values[mm][v];
                if (mm == CG_M_DEGREE || mm == CG_M_CORENESS) {
                    if (a != b) fail_msg("%s rep %d vertex %zu: %g vs igraph %g", cg_measure_name((cg_measure)mm), rep, v, a, b);
                } else {
                    /* eigenvector: ARPACK leaves noise of about 1e-15 outside the dominant component */
                    double tol = mm == CG_M_PAGERANK ? 1e-12 : 1e-9, abs = mm == CG_M_EIGENVECTOR ? 1e-12 : 1e-15;
                    if (!(fabs(a - b) <= tol * fabs(b) + abs))
                        fail_msg("%s rep %d vertex %zu: %.17g vs igraph %.17g", cg_measure_name((cg_measure)mm), rep, v, a, b);
                }
            }
        }
        cg_centrality_free(c);
        cg_graph_free(gr);
    }
    cg__rob_ws_free(&ws);
}

/* ---- small runs ---- */

static const char *TINY =
    "{\"type\":\"source\",\"id\":\"a\",\"title\":\"A\",\"kind\":\"news\",\"reliability\":\"B\"}\n"
    "{\"type\":\"source\",\"id\":\"b\",\"title\":\"B\",\"kind\":\"news\",\"reliability\":\"C\",\"cites\":[\"a\"]}\n"
    "{\"type\":\"source\",\"id\":\"c\",\"title\":\"C\",\"kind\":\"other\",\"reliability\":\"A\"}\n"
    "{\"type\":\"entity\",\"id\":\"p\",\"name\":\"P\",\"kind\":\"person\"}\n"
    "{\"type\":\"entity\",\"id\":\"q\",\"name\":\"Q\",\"kind\":\"person\"}\n"
    "{\"type\":\"entity\",\"id\":\"r\",\"name\":\"R\",\"kind\":\"person\"}\n"
    "{\"type\":\"entity\",\"id\":\"s\",\"name\":\"S\",\"kind\":\"person\"}\n"
    "{\"type\":\"entity\",\"id\":\"t\",\"name\":\"T\",\"kind\":\"person\"}\n"
    "{\"type\":\"claim\",\"id\":\"k1\",\"subject\":\"p\",\"relation\":\"associate_of\",\"object\":\"q\",\"source\":\"a\",\"credibility\":2}\n"
    "{\"type\":\"claim\",\"id\":\"k2\",\"subject\":\"q\",\"relation\":\"funds\",\"object\":\"p\",\"source\":\"b\",\"credibility\":3}\n"
    "{\"type\":\"claim\",\"id\":\"k3\",\"subject\":\"p\",\"relation\":\"associate_of\",\"object\":\"r\",\"source\":\"c\",\"credibility\":3}\n"
    "{\"type\":\"claim\",\"id\":\"k4\",\"subject\":\"r\",\"relation\":\"funds\",\"object\":\"s\",\"source\":\"a\",\"credibility\":4}\n"
    "{\"type\":\"claim\",\"id\":\"k5\",\"subject\":\"s\",\"relation\":\"leads\",\"object\":\"t\",\"source\":\"c\",\"credibility\":2}\n"
    "{\"type\":\"claim\",\"id\":\"k6\",\"subject\":\"q\",\"relation\":\"associate_of\",\"object\":\"s\",\"source\":\"c\",\"credibility\":5}\n"
    "{\"type\":\"claim\",\"id\":\"k7\",\"subject\":\"q\",\"relation\":\"associate_of\",\"object\":\"s\",\"source\":\"b\",\"credibility\":2}\n"
    "{\"type\":\"claim\",\"id\":\"k8\",\"subject\":\"p\",\"relation\":\"associate_of\",\"object\":\"t\",\"source\":\"a\",\"stance\":\"refutes\"}\n";

static cg_dataset *tiny(void)
{
    cg_dataset *ds = NULL;
    cg_diag *d = cg_diag_new(10);
    assert_int_equal(cg_dataset_load_buffer(&ds, "tiny.jsonl", TINY, strlen(TINY), NULL, d), CG_OK);
    cg_diag_free(d);
    return ds;
}

static void test_exact_identities(void **state)
{
    (void)state;
    cg_dataset *ds = tiny();
    cg_grading *g = cg_grading_default();
    cg_diag *d = cg_diag_new(10);
    for (int directed = 0; directed < 2; directed++)
        for (int dep = 0; dep < 2; dep++) {
            cg_robustness_options o;
            cg_robustness_options_init(&o);
            o.measure = CG_M_STRENGTH;
            o.exact = 1;
            o.top = 2;
            o.directed = directed;
            o.dependence = (cg_dependence)dep;
            o.leave_out = CG_LEAVE_OUT_NONE;
            cg_robustness *r = NULL;
            assert_int_equal(cg_robustness_run(&r, ds, g, NULL, &o, d), CG_OK);
            /* E[unit strength] = published (weighted) strength; memberships sum to k */
            double psum = 0;
            for (size_t v = 0; v < r->n; v++) {
                assert_true(fabs(r->entities[v].mean_value - r->entities[v].published_value) < 1e-12);
                psum += r->entities[v].p_top_k;
            }
            assert_true(fabs(psum - 2) < 1e-12);
            assert_true(r->worlds >= 2 && r->worlds <= CG_ROBUSTNESS_EXACT_MAX);
            cg_robustness_free(r);
        }
    cg_diag_free(d);
    cg_grading_free(g);
    cg_dataset_free(ds);
}

static cg_dataset *kosovo(void)
{
    const char *paths[] = {CG_SOURCE_DIR "/datasets/kosovo"};
    cg_diag *d = cg_diag_new(10);
    cg_dataset *ds = NULL;
    assert_int_equal(cg_dataset_load(&ds, paths, 1, NULL, d), CG_OK);
    cg_diag_free(d);
    return ds;
}

static void test_threads_and_seed(void **state)
{
    (void)state;
    cg_diag *d = cg_diag_new(10);
    cg_dataset *ds = kosovo();
    cg_grading *g = cg_grading_default();
    cg_robustness *r[3] = {NULL, NULL, NULL};
    unsigned threads[3] = {1, 3, 1};
    for (int i = 0; i < 3; i++) {
        cg_robustness_options o;
            cg_robustness_options_init(&o);
        o.measure = CG_M_BETWEENNESS;
        o.samples = 700; /* not a multiple of the block size */
        o.threads = threads[i];
        o.seed = i == 2 ? 2 : 1;
        o.leave_out = CG_LEAVE_OUT_NONE;
        assert_int_equal(cg_robustness_run(&r[i], ds, g, NULL, &o, d), CG_OK);
    }
    int differs = 0;
    for (size_t v = 0; v < r[0]->n; v++) {
        const cg_rob_entity *a = &r[0]->entities[v], *b = &r[1]->entities[v], *c = &r[2]->entities[v];
        assert_memory_equal(&a->p_top_k, &b->p_top_k, sizeof(double));
        assert_memory_equal(&a->mean_rank, &b->mean_rank, sizeof(double));
        assert_memory_equal(&a->mean_value, &b->mean_value, sizeof(double));
        if (a->tracked) assert_true(a->rank_hi == b->rank_hi && a->median_rank == b->median_rank);
        differs |= a->p_top_k != c->p_top_k;
    }
    assert_true(differs); /* another seed, other worlds */
    for (int i = 0; i < 3; i++) cg_robustness_free(r[i]);
    cg_grading_free(g);
    cg_dataset_free(ds);
    cg_diag_free(d);
}

static void test_option_errors(void **state)
{
    (void)state;
    cg_diag *d = cg_diag_new(10);
    cg_dataset *ds = kosovo();
    cg_grading *g = cg_grading_default();
    cg_robustness *r = NULL;
    cg_robustness_options o;
            cg_robustness_options_init(&o);
    o.top = 0;
    assert_int_equal(cg_robustness_run(&r, ds, g, NULL, &o, d), CG_EINVAL);
    cg_robustness_options_init(&o);
    o.samples = 0;
    o.leave_out = CG_LEAVE_OUT_NONE;
    assert_int_equal(cg_robustness_run(&r, ds, g, NULL, &o, d), CG_EINVAL);
    cg_robustness_options_init(&o);
    o.exact = 1; /* 100+ uncertain groups */
    assert_int_equal(cg_robustness_run(&r, ds, g, NULL, &o, d), CG_EINVAL);
    cg_robustness_options_init(&o);
    o.interval = 1;
    assert_int_equal(cg_robustness_run(&r, ds, g, NULL, &o, d), CG_EINVAL);
    assert_null(r);
    cg_filter f = CG_FILTER_INIT;
    const char *ex[] = {"nope"};
    f.exclude_sources = ex;
    f.n_exclude_sources = 1;
    cg_robustness_options_init(&o);
    o.samples = 10;
    assert_int_equal(cg_robustness_run(&r, ds, g, &f, &o, d), CG_ENOTFOUND);
    cg_grading_free(g);
    cg_dataset_free(ds);
    cg_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream),          cmocka_unit_test(test_quantile_index),
        cmocka_unit_test(test_order_stat_ci),   cmocka_unit_test(test_rank_ties),
        cmocka_unit_test(test_rank_random),     cmocka_unit_test(test_kendall),
        cmocka_unit_test(test_world_measures),  cmocka_unit_test(test_exact_identities),
        cmocka_unit_test(test_threads_and_seed), cmocka_unit_test(test_option_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
