/* The JSON Lines loader. A regular file (or a buffer) is cut into blocks of whole lines that the
 * threads take in turn: each thread reads its block with pread into a buffer it reuses and parses
 * it (records_fast.c, records.c) into its own arena; a parsed block is appended to the dataset
 * (and its claims' ids to the claim index) once every earlier block has been, by whichever thread
 * is appending, while its parser goes on with the next block. So records, line numbers and
 * messages are in input order whatever the number of threads. Standard input is read block by
 * block and each block's lines are split among the threads. Then references between records are
 * resolved. Every problem is reported with file, line and column; nothing is returned unless the
 * whole input is valid. */
#define _GNU_SOURCE /* memrchr */
#include "jsonl.h"
#include "jsonpos.h"
#include "loader_impl.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK_BYTES ((size_t)32 << 20)     /* a stream's bytes read and parsed per round */
#define CHUNK_MIN ((size_t)256 << 10)      /* smallest piece of a stream's block worth a thread */
#define FILE_BLOCK_MAX ((uint64_t)8 << 20) /* a file's blocks: at most this, */
#define FILE_BLOCK_MIN ((uint64_t)16 << 10) /* at least this, else about 1/8 of the file per thread */
#define FILE_READ_MAX ((size_t)256 << 10) /* a block is read and parsed this much at a time: the text
                                              is still in the core's cache when it is parsed (CPU
                                              time at 10^6 claims: 1.60 s with whole 8 MiB blocks,
                                              1.38-1.44 s with 128-512 KiB) */
#define MAX_THREADS 64

/* Claims [first, next run's first) came from one chunk: their references are numbers in `pools`;
 * with eager columns, theirs start at cols_first in claim_cols (else SIZE_MAX). */
typedef struct {
    size_t first;
    cg_idpool **pools;
    size_t cols_first;
} claim_run;

typedef struct gctx {
    cg_dataset *ds;
    cg_diag *diag;       /* the loader's own messages (its verdict) */
    cg_diag *user_diag;  /* the caller's sink, or NULL */
    cg_load_options opt;
    unsigned threads;
    CG_VEC(cg_st_source) sources;
    CG_VEC(cg_st_entity) entities;
    CG_VEC(cg_st_relation) relations;
    CG_VEC(cg_claim) claims;
    CG_VEC(size_t) claim_dups;         /* claims whose id an earlier claim has, in input order */
    CG_VEC(uint32_t) claim_cols;
    CG_VEC(claim_run) runs;
    CG_VEC(cg_idpool **) pools;        /* every chunk's pools ([CG_NPOOL] each), owned */
    CG_VEC(unsigned char) rereadable; /* per file: its lines can be read again for columns */
    const char *buf;                   /* the input of cg_dataset_load_buffer() */
    size_t buflen;
    /* Where claims' lines are found again for the columns of their errors: claims are reported
     * in input order, so a cursor that reads forward (from the start of a file when it has to go
     * back) finds them without a table of every claim's offset. */
    struct {
        FILE *f;            /* the file read (NULL for a buffer) */
        uint32_t file;      /* its index, UINT32_MAX when none */
        unsigned long line; /* the line that begins at `off` */
        uint64_t off;
    } cur;
    /* What the k-th chunk of a round (a thread's) keeps from one file or block to the next: its
     * arena, string pool and id pools (given to the dataset at the end) and its parser. Shared
     * across inputs, so many small files cost their records, not a set of tables each. */
    struct {
        cg__arena *arena;
        cg__intern *strings;
        cg_idpool **pools;
        struct cg_jl *jl;
    } keep[MAX_THREADS];
} gctx;

static unsigned thread_count(const cg_load_options *o)
{
    long n = o->threads ? (long)o->threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if (n > MAX_THREADS) n = MAX_THREADS;
    return (unsigned)n;
}

/* ---- running tasks on threads ---- */

typedef void (*task_fn)(void *arg);
typedef struct { task_fn fn; void *arg; } task;

static void *task_main(void *p)
{
    task *t = p;
    t->fn(t->arg);
    return NULL;
}

/* Runs fn(args[i]) for i < n (n <= MAX_THREADS), on up to n threads; the caller's thread runs the
 * first. If a thread cannot be created its task runs on the caller's thread: the results are the
 * same. */
