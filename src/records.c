/* Parsing one line of a dataset into a staged record: jansson for the JSON, then every field
 * checked against the data model. Runs in parallel on chunks of lines; touches only its chunk. */
#define _POSIX_C_SOURCE 200809L
#include "claimgraph/claimgraph.h"
#include "jsonl.h"
#include "jsonpos.h"
#include "loader_impl.h"

#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define ID_MAX 128

/* ---- jansson allocations: a per-thread bump region while a line is parsed ---- */

#define BUMP_SIZE ((size_t)1 << 20)
static _Thread_local char *bump_base;
static _Thread_local size_t bump_used;

static void *json_bump_malloc(size_t n)
{
    if (bump_base) {
        size_t m = (n + 15) & ~(size_t)15;
        if (m <= BUMP_SIZE - bump_used) {
            void *p = bump_base + bump_used;
            bump_used += m;
            return p;
        }
    }
    return malloc(n);
}

static void json_bump_free(void *p)
{
    if (bump_base && (char *)p >= bump_base && (char *)p < bump_base + BUMP_SIZE) return;
    free(p);
}

/* jansson's allocator is process-wide: the bump allocator is installed while at least one load
 * runs and the previous functions are restored when the last one ends (unless the process-state
 * policy says to keep jansson's; then lines are parsed with its current allocator). */
static pthread_mutex_t alloc_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned alloc_users;
static json_malloc_t saved_malloc;
static json_free_t saved_free;

void cg__json_alloc_enter(void)
{
    if (cg_process_state_policy() & CG_KEEP_JANSSON_ALLOC) return;
    pthread_mutex_lock(&alloc_mu);
    if (alloc_users++ == 0) {
        json_get_alloc_funcs(&saved_malloc, &saved_free);
        json_set_alloc_funcs(json_bump_malloc, json_bump_free);
    }
    pthread_mutex_unlock(&alloc_mu);
}

void cg__json_alloc_leave(void)
{
    if (cg_process_state_policy() & CG_KEEP_JANSSON_ALLOC) return;
    pthread_mutex_lock(&alloc_mu);
    if (alloc_users && --alloc_users == 0) json_set_alloc_funcs(saved_malloc, saved_free);
    pthread_mutex_unlock(&alloc_mu);
}

/* ---- per-line context ---- */

typedef struct rctx {
    cg_chunk *ch;
    unsigned long line; /* relative to the chunk */
    uint64_t off;       /* file offset of the line */
    const char *text;
    size_t len;
    const char *rtype;  /* record type for messages */
    const char *rid;    /* record id for messages, may be NULL */
    size_t col_off;     /* the characters before byte col_off of the line are col_chars: */
    size_t col_chars;   /* columns further on are counted from there (one pass for a whole array) */
    int esc_nul;           /* the line contains the escape \u0000 (the fast path leaves it to jansson) */
} rctx;

static uint32_t col_at(rctx *c, size_t off)
{
    if (off > c->len) off = c->len;
    if (off < c->col_off) c->col_off = c->col_chars = 0;
    c->col_chars += cg__utf8_count(c->text + c->col_off, off - c->col_off);
    c->col_off = off;
    return (uint32_t)(c->col_chars + 1);
}

/* Whether the next message is shown (beyond the cap it is only counted, and nothing needs to be
 * located for it: locating costs a scan of the line). */
static int shown(const rctx *c) { return !cg__diag_full(c->ch->diag); }

#if defined(__GNUC__)
#define PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PRINTF(a, b)
#endif

#if defined(__GNUC__)
__attribute__((format(printf, 4, 0)))
#endif
static void vreport(rctx *c, cg_severity sev, size_t off, const char *fmt, va_list ap)
{
    if (!shown(c)) { /* beyond what is shown: count only */
        cg_diag_add(c->ch->diag, sev, NULL, 0, 0, "(not shown)");
        return;
    }
    cg__buf b;
    cg__buf_init(&b);
    if (c->rtype && c->rid) cg__buf_printf(&b, "%s '%s': ", c->rtype, c->rid);
    else if (c->rtype) cg__buf_printf(&b, "%s: ", c->rtype);
    cg__buf_vprintf(&b, fmt, ap);
    cg_diag_add(c->ch->diag, sev, c->ch->file, c->line, col_at(c, off), "%s", b.s);
    cg__buf_free(&b);
}

/* Error at byte offset `off` of the current line. */
static void PRINTF(3, 4) lerr(rctx *c, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, CG_SEV_ERROR, off, fmt, ap);
    va_end(ap);
}

static void PRINTF(3, 4) lwarn(rctx *c, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, CG_SEV_WARNING, off, fmt, ap);
    va_end(ap);
}

/* Field-name comparison for the dispatch chains: the first byte rules out most candidates. */
static inline int keq(const char *key, const char *name) { return key[0] == name[0] && strcmp(key, name) == 0; }

