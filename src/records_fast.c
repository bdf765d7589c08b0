/* The loader's fast path: one line parsed by simdjson (jsonl.cpp) and validated on its tape.
 * It accepts a line only when the line is a record that the jansson path (records.c) would accept
 * without any message, and then stores exactly the record the jansson path stores. Anything else
 * (invalid JSON, an error, a warning, something it does not check as jansson does) makes it
 * return 0 without storing anything, and the line is parsed again by records.c, which reports every
 * problem with its exact position and words. tests/fuzz/fuzz_loader.c checks on every input that
 * both paths give the same dataset and the same messages. */
#define _GNU_SOURCE /* memmem */
#include "claimgraph/evidence.h"
#include "jsonl.h"
#include "jsonpos.h"
#include "loader_impl.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct fctx {
    cg_chunk *ch;
    const cg_jdoc *d; /* the record's document */
    const char *text;
    size_t len;
} fctx;

/* A claim's text field with opt.skip_claim_text: checked like text_f(), not kept. */
static const char kept_none[] = "";

/* Whether a member's key is name (n bytes, a literal: the tests below fold away). Keys up to 16
 * bytes are compared as two words, which may overlap, read inside the key: the compiler does not
 * always expand a memcmp of a constant length (in a large function it may call it). */
static inline int key_is(const cg_jtok *t, const char *name, size_t n)
{
    if (t->key_len != n) return 0;
    const char *k = t->key;
    if (n > 16) return memcmp(k, name, n) == 0;
    if (n >= 8) {
        uint64_t a, b, x, y;
        memcpy(&a, k, 8), memcpy(&b, k + n - 8, 8), memcpy(&x, name, 8), memcpy(&y, name + n - 8, 8);
        return a == x && b == y;
    }
    if (n >= 4) {
        uint32_t a, b, x, y;
        memcpy(&a, k, 4), memcpy(&b, k + n - 4, 4), memcpy(&x, name, 4), memcpy(&y, name + n - 4, 4);
        return a == x && b == y;
    }
    for (size_t i = 0; i < n; i++)
        if (k[i] != name[i]) return 0;
    return 1;
}
#define KEY(t, lit) key_is((t), lit, sizeof(lit) - 1)

static inline int str_is(const cg_jtok *t, const char *s)
{
    size_t n = strlen(s);
    return t->type == CG_JT_STRING && t->len == n && memcmp(t->v.s, s, n) == 0;
}

static uint32_t col_of(const fctx *c, const char *key)
{
    size_t off = cg__jsonpos(c->text, c->len, key, -1, NULL);
    if (off > c->len) off = c->len;
    return (uint32_t)(cg__utf8_count(c->text, off) + 1);
}

/* want_string(nonempty) of records.c: a string with a character other than JSON whitespace. */
static int nonblank(const cg_jtok *t)
{
    if (t->type != CG_JT_STRING) return 0;
    for (uint32_t i = 0; i < t->len; i++) {
        char ch = t->v.s[i];
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') return 1;
    }
    return 0;
}

static const char *text_f(fctx *c, const cg_jtok *t)
{
    return nonblank(t) ? cg__arena_strndup(c->ch->arena, t->v.s, t->len) : NULL;
}

static const char *string_f(fctx *c, const cg_jtok *t)
{
    return nonblank(t) ? cg__intern_n(c->ch->strings, t->v.s, t->len) : NULL;
}

static const char *caveat_f(fctx *c, const cg_jtok *t, int skip)
{
    if (!nonblank(t) || cg__utf8_count(t->v.s, t->len) > CG_CAVEAT_MAX) return NULL;
    return skip ? kept_none : cg__arena_strndup(c->ch->arena, t->v.s, t->len);
}

static const char *id_f(fctx *c, const cg_jtok *t)
{
    if (t->type != CG_JT_STRING || cg__id_problem(t->v.s, t->len)) return NULL;
    return cg__arena_strndup(c->ch->arena, t->v.s, t->len);
}

/* A reference: a valid id, left in the line's text (the claim keeps a pool number). */
static int ref_f(const cg_jtok *t, const char **id, size_t *len)
{
    if (t->type != CG_JT_STRING || cg__id_problem(t->v.s, t->len)) return 0;
    *id = t->v.s;
    *len = t->len;
    return 1;
}

