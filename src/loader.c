/* The JSON Lines loader: reads files line by line, parses each record with jansson, validates
 * it against the data model, then resolves references between records. Every problem is
 * reported with file, line and column; nothing is returned unless the whole input is valid. */
#define _POSIX_C_SOURCE 200809L
#include "dataset_impl.h"
#include "jsonpos.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ID_MAX 128

/* ---- staged records (references still by id) ---- */

typedef struct { uint32_t col; const char *id; } ref_t;

typedef struct {
    cg_source r;
    ref_t *cites;
    uint32_t col_id;
} st_source;

typedef struct {
    cg_entity r;
    uint32_t col_id;
} st_entity;

typedef struct {
    cg_relation r;
    uint32_t col_id;
} st_relation;

typedef struct {
    cg_claim r;
    ref_t subject, relation, object, source;
    uint32_t col_id;
} st_claim;

typedef struct lctx {
    cg_dataset *ds;
    cg_diag *diag;
    cg_load_options opt;
    /* the line being parsed */
    const char *file;
    uint32_t file_idx;
    unsigned long line;
    const char *text;
    size_t len;
    const char *rtype; /* record type for messages */
    const char *rid;   /* record id for messages, may be NULL */
    CG_VEC(st_source) sources;
    CG_VEC(st_entity) entities;
    CG_VEC(st_relation) relations;
    CG_VEC(st_claim) claims;
    size_t records;
} lctx;

static uint32_t col_at(const lctx *c, size_t off)
{
    if (off > c->len) off = c->len;
    return (uint32_t)(cg_utf8_count(c->text, off) + 1);
}

static void vreport(lctx *c, cg_severity sev, const char *file, unsigned long line, uint32_t col,
                    const char *rtype, const char *rid, const char *fmt, va_list ap)
{
    cg_buf b;
    cg_buf_init(&b);
    if (rtype && rid) cg_buf_printf(&b, "%s '%s': ", rtype, rid);
    else if (rtype) cg_buf_printf(&b, "%s: ", rtype);
    cg_buf_vprintf(&b, fmt, ap);
    cg_diag_add(c->diag, sev, file, line, col, "%s", b.s);
    cg_buf_free(&b);
}

#if defined(__GNUC__)
#define PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PRINTF(a, b)
#endif

/* Error at byte offset `off` of the current line. */
static void PRINTF(3, 4) lerr(lctx *c, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, CG_SEV_ERROR, c->file, c->line, col_at(c, off), c->rtype, c->rid, fmt, ap);
    va_end(ap);
}

static void PRINTF(3, 4) lwarn(lctx *c, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, CG_SEV_WARNING, c->file, c->line, col_at(c, off), c->rtype, c->rid, fmt, ap);
    va_end(ap);
}

/* Error about a staged record, after parsing (reference resolution). */
static void PRINTF(7, 8) rerr(lctx *c, uint32_t file, uint32_t line, uint32_t col, const char *rtype,
                              const char *rid, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, CG_SEV_ERROR, c->ds->files[file], line, col, rtype, rid, fmt, ap);
    va_end(ap);
}

static size_t pos(lctx *c, const char *key) { return cg_jsonpos(c->text, c->len, key, -1, NULL); }

/* ---- field readers ---- */

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "a value";
}

static int want_string(lctx *c, const char *key, json_t *v, int nonempty)
{
    if (!json_is_string(v)) {
        lerr(c, pos(c, key), "\"%s\" must be a string, not %s", key, json_type_name(v));
        return 0;
    }
    if (nonempty) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v), i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
        if (i == n) {
            lerr(c, pos(c, key), "\"%s\" must not be empty", key);
            return 0;
        }
    }
    return 1;
}

static const char *text_field(lctx *c, const char *key, json_t *v)
{
    if (!want_string(c, key, v, 1)) return NULL;
    return cg_arena_strndup(c->ds->arena, json_string_value(v), json_string_length(v));
}

static const char *interned_field(lctx *c, const char *key, json_t *v)
{
    if (!want_string(c, key, v, 1)) return NULL;
    return cg_intern_n(c->ds->strings, json_string_value(v), json_string_length(v));
}

/* Checks the id syntax; returns a message or NULL when valid. */
static const char *id_problem(const char *s, size_t n)
{
    if (n == 0) return "must not be empty";
    if (n > ID_MAX) return "is longer than 128 bytes";
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '_' || ch == '-' || ch == '.' || ch == ':';
        if (!ok) return "may only contain ASCII letters, digits and _ - . :";
    }
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= '0' && s[0] <= '9') ||
          s[0] == '_'))
        return "must start with a letter, a digit or _";
    return NULL;
}

/* An id-valued field (own id or a reference): validated and interned. */
static const char *id_field(lctx *c, const char *key, json_t *v, size_t off)
{
    if (!json_is_string(v)) {
        lerr(c, off, "\"%s\" must be a string id, not %s", key, json_type_name(v));
        return NULL;
    }
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    const char *p = id_problem(s, n);
    if (p) {
        lerr(c, off, "\"%s\" %s (got \"%.40s%s\")", key, p, s, n > 40 ? "..." : "");
        return NULL;
    }
    return cg_intern_n(c->ds->strings, s, n);
}

static int reliability_field(lctx *c, const char *key, json_t *v, cg_grade *out)
{
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (s && strlen(s) == 1 && s[0] >= 'A' && s[0] <= 'F') {
        *out = (cg_grade)(s[0] - 'A' + 1);
        return 1;
    }
    if (s && strlen(s) == 1 && s[0] >= 'a' && s[0] <= 'f')
        lerr(c, pos(c, key), "\"%s\" must be an upper-case Admiralty grade \"A\"..\"F\" (got \"%s\")", key, s);
    else if (s)
        lerr(c, pos(c, key), "\"%s\" must be an Admiralty source grade \"A\"..\"F\" (got \"%.20s\")", key, s);
    else
        lerr(c, pos(c, key), "\"%s\" must be a string \"A\"..\"F\", not %s", key, json_type_name(v));
    return 0;
}

