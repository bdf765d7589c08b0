/* Evidence arithmetic: grading, independence (origin groups), edges and noisy-OR. */
#define _POSIX_C_SOURCE 200809L
#include "claimgraph/evidence.h"
#include "dataset_impl.h"
#include "evidence_impl.h"
#include "jsonpos.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- grading ---- */

struct cg_grading {
    double p[6][6]; /* [reliability A..F][credibility 1..6] */
};

/* Default weights (README, "Evidence arithmetic"): p = r x c. */
static const double default_r[6] = {0.95, 0.85, 0.70, 0.50, 0.30, 0.50};
static const double default_c[6] = {0.95, 0.80, 0.60, 0.35, 0.15, 0.50};

cg_grading *cg_grading_default(void)
{
    cg_grading *g = cg__xcalloc(1, sizeof *g);
    for (int r = 0; r < 6; r++)
        for (int c = 0; c < 6; c++) g->p[r][c] = default_r[r] * default_c[c];
    return g;
}

void cg_grading_free(cg_grading *g) { free(g); }

double cg_grading_value(const cg_grading *g, cg_grade reliability, cg_grade credibility)
{
    if (reliability < 1 || reliability > 6) reliability = 6;
    if (credibility < 1 || credibility > 6) credibility = 6;
    if (!g) return default_r[reliability - 1] * default_c[credibility - 1];
    return g->p[reliability - 1][credibility - 1];
}

/* line and column (1-based, characters) of byte offset off in text */
static void line_col(const char *text, size_t off, unsigned long *line, unsigned long *col)
{
    unsigned long l = 1;
    size_t ls = 0;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n') {
            l++;
            ls = i + 1;
        }
    *line = l;
    *col = (unsigned long)cg__utf8_count(text + ls, off - ls) + 1;
}

cg_status cg_grading_load(cg_grading **out, const char *path, cg_diag *diag)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "cannot open grading table");
        return CG_EIO;
    }
    cg__buf b;
    cg__buf_init(&b);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        cg__buf_add(&b, chunk, got);
        if (b.len > (1u << 20)) break;
    }
    fclose(f);
    if (b.len > (1u << 20)) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "grading table larger than 1 MiB");
        cg__buf_free(&b);
        return CG_EDATA;
    }
    const char *text = b.s ? b.s : "";
    json_error_t err;
    json_t *root = json_loadb(text, b.len, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        cg_diag_add(diag, CG_SEV_ERROR, path, (unsigned long)err.line, (unsigned long)err.column, "invalid JSON: %s",
                    err.text);
        cg__buf_free(&b);
        return CG_EDATA;
    }
    cg_grading *g = cg__xcalloc(1, sizeof *g);
    int ok = 1;
    unsigned long l, c;
    if (!json_is_object(root)) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 1, 1,
                    "a grading table is an object {\"A\":[6 numbers], ..., \"F\":[6 numbers]}");
        ok = 0;
    } else {
        const char *key;
        json_t *v;
        json_object_foreach(root, key, v) {
            if (strlen(key) != 1 || key[0] < 'A' || key[0] > 'F') {
                line_col(text, cg__jsonpos_key(text, b.len, key), &l, &c);
                cg_diag_add(diag, CG_SEV_ERROR, path, l, c, "unknown key \"%.40s\" (expected reliability grades A..F)", key);
                ok = 0;
            }
        }
        for (int r = 0; r < 6; r++) {
            char k[2] = {(char)('A' + r), 0};
            json_t *row = json_object_get(root, k);
            if (!row) {
                cg_diag_add(diag, CG_SEV_ERROR, path, 1, 1, "missing row \"%s\" (all of A..F are required)", k);
                ok = 0;
                continue;
            }
            if (!json_is_array(row) || json_array_size(row) != 6) {
                line_col(text, cg__jsonpos(text, b.len, k, -1, NULL), &l, &c);
                cg_diag_add(diag, CG_SEV_ERROR, path, l, c, "row \"%s\" must be an array of 6 numbers (credibility 1..6)", k);
                ok = 0;
                continue;
            }
            for (int i = 0; i < 6; i++) {
                json_t *x = json_array_get(row, (size_t)i);
                double p = json_is_number(x) ? json_number_value(x) : -1;
                if (!(p >= 0 && p <= 1)) {
                    line_col(text, cg__jsonpos(text, b.len, k, i, NULL), &l, &c);
                    cg_diag_add(diag, CG_SEV_ERROR, path, l, c, "%s%d must be a number between 0 and 1", k, i + 1);
                    ok = 0;
                } else {
                    g->p[r][i] = p;
                }
            }
        }
    }
    json_decref(root);
    cg__buf_free(&b);
    if (!ok) {
        free(g);
        return CG_EDATA;
    }
    *out = g;
    return CG_OK;
}

