/* Internal utilities. */
#define _DEFAULT_SOURCE /* madvise */
#include "util.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static void (*oom_hook)(void *);
static void *oom_hook_ud;

void cg__set_oom_hook(void (*fn)(void *ud), void *ud)
{
    oom_hook = fn;
    oom_hook_ud = ud;
}

void cg__oom(void)
{
    static const char msg[] = "claimgraph: error: out of memory\n";
    if (oom_hook) oom_hook(oom_hook_ud); /* should not return */
    fwrite(msg, 1, sizeof msg - 1, stderr);
    abort();
}

void *cg__xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) cg__oom();
    return p;
}

#define HUGE_PAGE ((size_t)2 << 20)
#define HUGE_CALLOC ((size_t)4 << 20)
/* From this size on, a big block, an arena chunk or a table is a whole number of huge pages: a
 * 4 KiB page fault costs about 12 us on the virtual machines measured (3 ms per MiB first
 * written), a 2 MiB one 0.1-2 ms per MiB, so rounding 512 KiB up to 2 MiB costs at most 1.5 MiB
 * of memory per block and saves time from the first write on. */
#define BIG_MIN ((size_t)512 << 10)

/* Large zeroed blocks (hash tables, index arrays) are 2 MiB-aligned and advised for transparent
 * huge pages before they are zeroed: one page fault per 2 MiB instead of 512. */
void *cg__xcalloc(size_t n, size_t size)
{
    if (n && size && n <= SIZE_MAX / size && n * size >= HUGE_CALLOC) {
        size_t bytes = n * size, whole = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        void *p = NULL;
        if (whole < bytes || posix_memalign(&p, HUGE_PAGE, whole) != 0) cg__oom();
        madvise(p, whole, MADV_HUGEPAGE); /* whole pages: else the last part is faulted 4 KiB at a time */
        memset(p, 0, bytes);
        return p;
    }
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) cg__oom();
    return p;
}

/* Big blocks: a mapping of our own, 2 MiB-aligned and advised for transparent huge pages, whose
 * first BIG_HEAD bytes hold its length and the address space reserved for it. Not malloc's:
 * freeing a mapped block of malloc's raises its threshold for mapping blocks, after which freed
 * memory stays in its heaps and the peak grows. (Keeping freed blocks for reuse was tried: it
 * raised the peak by a quarter.)
 * A block grows in place: address space for BIG_RESERVE times its first length (at least
 * BIG_RESERVE_MIN) is reserved, inaccessible, after it, and growing makes more of it usable, so
 * that what was written is neither copied nor faulted in again (on a virtual machine, the first
 * write to a page costs more than the copy: about 2 ms per MiB where this was measured). Past the
 * reservation, or where address space is limited, a block is copied into a new one. */
#define BIG_HEAD ((size_t)64)
#define BIG_RESERVE 8
#define BIG_RESERVE_MIN ((size_t)256 << 20)
#define BIG_RESERVE_MAX ((size_t)64 << 30)

typedef struct {
    size_t len;      /* usable bytes, from the start of the mapping */
    size_t reserved; /* bytes mapped, from the start of the mapping */
} big_head;

