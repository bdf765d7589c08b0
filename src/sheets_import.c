/* import sheets: CSV sheets -> validated dataset records (see README "Spreadsheets"). */
#define _POSIX_C_SOURCE 200809L
#include "claimgraph/escape.h"
#include "claimgraph/sheets.h"
#include "claimgraph/text.h"
#include "csv_impl.h"
#include "sheets_impl.h"
#include "text_impl.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <utf8proc.h>

#define TEXT_MAX ((size_t)1 << 30)
#define SHEET_MAX ((size_t)1 << 31)
#define SA_MIN_QUOTES 8   /* build a suffix array for a text with at least this many passages */
#define CLIP 80           /* characters of a cell shown in a message */
#define LIST_MAX 8        /* candidates listed */

typedef struct sheetfile {
    char *path;
    int kind;                      /* -1: the record type is in a `type` column */
    size_t ncols;
    char **hdr;                    /* header names as shown in messages */
    int *field[CG_SHEET_COUNT];    /* per record type: column -> field, or -1 */
    int type_col;
    int header_seen, header_bad;
} sheetfile;

typedef struct rec {
    uint8_t kind, bad, cont;
    uint32_t file;
    unsigned long row;
    const char *v[SF_COUNT];
    int16_t col[SF_COUNT];
    struct rec *conts, *conts_tail, *next; /* continuation rows of a claim */
    const char *out_id;            /* claims: the id written */
} rec;

typedef CG_VEC(rec *) recvec;

typedef struct srcinfo {
    rec *r;
    char *owned;                   /* text read through text_file */
    const char *text;
    size_t len;
    char *disp;                    /* the text's path relative to the texts folder */
    int has_sha;
    uint8_t sha[32];
    size_t n_passages;
    cg__tindex ix;
    int ix_state;                  /* 0 not built, 1 ready, -1 not UTF-8 */
} srcinfo;

typedef struct fold_entry { char *key; uint32_t ent; } fold_entry;

/* One member of a generated JSON line: its character column and the field it came from. */
typedef struct piece { uint32_t col; uint8_t field; } piece;

typedef struct ictx {
    const cg_sheets_import_options *o;
    cg_diag *diag;
    cg__arena *arena;
    CG_VEC(sheetfile) files;
    recvec recs[CG_SHEET_COUNT];
    size_t cur;                    /* file being read */
    size_t errors;
    /* lookups */
    cg__strmap *src_ids, *ent_ids, *rel_ids, *claim_ids;
    srcinfo *src;                  /* per source record */
    CG_VEC(fold_entry) folds;      /* folded entity names, aliases and ids, sorted */
    const char **fold_keys;        /* the same keys, for did-you-mean */
    const char **ent_id_list;
    cg__walker texts;
    int texts_scanned;
    /* output */
    cg__buf out;                    /* every line, in record-type order (the generation order) */
    size_t out_end[CG_SHEET_COUNT];/* end of each type's lines in out */
    size_t n_out[CG_SHEET_COUNT];
    CG_VEC(rec *) line_rec;        /* per generated line */
    CG_VEC(size_t) line_piece;     /* first piece of each line */
    CG_VEC(piece) pieces;
    cg__buf line;
    uint32_t line_cols;            /* characters of line[0..line_counted) */
    size_t line_counted;
} ictx;

struct cg_import {
    char *all;                     /* the lines of every type, in type order */
    size_t off[CG_SHEET_COUNT], len[CG_SHEET_COUNT], n[CG_SHEET_COUNT];
};

static const char *const kind_names[CG_SHEET_COUNT] = {"source", "entity", "relation", "claim"};

/* ---- messages ---- */

/* Appends s clipped to CLIP characters, control characters as spaces. */
static void add_clip(cg__buf *b, const char *s)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) != 0x80 && ++chars > CLIP) {
            cg__buf_adds(b, "...");
            return;
        }
        cg__buf_addc(b, *p < 0x20 || *p == 0x7F ? ' ' : (char)*p);
    }
}

static const char *col_name(ictx *c, const rec *r, int f)
{
    if (r->col[f] >= 0) return c->files.v[r->file].hdr[r->col[f]];
    return cg__sf_names[f];
}

static void rec_err(ictx *c, rec *r, int f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static void rec_err(ictx *c, rec *r, int f, const char *fmt, ...)
{
    cg__buf b;
    cg__buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    cg__buf_vprintf(&b, fmt, ap);
    va_end(ap);
    cg_diag_add_cell(c->diag, CG_SEV_ERROR, c->files.v[r->file].path, r->row, f >= 0 ? col_name(c, r, f) : NULL,
                     "%s", b.s);
    cg__buf_free(&b);
    r->bad = 1;
    c->errors++;
}

/* "'value'" clipped, for messages (static buffer per call site is avoided: returns arena copy) */
static const char *q(ictx *c, const char *s)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_addc(&b, '\'');
    add_clip(&b, s);
    cg__buf_addc(&b, '\'');
    const char *r = cg__arena_strndup(c->arena, b.s, b.len);
    cg__buf_free(&b);
    return r;
}

/* ---- reading the sheets ---- */

static const char *colname_cb(void *ctx, size_t cell)
{
    ictx *c = ctx;
    sheetfile *sf = &c->files.v[c->cur];
    if (cell < sf->ncols) return sf->hdr[cell];
    return NULL;
}

static char *display_header(const char *s, size_t col)
{
    cg__buf b;
    cg__buf_init(&b);
    const char *p = s;
    while (*p == ' ') p++;
    add_clip(&b, p);
    while (b.len && b.s[b.len - 1] == ' ') b.s[--b.len] = '\0';
    if (!b.len) cg__buf_printf(&b, "column %zu", col + 1);
    return cg__buf_steal(&b);
}

static void header_row(ictx *c, sheetfile *sf, char **cells, size_t n, unsigned long line)
{
    sf->header_seen = 1;
    sf->ncols = n;
    sf->hdr = cg__xcalloc(n + 1, sizeof *sf->hdr);
    for (int k = 0; k < CG_SHEET_COUNT; k++) {
        sf->field[k] = cg__xmalloc((n + 1) * sizeof *sf->field[k]);
        for (size_t i = 0; i < n; i++) sf->field[k][i] = -1;
    }
    sf->type_col = -1;
    for (size_t i = 0; i < n; i++) {
        sf->hdr[i] = display_header(cells[i], i);
        if (!cells[i][0]) continue; /* a column without a header: its cells must be empty */
        int any = -1;
        for (int k = 0; k < CG_SHEET_COUNT; k++) {
            if (sf->kind >= 0 && k != sf->kind) continue;
            int f = cg__sheet_header_field((cg_sheet_kind)k, cells[i]);
            sf->field[k][i] = f;
            if (f >= 0) any = f;
        }
        if (any == SF_TYPE) sf->type_col = (int)i;
        if (any < 0) {
            /* did you mean: the field names of the sheet(s) this file can hold */
            const char *cands[SF_COUNT];
            size_t nc = 0;
            for (int f = 0; f < SF_COUNT; f++) {
                int ok = 0;
                for (int k = 0; k < CG_SHEET_COUNT; k++)
                    if ((sf->kind < 0 || k == sf->kind) && cg__sheet_has((cg_sheet_kind)k, f)) ok = 1;
                if (ok) cands[nc++] = cg__sf_names[f];
            }
            char low[64];
            size_t j = 0;
            for (const char *p = cells[i]; *p && j + 1 < sizeof low; p++)
                low[j++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p == ' ' || *p == '-' ? '_' : *p);
            low[j] = '\0';
            const char *dym = cg__did_you_mean(low, cands, nc);
            const char *what = sf->kind >= 0 ? kind_names[sf->kind] : "record";
            cg_diag_add_cell(c->diag, CG_SEV_ERROR, sf->path, line, sf->hdr[i],
                             "unknown column for a %s sheet%s%s%s", what, dym ? " (did you mean '" : "",
                             dym ? dym : "", dym ? "'?)" : "");
            c->errors++;
            sf->header_bad = 1;
        }
        /* the same field twice */
        for (size_t j2 = 0; j2 < i; j2++)
            for (int k = 0; k < CG_SHEET_COUNT; k++)
                if (sf->field[k][i] >= 0 && sf->field[k][j2] == sf->field[k][i]) {
                    cg_diag_add_cell(c->diag, CG_SEV_ERROR, sf->path, line, sf->hdr[i],
                                     "this column repeats column '%s' (both are '%s')", sf->hdr[j2],
                                     cg__sf_names[sf->field[k][i]]);
                    c->errors++;
                    sf->header_bad = 1;
                    k = CG_SHEET_COUNT;
                    j2 = i;
                }
    }
    if (sf->kind < 0 && sf->type_col < 0) {
        cg_diag_add(c->diag, CG_SEV_ERROR, sf->path, line, 0,
                    "the sheet is not named sources.csv, entities.csv, relations.csv or claims.csv and has no "
                    "'type' column saying what each row is");
        c->errors++;
        sf->header_bad = 1;
        return;
    }
    /* required columns of a typed sheet */
    static const int required[CG_SHEET_COUNT][5] = {
        {SF_ID, SF_TITLE, SF_KIND, -1}, {SF_ID, SF_NAME, SF_KIND, -1}, {SF_ID, -1}, {SF_SUBJECT, SF_RELATION, SF_OBJECT, SF_SOURCE, -1}};
    if (sf->kind >= 0) {
        for (const int *f = required[sf->kind]; *f >= 0; f++) {
            int have = 0;
            for (size_t i = 0; i < n; i++)
                if (sf->field[sf->kind][i] == *f) have = 1;
            if (!have) {
                cg_diag_add_cell(c->diag, CG_SEV_ERROR, sf->path, line, cg__sf_names[*f],
                                 "the header has no '%s' column (a %s sheet needs it)", cg__sf_names[*f],
                                 kind_names[sf->kind]);
                c->errors++;
                sf->header_bad = 1;
            }
        }
    }
}