double cg_claim_confidence(const cg_dataset *ds, const cg_grading *g, const cg_claim *c)
{
    if (c->confidence >= 0) return c->confidence + 0.0; /* -0.0 (accepted as 0) is 0: never "-0.00" */
    return cg_grading_value(g, cg_claim_reliability(ds, c), c->credibility);
}

double cg_noisy_or(const double *p, size_t n)
{
    double q = 1.0;
    for (size_t i = 0; i < n; i++) q *= 1.0 - p[i];
    return 1.0 - q;
}

int cg_status_rank(cg_claim_status s) { return (int)s; }

/* ---- filters ---- */

cg_status cg_filter_check(const cg_filter *f, const cg_dataset *ds, cg_diag *diag)
{
    cg_status st = CG_OK;
    const char **ids = cg__xcalloc(ds->n_sources + 1, sizeof *ids);
    for (size_t i = 0; i < ds->n_sources; i++) ids[i] = ds->sources[i].id;
    for (int pass = 0; pass < 2; pass++) {
        const char *const *list = pass ? f->only_sources : f->exclude_sources;
        size_t n = pass ? f->n_only_sources : f->n_exclude_sources;
        for (size_t i = 0; i < n; i++) {
            if (cg_dataset_find_source(ds, list[i]) != CG_NONE) continue;
            const char *dym = cg__did_you_mean(list[i], ids, ds->n_sources);
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "no source '%s' in the dataset%s%s%s", list[i],
                        dym ? " (did you mean '" : "", dym ? dym : "", dym ? "'?)" : "");
            st = CG_ENOTFOUND;
        }
    }
    free(ids);
    const char *dates[2] = {f->as_of, f->since}, *what[2] = {"as-of", "since"};
    for (int i = 0; i < 2; i++)
        if (dates[i] && !cg_date_valid(dates[i])) {
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0,
                        "%s date '%.40s' is not a valid ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)", what[i], dates[i]);
            if (st == CG_OK) st = CG_EINVAL;
        }
    return st;
}

int cg_filter_accepts(const cg_filter *f, const cg_dataset *ds, cg_idx ci)
{
    if (!f) return 1;
    const cg_claim *c = &ds->claims[ci];
    const cg_source *s = &ds->sources[c->source];
    if (f->status_mask && !(f->status_mask & (1u << c->status))) return 0;
    for (size_t i = 0; i < f->n_exclude_sources; i++)
        if (strcmp(f->exclude_sources[i], s->id) == 0) return 0;
    if (f->n_only_sources) {
        int found = 0;
        for (size_t i = 0; i < f->n_only_sources && !found; i++) found = strcmp(f->only_sources[i], s->id) == 0;
        if (!found) return 0;
    }
    if (f->n_source_kinds) {
        int found = 0;
        for (size_t i = 0; i < f->n_source_kinds && !found; i++) found = f->source_kinds[i] == s->kind;
        if (!found) return 0;
    }
    if (f->as_of && !cg_claim_in_force(ds, c, f->as_of)) return 0;
    if (f->since && !cg_claim_published_since(ds, c, f->since)) return 0;
    return 1;
}

/* ---- cites families ---- */

static uint32_t uf_find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Unites; the smaller root becomes the parent (deterministic). Returns 1 if they were apart. */
static int uf_union(uint32_t *parent, uint32_t a, uint32_t b)
{
    a = uf_find(parent, a);
    b = uf_find(parent, b);
    if (a == b) return 0;
    if (a < b) parent[b] = a;
    else parent[a] = b;
    return 1;
}

