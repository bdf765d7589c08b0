/* reanchor: evidence spans carried over to changed source texts (see README "reanchor"). */
#define _POSIX_C_SOURCE 200809L
#define _GNU_SOURCE /* memmem */
#include "claimgraph/sheets.h"
#include "claimgraph/text.h"
#include "jsonpos.h"
#include "sheets_impl.h"
#include "text_impl.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define CAND_BUDGET ((size_t)256 << 20)
#define SHOW_MAX 300   /* bytes of a passage shown in the report */

static const char *const result_names[CG_RA_COUNT] = {"unchanged", "moved", "whitespace", "changed", "lost"};

const char *cg_reanchor_result_name(cg_reanchor_result r)
{
    return r < CG_RA_COUNT ? result_names[r] : "?";
}

typedef struct ra_span {
    cg_idx claim;
    size_t index;                 /* in the claim's evidence */
    cg_reanchor_result result;
    cg_span now;                  /* the span written (old one when not rewritten) */
    cg_span found;                /* where the passage was found (moved, whitespace, changed) */
    int rewrite;
    char *old_text, *new_text;    /* changed: both passages; else NULL */
    const char *why;              /* lost: the reason (static) */
} ra_span;

typedef struct ra_source {
    int changed;                  /* the text's hash matches no file in --texts */
    int found;                    /* the new text is known */
    char *new_path;               /* for the report */
    double similarity;            /* -1 when chosen by --map or by span count */
    uint8_t new_sha[32];
    const char *problem;          /* why no new text (static), or NULL */
    char *problem_detail;
} ra_source;

struct cg_reanchor {
    const cg_dataset *ds;
    int accept;
    CG_VEC(ra_span) spans;
    ra_source *src;
    size_t counts[CG_RA_COUNT];
};

/* ---- similarity: Jaccard of hashed word 4-grams of the normalised texts ---- */

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Sorted unique hashes of the word 4-grams of s (normalised). */
static uint64_t *shingles(const char *s, size_t n, size_t *count)
{
    size_t nl = 0;
    char *t = cg__text_normalise(s, n, &nl);
    CG_VEC(size_t) starts = {0};
    for (size_t i = 0; i < nl; i++)
        if (i == 0 || t[i - 1] == ' ') CG_VEC_PUSH(starts, i);
    CG_VEC(uint64_t) h = {0};
    for (size_t w = 0; w + 4 <= starts.n || (w == 0 && starts.n > 0); w++) {
        size_t a = starts.v[w];
        size_t e = w + 4 < starts.n ? starts.v[w + 4] - 1 : nl;
        CG_VEC_PUSH(h, cg__hash_bytes(t + a, e - a));
        if (w + 4 >= starts.n) break;
    }
    if (h.n) qsort(h.v, h.n, sizeof *h.v, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < h.n; i++)
        if (!u || h.v[u - 1] != h.v[i]) h.v[u++] = h.v[i];
    CG_VEC_FREE(starts);
    free(t);
    *count = u;
    return h.v;
}

static double jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t i = 0, j = 0, inter = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) inter++, i++, j++;
        else if (a[i] < b[j]) i++;
        else j++;
    }
    size_t uni = na + nb - inter;
    return uni ? (double)inter / (double)uni : 0.0;
}

/* ---- finding one passage again ---- */

/* Occurrences of the exact bytes p[0..n) in t[0..len), up to max; *pos_out = the k-th (0-based). */
static size_t exact_count(const char *t, size_t len, const char *p, size_t n, size_t want, uint64_t *pos_out)
{
    size_t count = 0, from = 0;
    while (from + n <= len && count < 100000) {
        const char *hit = memmem(t + from, len - from, p, n);
        if (!hit) break;
        if (count == want) *pos_out = (uint64_t)(hit - t);
        count++;
        from = (size_t)(hit - t) + 1;
    }
    return count;
}

/* Index of `start` among the exact occurrences of p in the old text. */
static size_t ordinal_exact(const char *t, size_t len, const char *p, size_t n, uint64_t start, size_t *total)
{
    size_t count = 0, from = 0, ord = 0;
    while (from + n <= len) {
        const char *hit = memmem(t + from, len - from, p, n);
        if (!hit) break;
        if ((uint64_t)(hit - t) == start) ord = count;
        count++;
        from = (size_t)(hit - t) + 1;
    }
    *total = count;
    return ord;
}

