/* Rank robustness of centrality: possible worlds over origin groups, leave one unit out, Shapley
 * attribution to sources, greedy breaking sets. Design: ../shared/design/robustness.md; README
 * "Robustness". */
#define _POSIX_C_SOURCE 200809L
#include "claimgraph/robustness.h"
#include "dataset_impl.h"
#include "graph_impl.h"
#include "robustness_impl.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK_WORLDS 64 /* worlds per block: the unit of work and of the ordered reduction */
#define MAX_THREADS 64
#define PATH_MEASURE_MAX_ENTITIES 50000

static const char *const dependence_names[] = {"independent", "source"};
static const char *const leave_out_names[] = {"source", "family", "origin", "anonymous", "none"};
static const char *const verdict_names[] = {"", "robust", "rests_on_one_unit", "uncertain", "doubtful"};

const char *cg_dependence_name(cg_dependence d) { return (unsigned)d < 2 ? dependence_names[d] : "?"; }
const char *cg_leave_out_name(cg_leave_out l) { return (unsigned)l < 5 ? leave_out_names[l] : "?"; }
const char *cg_verdict_name(cg_verdict v) { return (unsigned)v < 5 ? verdict_names[v] : "?"; }

const char *cg_robustness_model_sentence(cg_dependence d)
{
    return d == CG_DEPENDENCE_SOURCE
               ? "If the grades are right and pieces of evidence fail with their publication (all claims of one "
                 "citation family stand or fall together), each link is present with its confidence."
               : "If the grades are right and pieces of evidence fail independently, each link is present with "
                 "its confidence.";
}

static int is_path_measure(cg_measure m)
{
    return m == CG_M_BETWEENNESS || m == CG_M_CLOSENESS || m == CG_M_HARMONIC;
}

static int is_integer_measure(cg_measure m) { return m == CG_M_DEGREE || m == CG_M_CORENESS; }

size_t cg_robustness_default_samples(cg_measure m) { return is_path_measure(m) ? 20000 : 10000; }

void cg_robustness_options_init(cg_robustness_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = CG_ROBUSTNESS_OPTIONS_VERSION;
    o->measure = CG_M_PAGERANK;
    o->samples = CG_ROBUSTNESS_DEFAULT_SAMPLES;
    o->seed = 1;
    o->top = 10;
    o->dependence = CG_DEPENDENCE_INDEPENDENT;
    o->interval = 0.9;
    o->track = 100;
    o->leave_out = CG_LEAVE_OUT_SOURCE;
    o->shapley_permutations = 2000;
}

typedef struct priv {
    cg__arena *arena;
} priv;

static void *aalloc(cg_robustness *r, size_t n, size_t size)
{
    priv *p = r->priv_;
    size_t bytes = (n ? n : 1) * size;
    void *x = cg__arena_alloc(p->arena, bytes, 8);
    memset(x, 0, bytes);
    return x;
}

static const char *astrdup(cg_robustness *r, const char *s)
{
    priv *p = r->priv_;
    return cg__arena_strndup(p->arena, s, strlen(s));
}

void cg_robustness_free(cg_robustness *r)
{
    if (!r) return;
    priv *p = r->priv_;
    if (p) {
        cg__arena_free(p->arena);
        free(p);
    }
    free(r);
}

const cg_rob_entity *cg_robustness_entity(const cg_robustness *r, cg_idx e)
{
    return r && e < r->n ? &r->entities[e] : NULL;
}

const char *cg_robustness_unit_name(const cg_robustness *r, size_t i)
{
    return r && i < r->n_units ? r->units[i].name : NULL;
}

/* ---- the published measure on a (reduced) claim set ---- */

typedef struct ctx {
    const cg_dataset *ds;
    const cg_grading *g;
    const cg_filter *f;
    const cg_robustness_options *o;
    cg_diag *diag;
    size_t n;
    size_t k;
    cg__rob_rank_ws rws;
} ctx;

/* Values of the published measure without the claims marked in drop (NULL: none); the graph is
 * returned through gr_out when not NULL. */
static cg_status published_values(ctx *c, const unsigned char *drop, double *vals, cg_graph **gr_out)
{
    cg_graph *gr = NULL;
    cg_status st = cg__graph_build_ex(&gr, c->ds, c->g, c->f, c->o->directed, drop, NULL, c->diag);
    if (st != CG_OK) return st;
    cg_centrality_options co;
    cg_centrality_options_init(&co);
    co.measures = 1u << c->o->measure;
    co.weighted = !c->o->unweighted;
    co.threads = c->o->threads;
    cg_centrality *cen = NULL;
    /* igraph perturbs eigenvector centrality's start vector with its global generator: the same
     * state for every computation here (the worlds do the same, robustness_world.c) */
    if (c->o->measure == CG_M_EIGENVECTOR) cg__rob_igraph_begin();
    st = cg_centrality_compute(&cen, gr, &co, c->diag);
    if (c->o->measure == CG_M_EIGENVECTOR) cg__rob_igraph_end();
    if (st == CG_OK) memcpy(vals, cen->values[c->o->measure], c->n * sizeof *vals);
    cg_centrality_free(cen);
    if (gr_out && st == CG_OK) *gr_out = gr;
    else cg_graph_free(gr);
    return st;
}

/* Keys as printed; r2 = twice the mid-rank; order = the published table order (keys descending,
 * ties by id = by index). */
typedef struct ranking {
    double *key;
    uint32_t *r2;
    cg_idx *order;
} ranking;

typedef struct keyidx { double key; cg_idx i; } keyidx;

