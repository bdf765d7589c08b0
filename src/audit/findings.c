/* Audit: findings for reviewers. */
#define _POSIX_C_SOURCE 200809L
#include "audit_impl.h"
#include "reuse.h"

#include <stdlib.h>
#include <string.h>

/* ---- findings ---- */

/* The claims of e with the given stance (ascending). */
static size_t edge_claims(const cg_audit *a, const cg_edge *e, cg_stance stance, cg_idx *out)
{
    size_t n = 0;
    for (size_t k = 0; k < e->n_claims; k++)
        if (cg_dataset_claim(a->ds, e->claims[k])->stance == stance) out[n++] = e->claims[k];
    return n;
}

/* At most this many collapsed_corroboration findings per edge (each carries the edge with its
 * claims: one finding per origin group made the report quadratic on an edge of thousands of
 * groups), and a chain longer than 2 * CHAIN_ENDS + 1 sources keeps its ends (red team M3: one
 * full chain per join made reports of gigabytes on large citation families). */
#define COLLAPSED_SHOWN 10
#define CHAIN_ENDS 5

static void find_collapsed(cg_audit *a, cg_cites_index *ix, const cg_edge *e, cg__buf *msg)
{
    size_t shown = 0, more = 0, more_groups = 0; /* findings made; joins not listed, and their groups */
    cg_audit_item *last = NULL;
    for (size_t g = 0; g < e->n_groups; g++) {
        const cg_group *gr = &e->groups[g];
        if (gr->n_claims < 2) continue;
        int multi = 0;
        cg_idx s0 = cg_dataset_claim(a->ds, gr->claims[0])->source;
        for (size_t k = 1; k < gr->n_claims && !multi; k++) multi = cg_dataset_claim(a->ds, gr->claims[k])->source != s0;
        if (!multi) continue;
        cg_merge *m = NULL;
        size_t nm = cg_cites_index_group_merges(ix, gr->claims, gr->n_claims, &m);
        size_t ncites = 0, listed = 0;
        for (size_t i = 0; i < nm; i++) ncites += m[i].reason == CG_MERGE_CITES;
        for (size_t i = 0; i < nm && shown < COLLAPSED_SHOWN; i++) {
            if (m[i].reason != CG_MERGE_CITES) continue;
            shown++;
            listed++;
            cg_idx pair[2] = {m[i].a < m[i].b ? m[i].a : m[i].b, m[i].a < m[i].b ? m[i].b : m[i].a};
            const cg_claim *x = cg_dataset_claim(a->ds, pair[0]), *y = cg_dataset_claim(a->ds, pair[1]);
            /* the claim the others join comes first (lowest index): one search from its source
             * serves the whole group */
            cg_idx *path = NULL;
            size_t len = cg_cites_index_chain(ix, x->source, y->source, &path);
            cg_audit_item *it = cg__audit_new_item(a, CG_AUDIT_COLLAPSED);
            it->edge = e;
            it->claim = pair[0];
            it->claim2 = pair[1];
            it->claims = cg__audit_arena_idx(a->arena, pair, 2);
            it->n_claims = 2;
            if (len > 2 * CHAIN_ENDS + 1) {
                /* the first and last sources of the chain, the count of those between */
                memmove(path + CHAIN_ENDS, path + len - CHAIN_ENDS, CHAIN_ENDS * sizeof *path);
                it->sources = cg__audit_arena_idx(a->arena, path, 2 * CHAIN_ENDS);
                it->n_sources = 2 * CHAIN_ENDS;
                it->chain_omitted = len - 2 * CHAIN_ENDS;
            } else {
                it->sources = cg__audit_arena_idx(a->arena, path, len);
                it->n_sources = len;
            }
            free(path);
            cg__audit_add_edge_name(msg, a, e);
            cg__buf_printf(msg, ": claims %s (source %s) and %s (source %s) count as one origin because their sources "
                               "are linked by cites: ",
                          x->id, cg__audit_source_id(a, x->source), y->id, cg__audit_source_id(a, y->source));
            /* the chain's text from the stored ends (the middle is counted) */
            cg_idx *ends = cg__xmalloc((it->n_sources + 1) * sizeof *ends);
            memcpy(ends, it->sources, it->n_sources * sizeof *ends);
            char *chain;
            if (it->chain_omitted) {
                /* written as the whole chain would be, without building it */
                char *head = cg_cites_index_chain_text(ix, ends, CHAIN_ENDS, 0);
                char *tail = cg_cites_index_chain_text(ix, ends + CHAIN_ENDS, CHAIN_ENDS, 0);
                cg__buf t;
                cg__buf_init(&t);
                cg__buf_printf(&t, "%s ... (%zu more sources) ... %s", head, it->chain_omitted, tail);
                chain = cg__buf_steal(&t);
                free(head);
                free(tail);
            } else {
                chain = cg_cites_index_chain_text(ix, ends, it->n_sources, 0);
            }
            cg__buf_adds(msg, chain);
            free(chain);
            free(ends);
            cg__audit_set_message(a, it, msg);
            last = it;
        }
        if (ncites > listed) {
            more += ncites - listed;
            more_groups++;
        }
        free(m);
    }
    if (last && more) {
        /* the rest of the edge, counted in the last finding's message */
        cg__buf_adds(msg, last->message);
        cg__buf_printf(msg, " (and %zu more claims of this edge joined to their origin groups through cites, in %zu "
                           "origin group%s, not listed)",
                      more, more_groups, more_groups == 1 ? "" : "s");
        cg__audit_set_message(a, last, msg);
    }
}