cg_idx *cg_cites_families(const cg_dataset *ds)
{
    size_t n = ds->n_sources;
    uint32_t *parent = cg__xmalloc((n ? n : 1) * sizeof *parent);
    for (size_t i = 0; i < n; i++) parent[i] = (uint32_t)i;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < ds->sources[i].n_cites; j++)
            if (ds->sources[i].cites[j] != CG_NONE) uf_union(parent, (uint32_t)i, ds->sources[i].cites[j]);
    for (size_t i = 0; i < n; i++) parent[i] = uf_find(parent, (uint32_t)i);
    return parent;
}

/* ---- grouping ---- */

void cg__group_scratch_free(cg_group_scratch *s)
{
    free(s->parent);
    free(s->order);
    free(s->label);
    memset(s, 0, sizeof *s);
}

/* qsort_r is not C11: sort (key, position) pairs instead. */
typedef struct { uint64_t key; uint32_t pos; } kpos;

static int cmp_kpos(const void *x, const void *y)
{
    const kpos *a = x, *b = y;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

typedef struct { const char *s; uint32_t pos; } spos;

static int cmp_spos(const void *x, const void *y)
{
    const spos *a = x, *b = y;
    int c = strcmp(a->s, b->s);
    if (c) return c;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

size_t cg__group(const cg_dataset *ds, const cg_idx *fam, const cg_idx *cl, size_t n, uint32_t *gid,
                 cg_group_scratch *s, cg_merge_vec *merges)
{
    if (n == 0) return 0;
    if (n == 1) {
        gid[0] = 0;
        return 1;
    }
    if (!merges && n <= 8) {
        /* few claims (most edges and links): the same partition by comparing every pair, without
         * sorting or allocating; groups are numbered in order of first appearance as below */
        uint32_t p[8];
        for (size_t i = 0; i < n; i++) {
            const cg_claim *ci = &ds->claims[cl[i]];
            p[i] = (uint32_t)i;
            for (size_t j = 0; j < i; j++) {
                const cg_claim *cj = &ds->claims[cl[j]];
                if (fam[ci->source] == fam[cj->source] ||
                    (ci->origin && cj->origin && (ci->origin == cj->origin || strcmp(ci->origin, cj->origin) == 0)))
                    uf_union(p, (uint32_t)i, (uint32_t)j);
            }
        }
        uint32_t label[8];
        uint32_t k = 0;
        for (size_t i = 0; i < n; i++) label[i] = UINT32_MAX;
        for (size_t i = 0; i < n; i++) {
            uint32_t r = uf_find(p, (uint32_t)i);
            if (label[r] == UINT32_MAX) label[r] = k++;
            gid[i] = label[r];
        }
        return k;
    }
    if (s->cap < n) {
        s->parent = cg__xreallocarray(s->parent, n, sizeof *s->parent);
        s->label = cg__xreallocarray(s->label, n, sizeof *s->label);
        s->cap = n;
    }
    uint32_t *parent = s->parent;
    for (size_t i = 0; i < n; i++) parent[i] = (uint32_t)i;
    kpos *kp = cg__xmalloc(n * sizeof *kp);
    /* 1. same source; 2. same cites family; explicit origins in between so reasons read well */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            cg_idx src = ds->claims[cl[i]].source;
            kp[i].key = pass == 0 ? src : fam[src];
            kp[i].pos = (uint32_t)i;
        }
        qsort(kp, n, sizeof *kp, cmp_kpos);
        size_t first = 0; /* each claim joins the first of its run */
        for (size_t i = 1; i < n; i++) {
            if (kp[i].key != kp[i - 1].key) {
                first = i;
                continue;
            }
            if (uf_union(parent, kp[first].pos, kp[i].pos) && merges) {
                cg_merge m = {cl[kp[i].pos], cl[kp[first].pos], pass == 0 ? CG_MERGE_SAME_SOURCE : CG_MERGE_CITES};
                CG_VEC_PUSH(*merges, m);
            }
        }
        if (pass == 0) {
            /* explicit origins */
            spos *sp = cg__xmalloc(n * sizeof *sp);
            size_t m = 0;
            for (size_t i = 0; i < n; i++)
                if (ds->claims[cl[i]].origin) sp[m++] = (spos){ds->claims[cl[i]].origin, (uint32_t)i};
            qsort(sp, m, sizeof *sp, cmp_spos);
            size_t ofirst = 0;
            for (size_t i = 1; i < m; i++) {
                if (sp[i].s != sp[i - 1].s && strcmp(sp[i].s, sp[i - 1].s) != 0) {
                    ofirst = i;
                    continue;
                }
                if (uf_union(parent, sp[ofirst].pos, sp[i].pos) && merges) {
                    cg_merge mg = {cl[sp[i].pos], cl[sp[ofirst].pos], CG_MERGE_SAME_ORIGIN};
                    CG_VEC_PUSH(*merges, mg);
                }
            }
            free(sp);
        }
    }
    free(kp);
    /* label groups by first appearance */
    for (size_t i = 0; i < n; i++) s->label[i] = UINT32_MAX;
    uint32_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = uf_find(parent, (uint32_t)i);
        if (s->label[r] == UINT32_MAX) s->label[r] = k++;
        gid[i] = s->label[r];
    }
    return k;
}