static int cmp_table(const void *x, const void *y)
{
    const keyidx *a = x, *b = y;
    if (a->key != b->key) return a->key > b->key ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static void rank_values(ctx *c, const double *vals, ranking *rk)
{
    size_t n = c->n;
    for (size_t i = 0; i < n; i++) rk->key[i] = cg_centrality_rank_key(vals[i]);
    cg__rob_rank(rk->key, n, 1, c->k, rk->r2, NULL, &c->rws); /* keys compare exactly */
    if (rk->order) {
        keyidx *ki = cg__xmalloc((n ? n : 1) * sizeof *ki);
        for (size_t i = 0; i < n; i++) ki[i] = (keyidx){rk->key[i], (cg_idx)i};
        qsort(ki, n, sizeof *ki, cmp_table);
        for (size_t i = 0; i < n; i++) rk->order[i] = ki[i].i;
        free(ki);
    }
}

static void ranking_alloc(ranking *rk, size_t n, int with_order)
{
    rk->key = cg__xmalloc((n ? n : 1) * sizeof *rk->key);
    rk->r2 = cg__xmalloc((n ? n : 1) * sizeof *rk->r2);
    rk->order = with_order ? cg__xmalloc((n ? n : 1) * sizeof *rk->order) : NULL;
}

static void ranking_free(ranking *rk)
{
    free(rk->key);
    free(rk->r2);
    free(rk->order);
}

/* ---- worlds ---- */

typedef struct blockres {
    double *psum, *rsum, *vsum;
} blockres;

typedef struct wjob {
    const cg_robustness_options *o;
    size_t n, k;
    int directed, integer;
    /* links and their groups (groups of link l: gstart[l] .. gstart[l+1]) */
    size_t L;
    cg_idx *pairs;
    double *conf;
    size_t *gstart;
    uint32_t *gdraw;
    double *gconf;
    size_t D;
    /* exact enumeration: per draw, its states (representative uniform, probability) */
    int exact;
    size_t *nstates;
    double **state_u, **state_p;
    /* worlds */
    size_t N, n_blocks;
    size_t T;
    const cg_idx *tracked;
    uint32_t *track_r2; /* N x T */
    double *world_p;    /* exact: probability of each world */
    /* shared */
    pthread_mutex_t mu;
    size_t next_block, next_merge;
    blockres *done;
    unsigned char *finished;
    double *psum, *rsum, *vsum;
    cg_status st;
    cg_diag *diag;
} wjob;

typedef struct wctx {
    double *u, *vals, *mem;
    uint32_t *r2;
    cg_idx *present;
    double *pw;
    cg__rob_ws ws;
    cg__rob_rank_ws rws;
    cg_diag *diag;
} wctx;

static cg_status eval_world(wjob *j, wctx *c, size_t w, double *prob)
{
    size_t D = j->D;
    if (j->exact) {
        double p = 1;
        size_t x = w;
        for (size_t d = 0; d < D; d++) {
            size_t s = j->nstates[d], digit = x % s;
            x /= s;
            c->u[d] = j->state_u[d][digit];
            p *= j->state_p[d][digit];
        }
        *prob = p;
    } else {
        cg__rob_world_uniforms(j->o->seed, w, c->u, D);
        *prob = 1;
    }
    size_t m = 0;
    for (size_t l = 0; l < j->L; l++) {
        int present = 0;
        for (size_t g = j->gstart[l]; g < j->gstart[l + 1]; g++) /* every draw is made; no short cut needed */
            if (c->u[j->gdraw[g]] < j->gconf[g]) present = 1;
        if (present) {
            c->present[2 * m] = j->pairs[2 * l];
            c->present[2 * m + 1] = j->pairs[2 * l + 1];
            c->pw[m] = j->conf[l];
            m++;
        }
    }
    cg_status st = cg__rob_measure(j->o->measure, j->n, j->directed, c->present, j->o->world_weights ? c->pw : NULL, m,
                                   c->vals, &c->ws, c->diag);
    if (st != CG_OK) return st;
    cg__rob_rank(c->vals, j->n, j->integer, j->k, c->r2, c->mem, &c->rws);
    return CG_OK;
}

static void *world_worker(void *arg)
{
    wjob *j = arg;
    size_t n = j->n;
    wctx c;
    memset(&c, 0, sizeof c);
    c.u = cg__xmalloc((j->D ? j->D : 1) * sizeof *c.u);
    c.vals = cg__xmalloc((n ? n : 1) * sizeof *c.vals);
    c.mem = cg__xmalloc((n ? n : 1) * sizeof *c.mem);
    c.r2 = cg__xmalloc((n ? n : 1) * sizeof *c.r2);
    c.present = cg__xmalloc((2 * j->L + 2) * sizeof *c.present);
    c.pw = cg__xmalloc((j->L + 1) * sizeof *c.pw);
    c.diag = cg_diag_new(4);
    for (;;) {
        pthread_mutex_lock(&j->mu);
        size_t b = j->st == CG_OK ? j->next_block++ : j->n_blocks;
        pthread_mutex_unlock(&j->mu);
        if (b >= j->n_blocks) break;
        blockres br;
        br.psum = cg__xcalloc(n ? n : 1, sizeof *br.psum);
        br.rsum = cg__xcalloc(n ? n : 1, sizeof *br.rsum);
        br.vsum = cg__xcalloc(n ? n : 1, sizeof *br.vsum);
        size_t from = b * BLOCK_WORLDS, to = from + BLOCK_WORLDS < j->N ? from + BLOCK_WORLDS : j->N;
        cg_status st = CG_OK;
        for (size_t w = from; w < to && st == CG_OK; w++) {
            double p;
            st = eval_world(j, &c, w, &p);
            if (st != CG_OK) break;
            if (j->exact) {
                j->world_p[w] = p;
                for (size_t v = 0; v < n; v++) {
                    br.psum[v] += p * c.mem[v];
                    br.rsum[v] += p * (double)c.r2[v];
                    br.vsum[v] += p * c.vals[v];
                }
            } else {
                for (size_t v = 0; v < n; v++) {
                    br.psum[v] += c.mem[v];
                    br.rsum[v] += (double)c.r2[v];
                    br.vsum[v] += c.vals[v];
                }
            }
            for (size_t t = 0; t < j->T; t++) j->track_r2[w * j->T + t] = c.r2[j->tracked[t]];
        }
        pthread_mutex_lock(&j->mu);
        if (st != CG_OK && j->st == CG_OK) {
            j->st = st;
            for (size_t i = 0; i < cg_diag_size(c.diag); i++)
                cg_diag_add(j->diag, CG_SEV_ERROR, NULL, 0, 0, "%s", cg_diag_get(c.diag, i)->message);
        }
        j->done[b] = br;
        j->finished[b] = 1;
        /* add finished blocks to the totals strictly in block order: the same sums for any thread count */
        while (j->next_merge < j->n_blocks && j->finished[j->next_merge]) {
            blockres *x = &j->done[j->next_merge];
            for (size_t v = 0; v < n; v++) {
                j->psum[v] += x->psum[v];
                j->rsum[v] += x->rsum[v];
                j->vsum[v] += x->vsum[v];
            }
            free(x->psum);
            free(x->rsum);
            free(x->vsum);
            memset(x, 0, sizeof *x);
            j->next_merge++;
        }
        pthread_mutex_unlock(&j->mu);
    }
    cg__rob_ws_free(&c.ws);
    cg__rob_rank_ws_free(&c.rws);
    cg_diag_free(c.diag);
    free(c.u);
    free(c.vals);
    free(c.mem);
    free(c.r2);
    free(c.present);
    free(c.pw);
    return NULL;
}

typedef struct ipair { uint32_t key[3]; uint32_t g; } ipair;

static int cmp_ipair(const void *x, const void *y)
{
    const ipair *a = x, *b = y;
    for (int i = 0; i < 3; i++)
        if (a->key[i] != b->key[i]) return a->key[i] < b->key[i] ? -1 : 1;
    return a->g < b->g ? -1 : a->g > b->g;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* the x-th smallest (1-based) of the values counted in cnt[0..m) */
static uint32_t order_stat(const uint32_t *cnt, size_t m, size_t x)
{
    size_t acc = 0;
    for (size_t v = 0; v < m; v++) {
        acc += cnt[v];
        if (acc >= x) return (uint32_t)v;
    }
    return (uint32_t)(m - 1);
}

typedef struct rp { uint32_t r2; double p; } rp;

static int cmp_rp(const void *x, const void *y)
{
    const rp *a = x, *b = y;
    if (a->r2 != b->r2) return a->r2 < b->r2 ? -1 : 1;
    return a->p < b->p ? -1 : a->p > b->p;
}

static cg_status run_worlds(ctx *cx, cg_robustness *r, const cg_graph *gr, const cg__group_list *groups)
{
    const cg_robustness_options *o = cx->o;
    size_t n = cx->n, L = cg_graph_n_links(gr), G = groups->n;
    cg_status st = CG_OK;
    wjob j;
    memset(&j, 0, sizeof j);
    j.o = o;
    j.n = n;
    j.k = cx->k;
    j.directed = o->directed;
    j.integer = is_integer_measure(o->measure) || (o->measure == CG_M_STRENGTH && !o->world_weights);
    j.L = L;
    j.pairs = cg__xmalloc((2 * L + 2) * sizeof *j.pairs);
    j.conf = cg__xmalloc((L + 1) * sizeof *j.conf);
    for (size_t l = 0; l < L; l++) {
        const cg_link *lk = cg_graph_link(gr, l);
        j.pairs[2 * l] = lk->a;
        j.pairs[2 * l + 1] = lk->b;
        j.conf[l] = lk->confidence;
    }
    j.gstart = cg__xcalloc(L + 2, sizeof *j.gstart);
    for (size_t g = 0; g < G; g++) j.gstart[groups->v[g].link + 1]++;
    for (size_t l = 0; l < L; l++) j.gstart[l + 1] += j.gstart[l];
    j.gconf = cg__xmalloc((G + 1) * sizeof *j.gconf);
    j.gdraw = cg__xmalloc((G + 1) * sizeof *j.gdraw);
    /* the draw plan: independent -> one uniform per (unordered pair, first claim), in that order
     * (the two directions of a pair share it in a directed graph); source -> one per cites
     * family, in family order (the smallest source id) */
    ipair *ip = cg__xmalloc((G + 1) * sizeof *ip);
    for (size_t g = 0; g < G; g++) {
        const cg__link_group *x = &groups->v[g];
        const cg_link *lk = cg_graph_link(gr, x->link);
        j.gconf[g] = x->confidence;
        if (o->dependence == CG_DEPENDENCE_INDEPENDENT)
            ip[g] = (ipair){{lk->a < lk->b ? lk->a : lk->b, lk->a < lk->b ? lk->b : lk->a, x->first_claim}, (uint32_t)g};
        else
            ip[g] = (ipair){{x->rep_family, 0, 0}, (uint32_t)g};
    }
    qsort(ip, G, sizeof *ip, cmp_ipair);
    size_t D = 0;
    for (size_t i = 0; i < G; i++) {
        if (i > 0 && memcmp(ip[i].key, ip[i - 1].key, sizeof ip[i].key) != 0) D++;
        j.gdraw[ip[i].g] = (uint32_t)D;
    }
    if (G) D++;
    free(ip);
    j.D = D;
    r->groups = G;
    r->draws = D;
    if (o->exact) {
        /* states of a draw: the intervals between its groups' distinct confidences in (0,1) */
        j.exact = 1;
        j.nstates = cg__xcalloc(D + 1, sizeof *j.nstates);
        j.state_u = cg__xcalloc(D + 1, sizeof *j.state_u);
        j.state_p = cg__xcalloc(D + 1, sizeof *j.state_p);
        double *th = cg__xmalloc((G + 1) * sizeof *th);
        size_t *cnt = cg__xcalloc(D + 1, sizeof *cnt);
        for (size_t g = 0; g < G; g++) cnt[j.gdraw[g]]++;
        double total = 1;
        for (size_t d = 0; d < D; d++) {
            size_t m = 0;
            for (size_t g = 0; g < G; g++) /* O(D G): D and G are at most a few dozen here */
                if (j.gdraw[g] == d && j.gconf[g] > 0 && j.gconf[g] < 1) th[m++] = j.gconf[g];
            qsort(th, m, sizeof *th, cmp_double);
            size_t u = 0;
            for (size_t i = 0; i < m; i++)
                if (u == 0 || th[i] != th[u - 1]) th[u++] = th[i];
            j.nstates[d] = u + 1;
            j.state_u[d] = cg__xmalloc((u + 1) * sizeof(double));
            j.state_p[d] = cg__xmalloc((u + 1) * sizeof(double));
            for (size_t i = 0; i <= u; i++) {
                double lo = i ? th[i - 1] : 0.0, hi = i < u ? th[i] : 1.0;
                j.state_u[d][i] = lo;
                j.state_p[d][i] = hi - lo;
            }
            total *= (double)(u + 1);
            if (total > (double)CG_ROBUSTNESS_EXACT_MAX) break;
        }
        free(th);
        free(cnt);
        if (total > (double)CG_ROBUSTNESS_EXACT_MAX) {
            cg_diag_add(cx->diag, CG_SEV_ERROR, NULL, 0, 0,
                        "--exact: the %zu uncertain draws of this graph make more than %u worlds (at most 16 uncertain "
                        "groups, or 2^16 family states); use Monte-Carlo worlds (--samples) instead",
                        D, CG_ROBUSTNESS_EXACT_MAX);
            st = CG_EINVAL;
            goto done;
        }
        j.N = (size_t)total;
        j.world_p = cg__xmalloc(j.N * sizeof *j.world_p);
    } else {
        j.N = o->samples;
    }
    r->worlds = j.N;
    r->have_worlds = 1;
    j.T = o->track < n ? o->track : n;
    if ((double)j.N * (double)j.T > (double)((size_t)1 << 28)) { /* the kept world ranks: 4 bytes each */
        cg_diag_add(cx->diag, CG_SEV_ERROR, NULL, 0, 0,
                    "%zu worlds x %zu tracked entities would keep more than 2^28 world ranks (1 GiB): lower --samples "
                    "or --track", j.N, j.T);
        st = CG_EINVAL;
        goto done;
    }
    j.tracked = r->order;
    j.track_r2 = cg__xmalloc((j.N * j.T + 1) * sizeof *j.track_r2);
    j.n_blocks = (j.N + BLOCK_WORLDS - 1) / BLOCK_WORLDS;
    j.done = cg__xcalloc(j.n_blocks + 1, sizeof *j.done);
    j.finished = cg__xcalloc(j.n_blocks + 1, 1);
    j.psum = cg__xcalloc(n + 1, sizeof *j.psum);
    j.rsum = cg__xcalloc(n + 1, sizeof *j.rsum);
    j.vsum = cg__xcalloc(n + 1, sizeof *j.vsum);
    j.diag = cx->diag;
    pthread_mutex_init(&j.mu, NULL);
    {
        long nt = o->threads ? (long)o->threads : sysconf(_SC_NPROCESSORS_ONLN);
        if (nt < 1) nt = 1;
        if (nt > MAX_THREADS) nt = MAX_THREADS;
        if ((size_t)nt > j.n_blocks) nt = (long)(j.n_blocks ? j.n_blocks : 1);
        pthread_t th[MAX_THREADS];
        int started[MAX_THREADS] = {0};
        for (long t = 1; t < nt; t++) started[t] = pthread_create(&th[t], NULL, world_worker, &j) == 0;
        world_worker(&j);
        for (long t = 1; t < nt; t++)
            if (started[t]) pthread_join(th[t], NULL);
    }
    pthread_mutex_destroy(&j.mu);
    st = j.st;
    if (st != CG_OK) goto done;

    /* summaries */
    double N = (double)j.N;
    r->p_top_k_halfwidth = o->exact || n == 0 ? 0.0 : sqrt(log(2.0 * (double)n / 0.05) / (2.0 * N));
    for (size_t v = 0; v < n; v++) {
        cg_rob_entity *e = &r->entities[v];
        if (o->exact) {
            e->p_top_k = j.psum[v];
            e->mean_rank = j.rsum[v] / 2;
            e->mean_value = j.vsum[v];
        } else {
            e->p_top_k = j.psum[v] / N;
            e->mean_rank = j.rsum[v] / (2 * N);
            e->mean_value = j.vsum[v] / N;
        }
    }
    double p_lo = (1 - o->interval) / 2, p_hi = (1 + o->interval) / 2;
    size_t ci_lo[2] = {0, 0}, ci_hi[2] = {0, 0};
    if (!o->exact) {
        cg__rob_order_stat_ci(j.N, p_lo, &ci_lo[0], &ci_lo[1]);
        cg__rob_order_stat_ci(j.N, p_hi, &ci_hi[0], &ci_hi[1]);
    }
    uint32_t *col = cg__xmalloc((2 * n + 2) * sizeof *col);
    rp *cp = o->exact ? cg__xmalloc((j.N + 1) * sizeof *cp) : NULL;
    for (size_t t = 0; t < j.T; t++) {
        cg_rob_entity *e = &r->entities[j.tracked[t]];
        e->tracked = 1;
        if (o->exact) {
            for (size_t w = 0; w < j.N; w++) cp[w] = (rp){j.track_r2[w * j.T + t], j.world_p[w]};
            qsort(cp, j.N, sizeof *cp, cmp_rp);
            double q[3] = {0.5, p_lo, p_hi}, res[3];
            for (int i = 0; i < 3; i++) {
                double acc = 0;
                res[i] = cp[j.N - 1].r2 / 2.0;
                for (size_t w = 0; w < j.N; w++) {
                    acc += cp[w].p;
                    if (acc >= q[i] - 1e-12) {
                        res[i] = cp[w].r2 / 2.0;
                        break;
                    }
                }
            }
            e->median_rank = res[0];
            e->rank_lo = e->rank_lo_ci[0] = e->rank_lo_ci[1] = res[1];
            e->rank_hi = e->rank_hi_ci[0] = e->rank_hi_ci[1] = res[2];
            e->resolved = 1;
        } else {
            /* order statistics of twice the mid-ranks (integers 2 .. 2n+1) by counting */
            memset(col, 0, (2 * n + 2) * sizeof *col);
            for (size_t w = 0; w < j.N; w++) col[j.track_r2[w * j.T + t]]++;
            e->median_rank = order_stat(col, 2 * n + 2, cg__rob_quantile_index(0.5, j.N)) / 2.0;
            e->rank_lo = order_stat(col, 2 * n + 2, cg__rob_quantile_index(p_lo, j.N)) / 2.0;
            e->rank_hi = order_stat(col, 2 * n + 2, cg__rob_quantile_index(p_hi, j.N)) / 2.0;
            e->rank_lo_ci[0] = order_stat(col, 2 * n + 2, ci_lo[0]) / 2.0;
            e->rank_lo_ci[1] = order_stat(col, 2 * n + 2, ci_lo[1]) / 2.0;
            e->rank_hi_ci[0] = order_stat(col, 2 * n + 2, ci_hi[0]) / 2.0;
            e->rank_hi_ci[1] = order_stat(col, 2 * n + 2, ci_hi[1]) / 2.0;
            e->resolved = e->rank_lo_ci[1] - e->rank_lo_ci[0] <= 2 && e->rank_hi_ci[1] - e->rank_hi_ci[0] <= 2;
            if (!e->resolved) r->n_unresolved++;
        }
    }
    free(col);
    free(cp);
done:
    if (j.state_u)
        for (size_t d = 0; d < j.D; d++) {
            free(j.state_u[d]);
            free(j.state_p[d]);
        }
    free(j.state_u);
    free(j.state_p);
    free(j.nstates);
    free(j.pairs);
    free(j.conf);
    free(j.gstart);
    free(j.gconf);
    free(j.gdraw);
    free(j.track_r2);
    free(j.world_p);
    if (j.done)
        for (size_t b = 0; b < j.n_blocks; b++) {
            free(j.done[b].psum);
            free(j.done[b].rsum);
            free(j.done[b].vsum);
        }
    free(j.done);
    free(j.finished);
    free(j.psum);
    free(j.rsum);
    free(j.vsum);
    return st;
}

/* ---- units ---- */

typedef struct unitdef {
    char *name;
    unsigned char *drop; /* per claim */
    size_t claims;       /* accepted claims in the unit */
} unitdef;

typedef CG_VEC(unitdef) unit_vec;

static int cmp_str(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

/* The units of a kind, each with its claim mask (claims the filter accepts). */
static void make_units(ctx *c, cg_leave_out kind, unit_vec *out)
{
    const cg_dataset *ds = c->ds;
    size_t nc = ds->n_claims, ns = ds->n_sources;
    unsigned char *acc = cg__xmalloc(nc + 1);
    for (size_t i = 0; i < nc; i++) acc[i] = (unsigned char)cg_filter_accepts(c->f, ds, (cg_idx)i);
    if (kind == CG_LEAVE_OUT_SOURCE || kind == CG_LEAVE_OUT_FAMILY) {
        cg_idx *fam = cg_cites_families(ds);
        size_t *count = cg__xcalloc(ns + 1, sizeof *count);
        for (size_t i = 0; i < nc; i++)
            if (acc[i]) count[kind == CG_LEAVE_OUT_SOURCE ? ds->claims[i].source : fam[ds->claims[i].source]]++;
        for (size_t s = 0; s < ns; s++) {
            if (!count[s]) continue;
            unitdef u = {NULL, cg__xcalloc(nc + 1, 1), count[s]};
            for (size_t i = 0; i < nc; i++) {
                cg_idx src = ds->claims[i].source;
                if (acc[i] && (kind == CG_LEAVE_OUT_SOURCE ? src == s : fam[src] == s)) u.drop[i] = 1;
            }
            if (kind == CG_LEAVE_OUT_SOURCE) {
                u.name = cg__xstrdup(ds->sources[s].id);
            } else {
                cg__buf b;
                cg__buf_init(&b);
                for (size_t x = 0; x < ns; x++)
                    if (fam[x] == s) {
                        if (b.len) cg__buf_addc(&b, '+');
                        cg__buf_adds(&b, ds->sources[x].id);
                    }
                u.name = cg__buf_steal(&b);
            }
            CG_VEC_PUSH(*out, u);
        }
        free(count);
        free(fam);
    } else if (kind == CG_LEAVE_OUT_ORIGIN) {
        const char **orig = cg__xmalloc((nc + 1) * sizeof *orig);
        size_t m = 0;
        for (size_t i = 0; i < nc; i++)
            if (acc[i] && ds->claims[i].origin) orig[m++] = ds->claims[i].origin;
        qsort(orig, m, sizeof *orig, cmp_str);
        for (size_t x = 0; x < m; x++) {
            if (x > 0 && strcmp(orig[x], orig[x - 1]) == 0) continue;
            unitdef u = {cg__xstrdup(orig[x]), cg__xcalloc(nc + 1, 1), 0};
            for (size_t i = 0; i < nc; i++)
                if (acc[i] && ds->claims[i].origin && strcmp(ds->claims[i].origin, orig[x]) == 0) {
                    u.drop[i] = 1;
                    u.claims++;
                }
            CG_VEC_PUSH(*out, u);
        }
        free(orig);
    } else if (kind == CG_LEAVE_OUT_ANONYMOUS) {
        unitdef u = {cg__xstrdup("anonymous"), cg__xcalloc(nc + 1, 1), 0};
        for (size_t i = 0; i < nc; i++)
            if (acc[i] && ds->claims[i].anonymous) {
                u.drop[i] = 1;
                u.claims++;
            }
        if (u.claims) CG_VEC_PUSH(*out, u);
        else {
            free(u.name);
            free(u.drop);
        }
    }
    free(acc);
}

static void free_units(unit_vec *u)
{
    for (size_t i = 0; i < u->n; i++) {
        free(u->v[i].name);
        free(u->v[i].drop);
    }
    CG_VEC_FREE(*u);
}

static cg_status leave_out(ctx *c, cg_robustness *r, const unit_vec *units, const ranking *pub, const cg_graph *full,
                           uint32_t **unit_r2_out)
{
    size_t n = c->n, U = units->n, kk = c->k < n ? c->k : n;
    r->n_units = U;
    r->units = aalloc(r, U, sizeof *r->units);
    uint32_t *unit_r2 = cg__xmalloc((U * n + 1) * sizeof *unit_r2);
    *unit_r2_out = unit_r2;
    double *vals = cg__xmalloc((n + 1) * sizeof *vals);
    ranking rk;
    ranking_alloc(&rk, n, 1);
    unsigned char *in_full = cg__xcalloc(n + 1, 1), *in_red = cg__xcalloc(n + 1, 1);
    for (size_t i = 0; i < kk; i++) in_full[pub->order[i]] = 1;
    cg_status st = CG_OK;
    for (size_t ui = 0; ui < U && st == CG_OK; ui++) {
        cg_graph *gr = NULL;
        st = published_values(c, units->v[ui].drop, vals, &gr);
        if (st != CG_OK) break;
        rank_values(c, vals, &rk);
        memcpy(unit_r2 + ui * n, rk.r2, n * sizeof *rk.r2);
        cg_rob_unit *u = &r->units[ui];
        u->name = astrdup(r, units->v[ui].name);
        u->claims_removed = units->v[ui].claims;
        /* links lost or weakened: both link lists are sorted by (a, b) */
        size_t a = 0, b = 0, La = cg_graph_n_links(full), Lb = cg_graph_n_links(gr);
        while (a < La) {
            const cg_link *x = cg_graph_link(full, a);
            const cg_link *y = b < Lb ? cg_graph_link(gr, b) : NULL;
            if (y && (y->a < x->a || (y->a == x->a && y->b < x->b))) {
                b++;
                continue;
            }
            if (y && y->a == x->a && y->b == x->b) {
                if (y->confidence < x->confidence) u->links_weakened++;
                b++;
            } else {
                u->links_lost++;
            }
            a++;
        }
        cg_graph_free(gr);
        u->n_top = kk;
        cg_idx *top = aalloc(r, kk, sizeof *top);
        memcpy(top, rk.order, kk * sizeof *top);
        u->top_k = top;
        memset(in_red, 0, n);
        for (size_t i = 0; i < kk; i++) in_red[top[i]] = 1;
        cg_idx *ent = aalloc(r, kk, sizeof *ent), *left = aalloc(r, kk, sizeof *left);
        size_t common = 0;
        for (size_t i = 0; i < kk; i++) {
            if (!in_full[top[i]]) ent[u->n_entered++] = top[i];
            else common++;
            if (!in_red[pub->order[i]]) left[u->n_left++] = pub->order[i];
        }
        u->entered = ent;
        u->left = left;
        u->overlap = kk ? (double)common / (double)kk : 1.0;
        u->kendall_tau = cg__rob_kendall_tau_b(pub->key, rk.key, n);
        /* the three largest moves, ties by published row */
        for (size_t i = 0; i < n; i++) {
            cg_idx v = pub->order[i];
            if (rk.r2[v] == pub->r2[v]) continue;
            uint32_t dv = rk.r2[v] > pub->r2[v] ? rk.r2[v] - pub->r2[v] : pub->r2[v] - rk.r2[v];
            size_t pos = u->n_moved;
            while (pos > 0) {
                const cg_rob_move *p = &u->moved[pos - 1];
                double dp = fabs(p->to - p->from) * 2;
                if (dp >= (double)dv) break;
                pos--;
            }
            if (pos >= 3) continue;
            size_t last = u->n_moved < 3 ? u->n_moved : 2;
            for (size_t x = last; x > pos; x--) u->moved[x] = u->moved[x - 1];
            u->moved[pos] = (cg_rob_move){v, pub->r2[v] / 2.0, rk.r2[v] / 2.0};
            if (u->n_moved < 3) u->n_moved++;
        }
    }
    free(in_full);
    free(in_red);
    ranking_free(&rk);
    free(vals);
    return st;
}

/* ---- Shapley attribution over sources ---- */

static cg_status shapley(ctx *c, cg_robustness *r)
{
    const cg_dataset *ds = c->ds;
    size_t n = c->n, nc = ds->n_claims, ns = ds->n_sources;
    /* players: sources with at least one accepted supporting claim */
    unsigned char *has = cg__xcalloc(ns + 1, 1);
    for (size_t i = 0; i < nc; i++)
        if (ds->claims[i].stance == CG_SUPPORTS && cg_filter_accepts(c->f, ds, (cg_idx)i)) has[ds->claims[i].source] = 1;
    size_t S = 0;
    for (size_t s = 0; s < ns; s++) S += has[s];
    cg_idx *pl = cg__xmalloc((S + 1) * sizeof *pl);
    size_t *player_of = cg__xmalloc((ns + 1) * sizeof *player_of);
    S = 0;
    for (size_t s = 0; s < ns; s++) {
        player_of[s] = has[s] ? S : CG_ROB_NONE;
        if (has[s]) pl[S++] = (cg_idx)s;
    }
    free(has);
    r->have_shapley = 1;
    r->n_players = S;
    const char **names = aalloc(r, S, sizeof *names);
    for (size_t i = 0; i < S; i++) names[i] = astrdup(r, ds->sources[pl[i]].id);
    r->players = names;
    double *phi = aalloc(r, n * S, sizeof *phi);
    r->shapley = phi;
    unsigned char *drop = cg__xmalloc(nc + 1);
    unsigned char *in = cg__xcalloc(S + 1, 1);
    double *v = cg__xmalloc((n + 1) * sizeof *v), *prev = cg__xmalloc((n + 1) * sizeof *prev);
    double *vfull = cg__xmalloc((n + 1) * sizeof *vfull), *vnone = cg__xmalloc((n + 1) * sizeof *vnone);
    cg_status st = CG_OK;
#define SET_DROP() \
    for (size_t i_ = 0; i_ < nc; i_++) { \
        size_t p_ = player_of[ds->claims[i_].source]; \
        drop[i_] = (unsigned char)(p_ == CG_ROB_NONE || !in[p_]); \
    }
    if (S <= CG_ROBUSTNESS_SHAPLEY_EXACT_MAX) {
        /* phi_s = sum over T containing s of (|T|-1)!(S-|T|)!/S! v(T) - sum over T without s of
         * |T|!(S-|T|-1)!/S! v(T): every coalition's values are used once, for all entities */
        r->shapley_exact = 1;
        double *fact = cg__xmalloc((S + 2) * sizeof *fact);
        fact[0] = 1;
        for (size_t i = 1; i <= S; i++) fact[i] = fact[i - 1] * (double)i;
        for (uint64_t mask = 0; mask < ((uint64_t)1 << S) && st == CG_OK; mask++) {
            size_t t = 0;
            for (size_t i = 0; i < S; i++) {
                in[i] = (unsigned char)((mask >> i) & 1);
                t += in[i];
            }
            SET_DROP();
            st = published_values(c, drop, v, NULL);
            if (st != CG_OK) break;
            if (mask == 0) memcpy(vnone, v, n * sizeof *v);
            if (mask == ((uint64_t)1 << S) - 1) memcpy(vfull, v, n * sizeof *v);
            double w_in = t ? fact[t - 1] * fact[S - t] / fact[S] : 0, w_out = t < S ? fact[t] * fact[S - t - 1] / fact[S] : 0;
            for (size_t i = 0; i < S; i++) {
                double w = in[i] ? w_in : -w_out;
                for (size_t e = 0; e < n; e++) phi[e * S + i] += w * v[e];
            }
        }
        free(fact);
    } else {
        /* seeded permutation sampling (Ghorbani & Zou 2019): a player's mean marginal contribution
         * over P random orders; stream splitmix64-shapley-v1 */
        r->shapley_exact = 0;
        size_t P = c->o->shapley_permutations ? c->o->shapley_permutations : 1;
        size_t *perm = cg__xmalloc((S + 1) * sizeof *perm);
        uint64_t s = c->o->seed ^ 0x5348415045ULL;
        memset(in, 0, S);
        SET_DROP();
        st = published_values(c, drop, vnone, NULL);
        for (size_t p = 0; p < P && st == CG_OK; p++) {
            for (size_t i = 0; i < S; i++) perm[i] = i;
            for (size_t i = S - 1; i > 0; i--) {
                s += 0x9E3779B97F4A7C15ULL;
                size_t x = (size_t)(cg__rob_mix64(s) % (uint64_t)(i + 1));
                size_t t = perm[i];
                perm[i] = perm[x];
                perm[x] = t;
            }
            memset(in, 0, S);
            memcpy(prev, vnone, n * sizeof *prev);
            for (size_t i = 0; i < S && st == CG_OK; i++) {
                in[perm[i]] = 1;
                SET_DROP();
                st = published_values(c, drop, v, NULL);
                if (st != CG_OK) break;
                for (size_t e = 0; e < n; e++) {
                    phi[e * S + perm[i]] += (v[e] - prev[e]) / (double)P;
                    prev[e] = v[e];
                }
            }
            if (p == 0) memcpy(vfull, v, n * sizeof *v);
        }
        r->options.shapley_permutations = P;
        free(perm);
    }
#undef SET_DROP
    if (st == CG_OK) {
        double worst = 0;
        for (size_t e = 0; e < n; e++) {
            double sum = 0;
            for (size_t i = 0; i < S; i++) sum += phi[e * S + i];
            double d = fabs(sum - (vfull[e] - vnone[e]));
            if (d > worst) worst = d;
        }
        r->shapley_efficiency_error = worst;
    }
    free(drop);
    free(in);
    free(v);
    free(prev);
    free(vfull);
    free(vnone);
    free(pl);
    free(player_of);
    return st;
}

/* ---- breaking sets ---- */

typedef struct memo_ent {
    size_t len;
    size_t *idx;   /* sorted unit indices */
    uint32_t *r2;
    uint64_t h;
} memo_ent;

typedef struct memo {
    memo_ent *t;
    size_t cap, n;
    size_t bytes, max_bytes;
} memo;

static uint64_t hash_idx(const size_t *x, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (uint64_t)x[i]) * 1099511628211ULL;
    return h ^ n;
}

static memo_ent *memo_find(memo *m, const size_t *idx, size_t len, uint64_t h)
{
    if (!m->cap) return NULL;
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        memo_ent *e = &m->t[i];
        if (!e->r2) return NULL;
        if (e->h == h && e->len == len && memcmp(e->idx, idx, len * sizeof *idx) == 0) return e;
    }
}

static void memo_put(memo *m, const size_t *idx, size_t len, uint64_t h, const uint32_t *r2, size_t n)
{
    size_t need = len * sizeof(size_t) + n * sizeof(uint32_t);
    if (m->bytes + need > m->max_bytes) return;
    if ((m->n + 1) * 2 > m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 64;
        memo_ent *t = cg__xcalloc(nc, sizeof *t);
        for (size_t i = 0; i < m->cap; i++)
            if (m->t[i].r2) {
                size_t x = m->t[i].h & (nc - 1);
                while (t[x].r2) x = (x + 1) & (nc - 1);
                t[x] = m->t[i];
            }
        free(m->t);
        m->t = t;
        m->cap = nc;
    }
    size_t x = h & (m->cap - 1);
    while (m->t[x].r2) x = (x + 1) & (m->cap - 1);
    memo_ent *e = &m->t[x];
    e->len = len;
    e->h = h;
    e->idx = cg__xmalloc((len + 1) * sizeof *e->idx);
    memcpy(e->idx, idx, len * sizeof *idx);
    e->r2 = cg__xmalloc(n * sizeof *e->r2);
    memcpy(e->r2, r2, n * sizeof *r2);
    m->n++;
    m->bytes += need;
}

static void memo_free(memo *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        free(m->t[i].idx);
        free(m->t[i].r2);
    }
    free(m->t);
}

