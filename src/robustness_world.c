/* The pieces of the robustness analysis that work on one world: the random stream, ranks with
 * ties as printed, quantile and order-statistic indices, Kendall's tau-b, and the measures of
 * one world (see robustness_impl.h). */
#define _POSIX_C_SOURCE 200809L
#include "robustness_impl.h"
#include "graph_impl.h"

#include <igraph.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- stream ---- */

#define GOLDEN 0x9E3779B97F4A7C15ULL

uint64_t cg__rob_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void cg__rob_world_uniforms(uint64_t seed, uint64_t w, double *u, size_t d)
{
    uint64_t s = cg__rob_mix64(seed) + (w << 32) * GOLDEN;
    for (size_t i = 0; i < d; i++) {
        s += GOLDEN;
        u[i] = (double)(cg__rob_mix64(s) >> 11) * 0x1p-53;
    }
}

/* ---- ranks ---- */

void cg__rob_rank_ws_free(cg__rob_rank_ws *ws)
{
    free(ws->s);
    memset(ws, 0, sizeof *ws);
}

/* Do a <= b (adjacent in sorted order) print as the same value? Printing rounds to at most 10
 * significant digits or 10 decimals, so values farther apart than 1e-9 relative (plus 1e-10)
 * never do, and only close pairs need the exact (slow) comparison. */
static int same_key(double a, double b, int integer)
{
    if (a == b) return 1;
    if (integer) return 0;
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    if (fabs(a - b) > 1e-9 * m + 1e-10) return 0;
    return cg_centrality_rank_key(a) == cg_centrality_rank_key(b);
}

/* (value, index) pairs sorted by value descending, then index: a bottom-up merge sort with the
 * comparison inline (glibc's qsort calls back through a pointer for every comparison) */
static int vi_before(const struct cg__rob_vi *a, const struct cg__rob_vi *b)
{
    return a->v > b->v || (a->v == b->v && a->i < b->i);
}

static void sort_vi(struct cg__rob_vi *a, struct cg__rob_vi *tmp, size_t n)
{
    for (size_t i = 1; i < n; i++) { /* runs of 8 by insertion */
        if (i % 8 == 0) continue;
        struct cg__rob_vi x = a[i];
        size_t j = i;
        while (j % 8 && vi_before(&x, &a[j - 1])) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = x;
    }
    struct cg__rob_vi *src = a, *dst = tmp;
    for (size_t w = 8; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n, i = lo, j = mid, o = lo;
            while (i < mid && j < hi) dst[o++] = vi_before(&src[j], &src[i]) ? src[j++] : src[i++];
            while (i < mid) dst[o++] = src[i++];
            while (j < hi) dst[o++] = src[j++];
        }
        struct cg__rob_vi *t = src;
        src = dst;
        dst = t;
    }
    if (src != a) memcpy(a, src, n * sizeof *a);
}

void cg__rob_rank(const double *vals, size_t n, int integer, size_t k, uint32_t *r2, double *mem, cg__rob_rank_ws *ws)
{
    if (ws->cap < 2 * n) {
        ws->s = cg__xreallocarray(ws->s, 2 * n, sizeof *ws->s);
        ws->cap = 2 * n;
    }
    struct cg__rob_vi *s = ws->s;
    for (size_t i = 0; i < n; i++) s[i] = (struct cg__rob_vi){vals[i], (uint32_t)i};
    sort_vi(s, s + n, n);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && same_key(s[j].v, s[j - 1].v, integer)) j++;
        size_t a = i, t = j - i;
        double m = k > a ? (double)(k - a < t ? k - a : t) / (double)t : 0.0;
        for (size_t x = i; x < j; x++) {
            if (r2) r2[s[x].i] = (uint32_t)(2 * a + t + 1);
            if (mem) mem[s[x].i] = m;
        }
        i = j;
    }
}

size_t cg__rob_quantile_index(double p, size_t N)
{
    if (N == 0) return 0;
    double x = ceil(p * (double)N - 1e-9);
    if (x < 1) return 1;
    if (x > (double)N) return N;
    return (size_t)x;
}