static size_t huge_round(size_t bytes)
{
    if (bytes > SIZE_MAX - BIG_HEAD - 2 * HUGE_PAGE) cg__oom();
    return (bytes + BIG_HEAD + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

/* Maps `reserve` bytes (a multiple of HUGE_PAGE) 2 MiB-aligned and inaccessible; NULL on failure. */
static char *big_reserve(size_t reserve)
{
    char *raw = mmap(NULL, reserve + HUGE_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED) return NULL;
    char *a = (char *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (a > raw) munmap(raw, (size_t)(a - raw));
    if (raw + reserve + HUGE_PAGE > a + reserve) munmap(a + reserve, (size_t)(raw + reserve + HUGE_PAGE - (a + reserve)));
    return a;
}

static void *big_map(size_t bytes)
{
    size_t len = huge_round(bytes);
    size_t reserve = len <= BIG_RESERVE_MAX / BIG_RESERVE ? len * BIG_RESERVE : len;
    if (reserve < BIG_RESERVE_MIN) reserve = BIG_RESERVE_MIN;
    char *a = big_reserve(reserve);
    if (!a) a = big_reserve(reserve = len); /* address space is limited: no room to grow */
    if (!a) cg__oom();
    if (mprotect(a, len, PROT_READ | PROT_WRITE) != 0) {
        munmap(a, reserve);
        cg__oom();
    }
    madvise(a, len, MADV_HUGEPAGE);
    big_head h = {len, reserve};
    memcpy(a, &h, sizeof h);
    return a + BIG_HEAD;
}

void *cg__big_realloc(void *p, size_t old_bytes, size_t new_bytes)
{
    if (new_bytes < BIG_MIN && old_bytes < BIG_MIN) return cg__xrealloc(p, new_bytes);
    if (new_bytes < BIG_MIN) { /* shrinking to malloc's size */
        void *q = cg__xmalloc(new_bytes);
        memcpy(q, p, new_bytes);
        cg__big_free(p, old_bytes);
        return q;
    }
    if (p && old_bytes >= new_bytes) return p;
    if (p && old_bytes >= BIG_MIN) { /* in place, if its reservation has room */
        char *a = (char *)p - BIG_HEAD;
        big_head h;
        memcpy(&h, a, sizeof h);
        size_t len = huge_round(new_bytes);
        if (len <= h.len) return p;
        if (len <= h.reserved && mprotect(a + h.len, len - h.len, PROT_READ | PROT_WRITE) == 0) {
            madvise(a + h.len, len - h.len, MADV_HUGEPAGE);
            h.len = len;
            memcpy(a, &h, sizeof h);
            return p;
        }
    }
    void *q = big_map(new_bytes);
    if (p && old_bytes) memcpy(q, p, old_bytes);
    cg__big_free(p, old_bytes);
    return q;
}

void *cg__table_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) cg__oom();
    if (n * size < BIG_MIN) {
        void *p = calloc(n ? n : 1, size ? size : 1);
        if (!p) cg__oom();
        return p;
    }
    return big_map(n * size); /* a fresh mapping: zero */
}

void cg__table_free(void *p, size_t n, size_t size) { cg__big_free(p, n * size); }

void cg__big_free(void *p, size_t bytes)
{
    if (!p) return;
    if (bytes < BIG_MIN) {
        free(p);
        return;
    }
    char *a = (char *)p - BIG_HEAD;
    big_head h;
    memcpy(&h, a, sizeof h);
    munmap(a, h.reserved);
}

void *cg__xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) cg__oom();
    return q;
}

void *cg__xreallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) cg__oom();
    return cg__xrealloc(p, n * size);
}

char *cg__xstrndup(const char *s, size_t n)
{
    char *d = cg__xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *cg__xstrdup(const char *s) { return cg__xstrndup(s, strlen(s)); }

/* ---- cg__buf ---- */

void cg__buf_init(cg__buf *b) { b->s = NULL; b->len = b->cap = 0; b->big = 0; }
void cg__buf_init_big(cg__buf *b) { cg__buf_init(b); b->big = 1; }
void cg__buf_free(cg__buf *b)
{
    if (b->big) cg__big_free(b->s, b->cap);
    else free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}
void cg__buf_clear(cg__buf *b) { b->len = 0; if (b->s) b->s[0] = '\0'; }

void cg__buf_reserve(cg__buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1) cg__oom();
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    b->s = b->big ? cg__big_realloc(b->s, b->cap, cap) : cg__xrealloc(b->s, cap);
    b->cap = cap;
}

