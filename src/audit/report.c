/* Audit reports: shared helpers and cg_audit_write. */
#define _POSIX_C_SOURCE 200809L
#include "audit_impl.h"

#include <stdlib.h>
#include <string.h>

void cg__audit_put(FILE *f, char *(*esc)(const char *), const char *s)
{
    if (!s) return;
    char *e = esc(s);
    fputs(e, f);
    free(e);
}

void cg__audit_put_json_or_null(FILE *f, const char *s)
{
    if (s) cg__audit_put(f, cg_esc_json, s);
    else fputs("null", f);
}

const char *cg__audit_span_hex(const cg_span *sp, char hex[65])
{
    cg_hex_sha256(sp->sha256, hex);
    return hex;
}

const char *cg__audit_result_name(cg_audit_span_result r)
{
    return r == CG_AUDIT_SPAN_VERIFIED ? "verified" : r == CG_AUDIT_SPAN_FAILED ? "failed" : "unchecked";
}

/* Markdown text at the start of a line: cg_esc_md() handles the inline syntax; this also escapes
 * what would start a block (heading, list item, setext underline, ordered list), so a quoted line
 * such as "# 1" or "2. Whereas" stays text. Caller frees. */
char *cg__audit_esc_md_block(const char *s)
{
    char *e = cg_esc_md(s);
    size_t i = 0;
    while (e[i] == ' ') i++;
    size_t at = (size_t)-1;
    if (e[i] == '#' || e[i] == '-' || e[i] == '+' || e[i] == '=') {
        at = i;
    } else if (e[i] >= '0' && e[i] <= '9') {
        size_t j = i;
        while (e[j] >= '0' && e[j] <= '9') j++;
        if (e[j] == '.' || e[j] == ')') at = j;
    }
    if (at == (size_t)-1) return e;
    size_t n = strlen(e);
    char *r = cg__xmalloc(n + 2);
    memcpy(r, e, at);
    r[at] = '\\';
    memcpy(r + at + 1, e + at, n - at + 1);
    free(e);
    return r;
}

/* The quote lines, each through esc, joined by `sep` (NUL bytes cannot occur in quotes). */
void cg__audit_put_lines(FILE *f, char *(*esc)(const char *), const char *s, const char *prefix, const char *empty_prefix)
{
    cg__buf line;
    cg__buf_init(&line);
    const char *p = s;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n && p[n - 1] == '\r') n--;
        cg__buf_clear(&line);
        cg__buf_add(&line, p, n);
        if (n) {
            fputs(prefix, f);
            cg__audit_put(f, esc, line.s);
        } else {
            fputs(empty_prefix, f);
        }
        fputc('\n', f);
        if (!nl) break;
        p = nl + 1;
    }
    cg__buf_free(&line);
}

/* The tail of "subject —relation→ object" (undirected: "—relation— object"). */
const char *cg__audit_arrow(int directed) { return directed ? " \xE2\x86\x92 " : " \xE2\x80\x94 "; }