static int credibility_field(lctx *c, const char *key, json_t *v, cg_grade *out)
{
    if (json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= 6) {
        *out = (cg_grade)json_integer_value(v);
        return 1;
    }
    if (json_is_integer(v))
        lerr(c, pos(c, key), "\"%s\" must be an Admiralty information grade 1..6 (got %lld)", key,
             (long long)json_integer_value(v));
    else
        lerr(c, pos(c, key), "\"%s\" must be an integer 1..6, not %s", key, json_type_name(v));
    return 0;
}

static int bool_field(lctx *c, const char *key, json_t *v, int *out)
{
    if (!json_is_boolean(v)) {
        lerr(c, pos(c, key), "\"%s\" must be true or false, not %s", key, json_type_name(v));
        return 0;
    }
    *out = json_is_true(v);
    return 1;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}

/* ISO 8601 calendar date, partial allowed: YYYY, YYYY-MM, YYYY-MM-DD. */
static int date_valid(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10) return 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-') return 0;
        } else if (s[i] < '0' || s[i] > '9') return 0;
    }
    int y = atoi(s);
    if (n >= 7) {
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12) return 0;
        if (n == 10) {
            int d = (s[8] - '0') * 10 + (s[9] - '0');
            if (d < 1 || d > days_in_month(y, m)) return 0;
        }
    }
    return 1;
}

static const char *date_field(lctx *c, const char *key, json_t *v)
{
    if (!json_is_string(v)) {
        lerr(c, pos(c, key), "\"%s\" must be a date string (YYYY, YYYY-MM or YYYY-MM-DD), not %s", key,
             json_type_name(v));
        return NULL;
    }
    const char *s = json_string_value(v);
    if (!date_valid(s)) {
        lerr(c, pos(c, key), "\"%s\" is not a valid ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD): \"%.40s\"",
             key, s);
        return NULL;
    }
    return cg_intern_s(c->ds->strings, s);
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static int parse_sha256(const char *s, size_t n, uint8_t out[32])
{
    if (n != 64) return 0;
    for (int i = 0; i < 32; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return 0;
        out[i] = (uint8_t)(hi * 16 + lo);
    }
    return 1;
}

static void enum_error(lctx *c, const char *key, json_t *v, const char *const *names, size_t n)
{
    if (!json_is_string(v)) {
        lerr(c, pos(c, key), "\"%s\" must be a string, not %s", key, json_type_name(v));
        return;
    }
    const char *s = json_string_value(v);
    const char *dym = cg_did_you_mean(s, names, n);
    cg_buf list;
    cg_buf_init(&list);
    for (size_t i = 0; i < n; i++) cg_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    if (dym)
        lerr(c, pos(c, key), "\"%s\" has unknown value \"%.60s\" (did you mean \"%s\"?)", key, s, dym);
    else
        lerr(c, pos(c, key), "\"%s\" has unknown value \"%.60s\" (expected one of: %s)", key, s, list.s);
    cg_buf_free(&list);
}

/* Returns -1 after reporting when the field is not one of names. */
static int enum_field(lctx *c, const char *key, json_t *v, const char *const *names, size_t n)
{
    if (json_is_string(v))
        for (size_t i = 0; i < n; i++)
            if (strcmp(json_string_value(v), names[i]) == 0) return (int)i;
    enum_error(c, key, v, names, n);
    return -1;
}

static void unknown_field(lctx *c, const char *key, const char *const *fields, size_t n)
{
    const char *dym = cg_did_you_mean(key, fields, n);
    size_t off = cg_jsonpos_key(c->text, c->len, key);
    if (dym)
        lerr(c, off, "unknown field \"%.60s\" (did you mean \"%s\"?)", key, dym);
    else {
        cg_buf list;
        cg_buf_init(&list);
        for (size_t i = 0; i < n; i++) cg_buf_printf(&list, "%s%s", i ? ", " : "", fields[i]);
        lerr(c, off, "unknown field \"%.60s\" (the fields of a %s are: %s)", key, c->rtype, list.s);
        cg_buf_free(&list);
    }
}

static void missing_field(lctx *c, const char *key)
{
    lerr(c, 0, "missing required field \"%s\"", key);
}

/* Array of non-empty strings, interned. Returns the number stored in *out (arena array). */
static int string_array(lctx *c, const char *key, json_t *v, const char *const **out, size_t *n_out)
{
    if (!json_is_array(v)) {
        lerr(c, pos(c, key), "\"%s\" must be an array of strings, not %s", key, json_type_name(v));
        return 0;
    }
    size_t n = json_array_size(v);
    const char **arr = cg_arena_alloc(c->ds->arena, (n ? n : 1) * sizeof *arr, sizeof(void *));
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        if (!json_is_string(e) || json_string_length(e) == 0) {
            lerr(c, cg_jsonpos(c->text, c->len, key, (long)i, NULL), "\"%s\"[%zu] must be a non-empty string",
                 key, i);
            ok = 0;
            continue;
        }
        arr[i] = cg_intern_n(c->ds->strings, json_string_value(e), json_string_length(e));
    }
    *out = arr;
    *n_out = n;
    return ok;
}

/* ---- record parsers ---- */

static const char *const source_fields[] = {"type", "id", "title", "publisher", "kind", "published", "url",
                                            "author", "reliability", "cites", "text_sha256", "notes"};
static const char *const entity_fields[] = {"type", "id", "name", "kind", "aliases", "description",
                                            "external_ids"};
static const char *const relation_fields[] = {"type", "id", "label", "directed", "category"};
static const char *const claim_fields[] = {
    "type", "id", "subject", "relation", "object", "source", "evidence", "summary", "attributed_to",
    "anonymous", "origin", "credibility", "reliability", "confidence", "stance", "status", "valid_from",
    "valid_to", "notes"};
#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

static const char *const stances[] = {"supports", "refutes"};

static void location(lctx *c, uint32_t *file, uint32_t *line)
{
    *file = c->file_idx;
    *line = c->line > UINT32_MAX ? UINT32_MAX : (uint32_t)c->line;
}