static size_t pos(rctx *c, const char *key) { return cg__jsonpos(c->text, c->len, key, -1, NULL); }

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

static int want_string(rctx *c, const char *key, json_t *v, int nonempty)
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

static const char *text_field(rctx *c, const char *key, json_t *v)
{
    if (!want_string(c, key, v, 1)) return NULL;
    return cg__arena_strndup(c->ch->arena, json_string_value(v), json_string_length(v));
}

/* A caveat: a short public statement shown to readers next to the claim or source. */
static const char *caveat_field(rctx *c, const char *key, json_t *v)
{
    if (!want_string(c, key, v, 1)) return NULL;
    size_t chars = cg__utf8_count(json_string_value(v), json_string_length(v));
    if (chars > CG_CAVEAT_MAX) {
        lerr(c, pos(c, key), "\"%s\" is %zu characters long; a caveat is a short public statement of at most %d "
             "characters (keep longer working notes in \"notes\")", key, chars, CG_CAVEAT_MAX);
        return NULL;
    }
    return cg__arena_strndup(c->ch->arena, json_string_value(v), json_string_length(v));
}

/* A string that often repeats (a voice, an origin, a publisher): interned, stored once a chunk. */
static const char *string_field(rctx *c, const char *key, json_t *v)
{
    if (!want_string(c, key, v, 1)) return NULL;
    return cg__intern_n(c->ch->strings, json_string_value(v), json_string_length(v));
}


/* An id-valued field (own id or a reference): validated and interned. */
static const char *id_field(rctx *c, const char *key, json_t *v, size_t off)
{
    if (!json_is_string(v)) {
        lerr(c, off, "\"%s\" must be a string id, not %s", key, json_type_name(v));
        return NULL;
    }
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    const char *p = cg__id_problem(s, n);
    if (p) {
        lerr(c, off, "\"%s\" %s (got \"%.40s%s\")", key, p, s, n > 40 ? "..." : "");
        return NULL;
    }
    return cg__arena_strndup(c->ch->arena, s, n);
}

/* Like id_field, but computes the column only when the value is wrong. */
static const char *id_field_lazy(rctx *c, const char *key, json_t *v)
{
    if (json_is_string(v) && !cg__id_problem(json_string_value(v), json_string_length(v)))
        return cg__arena_strndup(c->ch->arena, json_string_value(v), json_string_length(v));
    return id_field(c, key, v, pos(c, key));
}

static int reliability_field(rctx *c, const char *key, json_t *v, cg_grade *out)
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

static int credibility_field(rctx *c, const char *key, json_t *v, cg_grade *out)
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

static int bool_field(rctx *c, const char *key, json_t *v, int *out)
{
    if (!json_is_boolean(v)) {
        lerr(c, pos(c, key), "\"%s\" must be true or false, not %s", key, json_type_name(v));
        return 0;
    }
    *out = json_is_true(v);
    return 1;
}

static const char *date_field(rctx *c, const char *key, json_t *v)
{
    if (!json_is_string(v)) {
        lerr(c, pos(c, key), "\"%s\" must be a date string (YYYY, YYYY-MM or YYYY-MM-DD), not %s", key,
             json_type_name(v));
        return NULL;
    }
    const char *s = json_string_value(v);
    if (!cg_date_valid(s)) {
        lerr(c, pos(c, key), "\"%s\" is not a valid ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD): \"%.40s\"",
             key, s);
        return NULL;
    }
    return cg__intern_s(c->ch->strings, s);
}



static void enum_error(rctx *c, const char *key, json_t *v, const char *const *names, size_t n)
{
    if (!json_is_string(v)) {
        lerr(c, pos(c, key), "\"%s\" must be a string, not %s", key, json_type_name(v));
        return;
    }
    const char *s = json_string_value(v);
    const char *dym = cg__did_you_mean(s, names, n);
    cg__buf list;
    cg__buf_init(&list);
    for (size_t i = 0; i < n; i++) cg__buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    if (dym)
        lerr(c, pos(c, key), "\"%s\" has unknown value \"%.60s\" (did you mean \"%s\"?)", key, s, dym);
    else
        lerr(c, pos(c, key), "\"%s\" has unknown value \"%.60s\" (expected one of: %s)", key, s, list.s);
    cg__buf_free(&list);
}

/* Returns -1 after reporting when the field is not one of names. */
static int enum_field(rctx *c, const char *key, json_t *v, const char *const *names, size_t n)
{
    if (json_is_string(v))
        for (size_t i = 0; i < n; i++)
            if (strcmp(json_string_value(v), names[i]) == 0) return (int)i;
    enum_error(c, key, v, names, n);
    return -1;
}