static void run_parallel(task_fn fn, void **args, size_t n)
{
    pthread_t th[MAX_THREADS];
    task tasks[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    for (size_t i = 1; i < n && i < MAX_THREADS; i++) {
        tasks[i] = (task){fn, args[i]};
        started[i] = pthread_create(&th[i], NULL, task_main, &tasks[i]) == 0;
    }
    if (n) fn(args[0]);
    for (size_t i = 1; i < n && i < MAX_THREADS; i++) {
        if (started[i]) pthread_join(th[i], NULL);
        else fn(args[i]);
    }
}

/* ---- chunks: what a thread parsed, appended to the dataset in input order ---- */

static cg_idpool **pools_new(gctx *g)
{
    cg_idpool **p = cg__xcalloc(CG_NPOOL, sizeof *p);
    for (int i = 0; i < CG_NPOOL; i++) p[i] = cg__idpool_new();
    CG_VEC_PUSH(g->pools, p);
    return p;
}

/* Chunk `k` of a round (k < MAX_THREADS): the memory it writes into is the k-th kept set. */
static void chunk_init(gctx *g, cg_chunk *c, size_t k, uint32_t file_idx, int eager)
{
    memset(c, 0, sizeof *c);
    c->eager_cols = eager;
    c->file = g->ds->files[file_idx];
    c->file_idx = file_idx;
    c->opt = g->opt;
    if (!g->keep[k].arena) {
        g->keep[k].arena = cg__arena_new();
        g->keep[k].strings = cg__intern_new();
        g->keep[k].pools = pools_new(g);
    }
    c->arena = g->keep[k].arena;
    c->strings = g->keep[k].strings;
    c->pools = g->keep[k].pools;
    c->jl = g->keep[k].jl;
    c->diag = cg_diag_new(100);
}

/* Ends chunk k's round: what it keeps goes back to the k-th set, the rest is freed. */
static void chunk_release(gctx *g, cg_chunk *ch, size_t k)
{
    g->keep[k].jl = ch->jl;
    ch->jl = NULL;
    ch->arena = NULL;
    ch->strings = NULL;
    CG_VEC_FREE_BIG(ch->sources);
    CG_VEC_FREE_BIG(ch->entities);
    CG_VEC_FREE_BIG(ch->relations);
    CG_VEC_FREE_BIG(ch->claims);
    CG_VEC_FREE(ch->claim_hash);
    CG_VEC_FREE(ch->claim_cols);
    cg_diag_free(ch->diag);
    ch->diag = NULL;
}

/* Gives the kept strings to the dataset (whatever the outcome: it frees them) and frees the
 * parsers. */
static void keep_release(gctx *g)
{
    cg_dataset *ds = g->ds;
    for (size_t k = 0; k < MAX_THREADS; k++) {
        if (g->keep[k].arena) {
            ds->arenas = cg__xreallocarray(ds->arenas, ds->n_arenas + 2, sizeof *ds->arenas);
            ds->arenas[ds->n_arenas++] = g->keep[k].arena;
            ds->arenas[ds->n_arenas++] = cg__intern_release(g->keep[k].strings);
        }
        if (g->keep[k].jl) cg__jl_free(g->keep[k].jl);
        g->keep[k].arena = NULL;
        g->keep[k].strings = NULL;
        g->keep[k].jl = NULL;
    }
}

static uint32_t add_line(uint32_t line, unsigned long base)
{
    unsigned long l = line + base;
    return l > UINT32_MAX ? UINT32_MAX : (uint32_t)l;
}

/* ---- the index of claim ids (ds->claim_slots, as cg_dataset_find_claim() reads it) ---- */

/* Puts claim c (hash h) in a table with room for it; 1 if an earlier claim has its id. */
static int index_put(const cg_claim *claims, uint64_t *tab, size_t mask, size_t c, uint64_t h)
{
    uint64_t tag = h >> 32 << 32;
    size_t k = h & mask;
    while (tab[k]) {
        uint64_t x = tab[k];
        if ((x & ~(uint64_t)UINT32_MAX) == tag && strcmp(claims[(uint32_t)x - 1].id, claims[c].id) == 0) return 1;
        k = (k + 1) & mask;
    }
    tab[k] = tag | (uint64_t)(c + 1);
    return 0;
}

/* Adds claims [from, from + m) of g->claims (hash[i] = cg__quick_hash of claim from + i's id) to
 * the index, one table at most two thirds full. Claims come in input order, so the first of several
 * claims with one id is the one indexed and the others are duplicates, whatever the number of
 * threads. The table is sized for `expect` claims when it is made, and doubled (its ids hashed
 * again) if more come. Unlike the claim array, whose unused end costs address space only, the
 * table is written all over, so an overestimate costs memory: `expect` follows the claim density
 * of the blocks appended so far, and a file whose first 8 MiB are all claims and whose rest has
 * none (a layout the tool's own writers do not produce) gets a table of 12-24 bytes per
 * claim-sized line of the rest (8-byte slots, at most two thirds full, a power of two: up to a
 * quarter of the file's size for 100-byte lines). */
static void claim_index_add(gctx *g, size_t from, size_t m, const uint64_t *hash, size_t expect)
{
    cg_dataset *ds = g->ds;
    const cg_claim *claims = g->claims.v;
    size_t need = from + m;
    if (need + need / 2 + 2 > ds->claim_cap) {
        size_t want = need > expect ? need : expect, cap = 1024;
        while (cap < want + want / 2 + 2) cap *= 2;
        if (cap < ds->claim_cap * 2) cap = ds->claim_cap * 2;
        uint64_t *tab = cg__xcalloc(cap, sizeof *tab);
        for (size_t i = 0; i < ds->claim_cap; i++) {
            uint64_t x = ds->claim_slots[i];
            if (!x) continue;
            const char *id = claims[(uint32_t)x - 1].id;
            uint64_t h = cg__quick_hash(id, strlen(id));
            size_t k = h & (cap - 1);
            while (tab[k]) k = (k + 1) & (cap - 1);
            tab[k] = x;
        }
        free(ds->claim_slots);
        ds->claim_slots = tab;
        ds->claim_cap = cap;
    }
    uint64_t *tab = ds->claim_slots;
    size_t mask = ds->claim_cap - 1;
    enum { AHEAD = 8 };
    for (size_t i = 0; i < m + AHEAD; i++) {
        if (i >= AHEAD && index_put(claims, tab, mask, from + i - AHEAD, hash[i - AHEAD]))
            CG_VEC_PUSH(g->claim_dups, from + i - AHEAD); /* its slot was fetched AHEAD steps ago */
        if (i < m) CG_PREFETCH(&tab[hash[i] & mask]);
    }
}

/* Appends the records the chunk parsed since the last append (their lines follow line `base`)
 * and empties it for more lines, keeping its memory. */
static void append_chunk(gctx *g, cg_chunk *ch, unsigned long base, size_t expect)
{
    for (size_t i = 0; i < ch->sources.n; i++) {
        ch->sources.v[i].r.line = add_line(ch->sources.v[i].r.line, base);
        CG_VEC_PUSH_BIG(g->sources, ch->sources.v[i]);
    }
    for (size_t i = 0; i < ch->entities.n; i++) {
        ch->entities.v[i].r.line = add_line(ch->entities.v[i].r.line, base);
        CG_VEC_PUSH_BIG(g->entities, ch->entities.v[i]);
    }
    for (size_t i = 0; i < ch->relations.n; i++) {
        ch->relations.v[i].r.line = add_line(ch->relations.v[i].r.line, base);
        CG_VEC_PUSH_BIG(g->relations, ch->relations.v[i]);
    }
    if (ch->claims.n) {
        size_t need = g->claims.n + ch->claims.n;
        if (need > g->claims.cap) {
            /* straight to what the input suggests, so that the claims are copied once or twice,
             * not at every growth (pages never written cost no memory); if that much address
             * space is refused, only what is needed now */
            size_t cap = g->claims.cap ? g->claims.cap : 1024;
            while (cap < need) cap += cap / 2;
            if (expect > cap && expect < SIZE_MAX / 2 / sizeof *g->claims.v) cap = expect;
            if (cap > SIZE_MAX / sizeof *g->claims.v) cg__oom();
            size_t used = g->claims.n * sizeof *g->claims.v;
            cg_claim *nc = cg__grow_huge(g->claims.v, used, cap * sizeof *g->claims.v);
            if (!nc) {
                cap = need + need / 2;
                nc = cg__grow_huge(g->claims.v, used, cap * sizeof *g->claims.v);
                if (!nc) cg__oom();
            }
            g->claims.v = nc;
            g->claims.cap = cap;
        }
        claim_run run = {g->claims.n, ch->pools, SIZE_MAX};
        if (!g->runs.n || g->runs.v[g->runs.n - 1].pools != ch->pools || ch->eager_cols) CG_VEC_PUSH(g->runs, run);
        cg_claim *dst = g->claims.v + g->claims.n;
        for (size_t i = 0; i < ch->claims.n; i++) {
            dst[i] = ch->claims.v[i];
            dst[i].line = add_line(dst[i].line, base);
        }
        claim_index_add(g, g->claims.n, ch->claims.n, ch->claim_hash.v, expect);
        g->claims.n += ch->claims.n;
        if (ch->eager_cols) {
            g->runs.v[g->runs.n - 1].cols_first = g->claim_cols.n;
            for (size_t i = 0; i < ch->claim_cols.n; i++) CG_VEC_PUSH(g->claim_cols, ch->claim_cols.v[i]);
        }
    }
    cg__diag_merge(g->diag, ch->diag, base);
    cg_diag_free(ch->diag);
    ch->diag = cg_diag_new(100);
    ch->sources.n = ch->entities.n = ch->relations.n = 0;
    ch->claims.n = ch->claim_hash.n = ch->claim_cols.n = 0;
    ch->claim_bytes = 0;
    ch->lines = 0;
}

static void parse_task(void *p) { cg__parse_chunk(p); }

/* Parses text[0..len) (whole lines, followed by the parser's padding) on the threads; returns the
 * number of lines. */
static unsigned long process_region(gctx *g, const char *text, size_t len, uint64_t offset, int file_start,
                                    uint32_t file_idx, int eager, unsigned long line_base)
{
    cg_chunk chunks[MAX_THREADS];
    void *args[MAX_THREADS];
    size_t n = 0, start = 0;
    size_t per = len / g->threads + 1;
    if (per < CHUNK_MIN) per = CHUNK_MIN;
    while (start < len && n < g->threads) {
        size_t end = n + 1 == g->threads ? len : start + per;
        if (end >= len) end = len;
        else {
            const char *nl = memchr(text + end, '\n', len - end);
            end = nl ? (size_t)(nl - text) + 1 : len;
        }
        cg_chunk *c = &chunks[n];
        chunk_init(g, c, n, file_idx, eager);
        c->text = text + start;
        c->len = end - start;
        c->offset = offset + start;
        c->file_start = file_start && start == 0;
        args[n] = c;
        n++;
        start = end;
    }
    run_parallel(parse_task, args, n);
    unsigned long lines = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned long l = chunks[i].lines;
        append_chunk(g, &chunks[i], line_base + lines, 0);
        chunk_release(g, &chunks[i], i);
        lines += l;
    }
    return lines;
}

/* ---- reading ---- */

/* Where bytes come from: a stream, or the range [pos, end) of a descriptor or of memory. */
typedef struct rsrc {
    FILE *f;
    int fd;
    const char *mem;
    uint64_t pos, end;
} rsrc;