static void parse_source(lctx *c, json_t *o, const char *id)
{
    st_source s;
    memset(&s, 0, sizeof s);
    s.r.id = id;
    s.col_id = col_at(c, pos(c, "id"));
    location(c, &s.r.file, &s.r.line);
    int ok = id != NULL, have_title = 0, have_kind = 0;
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (!strcmp(key, "type") || !strcmp(key, "id")) continue;
        if (!strcmp(key, "title")) { ok &= (s.r.title = text_field(c, key, v)) != NULL; have_title = 1; }
        else if (!strcmp(key, "publisher")) ok &= (s.r.publisher = interned_field(c, key, v)) != NULL;
        else if (!strcmp(key, "author")) ok &= (s.r.author = interned_field(c, key, v)) != NULL;
        else if (!strcmp(key, "notes")) ok &= (s.r.notes = text_field(c, key, v)) != NULL;
        else if (!strcmp(key, "published")) ok &= (s.r.published = date_field(c, key, v)) != NULL;
        else if (!strcmp(key, "reliability")) ok &= reliability_field(c, key, v, &s.r.reliability);
        else if (!strcmp(key, "kind")) {
            have_kind = 1;
            const char *names[CG_SK_COUNT];
            for (int i = 0; i < CG_SK_COUNT; i++) names[i] = cg_source_kind_name((cg_source_kind)i);
            int k = enum_field(c, key, v, names, CG_SK_COUNT);
            if (k < 0) ok = 0; else s.r.kind = (cg_source_kind)k;
        } else if (!strcmp(key, "url")) {
            if ((s.r.url = text_field(c, key, v)) == NULL) ok = 0;
            else if (strncmp(s.r.url, "http://", 7) != 0 && strncmp(s.r.url, "https://", 8) != 0)
                lwarn(c, pos(c, key), "\"url\" is not an http(s) address; it will never be written as a link");
        } else if (!strcmp(key, "text_sha256")) {
            if (!json_is_string(v) ||
                !parse_sha256(json_string_value(v), json_string_length(v), s.r.text_sha256)) {
                lerr(c, pos(c, key), "\"text_sha256\" must be 64 hexadecimal digits (a SHA-256 digest)");
                ok = 0;
            } else s.r.has_text_sha256 = 1;
        } else if (!strcmp(key, "cites")) {
            if (!json_is_array(v)) {
                lerr(c, pos(c, key), "\"cites\" must be an array of source ids, not %s", json_type_name(v));
                ok = 0;
                continue;
            }
            size_t n = json_array_size(v);
            s.cites = cg_xcalloc(n ? n : 1, sizeof *s.cites);
            s.r.n_cites = n;
            for (size_t i = 0; i < n; i++) {
                size_t off = cg_jsonpos(c->text, c->len, key, (long)i, NULL);
                s.cites[i].col = col_at(c, off);
                s.cites[i].id = id_field(c, "cites[]", json_array_get(v, i), off);
                if (!s.cites[i].id) ok = 0;
            }
        } else {
            unknown_field(c, key, source_fields, NFIELDS(source_fields));
            ok = 0;
        }
    }
    if (!have_title) { missing_field(c, "title"); ok = 0; }
    if (!have_kind) { missing_field(c, "kind"); ok = 0; }
    /* records with errors are kept too (when they have an id) so that their references are
     * still checked; the dataset is discarded anyway when there is any error */
    (void)ok;
    if (id) CG_VEC_PUSH(c->sources, s);
    else free(s.cites);
}

static int external_ids(lctx *c, json_t *v, cg_entity *e)
{
    if (!json_is_object(v)) {
        lerr(c, pos(c, "external_ids"), "\"external_ids\" must be an object of strings, not %s",
             json_type_name(v));
        return 0;
    }
    size_t n = json_object_size(v), i = 0;
    const char **keys = cg_arena_alloc(c->ds->arena, (n ? n : 1) * sizeof *keys, sizeof(void *));
    const char **vals = cg_arena_alloc(c->ds->arena, (n ? n : 1) * sizeof *vals, sizeof(void *));
    const char *k;
    json_t *x;
    int ok = 1;
    json_object_foreach(v, k, x) {
        if (!json_is_string(x) || json_string_length(x) == 0 || !*k) {
            lerr(c, pos(c, "external_ids"), "\"external_ids\" entry \"%.60s\" must be a non-empty string", k);
            ok = 0;
            continue;
        }
        keys[i] = cg_intern_s(c->ds->strings, k);
        vals[i] = cg_intern_n(c->ds->strings, json_string_value(x), json_string_length(x));
        i++;
    }
    /* sort by key (insertion sort: these are small) */
    for (size_t a = 1; a < i; a++)
        for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0; b--) {
            const char *t = keys[b]; keys[b] = keys[b - 1]; keys[b - 1] = t;
            t = vals[b]; vals[b] = vals[b - 1]; vals[b - 1] = t;
        }
    e->n_external_ids = i;
    e->external_id_keys = keys;
    e->external_id_values = vals;
    return ok;
}

static void parse_entity(lctx *c, json_t *o, const char *id)
{
    st_entity s;
    memset(&s, 0, sizeof s);
    s.r.id = id;
    s.col_id = col_at(c, pos(c, "id"));
    location(c, &s.r.file, &s.r.line);
    int ok = id != NULL, have_name = 0, have_kind = 0;
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (!strcmp(key, "type") || !strcmp(key, "id")) continue;
        if (!strcmp(key, "name")) { ok &= (s.r.name = interned_field(c, key, v)) != NULL; have_name = 1; }
        else if (!strcmp(key, "description")) ok &= (s.r.description = text_field(c, key, v)) != NULL;
        else if (!strcmp(key, "aliases")) ok &= string_array(c, key, v, &s.r.aliases, &s.r.n_aliases);
        else if (!strcmp(key, "external_ids")) ok &= external_ids(c, v, &s.r);
        else if (!strcmp(key, "kind")) {
            have_kind = 1;
            const char *names[CG_EK_COUNT];
            for (int i = 0; i < CG_EK_COUNT; i++) names[i] = cg_entity_kind_name((cg_entity_kind)i);
            int k = enum_field(c, key, v, names, CG_EK_COUNT);
            if (k < 0) ok = 0; else s.r.kind = (cg_entity_kind)k;
        } else {
            unknown_field(c, key, entity_fields, NFIELDS(entity_fields));
            ok = 0;
        }
    }
    if (!have_name) { missing_field(c, "name"); ok = 0; }
    if (!have_kind) { missing_field(c, "kind"); ok = 0; }
    (void)ok;
    if (id) CG_VEC_PUSH(c->entities, s);
}

