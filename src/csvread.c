/* Reading CSV sheets with libcsv; the cell helpers of the spreadsheet layout. */
#include "csv_impl.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

char cg__csv_detect_delim(const char *data, size_t len)
{
    size_t i = 0, n_comma = 0, n_semi = 0, n_tab = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) i = 3;
    int inq = 0;
    for (; i < len; i++) {
        char c = data[i];
        if (c == '"') inq = !inq;
        else if (!inq && (c == '\n' || c == '\r')) break;
        else if (!inq && c == ',') n_comma++;
        else if (!inq && c == ';') n_semi++;
        else if (!inq && c == '\t') n_tab++;
    }
    if (n_semi > n_comma && n_semi >= n_tab) return ';';
    if (n_tab > n_comma && n_tab > n_semi) return '\t';
    return ',';
}

typedef struct reader {
    const char *name;
    cg__csv_row_fn fn;
    void *ctx;
    const char *(*colname)(void *, size_t);
    cg_diag *diag;
    CG_VEC(char *) cells;
    unsigned long line, row_start;
    int need_start, stop;
    size_t errors;
} reader;

static void cell_error(reader *r, size_t cell, const char *msg)
{
    const char *col = r->colname && r->row_start > 1 ? r->colname(r->ctx, cell) : NULL;
    cg_diag_add_cell(r->diag, CG_SEV_ERROR, r->name, r->row_start, col, "%s", msg);
    r->errors++;
}

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->stop) return;
    const char *p = s ? s : "";
    if (len && memchr(p, '\0', len)) {
        cell_error(r, r->cells.n, "the cell contains a NUL byte");
        len = strlen(p);
    }
    size_t bad = cg__utf8_invalid_at((const unsigned char *)p, len);
    if (bad != (size_t)-1) {
        cell_error(r, r->cells.n, "the cell is not valid UTF-8 (save the sheet as CSV UTF-8)");
        len = bad;
    }
    char *c = cg__xstrndup(p, len);
    CG_VEC_PUSH(r->cells, c);
}

static void flush_row(reader *r)
{
    if (r->need_start) r->row_start = r->line;
    int blank = 1;
    for (size_t i = 0; i < r->cells.n; i++)
        if (r->cells.v[i][0]) blank = 0;
    if (!blank && !r->stop && r->fn(r->ctx, r->cells.v, r->cells.n, r->row_start) != 0) r->stop = 1;
    for (size_t i = 0; i < r->cells.n; i++) free(r->cells.v[i]);
    r->cells.n = 0;
    r->need_start = 1;
}

static void on_row(int c, void *data)
{
    (void)c;
    flush_row(data);
}

static int space_only(unsigned char c) { return c == ' '; }
static int space_or_tab(unsigned char c) { return c == ' ' || c == '\t'; }

size_t cg__csv_read(const char *name, const char *data, size_t len, cg__csv_row_fn fn, void *ctx,
                    const char *(*colname)(void *ctx, size_t cell), char *delim_out, cg_diag *diag)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.name = name;
    r.fn = fn;
    r.ctx = ctx;
    r.colname = colname;
    r.diag = diag;
    r.need_start = 1;
    size_t i = 0;
    if (len >= 2 && ((unsigned char)data[0] == 0xFF || (unsigned char)data[0] == 0xFE) &&
        ((unsigned char)data[1] == 0xFE || (unsigned char)data[1] == 0xFF)) {
        cg_diag_add(diag, CG_SEV_ERROR, name, 0, 0, "the file is UTF-16; save the sheet as CSV UTF-8");
        return 1;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) i = 3;
    char delim = cg__csv_detect_delim(data, len);
    if (delim_out) *delim_out = delim;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) cg__oom();
    csv_set_delim(&p, (unsigned char)delim);
    csv_set_space_func(&p, delim == '\t' ? space_only : space_or_tab);
    r.line = 1;
    while (i < len && !r.stop) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) + 1 : len;
        if (r.need_start) { /* a row starts on the first line that is not blank */
            for (size_t k = i; k < end; k++) {
                char c = data[k];
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                    r.row_start = r.line;
                    r.need_start = 0;
                    break;
                }
            }
        }
        size_t got = csv_parse(&p, data + i, end - i, on_field, on_row, &r);
        if (got != end - i) {
            r.row_start = r.line; /* the line where the quoting goes wrong */
            cell_error(&r, r.cells.n,
                       "malformed CSV quoting: a cell with a quote (\") must be quoted as a whole, its quotes doubled "
                       "(\"a \"\"b\"\" c\"); the rest of the file is not read");
            r.stop = 1;
            break;
        }
        i = end;
        r.line++;
    }
    if (!r.stop) {
        r.line--; /* csv_fini ends the row on the last line */
        if (csv_fini(&p, on_field, on_row, &r) != 0) {
            cell_error(&r, r.cells.n, "a quoted cell that starts on this row is never closed (a missing \")");
        }
    }
    for (size_t k = 0; k < r.cells.n; k++) free(r.cells.v[k]);
    CG_VEC_FREE(r.cells);
    csv_free(&p);
    return r.errors;
}

void cg__strvec_free(cg__strvec *v)
{
    for (size_t i = 0; i < v->n; i++) free(v->v[i]);
    CG_VEC_FREE(*v);
}

static char *trim_dup(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
    return cg__xstrndup(s, n);
}

void cg__cell_split(const char *cell, int kv, cg__strvec *out)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_adds(&b, "");
    int have_sep = 0;
    for (const char *p = cell;; p++) {
        if (kv && *p == '=' && !have_sep) { /* the key/value separator, marked as U+001F */
            cg__buf_addc(&b, '\x1f');
            have_sep = 1;
            continue;
        }
        if (*p == '\\' && (p[1] == '|' || p[1] == '\\' || (kv && p[1] == '='))) {
            /* an escaped character; a leading `\` keeps a trailing space from being trimmed: none */
            cg__buf_addc(&b, p[1]);
            p++;
            continue;
        }
        if (*p == '|' || *p == '\0') {
            char *item = trim_dup(b.s, b.len);
            if (*item) CG_VEC_PUSH(*out, item);
            else free(item);
            cg__buf_clear(&b);
            have_sep = 0;
            if (!*p) break;
            continue;
        }
        cg__buf_addc(&b, *p);
    }
    cg__buf_free(&b);
}

void cg__cell_escape(cg__buf *b, const char *s, int kv)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == '|' || (kv && *s == '=')) cg__buf_addc(b, '\\');
        cg__buf_addc(b, *s);
    }
}

const char *cg__csv_unguard(const char *s)
{
    if (s[0] == '\'' && (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@' || s[1] == '\t' || s[1] == '\r'))
        return s + 1;
    return s;
}