static int parse_kind_cell(const char *s)
{
    static const char *const names[][2] = {{"source", "sources"}, {"entity", "entities"},
                                           {"relation", "relations"}, {"claim", "claims"}};
    for (int k = 0; k < CG_SHEET_COUNT; k++)
        if (!strcasecmp(s, names[k][0]) || !strcasecmp(s, names[k][1])) return k;
    return -1;
}

static int on_row(void *ctx, char **cells, size_t n, unsigned long line)
{
    ictx *c = ctx;
    sheetfile *sf = &c->files.v[c->cur];
    if (!sf->header_seen) {
        header_row(c, sf, cells, n, line);
        return 0;
    }
    if (sf->header_bad) return 0; /* the header's errors say it all */
    rec *r = cg__arena_alloc(c->arena, sizeof *r, _Alignof(rec));
    memset(r, 0, sizeof *r);
    for (int f = 0; f < SF_COUNT; f++) r->col[f] = -1;
    r->file = (uint32_t)c->cur;
    r->row = line;
    int kind = sf->kind;
    if (kind < 0) {
        const char *t = sf->type_col >= 0 && (size_t)sf->type_col < n ? cells[sf->type_col] : "";
        kind = parse_kind_cell(t);
        if (kind < 0) {
            const char *names[] = {"source", "entity", "relation", "claim"};
            const char *dym = *t ? cg__did_you_mean(t, names, 4) : NULL;
            cg_diag_add_cell(c->diag, CG_SEV_ERROR, sf->path, line, sf->hdr[sf->type_col],
                             "%s%s%s is not a record type (source, entity, relation or claim)%s%s%s",
                             *t ? "'" : "", *t ? t : "an empty cell", *t ? "'" : "", dym ? "; did you mean '" : "",
                             dym ? dym : "", dym ? "'?" : "");
            c->errors++;
            return 0;
        }
    }
    r->kind = (uint8_t)kind;
    for (size_t i = 0; i < n; i++) {
        const char *v = cells[i];
        if (c->o->dialect == CG_CSV_SPREADSHEET) v = cg__csv_unguard(v);
        if (!*v) continue;
        int f = i < sf->ncols ? sf->field[kind][i] : -1;
        if (f == SF_TYPE) continue;
        if (f < 0) {
            if (i >= sf->ncols)
                cg_diag_add_cell(c->diag, CG_SEV_ERROR, sf->path, line, NULL,
                                 "cell %zu is beyond the last column (the header has %zu columns)", i + 1, sf->ncols);
            else if (sf->kind < 0 && cells[i] && sf->hdr[i] && i < sf->ncols)
                cg_diag_add_cell(c->diag, CG_SEV_ERROR, sf->path, line, sf->hdr[i],
                                 "%s %s has no '%s' (leave this cell empty in %s rows)", kind == CG_SHEET_ENTITIES ? "an" : "a",
                                 kind_names[kind], sf->hdr[i],
                                 kind_names[kind]);
            else
                cg_diag_add_cell(c->diag, CG_SEV_ERROR, sf->path, line, sf->hdr[i],
                                 "this column has no header, so its cells must be empty");
            c->errors++;
            r->bad = 1;
            continue;
        }
        r->v[f] = cg__arena_strndup(c->arena, v, strlen(v));
        r->col[f] = (int16_t)i;
    }
    /* columns of the header that this row did not fill still name the field in messages */
    for (size_t i = 0; i < sf->ncols; i++) {
        int f = sf->field[kind][i];
        if (f >= 0 && r->col[f] < 0) r->col[f] = (int16_t)i;
    }
    CG_VEC_PUSH(c->recs[kind], r);
    return 0;
}

static int has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcasecmp(name + n - e, ext) == 0;
}

static void add_file(ictx *c, const char *path, int explicit_file)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (has_ext(base, ".xlsx") || has_ext(base, ".xls") || has_ext(base, ".ods")) {
        cg_diag_add(c->diag, CG_SEV_ERROR, path, 0, 0,
                    "workbooks are not read: save each sheet as \"CSV UTF-8\" (sources.csv, entities.csv, "
                    "relations.csv, claims.csv), or convert with xlsx2csv");
        c->errors++;
        return;
    }
    if (!explicit_file && !has_ext(base, ".csv") && !has_ext(base, ".tsv")) return;
    sheetfile sf;
    memset(&sf, 0, sizeof sf);
    sf.path = cg__xstrdup(path);
    sf.kind = cg__sheet_kind_of_name(base);
    CG_VEC_PUSH(c->files, sf);
}

static void collect_inputs(ictx *c, const char *const *paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            cg_diag_add(c->diag, CG_SEV_ERROR, paths[i], 0, 0, "cannot read: %s", strerror(errno));
            c->errors++;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            add_file(c, paths[i], 1);
            continue;
        }
        DIR *d = opendir(paths[i]);
        if (!d) {
            cg_diag_add(c->diag, CG_SEV_ERROR, paths[i], 0, 0, "cannot open the folder: %s", strerror(errno));
            c->errors++;
            continue;
        }
        CG_VEC(char *) names = {0};
        struct dirent *de;
        while ((de = readdir(d))) {
            if (de->d_name[0] == '.') continue;
            char *copy = cg__xstrdup(de->d_name);
            CG_VEC_PUSH(names, copy);
        }
        closedir(d);
        if (names.n) qsort(names.v, names.n, sizeof *names.v, cg__cmp_str_ptr);
        size_t before = c->files.n;
        for (size_t k = 0; k < names.n; k++) {
            cg__buf p;
            cg__buf_init(&p);
            cg__buf_printf(&p, "%s%s%s", paths[i], paths[i][strlen(paths[i]) - 1] == '/' ? "" : "/", names.v[k]);
            struct stat fst;
            if (stat(p.s, &fst) == 0 && S_ISREG(fst.st_mode)) add_file(c, p.s, 0);
            cg__buf_free(&p);
            free(names.v[k]);
        }
        CG_VEC_FREE(names);
        if (c->files.n == before) {
            cg_diag_add(c->diag, CG_SEV_ERROR, paths[i], 0, 0, "the folder has no .csv sheets");
            c->errors++;
        }
    }
}

static void read_sheets(ictx *c)
{
    /* read in record-type order (sources, entities, relations, claims, then mixed sheets), so
     * messages come in the order they are fixed in; ties in name order */
    for (int pass = 0; pass <= CG_SHEET_COUNT; pass++) {
        for (size_t i = 0; i < c->files.n; i++) {
            sheetfile *sf = &c->files.v[i];
            int k = sf->kind < 0 ? CG_SHEET_COUNT : sf->kind;
            if (k != pass) continue;
            char *data = NULL;
            size_t len = 0;
            if (cg_read_file(sf->path, SHEET_MAX, &data, &len, c->diag) != CG_OK) {
                c->errors++;
                continue;
            }
            c->cur = i;
            size_t before = cg_diag_count(c->diag, CG_SEV_ERROR);
            cg__csv_read(sf->path, data, len, on_row, c, colname_cb, NULL, c->diag);
            c->errors += cg_diag_count(c->diag, CG_SEV_ERROR) - before;
            if (!sf->header_seen) {
                cg_diag_add(c->diag, CG_SEV_ERROR, sf->path, 0, 0, "the sheet is empty (it needs a header row)");
                c->errors++;
            }
            free(data);
        }
    }
}

/* ---- cells ---- */