static const char *date_f(fctx *c, const cg_jtok *t)
{
    if (t->type != CG_JT_STRING || t->len > 10) return NULL;
    char s[11];
    memcpy(s, t->v.s, t->len);
    s[t->len] = 0;
    if (!cg_date_valid(s)) return NULL;
    return cg__intern_n(c->ch->strings, s, t->len);
}

static int grade_f(const cg_jtok *t, cg_grade *out)
{
    if (t->type != CG_JT_STRING || t->len != 1 || t->v.s[0] < 'A' || t->v.s[0] > 'F') return 0;
    *out = (cg_grade)(t->v.s[0] - 'A' + 1);
    return 1;
}

static int bool_f(const cg_jtok *t, int *out)
{
    if (t->type != CG_JT_TRUE && t->type != CG_JT_FALSE) return 0;
    *out = t->type == CG_JT_TRUE;
    return 1;
}

/* The names of each enumeration with their lengths, made once from the model's name functions,
 * so that a field is matched without a call or a strlen per candidate. */
enum { E_SOURCE_KIND, E_ENTITY_KIND, E_STANCE, E_STATUS, E_COUNT };
#define E_MAX 16
typedef struct {
    int n;
    const char *s[E_MAX];
    size_t len[E_MAX];
} enum_names;
static enum_names enums[E_COUNT];
static pthread_once_t enums_once = PTHREAD_ONCE_INIT;

static void enums_init(void)
{
    _Static_assert((int)CG_SK_COUNT <= E_MAX && (int)CG_EK_COUNT <= E_MAX && (int)CG_ST_COUNT <= E_MAX, "enum size");
    const int count[E_COUNT] = {CG_SK_COUNT, CG_EK_COUNT, 2, CG_ST_COUNT};
    for (int e = 0; e < E_COUNT; e++) {
        enums[e].n = count[e];
        for (int i = 0; i < count[e]; i++) {
            const char *x = e == E_SOURCE_KIND ? cg_source_kind_name((cg_source_kind)i)
                            : e == E_ENTITY_KIND ? cg_entity_kind_name((cg_entity_kind)i)
                            : e == E_STANCE      ? cg_stance_name((cg_stance)i)
                                                 : cg_claim_status_name((cg_claim_status)i);
            enums[e].s[i] = x;
            enums[e].len[i] = strlen(x);
        }
    }
}

/* Index of the string among the names of enumeration e, or -1. */
static int enum_f(const cg_jtok *t, int e)
{
    if (t->type != CG_JT_STRING) return -1;
    const enum_names *en = &enums[e];
    for (int i = 0; i < en->n; i++)
        if (en->len[i] == t->len && memcmp(en->s[i], t->v.s, t->len) == 0) return i;
    return -1;
}

static void where(fctx *c, unsigned long line, uint32_t *file, uint32_t *l)
{
    *file = c->ch->file_idx;
    *l = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
}

/* ---- records: members of the record's object (obj), each known field at most once ---- */