/* Tolerant location with the same-ordinal rule: the occurrence of p in N whose rank equals the
 * rank of the old span among p's occurrences in O, when both texts have as many. */
static int tolerant_find(cg__tindex *ni, cg__tindex *oi, const char *p, size_t n, uint64_t old_start, cg_span *out)
{
    cg_locate_result r;
    uint64_t *ns = NULL, *os = NULL;
    cg_status st = cg__tindex_locate(ni, p, n, 0, &r, &ns);
    int ok = 0;
    if (st == CG_OK) {
        *out = r.span;
        ok = 1;
    } else if (st == CG_EAMBIGUOUS && oi) {
        cg_locate_result ro;
        cg__tindex_locate(oi, p, n, 0, &ro, &os);
        if (ro.occurrences == r.occurrences && r.occurrences <= 1000) {
            for (size_t k = 0; k < ro.occurrences; k++)
                if (os[k] == old_start && cg__tindex_locate(ni, p, n, k + 1, &r, NULL) == CG_OK) {
                    *out = r.span;
                    ok = 1;
                }
        }
    }
    free(ns);
    free(os);
    return ok;
}

/* Normalised word starts of p (normalised), and count. */
static size_t word_starts(const char *p, size_t n, size_t **out)
{
    CG_VEC(size_t) v = {0};
    for (size_t i = 0; i < n; i++)
        if (i == 0 || p[i - 1] == ' ') CG_VEC_PUSH(v, i);
    *out = v.v;
    return v.n;
}

/* Count of occurrences of q[0..n) in the index (0, 1, or 2 meaning "more"); span of the first. */
static int count1(cg__tindex *ix, const char *q, size_t n, cg_span *sp)
{
    cg_locate_result r;
    cg_status st = cg__tindex_locate(ix, q, n, 0, &r, NULL);
    if (st == CG_OK) {
        *sp = r.span;
        return 1;
    }
    return st == CG_EAMBIGUOUS ? 2 : 0;
}

/* The changed passage: anchored by the longest prefix and the longest suffix of the old passage
 * (whole words) that occur exactly once in the new text. 1 and the new span when found. */
static int changed_find(cg__tindex *ni, const char *old, size_t olen, cg_span *out)
{
    size_t np = 0;
    char *p = cg__text_normalise(old, olen, &np);
    size_t *ws = NULL;
    size_t nw = word_starts(p, np, &ws);
    int ok = 0;
    if (nw < 2) goto done;
    /* longest prefix of k words (1 <= k < nw) found at all, by bisection; then it must be unique */
    size_t lo = 0, hi = nw - 1; /* prefix of lo words is found (0 = none) */
    cg_span pre, suf, tmp;
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        size_t end = ws[mid] - 1; /* the prefix of `mid` words ends before word mid's space */
        if (count1(ni, p, end, &tmp)) lo = mid;
        else hi = mid - 1;
    }
    size_t kp = lo;
    int have_pre = kp > 0 && count1(ni, p, ws[kp] - 1, &pre) == 1;
    /* longest suffix starting at word j (1 <= j < nw) */
    lo = 1;
    hi = nw; /* suffix from word hi: hi = nw means none */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (count1(ni, p + ws[mid], np - ws[mid], &tmp)) hi = mid;
        else lo = mid + 1;
    }
    size_t js = hi;
    int have_suf = js < nw && count1(ni, p + ws[js], np - ws[js], &suf) == 1;
    size_t kept = (have_pre ? kp : 0) + (have_suf ? nw - js : 0);
    if (kept * 2 < nw) goto done; /* less than half the words survive: lost */
    uint64_t a, b;
    if (have_pre && have_suf && pre.start < suf.end) {
        a = pre.start;
        b = suf.end;
    } else if (have_pre) {
        a = pre.start;
        b = pre.end + (olen > pre.end - pre.start ? olen - (pre.end - pre.start) : 0);
    } else if (have_suf) {
        a = suf.start >= (olen - (suf.end - suf.start)) ? suf.start - (olen - (suf.end - suf.start)) : 0;
        b = suf.end;
    } else {
        goto done;
    }
    if (b > ni->len) b = ni->len;
    /* keep to character and word boundaries */
    while (a > 0 && ((unsigned char)ni->text[a] & 0xC0) == 0x80) a--;
    while (b < ni->len && ((unsigned char)ni->text[b] & 0xC0) == 0x80) b++;
    if (!(have_pre && have_suf)) {
        while (a > 0 && ni->text[a - 1] != ' ' && ni->text[a - 1] != '\n' && !have_pre) a--;
        while (b < ni->len && ni->text[b] != ' ' && ni->text[b] != '\n' && !have_suf) b++;
    }
    size_t nlen = (size_t)(b - a);
    if (nlen == 0 || nlen > 2 * olen + 64 || 2 * nlen + 64 < olen) goto done;
    out->start = a;
    out->end = b;
    cg_sha256(ni->text + a, nlen, out->sha256);
    ok = 1;