/* Strongly connected components of the cites graph (Tarjan, iterative). comp[i] receives the
 * component of source i; returns the number of components. O(S + cites). */
static size_t cites_sccs(const cg_dataset *ds, uint32_t *comp)
{
    size_t n = cg_dataset_n_sources(ds);
    if (n == 0) return 0;
    uint32_t *idx = cg__xmalloc(n * sizeof *idx), *low = cg__xmalloc(n * sizeof *low);
    uint32_t *stk = cg__xmalloc(n * sizeof *stk);
    unsigned char *on = cg__xcalloc(n, 1);
    typedef struct { uint32_t v; size_t k; } frame;
    frame *calls = cg__xmalloc(n * sizeof *calls);
    for (size_t i = 0; i < n; i++) idx[i] = UINT32_MAX;
    uint32_t counter = 0, ncomp = 0;
    size_t sp = 0, cp = 0;
    for (size_t r = 0; r < n; r++) {
        if (idx[r] != UINT32_MAX) continue;
        idx[r] = low[r] = counter++;
        stk[sp++] = (uint32_t)r;
        on[r] = 1;
        calls[cp++] = (frame){(uint32_t)r, 0};
        while (cp) {
            frame *f = &calls[cp - 1];
            uint32_t v = f->v;
            const cg_source *s = cg_dataset_source(ds, v);
            if (f->k < s->n_cites) {
                cg_idx w = s->cites[f->k++];
                if (w == CG_NONE || w >= n) continue;
                if (idx[w] == UINT32_MAX) {
                    idx[w] = low[w] = counter++;
                    stk[sp++] = w;
                    on[w] = 1;
                    calls[cp++] = (frame){w, 0};
                } else if (on[w] && idx[w] < low[v]) {
                    low[v] = idx[w];
                }
                continue;
            }
            cp--;
            if (low[v] == idx[v]) {
                uint32_t w;
                do {
                    w = stk[--sp];
                    on[w] = 0;
                    comp[w] = ncomp;
                } while (w != v);
                ncomp++;
            }
            if (cp) {
                uint32_t u = calls[cp - 1].v;
                if (low[v] < low[u]) low[u] = low[v];
            }
        }
    }
    free(idx);
    free(low);
    free(stk);
    free(on);
    free(calls);
    return ncomp;
}

