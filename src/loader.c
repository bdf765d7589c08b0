/* The JSON Lines loader: reads inputs in large blocks, parses the lines of each block on all
 * cores (records.c), merges the chunks in input order (so the result never depends on the number
 * of threads), then resolves references between records. Every problem is reported with file,
 * line and column; nothing is returned unless the whole input is valid. */
#define _GNU_SOURCE /* memrchr */
#include "jsonpos.h"
#include "loader_impl.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK_BYTES ((size_t)32 << 20) /* bytes read and parsed per round */
#define CHUNK_MIN ((size_t)256 << 10)  /* smallest piece worth a thread */
#define MAX_THREADS 64

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
    CG_VEC(cg_claim_refs) refs;
    CG_VEC(unsigned char) rereadable; /* per file: its lines can be read again for columns */
    const char *buf;                   /* the input of cg_dataset_load_buffer() */
    size_t buflen;
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

/* Runs fn(args[i]) for i < n, on up to n threads; the caller's thread runs the first. If a thread
 * cannot be created its task runs on the caller's thread: the results are the same. */
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

/* ---- merging chunks ---- */

static uint32_t add_line(uint32_t line, unsigned long base)
{
    unsigned long l = line + base;
    return l > UINT32_MAX ? UINT32_MAX : (uint32_t)l;
}

static void merge_chunk(gctx *g, cg_chunk *ch, unsigned long base)
{
    for (size_t i = 0; i < ch->sources.n; i++) {
        ch->sources.v[i].r.line = add_line(ch->sources.v[i].r.line, base);
        CG_VEC_PUSH(g->sources, ch->sources.v[i]);
    }
    for (size_t i = 0; i < ch->entities.n; i++) {
        ch->entities.v[i].r.line = add_line(ch->entities.v[i].r.line, base);
        CG_VEC_PUSH(g->entities, ch->entities.v[i]);
    }
    for (size_t i = 0; i < ch->relations.n; i++) {
        ch->relations.v[i].r.line = add_line(ch->relations.v[i].r.line, base);
        CG_VEC_PUSH(g->relations, ch->relations.v[i]);
    }
    if (ch->claims.n) {
        size_t need = g->claims.n + ch->claims.n;
        if (need > g->claims.cap) {
            size_t cap = g->claims.cap ? g->claims.cap : 1024;
            while (cap < need) cap += cap / 2;
            g->claims.v = cg_xreallocarray(g->claims.v, cap, sizeof *g->claims.v);
            g->refs.v = cg_xreallocarray(g->refs.v, cap, sizeof *g->refs.v);
            g->claims.cap = g->refs.cap = cap;
        }
        for (size_t i = 0; i < ch->claims.n; i++) ch->claims.v[i].line = add_line(ch->claims.v[i].line, base);
        memcpy(g->claims.v + g->claims.n, ch->claims.v, ch->claims.n * sizeof *ch->claims.v);
        memcpy(g->refs.v + g->refs.n, ch->refs.v, ch->refs.n * sizeof *ch->refs.v);
        g->claims.n += ch->claims.n;
        g->refs.n += ch->refs.n;
    }
    cg__diag_merge(g->diag, ch->diag, base);
    cg_dataset *ds = g->ds;
    ds->arenas = cg_xreallocarray(ds->arenas, ds->n_arenas + 2, sizeof *ds->arenas);
    ds->arenas[ds->n_arenas++] = ch->arena;
    ds->arenas[ds->n_arenas++] = cg_intern_release(ch->strings);
    ch->arena = NULL;
    ch->strings = NULL;
    CG_VEC_FREE(ch->sources);
    CG_VEC_FREE(ch->entities);
    CG_VEC_FREE(ch->relations);
    CG_VEC_FREE(ch->claims);
    CG_VEC_FREE(ch->refs);
    cg_diag_free(ch->diag);
    ch->diag = NULL;
}

static void parse_task(void *p) { cg__parse_chunk(p); }