static void parse_relation(lctx *c, json_t *o, const char *id)
{
    st_relation s;
    memset(&s, 0, sizeof s);
    s.r.id = id;
    s.r.directed = 1;
    s.col_id = col_at(c, pos(c, "id"));
    location(c, &s.r.file, &s.r.line);
    int ok = id != NULL;
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (!strcmp(key, "type") || !strcmp(key, "id")) continue;
        if (!strcmp(key, "label")) ok &= (s.r.label = interned_field(c, key, v)) != NULL;
        else if (!strcmp(key, "category")) ok &= (s.r.category = interned_field(c, key, v)) != NULL;
        else if (!strcmp(key, "directed")) ok &= bool_field(c, key, v, &s.r.directed);
        else {
            unknown_field(c, key, relation_fields, NFIELDS(relation_fields));
            ok = 0;
        }
    }
    if (id && !s.r.label) {
        /* default label: the id with underscores as spaces */
        char *l = cg_xstrdup(id);
        for (char *p = l; *p; p++)
            if (*p == '_') *p = ' ';
        s.r.label = cg_intern_s(c->ds->strings, l);
        free(l);
    }
    if (id) CG_VEC_PUSH(c->relations, s);
}

static const char *const span_fields[] = {"start", "end", "sha256"};

static int parse_spans(lctx *c, json_t *v, cg_claim *r)
{
    if (!json_is_array(v)) {
        lerr(c, pos(c, "evidence"), "\"evidence\" must be an array of spans {\"start\",\"end\",\"sha256\"}, not %s",
             json_type_name(v));
        return 0;
    }
    size_t n = json_array_size(v);
    cg_span *sp = cg_arena_alloc(c->ds->arena, (n ? n : 1) * sizeof *sp, 8);
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        size_t off = cg_jsonpos(c->text, c->len, "evidence", (long)i, NULL);
        if (!json_is_object(e)) {
            lerr(c, off, "evidence[%zu] must be an object {\"start\",\"end\",\"sha256\"}, not %s", i,
                 json_type_name(e));
            ok = 0;
            continue;
        }
        int have = 0, eok = 1;
        const char *k;
        json_t *x;
        memset(&sp[i], 0, sizeof sp[i]);
        json_object_foreach(e, k, x) {
            size_t xoff = cg_jsonpos(c->text, c->len, "evidence", (long)i, k);
            if (!strcmp(k, "start") || !strcmp(k, "end")) {
                if (!json_is_integer(x) || json_integer_value(x) < 0) {
                    lerr(c, xoff, "evidence[%zu].%s must be a non-negative integer byte offset", i, k);
                    eok = 0;
                    continue;
                }
                if (k[0] == 's') sp[i].start = (uint64_t)json_integer_value(x), have |= 1;
                else sp[i].end = (uint64_t)json_integer_value(x), have |= 2;
            } else if (!strcmp(k, "sha256")) {
                if (!json_is_string(x) || !parse_sha256(json_string_value(x), json_string_length(x), sp[i].sha256)) {
                    lerr(c, xoff, "evidence[%zu].sha256 must be 64 hexadecimal digits", i);
                    eok = 0;
                    continue;
                }
                have |= 4;
            } else {
                const char *dym = cg_did_you_mean(k, span_fields, 3);
                lerr(c, xoff, "evidence[%zu] has unknown field \"%.40s\"%s%s%s", i, k, dym ? " (did you mean \"" : "",
                     dym ? dym : "", dym ? "\"?)" : " (a span has start, end, sha256)");
                eok = 0;
            }
        }
        if (eok && have != 7) {
            lerr(c, off, "evidence[%zu] needs \"start\", \"end\" and \"sha256\"", i);
            eok = 0;
        }
        if (eok && sp[i].start >= sp[i].end) {
            lerr(c, off, "evidence[%zu] is empty or reversed: start %llu must be less than end %llu", i,
                 (unsigned long long)sp[i].start, (unsigned long long)sp[i].end);
            eok = 0;
        }
        ok &= eok;
    }
    r->evidence = sp;
    r->n_evidence = n;
    return ok;
}