/* Lower-case ASCII, spaces and '-' as '_', trimmed: how enum cells are compared. */
static char *enum_key(const char *s)
{
    while (*s == ' ') s++;
    char *k = cg__xstrdup(s);
    size_t n = strlen(k);
    while (n && k[n - 1] == ' ') k[--n] = '\0';
    for (char *p = k; *p; p++) {
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
        else if (*p == ' ' || *p == '-') *p = '_';
    }
    return k;
}

static const char *parse_enum(ictx *c, rec *r, int f, const char *const *names, size_t n)
{
    char *k = enum_key(r->v[f]);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(k, names[i])) {
            free(k);
            return names[i];
        }
    const char *dym = cg__did_you_mean(k, names, n);
    cg__buf list;
    cg__buf_init(&list);
    for (size_t i = 0; i < n; i++) cg__buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    if (dym) rec_err(c, r, f, "%s is not a %s (did you mean '%s'?)", q(c, r->v[f]), cg__sf_names[f], dym);
    else rec_err(c, r, f, "%s is not a %s (one of: %s)", q(c, r->v[f]), cg__sf_names[f], list.s);
    cg__buf_free(&list);
    free(k);
    return NULL;
}

static int parse_bool(const char *s, int *out)
{
    static const char *const t[] = {"true", "yes", "y", "1", "x"}, *const fa[] = {"false", "no", "n", "0"};
    char *k = enum_key(s);
    int ok = -1;
    for (size_t i = 0; i < 5; i++)
        if (!strcmp(k, t[i])) *out = 1, ok = 0;
    for (size_t i = 0; i < 4; i++)
        if (!strcmp(k, fa[i])) *out = 0, ok = 0;
    free(k);
    return ok;
}

/* A decimal number with `.` or `,` as decimal separator. */
static int parse_number(const char *s, double *out)
{
    char buf[64];
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') n--;
    while (*s == ' ') s++, n--;
    if (n == 0 || n >= sizeof buf) return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *comma = strchr(buf, ',');
    if (comma) {
        if (strchr(buf, '.') || strchr(comma + 1, ',')) return -1;
        *comma = '.';
    }
    for (char *p = buf; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '+' || *p == 'e' || *p == 'E')) return -1;
    char *end;
    errno = 0;
    double x = strtod(buf, &end);
    if (errno || *end || end == buf) return -1;
    *out = x;
    return 0;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    while (*s == ' ') s++;
    if (!(*s >= '0' && *s <= '9')) return -1;
    char *end;
    errno = 0;
    unsigned long x = strtoul(s, &end, 10);
    while (*end == ' ') end++;
    if (errno || *end || x > max) return -1;
    *out = x;
    return 0;
}

/* Folds a name for matching: compatibility forms, case and accents (combining marks) folded,
 * default-ignorable characters dropped, then whitespace collapsed and typographic quotes folded
 * as cg_locate() does. Caller frees. */
static char *fold_name(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                          UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
    if (n < 0) return cg__xstrdup(s);
    size_t nl = 0;
    char *norm = cg__text_normalise((const char *)out, (size_t)n, &nl);
    free(out);
    return norm;
}

/* ---- sources and their texts ---- */

static void append_json_str(cg__buf *b, const char *s)
{
    char *e = cg_esc_json(s);
    cg__buf_adds(b, e);
    free(e);
}

static int hex_sha(const char *s, uint8_t out[32])
{
    while (*s == ' ') s++;
    if (strlen(s) < 64) return -1;
    for (int i = 0; i < 64; i++) {
        char ch = s[i];
        int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
        if (v < 0) return -1;
        if (i % 2 == 0) out[i / 2] = (uint8_t)(v << 4);
        else out[i / 2] |= (uint8_t)v;
    }
    for (const char *p = s + 64; *p; p++)
        if (*p != ' ') return -1;
    return 0;
}

static void index_sources(ictx *c)
{
    recvec *v = &c->recs[CG_SHEET_SOURCES];
    c->src = cg__xcalloc(v->n + 1, sizeof *c->src);
    c->src_ids = cg__strmap_new(v->n + 1);
    for (size_t i = 0; i < v->n; i++) {
        rec *r = v->v[i];
        c->src[i].r = r;
        if (!r->v[SF_ID]) {
            rec_err(c, r, SF_ID, "a source needs an id");
            continue;
        }
        uint32_t old;
        if (!cg__strmap_put(c->src_ids, r->v[SF_ID], (uint32_t)i, &old)) {
            rec *o = v->v[old];
            rec_err(c, r, SF_ID, "duplicate source id %s (first at %s:%lu)", q(c, r->v[SF_ID]), c->files.v[o->file].path,
                    o->row);
        }
        if (r->v[SF_TEXT_SHA256]) {
            if (hex_sha(r->v[SF_TEXT_SHA256], c->src[i].sha) != 0)
                rec_err(c, r, SF_TEXT_SHA256, "%s is not a SHA-256 (64 hexadecimal digits)", q(c, r->v[SF_TEXT_SHA256]));
            else c->src[i].has_sha = 1;
        }
    }
}

static int src_of(ictx *c, const char *id)
{
    uint32_t k;
    return id && cg__strmap_get(c->src_ids, id, &k) ? (int)k : -1;
}

/* Finds the text of every source: by text_file (read below --texts), else by text_sha256 (found
 * by content, as the audit does). */
static void find_texts(ictx *c)
{
    recvec *v = &c->recs[CG_SHEET_SOURCES];
    CG_VEC(const uint8_t *) want = {0};
    for (size_t i = 0; i < v->n; i++) {
        srcinfo *s = &c->src[i];
        rec *r = s->r;
        if (r->v[SF_TEXT_FILE]) {
            if (!c->o->texts_dir) {
                rec_err(c, r, SF_TEXT_FILE, "text_file needs the texts folder (--texts DIR)");
                continue;
            }
            const char *why = NULL;
            if (cg__read_under(c->o->texts_dir, r->v[SF_TEXT_FILE], TEXT_MAX, &s->owned, &s->len, &why) != 0) {
                rec_err(c, r, SF_TEXT_FILE, "text_file %s %s", q(c, r->v[SF_TEXT_FILE]), why);
                continue;
            }
            s->text = s->owned;
            s->disp = cg__xstrdup(r->v[SF_TEXT_FILE]);
            uint8_t sha[32];
            cg_sha256(s->text, s->len, sha);
            if (s->has_sha && memcmp(sha, s->sha, 32) != 0) {
                char hex[65];
                cg_hex_sha256(sha, hex);
                rec_err(c, r, SF_TEXT_SHA256,
                        "text_file %s has SHA-256 %s, not this text_sha256: the file changed since the spans were "
                        "made (see `claimgraph reanchor`), or one of the two cells is wrong",
                        q(c, r->v[SF_TEXT_FILE]), hex);
            }
            memcpy(s->sha, sha, 32);
            s->has_sha = 1;
        } else if (s->has_sha && c->o->texts_dir) {
            CG_VEC_PUSH(want, s->sha);
        }
    }
    if (want.n) {
        uint8_t (*shas)[32] = cg__xmalloc(want.n * 32);
        for (size_t i = 0; i < want.n; i++) memcpy(shas[i], want.v[i], 32);
        if (cg__texts_scan(&c->texts, c->o->texts_dir, (const uint8_t(*)[32])shas, want.n, 0, c->diag) != CG_OK)
            c->errors++;
        c->texts_scanned = 1;
        free(shas);
        for (size_t i = 0; i < v->n; i++) {
            srcinfo *s = &c->src[i];
            if (s->text || !s->has_sha) continue;
            const cg__text_slot *t = cg__texts_find(&c->texts, s->sha);
            if (t) {
                s->text = t->data;
                s->len = t->len;
                s->disp = cg__xstrdup(t->path);
            }
        }
    }
    CG_VEC_FREE(want);
}

/* The prepared text of source i, or NULL (the error is the caller's). */
static cg__tindex *text_index(srcinfo *s)
{
    if (!s->text) return NULL;
    if (s->ix_state == 0) {
        s->ix_state = cg__tindex_init(&s->ix, s->text, s->len) == CG_OK ? 1 : -1;
        if (s->ix_state == 1 && s->n_passages >= SA_MIN_QUOTES) cg__tindex_build_sa(&s->ix);
    }
    return s->ix_state == 1 ? &s->ix : NULL;
}

/* ---- entities and relations ---- */

static int cmp_fold(const void *x, const void *y)
{
    const fold_entry *a = x, *b = y;
    int d = strcmp(a->key, b->key);
    return d ? d : (a->ent > b->ent) - (a->ent < b->ent);
}