/* Parses text[0..len) (whole lines) on the threads; returns the number of lines. */
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
        memset(c, 0, sizeof *c);
        c->text = text + start;
        c->len = end - start;
        c->offset = offset + start;
        c->file_start = file_start && start == 0;
        c->eager_cols = eager;
        c->file = g->ds->files[file_idx];
        c->file_idx = file_idx;
        c->opt = g->opt;
        c->arena = cg_arena_new();
        c->strings = cg_intern_new();
        c->diag = cg_diag_new(100);
        args[n] = c;
        n++;
        start = end;
    }
    run_parallel(parse_task, args, n);
    unsigned long lines = 0;
    for (size_t i = 0; i < n; i++) {
        merge_chunk(g, &chunks[i], line_base + lines);
        lines += chunks[i].lines;
    }
    return lines;
}

/* Reads a stream in blocks of whole lines; a line longer than the limit is reported and skipped
 * without being held in memory. */
static cg_status read_stream(gctx *g, FILE *f, uint32_t file_idx, int eager)
{
    size_t maxline = g->opt.max_line_bytes;
    /* the buffer starts small, grows to BLOCK_BYTES for big inputs, and to the line limit (not
     * beyond) while looking for the end of one long line */
    size_t cap = (size_t)1 << 20;
    char *buf = cg_xmalloc(cap);
    size_t have = 0;
    uint64_t offset = 0;
    unsigned long lines = 0;
    int eof = 0, first = 1, discarding = 0;
    for (;;) {
        if (!eof && have < cap) {
            size_t got = fread(buf + have, 1, cap - have, f);
            if (got == 0) {
                if (ferror(f)) {
                    free(buf);
                    return CG_EIO;
                }
                eof = 1;
            }
            have += got;
        }
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
            buf = cg_xrealloc(buf, cap);
            continue;
        } else {
            /* no line end within the limit: report this line and skip the rest of it */
            lines++;
            char msg[128];
            snprintf(msg, sizeof msg, "line longer than %zu bytes (raise the limit with --max-line-bytes)", maxline);
            cg_diag_add(g->diag, CG_SEV_ERROR, g->ds->files[file_idx], lines, 1, "%s", msg);
            offset += have;
            have = 0;
            first = 0;
            discarding = 1;
            continue;
        }
        if (region == 0) break;
        int was_full = have == cap;
        lines += process_region(g, buf, region, offset, first, file_idx, eager, lines);
        first = 0;
        memmove(buf, buf + region, have - region);
        have -= region;
        offset += region;
        if (eof && have == 0) break;
        if (was_full && cap < BLOCK_BYTES) { /* a big input: read larger blocks */
            cap = cap * 2 < BLOCK_BYTES ? cap * 2 : BLOCK_BYTES;
            buf = cg_xrealloc(buf, cap);
        }
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
    cg_buf b;
    cg_buf_init(&b);
    if (rtype && rid) cg_buf_printf(&b, "%s '%s': ", rtype, rid);
    else if (rtype) cg_buf_printf(&b, "%s: ", rtype);
    va_list ap;
    va_start(ap, fmt);
    cg_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    cg_diag_add(g->diag, CG_SEV_ERROR, g->ds->files[file], line, col, "%s", b.s);
    cg_buf_free(&b);
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
        line = cg_xstrndup(p, n);
    } else {
        FILE *f = fopen(g->ds->files[file], "rb");
        if (!f) return 0;
        if (fseeko(f, (off_t)off, SEEK_SET) == 0) {
            cg_buf b;
            cg_buf_init(&b);
            int ch;
            while (b.len <= max && (ch = getc(f)) != EOF && ch != '\n') cg_buf_addc(&b, (char)ch);
            n = b.len;
            line = cg_buf_steal(&b);
        }
        fclose(f);
    }
    if (!line) return 0;
    if (n && line[n - 1] == '\r') n--;
    size_t at = cg_jsonpos(line, n, key, -1, NULL);
    uint32_t col = (uint32_t)(cg_utf8_count(line, at) + 1);
    free(line);
    return col;
}