static void parse_claim(lctx *c, json_t *o, const char *id)
{
    st_claim s;
    memset(&s, 0, sizeof s);
    s.r.id = id;
    s.r.credibility = 6;
    s.r.confidence = -1;
    s.r.stance = CG_SUPPORTS;
    s.r.status = CG_ST_REPORTED;
    s.r.subject = s.r.relation = s.r.object = s.r.source = CG_NONE;
    s.col_id = col_at(c, pos(c, "id"));
    location(c, &s.r.file, &s.r.line);
    int ok = id != NULL;
    int have[4] = {0, 0, 0, 0};
    static const char *const refkeys[4] = {"subject", "relation", "object", "source"};
    ref_t *refs[4] = {&s.subject, &s.relation, &s.object, &s.source};
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (!strcmp(key, "type") || !strcmp(key, "id")) continue;
        int handled = 0;
        for (int i = 0; i < 4; i++) {
            if (strcmp(key, refkeys[i]) != 0) continue;
            size_t off = pos(c, key);
            refs[i]->col = col_at(c, off);
            refs[i]->id = id_field(c, key, v, off);
            if (!refs[i]->id) ok = 0;
            have[i] = 1;
            handled = 1;
        }
        if (handled) continue;
        if (!strcmp(key, "summary")) ok &= (s.r.summary = text_field(c, key, v)) != NULL;
        else if (!strcmp(key, "notes")) ok &= (s.r.notes = text_field(c, key, v)) != NULL;
        else if (!strcmp(key, "attributed_to")) ok &= (s.r.attributed_to = interned_field(c, key, v)) != NULL;
        else if (!strcmp(key, "origin")) ok &= (s.r.origin = interned_field(c, key, v)) != NULL;
        else if (!strcmp(key, "anonymous")) ok &= bool_field(c, key, v, &s.r.anonymous);
        else if (!strcmp(key, "credibility")) ok &= credibility_field(c, key, v, &s.r.credibility);
        else if (!strcmp(key, "reliability")) ok &= reliability_field(c, key, v, &s.r.reliability);
        else if (!strcmp(key, "valid_from")) ok &= (s.r.valid_from = date_field(c, key, v)) != NULL;
        else if (!strcmp(key, "valid_to")) ok &= (s.r.valid_to = date_field(c, key, v)) != NULL;
        else if (!strcmp(key, "evidence")) ok &= parse_spans(c, v, &s.r);
        else if (!strcmp(key, "confidence")) {
            double x = json_is_number(v) ? json_number_value(v) : NAN;
            if (!json_is_number(v)) {
                lerr(c, pos(c, key), "\"confidence\" must be a number between 0 and 1, not %s", json_type_name(v));
                ok = 0;
            } else if (!(x >= 0.0 && x <= 1.0)) {
                lerr(c, pos(c, key), "\"confidence\" must be between 0 and 1 (got %g)", x);
                ok = 0;
            } else s.r.confidence = x;
        } else if (!strcmp(key, "stance")) {
            int k = enum_field(c, key, v, stances, 2);
            if (k < 0) ok = 0; else s.r.stance = (cg_stance)k;
        } else if (!strcmp(key, "status")) {
            const char *names[CG_ST_COUNT];
            for (int i = 0; i < CG_ST_COUNT; i++) names[i] = cg_claim_status_name((cg_claim_status)i);
            int k = enum_field(c, key, v, names, CG_ST_COUNT);
            if (k < 0) ok = 0; else s.r.status = (cg_claim_status)k;
        } else {
            unknown_field(c, key, claim_fields, NFIELDS(claim_fields));
            ok = 0;
        }
    }
    for (int i = 0; i < 4; i++)
        if (!have[i]) { missing_field(c, refkeys[i]); ok = 0; }
    if (ok && s.r.valid_from && s.r.valid_to) {
        size_t a = strlen(s.r.valid_from), b = strlen(s.r.valid_to), m = a < b ? a : b;
        if (strncmp(s.r.valid_from, s.r.valid_to, m) > 0) {
            lerr(c, pos(c, "valid_to"), "\"valid_to\" (%s) is before \"valid_from\" (%s)", s.r.valid_to,
                 s.r.valid_from);
            ok = 0;
        }
    }
    if (ok && s.subject.id == s.object.id) {
        lerr(c, pos(c, "object"), "subject and object are the same entity '%s'; a claim links two entities",
             s.subject.id);
        ok = 0;
    }
    if (id) CG_VEC_PUSH(c->claims, s);
}

static const char *const record_types[] = {"source", "entity", "relation", "claim"};

/* Parses one line (without its newline; trailing CR and BOM already stripped). */
static void parse_line(lctx *c, const char *text, size_t len)
{
    c->text = text;
    c->len = len;
    c->rtype = NULL;
    c->rid = NULL;
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) i++;
    if (i == len) return; /* blank line */
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        lerr(c, (size_t)(nul - text), "NUL byte in input (a record is one line of UTF-8 JSON text)");
        return;
    }
    size_t bad = cg_utf8_invalid_at((const unsigned char *)text, len);
    if (bad != (size_t)-1) {
        lerr(c, bad, "invalid UTF-8 (byte 0x%02X); files must be UTF-8 encoded", (unsigned char)text[bad]);
        return;
    }
    size_t deep_at = 0;
    if (cg_json_depth(text, len, c->opt.max_depth, &deep_at) > c->opt.max_depth) {
        lerr(c, deep_at, "JSON nested deeper than %u levels", c->opt.max_depth);
        return;
    }
    json_error_t jerr;
    json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    if (!o) {
        size_t at = jerr.position > 0 ? (size_t)jerr.position - 1 : 0;
        char msg[JSON_ERROR_TEXT_LENGTH + 32];
        const char *eof = strstr(jerr.text, "end of file");
        if (strstr(jerr.text, "JSON_ALLOW_NUL"))
            snprintf(msg, sizeof msg, "a \\u0000 (NUL) escape is not allowed in strings");
        else if (eof)
            snprintf(msg, sizeof msg, "%.*send of line (a record must be complete on one line)",
                     (int)(eof - jerr.text), jerr.text);
        else
            snprintf(msg, sizeof msg, "%s", jerr.text);
        lerr(c, at, "invalid JSON: %s", msg);
        return;
    }
    c->records++;
    if (!json_is_object(o)) {
        lerr(c, i, "a record must be a JSON object, not %s", json_type_name(o));
        json_decref(o);
        return;
    }
    json_t *t = json_object_get(o, "type");
    json_t *idv = json_object_get(o, "id");
    if (!t) {
        lerr(c, i, "record has no \"type\" (expected one of: source, entity, relation, claim)");
        json_decref(o);
        return;
    }
    int ty = enum_field(c, "type", t, record_types, 4);
    if (ty < 0) {
        json_decref(o);
        return;
    }
    c->rtype = record_types[ty];
    const char *id = NULL;
    if (!idv) missing_field(c, "id");
    else {
        id = id_field(c, "id", idv, pos(c, "id"));
        c->rid = id;
    }
    switch (ty) {
    case 0: parse_source(c, o, id); break;
    case 1: parse_entity(c, o, id); break;
    case 2: parse_relation(c, o, id); break;
    default: parse_claim(c, o, id); break;
    }
    json_decref(o);
}

/* ---- reading files line by line with a bounded buffer ---- */