/* ---- edges ---- */

struct cg_edgeset {
    cg_edge *edges;
    size_t n;
    double *conf; /* per claim */
    cg__arena *arena;
    const cg_dataset *ds;
};

typedef struct { cg_idx s, r, o, c; } ekey;

static int cmp_ekey(const void *x, const void *y)
{
    const ekey *a = x, *b = y;
    if (a->s != b->s) return a->s < b->s ? -1 : 1;
    if (a->r != b->r) return a->r < b->r ? -1 : 1;
    if (a->o != b->o) return a->o < b->o ? -1 : 1;
    return a->c < b->c ? -1 : a->c > b->c;
}

double cg__combine(const cg_dataset *ds, const cg_idx *fam, const double *conf, const cg_idx *cl, size_t n,
                   cg__combine_scratch *s, cg__arena *arena, const cg_group **groups, size_t *n_groups)
{
    if (groups) *groups = NULL;
    if (n_groups) *n_groups = 0;
    if (n == 0) return 0;
    if (s->cap < n) {
        s->gid = cg__xreallocarray(s->gid, n, sizeof *s->gid);
        s->gmax = cg__xreallocarray(s->gmax, n, sizeof *s->gmax);
        s->cap = n;
    }
    /* 1. origin groups (same source, same explicit origin, cites family) */
    size_t ng = cg__group(ds, fam, cl, n, s->gid, &s->group, NULL);
    /* 2. each group counts once, with its highest claim confidence */
    for (size_t k = 0; k < ng; k++) s->gmax[k] = -1;
    for (size_t i = 0; i < n; i++)
        if (conf[cl[i]] > s->gmax[s->gid[i]]) s->gmax[s->gid[i]] = conf[cl[i]];
    if (n_groups) *n_groups = ng;
    if (groups) {
        cg_group *g = cg__arena_alloc(arena, ng * sizeof *g, 8);
        for (size_t k = 0; k < ng; k++) g[k] = (cg_group){0, NULL, s->gmax[k], CG_NONE};
        for (size_t i = 0; i < n; i++) g[s->gid[i]].n_claims++; /* sizes first, then the members */
        for (size_t k = 0; k < ng; k++) {
            g[k].claims = cg__arena_alloc(arena, g[k].n_claims * sizeof(cg_idx), 4);
            g[k].n_claims = 0;
        }
        for (size_t i = 0; i < n; i++) {
            cg_group *x = &g[s->gid[i]];
            ((cg_idx *)x->claims)[x->n_claims++] = cl[i];
            if (x->best == CG_NONE && conf[cl[i]] == x->confidence) x->best = cl[i]; /* lowest index among ties */
        }
        *groups = g;
    }
    /* 3. noisy-OR over the groups */
    return cg_noisy_or(s->gmax, ng);
}

void cg__combine_scratch_free(cg__combine_scratch *s)
{
    cg__group_scratch_free(&s->group);
    free(s->gid);
    free(s->gmax);
    memset(s, 0, sizeof *s);
}

