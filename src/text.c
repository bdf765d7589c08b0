/* Source texts: SHA-256, whole-file reads, and whitespace-tolerant passage location. */
#define _GNU_SOURCE /* memmem */
#include "claimgraph/text.h"
#include "text_impl.h"
#include "util.h"

#include <divsufsort.h>

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void cg_sha256(const void *data, size_t len, uint8_t out[32])
{
    unsigned int n = 32;
    if (!EVP_Digest(data, len, out, &n, EVP_sha256(), NULL)) cg__oom();
}

cg_status cg_read_file(const char *path, size_t max_bytes, char **data, size_t *len, cg_diag *diag)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return CG_EIO;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "not a regular file");
        fclose(f);
        return CG_EIO;
    }
    if ((uint64_t)sb.st_size > (uint64_t)max_bytes) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "file is larger than %zu bytes", max_bytes);
        fclose(f);
        return CG_ELIMIT;
    }
    size_t cap = (size_t)sb.st_size + 1, n = 0;
    char *buf = cg__xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            /* at the limit (the file grew since fstat), only the end of the file may follow */
            if (n >= max_bytes && fgetc(f) != EOF) {
                cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "file is larger than %zu bytes", max_bytes);
                free(buf);
                fclose(f);
                return CG_ELIMIT;
            }
            if (n >= max_bytes) break;
            cap = cap > max_bytes / 2 ? max_bytes + 1 : cap * 2;
            buf = cg__xrealloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - 1 - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "read error: %s", strerror(errno));
        free(buf);
        fclose(f);
        return CG_EIO;
    }
    fclose(f);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return CG_OK;
}

/* Length of the whitespace character at s[i] (0 if none). */
static size_t ws_len(const unsigned char *s, size_t n, size_t i)
{
    unsigned char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) return 2;                        /* U+00A0 */
    if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0xAF) return 3;    /* U+202F */
    return 0;
}

/* Length of a typographic quotation mark at s[i] (0 if none); *ascii receives the ASCII quote it
 * stands for. Single: U+2018 U+2019 U+201A U+201B U+2032 U+02BC as '; double: U+201C U+201D
 * U+201E U+201F U+2033 as ". Guillemets are left alone (they are not a typing variant). */
static size_t quote_len(const unsigned char *s, size_t n, size_t i, char *ascii)
{
    if (s[i] == 0xCA && i + 1 < n && s[i + 1] == 0xBC) {
        *ascii = '\'';
        return 2;
    }
    if (s[i] != 0xE2 || i + 2 >= n || s[i + 1] != 0x80) return 0;
    unsigned char c = s[i + 2];
    if ((c >= 0x98 && c <= 0x9B) || c == 0xB2) *ascii = '\'';
    else if ((c >= 0x9C && c <= 0x9F) || c == 0xB3) *ascii = '"';
    else return 0;
    return 3;
}

/* Collapses whitespace runs to one space, trims the ends and folds typographic quotes to ASCII.
 * For the text, map[k] is the offset in the original of normalised byte k, and map[nlen] the end
 * of the text. */
static char *normalise(const char *s, size_t n, size_t *nlen, uint64_t **map)
{
    const unsigned char *u = (const unsigned char *)s;
    char *out = cg__xmalloc(n + 1);
    uint64_t *m = map ? cg__xmalloc((n + 1) * sizeof *m) : NULL;
    size_t k = 0, i = 0;
    int pending = 0;
    while (i < n) {
        size_t w = ws_len(u, n, i);
        if (w) {
            if (k > 0) pending = 1;
            i += w;
            continue;
        }
        if (pending) {
            if (m) m[k] = i; /* unused: a space is never a match boundary */
            out[k++] = ' ';
            pending = 0;
        }
        char q;
        size_t ql = quote_len(u, n, i, &q);
        if (m) m[k] = i;
        if (ql) {
            out[k++] = q;
            i += ql;
            continue;
        }
        out[k++] = s[i++];
    }
    if (m) m[k] = n;
    out[k] = '\0';
    *nlen = k;
    if (map) *map = m;
    return out;
}

char *cg__text_normalise(const char *s, size_t n, size_t *nlen) { return normalise(s, n, nlen, NULL); }

cg_status cg__tindex_init(cg__tindex *ix, const char *text, size_t len)
{
    memset(ix, 0, sizeof *ix);
    if (cg__utf8_invalid_at((const unsigned char *)text, len) != (size_t)-1) return CG_EDATA;
    ix->text = text;
    ix->len = len;
    ix->norm = normalise(text, len, &ix->nlen, &ix->map);
    return CG_OK;
}

void cg__tindex_free(cg__tindex *ix)
{
    if (!ix) return;
    free(ix->norm);
    free(ix->map);
    free(ix->sa);
    memset(ix, 0, sizeof *ix);
}