static uint32_t claim_col(gctx *g, size_t i, int k)
{
    static const char *const keys[CG_NREF] = {"subject", "relation", "object", "source", "id"};
    return line_col(g, g->claims.v[i].file, g->refs.v[i].off, keys[k], g->refs.v[i].col[k]);
}

/* Claims whose references do not resolve: found in parallel, reported in claim order. */
typedef struct { size_t claim; int ref; } bad_ref;
typedef struct {
    gctx *g;
    size_t from, to;
    CG_VEC(bad_ref) bad;
} resolve_job;

static void resolve_task(void *p)
{
    resolve_job *j = p;
    const cg_dataset *ds = j->g->ds;
    const cg_strmap *maps[4] = {ds->entity_ids, ds->relation_ids, ds->entity_ids, ds->source_ids};
    for (size_t i = j->from; i < j->to; i++) {
        cg_claim *c = &j->g->claims.v[i];
        const cg_claim_refs *r = &j->g->refs.v[i];
        cg_idx *dst[4] = {&c->subject, &c->relation, &c->object, &c->source};
        for (int k = 0; k < 4; k++) {
            uint32_t x;
            if (!r->id[k]) continue; /* already reported */
            if (cg_strmap_get(maps[k], r->id[k], &x)) *dst[k] = x;
            else {
                bad_ref b = {i, k};
                CG_VEC_PUSH(j->bad, b);
            }
        }
    }
}