/* Reads up to n bytes; 0 at the end; (size_t)-1 on a read error. */
static size_t rsrc_read(rsrc *s, char *dst, size_t n)
{
    if (s->f) {
        size_t got = fread(dst, 1, n, s->f);
        return got == 0 && ferror(s->f) ? (size_t)-1 : got;
    }
    if (s->end - s->pos < n) n = (size_t)(s->end - s->pos);
    if (n == 0) return 0;
    if (s->mem) {
        memcpy(dst, s->mem + s->pos, n);
        s->pos += n;
        return n;
    }
    ssize_t got;
    do got = pread(s->fd, dst, n, (off_t)s->pos);
    while (got < 0 && errno == EINTR);
    if (got < 0) return (size_t)-1;
    if (got == 0) return (size_t)-1; /* the file shrank while it was read */
    s->pos += (uint64_t)got;
    return (size_t)got;
}

/* A read buffer with the parser's padding after its capacity, reused from block to block. */
typedef struct rbuf {
    char *p;
    size_t cap;
} rbuf;

static void rbuf_reserve(rbuf *b, size_t cap)
{
    if (b->p && b->cap >= cap) return;
    size_t pad = cg__jl_padding();
    b->p = cg__big_realloc(b->p, b->p ? b->cap + pad : 0, cap + pad);
    memset(b->p + cap, ' ', pad);
    b->cap = cap;
}

/* Where the lines go: split among the threads (a stream's block), or into one chunk (a block of
 * a file, read by the thread that parses it). */
typedef struct sink {
    gctx *g;
    uint32_t file_idx;
    int eager;
    cg_chunk *ch;        /* the chunk, or NULL for a stream */
    unsigned long lines; /* a stream's lines so far */
} sink;

static void sink_lines(sink *k, const char *text, size_t len, uint64_t offset, int file_start)
{
    if (k->ch) {
        k->ch->text = text;
        k->ch->len = len;
        k->ch->offset = offset;
        k->ch->file_start = file_start;
        cg__parse_chunk(k->ch);
    } else {
        k->lines += process_region(k->g, text, len, offset, file_start, k->file_idx, k->eager, k->lines);
    }
}

static void sink_long_line(sink *k)
{
    char msg[128];
    snprintf(msg, sizeof msg, "line longer than %zu bytes (raise the limit with --max-line-bytes)",
             k->g->opt.max_line_bytes);
    if (k->ch) cg__chunk_error(k->ch, ++k->ch->lines, msg);
    else cg_diag_add(k->g->diag, CG_SEV_ERROR, k->g->ds->files[k->file_idx], ++k->lines, 1, "%s", msg);
}

/* Reads a source in runs of whole lines (the first starts the file when `first`); a line longer
 * than the limit is reported and skipped without being held in memory. Each run's text is parsed,
 * then overwritten by the next: what stays is only what the records keep. */
static cg_status read_lines(sink *k, rsrc *src, rbuf *b, size_t block_max, int first)
{
    size_t maxline = k->g->opt.max_line_bytes;
    /* the buffer starts small, grows to block_max for big inputs, and to the line limit (not
     * beyond) while looking for the end of one long line */
    size_t cap = b->cap ? b->cap : (size_t)1 << 16;
    rbuf_reserve(b, cap);
    size_t have = 0;
    uint64_t offset = src->f ? 0 : src->pos;
    int eof = 0, discarding = 0;
    uint64_t total = 0; /* bytes read from a stream, which has no size to bound it */
    for (;;) {
        if (!eof && have < cap) {
            size_t got = rsrc_read(src, b->p + have, cap - have);
            if (got == (size_t)-1) return CG_EIO;
            if (got == 0) eof = 1;
            have += got;
            total += got;
            if (src->f && total > k->g->opt.max_input_bytes) {
                cg_diag_add(k->g->diag, CG_SEV_ERROR, k->g->ds->files[k->file_idx], 0, 0,
                            "not a regular file, and longer than %llu bytes: reading stopped (raise the limit "
                            "with --max-input-bytes)",
                            (unsigned long long)k->g->opt.max_input_bytes);
                return CG_EDATA;
            }
        }
        char *buf = b->p;
        if (discarding) {
            char *nl = memchr(buf, '\n', have);
            size_t drop = nl ? (size_t)(nl - buf) + 1 : have;
            memmove(buf, buf + drop, have - drop);
            have -= drop;
            offset += drop;
            if (nl) discarding = 0;
            if (eof && have == 0) break;
            continue;
        }
        char *last = have ? memrchr(buf, '\n', have) : NULL;
        size_t region;
        if (last) region = (size_t)(last - buf) + 1;
        else if (eof) region = have;
        else if (have < cap) continue;
        else if (cap < maxline + 2) { /* room for one line of up to the limit, no more */
            cap = cap * 2 < maxline + 2 ? cap * 2 : maxline + 2;
            rbuf_reserve(b, cap);
            continue;
        } else {
            /* no line end within the limit: report this line and skip the rest of it */
            sink_long_line(k);
            offset += have;
            have = 0;
            first = 0;
            discarding = 1;
            continue;
        }
        if (region == 0) break;
        int was_full = have == cap;
        sink_lines(k, buf, region, offset, first);
        first = 0;
        memmove(buf, buf + region, have - region);
        have -= region;
        offset += region;
        if (eof && have == 0) break;
        if (was_full && cap < block_max) { /* a big input: read larger blocks */
            cap = cap * 2 < block_max ? cap * 2 : block_max;
            rbuf_reserve(b, cap);
        }
    }
    return CG_OK;
}

static cg_status read_stream(gctx *g, FILE *f, uint32_t file_idx, int eager)
{
    sink k = {g, file_idx, eager, NULL, 0};
    rsrc src = {f, -1, NULL, 0, 0};
    rbuf b = {NULL, 0};
    cg_status st = read_lines(&k, &src, &b, BLOCK_BYTES, 1);
    cg__big_free(b.p, b.cap + cg__jl_padding());
    return st;
}

/* The offset just after the first line end at or after `at` (size if none). */
static uint64_t line_start_after(int fd, const char *mem, uint64_t at, uint64_t size)
{
    if (at >= size) return size;
    if (mem) {
        const char *nl = memchr(mem + at, '\n', (size_t)(size - at));
        return nl ? (uint64_t)(nl - mem) + 1 : size;
    }
    char tmp[4096];
    while (at < size) {
        size_t want = size - at < sizeof tmp ? (size_t)(size - at) : sizeof tmp;
        ssize_t got = pread(fd, tmp, want, (off_t)at);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return size; /* the block's own read reports the error */
        const char *nl = memchr(tmp, '\n', (size_t)got);
        if (nl) return at + (uint64_t)(nl - tmp) + 1;
        at += (uint64_t)got;
    }
    return size;
}

/* A file (or buffer) read by the threads in blocks: block k holds the lines that start in its
 * byte range (bsize bytes, a quarter of that for the last ones). Blocks are taken in order and
 * appended in order: a thread that has parsed a block whose turn has not come leaves it parsed
 * and goes on with the next one (it has WORKER_CHUNKS chunks for that), and whoever parses the
 * block whose turn it is appends it and every parsed block after it. So a slow block holds
 * nobody up unless a thread runs WORKER_CHUNKS blocks ahead. */
#define WORKER_CHUNKS 3

typedef struct worker worker;

typedef struct parsed {
    worker *w;             /* NULL until the block is parsed */
    int slot;              /* its chunk, w->ch[slot] */
    uint64_t end;          /* where its lines end */
    cg_status st;
    int err;
} parsed;

typedef struct blocks {
    gctx *g;
    int fd;
    const char *mem;
    uint64_t size, bsize, nblocks;
    uint64_t nbig;          /* blocks 0..nbig-1 are bsize bytes, the rest (the input's end) small */
    uint64_t small;
    uint32_t file_idx;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t next;          /* the next block to take */
    uint64_t turn;          /* the next block to append */
    int appending;          /* a thread is appending blocks */
    parsed *done;           /* [nblocks] */
    /* written by the appending thread only */
    unsigned long lines;    /* lines appended so far */
    cg_status st;
    int err;                /* errno of the first read error */
} blocks;

