/* The entity graph: one link per pair of entities, aggregated over relations (README "Centrality"). */
#include "claimgraph/analysis.h"
#include "dataset_impl.h"
#include "evidence_impl.h"
#include "graph_impl.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the entity graph ---- */


double cg_link_distance(double confidence)
{
    if (confidence > 0.999) confidence = 0.999;
    return -log(confidence);
}

/* Links are built bucket by bucket: the accepted supporting claims are counted and placed by
 * their first entity a (a counting sort, which keeps claim order), each bucket is sorted by the
 * second entity b, and each run of equal (a, b) becomes one link: the same links, in the same
 * (a, b) order, with the same arithmetic as a sort of (a, b, claim) triples. Buckets are shared
 * among threads in contiguous ranges, and the links concatenated in order. */
typedef struct { cg_idx b, c; } bc;

static int cmp_bc(const void *x, const void *y)
{
    const bc *p = x, *q = y;
    if (p->b != q->b) return p->b < q->b ? -1 : 1;
    return p->c < q->c ? -1 : p->c > q->c;
}

typedef struct {
    const cg_dataset *ds;
    const double *conf;  /* per claim */
    const cg_idx *fam;
    const size_t *start; /* bucket a: items[start[a] .. start[a + 1]) */
    bc *items;
    size_t a0, a1;       /* this job's buckets */
    double minc;
    cg_link *links;      /* room for one link per item of the job's buckets */
    size_t n_links;
} link_job;

static void link_task(void *p)
{
    link_job *j = p;
    const cg_dataset *ds = j->ds;
    cg__combine_scratch scratch = {0};
    CG_VEC(cg_idx) cl = {0};
    for (size_t a = j->a0; a < j->a1; a++) {
        bc *it = j->items + j->start[a];
        size_t m = j->start[a + 1] - j->start[a];
        if (a + 2 < j->a1) /* a bucket ahead: its claims' confidences and the claims themselves (read
                              when links have several) into the cache */
            for (size_t k = j->start[a + 2]; k < j->start[a + 3] && k < j->start[a + 2] + 16; k++) {
                CG_PREFETCH(&j->conf[j->items[k].c]);
                CG_PREFETCH(&ds->claims[j->items[k].c]);
            }
        if (m > 1) {
            if (m <= 16) { /* insertion sort by (b, claim): small buckets are the rule */
                for (size_t x = 1; x < m; x++)
                    for (size_t y = x; y > 0 && (it[y - 1].b > it[y].b || (it[y - 1].b == it[y].b && it[y - 1].c > it[y].c)); y--) {
                        bc t = it[y];
                        it[y] = it[y - 1];
                        it[y - 1] = t;
                    }
            } else {
                qsort(it, m, sizeof *it, cmp_bc);
            }
        }
        for (size_t i = 0; i < m;) {
            size_t e = i;
            while (e < m && it[e].b == it[i].b) e++;
            size_t n = e - i;
            if (n == 1) { /* most links: one claim, one group; cg__combine's arithmetic */
                double one = 1.0 - j->conf[it[i].c];
                cg_link l = {(cg_idx)a, it[i].b, 1.0 - one, 1, 1};
                if (l.confidence > 0 && !(j->minc > 0 && l.confidence < j->minc)) j->links[j->n_links++] = l;
                i = e;
                continue;
            }
            if (cl.cap < n) {
                cl.cap = n;
                cl.v = cg__xreallocarray(cl.v, n, sizeof *cl.v);
            }
            for (size_t k = 0; k < n; k++) cl.v[k] = it[i + k].c;
            size_t ng = 0;
            double c = cg__combine(ds, j->fam, j->conf, cl.v, n, &scratch, NULL, NULL, &ng);
            cg_link l = {(cg_idx)a, it[i].b, c, n, ng};
            if (l.confidence > 0 && !(j->minc > 0 && l.confidence < j->minc)) j->links[j->n_links++] = l;
            i = e;
        }
    }
    cg__combine_scratch_free(&scratch);
    CG_VEC_FREE(cl);
}

static void *link_thread(void *p)
{
    link_task(p);
    return NULL;
}

cg_status cg_graph_build(cg_graph **out, const cg_dataset *ds, const cg_grading *g, const cg_filter *f,
                         int directed, cg_diag *diag)
{
    return cg__graph_build_ex(out, ds, g, f, directed, NULL, NULL, diag);
}

