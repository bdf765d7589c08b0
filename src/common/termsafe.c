/* Text made safe for a terminal (see termsafe.h). */
#define _GNU_SOURCE /* fopencookie */
#include "termsafe.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* Length of the valid UTF-8 sequence at s[0..n) and its code point, or 0 if invalid or cut. */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned long *cp)
{
    unsigned char c = s[0];
    size_t len;
    unsigned long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

static int unsafe_cp(unsigned long cp, int keep_lines)
{
    if (cp == '\t' || (keep_lines && cp == '\n')) return 0;
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/* Writes s[0..n); a valid sequence cut at the end is left unwritten when `partial` is not NULL
 * (its length goes there), else written as \xHH bytes. */
static int term_write(FILE *f, const unsigned char *s, size_t n, int keep_lines, size_t *partial)
{
    size_t i = 0, run = 0; /* s[run..i) is safe and not yet written */
    while (i < n) {
        unsigned long cp;
        size_t len = utf8_seq(s + i, n - i, &cp);
        if (len == 0 && partial && s[i] >= 0xC2 && s[i] <= 0xF4 && n - i < 4) {
            /* possibly a sequence that continues in the next write */
            size_t want = s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : 2, k = 1;
            while (i + k < n && (s[i + k] & 0xC0) == 0x80) k++;
            if (i + k == n && k < want) {
                if (i > run && fwrite(s + run, 1, i - run, f) != i - run) return -1;
                *partial = n - i;
                return 0;
            }
        }
        if (len && !unsafe_cp(cp, keep_lines)) {
            i += len;
            continue;
        }
        if (i > run && fwrite(s + run, 1, i - run, f) != i - run) return -1;
        if (len == 0) fprintf(f, "\\x%02X", s[i]), len = 1;
        else if (cp == '\n') fputs("\\n", f);
        else if (cp == '\r') fputs("\\r", f);
        else if (cp < 0x80) fprintf(f, "\\x%02X", (unsigned)cp);
        else fprintf(f, "\\u%04lX", cp);
        i += len;
        run = i;
    }
    if (i > run && fwrite(s + run, 1, i - run, f) != i - run) return -1;
    if (partial) *partial = 0;
    return ferror(f) ? -1 : 0;
}

int cg__term_write(FILE *f, const char *s, size_t n, int keep_lines)
{
    return term_write(f, (const unsigned char *)s, n, keep_lines, NULL);
}

int cg__term_puts(FILE *f, const char *s, int keep_lines) { return cg__term_write(f, s, strlen(s), keep_lines); }

/* ---- the filtering stream ---- */

typedef struct tstream {
    FILE *under;
    unsigned char pend[4]; /* the start of a UTF-8 sequence cut by the previous write */
    size_t npend;
} tstream;

static ssize_t ts_write(void *cookie, const char *buf, size_t n)
{
    tstream *t = cookie;
    size_t done = 0;
    if (t->npend) {
        /* complete the cut sequence with the first bytes of this write */
        unsigned char tmp[8];
        size_t k = t->npend, take = 0;
        memcpy(tmp, t->pend, k);
        while (take < n && k + take < 4 && ((unsigned char)buf[take] & 0xC0) == 0x80) tmp[k + take] = (unsigned char)buf[take], take++;
        size_t part = 0;
        if (term_write(t->under, tmp, k + take, 1, take < n ? NULL : &part) != 0) return -1;
        if (part) {
            memcpy(t->pend, tmp + k + take - part, part);
            t->npend = part;
            return (ssize_t)n;
        }
        t->npend = 0;
        done = take;
    }
    size_t part = 0;
    if (term_write(t->under, (const unsigned char *)buf + done, n - done, 1, &part) != 0) return -1;
    memcpy(t->pend, buf + n - part, part);
    t->npend = part;
    return (ssize_t)n;
}

static int ts_close(void *cookie)
{
    tstream *t = cookie;
    int rc = 0;
    if (t->npend && term_write(t->under, t->pend, t->npend, 1, NULL) != 0) rc = -1;
    if (fflush(t->under) != 0) rc = -1;
    free(t);
    return rc;
}

FILE *cg__term_stream(FILE *under)
{
    tstream *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->under = under;
    cookie_io_functions_t io = {NULL, ts_write, NULL, ts_close};
    FILE *f = fopencookie(t, "w", io);
    if (!f) free(t);
    return f;
}