struct worker {
    blocks *b;
    cg_chunk ch[WORKER_CHUNKS];
    int busy[WORKER_CHUNKS];  /* parsed, not yet appended (under b->mu) */
    struct cg_jl *jl;         /* the parser, lent to the chunk being parsed */
    rbuf buf;
};

/* Appends the parsed blocks whose turn has come, unless another thread is doing so (then it
 * appends this one too). Called with b->mu held; appending happens without it, so that the other
 * threads can leave their blocks and take new ones meanwhile. */
static void append_ready(blocks *b)
{
    if (b->appending) return;
    b->appending = 1;
    while (b->turn < b->nblocks && b->done[b->turn].w) {
        parsed d = b->done[b->turn];
        pthread_mutex_unlock(&b->mu);
        cg_chunk *ch = &d.w->ch[d.slot];
        unsigned long l = ch->lines;
        /* claims to expect in the whole input if the rest is claims like this block's (sizes
         * the claim array: an overestimate costs address space, not memory) */
        double dens = ch->claim_bytes ? (double)ch->claims.n / (double)ch->claim_bytes : 0;
        size_t expect = b->g->claims.n + ch->claims.n + (size_t)(dens * (double)(b->size - d.end));
        append_chunk(b->g, ch, b->lines, expect);
        b->lines += l;
        if (d.st != CG_OK && b->st == CG_OK) {
            b->st = d.st;
            b->err = d.err;
        }
        pthread_mutex_lock(&b->mu);
        d.w->busy[d.slot] = 0;
        b->turn++;
        pthread_cond_broadcast(&b->cv); /* a chunk is free */
    }
    b->appending = 0;
}

static void worker_task(void *p)
{
    worker *w = p;
    blocks *b = w->b;
    for (;;) {
        pthread_mutex_lock(&b->mu);
        int slot = -1;
        for (;;) {
            for (int i = 0; i < WORKER_CHUNKS && slot < 0; i++)
                if (!w->busy[i]) slot = i;
            if (slot >= 0 || b->next >= b->nblocks) break;
            pthread_cond_wait(&b->cv, &b->mu); /* every chunk waits for its turn */
        }
        uint64_t k = b->next;
        if (k < b->nblocks) b->next++;
        pthread_mutex_unlock(&b->mu);
        if (k >= b->nblocks) break;
        uint64_t lo = k < b->nbig ? k * b->bsize : b->nbig * b->bsize + (k - b->nbig) * b->small;
        uint64_t hi = lo + (k < b->nbig ? b->bsize : b->small);
        uint64_t start = k == 0 ? 0 : line_start_after(b->fd, b->mem, lo - 1, b->size);
        uint64_t end = hi >= b->size ? b->size : line_start_after(b->fd, b->mem, hi - 1, b->size);
        cg_status st = CG_OK;
        int err = 0;
        cg_chunk *ch = &w->ch[slot];
        if (start < end) {
            ch->jl = w->jl;
            sink sk = {b->g, b->file_idx, 0, ch, 0};
            rsrc src = {NULL, b->fd, b->mem, start, end};
            st = read_lines(&sk, &src, &w->buf, FILE_READ_MAX, start == 0);
            err = errno;
            w->jl = ch->jl;
            ch->jl = NULL;
        }
        pthread_mutex_lock(&b->mu);
        w->busy[slot] = 1;
        b->done[k] = (parsed){w, slot, end, st, err};
        append_ready(b);
        pthread_cond_broadcast(&b->cv);
        pthread_mutex_unlock(&b->mu);
    }
    cg__big_free(w->buf.p, w->buf.cap + cg__jl_padding());
    w->buf.p = NULL;
}

/* Reads a regular file (fd) or a buffer (mem) of `size` bytes on the threads. */
static cg_status read_blocks(gctx *g, int fd, const char *mem, uint64_t size, uint32_t file_idx)
{
    blocks b;
    memset(&b, 0, sizeof b);
    b.g = g;
    b.fd = fd;
    b.mem = mem;
    b.size = size;
    b.file_idx = file_idx;
    /* the block size changes nothing in the result; small inputs get small blocks so that their
     * lines too are spread over the threads */
    b.bsize = size / (8 * (uint64_t)g->threads) + 1;
    if (b.bsize < FILE_BLOCK_MIN) b.bsize = FILE_BLOCK_MIN;
    if (b.bsize > FILE_BLOCK_MAX) b.bsize = FILE_BLOCK_MAX;
    /* the last blocks are smaller, so that the threads end together (a thread left alone with a
     * whole block at the end costs up to a block's parse) */
    uint64_t tail = 2 * (uint64_t)g->threads * b.bsize;
    b.nbig = size > tail ? (size - tail) / b.bsize : 0;
    b.small = b.bsize / 4 < FILE_BLOCK_MIN ? FILE_BLOCK_MIN : b.bsize / 4;
    uint64_t rest = size - b.nbig * b.bsize;
    b.nblocks = b.nbig + (rest ? (rest - 1) / b.small + 1 : 0);
    b.done = cg__xcalloc(b.nblocks ? b.nblocks : 1, sizeof *b.done);
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.cv, NULL);
    size_t n = g->threads;
    if (n > b.nblocks) n = b.nblocks ? (size_t)b.nblocks : 1;
    worker *ws = cg__xcalloc(n, sizeof *ws);
    void *args[MAX_THREADS];
    for (size_t i = 0; i < n; i++) {
        ws[i].b = &b;
        for (int s = 0; s < WORKER_CHUNKS; s++) chunk_init(g, &ws[i].ch[s], i, file_idx, 0);
        ws[i].jl = ws[i].ch[0].jl; /* the kept parser, if any */
        for (int s = 0; s < WORKER_CHUNKS; s++) ws[i].ch[s].jl = NULL;
        args[i] = &ws[i];
    }
    run_parallel(worker_task, args, n);
    for (size_t i = 0; i < n; i++) {
        ws[i].ch[0].jl = ws[i].jl; /* kept for the next input */
        for (int s = WORKER_CHUNKS - 1; s >= 0; s--) chunk_release(g, &ws[i].ch[s], i); /* slot 0 last */
    }
    free(ws);
    free(b.done);
    pthread_mutex_destroy(&b.mu);
    pthread_cond_destroy(&b.cv);
    if (b.st != CG_OK) errno = b.err;
    return b.st;
}

/* ---- inputs: files, directories, stdin ---- */

typedef CG_VEC(char *) pathvec;

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* A walk of DATA folders. Each folder and each file is read once, by device and inode: a link
 * (or a second path) to a folder or file already seen is skipped, so links to a parent folder,
 * loops of links and links to a sibling folder add nothing. */
typedef struct dirwalk {
    pathvec *out;
    cg_diag *diag;
    cg__arena *keys; /* "dev:ino" strings of what was seen */
    cg__strmap *seen;
    size_t found; /* *.jsonl files met, read or not */
} dirwalk;

enum { DIR_DEPTH_MAX = 32 };

/* 1 the first time (dev, ino) is seen, 0 after. */
static int first_visit(dirwalk *w, const struct stat *sb)
{
    char key[64];
    int n = snprintf(key, sizeof key, "%llx:%llx", (unsigned long long)sb->st_dev, (unsigned long long)sb->st_ino);
    if (cg__strmap_get(w->seen, key, NULL)) return 0;
    cg__strmap_put(w->seen, cg__arena_strndup(w->keys, key, (size_t)n), 0, NULL);
    return 1;
}

/* Collects the *.jsonl files under `dir` (already marked seen) in name order; stops at the first
 * error (a folder that cannot be read, or nested too deeply), reported once. */