static cg_status finish(gctx *g)
{
    cg_dataset *ds = g->ds;
    int ok = cg_diag_count(g->diag, CG_SEV_ERROR) == 0;

    /* Sources, entities, relations: sorted by id, duplicates reported at the later definition. */
    {
        size_t n = g->sources.n;
        idsort *ord = cg_xcalloc(n ? n : 1, sizeof *ord);
        for (size_t i = 0; i < n; i++) ord[i] = (idsort){g->sources.v[i].r.id, (uint32_t)i};
        qsort(ord, n, sizeof *ord, cmp_idsort);
        ds->sources = cg_xcalloc(n ? n : 1, sizeof *ds->sources);
        ds->source_ids = cg_strmap_new(n);
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
            cg_strmap_put(ds->source_ids, s->r.id, (uint32_t)k, NULL);
            k++;
        }
        ds->n_sources = k;
        free(ord);
    }
    {
        size_t n = g->entities.n;
        idsort *ord = cg_xcalloc(n ? n : 1, sizeof *ord);
        for (size_t i = 0; i < n; i++) ord[i] = (idsort){g->entities.v[i].r.id, (uint32_t)i};
        qsort(ord, n, sizeof *ord, cmp_idsort);
        ds->entities = cg_xcalloc(n ? n : 1, sizeof *ds->entities);
        ds->entity_ids = cg_strmap_new(n);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            cg_st_entity *s = &g->entities.v[ord[i].i];
            if (i > 0 && strcmp(ord[i].id, ord[i - 1].id) == 0) {
                cg_st_entity *p = &g->entities.v[ord[i - 1].i];
                cg_st_entity *later = s->r.file > p->r.file || (s->r.file == p->r.file && s->r.line > p->r.line) ? s : p;
                cg_st_entity *earlier = later == s ? p : s;
                rerr(g, later->r.file, later->r.line, line_col(g, later->r.file, later->off, "id", later->col_id), "entity", later->r.id,
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
        size_t n = g->relations.n;
        idsort *ord = cg_xcalloc(n + nb, sizeof *ord);
        cg_relation *all = cg_xcalloc(n + nb, sizeof *all);
        uint32_t *cols = cg_xcalloc(n + nb, sizeof *cols);
        uint64_t *offs = cg_xcalloc(n + nb, sizeof *offs);
        for (size_t i = 0; i < nb; i++) {
            all[i] = bi[i];
            all[i].id = cg_intern_s(ds->strings, bi[i].id);
            all[i].label = cg_intern_s(ds->strings, bi[i].label);
            all[i].category = cg_intern_s(ds->strings, bi[i].category);
        }
        for (size_t i = 0; i < n; i++) {
            all[nb + i] = g->relations.v[i].r;
            cols[nb + i] = g->relations.v[i].col_id;
            offs[nb + i] = g->relations.v[i].off;
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
        for (size_t i = 0; i < k; i++) cg_strmap_put(ds->relation_ids, ds->relations[i].id, (uint32_t)i, NULL);
        ds->n_relations = k;
        free(ord);
        free(all);
        free(cols);
        free(offs);
    }

    /* id lists for suggestions */
    const char **sids = cg_xcalloc(ds->n_sources + 1, sizeof *sids);
    const char **eids = cg_xcalloc(ds->n_entities + 1, sizeof *eids);
    const char **rids = cg_xcalloc(ds->n_relations + 1, sizeof *rids);
    for (size_t i = 0; i < ds->n_sources; i++) sids[i] = ds->sources[i].id;
    for (size_t i = 0; i < ds->n_entities; i++) eids[i] = ds->entities[i].id;
    for (size_t i = 0; i < ds->n_relations; i++) rids[i] = ds->relations[i].id;

    /* cites */
    for (size_t i = 0; i < g->sources.n; i++) {
        cg_st_source *s = &g->sources.v[i];
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
                const char *dym = cg__diag_full(g->diag) ? NULL : cg_did_you_mean(s->cites[j].id, sids, ds->n_sources);
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

    /* claims: duplicate ids (in input order, so "first defined" is right), then references,
     * resolved in parallel and reported in claim order */
    size_t n = g->claims.n;
    ds->claims = g->claims.v;
    ds->n_claims = n;
    g->claims.v = NULL;
    g->claims.n = g->claims.cap = 0;
    if (n < g->refs.cap) ds->claims = cg_xreallocarray(ds->claims, n ? n : 1, sizeof *ds->claims);
    g->claims.v = ds->claims; /* borrowed for claim_col() */
    g->claims.n = n;
    size_t cap = 16;
    while (cap < 2 * n + 2) cap *= 2;
    ds->claim_cap = cap;
    ds->claim_slots = cg_xcalloc(cap, sizeof *ds->claim_slots);
    for (size_t i = 0; i < n; i++) {
        const char *id = ds->claims[i].id;
        size_t j = cg_hash_bytes(id, strlen(id)) & (cap - 1);
        int dup = 0;
        while (ds->claim_slots[j]) {
            const cg_claim *p = &ds->claims[ds->claim_slots[j] - 1];
            if (strcmp(p->id, id) == 0) {
                rerr(g, ds->claims[i].file, ds->claims[i].line, claim_col(g, i, CG_REF_ID), "claim", id,
                     "duplicate claim id (first defined at %s:%u)", ds->files[p->file], p->line);
                ok = 0;
                dup = 1;
                break;
            }
            j = (j + 1) & (cap - 1);
        }
        if (!dup) ds->claim_slots[j] = (uint32_t)i + 1;
    }
    {
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
        size_t counts[4] = {ds->n_entities, ds->n_relations, ds->n_entities, ds->n_sources};
        for (size_t t = 0; t < nt; t++) {
            for (size_t b = 0; b < jobs[t].bad.n; b++) {
                size_t i = jobs[t].bad.v[b].claim;
                int k = jobs[t].bad.v[b].ref;
                const char *id = g->refs.v[i].id[k];
                ok = 0;
                if (cg__diag_full(g->diag)) {
                    cg_diag_add(g->diag, CG_SEV_ERROR, NULL, 0, 0, "(not shown)");
                    continue;
                }
                const char *dym = cg_did_you_mean(id, lists[k], counts[k]);
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
    CG_VEC_FREE(g->sources);
    CG_VEC_FREE(g->entities);
    CG_VEC_FREE(g->relations);
    CG_VEC_FREE(g->claims);
    CG_VEC_FREE(g->refs);
    CG_VEC_FREE(g->rereadable);
}

static cg_dataset *dataset_new(void)
{
    cg_dataset *ds = cg_xcalloc(1, sizeof *ds);
    ds->strings = cg_intern_new();
    ds->arena = cg_arena_new();
    return ds;
}

static void add_file(gctx *g, const char *name, int rereadable)
{
    cg_dataset *ds = g->ds;
    ds->files = cg_xreallocarray(ds->files, ds->n_files + 1, sizeof *ds->files);
    ds->files[ds->n_files++] = cg_xstrdup(name);
    unsigned char r = (unsigned char)rereadable;
    CG_VEC_PUSH(g->rereadable, r);
}

void cg_load_options_init(cg_load_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = CG_LOAD_OPTIONS_VERSION;
    o->max_line_bytes = (size_t)64 << 20;
    o->max_depth = 32;
}

/* The loader always collects its messages in a diag of its own (so its verdict never depends on
 * the caller's optional sink), copied into the caller's at the end. */
static void init_ctx(gctx *g, cg_dataset *ds, const cg_load_options *opts, cg_diag *diag)
{
    memset(g, 0, sizeof *g);
    g->ds = ds;
    g->user_diag = diag;
    g->diag = cg_diag_new(diag ? cg__diag_max_kept(diag) : 100);
    cg_load_options def;
    cg_load_options_init(&def);
    g->opt = opts ? *opts : def;
    if (!g->opt.max_line_bytes) g->opt.max_line_bytes = def.max_line_bytes;
    if (!g->opt.max_depth) g->opt.max_depth = def.max_depth;
    g->threads = thread_count(&g->opt);
    cg__json_alloc_enter();
}

static cg_status done(gctx *g, cg_status st, cg_dataset **out)
{
    if (st == CG_OK) st = finish(g);
    if (st == CG_OK && cg_diag_count(g->diag, CG_SEV_ERROR) > 0) st = CG_EDATA;
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
    for (size_t i = 0; i < n_paths; i++) {
        struct stat sb;
        if (strcmp(paths[i], "-") == 0) {
            CG_VEC_PUSH(files, cg_xstrdup("-"));
        } else if (stat(paths[i], &sb) != 0) {
            cg_diag_add(g.diag, CG_SEV_ERROR, paths[i], 0, 0, "cannot read: %s", strerror(errno));
            st = CG_EIO;
        } else if (S_ISDIR(sb.st_mode)) {
            size_t before = files.n;
            cg_status s2 = collect_dir(paths[i], &files, g.diag, 0);
            if (s2 != CG_OK) st = s2;
            else if (files.n == before)
                cg_diag_add(g.diag, CG_SEV_WARNING, paths[i], 0, 0, "directory contains no *.jsonl files");
        } else {
            CG_VEC_PUSH(files, cg_xstrdup(paths[i]));
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
        cg_status s2 = read_stream(&g, f, (uint32_t)(g.ds->n_files - 1), !regular);
        if (s2 != CG_OK) {
            cg_diag_add(g.diag, CG_SEV_ERROR, g.ds->files[g.ds->n_files - 1], 0, 0, "read error: %s", strerror(errno));
            st = s2;
        }
        if (!is_stdin) fclose(f);
    }
    for (size_t i = 0; i < files.n; i++) free(files.v[i]);
    CG_VEC_FREE(files);
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
    cg_status st = CG_OK;
    FILE *f = fmemopen((void *)buf, len ? len : 1, "rb");
    if (!f) st = CG_EIO;
    else {
        if (len == 0) fgetc(f); /* fmemopen refuses size 0: read the dummy byte away */
        st = read_stream(&g, f, 0, 0);
        fclose(f);
    }
    return done(&g, st, out);
}
