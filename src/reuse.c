/* Wording shared between passages of independent origins: the audit's possible_common_origin
 * finding (see reuse.h and README "Audit"). */
#include "reuse.h"

#include "dataset_impl.h"
#include "evidence_impl.h"

#include <stdlib.h>
#include <string.h>

#define MAX_MATCHES_PER_SHINGLE 8 /* positions tried per shingle when measuring a run */

/* qsort for arrays that may be empty (and NULL) */
static void sort_items(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1) qsort(v, n, size, cmp);
}

/* ---- words ---- */

typedef struct {
    uint64_t h;    /* hash of the normalised word */
    uint32_t off;  /* byte offset in the passage */
} word;

typedef CG_VEC(word) word_vec;

/* Decodes one code point at s[0..n) (invalid bytes count as one separator byte). */
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *len)
{
    unsigned char c = s[0];
    size_t l = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (l == 0 || l > n) {
        *len = 1;
        return 0xFFFD;
    }
    uint32_t cp = l == 1 ? c : l == 2 ? c & 0x1Fu : l == 3 ? c & 0x0Fu : c & 0x07u;
    for (size_t k = 1; k < l; k++) {
        if ((s[k] & 0xC0) != 0x80) {
            *len = 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (s[k] & 0x3Fu);
    }
    *len = l;
    return cp;
}

/* 0 for a separator, else the code point folded to lower case. */
static uint32_t fold(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') return cp + 32;
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) return cp;
        return 0;
    }
    if ((cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
        (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFEFF || cp == 0xFFFD)
        return 0;
    if (cp >= 0xC0 && cp <= 0xDE) return cp + 32;
    return cp;
}

static void tokenize(const char *text, size_t n, word_vec *out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        size_t len;
        uint32_t cp = fold(next_cp(s + i, n - i, &len));
        if (!cp) {
            i += len;
            continue;
        }
        word w = {0xcbf29ce484222325ull, (uint32_t)i};
        while (i < n) {
            cp = fold(next_cp(s + i, n - i, &len));
            if (!cp) break;
            for (int b = 0; b < 4; b++) {
                w.h ^= (cp >> (8 * b)) & 0xFF;
                w.h *= 0x100000001b3ull;
            }
            i += len;
        }
        CG_VEC_PUSH(*out, w);
    }
}

/* ---- passages of one entity pair ---- */

typedef struct {
    size_t claim;       /* local index */
    size_t span;        /* evidence index in the claim */
    size_t first, n;    /* its words: words.v[first .. first + n) */
} passage;

typedef struct {
    uint64_t h;
    uint32_t group, claim, pass, pos;
} shingle;