static int fast_source(fctx *c, const cg_jtok *obj, const char *id, unsigned long line, uint64_t off)
{
    enum { F_TYPE, F_ID, F_TITLE, F_PUBLISHER, F_AUTHOR, F_NOTES, F_CAVEAT, F_PUBLISHED, F_RELIABILITY, F_KIND,
           F_URL, F_SHA, F_CITES };
    cg_st_source s;
    memset(&s, 0, sizeof s);
    s.r.id = id;
    s.off = off;
    where(c, line, &s.r.file, &s.r.line);
    unsigned seen = 0;
    cg_jtok m;
    for (uint32_t k = obj->first; k < obj->end; k = m.next) {
        cg__jdoc_member(c->d, k, &m);
        const cg_jtok *t = &m;
        int f;
        const char *x = NULL;
        if (KEY(t, "type")) f = F_TYPE;
        else if (KEY(t, "id")) f = F_ID;
        else if (KEY(t, "title")) f = F_TITLE, x = s.r.title = text_f(c, t);
        else if (KEY(t, "publisher")) f = F_PUBLISHER, x = s.r.publisher = string_f(c, t);
        else if (KEY(t, "author")) f = F_AUTHOR, x = s.r.author = string_f(c, t);
        else if (KEY(t, "notes")) f = F_NOTES, x = s.r.notes = text_f(c, t);
        else if (KEY(t, "caveat")) f = F_CAVEAT, x = s.r.caveat = caveat_f(c, t, 0);
        else if (KEY(t, "published")) f = F_PUBLISHED, x = s.r.published = date_f(c, t);
        else if (KEY(t, "reliability")) f = F_RELIABILITY, x = grade_f(t, &s.r.reliability) ? "" : NULL;
        else if (KEY(t, "kind")) {
            int v = enum_f(t, E_SOURCE_KIND);
            f = F_KIND;
            if (v >= 0) s.r.kind = (cg_source_kind)v, x = "";
        } else if (KEY(t, "url")) {
            f = F_URL;
            x = s.r.url = text_f(c, t);
            /* not http(s): a warning, which the jansson path gives */
            if (x && strncmp(x, "http://", 7) != 0 && strncmp(x, "https://", 8) != 0) x = NULL;
        } else if (KEY(t, "text_sha256")) {
            f = F_SHA;
            if (t->type == CG_JT_STRING && cg__parse_sha256(t->v.s, t->len, s.r.text_sha256))
                s.r.has_text_sha256 = 1, x = "";
        } else if (KEY(t, "cites")) {
            f = F_CITES;
            if (t->type == CG_JT_ARRAY && t->len < CG_JT_MANY && !s.cites) {
                s.cites = cg__xcalloc(t->len ? t->len : 1, sizeof *s.cites);
                s.r.n_cites = t->len;
                x = "";
                size_t i = 0;
                /* every element's column is kept (for unknown ids), found in one pass */
                cg__jsonarr arr;
                cg__jsonarr_init(&arr, c->text, c->len, "cites");
                size_t prev = 0, chars = 0;
                cg_jtok el;
                for (uint32_t e = t->first; e < t->end; e = el.next, i++) {
                    cg__jdoc_value(c->d, e, &el);
                    s.cites[i].id = id_f(c, &el);
                    if (!s.cites[i].id) x = NULL;
                    size_t at = cg__jsonarr_at(&arr, (long)i);
                    if (at > c->len) at = c->len;
                    if (at < prev) prev = chars = 0;
                    chars += cg__utf8_count(c->text + prev, at - prev);
                    prev = at;
                    s.cites[i].col = (uint32_t)(chars + 1);
                }
            }
        } else f = -1;
        if (f < 0 || (seen & (1u << f))) goto fail;
        seen |= 1u << f;
        if (f >= F_TITLE && !x) goto fail;
    }
    if (!(seen & (1u << F_TITLE)) || !(seen & (1u << F_KIND))) goto fail;
    if (c->ch->eager_cols) s.col_id = col_of(c, "id");
    CG_VEC_PUSH_BIG(c->ch->sources, s);
    return 1;
fail:
    free(s.cites);
    return 0;
}