static void unknown_field(rctx *c, const char *key, const char *const *fields, size_t n)
{
    if (!shown(c)) {
        lerr(c, 0, "unknown field");
        return;
    }
    const char *dym = cg__did_you_mean(key, fields, n);
    size_t off = cg__jsonpos_key(c->text, c->len, key);
    if (dym)
        lerr(c, off, "unknown field \"%.60s\" (did you mean \"%s\"?)", key, dym);
    else {
        cg__buf list;
        cg__buf_init(&list);
        for (size_t i = 0; i < n; i++) cg__buf_printf(&list, "%s%s", i ? ", " : "", fields[i]);
        lerr(c, off, "unknown field \"%.60s\" (the fields of a %s are: %s)", key, c->rtype, list.s);
        cg__buf_free(&list);
    }
}

static void missing_field(rctx *c, const char *key)
{
    lerr(c, 0, "missing required field \"%s\"", key);
}

/* Array of non-empty strings, interned. Returns the number stored in *out (arena array). */
static int string_array(rctx *c, const char *key, json_t *v, const char *const **out, size_t *n_out)
{
    if (!json_is_array(v)) {
        lerr(c, pos(c, key), "\"%s\" must be an array of strings, not %s", key, json_type_name(v));
        return 0;
    }
    size_t n = json_array_size(v);
    const char **arr = cg__arena_alloc(c->ch->arena, (n ? n : 1) * sizeof *arr, sizeof(void *));
    int ok = 1;
    cg__jsonarr at; /* the elements' places, found in one pass when errors are shown */
    int at_set = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        if (!json_is_string(e) || json_string_length(e) == 0) {
            size_t off = 0;
            if (shown(c)) {
                if (!at_set) cg__jsonarr_init(&at, c->text, c->len, key), at_set = 1;
                off = cg__jsonarr_at(&at, (long)i);
            }
            lerr(c, off, "\"%s\"[%zu] must be a non-empty string", key, i);
            ok = 0;
            continue;
        }
        arr[i] = cg__arena_strndup(c->ch->arena, json_string_value(e), json_string_length(e));
    }
    *out = arr;
    *n_out = n;
    return ok;
}

/* ---- record parsers ---- */

static const char *const source_fields[] = {"type", "id", "title", "publisher", "kind", "published", "url",
                                            "author", "reliability", "cites", "text_sha256", "caveat", "notes"};
static const char *const entity_fields[] = {"type", "id", "name", "kind", "aliases", "description",
                                            "external_ids"};
static const char *const relation_fields[] = {"type", "id", "label", "directed", "category"};
static const char *const claim_fields[] = {
    "type", "id", "subject", "relation", "object", "source", "evidence", "summary", "attributed_to",
    "anonymous", "origin", "credibility", "reliability", "confidence", "stance", "status", "valid_from",
    "valid_to", "caveat", "notes"};
#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

static const char *const stances[] = {"supports", "refutes"};
static const char *const status_names[CG_ST_COUNT] = {"denied", "alleged", "reported", "official_finding",
                                                      "charged", "acquitted", "convicted"};

static void location(rctx *c, uint32_t *file, uint32_t *line)
{
    *file = c->ch->file_idx;
    *line = c->line > UINT32_MAX ? UINT32_MAX : (uint32_t)c->line;
}

