/* Betweenness, closeness and harmonic centrality from single-source shortest paths (Brandes,
 * "A faster algorithm for betweenness centrality", J. Math. Sociol. 25(2), 2001), on a CSR copy of
 * the entity graph, on several threads, optionally from a sample of sources (Brandes & Pich,
 * "Centrality estimation in large networks", Int. J. Bifurcation and Chaos 17(7), 2007).
 *
 * Determinism: the sources are cut into a fixed number of blocks (independent of the thread and
 * process counts); each block is computed by one thread, in source order, into its own partial
 * sums, and the partial sums are added to the totals in block order (the ordered block loop,
 * blocks.c, which can also spread the blocks over processes through a cg_block_executor). So the
 * results are bit-identical for any number of threads and processes. igraph is not used here
 * (Debian's igraph is not thread-safe). */
#define _POSIX_C_SOURCE 200809L
#include "blocks_impl.h"
#include "graph_impl.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct csr {
    size_t n;
    size_t *first;   /* arcs of v: first[v] .. first[v+1] */
    uint32_t *to;    /* unweighted: targets */
    struct arc { uint32_t to; uint32_t pad; double w; } *arcs; /* weighted: target and length
                        * together, one cache miss per arc list instead of two; NULL if unweighted */
} csr;

/* Path lengths are compared the way igraph does (relative tolerance IGRAPH_SHORTEST_PATH_EPSILON
 * = 1e-10: |a - b| / (|a| + |b|) < 1e-10 means equal), so that equal-length paths are recognised
 * the same way. All lengths here are positive (distances are at least -ln 0.999), so the test is
 * written without a division: |a - b| < 1e-10 (a + b). */

/* ---- per-thread workspace ---- */

/* Per-vertex state of one search, kept together so that visiting a vertex touches one cache
 * line (the searches are bound by memory latency). */
typedef struct vstate {
    double dist;   /* -1: not reached */
    double sigma;  /* number of shortest paths from the source */
    double delta;  /* dependency */
} vstate;

#define HEAP_NONE UINT32_MAX
#define HEAP_DONE (UINT32_MAX - 1)

typedef struct hent {
    double key;
    uint32_t v;
} hent;

/* A path count too large for a double (a layered graph of 1030 layers of 2 has 2^1030 paths end
 * to end): m * 2^e, m in [0.5, 1) or 0. Only the sources whose counts overflow use it (red team
 * S2: the counts became inf, the dependencies NaN, and betweenness was printed as 0). */
typedef struct big {
    double m;
    long e;
} big;

typedef struct work {
    const csr *g;
    big *bsig;         /* path counts of the current source when they overflow a double (lazily) */
    vstate *st;
    uint32_t *order;   /* vertices in the order they were settled */
    uint32_t *queue;   /* BFS queue */
    struct hent *heap; /* Dijkstra's heap (at most one entry per vertex) */
    size_t hn;
    uint32_t *hpos;    /* heap position per vertex; HEAP_NONE not queued, HEAP_DONE settled
                        * (apart from the state: 4 bytes a vertex stay in cache) */
} work;

static void work_init(work *wk, const csr *g)
{
    size_t n = g->n ? g->n : 1;
    wk->g = g;
    wk->bsig = NULL;
    wk->st = cg__xmalloc(n * sizeof *wk->st);
    wk->order = cg__xmalloc(n * sizeof *wk->order);
    wk->queue = cg__xmalloc(n * sizeof *wk->queue);
    wk->heap = cg__xmalloc(n * sizeof *wk->heap);
    wk->hn = 0;
    wk->hpos = cg__xmalloc(n * sizeof *wk->hpos);
    for (size_t i = 0; i < n; i++) {
        wk->st[i] = (vstate){-1, 0, 0};
        wk->hpos[i] = HEAP_NONE;
    }
}

static void work_free(work *wk)
{
    free(wk->bsig);
    free(wk->hpos);
    free(wk->heap);
    free(wk->st);
    free(wk->order);
    free(wk->queue);
}

/* An indexed binary min-heap of (length, vertex) entries: the keys live in the heap, so comparing
 * touches only the heap array; a vertex's position is kept in its state for decrease-key. */