static cg_status read_stream(lctx *c, FILE *f)
{
    size_t cap = (size_t)1 << 20, have = 0;
    size_t maxline = c->opt.max_line_bytes;
    char *buf = cg_xmalloc(cap);
    int discarding = 0, first = 1, eof = 0;
    c->line = 0;
    while (!eof) {
        if (have == cap) {
            if (cap > maxline) { /* the current line is too long: report and skip it */
                if (!discarding) {
                    c->line++;
                    c->rtype = c->rid = NULL;
                    c->text = buf;
                    c->len = 0;
                    lerr(c, 0, "line longer than %zu bytes (raise the limit with --max-line-bytes)", maxline);
                    discarding = 1;
                }
                have = 0;
            } else {
                cap = cap * 2 > maxline + 2 ? maxline + 2 : cap * 2;
                buf = cg_xrealloc(buf, cap);
            }
        }
        size_t got = fread(buf + have, 1, cap - have, f);
        if (got == 0) {
            if (ferror(f)) {
                free(buf);
                return CG_EIO;
            }
            eof = 1;
        }
        have += got;
        size_t start = 0;
        for (;;) {
            char *nl = memchr(buf + start, '\n', have - start);
            size_t end;
            if (nl) end = (size_t)(nl - buf);
            else if (eof && start < have) end = have;
            else break;
            if (discarding) {
                discarding = 0; /* the rest of the long line ends here */
            } else {
                c->line++;
                const char *p = buf + start;
                size_t n = end - start;
                if (first && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) { p += 3; n -= 3; }
                if (n && p[n - 1] == '\r') n--;
                if (n > maxline) {
                    c->rtype = c->rid = NULL;
                    c->text = p;
                    c->len = 0;
                    lerr(c, 0, "line longer than %zu bytes (raise the limit with --max-line-bytes)", maxline);
                } else {
                    parse_line(c, p, n);
                }
            }
            first = 0;
            start = nl ? end + 1 : have;
            if (!nl) break;
        }
        memmove(buf, buf + start, have - start);
        have -= start;
    }
    free(buf);
    return CG_OK;
}

/* ---- inputs: files, directories, stdin ---- */

typedef CG_VEC(char *) pathvec;

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static cg_status collect_dir(const char *dir, pathvec *out, cg_diag *diag, int depth)
{
    if (depth > 32) {
        cg_diag_add(diag, CG_SEV_ERROR, dir, 0, 0, "directories nested too deeply");
        return CG_EIO;
    }
    DIR *d = opendir(dir);
    if (!d) {
        cg_diag_add(diag, CG_SEV_ERROR, dir, 0, 0, "cannot open directory: %s", strerror(errno));
        return CG_EIO;
    }
    pathvec names = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue; /* skip hidden files, "." and ".." */
        CG_VEC_PUSH(names, cg_xstrdup(e->d_name));
    }
    closedir(d);
    qsort(names.v, names.n, sizeof *names.v, cg_cmp_str_ptr);
    cg_status st = CG_OK;
    for (size_t i = 0; i < names.n; i++) {
        cg_buf p;
        cg_buf_init(&p);
        cg_buf_printf(&p, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", names.v[i]);
        struct stat sb;
        if (stat(p.s, &sb) != 0) {
            cg_buf_free(&p);
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            cg_status s2 = collect_dir(p.s, out, diag, depth + 1);
            if (s2 != CG_OK) st = s2;
            cg_buf_free(&p);
        } else if (S_ISREG(sb.st_mode) && ends_with(names.v[i], ".jsonl")) {
            CG_VEC_PUSH(*out, cg_buf_steal(&p));
        } else {
            cg_buf_free(&p);
        }
    }
    for (size_t i = 0; i < names.n; i++) free(names.v[i]);
    CG_VEC_FREE(names);
    return st;
}

/* ---- resolution ---- */

typedef struct { const char *id; uint32_t i; } idsort;

static int cmp_idsort(const void *a, const void *b)
{
    return strcmp(((const idsort *)a)->id, ((const idsort *)b)->id);
}

static void suggest_ref(lctx *c, const st_claim *sc, const ref_t *ref, const char *field, const char *what,
                        const char *const *ids, size_t nids)
{
    const char *dym = cg_did_you_mean(ref->id, ids, nids);
    rerr(c, sc->r.file, sc->r.line, ref->col, "claim", sc->r.id, "%s '%s' is not a known %s%s%s%s", field,
         ref->id, what, dym ? " (did you mean '" : "", dym ? dym : "", dym ? "'?)" : "");
}