void cg__audit_find_cycles(cg_audit *a, cg__buf *msg)
{
    size_t n = cg_dataset_n_sources(a->ds);
    if (n == 0) return;
    uint32_t *comp = cg__xmalloc(n * sizeof *comp);
    size_t nc = cites_sccs(a->ds, comp);
    /* the members of each component, ascending, by a counting sort (red team m10: looking them up
     * by a scan per component was quadratic in the number of cycles) */
    size_t *start = cg__xcalloc(nc + 2, sizeof *start);
    for (size_t i = 0; i < n; i++) start[comp[i] + 1]++;
    for (size_t c = 0; c < nc; c++) start[c + 1] += start[c];
    size_t *fill = cg__xmalloc((nc + 1) * sizeof *fill);
    for (size_t c = 0; c < nc; c++) fill[c] = start[c];
    cg_idx *byc = cg__xmalloc(n * sizeof *byc);
    for (size_t i = 0; i < n; i++) byc[fill[comp[i]]++] = (cg_idx)i;
    free(fill);
    unsigned char *done = cg__xcalloc(nc + 1, 1);
    /* one finding per cyclic component, in the order of its first source (sources are sorted by id) */
    for (size_t i = 0; i < n; i++) {
        uint32_t c = comp[i];
        size_t m = start[c + 1] - start[c];
        if (m < 2 || done[c]) continue;
        done[c] = 1;
        const cg_idx *members = byc + start[c];
        cg_audit_item *it = cg__audit_new_item(a, CG_AUDIT_CITES_CYCLE);
        it->sources = cg__audit_arena_idx(a->arena, members, m);
        it->n_sources = m;
        cg__buf_adds(msg, "sources ");
        for (size_t k = 0; k < m; k++) cg__buf_printf(msg, "%s%s", k ? ", " : "", cg__audit_source_id(a, members[k]));
        cg__buf_adds(msg, " cite each other in a cycle (circular reporting): their claims count as one origin");
        cg__audit_set_message(a, it, msg);
    }
    free(byc);
    free(done);
    free(start);
    free(comp);
}

void cg__audit_find_edge_items(cg_audit *a, cg_audit_kind kind, cg__buf *msg, cg_idx *scratch)
{
    char b1[48], b2[48];
    if (kind == CG_AUDIT_COLLAPSED) {
        cg_cites_index *ix = NULL;
        cg_cites_index_new(&ix, a->ds);
        for (size_t i = 0; i < cg_edgeset_size(a->es); i++) find_collapsed(a, ix, cg_edgeset_get(a->es, i), msg);
        cg_cites_index_free(ix);
        return;
    }
    for (size_t i = 0; i < cg_edgeset_size(a->es); i++) {
        const cg_edge *e = cg_edgeset_get(a->es, i);
        size_t ns = edge_claims(a, e, CG_SUPPORTS, scratch);
        int hit = 0;
        if (kind == CG_AUDIT_SINGLE_ORIGIN) hit = e->n_groups == 1;
        else if (kind == CG_AUDIT_ALL_ANONYMOUS) hit = e->all_anonymous;
        else if (kind == CG_AUDIT_DISPUTED) hit = e->disputed;
        else if (kind == CG_AUDIT_ALLEGED_ONLY && ns && e->confidence >= a->threshold) {
            hit = 1;
            for (size_t k = 0; k < ns; k++) hit &= cg_dataset_claim(a->ds, scratch[k])->status == CG_ST_ALLEGED;
        }
        if (!hit) continue;
        if (kind == CG_AUDIT_DISPUTED) ns = edge_claims(a, e, CG_REFUTES, scratch);
        cg_audit_item *it = cg__audit_new_item(a, kind);
        it->edge = e;
        it->claims = cg__audit_arena_idx(a->arena, scratch, ns);
        it->n_claims = ns;
        cg__audit_add_edge_name(msg, a, e);
        if (kind == CG_AUDIT_SINGLE_ORIGIN) {
            cg__buf_printf(msg, " rests on a single origin (confidence %s): claim%s ", cg__audit_num(b1, e->confidence, 4),
                          ns == 1 ? "" : "s");
            cg__audit_add_claim_list(msg, a, scratch, ns);
        } else if (kind == CG_AUDIT_ALL_ANONYMOUS) {
            cg__buf_adds(msg, ": every supporting voice is anonymous (claims ");
            cg__audit_add_claim_list(msg, a, scratch, ns);
            cg__buf_adds(msg, ")");
        } else if (kind == CG_AUDIT_DISPUTED) {
            cg__buf_printf(msg, " is disputed: confidence %s against %s from the refuting claim%s ",
                          cg__audit_num(b1, e->confidence, 4), cg__audit_num(b2, e->refute_confidence, 4), ns == 1 ? "" : "s");
            cg__audit_add_claim_list(msg, a, scratch, ns);
        } else {
            cg__buf_printf(msg, " has confidence %s, at or above the publication threshold %s, but all its supporting "
                               "evidence is alleged (claims ",
                          cg__audit_num(b1, e->confidence, 4), cg__audit_num(b2, a->threshold, 4));
            cg__audit_add_claim_list(msg, a, scratch, ns);
            cg__buf_adds(msg, ")");
        }
        cg__audit_set_message(a, it, msg);
    }
}

/* Supporting claims of different origin groups between the same two entities whose passages
 * share a long run of words: possibly one statement relayed by two sources. */
