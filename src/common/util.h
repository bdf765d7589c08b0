/* Internal utilities shared by the library and the CLI (the claimgraph_common object library;
 * never API): allocation, growable buffers, arenas, string interning, maps, UTF-8, "did you mean",
 * the number format of tables, a clock. */
#ifndef CG_UTIL_H
#define CG_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Allocation that never returns NULL: on exhaustion cg__oom() calls the hook set by
 * cg__set_oom_hook() (the library's cg_set_oom_handler(); the CLI removes its temporary files
 * and exits with status 1), and if there is none or it returns, reports and aborts. */
void *cg__xmalloc(size_t n);
void *cg__xcalloc(size_t n, size_t size);
void *cg__xrealloc(void *p, size_t n);
/* Blocks that may grow large and are written as they grow (the loader's arrays and buffers):
 * below 512 KiB they are malloc's; from there on, mappings of their own in whole huge pages,
 * advised for transparent huge pages, so that their memory is faulted in 2 MiB at a time rather
 * than 4 KiB (costly on virtual machines), and grown in place within address space reserved
 * after them (copied only past it). The caller keeps the size: a block is reallocated and freed with the byte size it
 * was last given. */
void *cg__big_realloc(void *p, size_t old_bytes, size_t new_bytes);
void cg__big_free(void *p, size_t bytes);
/* Zeroed tables that are replaced as they grow (hash tables): calloc's below 512 KiB, big blocks
 * from there on (see cg__big_realloc). Freed with the count and size they were made with. */
void *cg__table_calloc(size_t n, size_t size);
void cg__table_free(void *p, size_t n, size_t size);
void *cg__xreallocarray(void *p, size_t n, size_t size);
char *cg__xstrdup(const char *s);
char *cg__xstrndup(const char *s, size_t n);
void cg__oom(void);
void cg__set_oom_hook(void (*fn)(void *ud), void *ud);

/* Writes x in fixed-point notation with at most `decimals` decimals, trailing zeros (and a
 * trailing point) removed, never "-0"; returns buf. The number format of every table. */
char *cg__format_decimal(double x, int decimals, char *buf, size_t size);

/* Growable array of fixed-size items. */
#define CG_VEC(T) struct { T *v; size_t n, cap; }
#define CG_VEC_PUSH(vec, item) do { \
        if ((vec).n == (vec).cap) { \
            (vec).cap = (vec).cap ? (vec).cap * 2 : 8; \
            (vec).v = cg__xreallocarray((vec).v, (vec).cap, sizeof *(vec).v); \
        } \
        (vec).v[(vec).n++] = (item); \
    } while (0)
/* The same for a vector of cg__big_realloc() memory; freed with CG_VEC_FREE_BIG. */
#define CG_VEC_PUSH_BIG(vec, item) do { \
        if ((vec).n == (vec).cap) { \
            size_t cg_vec_old_ = (vec).cap; \
            (vec).cap = (vec).cap ? (vec).cap * 2 : 8; \
            if ((vec).cap > SIZE_MAX / sizeof *(vec).v) cg__oom(); \
            (vec).v = cg__big_realloc((vec).v, cg_vec_old_ * sizeof *(vec).v, (vec).cap * sizeof *(vec).v); \
        } \
        (vec).v[(vec).n++] = (item); \
    } while (0)
#define CG_VEC_FREE_BIG(vec) do { \
        cg__big_free((vec).v, (vec).cap * sizeof *(vec).v); \
        (vec).v = NULL; \
        (vec).n = (vec).cap = 0; \
    } while (0)
#define CG_VEC_FREE(vec) do { free((vec).v); (vec).v = NULL; (vec).n = (vec).cap = 0; } while (0)

