/* Internal utilities shared by the library and the CLI (the claimgraph_common object library;
 * never API): allocation, growable buffers, arenas, string interning, maps, UTF-8, "did you mean",
 * the number format of tables, a clock. */
#ifndef CG_UTIL_H
#define CG_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Allocation that never returns NULL: on exhaustion cg_oom() calls the hook set by
 * cg__set_oom_hook() (the library's cg_set_oom_handler(); the CLI removes its temporary files
 * and exits with status 1), and if there is none or it returns, reports and aborts. */
void *cg_xmalloc(size_t n);
void *cg_xcalloc(size_t n, size_t size);
void *cg_xrealloc(void *p, size_t n);
void *cg_xreallocarray(void *p, size_t n, size_t size);
char *cg_xstrdup(const char *s);
char *cg_xstrndup(const char *s, size_t n);
void cg_oom(void);
void cg__set_oom_hook(void (*fn)(void *ud), void *ud);

/* Writes x in fixed-point notation with at most `decimals` decimals, trailing zeros (and a
 * trailing point) removed, never "-0"; returns buf. The number format of every table. */
char *cg_format_decimal(double x, int decimals, char *buf, size_t size);

/* Growable array of fixed-size items. */
#define CG_VEC(T) struct { T *v; size_t n, cap; }
#define CG_VEC_PUSH(vec, item) do { \
        if ((vec).n == (vec).cap) { \
            (vec).cap = (vec).cap ? (vec).cap * 2 : 8; \
            (vec).v = cg_xreallocarray((vec).v, (vec).cap, sizeof *(vec).v); \
        } \
        (vec).v[(vec).n++] = (item); \
    } while (0)
#define CG_VEC_FREE(vec) do { free((vec).v); (vec).v = NULL; (vec).n = (vec).cap = 0; } while (0)

/* Growable NUL-terminated byte string. */
typedef struct cg_buf {
    char *s;
    size_t len, cap;
} cg_buf;
void cg_buf_init(cg_buf *b);
void cg_buf_free(cg_buf *b);
void cg_buf_reserve(cg_buf *b, size_t extra);
void cg_buf_add(cg_buf *b, const void *p, size_t n);
void cg_buf_adds(cg_buf *b, const char *s);
void cg_buf_addc(cg_buf *b, char c);
void cg_buf_printf(cg_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void cg_buf_vprintf(cg_buf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;
void cg_buf_clear(cg_buf *b);
/* Takes ownership of the string; leaves the buffer empty. */
char *cg_buf_steal(cg_buf *b);

/* Bump allocator for strings and small objects freed all at once. */
typedef struct cg_arena cg_arena;
cg_arena *cg_arena_new(void);
void cg_arena_free(cg_arena *a);
void *cg_arena_alloc(cg_arena *a, size_t n, size_t align);
char *cg_arena_strndup(cg_arena *a, const char *s, size_t n);

/* String interning: equal strings give the same pointer, owned by the pool. */
typedef struct cg_intern cg_intern;
cg_intern *cg_intern_new(void);
void cg_intern_free(cg_intern *p);
const char *cg_intern_n(cg_intern *p, const char *s, size_t n);
const char *cg_intern_s(cg_intern *p, const char *s);
/* Frees the pool's table and returns its arena, which keeps the strings (caller frees it). */
cg_arena *cg_intern_release(cg_intern *p);

/* Map from string to uint32 (keys are borrowed: they must outlive the map). */
typedef struct cg_strmap cg_strmap;
cg_strmap *cg_strmap_new(size_t expected);
void cg_strmap_free(cg_strmap *m);
/* Inserts key -> val; returns 1 if inserted, 0 if the key existed (then *old is its value). */
int cg_strmap_put(cg_strmap *m, const char *key, uint32_t val, uint32_t *old);
/* Returns 1 and sets *val if found. */
int cg_strmap_get(const cg_strmap *m, const char *key, uint32_t *val);

uint64_t cg_hash_bytes(const void *p, size_t n);

/* UTF-8: returns the byte offset of the first invalid sequence, or (size_t)-1 if valid. */
size_t cg_utf8_invalid_at(const unsigned char *s, size_t n);
/* Number of code points in the first n bytes (continuation bytes not counted). */
size_t cg_utf8_count(const char *s, size_t n);
/* 1 if byte offset `off` of s[0..n) is at a character boundary (0 and n are boundaries). */
int cg_utf8_is_boundary(const unsigned char *s, size_t n, size_t off);

/* Levenshtein distance, capped: returns min(distance, cap+1). */
size_t cg_edit_distance(const char *a, const char *b, size_t cap);
/* The closest candidate to `s` within a useful distance, or NULL. */
const char *cg_did_you_mean(const char *s, const char *const *cands, size_t n);

/* Diagnostics (diag.c): appends src's messages to dst (line numbers shifted by line_offset), keeping
 * dst's cap, and adds src's uncounted messages; 1 when d keeps no more messages. */
struct cg_diag;
void cg__diag_merge(struct cg_diag *dst, const struct cg_diag *src, unsigned long line_offset);
/* The number of entries a diag keeps (its cap). */
size_t cg__diag_max_kept(const struct cg_diag *d);
int cg__diag_full(const struct cg_diag *d);

/* Comparison helpers for qsort. */
int cg_cmp_str_ptr(const void *a, const void *b);

/* Formats a double compactly and deterministically ("%.6g"-like but fixed rules). */
void cg_fmt_double(char out[40], double x, int decimals);

/* Monotonic time in seconds. */
double cg_now(void);

#endif
