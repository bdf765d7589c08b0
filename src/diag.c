/* Diagnostics collector and status strings. */
#include "claimgraph/status.h"
#include "termsafe.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *cg_strerror(cg_status st)
{
    switch (st) {
    case CG_OK: return "success";
    case CG_EDATA: return "invalid input data";
    case CG_EIO: return "input/output error";
    case CG_ENOMEM: return "out of memory";
    case CG_EINVAL: return "invalid argument";
    case CG_ENOTFOUND: return "not found";
    case CG_EAMBIGUOUS: return "ambiguous";
    case CG_ELIMIT: return "limit exceeded";
    case CG_EGRAPH: return "graph computation failed";
    case CG_ECHILD: return "child process failed";
    }
    return "unknown status";
}

struct cg_diag {
    cg_diag_entry *e;
    size_t n, cap, max_kept;
    size_t counts[3]; /* per severity, kept or not */
    size_t kept[3];   /* per severity, kept */
};

/* Errors and the other messages are capped apart, so warnings never crowd out an error. */
static int keeps(const cg_diag *d, cg_severity sev)
{
    size_t k = sev == CG_SEV_ERROR ? d->kept[CG_SEV_ERROR] : d->kept[CG_SEV_WARNING] + d->kept[CG_SEV_NOTE];
    return k < d->max_kept;
}

cg_diag *cg_diag_new(size_t max_kept)
{
    cg_diag *d = cg__xcalloc(1, sizeof *d);
    d->max_kept = max_kept ? max_kept : 100;
    return d;
}

void cg_diag_free(cg_diag *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) {
        free((char *)d->e[i].file);
        free((char *)d->e[i].message);
        free((char *)d->e[i].column);
    }
    free(d->e);
    free(d);
}

static void diag_vadd(cg_diag *d, cg_severity sev, const char *file, unsigned long line,
                      unsigned long col, const char *column, const char *fmt, va_list ap)
{
    d->counts[sev]++;
    /* the loader's placeholder for a message past the cap: counted, never kept */
    if (!file && !line && !col && !column && strcmp(fmt, CG__DIAG_NOT_SHOWN) == 0) return;
    if (!keeps(d, sev)) return;
    d->kept[sev]++;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->e = cg__xreallocarray(d->e, d->cap, sizeof *d->e);
    }
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_vprintf(&b, fmt, ap);
    cg_diag_entry *e = &d->e[d->n++];
    e->severity = sev;
    e->file = file ? cg__xstrdup(file) : NULL;
    e->line = line;
    e->col = col;
    e->message = cg__buf_steal(&b);
    e->column = column && *column ? cg__xstrdup(column) : NULL;
}

void cg_diag_add(cg_diag *d, cg_severity sev, const char *file, unsigned long line,
                 unsigned long col, const char *fmt, ...)
{
    if (!d) return;
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, sev, file, line, col, NULL, fmt, ap);
    va_end(ap);
}

void cg_diag_add_cell(cg_diag *d, cg_severity sev, const char *file, unsigned long row,
                      const char *column, const char *fmt, ...)
{
    if (!d) return;
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, sev, file, row, 0, column, fmt, ap);
    va_end(ap);
}

size_t cg_diag_count(const cg_diag *d, cg_severity sev) { return d ? d->counts[sev] : 0; }
size_t cg_diag_size(const cg_diag *d) { return d ? d->n : 0; }

const cg_diag_entry *cg_diag_get(const cg_diag *d, size_t i)
{
    return d && i < d->n ? &d->e[i] : NULL;
}

static const char *sev_name(cg_severity s)
{
    return s == CG_SEV_ERROR ? "error" : s == CG_SEV_WARNING ? "warning" : "note";
}

void cg_diag_print(const cg_diag *d, FILE *out, const char *prog)
{
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) {
        const cg_diag_entry *e = &d->e[i];
        /* file names, columns and messages quote the data: control characters made visible, so
         * no escape sequence in a dataset reaches the terminal (termsafe.h) */
        if (e->file) {
            cg__term_puts(out, e->file, 0);
            if (e->line) fprintf(out, ":%lu", e->line);
            if (e->line && e->col) fprintf(out, ":%lu", e->col);
            if (e->line && e->column) {
                fputc(':', out);
                cg__term_puts(out, e->column, 0);
            }
            fputs(": ", out);
        } else if (prog) {
            fprintf(out, "%s: ", prog);
        }
        fprintf(out, "%s: ", sev_name(e->severity));
        cg__term_puts(out, e->message, 0);
        fputc('\n', out);
    }
    size_t more_err = d->counts[CG_SEV_ERROR] - d->kept[CG_SEV_ERROR];
    size_t more_other = d->counts[CG_SEV_WARNING] + d->counts[CG_SEV_NOTE] - d->kept[CG_SEV_WARNING] -
                        d->kept[CG_SEV_NOTE];
    if (more_err || more_other) {
        fprintf(out, "%s%s", prog ? prog : "", prog ? ": " : "");
        if (more_err) fprintf(out, "%zu more error(s)%s", more_err, more_other ? " and " : "");
        if (more_other) fprintf(out, "%zu more warning(s) or note(s)", more_other);
        fprintf(out, " not shown (%zu error(s) in all)\n", d->counts[CG_SEV_ERROR]);
    }
}

size_t cg__diag_max_kept(const cg_diag *d) { return d->max_kept; }

void cg__diag_merge(cg_diag *dst, const cg_diag *src, unsigned long line_offset)
{
    if (!dst || !src) return;
    size_t kept[3] = {0, 0, 0};
    for (size_t i = 0; i < src->n; i++) {
        const cg_diag_entry *e = &src->e[i];
        kept[e->severity]++;
        if (!keeps(dst, e->severity)) {
            dst->counts[e->severity]++;
            continue;
        }
        if (e->column)
            cg_diag_add_cell(dst, e->severity, e->file, e->line ? e->line + line_offset : 0, e->column, "%s", e->message);
        else
            cg_diag_add(dst, e->severity, e->file, e->line ? e->line + line_offset : 0, e->col, "%s", e->message);
    }
    for (int s = 0; s < 3; s++) dst->counts[s] += src->counts[s] - kept[s];
}

int cg__diag_full(const cg_diag *d) { return d && !keeps(d, CG_SEV_ERROR); }