done:
    free(ws);
    free(p);
    return ok;
}

/* ---- the run ---- */

static char *clip_dup(const char *s, size_t n)
{
    if (n > SHOW_MAX) {
        size_t k = SHOW_MAX;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
        char *r = cg__xmalloc(k + 4);
        memcpy(r, s, k);
        memcpy(r + k, "...", 4);
        return r;
    }
    return cg__xstrndup(s, n);
}

static int span_ok(const char *t, size_t len, const cg_span *sp)
{
    if (sp->end > len || sp->start >= sp->end) return 0;
    uint8_t d[32];
    cg_sha256(t + sp->start, (size_t)(sp->end - sp->start), d);
    return memcmp(d, sp->sha256, 32) == 0;
}

/* The old text a span was made on: the source's old text when the span matches it, else the
 * first file of the old texts folder (wanted texts, then the others in walk order) where it does. */
static int old_text_of(const char *t, size_t len, const cg__walker *ow, const cg_span *sp, const char **ot, size_t *ol)
{
    if (t && span_ok(t, len, sp)) {
        *ot = t;
        *ol = len;
        return 1;
    }
    if (!ow) return 0;
    for (size_t i = 0; i < ow->n_slots; i++)
        if (ow->slots[i].data && span_ok(ow->slots[i].data, ow->slots[i].len, sp)) {
            *ot = ow->slots[i].data;
            *ol = ow->slots[i].len;
            return 1;
        }
    for (size_t i = 0; i < ow->cands.n; i++)
        if (span_ok(ow->cands.v[i].data, ow->cands.v[i].len, sp)) {
            *ot = ow->cands.v[i].data;
            *ol = ow->cands.v[i].len;
            return 1;
        }
    return 0;
}

void cg_reanchor_options_init(cg_reanchor_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = CG_REANCHOR_OPTIONS_VERSION;
    o->min_similarity = 0.5;
}

