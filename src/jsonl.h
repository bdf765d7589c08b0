/* Internal: the bulk JSON parser (simdjson's DOM parser behind a small C interface, jsonl.cpp).
 * A line is parsed into simdjson's tape, which the loader reads in place (records_fast.c) through
 * the functions below, one value at a time, without copying it into tokens first. Lines the fast
 * path does not accept are parsed again by jansson (records.c), which reports every problem
 * exactly as before. */
#ifndef CG_JSONL_H
#define CG_JSONL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cg_jtype {
    CG_JT_NULL, CG_JT_FALSE, CG_JT_TRUE,
    CG_JT_INT,     /* an integer that fits int64_t (v.i) */
    CG_JT_BIGUINT, /* an integer above INT64_MAX (v.u); jansson rejects these */
    CG_JT_REAL,    /* a number with a fraction or an exponent (v.d) */
    CG_JT_STRING,  /* v.s, len bytes (may contain a NUL byte when the text has a \u0000 escape) */
    CG_JT_ARRAY,   /* len elements, at tape indices [first, end) */
    CG_JT_OBJECT,  /* len members (each a key and its value), at tape indices [first, end) */
    CG_JT_UNKNOWN  /* a tape word this code does not know (another simdjson version): never accepted */
} cg_jtype;

/* A container's element count when it has at least this many (simdjson saturates it there). */
#define CG_JT_MANY 0xFFFFFFu

/* A parsed document: simdjson's tape, 64-bit words in document order, the type in the top byte and
 * a payload below (simdjson's doc/tape.md), and its string buffer. Its root value is at tape index
 * 1. Valid until the parser's next parse. */
typedef struct cg_jdoc {
    const uint64_t *tape;
    const uint8_t *strings;
} cg_jdoc;

/* One value read off the tape (cg__jdoc_value, cg__jdoc_member). */
typedef struct cg_jtok {
    const char *key;  /* a member's key, else NULL */
    uint32_t key_len;
    uint32_t type;    /* cg_jtype */
    uint32_t len;     /* string length in bytes, or number of elements/members (CG_JT_MANY: that many or more) */
    uint32_t next;    /* tape index just after the value: its next sibling (a member's key) or its container's end */
    uint32_t first;   /* an array or object: tape index of its first element (member), or `end` when empty */
    uint32_t end;     /* an array or object: tape index of its closing word */
    union {
        const char *s;
        int64_t i;
        uint64_t u;
        double d;
    } v;
} cg_jtok;

#define CG_JDOC_PAYLOAD 0x00FFFFFFFFFFFFFFull

/* The value at tape index i (a value's first word). */
static inline void cg__jdoc_value(const cg_jdoc *d, uint32_t i, cg_jtok *t)
{
    uint64_t w = d->tape[i];
    t->key = NULL;
    t->key_len = 0;
    t->len = 0;
    t->next = i + 1;
    t->first = t->end = 0;
    switch ((unsigned)(w >> 56)) {
    case '"': { /* payload: offset in the string buffer of a 32-bit length, the bytes, a NUL */
        const uint8_t *s = d->strings + (w & CG_JDOC_PAYLOAD);
        memcpy(&t->len, s, sizeof t->len);
        t->type = CG_JT_STRING;
        t->v.s = (const char *)(s + sizeof t->len);
        return;
    }
    case '{':
    case '[': /* payload: element count (bits 32-55, saturated) and the index after the closing word */
        t->type = (w >> 56) == '{' ? CG_JT_OBJECT : CG_JT_ARRAY;
        t->len = (uint32_t)(w >> 32) & CG_JT_MANY;
        t->next = (uint32_t)w;
        t->first = i + 1;
        t->end = t->next - 1;
        t->v.u = 0;
        return;
    case 'l': t->type = CG_JT_INT; memcpy(&t->v.i, &d->tape[i + 1], sizeof t->v.i); t->next = i + 2; return;
    case 'u': t->type = CG_JT_BIGUINT; t->v.u = d->tape[i + 1]; t->next = i + 2; return;
    case 'd': t->type = CG_JT_REAL; memcpy(&t->v.d, &d->tape[i + 1], sizeof t->v.d); t->next = i + 2; return;
    case 't': t->type = CG_JT_TRUE; t->v.u = 0; return;
    case 'f': t->type = CG_JT_FALSE; t->v.u = 0; return;
    case 'n': t->type = CG_JT_NULL; t->v.u = 0; return;
    default: t->type = CG_JT_UNKNOWN; t->v.u = 0; t->next = UINT32_MAX; return; /* ends any loop over it */
    }
}

/* The object member at tape index i: its key (a string word), then its value. */
static inline void cg__jdoc_member(const cg_jdoc *d, uint32_t i, cg_jtok *t)
{
    const uint8_t *k = d->strings + (d->tape[i] & CG_JDOC_PAYLOAD);
    uint32_t kl;
    memcpy(&kl, k, sizeof kl);
    cg__jdoc_value(d, i + 1, t);
    t->key = (const char *)(k + sizeof kl);
    t->key_len = kl;
}

typedef struct cg_jl cg_jl;

/* Bytes that must be readable after the end of a text given to cg__jl_parse(). */
size_t cg__jl_padding(void);
/* A parser; one per thread. Never NULL (exits on memory exhaustion, like cg__xmalloc). */
cg_jl *cg__jl_new(void);
void cg__jl_free(cg_jl *p);
/* Parses text[0..len) (with cg__jl_padding() readable bytes after it) as one JSON value: 1 and
 * its document in *doc, or 0 when the text is not one valid JSON value. */
int cg__jl_parse(cg_jl *p, const char *text, size_t len, cg_jdoc *doc);

/* The values of text[0..len) (with cg__jl_padding() readable bytes after it) in turn, as simdjson's
 * parse_many finds them: one pass of its first stage over many lines, instead of one per line.
 * Returns 0 when no stream could be started. The caller checks that each value is alone on its
 * line (the stream does not know lines). */
int cg__jl_stream_begin(cg_jl *p, const char *text, size_t len);
/* The stream's next value: 1 and its bytes text[*start, *end) and document, valid until the next
 * call; 0 at the end of the stream, at an error, or at a value that is not an object or an array
 * (whose end the stream does not give exactly): the stream is then over. Does not disturb
 * cg__jl_parse(). */
int cg__jl_stream_next(cg_jl *p, size_t *start, size_t *end, cg_jdoc *doc);

#ifdef __cplusplus
}
#endif
#endif