static void index_entities(ictx *c)
{
    recvec *v = &c->recs[CG_SHEET_ENTITIES];
    c->ent_ids = cg__strmap_new(v->n + 1);
    c->ent_id_list = cg__xcalloc(v->n + 1, sizeof *c->ent_id_list);
    for (size_t i = 0; i < v->n; i++) {
        rec *r = v->v[i];
        c->ent_id_list[i] = r->v[SF_ID] ? r->v[SF_ID] : "";
        if (!r->v[SF_ID]) {
            rec_err(c, r, SF_ID, "an entity needs an id");
            continue;
        }
        uint32_t old;
        if (!cg__strmap_put(c->ent_ids, r->v[SF_ID], (uint32_t)i, &old)) {
            rec *o = v->v[old];
            rec_err(c, r, SF_ID, "duplicate entity id %s (first at %s:%lu)", q(c, r->v[SF_ID]),
                    c->files.v[o->file].path, o->row);
            continue;
        }
        fold_entry e = {fold_name(r->v[SF_ID]), (uint32_t)i};
        CG_VEC_PUSH(c->folds, e);
        if (r->v[SF_NAME]) {
            fold_entry n = {fold_name(r->v[SF_NAME]), (uint32_t)i};
            CG_VEC_PUSH(c->folds, n);
        }
        if (r->v[SF_ALIASES]) {
            cg__strvec al = {0};
            cg__cell_split(r->v[SF_ALIASES], 0, &al);
            for (size_t k = 0; k < al.n; k++) {
                fold_entry a = {fold_name(al.v[k]), (uint32_t)i};
                CG_VEC_PUSH(c->folds, a);
            }
            cg__strvec_free(&al);
        }
    }
    if (c->folds.n) qsort(c->folds.v, c->folds.n, sizeof *c->folds.v, cmp_fold);
    /* one entry per (key, entity) */
    size_t u = 0;
    for (size_t i = 0; i < c->folds.n; i++) {
        if (u && !strcmp(c->folds.v[u - 1].key, c->folds.v[i].key) && c->folds.v[u - 1].ent == c->folds.v[i].ent) {
            free(c->folds.v[i].key);
            continue;
        }
        c->folds.v[u++] = c->folds.v[i];
    }
    c->folds.n = u;
    c->fold_keys = cg__xcalloc(u + 1, sizeof *c->fold_keys);
    for (size_t i = 0; i < u; i++) c->fold_keys[i] = c->folds.v[i].key;
}

static void add_entity_name(ictx *c, cg__buf *b, uint32_t e)
{
    rec *r = c->recs[CG_SHEET_ENTITIES].v[e];
    cg__buf_printf(b, "'%s'", r->v[SF_ID]);
    if (r->v[SF_NAME]) {
        cg__buf_adds(b, " (");
        add_clip(b, r->v[SF_NAME]);
        cg__buf_adds(b, ")");
    }
}

/* The entity id a subject/object cell names, or NULL (error reported). */
static const char *resolve_entity(ictx *c, rec *r, int f)
{
    const char *cell = r->v[f];
    uint32_t k;
    if (cg__strmap_get(c->ent_ids, cell, &k)) return c->recs[CG_SHEET_ENTITIES].v[k]->v[SF_ID];
    char *key = fold_name(cell);
    fold_entry probe = {key, 0};
    size_t lo = 0, hi = c->folds.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cmp_fold(&c->folds.v[mid], &probe) < 0) lo = mid + 1;
        else hi = mid;
    }
    size_t first = lo, end = lo;
    while (end < c->folds.n && !strcmp(c->folds.v[end].key, key)) end++;
    /* distinct entities among the matches */
    uint32_t ents[LIST_MAX + 1];
    size_t ne = 0, total = 0;
    for (size_t i = first; i < end; i++) {
        int seen = 0;
        for (size_t j = 0; j < ne; j++)
            if (ents[j] == c->folds.v[i].ent) seen = 1;
        if (seen) continue;
        total++;
        if (ne < LIST_MAX) ents[ne++] = c->folds.v[i].ent;
    }
    const char *res = NULL;
    if (total == 1) {
        res = c->recs[CG_SHEET_ENTITIES].v[ents[0]]->v[SF_ID];
    } else if (total > 1) {
        cg__buf b;
        cg__buf_init(&b);
        for (size_t j = 0; j < ne; j++) {
            if (j) cg__buf_adds(&b, ", ");
            add_entity_name(c, &b, ents[j]);
        }
        if (total > ne) cg__buf_printf(&b, " and %zu more", total - ne);
        rec_err(c, r, f, "%s matches %zu entities: %s; write the id of the one meant", q(c, cell), total, b.s);
        cg__buf_free(&b);
    } else {
        const char *dym = c->folds.n ? cg__did_you_mean(key, c->fold_keys, c->folds.n) : NULL;
        if (dym) {
            cg__buf b;
            cg__buf_init(&b);
            size_t at = 0;
            for (size_t i = 0; i < c->folds.n; i++)
                if (c->fold_keys[i] == dym) at = i;
            add_entity_name(c, &b, c->folds.v[at].ent);
            rec_err(c, r, f, "no entity has the id, name or alias %s (did you mean %s?)", q(c, cell), b.s);
            cg__buf_free(&b);
        } else {
            rec_err(c, r, f, "no entity has the id, name or alias %s (entities.csv lists them)", q(c, cell));
        }
    }
    free(key);
    return res;
}

/* Relation ids: built-in and declared. A cell may be an id, an id with other case or spaces
 * ("Member of"), or a label that names one relation. */
typedef struct relname { const char *id, *label; } relname;

static const char *find_relation(ictx *c, rec *r, const relname *rels, size_t n, const char **ids)
{
    const char *cell = r->v[SF_RELATION];
    for (size_t i = 0; i < n; i++)
        if (!strcmp(cell, rels[i].id)) return rels[i].id;
    char *k = enum_key(cell);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(k, rels[i].id)) {
            free(k);
            return rels[i].id;
        }
    char *fk = fold_name(cell);
    const char *hit = NULL;
    size_t hits = 0;
    for (size_t i = 0; i < n; i++) {
        if (!rels[i].label) continue;
        char *fl = fold_name(rels[i].label);
        if (!strcmp(fl, fk)) {
            if (!hit || strcmp(hit, rels[i].id) != 0) hits++;
            hit = rels[i].id;
        }
        free(fl);
    }
    free(fk);
    if (hits == 1) {
        free(k);
        return hit;
    }
    const char *dym = cg__did_you_mean(k, ids, n);
    if (hits > 1) rec_err(c, r, SF_RELATION, "%s is the label of several relations; write the relation's id", q(c, cell));
    else if (dym)
        rec_err(c, r, SF_RELATION, "%s is not a relation (did you mean '%s'?); declare new ones in relations.csv",
                q(c, cell), dym);
    else rec_err(c, r, SF_RELATION, "%s is not a relation; declare new ones in relations.csv", q(c, cell));
    free(k);
    return NULL;
}

/* ---- JSON lines ---- */

static void line_begin(ictx *c, rec *r, const char *type)
{
    cg__buf_clear(&c->line);
    c->line_cols = 0;
    c->line_counted = 0;
    CG_VEC_PUSH(c->line_rec, r);
    CG_VEC_PUSH(c->line_piece, c->pieces.n);
    cg__buf_adds(&c->line, "{\"type\":\"");
    cg__buf_adds(&c->line, type);
    cg__buf_adds(&c->line, "\"");
    piece p = {1, SF_TYPE};
    CG_VEC_PUSH(c->pieces, p);
}

/* Adds ,"key":<raw JSON value> and records the member's column. */
static void member_raw(ictx *c, const char *key, const char *raw, int field)
{
    cg__buf_addc(&c->line, ',');
    /* characters so far, counted incrementally */
    c->line_cols += (uint32_t)cg__utf8_count(c->line.s + c->line_counted, c->line.len - c->line_counted);
    c->line_counted = c->line.len;
    piece p = {c->line_cols + 1, (uint8_t)field};
    CG_VEC_PUSH(c->pieces, p);
    cg__buf_printf(&c->line, "\"%s\":", key);
    cg__buf_adds(&c->line, raw);
}

static void member_str(ictx *c, const char *key, const char *val, int field)
{
    char *e = cg_esc_json(val);
    member_raw(c, key, e, field);
    free(e);
}

static void member_cell(ictx *c, rec *r, int f)
{
    if (r->v[f]) member_str(c, cg__sf_names[f], r->v[f], f);
}

static void line_end(ictx *c, cg_sheet_kind k)
{
    cg__buf_adds(&c->line, "}\n");
    cg__buf_add(&c->out, c->line.s, c->line.len);
    c->n_out[k]++;
    for (int j = k; j < CG_SHEET_COUNT; j++) c->out_end[j] = c->out.len;
}