#define ARITY 4 /* a 4-ary heap: half the depth of a binary one */

static void heap_up(work *wk, size_t i, hent e)
{
    hent *h = wk->heap;
    uint32_t *pos = wk->hpos;
    while (i > 0) {
        size_t p = (i - 1) / ARITY;
        if (!(h[p].key > e.key)) break;
        h[i] = h[p];
        pos[h[i].v] = (uint32_t)i;
        i = p;
    }
    h[i] = e;
    pos[e.v] = (uint32_t)i;
}

static uint32_t heap_pop(work *wk)
{
    hent *h = wk->heap;
    uint32_t *pos = wk->hpos;
    uint32_t top = h[0].v;
    hent last = h[--wk->hn];
    size_t n = wk->hn, i = 0;
    if (n) {
        for (;;) {
            size_t c = ARITY * i + 1;
            if (c >= n) break;
            size_t best = c, end = c + ARITY < n ? c + ARITY : n;
            for (size_t x = c + 1; x < end; x++)
                if (h[x].key < h[best].key) best = x;
            if (!(h[best].key < last.key)) break;
            h[i] = h[best];
            pos[h[i].v] = (uint32_t)i;
            i = best;
        }
        h[i] = last;
        pos[last.v] = (uint32_t)i;
    }
    return top;
}

/* Shortest paths from s; returns the number of vertices reached (order[0..k)). */
static size_t sssp(work *wk, uint32_t s)
{
    const csr *g = wk->g;
    vstate *st = wk->st;
    size_t k = 0;
    st[s].dist = 0;
    st[s].sigma = 1;
    if (!g->arcs) {
        size_t qh = 0, qt = 0;
        wk->queue[qt++] = s;
        while (qh < qt) {
            uint32_t v = wk->queue[qh++];
            wk->order[k++] = v;
            double dv = st[v].dist + 1, sv = st[v].sigma;
            for (size_t a = g->first[v]; a < g->first[v + 1]; a++) {
                vstate *u = &st[g->to[a]];
                if (u->dist < 0) {
                    u->dist = dv;
                    wk->queue[qt++] = g->to[a];
                }
                if (u->dist == dv) u->sigma += sv;
            }
        }
        return k;
    }
    wk->hn = 1;
    heap_up(wk, 0, (hent){0, s});
    while (wk->hn) {
        uint32_t v = heap_pop(wk);
        vstate *x = &st[v];
        wk->hpos[v] = HEAP_DONE;
        wk->order[k++] = v;
        double dv = x->dist, sv = x->sigma;
        for (size_t a = g->first[v]; a < g->first[v + 1]; a++) {
            uint32_t ui = g->arcs[a].to;
            vstate *u = &st[ui];
            double alt = dv + g->arcs[a].w;
            if (u->dist < 0) {
                u->dist = alt;
                u->sigma = sv;
                heap_up(wk, wk->hn++, (hent){alt, ui});
            } else if (wk->hpos[ui] != HEAP_DONE) {
                /* igraph's comparison for positive lengths, without a division */
                double du = u->dist, diff = alt - du;
                if (fabs(diff) < 1e-10 * (alt + du)) {
                    u->sigma += sv;
                } else if (diff < 0) {
                    u->dist = alt;
                    u->sigma = sv;
                    heap_up(wk, wk->hpos[ui], (hent){alt, ui});
                }
            }
        }
    }
    return k;
}

/* ---- path counts beyond the range of a double ---- */

static big big_make(double m, long e)
{
    if (m == 0) return (big){0, 0};
    int k;
    double f = frexp(m, &k);
    return (big){f, e + k};
}

static big big_add(big a, big b)
{
    if (a.m == 0) return b;
    if (b.m == 0) return a;
    if (a.e < b.e) {
        big t = a;
        a = b;
        b = t;
    }
    long d = a.e - b.e;
    if (d > 1100) return a; /* b is below a's precision */
    return big_make(a.m + ldexp(b.m, (int)-d), a.e);
}