static cg_status finish(lctx *c)
{
    cg_dataset *ds = c->ds;
    int ok = cg_diag_count(c->diag, CG_SEV_ERROR) == 0;

    /* Sources, entities, relations: sorted by id, duplicates reported at the later definition. */
    /* sources */
    {
        size_t n = c->sources.n;
        idsort *ord = cg_xcalloc(n ? n : 1, sizeof *ord);
        for (size_t i = 0; i < n; i++) ord[i] = (idsort){c->sources.v[i].r.id, (uint32_t)i};
        qsort(ord, n, sizeof *ord, cmp_idsort);
        ds->sources = cg_xcalloc(n ? n : 1, sizeof *ds->sources);
        ds->source_ids = cg_strmap_new(n);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            st_source *s = &c->sources.v[ord[i].i];
            if (i > 0 && strcmp(ord[i].id, ord[i - 1].id) == 0) {
                st_source *first = &c->sources.v[ord[i - 1].i];
                st_source *later = s->r.file > first->r.file || (s->r.file == first->r.file && s->r.line > first->r.line) ? s : first;
                st_source *earlier = later == s ? first : s;
                rerr(c, later->r.file, later->r.line, later->col_id, "source", later->r.id,
                     "duplicate source id (first defined at %s:%u)", ds->files[earlier->r.file], earlier->r.line);
                ok = 0;
                continue;
            }
            ds->sources[k] = s->r;
            cg_strmap_put(ds->source_ids, s->r.id, (uint32_t)k, NULL);
            k++;
        }
        ds->n_sources = k;
        free(ord);
    }
    /* entities */
    {
        size_t n = c->entities.n;
        idsort *ord = cg_xcalloc(n ? n : 1, sizeof *ord);
        for (size_t i = 0; i < n; i++) ord[i] = (idsort){c->entities.v[i].r.id, (uint32_t)i};
        qsort(ord, n, sizeof *ord, cmp_idsort);
        ds->entities = cg_xcalloc(n ? n : 1, sizeof *ds->entities);
        ds->entity_ids = cg_strmap_new(n);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            st_entity *s = &c->entities.v[ord[i].i];
            if (i > 0 && strcmp(ord[i].id, ord[i - 1].id) == 0) {
                st_entity *p = &c->entities.v[ord[i - 1].i];
                st_entity *later = s->r.file > p->r.file || (s->r.file == p->r.file && s->r.line > p->r.line) ? s : p;
                st_entity *earlier = later == s ? p : s;
                rerr(c, later->r.file, later->r.line, later->col_id, "entity", later->r.id,
                     "duplicate entity id (first defined at %s:%u)", ds->files[earlier->r.file], earlier->r.line);
                ok = 0;
                continue;
            }
            ds->entities[k] = s->r;
            cg_strmap_put(ds->entity_ids, s->r.id, (uint32_t)k, NULL);
            k++;
        }
        ds->n_entities = k;
        free(ord);
    }
    /* relations: built-ins, replaced by declarations with the same id */
    {
        const cg_relation *bi;
        size_t nb = cg_builtin_relations(&bi);
        size_t n = c->relations.n;
        idsort *ord = cg_xcalloc(n + nb, sizeof *ord);
        cg_relation *all = cg_xcalloc(n + nb, sizeof *all);
        uint32_t *cols = cg_xcalloc(n + nb, sizeof *cols);
        for (size_t i = 0; i < nb; i++) {
            all[i] = bi[i];
            all[i].id = cg_intern_s(ds->strings, bi[i].id);
            all[i].label = cg_intern_s(ds->strings, bi[i].label);
            all[i].category = cg_intern_s(ds->strings, bi[i].category);
        }
        for (size_t i = 0; i < n; i++) {
            all[nb + i] = c->relations.v[i].r;
            cols[nb + i] = c->relations.v[i].col_id;
        }
        for (size_t i = 0; i < n + nb; i++) ord[i] = (idsort){all[i].id, (uint32_t)i};
        qsort(ord, n + nb, sizeof *ord, cmp_idsort);
        ds->relations = cg_xcalloc(n + nb, sizeof *ds->relations);
        ds->relation_ids = cg_strmap_new(n + nb);
        size_t k = 0;
        for (size_t i = 0; i < n + nb; i++) {
            cg_relation *r = &all[ord[i].i];
            if (k > 0 && strcmp(r->id, ds->relations[k - 1].id) == 0) {
                cg_relation *prev = &ds->relations[k - 1];
                if (prev->builtin) { /* a declaration replaces the built-in */
                    *prev = *r;
                    continue;
                }
                if (r->builtin) continue;
                cg_relation *later = r->file > prev->file || (r->file == prev->file && r->line > prev->line) ? r : prev;
                cg_relation *earlier = later == r ? prev : r;
                rerr(c, later->file, later->line, cols[ord[i].i], "relation", later->id,
                     "duplicate relation id (first defined at %s:%u)", ds->files[earlier->file], earlier->line);
                ok = 0;
                continue;
            }
            ds->relations[k++] = *r;
        }
        for (size_t i = 0; i < k; i++) cg_strmap_put(ds->relation_ids, ds->relations[i].id, (uint32_t)i, NULL);
        ds->n_relations = k;
        free(ord);
        free(all);
        free(cols);
    }

    /* id lists for suggestions */
    const char **sids = cg_xcalloc(ds->n_sources + 1, sizeof *sids);
    const char **eids = cg_xcalloc(ds->n_entities + 1, sizeof *eids);
    const char **rids = cg_xcalloc(ds->n_relations + 1, sizeof *rids);
    for (size_t i = 0; i < ds->n_sources; i++) sids[i] = ds->sources[i].id;
    for (size_t i = 0; i < ds->n_entities; i++) eids[i] = ds->entities[i].id;
    for (size_t i = 0; i < ds->n_relations; i++) rids[i] = ds->relations[i].id;

    /* cites */
    for (size_t i = 0; i < c->sources.n; i++) {
        st_source *s = &c->sources.v[i];
        uint32_t k;
        if (!cg_strmap_get(ds->source_ids, s->r.id, &k)) continue;
        if (ds->sources[k].file != s->r.file || ds->sources[k].line != s->r.line) continue; /* a duplicate */
        cg_idx *cites = cg_arena_alloc(ds->arena, (s->r.n_cites ? s->r.n_cites : 1) * sizeof *cites, 4);
        for (size_t j = 0; j < s->r.n_cites; j++) {
            uint32_t t;
            if (!s->cites[j].id) {
                cites[j] = CG_NONE;
                continue;
            }
            if (!cg_strmap_get(ds->source_ids, s->cites[j].id, &t)) {
                const char *dym = cg_did_you_mean(s->cites[j].id, sids, ds->n_sources);
                rerr(c, s->r.file, s->r.line, s->cites[j].col, "source", s->r.id,
                     "cites '%s', which is not a known source%s%s%s", s->cites[j].id, dym ? " (did you mean '" : "",
                     dym ? dym : "", dym ? "'?)" : "");
                ok = 0;
                t = CG_NONE;
            } else if (t == k) {
                rerr(c, s->r.file, s->r.line, s->cites[j].col, "source", s->r.id, "a source cannot cite itself");
                ok = 0;
            }
            cites[j] = t;
        }
        ds->sources[k].cites = cites;
    }

    /* claims: resolve references, detect duplicate ids */
    size_t n = c->claims.n;
    ds->claims = cg_xcalloc(n ? n : 1, sizeof *ds->claims);
    ds->claim_ids = cg_strmap_new(n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        st_claim *sc = &c->claims.v[i];
        uint32_t prev;
        int cok = 1;
        if (!cg_strmap_put(ds->claim_ids, sc->r.id, (uint32_t)k, &prev)) {
            const cg_claim *p = &ds->claims[prev];
            rerr(c, sc->r.file, sc->r.line, sc->col_id, "claim", sc->r.id,
                 "duplicate claim id (first defined at %s:%u)", ds->files[p->file], p->line);
            ok = 0;
            continue;
        }
        uint32_t x;
        if (!sc->subject.id) cok = 0;
        else if (cg_strmap_get(ds->entity_ids, sc->subject.id, &x)) sc->r.subject = x;
        else { suggest_ref(c, sc, &sc->subject, "subject", "entity", eids, ds->n_entities); cok = 0; }
        if (!sc->object.id) cok = 0;
        else if (cg_strmap_get(ds->entity_ids, sc->object.id, &x)) sc->r.object = x;
        else { suggest_ref(c, sc, &sc->object, "object", "entity", eids, ds->n_entities); cok = 0; }
        if (!sc->relation.id) cok = 0;
        else if (cg_strmap_get(ds->relation_ids, sc->relation.id, &x)) sc->r.relation = x;
        else { suggest_ref(c, sc, &sc->relation, "relation", "relation", rids, ds->n_relations); cok = 0; }
        if (!sc->source.id) cok = 0;
        else if (cg_strmap_get(ds->source_ids, sc->source.id, &x)) sc->r.source = x;
        else { suggest_ref(c, sc, &sc->source, "source", "source", sids, ds->n_sources); cok = 0; }
        if (!cok) ok = 0;
        ds->claims[k++] = sc->r;
    }
    ds->n_claims = k;
    free(sids);
    free(eids);
    free(rids);
    return ok ? CG_OK : CG_EDATA;
}