static int fast_entity(fctx *c, const cg_jtok *obj, const char *id, unsigned long line, uint64_t off)
{
    enum { F_TYPE, F_ID, F_NAME, F_DESCRIPTION, F_ALIASES, F_EXTERNAL, F_KIND };
    cg_st_entity s;
    memset(&s, 0, sizeof s);
    s.r.id = id;
    s.off = off;
    where(c, line, &s.r.file, &s.r.line);
    unsigned seen = 0;
    cg_jtok m;
    for (uint32_t k = obj->first; k < obj->end; k = m.next) {
        cg__jdoc_member(c->d, k, &m);
        const cg_jtok *t = &m;
        int f, ok = 1;
        if (KEY(t, "type")) f = F_TYPE;
        else if (KEY(t, "id")) f = F_ID;
        else if (KEY(t, "name")) f = F_NAME, ok = (s.r.name = text_f(c, t)) != NULL; /* names are mostly distinct: not interned */
        else if (KEY(t, "description")) f = F_DESCRIPTION, ok = (s.r.description = text_f(c, t)) != NULL;
        else if (KEY(t, "kind")) {
            int v = enum_f(t, E_ENTITY_KIND);
            f = F_KIND;
            ok = v >= 0;
            if (ok) s.r.kind = (cg_entity_kind)v;
        } else if (KEY(t, "aliases")) {
            f = F_ALIASES;
            ok = t->type == CG_JT_ARRAY && t->len < CG_JT_MANY;
            if (ok) {
                size_t n = t->len, i = 0;
                const char **arr = cg__arena_alloc(c->ch->arena, (n ? n : 1) * sizeof *arr, sizeof(void *));
                cg_jtok el;
                for (uint32_t e = t->first; e < t->end && ok; e = el.next, i++) {
                    cg__jdoc_value(c->d, e, &el);
                    ok = el.type == CG_JT_STRING && el.len > 0;
                    if (ok) arr[i] = cg__arena_strndup(c->ch->arena, el.v.s, el.len);
                }
                s.r.aliases = arr;
                s.r.n_aliases = n;
            }
        } else if (KEY(t, "external_ids")) {
            f = F_EXTERNAL;
            /* arbitrary keys: duplicates are checked here (jansson rejects them); a large object
             * is left to the jansson path */
            enum { EXT_MAX = 64 };
            ok = t->type == CG_JT_OBJECT && t->len <= EXT_MAX;
            if (ok) {
                size_t n = t->len, i = 0;
                const char **keys = cg__arena_alloc(c->ch->arena, (n ? n : 1) * sizeof *keys, sizeof(void *));
                const char **vals = cg__arena_alloc(c->ch->arena, (n ? n : 1) * sizeof *vals, sizeof(void *));
                uint32_t klen[EXT_MAX];
                cg_jtok em;
                for (uint32_t e = t->first; e < t->end && ok; e = em.next, i++) {
                    cg__jdoc_member(c->d, e, &em);
                    ok = em.type == CG_JT_STRING && em.len > 0 && em.key_len > 0;
                    for (size_t q = 0; ok && q < i; q++) /* the keys before it (copied below, no NUL in them) */
                        if (klen[q] == em.key_len && memcmp(keys[q], em.key, em.key_len) == 0) ok = 0;
                    if (ok) {
                        keys[i] = cg__arena_strndup(c->ch->arena, em.key, em.key_len);
                        klen[i] = em.key_len;
                        vals[i] = cg__arena_strndup(c->ch->arena, em.v.s, em.len);
                    }
                }
                for (size_t a = 1; ok && a < i; a++) /* by key, as records.c sorts them */
                    for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0; b--) {
                        const char *x = keys[b]; keys[b] = keys[b - 1]; keys[b - 1] = x;
                        x = vals[b]; vals[b] = vals[b - 1]; vals[b - 1] = x;
                    }
                s.r.n_external_ids = i;
                s.r.external_id_keys = keys;
                s.r.external_id_values = vals;
            }
        } else f = -1;
        if (f < 0 || !ok || (seen & (1u << f))) return 0;
        seen |= 1u << f;
    }
    if (!(seen & (1u << F_NAME)) || !(seen & (1u << F_KIND))) return 0;
    if (c->ch->eager_cols) s.col_id = col_of(c, "id");
    CG_VEC_PUSH_BIG(c->ch->entities, s);
    return 1;
}

static int fast_relation(fctx *c, const cg_jtok *obj, const char *id, unsigned long line, uint64_t off)
{
    enum { F_TYPE, F_ID, F_LABEL, F_CATEGORY, F_DIRECTED };
    cg_st_relation s;
    memset(&s, 0, sizeof s);
    s.r.id = id;
    s.r.directed = 1;
    s.off = off;
    where(c, line, &s.r.file, &s.r.line);
    unsigned seen = 0;
    cg_jtok m;
    for (uint32_t k = obj->first; k < obj->end; k = m.next) {
        cg__jdoc_member(c->d, k, &m);
        const cg_jtok *t = &m;
        int f, ok = 1;
        if (KEY(t, "type")) f = F_TYPE;
        else if (KEY(t, "id")) f = F_ID;
        else if (KEY(t, "label")) f = F_LABEL, ok = (s.r.label = string_f(c, t)) != NULL, s.r.given |= CG_GIVEN_LABEL;
        else if (KEY(t, "category")) f = F_CATEGORY, ok = (s.r.category = string_f(c, t)) != NULL;
        else if (KEY(t, "directed")) f = F_DIRECTED, ok = bool_f(t, &s.r.directed), s.r.given |= CG_GIVEN_DIRECTED;
        else f = -1;
        if (f < 0 || !ok || (seen & (1u << f))) return 0;
        seen |= 1u << f;
    }
    if (!s.r.label) { /* the id with underscores as spaces */
        size_t n = strlen(id);
        char *l = cg__arena_strndup(c->ch->arena, id, n);
        for (char *p = l; *p; p++)
            if (*p == '_') *p = ' ';
        s.r.label = l;
    }
    if (c->ch->eager_cols) s.col_id = col_of(c, "id");
    CG_VEC_PUSH_BIG(c->ch->relations, s);
    return 1;
}