static void member_list(ictx *c, rec *r, int f)
{
    if (!r->v[f]) return;
    cg__strvec items = {0};
    cg__cell_split(r->v[f], 0, &items);
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_addc(&b, '[');
    for (size_t i = 0; i < items.n; i++) {
        if (i) cg__buf_addc(&b, ',');
        append_json_str(&b, items.v[i]);
    }
    cg__buf_addc(&b, ']');
    if (items.n) member_raw(c, cg__sf_names[f], b.s, f);
    cg__buf_free(&b);
    cg__strvec_free(&items);
}

static const char *const source_kinds[] = {"news", "ngo_report", "government_report", "intelligence_report",
                                           "court_record", "interview", "speech", "academic", "other"};
static const char *const entity_kinds[] = {"person", "organization", "political_party", "government_body",
                                           "armed_group", "criminal_group", "international_organization",
                                           "company", "ngo", "media", "place", "other"};
static const char *const statuses[] = {"denied", "alleged", "reported", "official_finding", "charged",
                                       "acquitted", "convicted"};
static const char *const stances[] = {"supports", "refutes"};

static void member_enum(ictx *c, rec *r, int f, const char *const *names, size_t n)
{
    if (!r->v[f]) return;
    const char *v = parse_enum(c, r, f, names, n);
    if (v) member_str(c, cg__sf_names[f], v, f);
}

static void member_reliability(ictx *c, rec *r)
{
    const char *s = r->v[SF_RELIABILITY];
    if (!s) return;
    while (*s == ' ') s++;
    char g = *s >= 'a' && *s <= 'f' ? (char)(*s - 'a' + 'A') : *s;
    const char *rest = *s ? s + 1 : s;
    while (*rest == ' ') rest++;
    if (g < 'A' || g > 'F' || *rest) {
        rec_err(c, r, SF_RELIABILITY, "%s is not a reliability grade (A to F)", q(c, r->v[SF_RELIABILITY]));
        return;
    }
    char raw[4] = {'"', g, '"', 0};
    member_raw(c, "reliability", raw, SF_RELIABILITY);
}

static void member_bool(ictx *c, rec *r, int f)
{
    if (!r->v[f]) return;
    int b;
    if (parse_bool(r->v[f], &b) != 0) {
        rec_err(c, r, f, "%s is not true or false (also yes/no, 1/0)", q(c, r->v[f]));
        return;
    }
    member_raw(c, cg__sf_names[f], b ? "true" : "false", f);
}

static void gen_source(ictx *c, rec *r)
{
    line_begin(c, r, "source");
    member_cell(c, r, SF_ID);
    member_cell(c, r, SF_TITLE);
    member_enum(c, r, SF_KIND, source_kinds, 9);
    member_cell(c, r, SF_PUBLISHER);
    member_cell(c, r, SF_AUTHOR);
    member_cell(c, r, SF_PUBLISHED);
    member_cell(c, r, SF_URL);
    member_reliability(c, r);
    member_list(c, r, SF_CITES);
    int si = src_of(c, r->v[SF_ID]);
    if (si >= 0 && c->src[si].r == r && c->src[si].has_sha) {
        char hex[67];
        hex[0] = '"';
        cg_hex_sha256(c->src[si].sha, hex + 1);
        hex[65] = '"';
        hex[66] = '\0';
        member_raw(c, "text_sha256", hex, r->v[SF_TEXT_SHA256] ? SF_TEXT_SHA256 : SF_TEXT_FILE);
    }
    member_cell(c, r, SF_CAVEAT);
    member_cell(c, r, SF_NOTES);
    line_end(c, CG_SHEET_SOURCES);
}

static void gen_entity(ictx *c, rec *r)
{
    line_begin(c, r, "entity");
    member_cell(c, r, SF_ID);
    member_cell(c, r, SF_NAME);
    member_enum(c, r, SF_KIND, entity_kinds, 12);
    member_list(c, r, SF_ALIASES);
    member_cell(c, r, SF_DESCRIPTION);
    if (r->v[SF_EXTERNAL_IDS]) {
        cg__strvec items = {0};
        cg__cell_split(r->v[SF_EXTERNAL_IDS], 1, &items);
        cg__buf b;
        cg__buf_init(&b);
        cg__buf_addc(&b, '{');
        int ok = 1;
        for (size_t i = 0; i < items.n && ok; i++) {
            /* KEY=VALUE: the first unescaped '=' (a '=' in a key is written \=) */
            char *eq = strchr(items.v[i], '\x1f');
            if (!eq || eq == items.v[i] || !eq[1]) {
                rec_err(c, r, SF_EXTERNAL_IDS, "%s is not KEY=VALUE (e.g. wikidata=Q42)", q(c, items.v[i]));
                ok = 0;
                break;
            }
            *eq = '\0';
            if (i) cg__buf_addc(&b, ',');
            append_json_str(&b, items.v[i]);
            cg__buf_addc(&b, ':');
            append_json_str(&b, eq + 1);
        }
        cg__buf_addc(&b, '}');
        if (ok && items.n) member_raw(c, "external_ids", b.s, SF_EXTERNAL_IDS);
        cg__buf_free(&b);
        cg__strvec_free(&items);
    }
    line_end(c, CG_SHEET_ENTITIES);
}

static void gen_relation(ictx *c, rec *r)
{
    line_begin(c, r, "relation");
    member_cell(c, r, SF_ID);
    member_cell(c, r, SF_LABEL);
    member_bool(c, r, SF_DIRECTED);
    member_cell(c, r, SF_CATEGORY);
    line_end(c, CG_SHEET_RELATIONS);
}

/* ---- claims: passages ---- */

typedef struct span_out { uint64_t start, end; uint8_t sha[32]; } span_out;
typedef CG_VEC(span_out) spanvec;

/* Parses an evidence cell: START:END:SHA256 items separated by `|`. */
static int parse_evidence(ictx *c, rec *r, spanvec *out)
{
    cg__strvec items = {0};
    cg__cell_split(r->v[SF_EVIDENCE], 0, &items);
    int ok = 1;
    for (size_t i = 0; i < items.n; i++) {
        unsigned long long a, b;
        char hex[80];
        span_out s;
        int n = 0;
        if (sscanf(items.v[i], "%llu:%llu:%70s%n", &a, &b, hex, &n) != 3 || items.v[i][n] || hex_sha(hex, s.sha) != 0 ||
            a >= b) {
            rec_err(c, r, SF_EVIDENCE, "%s is not a span START:END:SHA256 (byte offsets, START < END)", q(c, items.v[i]));
            ok = 0;
            continue;
        }
        s.start = a;
        s.end = b;
        CG_VEC_PUSH(*out, s);
    }
    cg__strvec_free(&items);
    return ok;
}

/* Line number (1-based) of byte offset `off` in the text. */
static unsigned long line_of(const char *t, uint64_t off)
{
    unsigned long n = 1;
    for (uint64_t i = 0; i < off; i++)
        if (t[i] == '\n') n++;
    return n;
}

/* Appends the text [s, e) for a message: clipped, on one line. */
static void add_text_clip(cg__buf *b, const char *t, uint64_t s, uint64_t e)
{
    char *tmp = cg__xstrndup(t + s, (size_t)(e - s));
    for (char *p = tmp; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
    cg__buf_addc(b, '"');
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)tmp; *p; p++) {
        if ((*p & 0xC0) != 0x80 && ++chars > 2 * CLIP) {
            cg__buf_adds(b, "...");
            break;
        }
        if (*p >= 0x20 && *p != 0x7F) cg__buf_addc(b, (char)*p);
    }
    cg__buf_addc(b, '"');
    free(tmp);
}