cg_status cg_reanchor_run(cg_reanchor **out, const cg_dataset *ds, const cg_reanchor_options *opts, cg_diag *diag)
{
    *out = NULL;
    if (opts && opts->version != CG_REANCHOR_OPTIONS_VERSION) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "reanchor options not set up with cg_reanchor_options_init()");
        return CG_EINVAL;
    }
    if (!opts || !opts->texts_dir) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "no folder of new texts given");
        return CG_EINVAL;
    }
    double min_sim = opts->min_similarity > 0 ? opts->min_similarity : 0.5;
    size_t ns = cg_dataset_n_sources(ds), nc = cg_dataset_n_claims(ds);
    for (size_t i = 0; i < opts->n_map; i++)
        if (cg_dataset_find_source(ds, opts->map_source[i]) == CG_NONE) {
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "--map names the unknown source '%s'", opts->map_source[i]);
            return CG_ENOTFOUND;
        }
    cg_reanchor *ra = cg__xcalloc(1, sizeof *ra);
    ra->ds = ds;
    ra->accept = opts->accept_changed;
    ra->src = cg__xcalloc(ns + 1, sizeof *ra->src);
    cg_status st = CG_OK;
    uint8_t (*shas)[32] = cg__xcalloc(ns + 1, 32);
    size_t nsh = 0;
    for (size_t s = 0; s < ns; s++) {
        const cg_source *src = cg_dataset_source(ds, (cg_idx)s);
        if (src->has_text_sha256) memcpy(shas[nsh++], src->text_sha256, 32);
    }
    cg__walker nw, ow;
    int have_old = 0;
    memset(&ow, 0, sizeof ow);
    st = cg__texts_scan(&nw, opts->texts_dir, (const uint8_t(*)[32])shas, nsh, CAND_BUDGET, diag);
    if (st != CG_OK) {
        cg__texts_free(&nw);
        free(shas);
        cg_reanchor_free(ra);
        return st;
    }
    /* old texts: only those not found among the new */
    size_t nold = 0;
    for (size_t s = 0; s < ns; s++) {
        const cg_source *src = cg_dataset_source(ds, (cg_idx)s);
        if (src->has_text_sha256 && !cg__texts_find(&nw, src->text_sha256)) {
            ra->src[s].changed = 1;
            memcpy(shas[nold++], src->text_sha256, 32);
        }
    }
    if (opts->old_texts_dir) {
        /* the other files are kept too: a span whose text was rewritten already (a partial
         * earlier run) is read from the old file where it still matches */
        st = cg__texts_scan(&ow, opts->old_texts_dir, (const uint8_t(*)[32])shas, nold, CAND_BUDGET, diag);
        have_old = 1;
        if (st != CG_OK) goto fail;
    }
    free(shas);
    shas = NULL;

    /* per source: the old and the new text */
    const char **old_t = cg__xcalloc(ns + 1, sizeof *old_t), **new_t = cg__xcalloc(ns + 1, sizeof *new_t);
    size_t *old_l = cg__xcalloc(ns + 1, sizeof *old_l), *new_l = cg__xcalloc(ns + 1, sizeof *new_l);
    char **owned = cg__xcalloc(ns + 1, sizeof *owned);
    /* candidate shingles, computed once */
    uint64_t **csh = cg__xcalloc(nw.cands.n + 1, sizeof *csh);
    size_t *ncsh = cg__xcalloc(nw.cands.n + 1, sizeof *ncsh);
    for (size_t s = 0; s < ns; s++) {
        const cg_source *src = cg_dataset_source(ds, (cg_idx)s);
        ra_source *rs = &ra->src[s];
        if (!src->has_text_sha256) continue;
        if (!rs->changed) {
            const cg__text_slot *t = cg__texts_find(&nw, src->text_sha256);
            new_t[s] = old_t[s] = t->data;
            new_l[s] = old_l[s] = t->len;
            rs->found = 1;
            rs->new_path = cg__xstrdup(t->path);
            memcpy(rs->new_sha, src->text_sha256, 32);
            continue;
        }
        const cg__text_slot *ot = have_old ? cg__texts_find(&ow, src->text_sha256) : NULL;
        if (ot) {
            old_t[s] = ot->data;
            old_l[s] = ot->len;
        }
        /* --map */
        for (size_t m = 0; m < opts->n_map; m++) {
            if (strcmp(opts->map_source[m], src->id) != 0) continue;
            char *data = NULL;
            size_t len = 0;
            if (cg_read_file(opts->map_file[m], (size_t)1 << 30, &data, &len, diag) != CG_OK) {
                st = CG_EIO;
                break;
            }
            owned[s] = data;
            new_t[s] = data;
            new_l[s] = len;
            rs->found = 1;
            rs->similarity = -1;
            rs->new_path = cg__xstrdup(opts->map_file[m]);
        }
        if (st != CG_OK) break;
        if (rs->found) {
            cg_sha256(new_t[s], new_l[s], rs->new_sha);
            continue;
        }
        /* the one close file among the files in --texts that are no source's text */
        size_t best = (size_t)-1, close = 0;
        double bestv = 0;
        cg__buf list;
        cg__buf_init(&list);
        if (ot) {
            size_t no = 0;
            uint64_t *osh = shingles(ot->data, ot->len, &no);
            for (size_t k = 0; k < nw.cands.n; k++) {
                if (!csh[k]) csh[k] = shingles(nw.cands.v[k].data, nw.cands.v[k].len, &ncsh[k]);
                double j = jaccard(osh, no, csh[k], ncsh[k]);
                if (j >= min_sim) {
                    close++;
                    cg__buf_printf(&list, "%s%s (%.2f)", close > 1 ? ", " : "", nw.cands.v[k].path, j);
                }
                if (j > bestv || best == (size_t)-1) {
                    bestv = j;
                    best = k;
                }
            }
            free(osh);
        } else {
            /* no old text: the file where most spans of the source still verify */
            size_t bestn = 0, ties = 0;
            for (size_t k = 0; k < nw.cands.n; k++) {
                size_t okn = 0;
                for (size_t c = 0; c < nc; c++) {
                    const cg_claim *cl = cg_dataset_claim(ds, (cg_idx)c);
                    if (cl->source != s) continue;
                    for (size_t e = 0; e < cl->text->n_evidence; e++)
                        okn += span_ok(nw.cands.v[k].data, nw.cands.v[k].len, &cl->text->evidence[e]);
                }
                if (okn > bestn) bestn = okn, best = k, ties = 0;
                else if (okn == bestn && okn) ties++;
            }
            close = bestn && !ties ? 1 : 0;
            if (!bestn) best = (size_t)-1;
            bestv = -1;
        }
        if (close == 1 && best != (size_t)-1) {
            new_t[s] = nw.cands.v[best].data;
            new_l[s] = nw.cands.v[best].len;
            rs->found = 1;
            rs->similarity = bestv;
            rs->new_path = cg__xstrdup(nw.cands.v[best].path);
            cg_sha256(new_t[s], new_l[s], rs->new_sha);
        } else if (close > 1) {
            rs->problem = "several files in the texts folder are close to the old text; choose one with --map SOURCE=FILE";
            rs->problem_detail = cg__buf_steal(&list);
        } else if (ot) {
            rs->problem = "no file in the texts folder is close to the old text (word 4-gram similarity below the "
                          "threshold); give it with --map SOURCE=FILE";
            if (best != (size_t)-1) {
                cg__buf_clear(&list);
                cg__buf_printf(&list, "closest: %s (%.2f)", nw.cands.v[best].path, bestv);
                rs->problem_detail = cg__buf_steal(&list);
            }
        } else {
            rs->problem = "the text changed and the old text is not available (give --old-texts DIR with the text "
                          "the spans were made on, or --map SOURCE=FILE)";
        }
        cg__buf_free(&list);
    }
    for (size_t k = 0; k < nw.cands.n; k++) free(csh[k]);
    free(csh);
    free(ncsh);

    /* per span */
    cg__tindex *nix = cg__xcalloc(ns + 1, sizeof *nix);
    unsigned char *nready = cg__xcalloc(ns + 1, 1);
    for (size_t c = 0; st == CG_OK && c < nc; c++) {
        const cg_claim *cl = cg_dataset_claim(ds, (cg_idx)c);
        const cg_source *src = cg_dataset_source(ds, cl->source);
        size_t s = cl->source;
        for (size_t e = 0; e < cl->text->n_evidence; e++) {
            ra_span sp;
            memset(&sp, 0, sizeof sp);
            sp.claim = (cg_idx)c;
            sp.index = e;
            sp.now = cl->text->evidence[e];
            const cg_span *old = &cl->text->evidence[e];
            const char *ot = NULL;
            size_t ol = 0;
            if (!src->has_text_sha256) {
                sp.result = CG_RA_LOST;
                sp.why = "its source has no text_sha256";
            } else if (!ra->src[s].found) {
                sp.result = CG_RA_LOST;
                sp.why = ra->src[s].problem;
            } else if (span_ok(new_t[s], new_l[s], old)) {
                sp.result = CG_RA_UNCHANGED;
            } else if (!old_text_of(old_t[s], old_l[s], have_old ? &ow : NULL, old, &ot, &ol)) {
                sp.result = CG_RA_LOST;
                sp.why = !have_old ? "the old text is not available to read the passage from (--old-texts DIR)"
                                   : "no file in the old texts folder matches the span";
            } else {
                const char *p = ot + old->start;
                size_t pn = (size_t)(old->end - old->start);
                size_t total_old = 0, ord = ordinal_exact(ot, ol, p, pn, old->start, &total_old);
                uint64_t pos = 0, pos_k = 0;
                size_t cnt = exact_count(new_t[s], new_l[s], p, pn, 0, &pos);
                int found = 0;
                if (cnt == 1) found = 1;
                else if (cnt > 1 && cnt == total_old) {
                    exact_count(new_t[s], new_l[s], p, pn, ord, &pos_k);
                    pos = pos_k;
                    found = 1;
                }
                if (found) {
                    sp.now.start = pos;
                    sp.now.end = pos + pn;
                    sp.result = pos == old->start ? CG_RA_UNCHANGED : CG_RA_MOVED;
                    sp.rewrite = sp.result == CG_RA_MOVED;
                } else {
                    if (!nready[s]) {
                        nready[s] = cg__tindex_init(&nix[s], new_t[s], new_l[s]) == CG_OK ? 1 : 2;
                    }
                    cg__tindex oi;
                    int oi_ok = cg__tindex_init(&oi, ot, ol) == CG_OK;
                    cg_span ns2;
                    int tol = nready[s] == 1 && tolerant_find(&nix[s], oi_ok ? &oi : NULL, p, pn, old->start, &ns2);
                    if (oi_ok) cg__tindex_free(&oi);
                    if (tol) {
                        sp.now = ns2;
                        sp.result = CG_RA_WHITESPACE;
                        sp.rewrite = 1;
                    } else if (nready[s] == 1 && changed_find(&nix[s], p, pn, &ns2)) {
                        sp.result = CG_RA_CHANGED;
                        sp.found = ns2;
                        sp.old_text = clip_dup(p, pn);
                        sp.new_text = clip_dup(new_t[s] + ns2.start, (size_t)(ns2.end - ns2.start));
                        if (ra->accept) {
                            sp.now = ns2;
                            sp.rewrite = 1;
                        }
                    } else {
                        sp.result = CG_RA_LOST;
                        sp.why = nready[s] == 1 ? "the passage is not in the new text (fewer than half of its words "
                                                  "were found around one place)"
                                                : "the new text is not valid UTF-8";
                        sp.old_text = clip_dup(p, pn);
                    }
                }
                if (sp.rewrite && sp.result != CG_RA_WHITESPACE && sp.result != CG_RA_CHANGED)
                    cg_sha256(new_t[s] + sp.now.start, (size_t)(sp.now.end - sp.now.start), sp.now.sha256);
            }
            if (sp.result != CG_RA_CHANGED) sp.found = sp.now;
            ra->counts[sp.result]++;
            CG_VEC_PUSH(ra->spans, sp);
        }
    }
    for (size_t s = 0; s < ns; s++) {
        if (nready[s] == 1) cg__tindex_free(&nix[s]);
        free(owned[s]);
    }
    free(nix);
    free(nready);
    free(owned);
    free(old_t);
    free(new_t);
    free(old_l);
    free(new_l);