static int cmp_idx(const void *x, const void *y)
{
    cg_idx a = *(const cg_idx *)x, b = *(const cg_idx *)y;
    return a < b ? -1 : a > b;
}

/* The distinct sources of claims cl[0..n), ascending, in an arena array. `seen` is all zero on
 * entry and on return. O(n + m log m) for m distinct sources. */
static const cg_idx *distinct_sources(const cg_dataset *ds, const cg_idx *cl, size_t n, char *seen, cg__arena *arena,
                                      size_t *n_out)
{
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        cg_idx s = ds->claims[cl[k]].source;
        if (!seen[s]) {
            seen[s] = 1;
            m++;
        }
    }
    cg_idx *out = cg__arena_alloc(arena, (m ? m : 1) * sizeof *out, 4);
    size_t j = 0;
    for (size_t k = 0; k < n; k++) {
        cg_idx s = ds->claims[cl[k]].source;
        if (seen[s]) {
            seen[s] = 0;
            out[j++] = s;
        }
    }
    qsort(out, m, sizeof *out, cmp_idx);
    *n_out = m;
    return out;
}

cg_status cg_edges_build(cg_edgeset **out, const cg_dataset *ds, const cg_grading *g, const cg_filter *f,
                         cg_diag *diag)
{
    *out = NULL; /* g NULL: the default table (cg_grading_value) */
    cg_status fst = f ? cg_filter_check(f, ds, diag) : CG_OK;
    if (fst != CG_OK) return fst;
    cg_edgeset *es = cg__xcalloc(1, sizeof *es);
    es->ds = ds;
    es->arena = cg__arena_new();
    size_t nc = ds->n_claims;
    es->conf = cg__xmalloc((nc ? nc : 1) * sizeof *es->conf);
    for (size_t i = 0; i < nc; i++) es->conf[i] = cg_claim_confidence(ds, g, &ds->claims[i]);
    cg_idx *fam = cg_cites_families(ds);

    /* (subject, relation, object, claim) keys in that order: placed by subject with a counting sort
     * (claim order kept), then each subject's few keys sorted */
    size_t nv = ds->n_entities;
    size_t *start = cg__xcalloc(nv + 2, sizeof *start);
    unsigned char *use = cg__xmalloc(nc ? nc : 1);
    for (size_t i = 0; i < nc; i++) {
        use[i] = (unsigned char)cg_filter_accepts(f, ds, (cg_idx)i);
        if (!use[i]) continue;
        const cg_claim *c = &ds->claims[i];
        cg_idx s = c->subject, o = c->object;
        start[(!ds->relations[c->relation].directed && o < s ? o : s) + 2]++;
    }
    for (size_t a = 0; a < nv; a++) start[a + 2] += start[a + 1];
    size_t nk = start[nv + 1];
    ekey *keys = cg__xmalloc((nk ? nk : 1) * sizeof *keys);
    for (size_t i = 0; i < nc; i++) {
        if (!use[i]) continue;
        const cg_claim *c = &ds->claims[i];
        cg_idx s = c->subject, o = c->object;
        if (!ds->relations[c->relation].directed && o < s) {
            cg_idx t = s;
            s = o;
            o = t;
        }
        keys[start[s + 1]++] = (ekey){s, c->relation, o, (cg_idx)i};
    }
    free(use);
    for (size_t a = 0; a < nv; a++) {
        ekey *k = keys + start[a];
        size_t m = start[a + 1] - start[a];
        if (m > 16) qsort(k, m, sizeof *k, cmp_ekey);
        else
            for (size_t x = 1; x < m; x++)
                for (size_t y = x; y > 0 && cmp_ekey(&k[y - 1], &k[y]) > 0; y--) {
                    ekey t = k[y];
                    k[y] = k[y - 1];
                    k[y - 1] = t;
                }
    }
    free(start);

    CG_VEC(cg_edge) edges = {0};
    cg_idx *sup = cg__xmalloc((nk ? nk : 1) * sizeof *sup);
    cg_idx *ref = cg__xmalloc((nk ? nk : 1) * sizeof *ref);
    char *seen_src = cg__xcalloc(ds->n_sources + 1, 1);
    cg__combine_scratch scratch = {0};
    double minc = f ? f->min_confidence : 0;
    for (size_t i = 0; i < nk;) {
        size_t j = i;
        while (j < nk && keys[j].s == keys[i].s && keys[j].r == keys[i].r && keys[j].o == keys[i].o) j++;
        cg_edge e;
        memset(&e, 0, sizeof e);
        e.subject = keys[i].s;
        e.relation = keys[i].r;
        e.object = keys[i].o;
        e.directed = ds->relations[e.relation].directed;
        size_t ns = 0, nr = 0;
        cg_idx *all = cg__arena_alloc(es->arena, (j - i) * sizeof *all, 4);
        int best_sup = -1, best_ref = -1, anon = 1;
        for (size_t k = i; k < j; k++) {
            cg_idx ci = keys[k].c;
            const cg_claim *c = &ds->claims[ci];
            all[k - i] = ci;
            if (c->stance == CG_REFUTES) {
                ref[nr++] = ci;
                if ((int)c->status > best_ref) best_ref = (int)c->status;
            } else {
                sup[ns++] = ci;
                if ((int)c->status > best_sup) best_sup = (int)c->status;
                if (!c->anonymous) anon = 0;
            }
        }
        e.claims = all;
        e.n_claims = j - i;
        e.confidence = cg__combine(ds, fam, es->conf, sup, ns, &scratch, es->arena, &e.groups, &e.n_groups);
        e.refute_confidence = cg__combine(ds, fam, es->conf, ref, nr, &scratch, es->arena, &e.refute_groups,
                                          &e.n_refute_groups);
        e.disputed = nr > 0;
        e.all_anonymous = ns > 0 && anon;
        e.status = (cg_claim_status)(best_sup >= 0 ? best_sup : best_ref);
        /* distinct sources (ascending index = sorted by id): all, supporting, refuting */
        e.sources = distinct_sources(ds, all, e.n_claims, seen_src, es->arena, &e.n_sources);
        e.support_sources = distinct_sources(ds, sup, ns, seen_src, es->arena, &e.n_support_sources);
        e.refute_sources = distinct_sources(ds, ref, nr, seen_src, es->arena, &e.n_refute_sources);
        e.refute_only = ns == 0;
        if (!(minc > 0 && e.confidence < minc)) CG_VEC_PUSH(edges, e);
        i = j;
    }
    cg__combine_scratch_free(&scratch);
    free(seen_src);
    free(sup);
    free(ref);
    free(keys);
    free(fam);
    es->edges = edges.v;
    es->n = edges.n;
    *out = es;
    return CG_OK;
}

