/* The `cites` graph for many queries: chains between sources and the joins that formed origin
 * groups, in time linear in what they look at (red team M2: every chain used to rebuild and
 * insertion-sort the whole graph, cubic on a source citing thousands). */
#define _POSIX_C_SOURCE 200809L
#include "claimgraph/evidence.h"
#include "dataset_impl.h"
#include "evidence_impl.h"

#include <stdlib.h>
#include <string.h>

struct cg_cites_index {
    const cg_dataset *ds;
    size_t n;
    size_t *first;  /* undirected neighbours of v: adj[first[v] .. first[v+1]), ascending */
    cg_idx *adj;
    size_t *cfirst; /* what v cites: cited[cfirst[v] .. cfirst[v+1]), ascending */
    cg_idx *cited;
    cg_idx *fam;    /* cites family per source (cg_cites_families) */
    /* a breadth-first search from `root`, kept between calls and resumed */
    cg_idx root;
    cg_idx *prev;   /* CG_NONE: not reached */
    cg_idx *queue;
    size_t qh, qt;
};

/* CSR of pairs (u[i], v[i]) with each list sorted by v: two stable counting sorts, O(n + m). */
static void csr(size_t n, const cg_idx *u, const cg_idx *v, size_t m, size_t **first_out, cg_idx **adj_out)
{
    size_t *cnt = cg__xcalloc(n + 2, sizeof *cnt);
    size_t *byv = cg__xmalloc((m ? m : 1) * sizeof *byv);
    for (size_t i = 0; i < m; i++) cnt[v[i] + 1]++;
    for (size_t k = 0; k < n; k++) cnt[k + 1] += cnt[k];
    for (size_t i = 0; i < m; i++) byv[cnt[v[i]]++] = i;
    size_t *first = cg__xcalloc(n + 2, sizeof *first);
    for (size_t i = 0; i < m; i++) first[u[i] + 1]++;
    for (size_t k = 0; k < n; k++) first[k + 1] += first[k];
    size_t *fill = cg__xmalloc((n ? n : 1) * sizeof *fill);
    for (size_t k = 0; k < n; k++) fill[k] = first[k];
    cg_idx *adj = cg__xmalloc((m ? m : 1) * sizeof *adj);
    for (size_t j = 0; j < m; j++) {
        size_t i = byv[j];
        adj[fill[u[i]]++] = v[i];
    }
    free(fill);
    free(byv);
    free(cnt);
    *first_out = first;
    *adj_out = adj;
}

cg_status cg_cites_index_new(cg_cites_index **out, const cg_dataset *ds)
{
    *out = NULL;
    cg_cites_index *ix = cg__xcalloc(1, sizeof *ix);
    size_t n = ds->n_sources, m = 0;
    ix->ds = ds;
    ix->n = n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < ds->sources[i].n_cites; j++) m += ds->sources[i].cites[j] != CG_NONE;
    size_t cap = m ? 2 * m : 1;
    cg_idx *u = cg__xmalloc(cap * sizeof *u), *v = cg__xmalloc(cap * sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < ds->sources[i].n_cites; j++) {
            cg_idx t = ds->sources[i].cites[j];
            if (t == CG_NONE) continue;
            u[k] = (cg_idx)i, v[k] = t, k++;
        }
    csr(n, u, v, m, &ix->cfirst, &ix->cited); /* directed: what each source cites */
    for (size_t i = 0; i < m; i++) u[m + i] = v[i], v[m + i] = u[i];
    csr(n, u, v, 2 * m, &ix->first, &ix->adj); /* undirected */
    free(u);
    free(v);
    ix->fam = cg_cites_families(ds);
    ix->root = CG_NONE;
    ix->prev = cg__xmalloc((n ? n : 1) * sizeof *ix->prev);
    ix->queue = cg__xmalloc((n ? n : 1) * sizeof *ix->queue);
    for (size_t i = 0; i < n; i++) ix->prev[i] = CG_NONE;
    *out = ix;
    return CG_OK;
}

void cg_cites_index_free(cg_cites_index *ix)
{
    if (!ix) return;
    free(ix->first);
    free(ix->adj);
    free(ix->cfirst);
    free(ix->cited);
    free(ix->fam);
    free(ix->prev);
    free(ix->queue);
    free(ix);
}