static int cmp_size(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return a < b ? -1 : a > b;
}

/* Twice the mid-rank of every entity without the units in sel (any order). */
static cg_status r2_without(ctx *c, const unit_vec *units, memo *m, const size_t *sel, size_t len, uint32_t *out,
                            double *vals, ranking *rk, unsigned char *drop)
{
    size_t *s = cg__xmalloc((len + 1) * sizeof *s);
    memcpy(s, sel, len * sizeof *s);
    qsort(s, len, sizeof *s, cmp_size);
    uint64_t h = hash_idx(s, len);
    memo_ent *e = memo_find(m, s, len, h);
    cg_status st = CG_OK;
    if (e) {
        memcpy(out, e->r2, c->n * sizeof *out);
    } else {
        size_t nc = c->ds->n_claims;
        memset(drop, 0, nc);
        for (size_t i = 0; i < len; i++)
            for (size_t x = 0; x < nc; x++) drop[x] |= units->v[s[i]].drop[x];
        st = published_values(c, drop, vals, NULL);
        if (st == CG_OK) {
            rank_values(c, vals, rk);
            memcpy(out, rk->r2, c->n * sizeof *out);
            memo_put(m, s, len, h, out, c->n);
        }
    }
    free(s);
    return st;
}

static cg_status breaking_sets(ctx *c, cg_robustness *r, const unit_vec *units)
{
    size_t n = c->n, U = units->n, kk = c->k < n ? c->k : n;
    uint32_t lim = (uint32_t)(2 * c->k);
    r->n_breaking = kk;
    r->breaking = aalloc(r, kk, sizeof *r->breaking);
    memo m = {NULL, 0, 0, 0, (size_t)256 << 20};
    uint32_t *r2 = cg__xmalloc((n + 1) * sizeof *r2);
    double *vals = cg__xmalloc((n + 1) * sizeof *vals);
    unsigned char *drop = cg__xmalloc(c->ds->n_claims + 1);
    ranking rk;
    ranking_alloc(&rk, n, 0);
    size_t *sel = cg__xmalloc((U + 1) * sizeof *sel);
    unsigned char *used = cg__xcalloc(U + 1, 1);
    cg_status st = CG_OK;
    for (size_t t = 0; t < kk && st == CG_OK; t++) {
        cg_idx v = r->order[t];
        size_t len = 0;
        memset(used, 0, U);
        st = r2_without(c, units, &m, sel, 0, r2, vals, &rk, drop);
        uint32_t cur = r2[v];
        while (st == CG_OK && cur <= lim && len < U) {
            size_t best = CG_ROB_NONE;
            uint32_t best_r = 0;
            for (size_t u = 0; u < U && st == CG_OK; u++) {
                if (used[u]) continue;
                sel[len] = u;
                st = r2_without(c, units, &m, sel, len + 1, r2, vals, &rk, drop);
                if (st == CG_OK && (best == CG_ROB_NONE || r2[v] > best_r)) {
                    best = u;
                    best_r = r2[v];
                }
            }
            if (st != CG_OK) break;
            sel[len++] = best;
            used[best] = 1;
            cur = best_r;
        }
        cg_rob_breaking *b = &r->breaking[t];
        b->entity = v;
        b->n_units = len;
        const char **names = aalloc(r, len, sizeof *names);
        for (size_t i = 0; i < len; i++) names[i] = astrdup(r, units->v[sel[i]].name);
        b->units = names;
        b->rank_after = cur / 2.0;
        b->breaks = cur > lim;
    }
    free(sel);
    free(used);
    ranking_free(&rk);
    free(drop);
    free(vals);
    free(r2);
    memo_free(&m);
    return st;
}