void cg__rob_order_stat_ci(size_t N, double p, size_t *lo, size_t *hi)
{
    double lp = log(p), lq = log1p(-p), base = lgamma((double)N + 1);
    double acc = 0;
    size_t l = 0, u = N;
    int have_u = 0, l_done = 0;
    for (size_t j = 0; j <= N; j++) {
        acc += exp(base - lgamma((double)j + 1) - lgamma((double)(N - j) + 1) + (double)j * lp + (double)(N - j) * lq);
        if (!l_done) {
            if (acc <= 0.025) l = j + 1;
            else l_done = 1;
        }
        if (acc >= 0.975) {
            u = j + 1;
            have_u = 1;
            break;
        }
    }
    (void)have_u;
    if (l < 1) l = 1;
    if (l > N) l = N;
    if (u < 1) u = 1;
    if (u > N) u = N;
    *lo = l;
    *hi = u;
}

/* Kendall's tau-b, Knight's O(n log n) algorithm, counted the way scipy.stats.kendalltau does. */
typedef struct { double x, y; } xy;

static int cmp_xy(const void *p, const void *q)
{
    const xy *a = p, *b = q;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    if (a->y != b->y) return a->y < b->y ? -1 : 1;
    return 0;
}

/* merge sort of a[0..n) by y; returns the number of exchanges (discordant pairs) */
static uint64_t sort_y_count(xy *a, xy *tmp, size_t n)
{
    if (n < 2) return 0;
    size_t h = n / 2;
    uint64_t c = sort_y_count(a, tmp, h) + sort_y_count(a + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        if (a[j].y < a[i].y) {
            c += h - i;
            tmp[k++] = a[j++];
        } else {
            tmp[k++] = a[i++];
        }
    }
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
    return c;
}

double cg__rob_kendall_tau_b(const double *x, const double *y, size_t n)
{
    if (n < 2) return NAN;
    xy *a = cg__xmalloc(n * sizeof *a), *tmp = cg__xmalloc(n * sizeof *tmp);
    for (size_t i = 0; i < n; i++) a[i] = (xy){x[i], y[i]};
    qsort(a, n, sizeof *a, cmp_xy);
    uint64_t xtie = 0, ntie = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && a[j].x == a[i].x) j++;
        xtie += (uint64_t)(j - i) * (j - i - 1) / 2;
        for (size_t p = i; p < j;) { /* joint ties inside the x run (sorted by y there) */
            size_t q = p + 1;
            while (q < j && a[q].y == a[p].y) q++;
            ntie += (uint64_t)(q - p) * (q - p - 1) / 2;
            p = q;
        }
        i = j;
    }
    uint64_t dis = sort_y_count(a, tmp, n);
    uint64_t ytie = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && a[j].y == a[i].y) j++;
        ytie += (uint64_t)(j - i) * (j - i - 1) / 2;
        i = j;
    }
    free(a);
    free(tmp);
    uint64_t tot = (uint64_t)n * (n - 1) / 2;
    if (xtie == tot || ytie == tot) return NAN;
    double cmd = (double)tot - (double)xtie - (double)ytie + (double)ntie - 2.0 * (double)dis;
    return cmd / sqrt((double)(tot - xtie)) / sqrt((double)(tot - ytie));
}

/* ---- per-world measures ---- */

void cg__rob_ws_free(cg__rob_ws *ws)
{
    free(ws->first);
    free(ws->adj);
    free(ws->stamp);
    free(ws->vert);
    free(ws->pos);
    free(ws->bin);
    free(ws->deg);
    free(ws->coef);
    free(ws->x);
    free(ws->y);
    free(ws->prev);
    free(ws->outw);
    memset(ws, 0, sizeof *ws);
}