static void parse_source(rctx *c, json_t *o, const char *id)
{
    cg_st_source s;
    memset(&s, 0, sizeof s);
    s.r.id = id;
    s.off = c->off;
    if (c->ch->eager_cols) s.col_id = col_at(c, pos(c, "id"));
    location(c, &s.r.file, &s.r.line);
    int ok = id != NULL, have_title = 0, have_kind = 0;
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (keq(key, "type") || keq(key, "id")) continue;
        if (keq(key, "title")) { ok &= (s.r.title = text_field(c, key, v)) != NULL; have_title = 1; }
        else if (keq(key, "publisher")) ok &= (s.r.publisher = string_field(c, key, v)) != NULL;
        else if (keq(key, "author")) ok &= (s.r.author = string_field(c, key, v)) != NULL;
        else if (keq(key, "notes")) ok &= (s.r.notes = text_field(c, key, v)) != NULL;
        else if (keq(key, "caveat")) ok &= (s.r.caveat = caveat_field(c, key, v)) != NULL;
        else if (keq(key, "published")) ok &= (s.r.published = date_field(c, key, v)) != NULL;
        else if (keq(key, "reliability")) ok &= reliability_field(c, key, v, &s.r.reliability);
        else if (keq(key, "kind")) {
            have_kind = 1;
            const char *names[CG_SK_COUNT];
            for (int i = 0; i < CG_SK_COUNT; i++) names[i] = cg_source_kind_name((cg_source_kind)i);
            int k = enum_field(c, key, v, names, CG_SK_COUNT);
            if (k < 0) ok = 0; else s.r.kind = (cg_source_kind)k;
        } else if (keq(key, "url")) {
            if ((s.r.url = text_field(c, key, v)) == NULL) ok = 0;
            else if (strncmp(s.r.url, "http://", 7) != 0 && strncmp(s.r.url, "https://", 8) != 0)
                lwarn(c, pos(c, key), "\"url\" is not an http(s) address; it will never be written as a link");
        } else if (keq(key, "text_sha256")) {
            if (!json_is_string(v) ||
                !cg__parse_sha256(json_string_value(v), json_string_length(v), s.r.text_sha256)) {
                lerr(c, pos(c, key), "\"text_sha256\" must be 64 hexadecimal digits (a SHA-256 digest)");
                ok = 0;
            } else s.r.has_text_sha256 = 1;
        } else if (keq(key, "cites")) {
            if (!json_is_array(v)) {
                lerr(c, pos(c, key), "\"cites\" must be an array of source ids, not %s", json_type_name(v));
                ok = 0;
                continue;
            }
            size_t n = json_array_size(v);
            s.cites = cg__xcalloc(n ? n : 1, sizeof *s.cites);
            s.r.n_cites = n;
            cg__jsonarr at; /* every element's column is kept (for unknown ids): one pass */
            cg__jsonarr_init(&at, c->text, c->len, key);
            for (size_t i = 0; i < n; i++) {
                size_t off = cg__jsonarr_at(&at, (long)i);
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
    if (id) CG_VEC_PUSH_BIG(c->ch->sources, s);
    else free(s.cites);
}

typedef struct { const char *k, *v; } kv_pair;

static int cmp_kv_pair(const void *x, const void *y)
{
    return strcmp(((const kv_pair *)x)->k, ((const kv_pair *)y)->k);
}

static int external_ids(rctx *c, json_t *v, cg_entity *e)
{
    if (!json_is_object(v)) {
        lerr(c, pos(c, "external_ids"), "\"external_ids\" must be an object of strings, not %s",
             json_type_name(v));
        return 0;
    }
    size_t n = json_object_size(v), i = 0;
    const char **keys = cg__arena_alloc(c->ch->arena, (n ? n : 1) * sizeof *keys, sizeof(void *));
    const char **vals = cg__arena_alloc(c->ch->arena, (n ? n : 1) * sizeof *vals, sizeof(void *));
    const char *k;
    json_t *x;
    int ok = 1;
    size_t at = (size_t)-1; /* located once */
    json_object_foreach(v, k, x) {
        if (!json_is_string(x) || json_string_length(x) == 0 || !*k) {
            if (at == (size_t)-1 && shown(c)) at = pos(c, "external_ids");
            lerr(c, at == (size_t)-1 ? 0 : at, "\"external_ids\" entry \"%.60s\" must be a non-empty string", k);
            ok = 0;
            continue;
        }
        keys[i] = cg__arena_strndup(c->ch->arena, k, strlen(k));
        vals[i] = cg__arena_strndup(c->ch->arena, json_string_value(x), json_string_length(x));
        i++;
    }
    /* sort by key (keys of an object are distinct, so the order is fully determined): insertion
     * sort for the usual handful, qsort of pairs for a large object (red team: 40 000 keys in
     * descending order took 12 s) */
    if (i <= 16) {
        for (size_t a = 1; a < i; a++)
            for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0; b--) {
                const char *t = keys[b]; keys[b] = keys[b - 1]; keys[b - 1] = t;
                t = vals[b]; vals[b] = vals[b - 1]; vals[b - 1] = t;
            }
    } else {
        kv_pair *kv = cg__xmalloc(i * sizeof *kv);
        for (size_t a = 0; a < i; a++) kv[a] = (kv_pair){keys[a], vals[a]};
        qsort(kv, i, sizeof *kv, cmp_kv_pair);
        for (size_t a = 0; a < i; a++) {
            keys[a] = kv[a].k;
            vals[a] = kv[a].v;
        }
        free(kv);
    }
    e->n_external_ids = i;
    e->external_id_keys = keys;
    e->external_id_values = vals;
    return ok;
}

static void parse_entity(rctx *c, json_t *o, const char *id)
{
    cg_st_entity s;
    memset(&s, 0, sizeof s);
    s.r.id = id;
    s.off = c->off;
    if (c->ch->eager_cols) s.col_id = col_at(c, pos(c, "id"));
    location(c, &s.r.file, &s.r.line);
    int ok = id != NULL, have_name = 0, have_kind = 0;
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (keq(key, "type") || keq(key, "id")) continue;
        if (keq(key, "name")) { ok &= (s.r.name = string_field(c, key, v)) != NULL; have_name = 1; }
        else if (keq(key, "description")) ok &= (s.r.description = text_field(c, key, v)) != NULL;
        else if (keq(key, "aliases")) ok &= string_array(c, key, v, &s.r.aliases, &s.r.n_aliases);
        else if (keq(key, "external_ids")) ok &= external_ids(c, v, &s.r);
        else if (keq(key, "kind")) {
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
    if (id) CG_VEC_PUSH_BIG(c->ch->entities, s);
}

static void parse_relation(rctx *c, json_t *o, const char *id)
{
    cg_st_relation s;
    memset(&s, 0, sizeof s);
    s.r.id = id;
    s.r.directed = 1;
    s.off = c->off;
    if (c->ch->eager_cols) s.col_id = col_at(c, pos(c, "id"));
    location(c, &s.r.file, &s.r.line);
    int ok = id != NULL;
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (keq(key, "type") || keq(key, "id")) continue;
        if (keq(key, "label")) { ok &= (s.r.label = string_field(c, key, v)) != NULL; s.r.given |= CG_GIVEN_LABEL; }
        else if (keq(key, "category")) ok &= (s.r.category = string_field(c, key, v)) != NULL;
        else if (keq(key, "directed")) { ok &= bool_field(c, key, v, &s.r.directed); s.r.given |= CG_GIVEN_DIRECTED; }
        else {
            unknown_field(c, key, relation_fields, NFIELDS(relation_fields));
            ok = 0;
        }
    }
    if (id && !s.r.label) {
        /* default label: the id with underscores as spaces */
        char *l = cg__xstrdup(id);
        for (char *p = l; *p; p++)
            if (*p == '_') *p = ' ';
        s.r.label = cg__arena_strndup(c->ch->arena, l, strlen(l));
        free(l);
    }
    (void)ok; /* kept with errors too, see parse_source() */
    if (id) CG_VEC_PUSH_BIG(c->ch->relations, s);
}

static const char *const span_fields[] = {"start", "end", "sha256"};

/* Where span i, or its member k, is in the line: located only when an error is shown (a valid
 * span needs no position), the spans in one pass. */
static size_t span_off(rctx *c, cg__jsonarr *at, int *at_set, size_t i, const char *k)
{
    if (!shown(c)) return 0;
    if (!*at_set) {
        cg__jsonarr_init(at, c->text, c->len, "evidence");
        *at_set = 1;
    }
    return cg__jsonarr_member(at, (long)i, k);
}
#define SPAN_OFF span_off(c, &at, &at_set, i, NULL)
#define SPAN_KEY_OFF span_off(c, &at, &at_set, i, k)

static int parse_spans(rctx *c, json_t *v, cg_claim_text *r)
{
    if (!json_is_array(v)) {
        lerr(c, pos(c, "evidence"), "\"evidence\" must be an array of spans {\"start\",\"end\",\"sha256\"}, not %s",
             json_type_name(v));
        return 0;
    }
    size_t n = json_array_size(v);
    cg_span *sp = cg__arena_alloc(c->ch->arena, (n ? n : 1) * sizeof *sp, 8);
    int ok = 1;
    cg__jsonarr at;
    int at_set = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        if (!json_is_object(e)) {
            lerr(c, SPAN_OFF, "evidence[%zu] must be an object {\"start\",\"end\",\"sha256\"}, not %s", i,
                 json_type_name(e));
            ok = 0;
            continue;
        }
        int have = 0, eok = 1;
        const char *k;
        json_t *x;
        memset(&sp[i], 0, sizeof sp[i]);
        json_object_foreach(e, k, x) {
            if (!strcmp(k, "start") || !strcmp(k, "end")) {
                if (!json_is_integer(x) || json_integer_value(x) < 0) {
                    lerr(c, SPAN_KEY_OFF, "evidence[%zu].%s must be a non-negative integer byte offset", i, k);
                    eok = 0;
                    continue;
                }
                if (k[0] == 's') sp[i].start = (uint64_t)json_integer_value(x), have |= 1;
                else sp[i].end = (uint64_t)json_integer_value(x), have |= 2;
            } else if (!strcmp(k, "sha256")) {
                if (!json_is_string(x) || !cg__parse_sha256(json_string_value(x), json_string_length(x), sp[i].sha256)) {
                    lerr(c, SPAN_KEY_OFF, "evidence[%zu].sha256 must be 64 hexadecimal digits", i);
                    eok = 0;
                    continue;
                }
                have |= 4;
            } else {
                const char *dym = cg__did_you_mean(k, span_fields, 3);
                lerr(c, SPAN_KEY_OFF, "evidence[%zu] has unknown field \"%.40s\"%s%s%s", i, k, dym ? " (did you mean \"" : "",
                     dym ? dym : "", dym ? "\"?)" : " (a span has start, end, sha256)");
                eok = 0;
            }
        }
        if (eok && have != 7) {
            lerr(c, SPAN_OFF, "evidence[%zu] needs \"start\", \"end\" and \"sha256\"", i);
            eok = 0;
        }
        if (eok && sp[i].start >= sp[i].end) {
            lerr(c, SPAN_OFF, "evidence[%zu] is empty or reversed: start %llu must be less than end %llu", i,
                 (unsigned long long)sp[i].start, (unsigned long long)sp[i].end);
            eok = 0;
        }
        ok &= eok;
    }
    r->evidence = sp;
    r->n_evidence = n;
    return ok;
}
#undef SPAN_OFF
#undef SPAN_KEY_OFF