static cg_status collect_dir(dirwalk *w, const char *dir, int depth)
{
    if (depth > DIR_DEPTH_MAX) {
        cg_diag_add(w->diag, CG_SEV_ERROR, dir, 0, 0, "folders nested more than %d levels deep", DIR_DEPTH_MAX);
        return CG_EIO;
    }
    DIR *d = opendir(dir);
    if (!d) {
        cg_diag_add(w->diag, CG_SEV_ERROR, dir, 0, 0, "cannot open directory: %s", strerror(errno));
        return CG_EIO;
    }
    pathvec names = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue; /* skip hidden files, "." and ".." */
        CG_VEC_PUSH(names, cg__xstrdup(e->d_name));
    }
    closedir(d);
    qsort(names.v, names.n, sizeof *names.v, cg__cmp_str_ptr);
    cg_status st = CG_OK;
    for (size_t i = 0; i < names.n && st == CG_OK; i++) {
        cg__buf p;
        cg__buf_init(&p);
        cg__buf_printf(&p, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", names.v[i]);
        struct stat sb;
        if (stat(p.s, &sb) != 0) { /* a dangling link, or gone */
            cg__buf_free(&p);
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            if (first_visit(w, &sb)) st = collect_dir(w, p.s, depth + 1);
            cg__buf_free(&p);
        } else if (S_ISREG(sb.st_mode) && ends_with(names.v[i], ".jsonl")) {
            w->found++;
            if (first_visit(w, &sb)) CG_VEC_PUSH(*w->out, cg__buf_steal(&p));
            else cg__buf_free(&p);
        } else {
            cg__buf_free(&p);
        }
    }
    for (size_t i = 0; i < names.n; i++) free(names.v[i]);
    CG_VEC_FREE(names);
    return st;
}

/* ---- resolution ---- */

/* An id to sort, with its first 16 bytes as two big-endian numbers (zero-padded), so that most
 * comparisons read no string (ids often share their first 8 bytes: "p_013697..."): prefixes
 * compare as strcmp() compares those bytes. */
typedef struct {
    uint64_t pre, pre2;
    const char *id;
    uint32_t i;
} idsort;

static idsort idsort_of(const char *id, uint32_t i)
{
    uint64_t p = 0, q = 0;
    int k = 0;
    for (; k < 8 && id[k]; k++) p |= (uint64_t)(unsigned char)id[k] << (56 - 8 * k);
    if (k == 8)
        for (; k < 16 && id[k]; k++) q |= (uint64_t)(unsigned char)id[k] << (56 - 8 * (k - 8));
    return (idsort){p, q, id, i};
}