void cg_edgeset_free(cg_edgeset *es)
{
    if (!es) return;
    free(es->edges);
    free(es->conf);
    cg__arena_free(es->arena);
    free(es);
}

size_t cg_edgeset_size(const cg_edgeset *es) { return es->n; }
const cg_edge *cg_edgeset_get(const cg_edgeset *es, size_t i) { return i < es->n ? &es->edges[i] : NULL; }
double cg_edgeset_claim_confidence(const cg_edgeset *es, cg_idx c) { return c < es->ds->n_claims ? es->conf[c] : 0; }

const cg_edge *cg_edgeset_find(const cg_edgeset *es, const cg_dataset *ds, const char *subject, const char *relation,
                               const char *object)
{
    cg_idx s = cg_dataset_find_entity(ds, subject), r = cg_dataset_find_relation(ds, relation),
           o = cg_dataset_find_entity(ds, object);
    if (s == CG_NONE || r == CG_NONE || o == CG_NONE) return NULL;
    if (!ds->relations[r].directed && o < s) {
        cg_idx t = s;
        s = o;
        o = t;
    }
    size_t lo = 0, hi = es->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const cg_edge *e = &es->edges[mid];
        int c = e->subject != s ? (e->subject < s ? -1 : 1)
              : e->relation != r ? (e->relation < r ? -1 : 1)
              : e->object != o ? (e->object < o ? -1 : 1) : 0;
        if (c == 0) return e;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}