fail:
    free(shas);
    cg__texts_free(&nw);
    if (have_old) cg__texts_free(&ow);
    if (st != CG_OK) {
        cg_reanchor_free(ra);
        return st;
    }
    *out = ra;
    return CG_OK;
}

void cg_reanchor_free(cg_reanchor *ra)
{
    if (!ra) return;
    for (size_t i = 0; i < ra->spans.n; i++) {
        free(ra->spans.v[i].old_text);
        free(ra->spans.v[i].new_text);
    }
    CG_VEC_FREE(ra->spans);
    for (size_t s = 0; s < cg_dataset_n_sources(ra->ds); s++) {
        free(ra->src[s].new_path);
        free(ra->src[s].problem_detail);
    }
    free(ra->src);
    free(ra);
}

void cg_reanchor_counts(const cg_reanchor *ra, size_t counts[CG_RA_COUNT], size_t *to_fix)
{
    memcpy(counts, ra->counts, sizeof ra->counts);
    *to_fix = ra->counts[CG_RA_LOST] + (ra->accept ? 0 : ra->counts[CG_RA_CHANGED]);
}

int cg_reanchor_has_changes(const cg_reanchor *ra)
{
    for (size_t i = 0; i < ra->spans.n; i++)
        if (ra->spans.v[i].rewrite) return 1;
    for (size_t s = 0; s < cg_dataset_n_sources(ra->ds); s++)
        if (ra->src[s].changed && ra->src[s].found) return 1;
    return 0;
}