/* a / b as a double (b > 0; a <= b on shortest paths, so the result is in [0, 1]) */
static double big_ratio(big a, big b)
{
    if (a.m == 0) return 0;
    long d = a.e - b.e;
    if (d < -2000) return 0;
    if (d > 2000) d = 2000;
    return ldexp(a.m / b.m, (int)d);
}

/* sssp() with the path counts in wk->bsig; st[].sigma is not used. Same order of settling, same
 * tie rule. */
static size_t sssp_big(work *wk, uint32_t s)
{
    const csr *g = wk->g;
    vstate *st = wk->st;
    big *bs = wk->bsig;
    size_t k = 0;
    st[s].dist = 0;
    bs[s] = big_make(1, 0);
    if (!g->arcs) {
        size_t qh = 0, qt = 0;
        wk->queue[qt++] = s;
        while (qh < qt) {
            uint32_t v = wk->queue[qh++];
            wk->order[k++] = v;
            double dv = st[v].dist + 1;
            for (size_t a = g->first[v]; a < g->first[v + 1]; a++) {
                uint32_t ui = g->to[a];
                vstate *u = &st[ui];
                if (u->dist < 0) {
                    u->dist = dv;
                    bs[ui] = (big){0, 0};
                    wk->queue[qt++] = ui;
                }
                if (u->dist == dv) bs[ui] = big_add(bs[ui], bs[v]);
            }
        }
        return k;
    }
    wk->hn = 1;
    heap_up(wk, 0, (hent){0, s});
    while (wk->hn) {
        uint32_t v = heap_pop(wk);
        vstate *x = &st[v];
        wk->hpos[v] = HEAP_DONE;
        wk->order[k++] = v;
        double dv = x->dist;
        for (size_t a = g->first[v]; a < g->first[v + 1]; a++) {
            uint32_t ui = g->arcs[a].to;
            vstate *u = &st[ui];
            double alt = dv + g->arcs[a].w;
            if (u->dist < 0) {
                u->dist = alt;
                bs[ui] = bs[v];
                heap_up(wk, wk->hn++, (hent){alt, ui});
            } else if (wk->hpos[ui] != HEAP_DONE) {
                double du = u->dist, diff = alt - du;
                if (fabs(diff) < 1e-10 * (alt + du)) {
                    bs[ui] = big_add(bs[ui], bs[v]);
                } else if (diff < 0) {
                    u->dist = alt;
                    bs[ui] = bs[v];
                    heap_up(wk, wk->hpos[ui], (hent){alt, ui});
                }
            }
        }
    }
    return k;
}

/* ---- blocks and the ordered reduction ---- */

/* The sources are cut into a fixed number of blocks: 64 (or one per source below 64 sources) up to
 * 64 * 1024 sources, then blocks of at most 1024 sources, so that a cluster has enough blocks to
 * share out (README "On a cluster"). The count depends only on the number of sources. */
#define MIN_BLOCKS 64
#define MAX_BLOCK_SOURCES 1024

static size_t n_blocks_for(size_t ns)
{
    if (ns < MIN_BLOCKS) return ns ? ns : 1;
    size_t b = (ns + MAX_BLOCK_SOURCES - 1) / MAX_BLOCK_SOURCES;
    return b < MIN_BLOCKS ? MIN_BLOCKS : b;
}

/* A block's partial sums, and the totals, in one buffer (so that an executor can move them as
 * bytes): betweenness, distance sums, harmonic sums (doubles), reach counts (uint32), each n long
 * and present only when wanted. */
typedef struct partial {
    double *betw, *sumd, *harm;
    uint32_t *reach;
} partial;

typedef struct job {
    const csr *g;
    const uint32_t *sources;
    size_t n_sources, n_blocks;
    int want_b, want_c, want_h;
    size_t size; /* bytes of one partial */
} job;

static size_t partial_size(const job *j)
{
    size_t n = j->g->n ? j->g->n : 1;
    return n * sizeof(double) * (size_t)(j->want_b + j->want_c + j->want_h) + n * sizeof(uint32_t) * (size_t)j->want_c;
}