/* By id, then by position: a total order, so the result is the one a stable sort gives. */
static int cmp_idsort(const void *a, const void *b)
{
    const idsort *x = a, *y = b;
    if (x->pre != y->pre) return x->pre < y->pre ? -1 : 1;
    if (x->pre2 != y->pre2) return x->pre2 < y->pre2 ? -1 : 1;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

static inline int idsort_before(const idsort *x, const idsort *y)
{
    if (x->pre != y->pre) return x->pre < y->pre;
    if (x->pre2 != y->pre2) return x->pre2 < y->pre2;
    return cmp_idsort(x, y) < 0;
}

CG_MERGE_SORT(merge_idsort, idsort, idsort_before)

/* Entities [from, to) of the staged ones: their sort keys (ord[i] for staged entity i), then,
 * once ord is sorted, the first of each id copied into the dataset's array from place `out`. */
typedef struct {
    gctx *g;
    idsort *ord;
    size_t from, to, out;
} ent_job;

static void ent_keys_task(void *p)
{
    ent_job *j = p;
    for (size_t i = j->from; i < j->to; i++) j->ord[i] = idsort_of(j->g->entities.v[i].r.id, (uint32_t)i);
}

/* 1 when ord[i] has the id of ord[i - 1] (a later definition: ord is sorted by id, then by place) */
static int same_id_as_previous(const idsort *ord, size_t i)
{
    return i > 0 && ord[i].pre == ord[i - 1].pre && ord[i].pre2 == ord[i - 1].pre2 && strcmp(ord[i].id, ord[i - 1].id) == 0;
}

static void ent_copy_task(void *p)
{
    ent_job *j = p;
    cg_entity *dst = j->g->ds->entities + j->out;
    for (size_t i = j->from; i < j->to; i++)
        if (!same_id_as_previous(j->ord, i)) *dst++ = j->g->entities.v[j->ord[i].i].r;
}

/* Sorts ord[0..n): halves on two threads, then merged, when it is worth it. */
static void sort_ids(idsort *ord, size_t n, unsigned threads)
{
    cg__sort_halves(ord, n, sizeof *ord, cmp_idsort, merge_idsort, threads >= 2 && n >= 20000);
}

#if defined(__GNUC__)
#define PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PRINTF(a, b)
#endif

/* Error about a staged record, after parsing. */
static void PRINTF(7, 8) rerr(gctx *g, uint32_t file, uint32_t line, uint32_t col, const char *rtype,
                              const char *rid, const char *fmt, ...)
{
    if (cg__diag_full(g->diag)) {
        cg_diag_add(g->diag, CG_SEV_ERROR, NULL, 0, 0, "(not shown)");
        return;
    }
    cg__buf b;
    cg__buf_init(&b);
    if (rtype && rid) cg__buf_printf(&b, "%s '%s': ", rtype, rid);
    else if (rtype) cg__buf_printf(&b, "%s: ", rtype);
    va_list ap;
    va_start(ap, fmt);
    cg__buf_vprintf(&b, fmt, ap);
    va_end(ap);
    cg_diag_add(g->diag, CG_SEV_ERROR, g->ds->files[file], line, col, "%s", b.s);
    cg__buf_free(&b);
}

/* The column of member `key` in the line at file offset `off`, found by reading the line again
 * (regular files and buffers); `known` if it was kept from parsing; 0 when neither is possible. */
static uint32_t line_col(gctx *g, uint32_t file, uint64_t off, const char *key, uint32_t known)
{
    if (known) return known;
    if (file >= g->rereadable.n || !g->rereadable.v[file]) return 0;
    size_t max = g->opt.max_line_bytes;
    char *line = NULL;
    size_t n = 0;
    if (g->buf) {
        if (off >= g->buflen) return 0;
        const char *p = g->buf + off;
        const char *nl = memchr(p, '\n', g->buflen - off);
        n = nl ? (size_t)(nl - p) : g->buflen - off;
        line = cg__xstrndup(p, n);
    } else {
        FILE *f = fopen(g->ds->files[file], "rb");
        if (!f) return 0;
        if (fseeko(f, (off_t)off, SEEK_SET) == 0) {
            cg__buf b;
            cg__buf_init(&b);
            int ch;
            while (b.len <= max && (ch = getc(f)) != EOF && ch != '\n') cg__buf_addc(&b, (char)ch);
            n = b.len;
            line = cg__buf_steal(&b);
        }
        fclose(f);
    }
    if (!line) return 0;
    if (n && line[n - 1] == '\r') n--;
    size_t at = cg__jsonpos(line, n, key, -1, NULL);
    uint32_t col = (uint32_t)(cg__utf8_count(line, at) + 1);
    free(line);
    return col;
}

/* The run of claim i. */
static size_t run_of(const gctx *g, size_t i)
{
    size_t lo = 0, hi = g->runs.n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->runs.v[mid].first <= i) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* The file offset of line `line` of file `file` (as the parser gave it: after a byte order mark on
 * the first line), read forward with g->cur; 0 when it cannot be found again. */
static int line_offset(gctx *g, uint32_t file, unsigned long line, uint64_t *out)
{
    if (file >= g->rereadable.n || !g->rereadable.v[file] || line == 0 || line >= UINT32_MAX) return 0;
    if (g->cur.file != file || line < g->cur.line) { /* from the start of the file */
        if (g->cur.f) fclose(g->cur.f);
        g->cur.f = NULL;
        g->cur.file = UINT32_MAX;
        if (!g->buf && !(g->cur.f = fopen(g->ds->files[file], "rb"))) return 0;
        g->cur.file = file;
        g->cur.line = 1;
        g->cur.off = 0;
    }
    if (g->buf) {
        while (g->cur.line < line) {
            const char *nl = g->cur.off < g->buflen ? memchr(g->buf + g->cur.off, '\n', g->buflen - g->cur.off) : NULL;
            if (!nl) return 0;
            g->cur.off = (uint64_t)(nl - g->buf) + 1;
            g->cur.line++;
        }
    } else if (g->cur.line < line) {
        char tmp[1 << 16];
        if (fseeko(g->cur.f, (off_t)g->cur.off, SEEK_SET) != 0) return 0;
        while (g->cur.line < line) {
            size_t got = fread(tmp, 1, sizeof tmp, g->cur.f), i = 0;
            if (got == 0) return 0;
            while (g->cur.line < line) {
                const char *nl = memchr(tmp + i, '\n', got - i);
                size_t step = nl ? (size_t)(nl - tmp) + 1 - i : got - i;
                g->cur.off += step;
                i += step;
                if (!nl) break;
                g->cur.line++;
            }
        }
    }
    *out = g->cur.off;
    if (line == 1) { /* the parser's first line begins after a byte order mark */
        unsigned char bom[3] = {0, 0, 0};
        if (g->buf) {
            if (g->buflen >= 3) memcpy(bom, g->buf, 3);
        } else if (fseeko(g->cur.f, 0, SEEK_SET) != 0 || fread(bom, 1, 3, g->cur.f) != 3) {
            memset(bom, 0, sizeof bom);
        }
        if (memcmp(bom, "\xEF\xBB\xBF", 3) == 0) *out = 3;
    }
    return 1;
}

static uint32_t claim_col(gctx *g, size_t i, int k)
{
    static const char *const keys[CG_NREF] = {"subject", "relation", "object", "source", "id"};
    if (cg__diag_full(g->diag)) return 0; /* the message is not shown */
    const claim_run *r = &g->runs.v[run_of(g, i)];
    uint32_t known = r->cols_first == SIZE_MAX ? 0 : g->claim_cols.v[r->cols_first + (i - r->first) * CG_NREF + (size_t)k];
    if (known) return known;
    uint64_t off;
    if (!line_offset(g, g->claims.v[i].file, g->claims.v[i].line, &off)) return 0;
    return line_col(g, g->claims.v[i].file, off, keys[k], 0);
}

/* Claims whose references do not resolve: found in parallel, reported in claim order. */
typedef struct { size_t claim; int ref; const char *id; } bad_ref;
typedef struct {
    gctx *g;
    size_t from, to;
    CG_VEC(bad_ref) bad;
} resolve_job;

static void resolve_task(void *p)
{
    resolve_job *j = p;
    const gctx *g = j->g;
    static const int pool_of[4] = {CG_POOL_ENTITY, CG_POOL_RELATION, CG_POOL_ENTITY, CG_POOL_SOURCE};
    size_t r = j->from < j->to ? run_of(g, j->from) : 0;
    for (size_t i = j->from; i < j->to; i++) {
        while (r + 1 < g->runs.n && g->runs.v[r + 1].first <= i) r++;
        cg_idpool *const *pools = g->runs.v[r].pools;
        cg_claim *c = &g->claims.v[i];
        cg_idx *dst[4] = {&c->subject, &c->relation, &c->object, &c->source};
        for (int k = 0; k < 4; k++) {
            uint32_t slot = *dst[k];
            if (slot == CG_NONE) continue; /* an invalid id, already reported */
            cg_idx x = cg__idpool_index(pools[pool_of[k]], slot);
            *dst[k] = x;
            if (x == CG_NONE) {
                bad_ref b = {i, k, cg__idpool_id(pools[pool_of[k]], slot)};
                CG_VEC_PUSH(j->bad, b);
            }
        }
    }
}

/* Looks up the ids of every pool (pools t, t + T, ...). */
typedef struct { gctx *g; size_t t, nt; } pool_job;

static void pool_task(void *p)
{
    pool_job *j = p;
    const cg_dataset *ds = j->g->ds;
    for (size_t i = j->t; i < j->g->pools.n; i += j->nt) {
        cg__idpool_resolve_list(j->g->pools.v[i][CG_POOL_ENTITY], ds->entities, ds->n_entities);
        cg__idpool_resolve(j->g->pools.v[i][CG_POOL_RELATION], ds->relation_ids);
        cg__idpool_resolve(j->g->pools.v[i][CG_POOL_SOURCE], ds->source_ids);
    }
}

/* Sources, entities and relations of the dataset, and their id maps; 0 when an id is defined twice. */
static int finish_records(gctx *g)
{
    cg_dataset *ds = g->ds;
    int ok = 1;

    /* Sources, entities, relations: sorted by id, duplicates reported at the later definition. */
    {
        size_t n = g->sources.n;
        idsort *ord = cg__xcalloc(n ? n : 1, sizeof *ord);
        for (size_t i = 0; i < n; i++) ord[i] = idsort_of(g->sources.v[i].r.id, (uint32_t)i);
        qsort(ord, n, sizeof *ord, cmp_idsort);
        ds->sources = cg__xcalloc(n ? n : 1, sizeof *ds->sources);
        ds->source_ids = cg__strmap_new(n);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            cg_st_source *s = &g->sources.v[ord[i].i];
            if (i > 0 && strcmp(ord[i].id, ord[i - 1].id) == 0) {
                cg_st_source *first = &g->sources.v[ord[i - 1].i];
                cg_st_source *later = s->r.file > first->r.file || (s->r.file == first->r.file && s->r.line > first->r.line) ? s : first;
                cg_st_source *earlier = later == s ? first : s;
                rerr(g, later->r.file, later->r.line, line_col(g, later->r.file, later->off, "id", later->col_id), "source", later->r.id,
                     "duplicate source id (first defined at %s:%u)", ds->files[earlier->r.file], earlier->r.line);
                ok = 0;
                continue;
            }
            ds->sources[k] = s->r;
            cg__strmap_put(ds->source_ids, s->r.id, (uint32_t)k, NULL);
            k++;
        }
        ds->n_sources = k;
        free(ord);
    }
    {
        /* two jobs when there is enough work: each makes the sort keys of half the entities, then
         * copies half of them, in id order, into the dataset's array (first written there) */
        size_t n = g->entities.n, nj = g->threads >= 2 && n >= 20000 ? 2 : 1;
        idsort *ord = cg__big_realloc(NULL, 0, (n ? n : 1) * sizeof *ord);
        ent_job jobs[2];
        void *args[2];
        for (size_t t = 0; t < nj; t++) {
            jobs[t] = (ent_job){g, ord, n * t / nj, n * (t + 1) / nj, 0};
            args[t] = &jobs[t];
        }
        run_parallel(ent_keys_task, args, nj);
        sort_ids(ord, n, g->threads);
        ds->entities = cg__grow_huge(NULL, 0, (n ? n : 1) * sizeof *ds->entities); /* all written below */
        if (!ds->entities) ds->entities = cg__xcalloc(n ? n : 1, sizeof *ds->entities);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) { /* duplicates, reported in id order; where each job writes */
            if (nj == 2 && i == jobs[1].from) jobs[1].out = k;
            if (!same_id_as_previous(ord, i)) {
                k++;
                continue;
            }
            cg_st_entity *s = &g->entities.v[ord[i].i], *p = &g->entities.v[ord[i - 1].i];
            cg_st_entity *later = s->r.file > p->r.file || (s->r.file == p->r.file && s->r.line > p->r.line) ? s : p;
            cg_st_entity *earlier = later == s ? p : s;
            rerr(g, later->r.file, later->r.line, line_col(g, later->r.file, later->off, "id", later->col_id), "entity", later->r.id,
                 "duplicate entity id (first defined at %s:%u)", ds->files[earlier->r.file], earlier->r.line);
            ok = 0;
        }
        run_parallel(ent_copy_task, args, nj);
        ds->n_entities = k;
        cg__big_free(ord, (n ? n : 1) * sizeof *ord);
        CG_VEC_FREE_BIG(g->entities); /* staged entities: not needed any more (lowers the peak) */
    }
    /* relations: built-ins, replaced by declarations with the same id */
    {
        const cg_relation *bi;
        size_t nb = cg_builtin_relations(&bi);
        size_t n = g->relations.n;
        idsort *ord = cg__xcalloc(n + nb, sizeof *ord);
        cg_relation *all = cg__xcalloc(n + nb, sizeof *all);
        uint32_t *cols = cg__xcalloc(n + nb, sizeof *cols);
        uint64_t *offs = cg__xcalloc(n + nb, sizeof *offs);
        for (size_t i = 0; i < nb; i++) {
            all[i] = bi[i];
            all[i].id = cg__intern_s(ds->strings, bi[i].id);
            all[i].label = cg__intern_s(ds->strings, bi[i].label);
            all[i].category = cg__intern_s(ds->strings, bi[i].category);
        }
        for (size_t i = 0; i < n; i++) {
            all[nb + i] = g->relations.v[i].r;
            cols[nb + i] = g->relations.v[i].col_id;
            offs[nb + i] = g->relations.v[i].off;
        }
        for (size_t i = 0; i < n + nb; i++) ord[i] = idsort_of(all[i].id, (uint32_t)i);
        qsort(ord, n + nb, sizeof *ord, cmp_idsort);
        ds->relations = cg__xcalloc(n + nb, sizeof *ds->relations);
        ds->relation_ids = cg__strmap_new(n + nb);
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
                size_t li = later == r ? ord[i].i : nb; /* the earlier one may be any: find its staging index */
                for (size_t q = 0; later != r && q < n; q++)
                    if (g->relations.v[q].r.file == later->file && g->relations.v[q].r.line == later->line) li = nb + q;
                rerr(g, later->file, later->line, line_col(g, later->file, offs[li], "id", cols[li]), "relation", later->id,
                     "duplicate relation id (first defined at %s:%u)", ds->files[earlier->file], earlier->line);
                ok = 0;
                continue;
            }
            ds->relations[k++] = *r;
        }
        for (size_t i = 0; i < k; i++) cg__strmap_put(ds->relation_ids, ds->relations[i].id, (uint32_t)i, NULL);
        ds->n_relations = k;
        free(ord);
        free(all);
        free(cols);
        free(offs);
    }
    return ok;
}