static void lctx_free(lctx *c)
{
    for (size_t i = 0; i < c->sources.n; i++) free(c->sources.v[i].cites);
    CG_VEC_FREE(c->sources);
    CG_VEC_FREE(c->entities);
    CG_VEC_FREE(c->relations);
    CG_VEC_FREE(c->claims);
}

static cg_dataset *dataset_new(void)
{
    cg_dataset *ds = cg_xcalloc(1, sizeof *ds);
    ds->strings = cg_intern_new();
    ds->arena = cg_arena_new();
    return ds;
}

static void add_file(cg_dataset *ds, const char *name)
{
    ds->files = cg_xreallocarray(ds->files, ds->n_files + 1, sizeof *ds->files);
    ds->files[ds->n_files++] = cg_xstrdup(name);
}

static void init_ctx(lctx *c, cg_dataset *ds, const cg_load_options *opts, cg_diag *diag)
{
    memset(c, 0, sizeof *c);
    c->ds = ds;
    c->diag = diag;
    cg_load_options def = CG_LOAD_OPTIONS_INIT;
    c->opt = opts ? *opts : def;
    if (!c->opt.max_line_bytes) c->opt.max_line_bytes = def.max_line_bytes;
    if (!c->opt.max_depth) c->opt.max_depth = def.max_depth;
}

cg_status cg_dataset_load(cg_dataset **out, const char *const *paths, size_t n_paths,
                          const cg_load_options *opts, cg_diag *diag)
{
    *out = NULL;
    cg_dataset *ds = dataset_new();
    lctx c;
    init_ctx(&c, ds, opts, diag);
    cg_status st = CG_OK;
    pathvec files = {0};
    for (size_t i = 0; i < n_paths; i++) {
        struct stat sb;
        if (strcmp(paths[i], "-") == 0) {
            CG_VEC_PUSH(files, cg_xstrdup("-"));
        } else if (stat(paths[i], &sb) != 0) {
            cg_diag_add(diag, CG_SEV_ERROR, paths[i], 0, 0, "cannot read: %s", strerror(errno));
            st = CG_EIO;
        } else if (S_ISDIR(sb.st_mode)) {
            size_t before = files.n;
            cg_status s2 = collect_dir(paths[i], &files, diag, 0);
            if (s2 != CG_OK) st = s2;
            else if (files.n == before)
                cg_diag_add(diag, CG_SEV_WARNING, paths[i], 0, 0, "directory contains no *.jsonl files");
        } else {
            CG_VEC_PUSH(files, cg_xstrdup(paths[i]));
        }
    }
    for (size_t i = 0; i < files.n && st == CG_OK; i++) {
        int is_stdin = strcmp(files.v[i], "-") == 0;
        FILE *f = is_stdin ? stdin : fopen(files.v[i], "rb");
        if (!f) {
            cg_diag_add(diag, CG_SEV_ERROR, files.v[i], 0, 0, "cannot open: %s", strerror(errno));
            st = CG_EIO;
            break;
        }
        add_file(ds, is_stdin ? "<stdin>" : files.v[i]);
        c.file = ds->files[ds->n_files - 1];
        c.file_idx = (uint32_t)(ds->n_files - 1);
        cg_status s2 = read_stream(&c, f);
        if (s2 != CG_OK) {
            cg_diag_add(diag, CG_SEV_ERROR, c.file, 0, 0, "read error: %s", strerror(errno));
            st = s2;
        }
        if (!is_stdin) fclose(f);
    }
    for (size_t i = 0; i < files.n; i++) free(files.v[i]);
    CG_VEC_FREE(files);
    if (st == CG_OK) st = finish(&c);
    if (st == CG_OK && cg_diag_count(diag, CG_SEV_ERROR) > 0) st = CG_EDATA;
    lctx_free(&c);
    if (st != CG_OK) {
        cg_dataset_free(ds);
        return st;
    }
    *out = ds;
    return CG_OK;
}

cg_status cg_dataset_load_buffer(cg_dataset **out, const char *name, const char *buf, size_t len,
                                 const cg_load_options *opts, cg_diag *diag)
{
    *out = NULL;
    cg_dataset *ds = dataset_new();
    lctx c;
    init_ctx(&c, ds, opts, diag);
    add_file(ds, name ? name : "<buffer>");
    c.file = ds->files[0];
    c.file_idx = 0;
    cg_status st = CG_OK;
    FILE *f = fmemopen((void *)buf, len ? len : 1, "rb");
    if (!f) st = CG_EIO;
    else {
        if (len == 0) fgetc(f); /* fmemopen refuses size 0: read the dummy byte away */
        st = read_stream(&c, f);
        fclose(f);
    }
    if (st == CG_OK) st = finish(&c);
    if (st == CG_OK && cg_diag_count(diag, CG_SEV_ERROR) > 0) st = CG_EDATA;
    lctx_free(&c);
    if (st != CG_OK) {
        cg_dataset_free(ds);
        return st;
    }
    *out = ds;
    return CG_OK;
}