int cg__tindex_build_sa(cg__tindex *ix)
{
    if (ix->sa) return 0;
    if (ix->nlen == 0 || ix->nlen > (size_t)INT32_MAX / 2) return -1;
    ix->sa = cg__xmalloc(ix->nlen * sizeof *ix->sa);
    if (divsufsort((const sauchar_t *)ix->norm, ix->sa, (saidx_t)ix->nlen) != 0) {
        free(ix->sa);
        ix->sa = NULL;
        return -1;
    }
    return 0;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Normalised offsets of the occurrences of p[0..np) in the index, in text order, up to `limit`
 * (counting stops there); returns the count. *hits (caller frees) gets the offsets. */
static size_t find_all(const cg__tindex *ix, const char *p, size_t np, size_t limit, uint64_t **hits)
{
    CG_VEC(uint64_t) v = {0};
    if (ix->sa) {
        saidx_t left = 0;
        saidx_t cnt = sa_search((const sauchar_t *)ix->norm, (saidx_t)ix->nlen, (const sauchar_t *)p,
                                (saidx_t)np, ix->sa, (saidx_t)ix->nlen, &left);
        for (saidx_t i = 0; i < cnt; i++) CG_VEC_PUSH(v, (uint64_t)ix->sa[left + i]);
        if (v.n > 1) qsort(v.v, v.n, sizeof *v.v, cmp_u64);
        if (v.n > limit) v.n = limit;
    } else {
        size_t from = 0;
        while (from + np <= ix->nlen && v.n < limit) {
            const char *hit = memmem(ix->norm + from, ix->nlen - from, p, np);
            if (!hit) break;
            size_t k = (size_t)(hit - ix->norm);
            CG_VEC_PUSH(v, (uint64_t)k);
            from = k + 1;
        }
    }
    *hits = v.v;
    return v.n;
}

/* The original span of the normalised match [k, k+np). */
static void orig_span(const cg__tindex *ix, size_t k, size_t np, uint64_t *s, uint64_t *e)
{
    *s = ix->map[k];
    /* end: just after the original bytes of the last normalised byte */
    uint64_t end = ix->map[k + np - 1] + 1;
    /* extend over the rest of a multi-byte character */
    while (end < ix->len && ((unsigned char)ix->text[end] & 0xC0) == 0x80) end++;
    *e = end;
}

cg_status cg__tindex_locate(const cg__tindex *ix, const char *passage, size_t plen, size_t occurrence,
                            cg_locate_result *out, uint64_t **starts)
{
    memset(out, 0, sizeof *out);
    if (starts) *starts = NULL;
    if (cg__utf8_invalid_at((const unsigned char *)passage, plen) != (size_t)-1) return CG_EINVAL;
    size_t np = 0;
    char *p = normalise(passage, plen, &np, NULL);
    if (np == 0) {
        free(p);
        return CG_EINVAL;
    }
    size_t want = occurrence ? occurrence : 1;
    uint64_t *hits = NULL;
    size_t count = find_all(ix, p, np, want + 1000, &hits);
    free(p);
    out->occurrences = count;
    cg_status st = CG_OK;
    if (count < want) st = CG_ENOTFOUND;
    else if (!occurrence && count > 1) st = CG_EAMBIGUOUS;
    else {
        orig_span(ix, (size_t)hits[want - 1], np, &out->span.start, &out->span.end);
        cg_sha256(ix->text + out->span.start, (size_t)(out->span.end - out->span.start), out->span.sha256);
    }
    if (starts) {
        for (size_t i = 0; i < count; i++) hits[i] = ix->map[hits[i]];
        *starts = hits;
    } else {
        free(hits);
    }
    return st;
}

/* Length of the common prefix of a[0..na) and b[0..nb). */
static size_t common_prefix(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i = 0, m = na < nb ? na : nb;
    while (i < m && a[i] == b[i]) i++;
    return i;
}

int cg__tindex_closest(cg__tindex *ix, const char *passage, size_t plen, cg__closest *out)
{
    memset(out, 0, sizeof *out);
    size_t np = 0;
    char *p = normalise(passage, plen, &np, NULL);
    out->plen = np;
    if (np == 0 || ix->nlen == 0 || cg__tindex_build_sa(ix) != 0) {
        free(p);
        return -1;
    }
    /* For each word start j of the passage, the longest prefix of p[j..] found in the text (a
     * binary search in the suffix array, then the longer common prefix of the two neighbours). */
    size_t best = 0, best_j = 0, best_pos = 0;
    for (size_t j = 0; j < np; j++) {
        if (j > 0 && p[j - 1] != ' ') continue;
        if (np - j <= best) break;
        const char *q = p + j;
        size_t nq = np - j;
        size_t lo = 0, hi = ix->nlen;
        while (lo < hi) { /* first suffix >= q */
            size_t mid = lo + (hi - lo) / 2;
            size_t off = (size_t)ix->sa[mid];
            size_t cp = common_prefix(ix->norm + off, ix->nlen - off, q, nq);
            int less = cp < nq && (off + cp == ix->nlen || (unsigned char)ix->norm[off + cp] < (unsigned char)q[cp]);
            if (less) lo = mid + 1;
            else hi = mid;
        }
        for (size_t c = lo > 0 ? lo - 1 : 0; c <= lo && c < ix->nlen; c++) {
            size_t off = (size_t)ix->sa[c];
            size_t cp = common_prefix(ix->norm + off, ix->nlen - off, q, nq);
            if (cp > best) {
                best = cp;
                best_j = j;
                best_pos = off;
            }
        }
    }
    free(p);
    if (best == 0) return -1;
    /* the window of the text aligned with the whole passage around the shared part */
    size_t ws = best_pos >= best_j ? best_pos - best_j : 0;
    size_t we = ws + np <= ix->nlen ? ws + np : ix->nlen;
    while (ws > 0 && ix->norm[ws - 1] != ' ') ws--; /* whole words */
    while (we < ix->nlen && ix->norm[we] != ' ') we++;
    if (we <= ws) return -1;
    orig_span(ix, ws, we - ws, &out->start, &out->end);
    out->agree = best;
    return 0;
}

cg_status cg_locate(const char *text, size_t len, const char *passage, size_t plen, size_t occurrence,
                    cg_locate_result *out)
{
    memset(out, 0, sizeof *out);
    cg__tindex ix;
    if (cg__tindex_init(&ix, text, len) != CG_OK) return CG_EDATA;
    cg_status st = cg__tindex_locate(&ix, passage, plen, occurrence, out, NULL);
    cg__tindex_free(&ix);
    return st;
}