static void parse_claim(rctx *c, json_t *o, const char *id)
{
    cg_claim r;
    cg_claim_text t;
    cg_claim_refs refs;
    int anonymous = 0;
    memset(&r, 0, sizeof r);
    memset(&t, 0, sizeof t);
    memset(&refs, 0, sizeof refs);
    r.id = id;
    r.credibility = 6;
    r.confidence = -1;
    r.stance = CG_SUPPORTS;
    r.status = CG_ST_REPORTED;
    r.subject = r.relation = r.object = r.source = CG_NONE;
    location(c, &r.file, &r.line);
    int eager = c->ch->eager_cols;
    if (eager) refs.col[CG_REF_ID] = col_at(c, pos(c, "id"));
    int ok = id != NULL;
    int have[4] = {0, 0, 0, 0};
    static const char *const refkeys[4] = {"subject", "relation", "object", "source"};
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (keq(key, "type") || keq(key, "id")) continue;
        int handled = 0;
        for (int i = 0; i < 4; i++) {
            if (!keq(key, refkeys[i])) continue;
            /* columns of valid ids are only needed for later errors: computed lazily */
            refs.id[i] = id_field_lazy(c, key, v);
            if (!refs.id[i]) ok = 0;
            else if (eager) refs.col[i] = col_at(c, pos(c, key));
            have[i] = 1;
            handled = 1;
        }
        if (handled) continue;
        if (keq(key, "summary")) ok &= (t.summary = text_field(c, key, v)) != NULL;
        else if (keq(key, "notes")) ok &= (t.notes = text_field(c, key, v)) != NULL;
        else if (keq(key, "caveat")) ok &= (t.caveat = caveat_field(c, key, v)) != NULL;
        else if (keq(key, "attributed_to")) ok &= (r.attributed_to = string_field(c, key, v)) != NULL;
        else if (keq(key, "origin")) ok &= (r.origin = string_field(c, key, v)) != NULL;
        else if (keq(key, "anonymous")) {
            ok &= bool_field(c, key, v, &anonymous);
            r.anonymous = anonymous != 0;
            r.given |= CG_GIVEN_ANONYMOUS;
        }
        else if (keq(key, "credibility")) { ok &= credibility_field(c, key, v, &r.credibility); r.given |= CG_GIVEN_CREDIBILITY; }
        else if (keq(key, "reliability")) ok &= reliability_field(c, key, v, &r.reliability);
        else if (keq(key, "valid_from")) ok &= (r.valid_from = date_field(c, key, v)) != NULL;
        else if (keq(key, "valid_to")) ok &= (r.valid_to = date_field(c, key, v)) != NULL;
        else if (keq(key, "evidence")) ok &= parse_spans(c, v, &t);
        else if (keq(key, "confidence")) {
            double x = json_is_number(v) ? json_number_value(v) : NAN;
            if (!json_is_number(v)) {
                lerr(c, pos(c, key), "\"confidence\" must be a number between 0 and 1, not %s", json_type_name(v));
                ok = 0;
            } else if (!(x >= 0.0 && x <= 1.0)) {
                lerr(c, pos(c, key), "\"confidence\" must be between 0 and 1 (got %g)", x);
                ok = 0;
            } else r.confidence = x;
        } else if (keq(key, "stance")) {
            int k = enum_field(c, key, v, stances, 2);
            if (k < 0) ok = 0; else r.stance = (uint8_t)k;
            r.given |= CG_GIVEN_STANCE;
        } else if (keq(key, "status")) {
            int k = enum_field(c, key, v, status_names, CG_ST_COUNT);
            if (k < 0) ok = 0; else r.status = (uint8_t)k;
            r.given |= CG_GIVEN_STATUS;
        } else {
            unknown_field(c, key, claim_fields, NFIELDS(claim_fields));
            ok = 0;
        }
    }
    for (int i = 0; i < 4; i++)
        if (!have[i]) { missing_field(c, refkeys[i]); ok = 0; }
    if (ok && r.valid_from && r.valid_to) {
        size_t la = strlen(r.valid_from), lb = strlen(r.valid_to), m = la < lb ? la : lb;
        if (strncmp(r.valid_from, r.valid_to, m) > 0) {
            lerr(c, pos(c, "valid_to"), "\"valid_to\" (%s) is before \"valid_from\" (%s)", r.valid_to,
                 r.valid_from);
            ok = 0;
        }
    }
    if (ok && strcmp(refs.id[CG_REF_SUBJECT], refs.id[CG_REF_OBJECT]) == 0) {
        lerr(c, pos(c, "object"), "subject and object are the same entity '%s'; a claim links two entities",
             refs.id[CG_REF_SUBJECT]);
        ok = 0;
    }
    /* records with errors are kept too (when they have an id) so that their references are still
     * checked; the dataset is discarded anyway when there is any error */
    if (id) {
        size_t lens[4];
        for (int i = 0; i < 4; i++) lens[i] = refs.id[i] ? strlen(refs.id[i]) : 0;
        cg__chunk_add_claim(c->ch, &r, strlen(id), &t, refs.id, lens, refs.col);
    }
}