static partial partial_view(const job *j, void *buf)
{
    size_t n = j->g->n ? j->g->n : 1;
    double *d = buf;
    partial p;
    p.betw = j->want_b ? d : NULL;
    d += j->want_b ? n : 0;
    p.sumd = j->want_c ? d : NULL;
    d += j->want_c ? n : 0;
    p.harm = j->want_h ? d : NULL;
    d += j->want_h ? n : 0;
    p.reach = j->want_c ? (uint32_t *)d : NULL;
    return p;
}

static void block_range(const job *j, size_t b, size_t *from, size_t *to)
{
    *from = j->n_sources * b / j->n_blocks;
    *to = j->n_sources * (b + 1) / j->n_blocks;
}

static void run_block(const job *j, work *wk, size_t b, partial *p)
{
    size_t from, to;
    block_range(j, b, &from, &to);
    const csr *g = j->g;
    for (size_t si = from; si < to; si++) {
        uint32_t s = j->sources[si];
        size_t k = sssp(wk, s);
        vstate *st = wk->st;
        int overflow = 0;
        for (size_t i = 0; i < k && !overflow; i++) overflow = isinf(st[wk->order[i]].sigma);
        if (overflow) {
            /* the path counts left the range of a double: this source again, with wider counts */
            for (size_t i = 0; i < k; i++) {
                st[wk->order[i]] = (vstate){-1, 0, 0};
                wk->hpos[wk->order[i]] = HEAP_NONE;
            }
            if (!wk->bsig) wk->bsig = cg__xmalloc((g->n ? g->n : 1) * sizeof *wk->bsig);
            k = sssp_big(wk, s);
        }
        /* dependencies, from the farthest vertex back (successors of v on shortest paths) */
        for (size_t i = k; i-- > 0;) {
            uint32_t v = wk->order[i];
            vstate *x = &st[v];
            if (j->want_b) {
                double dv = 0, sv = x->sigma, dist_v = x->dist;
                if (overflow) {
                    const big *bs = wk->bsig;
                    for (size_t a = g->first[v]; a < g->first[v + 1]; a++) {
                        uint32_t ui = g->arcs ? g->arcs[a].to : g->to[a];
                        const vstate *u = &st[ui];
                        int succ;
                        if (g->arcs) {
                            double alt = dist_v + g->arcs[a].w;
                            succ = u->dist > dist_v && fabs(alt - u->dist) < 1e-10 * (alt + u->dist);
                        } else {
                            succ = u->dist == dist_v + 1;
                        }
                        if (succ) dv += big_ratio(bs[v], bs[ui]) * (1 + u->delta);
                    }
                } else if (g->arcs) {
                    for (size_t a = g->first[v]; a < g->first[v + 1]; a++) {
                        const vstate *u = &st[g->arcs[a].to];
                        double alt = dist_v + g->arcs[a].w;
                        if (u->dist > dist_v && fabs(alt - u->dist) < 1e-10 * (alt + u->dist))
                            dv += sv / u->sigma * (1 + u->delta);
                    }
                } else {
                    for (size_t a = g->first[v]; a < g->first[v + 1]; a++) {
                        const vstate *u = &st[g->to[a]];
                        if (u->dist == dist_v + 1) dv += sv / u->sigma * (1 + u->delta);
                    }
                }
                x->delta = dv;
                if (v != s) p->betw[v] += dv;
            }
            if (v != s) {
                if (j->want_c) {
                    p->sumd[v] += x->dist;
                    p->reach[v]++;
                }
                if (j->want_h) p->harm[v] += 1.0 / x->dist;
            }
        }
        for (size_t i = 0; i < k; i++) { /* reset what this source touched */
            st[wk->order[i]] = (vstate){-1, 0, 0};
            wk->hpos[wk->order[i]] = HEAP_NONE;
        }
    }
}

/* the callbacks of the ordered block loop (blocks_impl.h) */
typedef struct loopctx {
    const job *j;
    partial total;
} loopctx;

static void *ws_new(void *ctx)
{
    const loopctx *c = ctx;
    work *wk = cg__xmalloc(sizeof *wk);
    work_init(wk, c->j->g);
    return wk;
}

static void ws_free(void *ctx, void *ws)
{
    (void)ctx;
    work_free(ws);
    free(ws);
}