/* Locates one passage; on success adds the span to out. `which` names it in messages. */
static int locate_passage(ictx *c, rec *r, srcinfo *s, const char *passage, unsigned long occurrence,
                          const span_out *hint, const char *which, spanvec *out)
{
    cg__tindex *ix = text_index(s);
    if (!ix) {
        rec_err(c, r, SF_QUOTE, "the text of source '%s' (%s) is not valid UTF-8, so quotes cannot be located in it",
                s->r->v[SF_ID], s->disp);
        return 0;
    }
    if (hint) {
        /* the evidence cell pins the span: keep it when the text there is this passage */
        if (hint->end <= s->len && hint->start < hint->end) {
            size_t a = 0, b = 0;
            char *np = cg__text_normalise(passage, strlen(passage), &a);
            char *nt = cg__text_normalise(s->text + hint->start, (size_t)(hint->end - hint->start), &b);
            int same = a == b && memcmp(np, nt, a) == 0;
            free(np);
            free(nt);
            uint8_t d[32];
            cg_sha256(s->text + hint->start, (size_t)(hint->end - hint->start), d);
            if (same && memcmp(d, hint->sha, 32) == 0) {
                CG_VEC_PUSH(*out, *hint);
                return 1;
            }
        }
    }
    cg_locate_result lr;
    uint64_t *starts = NULL;
    cg_status st = cg__tindex_locate(ix, passage, strlen(passage), occurrence, &lr, &starts);
    int ok = 0;
    cg__buf b;
    cg__buf_init(&b);
    if (st == CG_OK) {
        span_out so;
        so.start = lr.span.start;
        so.end = lr.span.end;
        memcpy(so.sha, lr.span.sha256, 32);
        CG_VEC_PUSH(*out, so);
        ok = 1;
    } else if (st == CG_EINVAL) {
        rec_err(c, r, SF_QUOTE, "%sthe quote is empty", which);
    } else if (st == CG_EAMBIGUOUS || (st == CG_ENOTFOUND && lr.occurrences > 0)) {
        size_t shown = lr.occurrences < LIST_MAX ? lr.occurrences : LIST_MAX;
        for (size_t i = 0; i < shown; i++)
            cg__buf_printf(&b, "%s%lu", i ? ", " : "", line_of(s->text, starts[i]));
        if (st == CG_EAMBIGUOUS)
            rec_err(c, r, SF_QUOTE,
                    "%sthe quote %s occurs %s%zu times in the text of source '%s' (%s, lines %s%s); lengthen it, or "
                    "choose one with an 'occurrence' column (1..%zu)",
                    which, q(c, passage), lr.occurrences > 1000 ? "more than " : "",
                    lr.occurrences > 1000 ? (size_t)1000 : lr.occurrences, s->r->v[SF_ID], s->disp, b.s,
                    lr.occurrences > shown ? ", ..." : "", lr.occurrences);
        else
            rec_err(c, r, SF_OCCURRENCE, "%sthe quote occurs only %zu time%s in the text of source '%s' (%s), so there "
                    "is no occurrence %lu", which, lr.occurrences, lr.occurrences == 1 ? "" : "s", s->r->v[SF_ID],
                    s->disp, occurrence);
    } else {
        cg__closest cl;
        if (cg__tindex_closest(ix, passage, strlen(passage), &cl) == 0 && cl.agree * 4 >= cl.plen) {
            add_text_clip(&b, s->text, cl.start, cl.end);
            rec_err(c, r, SF_QUOTE,
                    "%sthe quote %s is not in the text of source '%s' (%s); closest match, line %lu (%zu of its %zu "
                    "characters agree in one piece): %s (whitespace, line breaks and curly quotes are tolerated; check "
                    "words, dashes and spelling)",
                    which, q(c, passage), s->r->v[SF_ID], s->disp, line_of(s->text, cl.start), cl.agree, cl.plen, b.s);
        } else {
            rec_err(c, r, SF_QUOTE,
                    "%sthe quote %s is not in the text of source '%s' (%s), and no part of it is close (is it the "
                    "right source?)",
                    which, q(c, passage), s->r->v[SF_ID], s->disp);
        }
    }
    cg__buf_free(&b);
    free(starts);
    return ok;
}

/* The passages of one row (quote and/or evidence); spans added to out, identity parts to parts. */
static void row_passages(ictx *c, rec *r, srcinfo *s, spanvec *out, cg__strvec *parts)
{
    spanvec ev = {0};
    if (r->v[SF_EVIDENCE] && !parse_evidence(c, r, &ev)) {
        CG_VEC_FREE(ev);
        return;
    }
    cg__strvec qs = {0};
    if (r->v[SF_QUOTE]) cg__quote_split(r->v[SF_QUOTE], &qs);
    unsigned long occ = 0;
    if (r->v[SF_OCCURRENCE]) {
        if (parse_uint(r->v[SF_OCCURRENCE], 1000000, &occ) != 0 || occ == 0) {
            rec_err(c, r, SF_OCCURRENCE, "%s is not an occurrence number (1, 2, ...)", q(c, r->v[SF_OCCURRENCE]));
            goto done;
        }
        if (qs.n != 1) {
            rec_err(c, r, SF_OCCURRENCE, "an occurrence needs exactly one quoted passage in the row");
            goto done;
        }
    }
    if (qs.n && ev.n && qs.n != ev.n) {
        rec_err(c, r, SF_EVIDENCE, "the quote has %zu passage%s but the evidence cell %zu span%s; give one span per "
                "passage, or leave the evidence empty", qs.n, qs.n == 1 ? "" : "s", ev.n, ev.n == 1 ? "" : "s");
        goto done;
    }
    if (!s) goto done; /* the source is unknown: reported already */
    if (qs.n) {
        if (!c->o->texts_dir) {
            rec_err(c, r, SF_QUOTE, "quotes are located in the source texts: give the texts folder (--texts DIR)");
            goto done;
        }
        if (!s->text) {
            if (s->has_sha)
                rec_err(c, r, SF_QUOTE, "the text of source '%s' (text_sha256 %.12s...) is not in the texts folder",
                        s->r->v[SF_ID], s->r->v[SF_TEXT_SHA256] ? s->r->v[SF_TEXT_SHA256] : "");
            else if (!s->r->v[SF_TEXT_FILE])
                rec_err(c, r, SF_QUOTE, "source '%s' has no text_file (or text_sha256), so its quotes cannot be "
                        "located", s->r->v[SF_ID]);
            else r->bad = 1; /* its text_file error is reported on the source */
            goto done;
        }
        for (size_t i = 0; i < qs.n; i++) {
            char which[64] = "";
            if (qs.n > 1) snprintf(which, sizeof which, "passage %zu of %zu: ", i + 1, qs.n);
            locate_passage(c, r, s, qs.v[i], occ, ev.n ? &ev.v[i] : NULL, which, out);
            size_t nl = 0;
            char *norm = cg__text_normalise(qs.v[i], strlen(qs.v[i]), &nl);
            CG_VEC_PUSH(*parts, norm);
        }
    } else {
        for (size_t i = 0; i < ev.n; i++) {
            const span_out *sp = &ev.v[i];
            if (s->text) {
                uint8_t d[32];
                int ok = sp->end <= s->len;
                if (ok) {
                    cg_sha256(s->text + sp->start, (size_t)(sp->end - sp->start), d);
                    ok = memcmp(d, sp->sha, 32) == 0;
                }
                if (!ok) {
                    rec_err(c, r, SF_EVIDENCE, "the span %llu:%llu does not match the text of source '%s' (%s): give "
                            "the quote instead, or run `claimgraph reanchor`",
                            (unsigned long long)sp->start, (unsigned long long)sp->end, s->r->v[SF_ID], s->disp);
                    continue;
                }
            }
            CG_VEC_PUSH(*out, *sp);
            char buf[48];
            snprintf(buf, sizeof buf, "%llu:%llu", (unsigned long long)sp->start, (unsigned long long)sp->end);
            char *p = cg__xstrdup(buf);
            CG_VEC_PUSH(*parts, p);
        }
    }
done:
    cg__strvec_free(&qs);
    CG_VEC_FREE(ev);
}

static int is_continuation(const rec *r)
{
    if (r->v[SF_SUBJECT] || r->v[SF_RELATION] || r->v[SF_OBJECT] || r->v[SF_SOURCE]) return 0;
    if (!r->v[SF_QUOTE] && !r->v[SF_EVIDENCE]) return 0;
    for (int f = 0; f < SF_COUNT; f++)
        if (r->v[f] && f != SF_ID && f != SF_QUOTE && f != SF_EVIDENCE && f != SF_OCCURRENCE && f != SF_TYPE) return 0;
    return 1;
}