static void ws_reserve(cg__rob_ws *ws, size_t n, size_t arcs)
{
    if (ws->cap_n < n + 2) {
        size_t c = n + 2;
        ws->first = cg__xreallocarray(ws->first, c, sizeof *ws->first);
        ws->stamp = cg__xreallocarray(ws->stamp, c, sizeof *ws->stamp);
        ws->vert = cg__xreallocarray(ws->vert, c, sizeof *ws->vert);
        ws->pos = cg__xreallocarray(ws->pos, c, sizeof *ws->pos);
        ws->bin = cg__xreallocarray(ws->bin, c, sizeof *ws->bin);
        ws->deg = cg__xreallocarray(ws->deg, c, sizeof *ws->deg);
        ws->x = cg__xreallocarray(ws->x, c, sizeof *ws->x);
        ws->y = cg__xreallocarray(ws->y, c, sizeof *ws->y);
        ws->prev = cg__xreallocarray(ws->prev, c, sizeof *ws->prev);
        ws->outw = cg__xreallocarray(ws->outw, c, sizeof *ws->outw);
        ws->cap_n = c;
    }
    if (ws->cap_arcs < arcs + 1) {
        size_t c = arcs + 1;
        ws->adj = cg__xreallocarray(ws->adj, c, sizeof *ws->adj);
        ws->coef = cg__xreallocarray(ws->coef, c, sizeof *ws->coef);
        ws->cap_arcs = c;
    }
}

/* Adjacency in CSR form. mode 0: arcs as given (directed) or both ways (undirected), listed at
 * their target (in-arcs: adj = source), coef = weight; mode 1: both ways whatever the
 * direction (for degree and coreness). */
static void build_csr(cg__rob_ws *ws, size_t n, int directed, const cg_idx *pairs, const double *w, size_t m, int both)
{
    size_t arcs = (directed && !both) ? m : 2 * m;
    ws_reserve(ws, n, arcs);
    size_t *first = ws->first;
    memset(first, 0, (n + 2) * sizeof *first);
    for (size_t i = 0; i < m; i++) {
        first[pairs[2 * i + 1] + 1]++;
        if (!directed || both) first[pairs[2 * i] + 1]++;
    }
    for (size_t v = 0; v < n; v++) first[v + 1] += first[v];
    /* fill with a running cursor kept in first[v] (shifted back afterwards) */
    for (size_t i = 0; i < m; i++) {
        cg_idx a = pairs[2 * i], b = pairs[2 * i + 1];
        double x = w ? w[i] : 1.0;
        size_t k = first[b]++;
        ws->adj[k] = a;
        ws->coef[k] = x;
        if (!directed || both) {
            k = first[a]++;
            ws->adj[k] = b;
            ws->coef[k] = x;
        }
    }
    for (size_t v = n; v > 0; v--) first[v] = first[v - 1];
    first[0] = 0;
}

/* PageRank with damping d = 0.85, dangling vertices spreading uniformly, summing to 1 (igraph's
 * definition, which NetworkX shares). With P the transition matrix (rows of dangling vertices
 * zero), the PageRank is x = b (1 + d P^T x / b) for the scalar b = (1 - d)/n + d D/n (D the
 * dangling mass), so x = y / sum(y) where y = 1 + d P^T y, a fixed point that does not involve b:
 * vertices without in-arcs have y = 1 and are not iterated. d P^T contracts the l1 norm by d, so
 * the error of y is at most |residual|_1 / (1 - d); the iteration stops when the residual is below
 * 1e-15 sum(y), i.e. x within about 7e-15 in l1 (far below the 10 printed digits). Undirected: P^T
 * is similar to a symmetric matrix with eigenvalues in [-1, 1], so the Chebyshev semi-iterative
 * method (Golub & Varga 1961) with spectral bound d converges in about 60 steps instead of the 220
 * of plain iteration; directed: plain iteration. Both combine iterates only with scalars, so
 * vertices that are symmetric in the graph keep identical values (ties stay ties). */