/* Counting and placing items for a range of claims [c0, c1). */
typedef struct {
    const cg_dataset *ds;
    const cg_grading *g;
    const cg_filter *f;
    int directed;
    double *conf;
    bc *items;
    size_t c0, c1;
    size_t *next;        /* per bucket: first the count of items, then the next free place */
    unsigned char *use;  /* per claim of the range: makes items */
} place_job;

static void count_task(void *p)
{
    place_job *j = p;
    const cg_dataset *ds = j->ds;
    j->use = cg__big_realloc(NULL, 0, j->c1 > j->c0 ? j->c1 - j->c0 : 1);
    for (size_t i = j->c0; i < j->c1; i++) {
        const cg_claim *c = &ds->claims[i];
        j->conf[i] = cg_claim_confidence(ds, j->g, c);
        unsigned char u = c->stance == CG_SUPPORTS && cg_filter_accepts(j->f, ds, (cg_idx)i);
        j->use[i - j->c0] = u;
        if (!u) continue;
        cg_idx s = c->subject, o = c->object;
        if (!j->directed) j->next[s < o ? s : o]++;
        else {
            j->next[s]++;
            if (!ds->relations[c->relation].directed) j->next[o]++;
        }
    }
}

static void place_task(void *p)
{
    place_job *j = p;
    const cg_dataset *ds = j->ds;
    bc *items = j->items;
    size_t *next = j->next;
    for (size_t i = j->c0; i < j->c1; i++) {
        if (!j->use[i - j->c0]) continue;
        const cg_claim *c = &ds->claims[i];
        cg_idx s = c->subject, o = c->object;
        if (!j->directed) items[next[s < o ? s : o]++] = (bc){s < o ? o : s, (cg_idx)i};
        else {
            items[next[s]++] = (bc){o, (cg_idx)i};
            if (!ds->relations[c->relation].directed) items[next[o]++] = (bc){s, (cg_idx)i};
        }
    }
}

typedef struct { void (*fn)(void *); void *arg; } two_task;

static void *two_main(void *p)
{
    two_task *t = p;
    t->fn(t->arg);
    return NULL;
}

/* Runs fn on n (1 or 2) jobs of `size` bytes each at `jobs`, the second on its own thread (on
 * this one if a thread cannot be had: the results are the same). */
static void run_two(void (*fn)(void *), void *jobs, size_t n, size_t size)
{
    pthread_t th;
    two_task t = {fn, n > 1 ? (char *)jobs + size : NULL};
    int started = n > 1 && pthread_create(&th, NULL, two_main, &t) == 0;
    fn(jobs);
    if (started) pthread_join(th, NULL);
    else if (n > 1) fn(t.arg);
}

/* The links, built in parallel: claims placed by entity with a counting sort, then each entity's
 * few claims sorted, two threads when there is enough work. */