/* A claim's evidence array (arr). */
static int fast_spans(fctx *c, const cg_jtok *arr, cg_claim_text *r)
{
    if (arr->type != CG_JT_ARRAY || arr->len >= CG_JT_MANY) return 0;
    size_t n = arr->len, i = 0;
    const int skip = c->ch->opt.skip_claim_text;
    cg_span one, *sp = skip ? &one : cg__arena_alloc(c->ch->arena, (n ? n : 1) * sizeof *sp, 8);
    cg_jtok el, m;
    for (uint32_t e = arr->first; e < arr->end; e = el.next, i += !skip) {
        cg__jdoc_value(c->d, e, &el);
        if (el.type != CG_JT_OBJECT) return 0;
        unsigned have = 0;
        memset(&sp[i], 0, sizeof sp[i]);
        for (uint32_t k = el.first; k < el.end; k = m.next) {
            cg__jdoc_member(c->d, k, &m);
            const cg_jtok *t = &m;
            unsigned bit;
            if (KEY(t, "start") || KEY(t, "end")) {
                if (t->type != CG_JT_INT || t->v.i < 0) return 0;
                bit = t->key[0] == 's' ? 1 : 2;
                if (bit == 1) sp[i].start = (uint64_t)t->v.i;
                else sp[i].end = (uint64_t)t->v.i;
            } else if (KEY(t, "sha256")) {
                if (t->type != CG_JT_STRING || !cg__parse_sha256(t->v.s, t->len, sp[i].sha256)) return 0;
                bit = 4;
            } else return 0;
            if (have & bit) return 0;
            have |= bit;
        }
        if (have != 7 || sp[i].start >= sp[i].end) return 0;
    }
    if (!skip) {
        r->evidence = sp;
        r->n_evidence = n;
    }
    return 1;
}