static void put_passage(FILE *f, const char *label, const char *s)
{
    fprintf(f, "    %s: \"", label);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n') fputs("\\n", f);
        else if (*p == '\r') fputs("\\r", f);
        else if (*p == '\t') fputs("\\t", f);
        else if (*p < 0x20 || *p == 0x7F) continue;
        else fputc(*p, f);
    }
    fputs("\"\n", f);
}

cg_status cg_reanchor_write_report(const cg_reanchor *ra, FILE *f)
{
    const cg_dataset *ds = ra->ds;
    size_t to_fix;
    size_t counts[CG_RA_COUNT];
    cg_reanchor_counts(ra, counts, &to_fix);
    fprintf(f, "reanchor: %zu spans: %zu unchanged, %zu moved, %zu whitespace, %zu changed%s, %zu lost\n",
            ra->spans.n, counts[CG_RA_UNCHANGED], counts[CG_RA_MOVED], counts[CG_RA_WHITESPACE], counts[CG_RA_CHANGED],
            counts[CG_RA_CHANGED] && !ra->accept ? " (not rewritten without --accept-changed)" : "", counts[CG_RA_LOST]);
    for (size_t s = 0; s < cg_dataset_n_sources(ds); s++) {
        const ra_source *rs = &ra->src[s];
        const cg_source *src = cg_dataset_source(ds, (cg_idx)s);
        if (!src->has_text_sha256) continue;
        char oh[65], nh[65];
        cg_hex_sha256(src->text_sha256, oh);
        if (!rs->changed) {
            fprintf(f, "source '%s': text unchanged (%s)\n", src->id, rs->new_path ? rs->new_path : "");
        } else if (rs->found) {
            cg_hex_sha256(rs->new_sha, nh);
            fprintf(f, "source '%s': text changed: %.12s... -> %.12s... (%s", src->id, oh, nh, rs->new_path);
            if (rs->similarity >= 0) fprintf(f, ", similarity %.2f", rs->similarity);
            else fputs(", chosen by --map or by the spans that still match", f);
            fputs(")\n", f);
        } else {
            fprintf(f, "source '%s': text changed: %.12s... matches no file: %s%s%s\n", src->id, oh,
                    rs->problem ? rs->problem : "", rs->problem_detail ? "; " : "",
                    rs->problem_detail ? rs->problem_detail : "");
        }
    }
    for (size_t i = 0; i < ra->spans.n; i++) {
        const ra_span *sp = &ra->spans.v[i];
        const cg_claim *c = cg_dataset_claim(ds, sp->claim);
        const cg_span *old = &c->text->evidence[sp->index];
        fprintf(f, "claim '%s' span %zu: %s", c->id, sp->index + 1, cg_reanchor_result_name(sp->result));
        if (sp->result == CG_RA_UNCHANGED) {
            fprintf(f, " %llu:%llu\n", (unsigned long long)old->start, (unsigned long long)old->end);
        } else if (sp->result == CG_RA_LOST) {
            fprintf(f, " (%s)\n", sp->why ? sp->why : "");
            if (sp->old_text) put_passage(f, "old", sp->old_text);
        } else {
            fprintf(f, " %llu:%llu -> %llu:%llu%s\n", (unsigned long long)old->start, (unsigned long long)old->end,
                    (unsigned long long)sp->found.start, (unsigned long long)sp->found.end,
                    sp->result == CG_RA_CHANGED && !sp->rewrite ? " (not rewritten; --accept-changed)" : "");
            if (sp->result == CG_RA_CHANGED) {
                put_passage(f, "old", sp->old_text);
                put_passage(f, "new", sp->new_text);
            }
        }
    }
    return ferror(f) ? CG_EIO : CG_OK;
}