static int cmp_shingle(const void *x, const void *y)
{
    const shingle *a = x, *b = y;
    if (a->h != b->h) return a->h < b->h ? -1 : 1;
    if (a->group != b->group) return a->group < b->group ? -1 : 1;
    if (a->claim != b->claim) return a->claim < b->claim ? -1 : 1;
    if (a->pass != b->pass) return a->pass < b->pass ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static uint64_t shingle_hash(const word *w, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull;
    for (size_t k = 0; k < n; k++) {
        h ^= w[k].h + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
        h *= 0xff51afd7ed558ccdull;
    }
    return h;
}

typedef struct { cg_idx lo, hi, c; } pkey;

static int cmp_pkey(const void *x, const void *y)
{
    const pkey *a = x, *b = y;
    if (a->lo != b->lo) return a->lo < b->lo ? -1 : 1;
    if (a->hi != b->hi) return a->hi < b->hi ? -1 : 1;
    return a->c < b->c ? -1 : a->c > b->c;
}

/* a hit with the (ordered) pair of groups it joins */
typedef struct { uint32_t g1, g2; cg__reuse r; } ghit;

static int cmp_ghit(const void *x, const void *y)
{
    const ghit *a = x, *b = y;
    if (a->g1 != b->g1) return a->g1 < b->g1 ? -1 : 1;
    if (a->g2 != b->g2) return a->g2 < b->g2 ? -1 : 1;
    if (a->r.words != b->r.words) return a->r.words > b->r.words ? -1 : 1; /* longest run first */
    if (a->r.overlap != b->r.overlap) return a->r.overlap > b->r.overlap ? -1 : 1;
    if (a->r.a != b->r.a) return a->r.a < b->r.a ? -1 : 1;
    return a->r.b < b->r.b ? -1 : a->r.b > b->r.b;
}

static int cmp_hit(const void *x, const void *y)
{
    const cg__reuse *a = x, *b = y;
    if (a->a != b->a) return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}


typedef struct {
    size_t words, pass_a, pass_b, pos_a, pos_b;
} run;

/* The longest run of equal words between two passages (shingles of length k as seeds). */
static void longest_run(const word *wa, size_t na, const word *wb, size_t nb, size_t k, shingle *scratch,
                        run *best, size_t pass_a, size_t pass_b)
{
    if (na < k || nb < k) return;
    size_t ns = na - k + 1;
    for (size_t p = 0; p < ns; p++) scratch[p] = (shingle){shingle_hash(wa + p, k), 0, 0, 0, (uint32_t)p};
    sort_items(scratch, ns, sizeof *scratch, cmp_shingle);
    size_t covered_diag = (size_t)-1, covered_end = 0;
    for (size_t q = 0; q + k <= nb; q++) {
        uint64_t h = shingle_hash(wb + q, k);
        size_t lo = 0, hi = ns;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (scratch[mid].h < h) lo = mid + 1;
            else hi = mid;
        }
        for (size_t m = lo, tries = 0; m < ns && scratch[m].h == h && tries < MAX_MATCHES_PER_SHINGLE; m++, tries++) {
            size_t p = scratch[m].pos;
            size_t diag = p + nb - q; /* constant along a diagonal */
            if (diag == covered_diag && q < covered_end) continue;
            size_t s_a = p, s_b = q;
            while (s_a > 0 && s_b > 0 && wa[s_a - 1].h == wb[s_b - 1].h) s_a--, s_b--;
            size_t e_a = p, e_b = q;
            while (e_a < na && e_b < nb && wa[e_a].h == wb[e_b].h) e_a++, e_b++;
            size_t len = e_a - s_a;
            covered_diag = diag;
            covered_end = e_b;
            if (len > best->words) *best = (run){len, pass_a, pass_b, s_a, s_b};
        }
    }
}

/* English function words: a word pair made of two of them says nothing about shared wording. */
static const char *const function_words[] = {
    "a", "about", "after", "also", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had",
    "has", "have", "he", "her", "his", "in", "into", "is", "it", "its", "not", "of", "on", "or", "over", "she", "than",
    "that", "the", "their", "them", "there", "these", "they", "this", "those", "to", "under", "was", "were", "which",
    "who", "will", "with", "would"};