static cg_status build_fast(cg_graph **out, const cg_dataset *ds, const cg_grading *g, const cg_filter *f,
                            int directed, cg_diag *diag)
{
    *out = NULL;
    cg_status fst = f ? cg_filter_check(f, ds, diag) : CG_OK;
    if (fst != CG_OK) return fst;
    size_t nc = ds->n_claims, nv = ds->n_entities;
    /* the temporary arrays in huge pages (cg__big_realloc, cg__table_calloc) once they are big:
     * written once, at random */
    double *conf = cg__big_realloc(NULL, 0, (nc ? nc : 1) * sizeof *conf);
    cg_idx *fam = cg_cites_families(ds);
    /* claims that make links: their confidences and items, counted then placed by a, the claims
     * cut into two halves done at once (bucket a holds the first half's items, then the second's:
     * claim order, as one pass would give) */
    enum { MAXP = 2 };
    size_t np = nc >= 100000 ? MAXP : 1;
    place_job pj[MAXP];
    for (size_t p = 0; p < np; p++)
        pj[p] = (place_job){ds, g, f, directed, conf, NULL, nc * p / np, nc * (p + 1) / np,
                            cg__table_calloc(nv + 1, sizeof(size_t)), NULL};
    run_two(count_task, pj, np, sizeof *pj);
    size_t *start = cg__table_calloc(nv + 2, sizeof *start);
    size_t nk = 0;
    for (size_t a = 0; a < nv; a++) {
        start[a] = nk;
        for (size_t p = 0; p < np; p++) { /* this half's next place in bucket a */
            size_t k = pj[p].next[a];
            pj[p].next[a] = nk;
            nk += k;
        }
    }
    start[nv] = start[nv + 1] = nk;
    bc *items = cg__big_realloc(NULL, 0, (nk ? nk : 1) * sizeof *items);
    for (size_t p = 0; p < np; p++) pj[p].items = items;
    run_two(place_task, pj, np, sizeof *pj);
    for (size_t p = 0; p < np; p++) {
        cg__table_free(pj[p].next, nv + 1, sizeof(size_t));
        cg__big_free(pj[p].use, pj[p].c1 > pj[p].c0 ? pj[p].c1 - pj[p].c0 : 1);
    }
    /* start[a] is now the beginning of bucket a; two jobs when there is enough work */
    enum { MAXJ = 2 };
    link_job jobs[MAXJ];
    size_t nj = nk >= 100000 ? MAXJ : 1, a0 = 0;
    for (size_t t = 0; t < nj; t++) {
        size_t a1 = nv;
        if (t + 1 < nj) { /* the bucket where the t+1-th share of the items begins */
            size_t want = nk / nj * (t + 1), lo = a0, hi = nv;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (start[mid] < want) lo = mid + 1;
                else hi = mid;
            }
            a1 = lo;
        }
        jobs[t] = (link_job){ds, conf, fam, start, items, a0, a1, f ? f->min_confidence : 0, NULL, 0};
        a0 = a1;
    }
    /* a link per item at most: each job writes from its first item's place, so that no thread
     * grows an array (a moved block costs every core a TLB flush) */
    cg_link *all = cg__grow_huge(NULL, 0, (nk ? nk : 1) * sizeof *all);
    if (!all) all = cg__xreallocarray(NULL, nk ? nk : 1, sizeof *all);
    for (size_t t = 0; t < nj; t++) jobs[t].links = all + start[jobs[t].a0];
    pthread_t th[MAXJ];
    int started[MAXJ] = {0};
    for (size_t t = 1; t < nj; t++) started[t] = pthread_create(&th[t], NULL, link_thread, &jobs[t]) == 0;
    link_task(&jobs[0]);
    for (size_t t = 1; t < nj; t++) {
        if (started[t]) pthread_join(th[t], NULL);
        else link_task(&jobs[t]);
    }
    cg_graph *gr = cg__xcalloc(1, sizeof *gr);
    gr->n = nv;
    gr->directed = directed;
    /* the jobs' links, closed up in job order */
    gr->n_links = jobs[0].n_links;
    for (size_t t = 1; t < nj; t++) {
        if (jobs[t].n_links) memmove(all + gr->n_links, jobs[t].links, jobs[t].n_links * sizeof *all);
        gr->n_links += jobs[t].n_links;
    }
    gr->links = cg__xreallocarray(all, gr->n_links ? gr->n_links : 1, sizeof *all);
    cg__big_free(items, (nk ? nk : 1) * sizeof *items);
    cg__table_free(start, nv + 2, sizeof *start);
    cg__big_free(conf, (nc ? nc : 1) * sizeof *conf);
    free(fam);
    *out = gr;
    return CG_OK;
}

cg_status cg__graph_from_links(cg_graph **out, size_t n, const cg_idx *pairs, const double *conf, size_t m,
                              int directed, cg_diag *diag)
{
    *out = NULL;
    for (size_t i = 0; i < m; i++) {
        if (pairs[2 * i] >= n || pairs[2 * i + 1] >= n || pairs[2 * i] == pairs[2 * i + 1] ||
            (conf && !(conf[i] > 0 && conf[i] <= 1))) {
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "link %zu is out of range, a self-loop, or has a confidence outside (0,1]", i);
            return CG_EINVAL;
        }
    }
    cg_graph *gr = cg__xcalloc(1, sizeof *gr);
    gr->n = n;
    gr->directed = directed;
    gr->n_links = m;
    gr->links = cg__xmalloc((m ? m : 1) * sizeof *gr->links);
    for (size_t i = 0; i < m; i++) {
        cg_idx a = pairs[2 * i], b = pairs[2 * i + 1];
        if (!directed && b < a) {
            cg_idx t = a;
            a = b;
            b = t;
        }
        gr->links[i] = (cg_link){a, b, conf ? conf[i] : 1.0, 1, 1};
    }
    *out = gr;
    return CG_OK;
}

void cg_graph_free(cg_graph *gr)
{
    if (!gr) return;
    free(gr->links);
    free(gr);
}

size_t cg_graph_n_vertices(const cg_graph *gr) { return gr->n; }
size_t cg_graph_n_links(const cg_graph *gr) { return gr->n_links; }
const cg_link *cg_graph_link(const cg_graph *gr, size_t i) { return i < gr->n_links ? &gr->links[i] : NULL; }
int cg_graph_directed(const cg_graph *gr) { return gr->directed; }