static cg_status finish(gctx *g)
{
    cg_dataset *ds = g->ds;
    int ok = cg_diag_count(g->diag, CG_SEV_ERROR) == 0;

    ok &= finish_records(g);
    size_t n = g->claims.n;
    ds->claims = g->claims.v;
    ds->n_claims = n;
    size_t cap = g->claims.cap;
    g->claims.v = NULL;
    g->claims.n = g->claims.cap = 0;
    if (n < cap) ds->claims = cg__xreallocarray(ds->claims, n ? n : 1, sizeof *ds->claims);
    g->claims.v = ds->claims; /* borrowed for claim_col() */
    g->claims.n = n;
    if (!ds->claim_cap) claim_index_add(g, 0, 0, NULL, 0); /* no claims: an empty index */

    /* id lists for suggestions */
    const char **sids = cg__xcalloc(ds->n_sources + 1, sizeof *sids);
    const char **eids = NULL; /* (made when an unknown entity is named: 8 bytes per entity) */
    const char **rids = cg__xcalloc(ds->n_relations + 1, sizeof *rids);
    for (size_t i = 0; i < ds->n_sources; i++) sids[i] = ds->sources[i].id;
    for (size_t i = 0; i < ds->n_relations; i++) rids[i] = ds->relations[i].id;

    /* cites */
    for (size_t i = 0; i < g->sources.n; i++) {
        cg_st_source *s = &g->sources.v[i];
        uint32_t k;
        if (!cg__strmap_get(ds->source_ids, s->r.id, &k)) continue;
        if (ds->sources[k].file != s->r.file || ds->sources[k].line != s->r.line) continue; /* a duplicate */
        cg_idx *cites = cg__arena_alloc(ds->arena, (s->r.n_cites ? s->r.n_cites : 1) * sizeof *cites, 4);
        for (size_t j = 0; j < s->r.n_cites; j++) {
            uint32_t t;
            if (!s->cites[j].id) {
                cites[j] = CG_NONE;
                continue;
            }
            if (!cg__strmap_get(ds->source_ids, s->cites[j].id, &t)) {
                const char *dym = cg__diag_full(g->diag) ? NULL : cg__did_you_mean(s->cites[j].id, sids, ds->n_sources);
                rerr(g, s->r.file, s->r.line, s->cites[j].col, "source", s->r.id,
                     "cites '%s', which is not a known source%s%s%s", s->cites[j].id, dym ? " (did you mean '" : "",
                     dym ? dym : "", dym ? "'?)" : "");
                ok = 0;
                t = CG_NONE;
            } else if (t == k) {
                rerr(g, s->r.file, s->r.line, s->cites[j].col, "source", s->r.id, "a source cannot cite itself");
                ok = 0;
            }
            cites[j] = t;
        }
        ds->sources[k].cites = cites;
    }

    /* claims: duplicate ids (found in input order as the claims were appended, so "first defined"
     * is right), then references, resolved in parallel and reported in claim order */
    for (size_t d = 0; d < g->claim_dups.n; d++) {
        size_t i = g->claim_dups.v[d];
        const char *id = ds->claims[i].id;
        const cg_claim *p = &ds->claims[cg_dataset_find_claim(ds, id)];
        rerr(g, ds->claims[i].file, ds->claims[i].line, claim_col(g, i, CG_REF_ID), "claim", id,
             "duplicate claim id (first defined at %s:%u)", ds->files[p->file], p->line);
        ok = 0;
    }
    {
        pool_job pj[MAX_THREADS];
        void *pargs[MAX_THREADS];
        size_t np = g->threads < g->pools.n ? g->threads : g->pools.n;
        for (size_t t = 0; t < np; t++) {
            pj[t] = (pool_job){g, t, np};
            pargs[t] = &pj[t];
        }
        run_parallel(pool_task, pargs, np);
        resolve_job jobs[MAX_THREADS];
        void *args[MAX_THREADS];
        size_t nt = g->threads;
        if (n < 10000) nt = 1;
        for (size_t t = 0; t < nt; t++) {
            memset(&jobs[t], 0, sizeof jobs[t]);
            jobs[t].g = g;
            jobs[t].from = n * t / nt;
            jobs[t].to = n * (t + 1) / nt;
            args[t] = &jobs[t];
        }
        run_parallel(resolve_task, args, nt);
        static const char *const field[4] = {"subject", "relation", "object", "source"};
        static const char *const what[4] = {"entity", "relation", "entity", "source"};
        const char *const *lists[4] = {eids, rids, eids, sids};
        _Static_assert(CG_REF_SUBJECT == 0 && CG_REF_RELATION == 1 && CG_REF_OBJECT == 2 && CG_REF_SOURCE == 3, "ref order");
        size_t counts[4] = {ds->n_entities, ds->n_relations, ds->n_entities, ds->n_sources};
        for (size_t t = 0; t < nt; t++) {
            for (size_t b = 0; b < jobs[t].bad.n; b++) {
                size_t i = jobs[t].bad.v[b].claim;
                int k = jobs[t].bad.v[b].ref;
                const char *id = jobs[t].bad.v[b].id;
                ok = 0;
                if (cg__diag_full(g->diag)) {
                    cg_diag_add(g->diag, CG_SEV_ERROR, NULL, 0, 0, "(not shown)");
                    continue;
                }
                if (what[k][0] == 'e' && !eids) {
                    eids = cg__xcalloc(ds->n_entities + 1, sizeof *eids);
                    for (size_t e = 0; e < ds->n_entities; e++) eids[e] = ds->entities[e].id;
                    lists[CG_REF_SUBJECT] = lists[CG_REF_OBJECT] = eids;
                }
                const char *dym = cg__did_you_mean(id, lists[k], counts[k]);
                rerr(g, ds->claims[i].file, ds->claims[i].line, claim_col(g, i, k), "claim", ds->claims[i].id,
                     "%s '%s' is not a known %s%s%s%s", field[k], id, what[k], dym ? " (did you mean '" : "",
                     dym ? dym : "", dym ? "'?)" : "");
            }
            CG_VEC_FREE(jobs[t].bad);
        }
    }
    g->claims.v = NULL;
    g->claims.n = 0;
    free(sids);
    free(eids);
    free(rids);
    return ok ? CG_OK : CG_EDATA;
}