static int fast_claim(fctx *c, const cg_jtok *obj, const char *id, size_t id_len, unsigned long line)
{
    enum { F_TYPE, F_ID, F_SUBJECT, F_RELATION, F_OBJECT, F_SOURCE, F_SUMMARY, F_NOTES, F_CAVEAT, F_ATTRIBUTED,
           F_ORIGIN, F_ANONYMOUS, F_CREDIBILITY, F_RELIABILITY, F_VALID_FROM, F_VALID_TO, F_EVIDENCE,
           F_CONFIDENCE, F_STANCE, F_STATUS };
    cg_claim r;
    cg_claim_text tx;
    int anonymous = 0;
    const char *ids[4] = {NULL, NULL, NULL, NULL};
    size_t lens[4] = {0, 0, 0, 0};
    uint32_t cols[CG_NREF] = {0, 0, 0, 0, 0};
    memset(&r, 0, sizeof r);
    memset(&tx, 0, sizeof tx);
    r.id = id;
    r.credibility = 6;
    r.confidence = -1;
    r.stance = CG_SUPPORTS;
    r.status = CG_ST_REPORTED;
    r.subject = r.relation = r.object = r.source = CG_NONE;
    where(c, line, &r.file, &r.line);
    const int skip = c->ch->opt.skip_claim_text;
    unsigned seen = 0;
    cg_jtok m;
    for (uint32_t k = obj->first; k < obj->end; k = m.next) {
        cg__jdoc_member(c->d, k, &m);
        const cg_jtok *t = &m;
        int f = -1, ok = 1;
        switch (t->key_len ? t->key[0] : 0) {
        case 't': if (KEY(t, "type")) f = F_TYPE; break;
        case 'i': if (KEY(t, "id")) f = F_ID; break;
        case 's':
            if (KEY(t, "subject")) f = F_SUBJECT, ok = ref_f(t, &ids[CG_REF_SUBJECT], &lens[CG_REF_SUBJECT]);
            else if (KEY(t, "source")) f = F_SOURCE, ok = ref_f(t, &ids[CG_REF_SOURCE], &lens[CG_REF_SOURCE]);
            else if (KEY(t, "summary"))
                f = F_SUMMARY, ok = (tx.summary = skip ? (nonblank(t) ? kept_none : NULL) : text_f(c, t)) != NULL;
            else if (KEY(t, "stance")) {
                int v = enum_f(t, E_STANCE);
                f = F_STANCE;
                ok = v >= 0;
                if (ok) r.stance = (uint8_t)v;
                r.given |= CG_GIVEN_STANCE;
            } else if (KEY(t, "status")) {
                int v = enum_f(t, E_STATUS);
                f = F_STATUS;
                ok = v >= 0;
                if (ok) r.status = (uint8_t)v;
                r.given |= CG_GIVEN_STATUS;
            }
            break;
        case 'r':
            if (KEY(t, "relation")) f = F_RELATION, ok = ref_f(t, &ids[CG_REF_RELATION], &lens[CG_REF_RELATION]);
            else if (KEY(t, "reliability")) f = F_RELIABILITY, ok = grade_f(t, &r.reliability);
            break;
        case 'o':
            if (KEY(t, "object")) f = F_OBJECT, ok = ref_f(t, &ids[CG_REF_OBJECT], &lens[CG_REF_OBJECT]);
            else if (KEY(t, "origin")) f = F_ORIGIN, ok = (r.origin = string_f(c, t)) != NULL;
            break;
        case 'n':
            if (KEY(t, "notes"))
                f = F_NOTES, ok = (tx.notes = skip ? (nonblank(t) ? kept_none : NULL) : text_f(c, t)) != NULL;
            break;
        case 'c':
            if (KEY(t, "caveat")) f = F_CAVEAT, ok = (tx.caveat = caveat_f(c, t, skip)) != NULL;
            else if (KEY(t, "credibility")) {
                f = F_CREDIBILITY;
                ok = t->type == CG_JT_INT && t->v.i >= 1 && t->v.i <= 6;
                if (ok) r.credibility = (cg_grade)t->v.i;
                r.given |= CG_GIVEN_CREDIBILITY;
            } else if (KEY(t, "confidence")) {
                double x = t->type == CG_JT_INT ? (double)t->v.i : t->type == CG_JT_REAL ? t->v.d : -1;
                f = F_CONFIDENCE;
                ok = x >= 0.0 && x <= 1.0;
                if (ok) r.confidence = x;
            }
            break;
        case 'a':
            if (KEY(t, "attributed_to")) f = F_ATTRIBUTED, ok = (r.attributed_to = string_f(c, t)) != NULL;
            else if (KEY(t, "anonymous")) {
                f = F_ANONYMOUS, ok = bool_f(t, &anonymous), r.anonymous = anonymous != 0;
                r.given |= CG_GIVEN_ANONYMOUS;
            }
            break;
        case 'v':
            if (KEY(t, "valid_from")) f = F_VALID_FROM, ok = (r.valid_from = date_f(c, t)) != NULL;
            else if (KEY(t, "valid_to")) f = F_VALID_TO, ok = (r.valid_to = date_f(c, t)) != NULL;
            break;
        case 'e': if (KEY(t, "evidence")) f = F_EVIDENCE, ok = fast_spans(c, t, &tx); break;
        default: break;
        }
        if (f < 0 || !ok || (seen & (1u << f))) return 0;
        seen |= 1u << f;
    }
    const unsigned required = 1u << F_SUBJECT | 1u << F_RELATION | 1u << F_OBJECT | 1u << F_SOURCE;
    if ((seen & required) != required) return 0;
    if (r.valid_from && r.valid_to) {
        size_t la = strlen(r.valid_from), lb = strlen(r.valid_to), shorter = la < lb ? la : lb;
        if (strncmp(r.valid_from, r.valid_to, shorter) > 0) return 0;
    }
    if (lens[CG_REF_SUBJECT] == lens[CG_REF_OBJECT] &&
        memcmp(ids[CG_REF_SUBJECT], ids[CG_REF_OBJECT], lens[CG_REF_SUBJECT]) == 0)
        return 0;
    if (c->ch->eager_cols) { /* the five columns in one pass over the line */
        static const char *const keys[CG_NREF] = {"subject", "relation", "object", "source", "id"};
        size_t at[CG_NREF];
        cg__jsonpos_members(c->text, c->len, keys, CG_NREF, at);
        int ord[CG_NREF] = {0, 1, 2, 3, 4};
        for (int a = 1; a < CG_NREF; a++) /* by offset, to count characters once */
            for (int b = a; b > 0 && at[ord[b - 1]] > at[ord[b]]; b--) {
                int t = ord[b];
                ord[b] = ord[b - 1];
                ord[b - 1] = t;
            }
        size_t prev = 0, chars = 0;
        for (int a = 0; a < CG_NREF; a++) {
            size_t o = at[ord[a]] > c->len ? c->len : at[ord[a]];
            chars += cg__utf8_count(c->text + prev, o - prev);
            prev = o;
            cols[ord[a]] = (uint32_t)(chars + 1);
        }
    }
    cg__chunk_add_claim(c->ch, &r, id_len, &tx, ids, lens, cols);
    return 1;
}

