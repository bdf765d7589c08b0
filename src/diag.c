/* Diagnostics collector and status strings. */
#include "claimgraph/status.h"
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
    size_t counts[3];
};

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
    if (d->n >= d->max_kept) return;
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
        if (e->file) {
            fputs(e->file, out);
            if (e->line) fprintf(out, ":%lu", e->line);
            if (e->line && e->col) fprintf(out, ":%lu", e->col);
            if (e->line && e->column) fprintf(out, ":%s", e->column);
            fputs(": ", out);
        } else if (prog) {
            fprintf(out, "%s: ", prog);
        }
        fprintf(out, "%s: %s\n", sev_name(e->severity), e->message);
    }
    size_t total = d->counts[0] + d->counts[1] + d->counts[2];
    if (total > d->n)
        fprintf(out, "%s%s%zu more message(s) not shown (%zu error(s) in all)\n",
                prog ? prog : "", prog ? ": " : "", total - d->n, d->counts[CG_SEV_ERROR]);
}

size_t cg__diag_max_kept(const cg_diag *d) { return d->max_kept; }

void cg__diag_merge(cg_diag *dst, const cg_diag *src, unsigned long line_offset)
{
    if (!dst || !src) return;
    size_t kept[3] = {0, 0, 0};
    for (size_t i = 0; i < src->n; i++) {
        const cg_diag_entry *e = &src->e[i];
        kept[e->severity]++;
        if (dst->n >= dst->max_kept) {
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

int cg__diag_full(const cg_diag *d) { return d && d->n >= d->max_kept; }