static void gen_claims(ictx *c, const relname *rels, size_t nrels, const char **rel_ids)
{
    recvec *v = &c->recs[CG_SHEET_CLAIMS];
    c->claim_ids = cg__strmap_new(v->n + 1);
    /* explicit ids and continuation rows */
    for (size_t i = 0; i < v->n; i++) {
        rec *r = v->v[i];
        r->cont = (uint8_t)is_continuation(r);
        if (r->cont) continue;
        if (!r->v[SF_ID]) continue;
        uint32_t old;
        if (!cg__strmap_put(c->claim_ids, r->v[SF_ID], (uint32_t)i, &old)) {
            rec *o = v->v[old];
            rec_err(c, r, SF_ID, "duplicate claim id %s (first at %s:%lu); a row that only adds a passage to that "
                    "claim must leave every other cell empty", q(c, r->v[SF_ID]), c->files.v[o->file].path, o->row);
        }
    }
    for (size_t i = 0; i < v->n; i++) {
        rec *r = v->v[i];
        if (!r->cont) continue;
        uint32_t k;
        if (!r->v[SF_ID]) {
            rec_err(c, r, SF_ID, "a row with only a quote adds a passage to a claim: it needs that claim's id");
            continue;
        }
        if (!cg__strmap_get(c->claim_ids, r->v[SF_ID], &k)) {
            rec_err(c, r, SF_ID, "no claim row has the id %s (a row with only a quote adds a passage to the claim with "
                    "its id)", q(c, r->v[SF_ID]));
            continue;
        }
        rec *m = v->v[k];
        if (m->conts_tail) m->conts_tail->next = r;
        else m->conts = r;
        m->conts_tail = r;
    }
    /* passages per text, so texts with many get a suffix array */
    for (size_t i = 0; i < v->n; i++) {
        rec *r = v->v[i];
        rec *m = r;
        if (r->cont) {
            uint32_t k;
            if (!r->v[SF_ID] || !cg__strmap_get(c->claim_ids, r->v[SF_ID], &k)) continue;
            m = v->v[k];
        }
        int si = src_of(c, m->v[SF_SOURCE]);
        if (si >= 0 && r->v[SF_QUOTE]) c->src[si].n_passages++;
    }
    cg__strmap *derived = cg__strmap_new(v->n + 1);
    for (size_t i = 0; i < v->n; i++) {
        rec *r = v->v[i];
        if (r->cont) continue;
        static const int req[] = {SF_SUBJECT, SF_RELATION, SF_OBJECT, SF_SOURCE};
        for (int k = 0; k < 4; k++)
            if (!r->v[req[k]]) rec_err(c, r, req[k], "a claim needs a %s", cg__sf_names[req[k]]);
        const char *subj = r->v[SF_SUBJECT] ? resolve_entity(c, r, SF_SUBJECT) : NULL;
        const char *obj = r->v[SF_OBJECT] ? resolve_entity(c, r, SF_OBJECT) : NULL;
        const char *rel = r->v[SF_RELATION] ? find_relation(c, r, rels, nrels, rel_ids) : NULL;
        int si = src_of(c, r->v[SF_SOURCE]);
        if (r->v[SF_SOURCE] && si < 0) {
            const char **ids = cg__xcalloc(c->recs[CG_SHEET_SOURCES].n + 1, sizeof *ids);
            for (size_t k = 0; k < c->recs[CG_SHEET_SOURCES].n; k++)
                ids[k] = c->src[k].r->v[SF_ID] ? c->src[k].r->v[SF_ID] : "";
            const char *dym = cg__did_you_mean(r->v[SF_SOURCE], ids, c->recs[CG_SHEET_SOURCES].n);
            if (dym) rec_err(c, r, SF_SOURCE, "no source has the id %s (did you mean '%s'?)", q(c, r->v[SF_SOURCE]), dym);
            else rec_err(c, r, SF_SOURCE, "no source has the id %s (sources.csv lists them)", q(c, r->v[SF_SOURCE]));
            free(ids);
        }
        if (subj && obj && subj == obj)
            rec_err(c, r, SF_OBJECT, "subject and object are the same entity ('%s')", subj);
        const char *stance = NULL;
        if (r->v[SF_STANCE]) stance = parse_enum(c, r, SF_STANCE, stances, 2);
        /* passages: this row, then its continuation rows */
        spanvec spans = {0};
        cg__strvec parts = {0};
        srcinfo *s = si >= 0 ? &c->src[si] : NULL;
        row_passages(c, r, s, &spans, &parts);
        for (rec *k = r->conts; k; k = k->next) {
            row_passages(c, k, s, &spans, &parts);
            if (k->bad) r->bad = 1;
        }
        /* the id */
        const char *id = r->v[SF_ID];
        if (!id && subj && obj && rel && si >= 0) {
            size_t np = 6 + parts.n;
            const char **ps = cg__xcalloc(np, sizeof *ps);
            char *voice = r->v[SF_ATTRIBUTED_TO] ? fold_name(r->v[SF_ATTRIBUTED_TO]) : NULL;
            ps[0] = r->v[SF_SOURCE];
            ps[1] = subj;
            ps[2] = rel;
            ps[3] = obj;
            ps[4] = stance ? stance : "supports";
            ps[5] = voice ? voice : "";
            for (size_t k = 0; k < parts.n; k++) ps[6 + k] = parts.v[k];
            char *d = cg__derive_claim_id(r->v[SF_SOURCE], ps, np);
            id = cg__arena_strndup(c->arena, d, strlen(d));
            free(d);
            free(voice);
            free(ps);
            uint32_t old;
            if (cg__strmap_get(c->claim_ids, id, &old)) {
                rec_err(c, r, SF_ID, "the id derived for this row, '%s', is already the id of the claim at %s:%lu",
                        id, c->files.v[v->v[old]->file].path, v->v[old]->row);
            } else if (!cg__strmap_put(derived, id, (uint32_t)i, &old)) {
                rec *o = v->v[old];
                rec_err(c, r, SF_ID, "this row makes the same claim as %s:%lu (same source, subject, relation, object, "
                        "stance, voice and passages): one statement counts once; give both an id if they differ",
                        c->files.v[o->file].path, o->row);
            }
        }
        r->out_id = id;
        cg__strvec_free(&parts);
        /* the JSON line */
        line_begin(c, r, "claim");
        if (id) member_str(c, "id", id, SF_ID);
        member_str(c, "subject", subj ? subj : r->v[SF_SUBJECT] ? r->v[SF_SUBJECT] : "", SF_SUBJECT);
        member_str(c, "relation", rel ? rel : r->v[SF_RELATION] ? r->v[SF_RELATION] : "", SF_RELATION);
        member_str(c, "object", obj ? obj : r->v[SF_OBJECT] ? r->v[SF_OBJECT] : "", SF_OBJECT);
        member_str(c, "source", r->v[SF_SOURCE] ? r->v[SF_SOURCE] : "", SF_SOURCE);
        if (spans.n) {
            cg__buf b;
            cg__buf_init(&b);
            cg__buf_addc(&b, '[');
            for (size_t k = 0; k < spans.n; k++) {
                char hex[65];
                cg_hex_sha256(spans.v[k].sha, hex);
                cg__buf_printf(&b, "%s{\"start\":%llu,\"end\":%llu,\"sha256\":\"%s\"}", k ? "," : "",
                              (unsigned long long)spans.v[k].start, (unsigned long long)spans.v[k].end, hex);
            }
            cg__buf_addc(&b, ']');
            member_raw(c, "evidence", b.s, r->v[SF_QUOTE] ? SF_QUOTE : SF_EVIDENCE);
            cg__buf_free(&b);
        }
        CG_VEC_FREE(spans);
        member_cell(c, r, SF_SUMMARY);
        member_cell(c, r, SF_ATTRIBUTED_TO);
        member_bool(c, r, SF_ANONYMOUS);
        member_cell(c, r, SF_ORIGIN);
        if (r->v[SF_CREDIBILITY]) {
            unsigned long g;
            if (parse_uint(r->v[SF_CREDIBILITY], 6, &g) != 0 || g < 1)
                rec_err(c, r, SF_CREDIBILITY, "%s is not a credibility grade (1 to 6)", q(c, r->v[SF_CREDIBILITY]));
            else {
                char raw[24]; /* (a grade, 1 to 6; room for any unsigned long, for the compiler) */
                snprintf(raw, sizeof raw, "%lu", g);
                member_raw(c, "credibility", raw, SF_CREDIBILITY);
            }
        }
        member_reliability(c, r);
        if (r->v[SF_CONFIDENCE]) {
            double x;
            if (parse_number(r->v[SF_CONFIDENCE], &x) != 0 || !(x >= 0 && x <= 1))
                rec_err(c, r, SF_CONFIDENCE, "%s is not a confidence between 0 and 1", q(c, r->v[SF_CONFIDENCE]));
            else {
                char raw[40];
                cg__fmt_shortest(raw, x);
                member_raw(c, "confidence", raw, SF_CONFIDENCE);
            }
        }
        if (stance) member_str(c, "stance", stance, SF_STANCE);
        member_enum(c, r, SF_STATUS, statuses, 7);
        member_cell(c, r, SF_VALID_FROM);
        member_cell(c, r, SF_VALID_TO);
        member_cell(c, r, SF_CAVEAT);
        member_cell(c, r, SF_NOTES);
        line_end(c, CG_SHEET_CLAIMS);
    }
    cg__strmap_free(derived);
}

/* ---- validation with the loader ---- */

