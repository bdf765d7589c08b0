/* Benchmark: claimgraph's betweenness against igraph_betweenness on a Barabasi-Albert graph.
 *
 * Usage: bench_betweenness [--n N] [--m M] [--seed S] [--repeat R] [--samples K1,K2,...] [--json]
 *
 * Builds a Barabasi-Albert graph (igraph_barabasi_game, psumtree: simple, undirected; default
 * n = 20000, m = 3, igraph RNG seeded with S), then on the same edges:
 *   - igraph_betweenness (unweighted, undirected), R runs;
 *   - claimgraph's betweenness (cg__graph_from_links + cg_centrality_compute, unweighted, exact:
 *     samples = 0, sample_above = 0) with threads = 1 and threads = 2, R runs each; the maximum
 *     relative difference to igraph over all vertices (target <= 1e-9);
 *   - claimgraph's sampled estimate for each K (threads = 2, seed S): time and the overlap of its
 *     top-10 vertices with the exact top-10 (target >= 0.9).
 * Times are wall clock (median of R runs; min also shown). Prints a table, or with --json one
 * JSON object (used by tests/bench/bench.py). Exit status 0 even when a target is missed (this is
 * a measurement, not a test); 1 on an error. */
#define _POSIX_C_SOURCE 200809L
#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <claimgraph/claimgraph.h>
#include "graph_impl.h"

#define MAXK 16
#define MAXR 15

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int r)
{
    qsort(v, (size_t)r, sizeof *v, cmp_double);
    return r % 2 ? v[r / 2] : 0.5 * (v[r / 2 - 1] + v[r / 2]);
}

static double minimum(const double *v, int r)
{
    double m = v[0];
    for (int i = 1; i < r; i++)
        if (v[i] < m) m = v[i];
    return m;
}

/* Top-k vertices by value, ties by index. */
static void topk(const double *val, size_t n, size_t k, size_t *out)
{
    for (size_t j = 0; j < k; j++) out[j] = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t pos = k;
        while (pos > 0 && (out[pos - 1] == (size_t)-1 || val[i] > val[out[pos - 1]])) pos--;
        if (pos >= k) continue;
        memmove(out + pos + 1, out + pos, (k - pos - 1) * sizeof *out);
        out[pos] = i;
    }
}

static double overlap(const double *a, const double *b, size_t n, size_t k)
{
    size_t ta[64], tb[64], hits = 0;
    topk(a, n, k, ta);
    topk(b, n, k, tb);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            if (ta[i] == tb[j]) hits++;
    return (double)hits / (double)k;
}

static double max_rel_diff(const double *a, const double *b, size_t n)
{
    double worst = 0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs(a[i] - b[i]), s = fmax(fabs(a[i]), fabs(b[i]));
        if (d == 0) continue;
        double r = d / s;
        if (r > worst) worst = r;
    }
    return worst;
}