static const char *const record_types[] = {"source", "entity", "relation", "claim"};

/* Nesting depth of a parsed value, counted like cg__json_depth (a scalar 0, a flat object or
 * array 1), exploring no deeper than limit + 1. */
static unsigned value_depth(json_t *v, unsigned limit)
{
    unsigned d = 0;
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        if (!limit) return 1;
        json_object_foreach(v, k, x) {
            unsigned e = value_depth(x, limit - 1);
            if (e > d) d = e;
            if (d >= limit) break;
        }
        return d + 1;
    }
    if (json_is_array(v)) {
        if (!limit) return 1;
        for (size_t i = 0; i < json_array_size(v); i++) {
            unsigned e = value_depth(json_array_get(v, i), limit - 1);
            if (e > d) d = e;
            if (d >= limit) break;
        }
        return d + 1;
    }
    return 0;
}

/* Parses one line (without its newline; trailing CR and BOM already stripped); `doc` is its value
 * when the chunk's stream parsed it, NULL otherwise. */
static void parse_line(rctx *c, const char *text, size_t len, const cg_jdoc *doc)
{
    c->text = text;
    c->len = len;
    c->rtype = NULL;
    c->rid = NULL;
    c->col_off = c->col_chars = 0;
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) i++;
    if (i == len) return; /* blank line */
    /* most lines: simdjson and a validator that gives up (storing nothing) at the first doubt */
    if (doc ? cg__record_fast(c->ch, doc, c->line, c->off, text, len)
            : c->ch->jl && !c->esc_nul && cg__parse_line_fast(c->ch, c->ch->jl, c->line, c->off, text, len))
        return;
    /* NUL bytes and the nesting limit are checked on the parsed value (cheap: records are
     * shallow), and by scanning the text only when jansson fails (it stops at its own depth of
     * 2048) or when the limit is exceeded, to report where; the messages are the same as when
     * every line was scanned first. */
    const unsigned max_depth = c->ch->opt.max_depth;
    json_error_t jerr;
    json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    if (!o || value_depth(o, max_depth) > max_depth) {
        /* a NUL byte always fails jansson (a control character in a string, else an unexpected
         * character), so it is looked for only here, and reported first */
        const char *nul = memchr(text, '\0', len);
        if (nul) {
            lerr(c, (size_t)(nul - text), "NUL byte in input (a record is one line of UTF-8 JSON text)");
            json_decref(o);
            return;
        }
        size_t deep_at = 0;
        if (cg__json_depth(text, len, max_depth, &deep_at) > max_depth) {
            lerr(c, deep_at, "JSON nested deeper than %u levels", max_depth);
            json_decref(o);
            return;
        }
    }
    if (!o) {
        /* jansson validates UTF-8; point at the first bad byte ourselves */
        size_t bad = cg__utf8_invalid_at((const unsigned char *)text, len);
        if (bad != (size_t)-1) {
            lerr(c, bad, "invalid UTF-8 (byte 0x%02X); files must be UTF-8 encoded", (unsigned char)text[bad]);
            return;
        }
        size_t at = jerr.position > 0 ? (size_t)jerr.position - 1 : 0;
        /* a complete record followed, after a carriage return, by more text: the file's lines
         * end with CR alone (a trailing CR before LF is removed before parsing) */
        if (strncmp(jerr.text, "end of file expected", 20) == 0) {
            size_t cr = (size_t)-1;
            for (size_t j = at; j > 0; j--) {
                char ch = text[j - 1];
                if (ch == '\r') cr = j - 1;
                else if (ch != ' ' && ch != '\t' && ch != '\n') break;
            }
            if (cr != (size_t)-1) {
                lerr(c, cr, "line ends with a carriage return only (old Mac line endings); convert the file to LF "
                            "or CRLF line endings");
                return;
            }
        }
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
    c->ch->records++;
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
        id = id_field_lazy(c, "id", idv);
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



void cg__chunk_error(cg_chunk *ch, unsigned long line, const char *msg)
{
    cg_diag_add(ch->diag, CG_SEV_ERROR, ch->file, line, 1, "%s", msg);
}

/* The first backslash of text[p..end) followed by "u0000", or NULL. A backslash that is itself
 * escaped may be taken for one: that line only takes the slower path, which judges it exactly. */
static const char *find_nul_escape(const char *p, const char *end)
{
    while (p < end) {
        const char *b = memchr(p, '\\', (size_t)(end - p));
        if (!b) return NULL;
        if (end - b >= 6 && memcmp(b + 1, "u0000", 5) == 0) return b;
        p = b + 1;
    }
    return NULL;
}

/* The stream of a chunk's values and the next one not yet matched with a line. */
typedef struct dstream {
    int on;       /* the stream still agrees with the lines */
    int have;     /* a value is waiting: text[start, end) */
    size_t start, end;
    cg_jdoc doc;
} dstream;

/* Whether the stream's next value is the line whose text (after a byte order mark, before a
 * carriage return) is chunk text [ls, le), the line ending at `nl` (its line feed or the chunk's
 * end): the value and white space around it, nothing else. Values of earlier lines that were not
 * taken are passed over; a value that runs past its line, or a line with more than a value, ends
 * the stream. */
static int stream_value(cg_chunk *ch, dstream *d, size_t ls, size_t le, size_t nl)
{
    for (;;) {
        if (!d->have) {
            if (!cg__jl_stream_next(ch->jl, &d->start, &d->end, &d->doc)) {
                d->on = 0;
                return 0;
            }
            d->have = 1;
        }
        if (d->end <= ls) { /* a value of a line taken the slow way (too long, with a \u0000 escape) */
            d->have = 0;
            continue;
        }
        break;
    }
    if (d->start >= nl) return 0; /* not this line's: a blank line */
    if (d->start < ls || d->end > le) { /* begins before the line (after its byte order mark) or runs past it */
        d->on = 0;
        return 0;
    }
    for (size_t i = ls; i < le; i++) { /* only JSON white space around it on the line */
        if (i == d->start) i = d->end;
        if (i == le) break;
        char x = ch->text[i];
        if (x != ' ' && x != '\t' && x != '\r') {
            d->on = 0;
            return 0;
        }
    }
    d->have = 0;
    return 1;
}

void cg__parse_chunk(cg_chunk *ch)
{
    char *own_bump = NULL;
    if (!bump_base) {
        own_bump = cg__xmalloc(BUMP_SIZE);
        bump_base = own_bump;
    }
    rctx c;
    memset(&c, 0, sizeof c);
    c.ch = ch;
    c.line = ch->lines; /* a chunk may be given several runs of lines */
    if (!ch->jl && !ch->opt.reference_parser) ch->jl = cg__jl_new();
    const char *p = ch->text, *end = ch->text + ch->len;
    /* the next \u0000 escape, looked for in the whole chunk rather than in every line */
    const char *esc = find_nul_escape(p, end);
    /* the chunk's values as one stream (simdjson's parse_many: its first stage once for all the
     * lines), taken line by line while each value is alone on its line; from the first line where
     * that is not so (a value over several lines, two on one line, an error, a scalar), the lines
     * are parsed one by one as before, which judges and reports them */
    dstream ds = {0, 0, 0, 0, {NULL, NULL}};
    if (ch->jl && !ch->opt.reference_parser) ds.on = cg__jl_stream_begin(ch->jl, ch->text, ch->len);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *s = p;
        c.line++;
        if (p == ch->text && ch->file_start && e - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3;
        size_t n = (size_t)(e - s);
        if (n && s[n - 1] == '\r') n--;
        c.off = ch->offset + (uint64_t)(s - ch->text);
        if (esc && esc < s) esc = find_nul_escape(s, end);
        c.esc_nul = esc && (size_t)(esc - s) + 6 <= n;
        bump_used = 0;
        if (n > ch->opt.max_line_bytes) {
            char msg[128];
            snprintf(msg, sizeof msg, "line longer than %zu bytes (raise the limit with --max-line-bytes)",
                     ch->opt.max_line_bytes);
            cg__chunk_error(ch, c.line, msg);
        } else {
            const cg_jdoc *doc = NULL;
            size_t ls = (size_t)(s - ch->text);
            if (ds.on && stream_value(ch, &ds, ls, ls + n, (size_t)(e - ch->text)) && !c.esc_nul)
                doc = &ds.doc;
            size_t before = ch->claims.n;
            parse_line(&c, s, n, doc);
            if (ch->claims.n != before) ch->claim_bytes += (uint64_t)(e - p) + 1;
        }
        p = nl ? nl + 1 : end;
    }
    cg__chunk_flush_claim(ch);
    bump_used = 0;
    ch->lines = c.line;
    if (own_bump) {
        bump_base = NULL;
        free(own_bump);
    }
}