static cg_status compute_block(void *ctx, void *ws, size_t b, void *result, cg_diag *diag)
{
    const loopctx *c = ctx;
    (void)diag;
    partial p = partial_view(c->j, result);
    run_block(c->j, ws, b, &p);
    return CG_OK;
}

static void merge_block(void *ctx, size_t b, const void *result)
{
    loopctx *c = ctx;
    const job *j = c->j;
    (void)b;
    partial p = partial_view(j, (void *)result);
    size_t n = j->g->n;
    for (size_t v = 0; v < n; v++) {
        if (j->want_b) c->total.betw[v] += p.betw[v];
        if (j->want_c) {
            c->total.sumd[v] += p.sumd[v];
            c->total.reach[v] += p.reach[v];
        }
        if (j->want_h) c->total.harm[v] += p.harm[v];
    }
}

static size_t block_sources(void *ctx, size_t b)
{
    const loopctx *c = ctx;
    size_t from, to;
    block_range(c->j, b, &from, &to);
    return to - from;
}

/* splitmix64 */
static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

cg_status cg__path_measures(const cg_graph *gr, int weighted, unsigned threads, size_t samples, uint64_t seed,
                            const cg_progress *progress, const cg_block_executor *exec, double *betw, double *clos,
                            double *harm, size_t *used_samples, cg_diag *diag)
{
    size_t n = cg_graph_n_vertices(gr), m = cg_graph_n_links(gr);
    int directed = cg_graph_directed(gr);
    if (n > UINT32_MAX - 2) return CG_ELIMIT;
    /* Vertices renumbered by decreasing degree (ties by index): the hubs, which most shortest
     * paths cross, then share cache lines. perm[old] = new, inv[new] = old. */
    size_t *deg = cg__xcalloc(n + 1, sizeof *deg);
    for (size_t i = 0; i < m; i++) {
        const cg_link *l = cg_graph_link(gr, i);
        deg[l->a]++;
        deg[l->b]++;
    }
    uint32_t *inv = cg__xmalloc((n ? n : 1) * sizeof *inv);
    uint32_t *perm = cg__xmalloc((n ? n : 1) * sizeof *perm);
    {
        /* counting sort by degree, descending; stable, so ties stay in index order */
        size_t maxd = 0;
        for (size_t v = 0; v < n; v++)
            if (deg[v] > maxd) maxd = deg[v];
        size_t *cnt = cg__xcalloc(maxd + 2, sizeof *cnt);
        for (size_t v = 0; v < n; v++) cnt[maxd - deg[v] + 1]++;
        for (size_t d = 0; d <= maxd; d++) cnt[d + 1] += cnt[d];
        for (size_t v = 0; v < n; v++) inv[cnt[maxd - deg[v]]++] = (uint32_t)v;
        for (size_t i = 0; i < n; i++) perm[inv[i]] = (uint32_t)i;
        free(cnt);
    }
    free(deg);
    /* CSR: undirected links become two arcs; a vertex's arcs sorted by target (two stable
     * counting sorts: by target, then by source; O(n + m)) */
    csr g;
    g.n = n;
    size_t arcs = directed ? m : 2 * m;
    uint32_t *asrc = cg__xmalloc((arcs ? arcs : 1) * sizeof *asrc), *adst = cg__xmalloc((arcs ? arcs : 1) * sizeof *adst);
    double *aw = weighted ? cg__xmalloc((arcs ? arcs : 1) * sizeof *aw) : NULL;
    size_t na = 0;
    for (size_t i = 0; i < m; i++) {
        const cg_link *l = cg_graph_link(gr, i);
        uint32_t a = perm[l->a], b = perm[l->b];
        double w = weighted ? cg_link_distance(l->confidence) : 1;
        asrc[na] = a, adst[na] = b;
        if (aw) aw[na] = w;
        na++;
        if (!directed) {
            asrc[na] = b, adst[na] = a;
            if (aw) aw[na] = w;
            na++;
        }
    }
    size_t *cnt = cg__xcalloc(n + 2, sizeof *cnt);
    uint32_t *tmp = cg__xmalloc((arcs ? arcs : 1) * sizeof *tmp);
    for (size_t x = 0; x < na; x++) cnt[adst[x] + 1]++;
    for (size_t v = 0; v < n; v++) cnt[v + 1] += cnt[v];
    for (size_t x = 0; x < na; x++) tmp[cnt[adst[x]]++] = (uint32_t)x; /* arc ids by target */
    g.first = cg__xcalloc(n + 2, sizeof *g.first);
    for (size_t x = 0; x < na; x++) g.first[asrc[x] + 1]++;
    for (size_t v = 0; v < n; v++) g.first[v + 1] += g.first[v];
    size_t *fill = cg__xmalloc((n ? n : 1) * sizeof *fill);
    for (size_t v = 0; v < n; v++) fill[v] = g.first[v];
    g.to = weighted ? NULL : cg__xmalloc((arcs ? arcs : 1) * sizeof *g.to);
    g.arcs = weighted ? cg__xcalloc(arcs ? arcs : 1, sizeof *g.arcs) : NULL;
    for (size_t i = 0; i < na; i++) { /* stable by source over the target order */
        uint32_t x = tmp[i];
        size_t y = fill[asrc[x]]++;
        if (g.arcs) {
            g.arcs[y].to = adst[x];
            g.arcs[y].w = aw[x];
        } else {
            g.to[y] = adst[x];
        }
    }
    free(fill);
    free(cnt);
    free(tmp);
    free(asrc);
    free(adst);
    free(aw);

    /* sources: all, or a seeded uniform sample without replacement (partial Fisher-Yates) */
    uint32_t *src = cg__xmalloc((n ? n : 1) * sizeof *src);
    for (size_t i = 0; i < n; i++) src[i] = (uint32_t)i;
    size_t ns = n;
    if (samples && samples < n) {
        uint64_t state = seed;
        for (size_t i = 0; i < samples; i++) {
            size_t r = i + (size_t)(next_rand(&state) % (uint64_t)(n - i));
            uint32_t t = src[i];
            src[i] = src[r];
            src[r] = t;
        }
        ns = samples;
        qsort(src, ns, sizeof *src, cmp_u32);
    }
    for (size_t i = 0; i < ns; i++) src[i] = perm[src[i]]; /* into the new numbering */
    *used_samples = ns;

    job j;
    memset(&j, 0, sizeof j);
    j.g = &g;
    j.sources = src;
    j.n_sources = ns;
    j.n_blocks = n_blocks_for(ns);
    j.want_b = betw != NULL;
    j.want_c = clos != NULL;
    j.want_h = harm != NULL;
    j.size = partial_size(&j);
    void *total = cg__xcalloc(1, j.size);
    loopctx lc = {&j, partial_view(&j, total)};
    cg__block_loop loop;
    memset(&loop, 0, sizeof loop);
    loop.n_blocks = j.n_blocks;
    loop.size = j.size;
    loop.threads = threads;
    loop.ctx = &lc;
    loop.ws_new = ws_new;
    loop.ws_free = ws_free;
    loop.compute = compute_block;
    loop.merge = merge_block;
    loop.total = total;
    loop.total_size = j.size;
    loop.units = block_sources;
    loop.units_total = ns;
    loop.progress = progress;
    loop.exec = exec;
    cg_status st = cg__blocks_run(&loop, diag);
    if (st != CG_OK) {
        free(total);
        free(perm);
        free(inv);
        free(src);
        free(g.first);
        free(g.to);
        free(g.arcs);
        return st;
    }
    partial tot = lc.total;

    /* scale: a sample of ns sources out of n stands for all of them */
    double scale = ns && ns < n ? (double)n / (double)ns : 1.0;
    for (size_t v = 0; v < n; v++) {
        uint32_t x = perm[v];
        if (betw) betw[v] = tot.betw[x] * scale / (directed ? 1.0 : 2.0);
        if (clos) clos[v] = tot.sumd[x] > 0 ? (double)tot.reach[x] / tot.sumd[x] : 0.0;
        if (harm) harm[v] = tot.harm[x] * scale;
    }
    free(perm);
    free(inv);
    free(total);
    free(src);
    free(g.first);
    free(g.to);
    free(g.arcs);
    return CG_OK;
}