/* ---- rewriting the dataset files ---- */

/* Offset just after the JSON value starting at line[off], or 0 if it cannot be parsed. */
static size_t value_end(const char *line, size_t n, size_t off)
{
    json_error_t err;
    json_t *v = json_loadb(line + off, n - off, JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY, &err);
    if (!v) return 0;
    json_decref(v);
    return off + (size_t)err.position;
}

/* Replaces the value of member `key` in line[0..n) by `val`; appends to b. 0 on success. */
static int splice(cg__buf *b, const char *line, size_t n, const char *key, const char *val)
{
    size_t off = cg__jsonpos(line, n, key, -1, NULL);
    size_t kpos = cg__jsonpos_key(line, n, key);
    if (off == 0 || kpos >= off || line[kpos] != '"') return -1;
    size_t end = value_end(line, n, off);
    if (end <= off) return -1;
    cg__buf_add(b, line, off);
    cg__buf_adds(b, val);
    cg__buf_add(b, line + end, n - end);
    return 0;
}

cg_status cg_reanchor_write(const cg_reanchor *ra, const char *path, int in_place, cg_diag *diag)
{
    const cg_dataset *ds = ra->ds;
    size_t nf = cg_dataset_n_files(ds);
    /* new values per (file, line): claims' evidence, sources' text_sha256 */
    typedef struct edit { uint32_t file, line; const char *key; char *val; } edit;
    CG_VEC(edit) edits = {0};
    for (size_t s = 0; s < cg_dataset_n_sources(ds); s++) {
        const ra_source *rs = &ra->src[s];
        if (!rs->changed || !rs->found) continue;
        const cg_source *src = cg_dataset_source(ds, (cg_idx)s);
        char hex[65];
        cg_hex_sha256(rs->new_sha, hex);
        cg__buf v;
        cg__buf_init(&v);
        cg__buf_printf(&v, "\"%s\"", hex);
        edit e = {src->file, src->line, "text_sha256", cg__buf_steal(&v)};
        CG_VEC_PUSH(edits, e);
    }
    for (size_t i = 0; i < ra->spans.n;) {
        cg_idx c = ra->spans.v[i].claim;
        size_t j = i;
        int any = 0;
        while (j < ra->spans.n && ra->spans.v[j].claim == c) any |= ra->spans.v[j++].rewrite;
        if (any) {
            const cg_claim *cl = cg_dataset_claim(ds, c);
            cg__buf v;
            cg__buf_init(&v);
            cg__buf_addc(&v, '[');
            for (size_t k = i; k < j; k++) {
                char hex[65];
                const cg_span *sp =
                    ra->spans.v[k].rewrite ? &ra->spans.v[k].now : &cl->text->evidence[ra->spans.v[k].index];
                cg_hex_sha256(sp->sha256, hex);
                cg__buf_printf(&v, "%s{\"start\":%llu,\"end\":%llu,\"sha256\":\"%s\"}", k > i ? "," : "",
                              (unsigned long long)sp->start, (unsigned long long)sp->end, hex);
            }
            cg__buf_addc(&v, ']');
            edit e = {cl->file, cl->line, "evidence", cg__buf_steal(&v)};
            CG_VEC_PUSH(edits, e);
        }
        i = j;
    }
    cg__outset set;
    memset(&set, 0, sizeof set);
    cg_status st = CG_OK;
    FILE *single = NULL;
    if (!in_place) {
        single = cg__outset_add(&set, path, diag);
        if (!single) st = CG_EIO;
    }
    for (size_t fi = 0; st == CG_OK && fi < nf; fi++) {
        const char *name = cg_dataset_file(ds, (uint32_t)fi);
        if (!strcmp(name, "-") || !strcmp(name, "<stdin>")) {
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "reanchor rewrites dataset files: it cannot read standard input again");
            st = CG_EINVAL;
            break;
        }
        char *data = NULL;
        size_t len = 0;
        if (cg_read_file(name, (size_t)1 << 40, &data, &len, diag) != CG_OK) {
            st = CG_EIO;
            break;
        }
        FILE *f = single;
        if (in_place) {
            f = cg__outset_add(&set, name, diag);
            if (!f) {
                free(data);
                st = CG_EIO;
                break;
            }
        }
        cg__buf b;
        cg__buf_init(&b);
        size_t pos = 0;
        uint32_t line = 1;
        while (pos < len) {
            const char *nl = memchr(data + pos, '\n', len - pos);
            size_t end = nl ? (size_t)(nl - data) : len;
            const char *ln = data + pos;
            size_t n = end - pos;
            size_t skip = line == 1 && n >= 3 && memcmp(ln, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
            cg__buf cur;
            cg__buf_init(&cur);
            cg__buf_add(&cur, ln, n);
            for (size_t k = 0; k < edits.n; k++) {
                if (edits.v[k].file != fi || edits.v[k].line != line) continue;
                cg__buf nb;
                cg__buf_init(&nb);
                cg__buf_add(&nb, cur.s, skip);
                if (splice(&nb, cur.s + skip, cur.len - skip, edits.v[k].key, edits.v[k].val) != 0) {
                    cg_diag_add(diag, CG_SEV_ERROR, name, line, 0, "cannot find \"%s\" to rewrite", edits.v[k].key);
                    st = CG_EDATA;
                }
                cg__buf_free(&cur);
                cur = nb;
            }
            fwrite(cur.s, 1, cur.len, f);
            cg__buf_free(&cur);
            if (nl) fputc('\n', f);
            pos = nl ? end + 1 : len;
            line++;
        }
        if (!in_place && len && data[len - 1] != '\n') fputc('\n', f);
        cg__buf_free(&b);
        free(data);
    }
    for (size_t k = 0; k < edits.n; k++) free(edits.v[k].val);
    CG_VEC_FREE(edits);
    if (st == CG_OK) st = cg__outset_commit(&set, diag);
    cg__outset_abort(&set);
    return st;
}