void cg__buf_add(cg__buf *b, const void *p, size_t n)
{
    cg__buf_reserve(b, n);
    if (n) memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void cg__buf_adds(cg__buf *b, const char *s) { cg__buf_add(b, s, strlen(s)); }

void cg__buf_addc(cg__buf *b, char c) { cg__buf_add(b, &c, 1); }

void cg__buf_vprintf(cg__buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return;
    cg__buf_reserve(b, (size_t)n);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void cg__buf_printf(cg__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cg__buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *cg__buf_steal(cg__buf *b)
{
    int big = b->big;
    char *s = b->s && !big ? b->s : cg__xstrndup(b->s ? b->s : "", b->len);
    if (big) cg__buf_free(b);
    cg__buf_init(b);
    b->big = big;
    return s;
}

/* ---- sorting on two threads ---- */

typedef struct {
    char *base, *tmp;
    size_t n;
    void (*sort)(void *, void *, size_t);
} half_job;

static void *sort_half(void *p)
{
    half_job *j = p;
    j->sort(j->base, j->tmp, j->n);
    return NULL;
}

void cg__sort_halves(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *),
                     void (*sort)(void *base, void *tmp, size_t n), int two)
{
    if (n < 2) return;
    if (size && n > SIZE_MAX / size) cg__oom();
    char *b = base, *out = cg__big_realloc(NULL, 0, n * size);
    size_t h = n / 2;
    half_job right = {b + h * size, out + h * size, n - h, sort};
    pthread_t th;
    if (!two || pthread_create(&th, NULL, sort_half, &right) != 0) {
        sort(b, out, n);
        cg__big_free(out, n * size);
        return;
    }
    sort(b, out, h);
    pthread_join(th, NULL);
    size_t x = 0, y = h, k = 0;
    while (x < h && y < n) /* on a tie the left half first: a total order has none anyway */
        memcpy(out + size * k++, cmp(b + size * y, b + size * x) < 0 ? b + size * y++ : b + size * x++, size);
    memcpy(out + size * k, b + size * x, size * (h - x));
    k += h - x;
    memcpy(out + size * k, b + size * y, size * (n - y));
    memcpy(b, out, n * size);
    cg__big_free(out, n * size);
}

/* ---- CSV fields (the escaping module's rule for cg_esc_csv and cg_esc_csv_plain) ---- */

void cg__esc_csv_add(cg__buf *b, const char *s, int plain)
{
    size_t n = strlen(s);
    int formula = 0, quote;
    if (plain) {
        quote = strpbrk(s, ",;\"\r\n") != NULL ||
                (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'));
    } else {
        formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
        quote = formula || strpbrk(s, ",\"\r\n") != NULL || (n && (s[0] == ' ' || s[n - 1] == ' '));
    }
    if (!quote) { /* most cells: the text itself */
        cg__buf_add(b, s, n);
        return;
    }
    cg__buf_addc(b, '"');
    if (formula) cg__buf_addc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"') cg__buf_addc(b, '"');
        cg__buf_addc(b, *p);
    }
    cg__buf_addc(b, '"');
}

/* ---- arena ---- */

typedef struct cg_chunk {
    struct cg_chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} cg_chunk;

struct cg__arena {
    cg_chunk *head;
    size_t next_size; /* chunks grow geometrically up to ARENA_MAX_CHUNK */
};

#define ARENA_MIN_CHUNK ((size_t)1 << 16)
#define ARENA_MAX_CHUNK ((size_t)4 << 20)

/* A chunk of at least BIG_MIN is a whole number of huge pages, aligned and advised for them: one
 * page fault per 2 MiB instead of one per 4 KiB when it is first written. */
static cg_chunk *chunk_new(size_t size)
{
    size_t total = sizeof(cg_chunk) + size;
    void *p = NULL;
    if (total >= BIG_MIN) {
        total = (total + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        if (posix_memalign(&p, HUGE_PAGE, total) != 0) p = NULL;
        else madvise(p, total, MADV_HUGEPAGE);
    } else {
        p = malloc(total);
    }
    if (!p) cg__oom();
    cg_chunk *c = p;
    c->size = total - sizeof(cg_chunk);
    return c;
}

void cg__advise_huge(void *p, size_t n)
{
    uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (e > a) madvise((void *)a, e - a, MADV_HUGEPAGE);
}

void *cg__grow_huge(void *old, size_t used, size_t new_bytes)
{
    if (new_bytes < HUGE_PAGE) return cg__xrealloc(old, new_bytes ? new_bytes : 1);
    size_t whole = (new_bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    void *p = NULL;
    if (whole < new_bytes || posix_memalign(&p, HUGE_PAGE, whole) != 0) return NULL;
    madvise(p, whole, MADV_HUGEPAGE);
    if (used) memcpy(p, old, used);
    free(old);
    return p;
}

cg__arena *cg__arena_new(void) { return cg__xcalloc(1, sizeof(cg__arena)); }

void cg__arena_free(cg__arena *a)
{
    if (!a) return;
    cg_chunk *c = a->head;
    while (c) {
        cg_chunk *n = c->next;
        free(c);
        c = n;
    }
    free(a);
}

void *cg__arena_alloc(cg__arena *a, size_t n, size_t align)
{
    cg_chunk *c = a->head;
    if (c) {
        size_t off = (c->used + align - 1) & ~(align - 1);
        if (off <= c->size && n <= c->size - off) {
            c->used = off + n;
            return c->data + off;
        }
    }
    size_t size = a->next_size ? a->next_size : ARENA_MIN_CHUNK;
    int own = n > size / 4; /* big objects get their own chunk */
    if (own) size = n;
    else if (a->next_size < ARENA_MAX_CHUNK) a->next_size = size * 2;
    if (size > SIZE_MAX - sizeof(cg_chunk) - HUGE_PAGE) cg__oom();
    cg_chunk *nc = chunk_new(size);
    nc->used = n;
    if (c && own) { /* keep the current chunk at the head for small allocations */
        nc->next = c->next;
        c->next = nc;
    } else {
        nc->next = c;
        a->head = nc;
    }
    return nc->data;
}

char *cg__arena_strndup(cg__arena *a, const char *s, size_t n)
{
    char *d = cg__arena_alloc(a, n + 1, 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* ---- hashing ---- */

uint64_t cg__hash_bytes(const void *p, size_t n)
{
    /* FNV-1a 64 with a final avalanche (splitmix64 finaliser). */
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

/* ---- intern pool: open addressing over (hash, pointer, length) ---- */

typedef struct { const char *s; size_t len; uint64_t h; } cg_islot;

/* The strings found or added last, by hash (a direct-mapped cache in front of the table): the
 * strings that repeat most (a dataset's few hundred voices among tens of thousands of origins)
 * are found here, in memory the processor keeps close, not in a table of megabytes. */
#define INTERN_RECENT 1024

struct cg__intern {
    cg_islot *slots;
    size_t cap, n;
    cg__arena *arena;
    cg_islot recent[INTERN_RECENT];
};

cg__intern *cg__intern_new(void)
{
    cg__intern *p = cg__xcalloc(1, sizeof *p);
    p->cap = 1024;
    p->slots = cg__table_calloc(p->cap, sizeof *p->slots);
    p->arena = cg__arena_new();
    return p;
}

void cg__intern_free(cg__intern *p)
{
    if (!p) return;
    cg__table_free(p->slots, p->cap, sizeof *p->slots);
    cg__arena_free(p->arena);
    free(p);
}

static void intern_grow(cg__intern *p)
{
    size_t ncap = p->cap * 2;
    cg_islot *ns = cg__table_calloc(ncap, sizeof *ns);
    for (size_t i = 0; i < p->cap; i++) {
        if (!p->slots[i].s) continue;
        size_t j = p->slots[i].h & (ncap - 1);
        while (ns[j].s) j = (j + 1) & (ncap - 1);
        ns[j] = p->slots[i];
    }
    cg__table_free(p->slots, p->cap, sizeof *p->slots);
    p->slots = ns;
    p->cap = ncap;
}

/* A quick hash for hash tables that are only looked up, never walked (so nothing printed depends
 * on it): the intern pool and the id pools. 8 bytes at a time. */
uint64_t cg__quick_hash(const char *s, size_t n)
{
    const char *start = s;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0; /* the last n < 8 bytes, as memcpy(&w, s, n) reads them */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* without a copy of variable length (a call to memcpy): the word ending at the string's
     * end when the string is that long, else two overlapping pieces */
    if (n && s - start >= 8 - (ptrdiff_t)n) {
        memcpy(&w, s + n - 8, 8);
        w >>= 8 * (8 - n);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        w = a | (uint64_t)b << (8 * (n - 4));
    } else if (n) {
        const unsigned char *u = (const unsigned char *)s;
        w = u[0] | (uint64_t)u[n / 2] << (8 * (n / 2)) | (uint64_t)u[n - 1] << (8 * (n - 1));
    }
#else
    memcpy(&w, s, n);
#endif
    h = (h ^ w) * 0x94d049bb133111ebULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return h;
}

const char *cg__intern_n(cg__intern *p, const char *s, size_t n)
{
    uint64_t h = cg__quick_hash(s, n);
    cg_islot *r = &p->recent[(h >> 32) & (INTERN_RECENT - 1)];
    if (r->s && r->h == h && r->len == n && memcmp(r->s, s, n) == 0) return r->s;
    size_t j = h & (p->cap - 1);
    while (p->slots[j].s) {
        if (p->slots[j].h == h && p->slots[j].len == n && memcmp(p->slots[j].s, s, n) == 0) {
            *r = p->slots[j];
            return r->s;
        }
        j = (j + 1) & (p->cap - 1);
    }
    const char *d = cg__arena_strndup(p->arena, s, n);
    p->slots[j].s = d;
    p->slots[j].len = n;
    p->slots[j].h = h;
    *r = p->slots[j];
    if (++p->n * 2 > p->cap) intern_grow(p);
    return d;
}

const char *cg__intern_s(cg__intern *p, const char *s) { return cg__intern_n(p, s, strlen(s)); }

cg__arena *cg__intern_release(cg__intern *p)
{
    cg__arena *a = p->arena;
    cg__table_free(p->slots, p->cap, sizeof *p->slots);
    free(p);
    return a;
}

/* ---- string map ---- */

typedef struct { const char *k; uint64_t h; uint32_t v; } cg_mslot;

struct cg__strmap {
    cg_mslot *slots;
    size_t cap, n;
};

cg__strmap *cg__strmap_new(size_t expected)
{
    cg__strmap *m = cg__xcalloc(1, sizeof *m);
    m->cap = 16;
    while (m->cap < expected * 2 + 2) m->cap *= 2;
    m->slots = cg__table_calloc(m->cap, sizeof *m->slots);
    return m;
}

void cg__strmap_free(cg__strmap *m)
{
    if (!m) return;
    cg__table_free(m->slots, m->cap, sizeof *m->slots);
    free(m);
}

static void strmap_grow(cg__strmap *m)
{
    size_t ncap = m->cap * 2;
    cg_mslot *ns = cg__table_calloc(ncap, sizeof *ns);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].k) continue;
        size_t j = m->slots[i].h & (ncap - 1);
        while (ns[j].k) j = (j + 1) & (ncap - 1);
        ns[j] = m->slots[i];
    }
    cg__table_free(m->slots, m->cap, sizeof *m->slots);
    m->slots = ns;
    m->cap = ncap;
}

int cg__strmap_put(cg__strmap *m, const char *key, uint32_t val, uint32_t *old)
{
    uint64_t h = cg__quick_hash(key, strlen(key));
    size_t j = h & (m->cap - 1);
    while (m->slots[j].k) {
        if (m->slots[j].h == h && strcmp(m->slots[j].k, key) == 0) {
            if (old) *old = m->slots[j].v;
            return 0;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->slots[j].k = key;
    m->slots[j].h = h;
    m->slots[j].v = val;
    if (++m->n * 2 > m->cap) strmap_grow(m);
    return 1;
}

void cg__strmap_put_all(cg__strmap *m, const char *const *keys, size_t n)
{
    enum { AHEAD = 8 };
    uint64_t ring[AHEAD];
    while ((m->n + n) * 2 > m->cap) strmap_grow(m);
    for (size_t i = 0; i < n + AHEAD; i++) {
        if (i >= AHEAD) {
            size_t c = i - AHEAD;
            uint64_t h = ring[c % AHEAD];
            size_t j = h & (m->cap - 1);
            int found = 0;
            while (m->slots[j].k) {
                if (m->slots[j].h == h && strcmp(m->slots[j].k, keys[c]) == 0) {
                    found = 1;
                    break;
                }
                j = (j + 1) & (m->cap - 1);
            }
            if (!found) {
                m->slots[j] = (cg_mslot){keys[c], h, (uint32_t)c};
                m->n++;
            }
        }
        if (i < n) {
            uint64_t h = cg__quick_hash(keys[i], strlen(keys[i]));
            ring[i % AHEAD] = h;
            CG_PREFETCH(&m->slots[h & (m->cap - 1)]);
        }
    }
}

void cg__strmap_get_all(const cg__strmap *m, const char *const *keys, size_t n, uint32_t *vals, uint32_t missing)
{
    enum { AHEAD = 8 };
    uint64_t ring[AHEAD];
    for (size_t i = 0; i < n + AHEAD; i++) {
        if (i >= AHEAD) {
            size_t c = i - AHEAD;
            uint64_t h = ring[c % AHEAD];
            size_t j = h & (m->cap - 1);
            vals[c] = missing;
            while (m->slots[j].k) {
                if (m->slots[j].h == h && strcmp(m->slots[j].k, keys[c]) == 0) {
                    vals[c] = m->slots[j].v;
                    break;
                }
                j = (j + 1) & (m->cap - 1);
            }
        }
        if (i < n) {
            uint64_t h = cg__quick_hash(keys[i], strlen(keys[i]));
            ring[i % AHEAD] = h;
            CG_PREFETCH(&m->slots[h & (m->cap - 1)]);
        }
    }
}

int cg__strmap_get(const cg__strmap *m, const char *key, uint32_t *val)
{
    if (!m) return 0;
    uint64_t h = cg__quick_hash(key, strlen(key));
    size_t j = h & (m->cap - 1);
    while (m->slots[j].k) {
        if (m->slots[j].h == h && strcmp(m->slots[j].k, key) == 0) {
            if (val) *val = m->slots[j].v;
            return 1;
        }
        j = (j + 1) & (m->cap - 1);
    }
    return 0;
}

/* ---- UTF-8 ---- */

size_t cg__utf8_invalid_at(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t len;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
        else return i;
        if (n - i < len) return i;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return (size_t)-1;
}

size_t cg__utf8_count(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) k++;
    return k;
}

int cg__utf8_is_boundary(const unsigned char *s, size_t n, size_t off)
{
    if (off == 0 || off == n) return 1;
    if (off > n) return 0;
    return (s[off] & 0xC0) != 0x80;
}

/* ---- suggestions ---- */

size_t cg__edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 256 || lb > 256) return cap + 1;
    if ((la > lb ? la - lb : lb - la) > cap) return cap + 1;
    size_t prev[257], cur[257];
    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t rowmin = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            size_t m = sub < del ? sub : del;
            cur[j] = m < ins ? m : ins;
            if (cur[j] < rowmin) rowmin = cur[j];
        }
        if (rowmin > cap) return cap + 1;
        memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
    }
    return prev[lb] > cap ? cap + 1 : prev[lb];
}

const char *cg__did_you_mean(const char *s, const char *const *cands, size_t n)
{
    size_t len = strlen(s);
    size_t cap = len <= 3 ? 1 : len <= 8 ? 2 : 3;
    const char *best = NULL;
    size_t bestd = cap + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = cg__edit_distance(s, cands[i], cap);
        if (d < bestd || (d == bestd && best && strcmp(cands[i], best) < 0)) {
            bestd = d;
            best = cands[i];
        }
    }
    return bestd <= cap ? best : NULL;
}

