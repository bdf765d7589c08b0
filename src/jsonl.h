/* Internal: the bulk JSON parser (simdjson's DOM parser behind a small C interface, jsonl.cpp).
 * One line is parsed into a flat array of tokens in document order; the loader validates the
 * tokens (records_fast.c). Lines the fast path does not accept are parsed again by jansson
 * (records.c), which reports every problem exactly as before. */
#ifndef CG_JSONL_H
#define CG_JSONL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cg_jtype {
    CG_JT_NULL, CG_JT_FALSE, CG_JT_TRUE,
    CG_JT_INT,     /* an integer that fits int64_t (v.i) */
    CG_JT_BIGUINT, /* an integer above INT64_MAX (v.u); jansson rejects these */
    CG_JT_REAL,    /* a number with a fraction or an exponent (v.d) */
    CG_JT_STRING,  /* v.s, len bytes (may contain a NUL byte when the text has a \u0000 escape) */
    CG_JT_ARRAY,   /* len elements follow */
    CG_JT_OBJECT   /* len members follow, each with its key */
} cg_jtype;

/* One value. The tokens of an array's or object's elements follow it; `next` is the index of the
 * token after the whole value (its next sibling). Strings point into the parser and are valid
 * until its next parse. */
typedef struct cg_jtok {
    const char *key;  /* the member's key when the value is in an object, else NULL */
    uint32_t key_len;
    uint32_t type;    /* cg_jtype */
    uint32_t len;     /* string length in bytes, or number of elements/members */
    uint32_t next;
    union {
        const char *s;
        int64_t i;
        uint64_t u;
        double d;
    } v;
} cg_jtok;

typedef struct cg_jl cg_jl;

/* Bytes that must be readable after the end of a text given to cg__jl_parse(). */
size_t cg__jl_padding(void);
/* A parser; one per thread. Never NULL (exits on memory exhaustion, like cg__xmalloc). */
cg_jl *cg__jl_new(void);
void cg__jl_free(cg_jl *p);
/* Parses text[0..len) (with cg__jl_padding() readable bytes after it) as one JSON value.
 * Returns the number of tokens and sets *toks, or 0 when the text is not one valid JSON value,
 * is nested deeper than max_depth, or has more than 2^32-1 values. */
size_t cg__jl_parse(cg_jl *p, const char *text, size_t len, unsigned max_depth, const cg_jtok **toks);

/* The values of text[0..len) (with cg__jl_padding() readable bytes after it) in turn, as simdjson's
 * parse_many finds them: one pass of its first stage over many lines, instead of one per line.
 * Returns 0 when no stream could be started. The caller checks that each value is alone on its
 * line (the stream does not know lines). */
int cg__jl_stream_begin(cg_jl *p, const char *text, size_t len);
/* The stream's next value: 1 and its bytes text[*start, *end) and tokens (*n of them, 0 when it is
 * nested deeper than max_depth or has more than 2^32-1 values), valid until the next call; 0 at
 * the end of the stream, at an error, or at a value that is not an object or an array (whose end
 * the stream does not give exactly): the stream is then over. Does not disturb cg__jl_parse(). */
int cg__jl_stream_next(cg_jl *p, unsigned max_depth, size_t *start, size_t *end, const cg_jtok **toks, size_t *n);

#ifdef __cplusplus
}
#endif
#endif