static void validate(ictx *c, cg_diag *diag)
{
    const cg__buf *all = &c->out;
    cg_load_options lo;
    cg_load_options_init(&lo);
    lo.threads = c->o->threads;
    cg_diag *vd = cg_diag_new(100000);
    cg_dataset *ds = NULL;
    cg_dataset_load_buffer(&ds, "import", all->s ? all->s : "", all->len, &lo, vd);
    cg_dataset_free(ds);
    for (size_t i = 0; i < cg_diag_size(vd); i++) {
        const cg_diag_entry *e = cg_diag_get(vd, i);
        if (e->line == 0 || e->line > c->line_rec.n) {
            if (e->severity == CG_SEV_ERROR && !strcmp(e->message, "(not shown)")) continue;
            cg_diag_add(diag, e->severity, NULL, 0, 0, "%s", e->message);
            if (e->severity == CG_SEV_ERROR) c->errors++;
            continue;
        }
        rec *r = c->line_rec.v[e->line - 1];
        if (r->bad) continue; /* its own errors are already reported */
        size_t first = c->line_piece.v[e->line - 1];
        size_t last = e->line < c->line_piece.n ? c->line_piece.v[e->line] : c->pieces.n;
        int field = -1;
        for (size_t p = first; p < last; p++)
            if (c->pieces.v[p].col <= e->col) field = c->pieces.v[p].field;
        const char *col = field >= 0 && field != SF_TYPE ? col_name(c, r, field) : NULL;
        cg_diag_add_cell(diag, e->severity, c->files.v[r->file].path, r->row, col, "%s", e->message);
        if (e->severity == CG_SEV_ERROR) c->errors++;
    }
    cg_diag_free(vd);
}

/* ---- driver ---- */

static void ictx_free(ictx *c)
{
    for (size_t i = 0; i < c->files.n; i++) {
        sheetfile *sf = &c->files.v[i];
        free(sf->path);
        for (size_t k = 0; k < sf->ncols; k++) free(sf->hdr[k]);
        free(sf->hdr);
        for (int k = 0; k < CG_SHEET_COUNT; k++) free(sf->field[k]);
    }
    CG_VEC_FREE(c->files);
    if (c->src) {
        for (size_t i = 0; i < c->recs[CG_SHEET_SOURCES].n; i++) {
            free(c->src[i].owned);
            free(c->src[i].disp);
            cg__tindex_free(&c->src[i].ix);
        }
    }
    free(c->src);
    for (int k = 0; k < CG_SHEET_COUNT; k++) {
        CG_VEC_FREE(c->recs[k]);
    }
    for (size_t i = 0; i < c->folds.n; i++) free(c->folds.v[i].key);
    CG_VEC_FREE(c->folds);
    free(c->fold_keys);
    free(c->ent_id_list);
    cg__strmap_free(c->src_ids);
    cg__strmap_free(c->ent_ids);
    cg__strmap_free(c->rel_ids);
    cg__strmap_free(c->claim_ids);
    if (c->texts_scanned) cg__texts_free(&c->texts);
    CG_VEC_FREE(c->line_rec);
    CG_VEC_FREE(c->line_piece);
    CG_VEC_FREE(c->pieces);
    cg__buf_free(&c->line);
    cg__buf_free(&c->out);
    cg__arena_free(c->arena);
}

void cg_sheets_import_options_init(cg_sheets_import_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = CG_SHEETS_IMPORT_OPTIONS_VERSION;
    o->dialect = CG_CSV_PLAIN;
}

cg_status cg_sheets_import(cg_import **out, const char *const *paths, size_t n_paths,
                           const cg_sheets_import_options *opts, cg_diag *diag)
{
    *out = NULL;
    cg_sheets_import_options o;
    cg_sheets_import_options_init(&o);
    if (opts) {
        if (opts->version != CG_SHEETS_IMPORT_OPTIONS_VERSION) {
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "import options not set up with cg_sheets_import_options_init()");
            return CG_EINVAL;
        }
        o = *opts;
    }
    ictx c;
    memset(&c, 0, sizeof c);
    c.o = &o;
    c.diag = diag;
    c.arena = cg__arena_new();
    cg__buf_init(&c.line);
    cg__buf_init(&c.out);

    collect_inputs(&c, paths, n_paths);
    read_sheets(&c);
    index_sources(&c);
    index_entities(&c);
    find_texts(&c);

    /* relations: built-in, then declared (a declared one replaces a built-in of the same id) */
    const cg_relation *bi = NULL;
    size_t nbi = cg_builtin_relations(&bi);
    recvec *rv = &c.recs[CG_SHEET_RELATIONS];
    relname *rels = cg__xcalloc(nbi + rv->n + 1, sizeof *rels);
    const char **rel_ids = cg__xcalloc(nbi + rv->n + 1, sizeof *rel_ids);
    size_t nrels = 0;
    c.rel_ids = cg__strmap_new(rv->n + 1);
    for (size_t i = 0; i < rv->n; i++) {
        rec *r = rv->v[i];
        if (!r->v[SF_ID]) {
            rec_err(&c, r, SF_ID, "a relation needs an id");
            continue;
        }
        uint32_t old;
        if (!cg__strmap_put(c.rel_ids, r->v[SF_ID], (uint32_t)i, &old)) {
            rec_err(&c, r, SF_ID, "duplicate relation id %s (first at %s:%lu)", q(&c, r->v[SF_ID]),
                    c.files.v[rv->v[old]->file].path, rv->v[old]->row);
            continue;
        }
        rels[nrels].id = r->v[SF_ID];
        rels[nrels].label = r->v[SF_LABEL];
        rel_ids[nrels++] = r->v[SF_ID];
    }
    for (size_t i = 0; i < nbi; i++) {
        uint32_t k;
        if (cg__strmap_get(c.rel_ids, bi[i].id, &k)) continue;
        rels[nrels].id = bi[i].id;
        rels[nrels].label = bi[i].label;
        rel_ids[nrels++] = bi[i].id;
    }

    for (size_t i = 0; i < c.recs[CG_SHEET_SOURCES].n; i++) gen_source(&c, c.recs[CG_SHEET_SOURCES].v[i]);
    for (size_t i = 0; i < c.recs[CG_SHEET_ENTITIES].n; i++) gen_entity(&c, c.recs[CG_SHEET_ENTITIES].v[i]);
    for (size_t i = 0; i < rv->n; i++) gen_relation(&c, rv->v[i]);
    gen_claims(&c, rels, nrels, rel_ids);
    free(rels);
    free(rel_ids);

    validate(&c, diag);

    cg_status st = CG_OK;
    if (c.errors || cg_diag_count(diag, CG_SEV_ERROR)) {
        st = CG_EDATA;
    } else {
        cg_import *im = cg__xcalloc(1, sizeof *im);
        im->all = c.out.s ? cg__buf_steal(&c.out) : cg__xstrdup("");
        size_t from = 0;
        for (int k = 0; k < CG_SHEET_COUNT; k++) {
            im->off[k] = from;
            im->len[k] = c.out_end[k] - from;
            im->n[k] = c.n_out[k];
            from = c.out_end[k];
        }
        *out = im;
    }
    ictx_free(&c);
    return st;
}

void cg_import_free(cg_import *im)
{
    if (!im) return;
    free(im->all);
    free(im);
}

const char *cg_import_jsonl(const cg_import *im, cg_sheet_kind k, size_t *len, size_t *records)
{
    if (len) *len = im->len[k];
    if (records) *records = im->n[k];
    return im->all + im->off[k];
}

cg_status cg_import_write(const cg_import *im, const char *path, const char *out_dir, cg_diag *diag)
{
    cg__outset set;
    memset(&set, 0, sizeof set);
    if (out_dir) {
        if (cg__ensure_dir(out_dir, diag) != 0) return CG_EIO;
        static const char *const names[CG_SHEET_COUNT] = {"sources.jsonl", "entities.jsonl", "relations.jsonl",
                                                          "claims.jsonl"};
        for (int k = 0; k < CG_SHEET_COUNT; k++) {
            if (k == CG_SHEET_RELATIONS && im->n[k] == 0) continue;
            cg__buf p;
            cg__buf_init(&p);
            cg__buf_printf(&p, "%s/%s", out_dir, names[k]);
            FILE *f = cg__outset_add(&set, p.s, diag);
            cg__buf_free(&p);
            if (!f) {
                cg__outset_abort(&set);
                return CG_EIO;
            }
            fwrite(im->all + im->off[k], 1, im->len[k], f);
        }
    } else {
        FILE *f = cg__outset_add(&set, path, diag);
        if (!f) return CG_EIO;
        fwrite(im->all, 1, im->off[CG_SHEET_COUNT - 1] + im->len[CG_SHEET_COUNT - 1], f);
    }
    return cg__outset_commit(&set, diag);
}