#define N_FUNCTION_WORDS (sizeof function_words / sizeof function_words[0])

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static int is_function_word(const uint64_t *fw, uint64_t h)
{
    size_t lo = 0, hi = N_FUNCTION_WORDS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (fw[mid] == h) return 1;
        if (fw[mid] < h) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

/* a shared word pair (kind 0) or a shared run of min_words (kind 1) between two local claims */
typedef struct { uint32_t a, b, kind; } cand_t;

static int cmp_cand(const void *x, const void *y)
{
    const cand_t *p = x, *q = y;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    if (p->b != q->b) return p->b < q->b ? -1 : 1;
    return p->kind < q->kind ? -1 : p->kind > q->kind;
}

/* Pairs of claims of different groups found together in runs of equal hashes (entries sorted by
 * hash, then group, then claim); a run with more than CG__REUSE_MAX_CLAIMS claims is skipped. */
static void pair_runs(const shingle *v, size_t n, uint32_t kind, void *candp)
{
    CG_VEC(cand_t) *cand = candp;
    for (size_t a = 0; a < n;) {
        size_t b = a;
        while (b < n && v[b].h == v[a].h) b++;
        uint32_t seen[CG__REUSE_MAX_CLAIMS], grp[CG__REUSE_MAX_CLAIMS];
        size_t m = 0;
        int too_many = 0;
        for (size_t x = a; x < b; x++) {
            if (m && seen[m - 1] == v[x].claim) continue;
            if (m == CG__REUSE_MAX_CLAIMS) {
                too_many = 1;
                break;
            }
            seen[m] = v[x].claim;
            grp[m++] = v[x].group;
        }
        if (!too_many)
            for (size_t x = 0; x < m; x++)
                for (size_t y = x + 1; y < m; y++)
                    if (grp[x] != grp[y]) {
                        cand_t c = {seen[x] < seen[y] ? seen[x] : seen[y], seen[x] < seen[y] ? seen[y] : seen[x], kind};
                        CG_VEC_PUSH(*cand, c);
                    }
        a = b;
    }
}

size_t cg__find_reuse(const cg_dataset *ds, const unsigned char *audited, const cg_audit_span *const *spans,
                      size_t min_words, double min_overlap, cg__reuse **out)
{
    *out = NULL;
    if (min_words == 0 && !(min_overlap > 0)) return 0;
    size_t nc = ds->n_claims;
    uint64_t fw[N_FUNCTION_WORDS];
    for (size_t k = 0; k < N_FUNCTION_WORDS; k++) {
        word_vec one = {0};
        tokenize(function_words[k], strlen(function_words[k]), &one);
        fw[k] = one.v[0].h;
        CG_VEC_FREE(one);
    }
    sort_items(fw, N_FUNCTION_WORDS, sizeof *fw, cmp_u64);

    /* the supporting audited claims with a verified passage, by unordered entity pair */
    pkey *keys = cg__xmalloc((nc ? nc : 1) * sizeof *keys);
    size_t nk = 0;
    for (size_t i = 0; i < nc; i++) {
        const cg_claim *c = &ds->claims[i];
        if (!audited[i] || c->stance != CG_SUPPORTS || !spans[i]) continue;
        int ok = 0;
        for (size_t k = 0; k < c->text->n_evidence; k++) ok |= spans[i][k].result == CG_AUDIT_SPAN_VERIFIED;
        if (!ok) continue;
        cg_idx lo = c->subject < c->object ? c->subject : c->object;
        cg_idx hi = c->subject < c->object ? c->object : c->subject;
        keys[nk++] = (pkey){lo, hi, (cg_idx)i};
    }
    sort_items(keys, nk, sizeof *keys, cmp_pkey);

    cg_idx *fam = cg_cites_families(ds);
    cg_group_scratch gs = {0};
    CG_VEC(cg__reuse) hits = {0};
    word_vec words = {0};
    CG_VEC(passage) pass = {0};
    CG_VEC(shingle) sh = {0};
    CG_VEC(cand_t) cand = {0};
    CG_VEC(ghit) local = {0};
    shingle *scratch = NULL;
    size_t scratch_cap = 0;
    cg_idx *cl = cg__xmalloc((nk ? nk : 1) * sizeof *cl);
    uint32_t *gid = cg__xmalloc((nk ? nk : 1) * sizeof *gid);
    size_t *pfirst = cg__xmalloc((nk + 1) * sizeof *pfirst); /* passages of local claim k: pfirst[k] .. pfirst[k+1] */
    size_t *npairs = cg__xmalloc((nk ? nk : 1) * sizeof *npairs); /* distinct content word pairs per local claim */
    const size_t seed = min_words && min_words < 3 ? min_words : 3; /* run seeds, in words */

    for (size_t i = 0; i < nk;) {
        size_t j = i;
        while (j < nk && keys[j].lo == keys[i].lo && keys[j].hi == keys[i].hi) j++;
        size_t n = j - i;
        for (size_t k = 0; k < n; k++) cl[k] = keys[i + k].c;
        size_t ng = n < 2 ? 1 : cg__group(ds, fam, cl, n, gid, &gs, NULL);
        i = j;
        if (ng < 2) continue;
        /* the words of every verified passage */
        words.n = pass.n = sh.n = cand.n = local.n = 0;
        for (size_t k = 0; k < n; k++) {
            const cg_claim *c = &ds->claims[cl[k]];
            pfirst[k] = pass.n;
            for (size_t e = 0; e < c->text->n_evidence; e++) {
                const cg_audit_span *sp = &spans[cl[k]][e];
                if (sp->result != CG_AUDIT_SPAN_VERIFIED) continue;
                passage p = {k, e, words.n, 0};
                tokenize(sp->quote, (size_t)(c->text->evidence[e].end - c->text->evidence[e].start), &words);
                p.n = words.n - p.first;
                CG_VEC_PUSH(pass, p);
            }
        }
        pfirst[n] = pass.n;
        /* content word pairs, distinct per claim */
        for (size_t k = 0; k < n; k++) {
            size_t from = sh.n;
            for (size_t p = pfirst[k]; p < pfirst[k + 1]; p++) {
                if (pass.v[p].n < 2) continue;
                const word *w = words.v + pass.v[p].first;
                for (size_t q = 0; q + 2 <= pass.v[p].n; q++) {
                    if (is_function_word(fw, w[q].h) && is_function_word(fw, w[q + 1].h)) continue;
                    shingle s = {shingle_hash(w + q, 2), gid[k], (uint32_t)k, 0, 0};
                    CG_VEC_PUSH(sh, s);
                }
            }
            if (sh.n - from > 1) sort_items(sh.v + from, sh.n - from, sizeof *sh.v, cmp_shingle);
            size_t u = from;
            for (size_t x = from; x < sh.n; x++)
                if (x == from || sh.v[x].h != sh.v[u - 1].h) sh.v[u++] = sh.v[x];
            sh.n = u;
            npairs[k] = u - from;
        }
        if (min_overlap > 0) {
            sort_items(sh.v, sh.n, sizeof *sh.v, cmp_shingle);
            pair_runs(sh.v, sh.n, 0, &cand);
        }
        /* runs of min_words words */
        if (min_words) {
            sh.n = 0;
            for (size_t p = 0; p < pass.n; p++)
                for (size_t q = 0; q + min_words <= pass.v[p].n; q++) {
                    shingle s = {shingle_hash(words.v + pass.v[p].first + q, min_words), gid[pass.v[p].claim],
                                 (uint32_t)pass.v[p].claim, (uint32_t)p, (uint32_t)q};
                    CG_VEC_PUSH(sh, s);
                }
            sort_items(sh.v, sh.n, sizeof *sh.v, cmp_shingle);
            pair_runs(sh.v, sh.n, 1, &cand);
        }
        if (cand.n == 0) continue;
        sort_items(cand.v, cand.n, sizeof *cand.v, cmp_cand);
        for (size_t c = 0; c < cand.n;) {
            size_t d = c, shared = 0;
            while (d < cand.n && cand.v[d].a == cand.v[c].a && cand.v[d].b == cand.v[c].b) shared += cand.v[d++].kind == 0;
            uint32_t ka = cand.v[c].a, kb = cand.v[c].b;
            c = d;
            run best = {0, pfirst[ka], pfirst[kb], 0, 0};
            for (size_t pa = pfirst[ka]; pa < pfirst[ka + 1]; pa++)
                for (size_t pb = pfirst[kb]; pb < pfirst[kb + 1]; pb++) {
                    if (scratch_cap < pass.v[pa].n + 1) {
                        scratch_cap = pass.v[pa].n + 1;
                        scratch = cg__xreallocarray(scratch, scratch_cap, sizeof *scratch);
                    }
                    longest_run(words.v + pass.v[pa].first, pass.v[pa].n, words.v + pass.v[pb].first, pass.v[pb].n,
                                seed, scratch, &best, pa, pb);
                }
            size_t fewer = npairs[ka] < npairs[kb] ? npairs[ka] : npairs[kb];
            double overlap = fewer ? (double)shared / (double)fewer : 0;
            int by_run = min_words && best.words >= min_words;
            int by_overlap = min_overlap > 0 && shared >= CG__REUSE_MIN_PAIRS && overlap >= min_overlap;
            if (!by_run && !by_overlap) continue; /* (a hash collision, or too little in common) */
            const passage *A = &pass.v[best.pass_a], *B = &pass.v[best.pass_b];
            cg_idx ca = cl[ka], cb = cl[kb];
            uint64_t off_a = best.words ? words.v[A->first + best.pos_a].off : 0;
            uint64_t off_b = best.words ? words.v[B->first + best.pos_b].off : 0;
            cg__reuse r = {ca, cb, A->span, B->span, best.words, ds->claims[ca].text->evidence[A->span].start + off_a,
                           ds->claims[cb].text->evidence[B->span].start + off_b, shared, overlap};
            uint32_t ga = gid[ka], gb = gid[kb];
            ghit gh = {ga < gb ? ga : gb, ga < gb ? gb : ga, r};
            CG_VEC_PUSH(local, gh);
        }
        /* one hit per pair of groups */
        sort_items(local.v, local.n, sizeof *local.v, cmp_ghit);
        for (size_t h = 0; h < local.n; h++)
            if (h == 0 || local.v[h].g1 != local.v[h - 1].g1 || local.v[h].g2 != local.v[h - 1].g2)
                CG_VEC_PUSH(hits, local.v[h].r);
    }
    /* in claim order */
    sort_items(hits.v, hits.n, sizeof *hits.v, cmp_hit);
    free(scratch);
    free(npairs);
    free(pfirst);
    free(gid);
    free(cl);
    CG_VEC_FREE(words);
    CG_VEC_FREE(pass);
    CG_VEC_FREE(sh);
    CG_VEC_FREE(cand);
    CG_VEC_FREE(local);
    cg__group_scratch_free(&gs);
    free(fam);
    free(keys);
    *out = hits.v;
    return hits.n;
}
