/* Source texts: SHA-256, whole-file reads, and whitespace-tolerant passage location. */
#define _GNU_SOURCE /* memmem */
#include "claimgraph/text.h"
#include "util.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void cg_sha256(const void *data, size_t len, uint8_t out[32])
{
    unsigned int n = 32;
    if (!EVP_Digest(data, len, out, &n, EVP_sha256(), NULL)) cg_oom();
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
    char *buf = cg_xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > max_bytes) {
                cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "file is larger than %zu bytes", max_bytes);
                free(buf);
                fclose(f);
                return CG_ELIMIT;
            }
            cap *= 2;
            buf = cg_xrealloc(buf, cap);
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

/* Collapses whitespace runs to one space and trims the ends. For the text, map[k] is the offset
 * in the original of normalised byte k, and map[nlen] the end of the text. */
static char *normalise(const char *s, size_t n, size_t *nlen, uint64_t **map)
{
    const unsigned char *u = (const unsigned char *)s;
    char *out = cg_xmalloc(n + 1);
    uint64_t *m = map ? cg_xmalloc((n + 1) * sizeof *m) : NULL;
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
        if (m) m[k] = i;
        out[k++] = s[i++];
    }
    if (m) m[k] = n;
    out[k] = '\0';
    *nlen = k;
    if (map) *map = m;
    return out;
}

cg_status cg_locate(const char *text, size_t len, const char *passage, size_t plen, size_t occurrence,
                    cg_locate_result *out)
{
    memset(out, 0, sizeof *out);
    if (cg_utf8_invalid_at((const unsigned char *)text, len) != (size_t)-1) return CG_EDATA;
    if (cg_utf8_invalid_at((const unsigned char *)passage, plen) != (size_t)-1) return CG_EINVAL;
    size_t np = 0;
    char *p = normalise(passage, plen, &np, NULL);
    if (np == 0) {
        free(p);
        return CG_EINVAL;
    }
    size_t nt = 0;
    uint64_t *map = NULL;
    char *t = normalise(text, len, &nt, &map);
    size_t want = occurrence ? occurrence : 1;
    size_t limit = want + 1000;
    size_t count = 0, from = 0;
    uint64_t best_s = 0, best_e = 0;
    while (from + np <= nt && count < limit) {
        char *hit = memmem(t + from, nt - from, p, np);
        if (!hit) break;
        size_t k = (size_t)(hit - t);
        count++;
        if (count == want) {
            best_s = map[k];
            /* end: just after the original bytes of the last normalised byte */
            size_t last = k + np - 1;
            uint64_t e = map[last] + 1;
            /* extend over the rest of a multi-byte character */
            while (e < len && ((unsigned char)text[e] & 0xC0) == 0x80) e++;
            best_e = e;
        }
        from = k + 1;
    }
    free(t);
    free(map);
    free(p);
    out->occurrences = count;
    if (count < want) return CG_ENOTFOUND;
    if (!occurrence && count > 1) return CG_EAMBIGUOUS;
    out->span.start = best_s;
    out->span.end = best_e;
    cg_sha256(text + best_s, (size_t)(best_e - best_s), out->span.sha256);
    return CG_OK;
}