static int run_cg(const cg_graph *gr, unsigned threads, size_t samples, uint64_t seed, cg_centrality **out,
                  double *secs)
{
    cg_centrality_options o;
    cg_centrality_options_init(&o);
    o.measures = 1u << CG_M_BETWEENNESS;
    o.weighted = 0;
    o.normalized = 0;
    o.threads = threads;
    o.samples = samples;
    o.sample_above = 0;
    o.seed = seed;
    cg_diag *d = cg_diag_new(0);
    double t = now();
    cg_status st = cg_centrality_compute(out, gr, &o, d);
    *secs = now() - t;
    if (st != CG_OK) {
        cg_diag_print(d, stderr, "bench_betweenness");
        fprintf(stderr, "bench_betweenness: cg_centrality_compute: %s\n", cg_strerror(st));
    }
    cg_diag_free(d);
    return st == CG_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
    long n = 20000, m = 3, repeat = 3;
    unsigned long seed = 42;
    size_t ks[MAXK] = {500, 1000, 2000};
    int nk = 3, json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--json")) {
            json = 1;
        } else if (v && !strcmp(a, "--n")) {
            n = strtol(v, NULL, 10), i++;
        } else if (v && !strcmp(a, "--m")) {
            m = strtol(v, NULL, 10), i++;
        } else if (v && !strcmp(a, "--seed")) {
            seed = strtoul(v, NULL, 10), i++;
        } else if (v && !strcmp(a, "--repeat")) {
            repeat = strtol(v, NULL, 10), i++;
        } else if (v && !strcmp(a, "--samples")) {
            nk = 0;
            char *copy = strdup(v), *save = NULL;
            for (char *tok = strtok_r(copy, ",", &save); tok && nk < MAXK; tok = strtok_r(NULL, ",", &save))
                ks[nk++] = (size_t)strtoul(tok, NULL, 10);
            free(copy);
            i++;
        } else {
            fprintf(stderr, "usage: bench_betweenness [--n N] [--m M] [--seed S] [--repeat R] [--samples K1,K2,...] [--json]\n");
            return 2;
        }
    }
    if (n < 3 || m < 1 || repeat < 1 || repeat > MAXR) {
        fprintf(stderr, "bench_betweenness: need n >= 3, m >= 1, 1 <= repeat <= %d\n", MAXR);
        return 2;
    }
    cg__igraph_state ist;
    cg__igraph_enter(&ist); /* igraph errors are returned, never abort */

    /* the graph */
    igraph_t g;
    igraph_rng_seed(igraph_rng_default(), seed);
    if (igraph_barabasi_game(&g, n, 1.0, m, NULL, 1, 1.0, 0, IGRAPH_BARABASI_PSUMTREE, NULL) != IGRAPH_SUCCESS) {
        fprintf(stderr, "bench_betweenness: igraph_barabasi_game failed\n");
        return 1;
    }
    igraph_bool_t simple = 0;
    igraph_is_simple(&g, &simple);
    if (!simple) igraph_simplify(&g, 1, 1, NULL);
    size_t ne = (size_t)igraph_ecount(&g);
    igraph_vector_int_t el;
    igraph_vector_int_init(&el, 0);
    igraph_get_edgelist(&g, &el, 0);
    cg_idx *pairs = malloc(2 * (ne ? ne : 1) * sizeof *pairs);
    if (!pairs) return 1;
    for (size_t i = 0; i < 2 * ne; i++) pairs[i] = (cg_idx)VECTOR(el)[i];
    igraph_vector_int_destroy(&el);
    cg_graph *gr = NULL;
    cg_diag *d = cg_diag_new(0);
    if (cg__graph_from_links(&gr, (size_t)n, pairs, NULL, ne, 0, d) != CG_OK) {
        cg_diag_print(d, stderr, "bench_betweenness");
        return 1;
    }
    cg_diag_free(d);
    free(pairs);

    /* igraph */
    double t_ig[MAXR], t_cg1[MAXR], t_cg2[MAXR];
    igraph_vector_t res;
    igraph_vector_init(&res, 0);
    for (long r = 0; r < repeat; r++) {
        double t = now();
        if (igraph_betweenness(&g, &res, igraph_vss_all(), 0, NULL) != IGRAPH_SUCCESS) {
            fprintf(stderr, "bench_betweenness: igraph_betweenness failed\n");
            return 1;
        }
        t_ig[r] = now() - t;
    }
    double *exact_ig = malloc((size_t)n * sizeof *exact_ig);
    for (long i = 0; i < n; i++) exact_ig[i] = VECTOR(res)[i];
    igraph_vector_destroy(&res);

    /* claimgraph exact, 1 and 2 threads */
    double diff1 = 0, diff2 = 0;
    int est1 = 0, est2 = 0;
    double *exact_cg = malloc((size_t)n * sizeof *exact_cg);
    for (long r = 0; r < repeat; r++) {
        cg_centrality *c = NULL;
        if (run_cg(gr, 1, 0, seed, &c, &t_cg1[r]) != 0) return 1;
        double df = max_rel_diff(c->values[CG_M_BETWEENNESS], exact_ig, (size_t)n);
        if (df > diff1) diff1 = df;
        est1 |= c->estimated;
        cg_centrality_free(c);
        c = NULL;
        if (run_cg(gr, 2, 0, seed, &c, &t_cg2[r]) != 0) return 1;
        df = max_rel_diff(c->values[CG_M_BETWEENNESS], exact_ig, (size_t)n);
        if (df > diff2) diff2 = df;
        est2 |= c->estimated;
        memcpy(exact_cg, c->values[CG_M_BETWEENNESS], (size_t)n * sizeof *exact_cg);
        cg_centrality_free(c);
    }

    /* sampled */
    double t_s[MAXK], ov[MAXK], ov_cg[MAXK];
    int est[MAXK];
    size_t used[MAXK];
    for (int k = 0; k < nk; k++) {
        cg_centrality *c = NULL;
        if (run_cg(gr, 2, ks[k], seed, &c, &t_s[k]) != 0) return 1;
        ov[k] = overlap(c->values[CG_M_BETWEENNESS], exact_ig, (size_t)n, 10);
        ov_cg[k] = overlap(c->values[CG_M_BETWEENNESS], exact_cg, (size_t)n, 10);
        est[k] = c->estimated;
        used[k] = c->samples;
        cg_centrality_free(c);
    }

    double ig_min = minimum(t_ig, (int)repeat), cg1_min = minimum(t_cg1, (int)repeat),
           cg2_min = minimum(t_cg2, (int)repeat);
    double ig_med = median(t_ig, (int)repeat), cg1_med = median(t_cg1, (int)repeat),
           cg2_med = median(t_cg2, (int)repeat);
    if (json) {
        printf("{\"n\":%ld,\"m\":%ld,\"edges\":%zu,\"seed\":%lu,\"repeat\":%ld,\"igraph_version\":\"%s\","
               "\"claimgraph_version\":\"%s\",",
               n, m, ne, seed, repeat, IGRAPH_VERSION, cg_version());
        printf("\"igraph_s\":%.6f,\"igraph_min_s\":%.6f,\"cg_t1_s\":%.6f,\"cg_t1_min_s\":%.6f,\"cg_t2_s\":%.6f,"
               "\"cg_t2_min_s\":%.6f,\"max_rel_diff_t1\":%.3e,\"max_rel_diff_t2\":%.3e,\"exact_estimated\":%s,"
               "\"sampled\":[",
               ig_med, ig_min, cg1_med, cg1_min, cg2_med, cg2_min, diff1, diff2, (est1 || est2) ? "true" : "false");
        for (int k = 0; k < nk; k++)
            printf("%s{\"samples\":%zu,\"estimated\":%s,\"samples_used\":%zu,\"s\":%.6f,\"top10_overlap\":%.2f,"
                   "\"top10_overlap_cg_exact\":%.2f}",
                   k ? "," : "", ks[k], est[k] ? "true" : "false", used[k], t_s[k], ov[k], ov_cg[k]);
        printf("]}\n");
    } else {
        printf("Barabasi-Albert graph: n = %ld, m = %ld, %zu edges, seed %lu; median (min) of %ld runs\n\n", n, m,
               ne, seed, repeat);
        printf("| run | seconds | ratio to igraph | max rel. diff to igraph |\n|---|---:|---:|---:|\n");
        printf("| igraph_betweenness (igraph %s) | %.3f (%.3f) | 1.00 | |\n", IGRAPH_VERSION, ig_med, ig_min);
        printf("| claimgraph exact, threads=1 | %.3f (%.3f) | %.2f | %.1e |\n", cg1_med, cg1_min, cg1_med / ig_med,
               diff1);
        printf("| claimgraph exact, threads=2 | %.3f (%.3f) | %.2f | %.1e |\n", cg2_med, cg2_min, cg2_med / ig_med,
               diff2);
        for (int k = 0; k < nk; k++)
            printf("| claimgraph samples=%zu, threads=2 | %.3f | %.2f | top-10 overlap %.1f%s |\n", ks[k], t_s[k],
                   t_s[k] / ig_med, ov[k], est[k] ? "" : " (NOT estimated: exact computed)");
        printf("\ntargets: exact threads=2 <= 0.5x igraph: %s (%.2fx); max rel. diff <= 1e-9: %s (%.1e)\n",
               cg2_med <= 0.5 * ig_med ? "met" : "MISSED", cg2_med / ig_med, fmax(diff1, diff2) <= 1e-9 ? "met" : "MISSED",
               fmax(diff1, diff2));
    }
    free(exact_ig);
    free(exact_cg);
    cg_graph_free(gr);
    igraph_destroy(&g);
    return 0;
}