int cg__cmp_str_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

double cg__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#if defined(__SIZEOF_INT128__)
__extension__ typedef unsigned __int128 u128;

/* snprintf(buf, size, "%.*f", d, x) for 0 <= d <= 22 and finite x whose digits fit: exactly the
 * bytes glibc prints (the correctly rounded value, ties to even), computed in integers: x is
 * m * 2^e exactly, so x * 10^d is m * 10^d * 2^e, below 2^127, and the bits shifted out decide
 * the rounding. Returns 0 (nothing written) when it does not apply. Tables of output numbers
 * print hundreds of thousands of values, and printf's general algorithm is most of their cost. */
static int format_fixed_fast(double x, int d, char *buf, size_t size)
{
    if (d < 0 || d > 22 || !isfinite(x)) return 0;
    int e;
    double f = frexp(fabs(x), &e); /* |x| = f * 2^e, f in [0.5, 1) or 0 */
    uint64_t m = (uint64_t)ldexp(f, 53);
    e -= 53; /* |x| = m * 2^e exactly */
    u128 p10 = 1;
    for (int i = 0; i < d; i++) p10 *= 10;
    u128 q = (u128)m * p10; /* < 2^53 * 10^22 < 2^127 */
    if (e >= 0) {
        if (e > 0 && (e >= 64 || (q >> (127 - e)) != 0)) return 0; /* too large: printf */
        q <<= e;
    } else {
        int k = -e;
        if (k >= 128) {
            q = 0; /* below 2^-75 * 10^-d...: rounds to zero (the product is under half a unit) */
        } else {
            u128 rem = q & (((u128)1 << k) - 1), half = (u128)1 << (k - 1);
            q >>= k;
            if (rem > half || (rem == half && (q & 1))) q++;
        }
    }
    /* the digits of q, at least d + 1 of them, with the point before the last d */
    char dig[48];
    int n = 0;
    const uint64_t e19 = 10000000000000000000ULL;
    uint64_t hi = (uint64_t)(q / e19), lo = (uint64_t)(q % e19);
    while (lo || hi || n <= d) {
        dig[n++] = (char)('0' + lo % 10);
        lo /= 10;
        if (n == 19 && hi) {
            lo = hi;
            hi = 0;
        }
    }
    char out[52], *o = out;
    if (signbit(x)) *o++ = '-';
    for (int i = n - 1; i >= 0; i--) {
        *o++ = dig[i];
        if (i == d && d > 0) *o++ = '.';
    }
    *o = '\0';
    if ((size_t)(o - out) >= size) return 0; /* let snprintf truncate as it does */
    memcpy(buf, out, (size_t)(o - out) + 1);
    return 1;
}
#else
static int format_fixed_fast(double x, int d, char *buf, size_t size)
{
    (void)x, (void)d, (void)buf, (void)size;
    return 0;
}
#endif

char *cg__format_decimal(double x, int decimals, char *buf, size_t size)
{
    if (x == 0) x = 0; /* no negative zero */
    if (!format_fixed_fast(x, decimals, buf, size)) snprintf(buf, size, "%.*f", decimals, x);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf) - 1;
        while (e > dot && *e == '0') *e-- = '\0';
        if (e == dot) *e = '\0';
    }
    if (strcmp(buf, "-0") == 0) strcpy(buf, "0"); /* a negative value rounded to zero */
    return buf;
}