int cg_cites_index_cites(const cg_cites_index *ix, cg_idx u, cg_idx w)
{
    if (u >= ix->n) return 0;
    size_t lo = ix->cfirst[u], hi = ix->cfirst[u + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->cited[mid] == w) return 1;
        if (ix->cited[mid] < w) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

size_t cg_cites_index_chain(cg_cites_index *ix, cg_idx a, cg_idx b, cg_idx **path)
{
    *path = NULL;
    size_t n = ix->n;
    if (a >= n || b >= n || ix->fam[a] != ix->fam[b]) return 0;
    if (ix->root != a) {
        /* a new search: forget only what the last one reached */
        for (size_t i = 0; i < ix->qt; i++) ix->prev[ix->queue[i]] = CG_NONE;
        ix->root = a;
        ix->prev[a] = a;
        ix->queue[0] = a;
        ix->qh = 0;
        ix->qt = 1;
    }
    /* go on with the search until b is reached (neighbours in ascending order: deterministic) */
    while (ix->prev[b] == CG_NONE && ix->qh < ix->qt) {
        cg_idx x = ix->queue[ix->qh++];
        for (size_t k = ix->first[x]; k < ix->first[x + 1]; k++) {
            cg_idx y = ix->adj[k];
            if (ix->prev[y] != CG_NONE) continue;
            ix->prev[y] = x;
            ix->queue[ix->qt++] = y;
        }
    }
    if (ix->prev[b] == CG_NONE) return 0;
    size_t len = 1;
    for (cg_idx x = b; x != a; x = ix->prev[x]) len++;
    cg_idx *p = cg__xmalloc(len * sizeof *p);
    size_t k = len;
    for (cg_idx x = b;; x = ix->prev[x]) {
        p[--k] = x;
        if (x == a) break;
    }
    *path = p;
    return len;
}

char *cg_cites_index_chain_text(const cg_cites_index *ix, const cg_idx *path, size_t len, size_t ends)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_adds(&b, "");
    int cut = ends && len > 2 * ends + 1;
    for (size_t p = 0; p < len; p++) {
        if (cut && p == ends) {
            cg__buf_printf(&b, " ... (%zu more sources) ... ", len - 2 * ends);
            p = len - ends;
        } else if (p) {
            /* the words say who cites whom */
            cg__buf_adds(&b, cg_cites_index_cites(ix, path[p - 1], path[p]) ? " cites " : " is cited by ");
        }
        cg__buf_adds(&b, ix->ds->sources[path[p]].id);
    }
    return cg__buf_steal(&b);
}

static int cmp_idx(const void *x, const void *y)
{
    cg_idx a = *(const cg_idx *)x, b = *(const cg_idx *)y;
    return a < b ? -1 : a > b;
}

size_t cg_cites_index_group_merges(const cg_cites_index *ix, const cg_idx *claims, size_t n, cg_merge **out)
{
    cg_idx *sorted = cg__xmalloc((n ? n : 1) * sizeof *sorted);
    if (n) memcpy(sorted, claims, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_idx);
    uint32_t *gid = cg__xmalloc((n ? n : 1) * sizeof *gid);
    cg_group_scratch s = {0};
    cg_merge_vec mv = {0};
    cg__group(ix->ds, ix->fam, sorted, n, gid, &s, &mv);
    cg__group_scratch_free(&s);
    free(gid);
    free(sorted);
    *out = mv.v;
    return mv.n;
}

/* The one-query forms (each builds an index: O(sources + cites), plus the query). */

size_t cg_cites_chain(const cg_dataset *ds, cg_idx a, cg_idx b, cg_idx **path)
{
    *path = NULL;
    if (a >= ds->n_sources || b >= ds->n_sources) return 0;
    cg_cites_index *ix = NULL;
    cg_cites_index_new(&ix, ds);
    size_t len = cg_cites_index_chain(ix, a, b, path);
    cg_cites_index_free(ix);
    return len;
}

size_t cg_group_merges(const cg_dataset *ds, const cg_idx *claims, size_t n, cg_merge **out)
{
    cg_cites_index *ix = NULL;
    cg_cites_index_new(&ix, ds);
    size_t nm = cg_cites_index_group_merges(ix, claims, n, out);
    cg_cites_index_free(ix);
    return nm;
}