static void pagerank(cg__rob_ws *ws, size_t n, int directed, const cg_idx *pairs, const double *w, size_t m,
                     double *out)
{
    if (n == 0) return;
    build_csr(ws, n, directed, pairs, w, m, 0);
    double *outw = ws->outw, *y = ws->x, *z = ws->y, *prev = ws->prev;
    uint32_t *act = ws->vert;
    for (size_t v = 0; v < n; v++) outw[v] = 0;
    for (size_t i = 0; i < m; i++) {
        double x1 = w ? w[i] : 1.0;
        outw[pairs[2 * i]] += x1;
        if (!directed) outw[pairs[2 * i + 1]] += x1;
    }
    const double d = 0.85;
    /* coef = d * weight / out-strength of the arc's source */
    size_t na = 0;
    for (size_t v = 0; v < n; v++) {
        for (size_t k = ws->first[v]; k < ws->first[v + 1]; k++) ws->coef[k] = d * ws->coef[k] / outw[ws->adj[k]];
        if (ws->first[v + 1] > ws->first[v]) act[na++] = (uint32_t)v;
        y[v] = z[v] = prev[v] = 1.0;
    }
    const size_t *first = ws->first;
    const uint32_t *adj = ws->adj;
    const double *coef = ws->coef;
    const double inactive = (double)(n - na), r2 = d * d;
    double omega = 1;
    for (int it = 0; it < 2000 && na; it++) {
        double res = 0, ysum = inactive;
        if (!directed) omega = it == 0 ? 1.0 : it == 1 ? 1.0 / (1.0 - r2 / 2) : 1.0 / (1.0 - r2 * omega / 4);
        for (size_t i = 0; i < na; i++) {
            uint32_t v = act[i];
            double s = 1.0;
            for (size_t k = first[v]; k < first[v + 1]; k++) s += y[adj[k]] * coef[k];
            res += fabs(s - y[v]);
            ysum += y[v];
            z[v] = directed ? s : omega * (s - prev[v]) + prev[v];
        }
        if (res <= 1e-15 * ysum) break; /* y is the answer */
        double *t = prev; /* prev <- y <- z */
        prev = y;
        y = z;
        z = t;
    }
    double sum = 0;
    for (size_t v = 0; v < n; v++) sum += y[v];
    for (size_t v = 0; v < n; v++) out[v] = y[v] / sum;
}

/* Number of distinct neighbours, direction ignored. */
static void degree(cg__rob_ws *ws, size_t n, int directed, const cg_idx *pairs, size_t m, double *out)
{
    if (!directed) {
        for (size_t v = 0; v < n; v++) out[v] = 0;
        for (size_t i = 0; i < m; i++) {
            out[pairs[2 * i]] += 1;
            out[pairs[2 * i + 1]] += 1;
        }
        return;
    }
    build_csr(ws, n, directed, pairs, NULL, m, 1);
    for (size_t v = 0; v < n; v++) ws->stamp[v] = UINT32_MAX;
    for (size_t v = 0; v < n; v++) {
        uint32_t c = 0;
        for (size_t k = ws->first[v]; k < ws->first[v + 1]; k++)
            if (ws->stamp[ws->adj[k]] != (uint32_t)v) {
                ws->stamp[ws->adj[k]] = (uint32_t)v;
                c++;
            }
        out[v] = c;
    }
}

/* k-core numbers (Batagelj & Zaversnik, "An O(m) algorithm for cores decomposition of
 * networks", 2003) on the multigraph of all arcs, direction ignored (igraph_coreness, IGRAPH_ALL). */
static void coreness(cg__rob_ws *ws, size_t n, int directed, const cg_idx *pairs, size_t m, double *out)
{
    build_csr(ws, n, directed, pairs, NULL, m, 1);
    uint32_t *deg = ws->deg, *bin = ws->bin, *pos = ws->pos, *vert = ws->vert;
    uint32_t md = 0;
    for (size_t v = 0; v < n; v++) {
        deg[v] = (uint32_t)(ws->first[v + 1] - ws->first[v]);
        if (deg[v] > md) md = deg[v];
    }
    if ((size_t)md + 1 > ws->cap_n) { /* bins by degree: at most 2m + 1 of them */
        ws->bin = bin = cg__xreallocarray(ws->bin, (size_t)md + 2, sizeof *bin);
    }
    memset(bin, 0, ((size_t)md + 1) * sizeof *bin);
    for (size_t v = 0; v < n; v++) bin[deg[v]]++;
    uint32_t start = 0;
    for (uint32_t d = 0; d <= md; d++) {
        uint32_t num = bin[d];
        bin[d] = start;
        start += num;
    }
    for (size_t v = 0; v < n; v++) {
        pos[v] = bin[deg[v]];
        vert[pos[v]] = (uint32_t)v;
        bin[deg[v]]++;
    }
    for (uint32_t d = md; d >= 1; d--) bin[d] = bin[d - 1];
    bin[0] = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t v = vert[i];
        for (size_t k = ws->first[v]; k < ws->first[v + 1]; k++) {
            uint32_t u = ws->adj[k];
            if (deg[u] > deg[v]) {
                uint32_t du = deg[u], pu = pos[u], pw = bin[du], x = vert[pw];
                if (u != x) {
                    pos[u] = pw;
                    vert[pu] = x;
                    pos[x] = pu;
                    vert[pw] = u;
                }
                bin[du]++;
                deg[u]--;
            }
        }
    }
    for (size_t v = 0; v < n; v++) out[v] = deg[v];
}