typedef struct { cg_idx a, b, c; } lkey;

static int cmp_lkey(const void *x, const void *y)
{
    const lkey *p = x, *q = y;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    if (p->b != q->b) return p->b < q->b ? -1 : 1;
    return p->c < q->c ? -1 : p->c > q->c;
}

/* The links of the claims not dropped, with each link's origin groups (for robustness worlds). */
static cg_status build_with_groups(cg_graph **out, const cg_dataset *ds, const cg_grading *g, const cg_filter *f,
                                   int directed, const unsigned char *drop, cg__group_list *groups, cg_diag *diag)
{
    *out = NULL;
    cg_status fst = f ? cg_filter_check(f, ds, diag) : CG_OK;
    if (fst != CG_OK) return fst;
    size_t nc = ds->n_claims;
    double *conf = cg__xmalloc((nc ? nc : 1) * sizeof *conf);
    for (size_t i = 0; i < nc; i++) conf[i] = cg_claim_confidence(ds, g, &ds->claims[i]);
    cg_idx *fam = cg_cites_families(ds);
    lkey *keys = cg__xmalloc((2 * nc + 1) * sizeof *keys);
    size_t nk = 0;
    for (size_t i = 0; i < nc; i++) {
        const cg_claim *c = &ds->claims[i];
        if (c->stance != CG_SUPPORTS || (drop && drop[i]) || !cg_filter_accepts(f, ds, (cg_idx)i)) continue;
        cg_idx s = c->subject, o = c->object;
        if (!directed) {
            keys[nk++] = (lkey){s < o ? s : o, s < o ? o : s, (cg_idx)i};
        } else {
            keys[nk++] = (lkey){s, o, (cg_idx)i};
            if (!ds->relations[c->relation].directed) keys[nk++] = (lkey){o, s, (cg_idx)i};
        }
    }
    qsort(keys, nk, sizeof *keys, cmp_lkey);
    cg_graph *gr = cg__xcalloc(1, sizeof *gr);
    gr->n = ds->n_entities;
    gr->directed = directed;
    CG_VEC(cg_link) links = {0};
    cg_idx *cl = cg__xmalloc((nk ? nk : 1) * sizeof *cl);
    cg__combine_scratch scratch = {0};
    cg__arena *garena = groups ? cg__arena_new() : NULL;
    double minc = f ? f->min_confidence : 0;
    for (size_t i = 0; i < nk;) {
        size_t j = i;
        while (j < nk && keys[j].a == keys[i].a && keys[j].b == keys[i].b) j++;
        size_t n = j - i;
        for (size_t k = 0; k < n; k++) cl[k] = keys[i + k].c;
        size_t ng = 0;
        const cg_group *gs = NULL;
        double c = cg__combine(ds, fam, conf, cl, n, &scratch, groups ? garena : NULL, groups ? &gs : NULL, &ng);
        cg_link l = {keys[i].a, keys[i].b, c, n, ng};
        if (l.confidence > 0 && !(minc > 0 && l.confidence < minc)) {
            /* the groups are ordered by their first claim and list their claims ascending */
            for (size_t k = 0; groups && k < ng; k++) {
                cg_idx rep = CG_NONE;
                for (size_t x = 0; x < gs[k].n_claims; x++) {
                    cg_idx fm = fam[ds->claims[gs[k].claims[x]].source];
                    if (rep == CG_NONE || fm < rep) rep = fm;
                }
                cg__link_group lg = {(uint32_t)links.n, gs[k].claims[0], rep, gs[k].confidence};
                CG_VEC_PUSH(*groups, lg);
            }
            CG_VEC_PUSH(links, l);
        }
        i = j;
    }
    cg__combine_scratch_free(&scratch);
    if (garena) cg__arena_free(garena);
    free(cl);
    free(keys);
    free(fam);
    free(conf);
    gr->links = links.v;
    gr->n_links = links.n;
    *out = gr;
    return CG_OK;
}

cg_status cg__graph_build_ex(cg_graph **out, const cg_dataset *ds, const cg_grading *g, const cg_filter *f,
                             int directed, const unsigned char *drop, cg__group_list *groups, cg_diag *diag)
{
    if (!drop && !groups) return build_fast(out, ds, g, f, directed, diag);
    return build_with_groups(out, ds, g, f, directed, drop, groups, diag);
}