/* Growable NUL-terminated byte string. */
typedef struct cg__buf {
    char *s;
    size_t len, cap;
    int big; /* its memory is cg__big_realloc's */
} cg__buf;
void cg__buf_init(cg__buf *b);
/* For a buffer that may grow to megabytes and is written at once: cg__big_realloc memory. */
void cg__buf_init_big(cg__buf *b);
void cg__buf_free(cg__buf *b);
void cg__buf_reserve(cg__buf *b, size_t extra);
void cg__buf_add(cg__buf *b, const void *p, size_t n);
void cg__buf_adds(cg__buf *b, const char *s);
void cg__buf_addc(cg__buf *b, char c);
void cg__buf_printf(cg__buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void cg__buf_vprintf(cg__buf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;
void cg__buf_clear(cg__buf *b);
/* Takes ownership of the string; leaves the buffer empty. */
char *cg__buf_steal(cg__buf *b);
/* Appends s as one CSV field: the rule of cg_esc_csv() (spreadsheet dialect: a formula guard) or,
 * with `plain`, of cg_esc_csv_plain(), which call it; here so the command-line tool can append
 * table cells without an allocation each. */
void cg__esc_csv_add(cg__buf *b, const char *s, int plain);

/* Asks for transparent huge pages for the 2 MiB-aligned part of a large allocation (fewer page
 * faults when it is first written; a hint only). */
void cg__advise_huge(void *p, size_t n);

/* Asks for the cache line at p (a hint: lookups in large tables overlap their cache misses). */
#if defined(__GNUC__)
#define CG_PREFETCH(p) __builtin_prefetch(p)
#else
#define CG_PREFETCH(p) ((void)(p))
#endif

/* Grows a large array to new_bytes: the new block is 2 MiB-aligned and advised for huge pages
 * before the first `used` bytes are copied into it (realloc would copy into 4 KiB pages first).
 * Bytes past `used` are uninitialised; free the result with free(). NULL (and `old` untouched)
 * when a block of 2 MiB or more cannot be had. For the arrays handed to code that frees them with
 * free() (the dataset's and the graph's); a block whose owner knows its size and frees it itself
 * is better a cg__big_realloc() one (its free does not move glibc's mapping threshold). */
void *cg__grow_huge(void *old, size_t used, size_t new_bytes);

/* Defines `static void NAME(void *base, void *tmp, size_t n)`: a stable merge sort of the T items
 * base[0..n), tmp[0..n) its scratch; BEFORE(a, b) (T pointers) is true when *a goes strictly before
 * *b. Runs of 16 sorted by insertion, then merged pairwise from one buffer into the other. Typed,
 * so that comparisons are inlined (twice qsort's speed on the loader's ids), and with the caller's
 * scratch: glibc's qsort takes its scratch from malloc, in 4 KiB pages first written on every
 * call (the loader sorts 200 000 ids at 10^6 claims: 1 400 page faults). */
#define CG_MERGE_SORT(NAME, T, BEFORE) \
    static void NAME(void *base_, void *tmp_, size_t n) \
    { \
        T *base = base_, *src = base, *dst = tmp_; \
        for (size_t lo = 0; lo < n; lo += 16) { \
            size_t hi = lo + 16 < n ? lo + 16 : n; \
            for (size_t i = lo + 1; i < hi; i++) { \
                T item = base[i]; \
                size_t j = i; \
                for (; j > lo && BEFORE(&item, &base[j - 1]); j--) base[j] = base[j - 1]; \
                base[j] = item; \
            } \
        } \
        for (size_t w = 16; w < n; w *= 2) { \
            for (size_t lo = 0; lo < n; lo += 2 * w) { \
                size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n, x = lo, y = mid, k = lo; \
                while (x < mid && y < hi) dst[k++] = BEFORE(&src[y], &src[x]) ? src[y++] : src[x++]; \
                while (x < mid) dst[k++] = src[x++]; \
                while (y < hi) dst[k++] = src[y++]; \
            } \
            T *t_ = src; \
            src = dst; \
            dst = t_; \
        } \
        if (src != base) memcpy(base, src, n * sizeof *base); \
    }

/* Sorts base[0..n) (items of `size` bytes) with `sort` (a CG_MERGE_SORT), its scratch a big
 * block; with the two halves sorted on two threads and then merged by cmp (its order) when `two`
 * is set and a thread can be had. Stable; the result is qsort's when cmp is a total order. */
void cg__sort_halves(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *),
                     void (*sort)(void *base, void *tmp, size_t n), int two);

/* Bump allocator for strings and small objects freed all at once. */
typedef struct cg__arena cg__arena;
cg__arena *cg__arena_new(void);
void cg__arena_free(cg__arena *a);
void *cg__arena_alloc(cg__arena *a, size_t n, size_t align);
char *cg__arena_strndup(cg__arena *a, const char *s, size_t n);

/* String interning: equal strings give the same pointer, owned by the pool. */
typedef struct cg__intern cg__intern;
cg__intern *cg__intern_new(void);
void cg__intern_free(cg__intern *p);
const char *cg__intern_n(cg__intern *p, const char *s, size_t n);
const char *cg__intern_s(cg__intern *p, const char *s);
/* Frees the pool's table and returns its arena, which keeps the strings (caller frees it). */
cg__arena *cg__intern_release(cg__intern *p);

/* Map from string to uint32 (keys are borrowed: they must outlive the map). */
typedef struct cg__strmap cg__strmap;
cg__strmap *cg__strmap_new(size_t expected);
void cg__strmap_free(cg__strmap *m);
/* Inserts key -> val; returns 1 if inserted, 0 if the key existed (then *old is its value). */
int cg__strmap_put(cg__strmap *m, const char *key, uint32_t val, uint32_t *old);
/* Returns 1 and sets *val if found. */
int cg__strmap_get(const cg__strmap *m, const char *key, uint32_t *val);
/* The same for many keys at once (their table slots are fetched ahead: large maps are cache
 * misses): keys[i] -> i for each key not yet in the map; vals[i] = the value of keys[i], or
 * `missing`. */
void cg__strmap_put_all(cg__strmap *m, const char *const *keys, size_t n);
void cg__strmap_get_all(const cg__strmap *m, const char *const *keys, size_t n, uint32_t *vals, uint32_t missing);

uint64_t cg__hash_bytes(const void *p, size_t n);
/* A quick hash for tables that are only looked up, never walked (intern pool, id pools): nothing
 * printed may depend on its values. */
uint64_t cg__quick_hash(const char *s, size_t n);

/* UTF-8: returns the byte offset of the first invalid sequence, or (size_t)-1 if valid. */
size_t cg__utf8_invalid_at(const unsigned char *s, size_t n);
/* Number of code points in the first n bytes (continuation bytes not counted). */
size_t cg__utf8_count(const char *s, size_t n);
/* 1 if byte offset `off` of s[0..n) is at a character boundary (0 and n are boundaries). */
int cg__utf8_is_boundary(const unsigned char *s, size_t n, size_t off);

/* Levenshtein distance, capped: returns min(distance, cap+1). */
size_t cg__edit_distance(const char *a, const char *b, size_t cap);
/* The closest candidate to `s` within a useful distance, or NULL. */
const char *cg__did_you_mean(const char *s, const char *const *cands, size_t n);

/* Diagnostics (diag.c): appends src's messages to dst (line numbers shifted by line_offset), keeping
 * dst's cap, and adds src's uncounted messages; 1 when d keeps no more messages. */
struct cg_diag;
void cg__diag_merge(struct cg_diag *dst, const struct cg_diag *src, unsigned long line_offset);
/* The number of entries a diag keeps (its cap). */
size_t cg__diag_max_kept(const struct cg_diag *d);
/* 1 when d keeps no more errors (errors and other messages are capped apart). Past that, the
 * loader adds the placeholder CG__DIAG_NOT_SHOWN (no file, line or column), which is counted and
 * never kept, instead of formatting a message nobody sees. */
int cg__diag_full(const struct cg_diag *d);
#define CG__DIAG_NOT_SHOWN "(not shown)"

/* Comparison helpers for qsort. */
int cg__cmp_str_ptr(const void *a, const void *b);


/* Monotonic time in seconds. */
double cg__now(void);

#endif