void cg__audit_find_common_origin(cg_audit *a, cg__buf *msg)
{
    cg__reuse *hits = NULL;
    size_t n = cg__find_reuse(a->ds, a->audited, (const cg_audit_span *const *)a->spans, a->reuse_words,
                              a->reuse_overlap, &hits);
    char pct[48];
    for (size_t h = 0; h < n; h++) {
        const cg__reuse *r = &hits[h];
        const cg_claim *ca = cg_dataset_claim(a->ds, r->a), *cb = cg_dataset_claim(a->ds, r->b);
        cg_audit_item *it = cg__audit_new_item(a, CG_AUDIT_COMMON_ORIGIN);
        cg_idx pair[2] = {r->a, r->b}, srcs[2] = {ca->source, cb->source};
        it->claim = r->a;
        it->claim2 = r->b;
        it->claims = cg__audit_arena_idx(a->arena, pair, 2);
        it->n_claims = 2;
        it->sources = cg__audit_arena_idx(a->arena, srcs, 2);
        it->n_sources = 2;
        it->shared_words = r->words;
        it->shared_pairs = r->pairs;
        it->shared_overlap = r->overlap;
        it->shared_span[0] = r->span_a;
        it->shared_span[1] = r->span_b;
        it->shared_at[0] = r->at_a;
        it->shared_at[1] = r->at_b;
        it->edge = cg_edgeset_find(a->es, a->ds, cg_dataset_entity(a->ds, ca->subject)->id,
                                   cg_dataset_relation(a->ds, ca->relation)->id,
                                   cg_dataset_entity(a->ds, ca->object)->id);
        cg__buf_printf(msg, "claims '%s' (source '%s') and '%s' (source '%s') between %s and %s count as independent "
                           "origins, but their passages share their wording: %s%% of the word pairs of the shorter "
                           "(%zu pairs)",
                      ca->id, cg__audit_source_id(a, ca->source), cb->id, cg__audit_source_id(a, cb->source),
                      cg_dataset_entity(a->ds, ca->subject)->id, cg_dataset_entity(a->ds, ca->object)->id,
                      cg__audit_num(pct, 100 * r->overlap, 0), r->pairs);
        if (r->words)
            cg__buf_printf(msg, ", and a run of %zu consecutive words from byte %llu of %s's text and byte %llu of %s's",
                          r->words, (unsigned long long)r->at_a, cg__audit_source_id(a, ca->source), (unsigned long long)r->at_b,
                          cg__audit_source_id(a, cb->source));
        cg__buf_adds(msg, ". Possibly one statement relayed twice: if it is, give both claims the same \"origin\"");
        cg__audit_set_message(a, it, msg);
    }
    free(hits);
}

void cg__audit_find_unused(cg_audit *a, cg__buf *msg)
{
    const cg_dataset *ds = a->ds;
    size_t ne = cg_dataset_n_entities(ds), ns = cg_dataset_n_sources(ds), nc = cg_dataset_n_claims(ds);
    unsigned char *ent = cg__xcalloc(ne + 1, 1), *src = cg__xcalloc(ns + 1, 1);
    for (size_t i = 0; i < nc; i++) {
        const cg_claim *c = cg_dataset_claim(ds, (cg_idx)i);
        ent[c->subject] = ent[c->object] = 1;
        src[c->source] = 1;
    }
    for (size_t i = 0; i < ne; i++) {
        if (ent[i]) continue;
        const cg_entity *e = cg_dataset_entity(ds, (cg_idx)i);
        cg_audit_item *it = cg__audit_new_item(a, CG_AUDIT_UNUSED_ENTITY);
        it->entity = (cg_idx)i;
        cg__buf_printf(msg, "entity '%s' (%s) is named in no claim", e->id, e->name);
        cg__audit_set_message(a, it, msg);
    }
    for (size_t i = 0; i < ns; i++) {
        if (src[i]) continue;
        const cg_source *s = cg_dataset_source(ds, (cg_idx)i);
        cg_audit_item *it = cg__audit_new_item(a, CG_AUDIT_UNUSED_SOURCE);
        it->source = (cg_idx)i;
        it->sources = cg__audit_arena_idx(a->arena, &it->source, 1);
        it->n_sources = 1;
        cg__buf_printf(msg, "source '%s' (%s) is used by no claim", s->id, s->title);
        cg__audit_set_message(a, it, msg);
    }
    free(ent);
    free(src);
}

