/* The entity graph: one link per pair of entities, aggregated over relations (README "Centrality"). */
#include "claimgraph/analysis.h"
#include "dataset_impl.h"
#include "evidence_impl.h"
#include "graph_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the entity graph ---- */


double cg_link_distance(double confidence)
{
    if (confidence > 0.999) confidence = 0.999;
    return -log(confidence);
}

typedef struct { cg_idx a, b, c; } lkey;

static int cmp_lkey(const void *x, const void *y)
{
    const lkey *p = x, *q = y;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    if (p->b != q->b) return p->b < q->b ? -1 : 1;
    return p->c < q->c ? -1 : p->c > q->c;
}

cg_status cg_graph_build(cg_graph **out, const cg_dataset *ds, const cg_grading *g, const cg_filter *f,
                         int directed, cg_diag *diag)
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
        if (c->stance != CG_SUPPORTS || !cg_filter_accepts(f, ds, (cg_idx)i)) continue;
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
    double minc = f ? f->min_confidence : 0;
    for (size_t i = 0; i < nk;) {
        size_t j = i;
        while (j < nk && keys[j].a == keys[i].a && keys[j].b == keys[i].b) j++;
        size_t n = j - i;
        for (size_t k = 0; k < n; k++) cl[k] = keys[i + k].c;
        size_t ng = 0;
        double c = cg__combine(ds, fam, conf, cl, n, &scratch, NULL, NULL, &ng);
        cg_link l = {keys[i].a, keys[i].b, c, n, ng};
        if (l.confidence > 0 && !(minc > 0 && l.confidence < minc)) CG_VEC_PUSH(links, l);
        i = j;
    }
    cg__combine_scratch_free(&scratch);
    free(cl);
    free(keys);
    free(fam);
    free(conf);
    gr->links = links.v;
    gr->n_links = links.n;
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