int cg__parse_line_fast(cg_chunk *ch, cg_jl *jl, unsigned long line, uint64_t off, const char *text, size_t len)
{
    cg_jdoc d;
    return cg__jl_parse(jl, text, len, &d) && cg__record_fast(ch, &d, line, off, text, len);
}

int cg__record_fast(cg_chunk *ch, const cg_jdoc *d, unsigned long line, uint64_t off, const char *text, size_t len)
{
    /* jansson rejects a \u0000 escape, simdjson decodes it: the caller gives such lines to
     * jansson (it looks for the escape once per chunk, not once per line). The records accepted
     * here are at most 3 levels deep (a claim's evidence spans): with a lower limit, every line
     * goes to jansson, which measures the depth. */
    if (ch->opt.max_depth < 3) return 0;
    cg_jtok root;
    cg__jdoc_value(d, 1, &root);
    if (root.type != CG_JT_OBJECT) return 0;
    pthread_once(&enums_once, enums_init);
    /* the record's type and id; members are looked up by key (each at most once: the record's
     * own loop below rejects a second "type" or "id"). Written by claimgraph and most tools, they
     * are its first two members. */
    cg_jtok type = {0}, idt = {0};
    int have = 0;
    if (root.first < root.end) {
        cg__jdoc_member(d, root.first, &type);
        if (type.type == CG_JT_STRING && KEY(&type, "type") && type.next < root.end) {
            cg__jdoc_member(d, type.next, &idt);
            have = KEY(&idt, "id");
        }
    }
    if (!have) {
        int seen = 0;
        cg_jtok m;
        for (uint32_t k = root.first; k < root.end; k = m.next) {
            cg__jdoc_member(d, k, &m);
            if (KEY(&m, "type")) type = m, seen |= 1;
            else if (KEY(&m, "id")) idt = m, seen |= 2;
        }
        if (seen != 3) return 0;
    }
    if (type.type != CG_JT_STRING) return 0;
    fctx c = {ch, d, text, len};
    const char *id = id_f(&c, &idt);
    if (!id) return 0;
    int ok;
    if (str_is(&type, "claim")) ok = fast_claim(&c, &root, id, idt.len, line);
    else if (str_is(&type, "entity")) ok = fast_entity(&c, &root, id, line, off);
    else if (str_is(&type, "source")) ok = fast_source(&c, &root, id, line, off);
    else if (str_is(&type, "relation")) ok = fast_relation(&c, &root, id, line, off);
    else ok = 0;
    if (ok) ch->records++;
    return ok;
}