static void gctx_free(gctx *g)
{
    for (size_t i = 0; i < g->sources.n; i++) free(g->sources.v[i].cites);
    CG_VEC_FREE_BIG(g->sources);
    CG_VEC_FREE_BIG(g->entities);
    CG_VEC_FREE_BIG(g->relations);
    CG_VEC_FREE(g->claims);
    if (g->cur.f) fclose(g->cur.f);
    CG_VEC_FREE(g->claim_dups);
    CG_VEC_FREE(g->claim_cols);
    CG_VEC_FREE(g->runs);
    for (size_t i = 0; i < g->pools.n; i++) {
        for (int k = 0; k < CG_NPOOL; k++) cg__idpool_free(g->pools.v[i][k]);
        free(g->pools.v[i]);
    }
    CG_VEC_FREE(g->pools);
    CG_VEC_FREE(g->rereadable);
}

static cg_dataset *dataset_new(void)
{
    cg_dataset *ds = cg__xcalloc(1, sizeof *ds);
    ds->strings = cg__intern_new();
    ds->arena = cg__arena_new();
    return ds;
}

static void add_file(gctx *g, const char *name, int rereadable)
{
    cg_dataset *ds = g->ds;
    ds->files = cg__xreallocarray(ds->files, ds->n_files + 1, sizeof *ds->files);
    ds->files[ds->n_files++] = cg__xstrdup(name);
    unsigned char r = (unsigned char)rereadable;
    CG_VEC_PUSH(g->rereadable, r);
}

void cg_load_options_init(cg_load_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = CG_LOAD_OPTIONS_VERSION;
    o->max_line_bytes = (size_t)64 << 20;
    o->max_depth = 32;
    o->max_input_bytes = (uint64_t)16 << 30;
}

/* The loader always collects its messages in a diag of its own (so its verdict never depends on
 * the caller's optional sink), copied into the caller's at the end. */
static void init_ctx(gctx *g, cg_dataset *ds, const cg_load_options *opts, cg_diag *diag)
{
    memset(g, 0, sizeof *g);
    g->cur.file = UINT32_MAX;
    g->ds = ds;
    g->user_diag = diag;
    g->diag = cg_diag_new(diag ? cg__diag_max_kept(diag) : 100);
    cg_load_options def;
    cg_load_options_init(&def);
    g->opt = def;
    if (opts && opts->version >= 2) g->opt = *opts;
    else if (opts) { /* a caller built against version 1: the fields it has */
        g->opt.max_line_bytes = opts->max_line_bytes;
        g->opt.max_depth = opts->max_depth;
        g->opt.threads = opts->threads;
        g->opt.reference_parser = opts->reference_parser;
        g->opt.skip_claim_text = opts->skip_claim_text;
    }
    g->opt.version = CG_LOAD_OPTIONS_VERSION;
    if (!g->opt.max_input_bytes) g->opt.max_input_bytes = def.max_input_bytes;
    if (!g->opt.max_line_bytes) g->opt.max_line_bytes = def.max_line_bytes;
    if (!g->opt.max_depth) g->opt.max_depth = def.max_depth;
    g->threads = thread_count(&g->opt);
    cg__json_alloc_enter();
}

static cg_status done(gctx *g, cg_status st, cg_dataset **out)
{
    keep_release(g);
    if (st == CG_OK) st = finish(g);
    if (st == CG_OK && cg_diag_count(g->diag, CG_SEV_ERROR) > 0) st = CG_EDATA;
    if (g->ds->claims == g->claims.v) g->ds->claims = NULL; /* finish() did not take them */
    cg__json_alloc_leave();
    if (g->user_diag) cg__diag_merge(g->user_diag, g->diag, 0);
    cg_diag_free(g->diag);
    gctx_free(g);
    if (st != CG_OK) {
        cg_dataset_free(g->ds);
        return st;
    }
    *out = g->ds;
    return CG_OK;
}

cg_status cg_dataset_load(cg_dataset **out, const char *const *paths, size_t n_paths,
                          const cg_load_options *opts, cg_diag *diag)
{
    *out = NULL;
    gctx g;
    init_ctx(&g, dataset_new(), opts, diag);
    cg_status st = CG_OK;
    pathvec files = {0};
    dirwalk walk = {&files, g.diag, cg__arena_new(), cg__strmap_new(64), 0};
    for (size_t i = 0; i < n_paths; i++) {
        struct stat sb;
        if (strcmp(paths[i], "-") == 0) {
            CG_VEC_PUSH(files, cg__xstrdup("-"));
        } else if (stat(paths[i], &sb) != 0) {
            cg_diag_add(g.diag, CG_SEV_ERROR, paths[i], 0, 0, "cannot read: %s", strerror(errno));
            st = CG_EIO;
        } else if (S_ISDIR(sb.st_mode)) {
            if (!first_visit(&walk, &sb)) continue; /* the same folder again: read once */
            size_t before = walk.found;
            cg_status s2 = collect_dir(&walk, paths[i], 0);
            if (s2 != CG_OK) st = s2;
            else if (walk.found == before)
                cg_diag_add(g.diag, CG_SEV_WARNING, paths[i], 0, 0, "directory contains no *.jsonl files");
        } else {
            CG_VEC_PUSH(files, cg__xstrdup(paths[i]));
        }
    }
    for (size_t i = 0; i < files.n && st == CG_OK; i++) {
        int is_stdin = strcmp(files.v[i], "-") == 0;
        FILE *f = is_stdin ? stdin : fopen(files.v[i], "rb");
        if (!f) {
            cg_diag_add(g.diag, CG_SEV_ERROR, files.v[i], 0, 0, "cannot open: %s", strerror(errno));
            st = CG_EIO;
            break;
        }
        struct stat sb;
        int regular = !is_stdin && fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode);
        add_file(&g, is_stdin ? "<stdin>" : files.v[i], regular);
        uint32_t fi = (uint32_t)(g.ds->n_files - 1);
        cg_status s2 = regular ? read_blocks(&g, fileno(f), NULL, (uint64_t)sb.st_size, fi) : read_stream(&g, f, fi, 1);
        if (s2 == CG_EIO)
            cg_diag_add(g.diag, CG_SEV_ERROR, g.ds->files[g.ds->n_files - 1], 0, 0, "read error: %s", strerror(errno));
        if (s2 != CG_OK) st = s2;
        if (!is_stdin) fclose(f);
    }
    for (size_t i = 0; i < files.n; i++) free(files.v[i]);
    CG_VEC_FREE(files);
    cg__strmap_free(walk.seen);
    cg__arena_free(walk.keys);
    return done(&g, st, out);
}

cg_status cg_dataset_load_buffer(cg_dataset **out, const char *name, const char *buf, size_t len,
                                 const cg_load_options *opts, cg_diag *diag)
{
    *out = NULL;
    gctx g;
    init_ctx(&g, dataset_new(), opts, diag);
    add_file(&g, name ? name : "<buffer>", 1);
    g.buf = buf;
    g.buflen = len;
    cg_status st = read_blocks(&g, -1, buf ? buf : "", len, 0);
    return done(&g, st, out);
}