/* igraph is not thread-safe, and its eigenvector centrality perturbs ARPACK's start vector with
 * igraph's default random generator. Between begin and end: the library's lock is held and a
 * private generator, seeded with 1, is igraph's default, so a computation does not depend on what
 * ran before it (nor on the order threads take worlds in); the caller's generator is restored. */
static pthread_mutex_t igraph_lock = PTHREAD_MUTEX_INITIALIZER;
static igraph_rng_t private_rng;
static int private_rng_ready;
static igraph_rng_t *saved_rng;

void cg__rob_igraph_begin(void)
{
    pthread_mutex_lock(&igraph_lock);
    if (!private_rng_ready) private_rng_ready = igraph_rng_init(&private_rng, &igraph_rngtype_pcg32) == IGRAPH_SUCCESS;
    saved_rng = NULL;
    if (private_rng_ready) {
        saved_rng = igraph_rng_default();
        igraph_rng_seed(&private_rng, 1);
        igraph_rng_set_default(&private_rng);
    }
}

void cg__rob_igraph_end(void)
{
    if (saved_rng) igraph_rng_set_default(saved_rng);
    saved_rng = NULL;
    pthread_mutex_unlock(&igraph_lock);
}

cg_status cg__rob_measure(cg_measure measure, size_t n, int directed, const cg_idx *pairs, const double *w, size_t m,
                          double *out, cg__rob_ws *ws, cg_diag *diag)
{
    switch (measure) {
    case CG_M_DEGREE:
        degree(ws, n, directed, pairs, m, out);
        return CG_OK;
    case CG_M_STRENGTH:
        for (size_t v = 0; v < n; v++) out[v] = 0;
        for (size_t i = 0; i < m; i++) {
            double x = w ? w[i] : 1.0;
            out[pairs[2 * i]] += x;
            out[pairs[2 * i + 1]] += x;
        }
        return CG_OK;
    case CG_M_PAGERANK:
        pagerank(ws, n, directed, pairs, w, m, out);
        return CG_OK;
    case CG_M_CORENESS:
        coreness(ws, n, directed, pairs, m, out);
        return CG_OK;
    default:
        break;
    }
    cg_graph *gr = NULL;
    cg_status st = cg__graph_from_links(&gr, n, pairs, w, m, directed, diag);
    if (st != CG_OK) return st;
    if (measure == CG_M_EIGENVECTOR) {
        cg_centrality_options co;
        cg_centrality_options_init(&co);
        co.measures = 1u << CG_M_EIGENVECTOR;
        co.weighted = w != NULL;
        co.threads = 1;
        cg_centrality *c = NULL;
        cg__rob_igraph_begin();
        st = cg_centrality_compute(&c, gr, &co, diag);
        cg__rob_igraph_end();
        if (st == CG_OK)
            for (size_t v = 0; v < n; v++) { /* ARPACK's noise outside the dominant component is 0 */
                double x = c->values[CG_M_EIGENVECTOR][v];
                out[v] = fabs(x) < 1e-9 ? 0.0 : x;
            }
        cg_centrality_free(c);
    } else {
        size_t used = 0;
        st = cg__path_measures(gr, w != NULL, 1, 0, 0, 0, measure == CG_M_BETWEENNESS ? out : NULL,
                               measure == CG_M_CLOSENESS ? out : NULL, measure == CG_M_HARMONIC ? out : NULL, &used,
                               diag);
    }
    cg_graph_free(gr);
    return st;
}