/* ---- the run ---- */

cg_status cg_robustness_run(cg_robustness **out, const cg_dataset *ds, const cg_grading *g, const cg_filter *f,
                            const cg_robustness_options *oin, cg_diag *diag)
{
    *out = NULL;
    cg_robustness_options o;
    cg_robustness_options_init(&o);
    if (oin) {
        if (oin->version != CG_ROBUSTNESS_OPTIONS_VERSION) {
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "cg_robustness_options: version %u, this library has %u",
                        oin->version, CG_ROBUSTNESS_OPTIONS_VERSION);
            return CG_EINVAL;
        }
        o = *oin;
    }
    if ((unsigned)o.measure >= CG_M_COUNT) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "unknown measure");
        return CG_EINVAL;
    }
    if (o.top < 1) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "--top must be at least 1");
        return CG_EINVAL;
    }
    if (!(o.interval > 0 && o.interval < 1)) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "--interval must be between 0 and 1 (exclusive)");
        return CG_EINVAL;
    }
    if (o.samples == CG_ROBUSTNESS_DEFAULT_SAMPLES) o.samples = cg_robustness_default_samples(o.measure);
    if (o.exact) o.samples = 0;
    int want_worlds = o.exact || o.samples > 0;
    if (!want_worlds && o.leave_out == CG_LEAVE_OUT_NONE && !o.shapley && !o.breaking_sets) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0,
                    "nothing to do: no worlds (--samples 0), no leave-out (--leave-out none), no attribution and no "
                    "breaking sets");
        return CG_EINVAL;
    }
    size_t n = ds->n_entities;
    if (want_worlds && is_path_measure(o.measure) && n > PATH_MEASURE_MAX_ENTITIES) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0,
                    "%s on %zu entities: above %d entities the exact path measures of every world are too slow; "
                    "use --samples 0 (leave-out, attribution) or another measure",
                    cg_measure_name(o.measure), n, PATH_MEASURE_MAX_ENTITIES);
        return CG_EINVAL;
    }
    if (f && cg_filter_check(f, ds, diag) != CG_OK) return CG_ENOTFOUND;

    cg_robustness *r = cg__xcalloc(1, sizeof *r);
    priv *p = cg__xcalloc(1, sizeof *p);
    p->arena = cg__arena_new();
    r->priv_ = p;
    r->options = o;
    r->n = n;
    ctx c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    c.g = g;
    c.f = f;
    c.o = &r->options;
    c.diag = diag;
    c.n = n;
    c.k = o.top;
    cg_status st = CG_OK;
    cg_graph *gr = NULL;
    cg__group_list groups = {0};
    unit_vec units = {0}, bunits = {0};
    uint32_t *unit_r2 = NULL;
    double *pubv = cg__xmalloc((n + 1) * sizeof *pubv);
    ranking pub;
    ranking_alloc(&pub, n, 1);

    /* the published ranking */
    double t0 = cg__now();
    st = cg__graph_build_ex(&gr, ds, g, f, o.directed, NULL, &groups, diag);
    if (st != CG_OK) goto done;
    r->links = cg_graph_n_links(gr);
    r->groups = groups.n;
    st = published_values(&c, NULL, pubv, NULL);
    if (st != CG_OK) goto done;
    rank_values(&c, pubv, &pub);
    r->entities = aalloc(r, n, sizeof *r->entities);
    cg_idx *order = aalloc(r, n, sizeof *order);
    memcpy(order, pub.order, n * sizeof *order);
    r->order = order;
    for (size_t i = 0; i < n; i++) {
        cg_rob_entity *e = &r->entities[order[i]];
        e->entity = order[i];
        e->published_rank = i + 1;
    }
    for (size_t v = 0; v < n; v++) {
        cg_rob_entity *e = &r->entities[v];
        e->published_value = pubv[v];
        e->published_midrank = pub.r2[v] / 2.0;
        e->median_rank = e->rank_lo = e->rank_hi = NAN;
        e->rank_lo_ci[0] = e->rank_lo_ci[1] = e->rank_hi_ci[0] = e->rank_hi_ci[1] = NAN;
        e->p_top_k = e->mean_rank = e->mean_value = NAN;
        e->worst_rank_loo = NAN;
        e->critical_unit = CG_ROB_NONE;
        e->robust_top_k = -1;
    }

    r->seconds_published = cg__now() - t0;
    if (want_worlds) {
        t0 = cg__now();
        st = run_worlds(&c, r, gr, &groups);
        r->seconds_worlds = cg__now() - t0;
        if (st != CG_OK) goto done;
    }

    t0 = cg__now();
    if (o.leave_out != CG_LEAVE_OUT_NONE) {
        make_units(&c, o.leave_out, &units);
        st = leave_out(&c, r, &units, &pub, gr, &unit_r2);
        if (st != CG_OK) goto done;
        size_t U = units.n;
        uint32_t lim = (uint32_t)(2 * o.top);
        for (size_t v = 0; v < n; v++) {
            cg_rob_entity *e = &r->entities[v];
            size_t worst = CG_ROB_NONE, nd = 0;
            int robust = pub.r2[v] <= lim;
            for (size_t u = 0; u < U; u++) {
                uint32_t x = unit_r2[u * n + v];
                if (worst == CG_ROB_NONE || x > unit_r2[worst * n + v]) worst = u;
                if (x > lim && x > pub.r2[v]) nd++;
                if (x > lim) robust = 0;
            }
            size_t *drops = aalloc(r, nd, sizeof *drops);
            nd = 0;
            for (size_t u = 0; u < U; u++) {
                uint32_t x = unit_r2[u * n + v];
                if (x > lim && x > pub.r2[v]) drops[nd++] = u;
            }
            e->drops = drops;
            e->n_drops = nd;
            if (U) {
                e->worst_rank_loo = unit_r2[worst * n + v] / 2.0;
                e->critical_unit = unit_r2[worst * n + v] > pub.r2[v] ? worst : CG_ROB_NONE;
                e->robust_top_k = robust;
            }
        }
    }

    r->seconds_leave_out = cg__now() - t0;
    t0 = cg__now();
    if (o.shapley) {
        st = shapley(&c, r);
        if (st != CG_OK) goto done;
    }

    r->seconds_shapley = cg__now() - t0;
    t0 = cg__now();
    if (o.breaking_sets) {
        if (o.leave_out == CG_LEAVE_OUT_NONE) {
            make_units(&c, CG_LEAVE_OUT_SOURCE, &bunits);
            st = breaking_sets(&c, r, &bunits);
        } else {
            st = breaking_sets(&c, r, &units);
        }
        if (st != CG_OK) goto done;
    }

    r->seconds_breaking = cg__now() - t0;
    /* verdicts for the published top k */
    for (size_t i = 0; i < n && i < o.top; i++) {
        cg_rob_entity *e = &r->entities[order[i]];
        if (e->n_drops) e->verdict = CG_VERDICT_ONE_UNIT;
        else if (!r->have_worlds) e->verdict = r->n_units ? CG_VERDICT_ROBUST : CG_VERDICT_NONE;
        else if (e->p_top_k >= 0.9) e->verdict = CG_VERDICT_ROBUST;
        else if (e->p_top_k >= 0.5) e->verdict = CG_VERDICT_UNCERTAIN;
        else e->verdict = CG_VERDICT_DOUBTFUL;
    }

done:
    free(unit_r2);
    free_units(&units);
    free_units(&bunits);
    ranking_free(&pub);
    free(pubv);
    CG_VEC_FREE(groups);
    cg_graph_free(gr);
    cg__rob_rank_ws_free(&c.rws);
    if (st != CG_OK) {
        cg_robustness_free(r);
        return st;
    }
    *out = r;
    return CG_OK;
}
