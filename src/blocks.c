/* The ordered block loop (blocks_impl.h): blocks taken by the threads in turn, each computed into
 * its own zeroed result, the results added to the total strictly in block order. With a block
 * executor (claimgraph/blocks.h) the blocks are spread over processes: a process that does not
 * merge sends its results in the order it was given the blocks; the merging process adds its own
 * results and the ones it fetches, still in block order. The sums are therefore the same, bit for
 * bit, whatever the number of threads and processes. */
#define _POSIX_C_SOURCE 200809L
#include "blocks_impl.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_THREADS 64

typedef struct run {
    const cg__block_loop *l;
    int merging;
    pthread_mutex_t mu;
    size_t next_block; /* without an executor: the next block to hand out */
    int exhausted;     /* no block left for this process */
    size_t n_out;      /* blocks handed out so far */
    size_t *order;     /* order[i]: the i-th block handed out */
    void **slot;       /* per block: its finished result, until merged or sent */
    size_t next_merge; /* merging: the next block to add */
    size_t next_send;  /* not merging: the position (in order[]) of the next result to send */
    void *scratch;     /* a fetched result */
    size_t units_done, units_reported;
    cg_status st;      /* not CG_OK: stop (an error here or elsewhere) */
    cg_status own_st;  /* the error of this process, if any */
    char *own_msg;     /* its first message */
    cg_diag *diag;
} run;

static size_t block_units(const run *r, size_t b) { return r->l->units ? r->l->units(r->l->ctx, b) : 1; }

/* Records this process's first error, with its messages (under the lock). */
static void fail_here(run *r, cg_status st, const cg_diag *td, const char *fallback)
{
    if (r->own_st == CG_OK) {
        r->own_st = st;
        size_t n = td ? cg_diag_size(td) : 0;
        for (size_t i = 0; i < n; i++) {
            const cg_diag_entry *e = cg_diag_get(td, i);
            cg_diag_add(r->diag, e->severity, e->file, e->line, e->col, "%s", e->message);
        }
        const char *m = n ? cg_diag_get(td, 0)->message : fallback;
        if (!n) cg_diag_add(r->diag, CG_SEV_ERROR, NULL, 0, 0, "%s", m);
        r->own_msg = cg__xstrdup(m);
    }
    if (r->st == CG_OK) r->st = st;
}

static void report(run *r)
{
    const cg_progress *p = r->l->progress;
    if (!p || !p->fn || r->units_done == r->units_reported) return;
    r->units_reported = r->units_done;
    p->fn(r->units_done, r->l->units_total, p->ud);
}

/* Adds (merging) or sends (not merging) every result that is next in order (under the lock). With
 * wait, the merging process waits for the results of other processes. */
static void drain(run *r, int wait)
{
    const cg__block_loop *l = r->l;
    const cg_block_executor *x = l->exec;
    if (r->merging) {
        while (r->st == CG_OK && r->next_merge < l->n_blocks) {
            size_t b = r->next_merge;
            if (r->slot[b]) {
                l->merge(l->ctx, b, r->slot[b]);
                free(r->slot[b]);
                r->slot[b] = NULL;
            } else if (x) {
                if (!r->scratch) r->scratch = cg__xmalloc(l->size ? l->size : 1);
                int got = x->fetch(x->ud, b, r->scratch, wait);
                if (got < 0) {
                    r->st = CG_EIO; /* failed elsewhere: end() tells what and where */
                    break;
                }
                if (got == 0) {
                    if (wait) {
                        char m[96];
                        snprintf(m, sizeof m, "block %zu of %zu was computed nowhere", b, l->n_blocks);
                        fail_here(r, CG_EIO, NULL, m);
                    }
                    break;
                }
                l->merge(l->ctx, b, r->scratch);
            } else {
                break;
            }
            r->units_done += block_units(r, b);
            r->next_merge++;
            report(r);
        }
    } else {
        while (r->st == CG_OK && r->next_send < r->n_out) {
            size_t b = r->order[r->next_send];
            if (!r->slot[b]) break;
            if (x->send(x->ud, b, r->slot[b]) != 0) {
                char m[96];
                snprintf(m, sizeof m, "the result of block %zu could not be sent", b);
                fail_here(r, CG_EIO, NULL, m);
                break;
            }
            free(r->slot[b]);
            r->slot[b] = NULL;
            r->next_send++;
        }
    }
}

static void *worker(void *arg)
{
    run *r = arg;
    const cg__block_loop *l = r->l;
    const cg_block_executor *x = l->exec;
    void *ws = l->ws_new ? l->ws_new(l->ctx) : NULL;
    cg_diag *td = cg_diag_new(4);
    for (;;) {
        pthread_mutex_lock(&r->mu);
        size_t b = CG_BLOCK_NONE;
        if (r->st == CG_OK && !r->exhausted) {
            if (x) b = x->next(x->ud);
            else if (r->next_block < l->n_blocks) b = r->next_block++;
            if (b == CG_BLOCK_NONE) {
                r->exhausted = 1;
            } else if (b >= l->n_blocks || r->n_out >= l->n_blocks) {
                char m[96];
                snprintf(m, sizeof m, "the block executor handed out block %zu of %zu", b, l->n_blocks);
                fail_here(r, CG_EINVAL, NULL, m);
                b = CG_BLOCK_NONE;
            } else {
                r->order[r->n_out++] = b;
            }
        }
        pthread_mutex_unlock(&r->mu);
        if (b == CG_BLOCK_NONE) break;
        void *res = cg__xcalloc(1, l->size ? l->size : 1);
        cg_status st = l->compute(l->ctx, ws, b, res, td);
        pthread_mutex_lock(&r->mu);
        if (st != CG_OK) {
            fail_here(r, st, td, "a block failed");
            free(res);
        } else {
            r->slot[b] = res;
            if (!r->merging) r->units_done += block_units(r, b);
            drain(r, 0);
            report(r);
        }
        pthread_mutex_unlock(&r->mu);
    }
    if (l->ws_free) l->ws_free(l->ctx, ws);
    cg_diag_free(td);
    return NULL;
}

cg_status cg__blocks_run(const cg__block_loop *l, cg_diag *diag)
{
    const cg_block_executor *x = l->exec;
    run r;
    memset(&r, 0, sizeof r);
    r.l = l;
    r.diag = diag;
    r.merging = 1;
    if (x) {
        if (x->version != CG_BLOCK_EXECUTOR_VERSION) {
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "block executor: version %u, this library has %u", x->version,
                        CG_BLOCK_EXECUTOR_VERSION);
            return CG_EINVAL;
        }
        int m = x->begin(x->ud, l->n_blocks, l->size);
        if (m < 0) {
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "the block executor could not start a loop of %zu blocks",
                        l->n_blocks);
            return CG_EIO;
        }
        r.merging = m;
    }
    size_t nb = l->n_blocks ? l->n_blocks : 1;
    r.order = cg__xmalloc(nb * sizeof *r.order);
    r.slot = cg__xcalloc(nb, sizeof *r.slot);
    pthread_mutex_init(&r.mu, NULL);

    long nt = l->threads ? (long)l->threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (nt < 1) nt = 1;
    if (nt > MAX_THREADS) nt = MAX_THREADS;
    if ((size_t)nt > nb) nt = (long)nb;
    pthread_t th[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    for (long t = 1; t < nt; t++) started[t] = pthread_create(&th[t], NULL, worker, &r) == 0;
    worker(&r); /* this thread works too; a thread that failed to start is simply absent */
    for (long t = 1; t < nt; t++)
        if (started[t]) pthread_join(th[t], NULL);
    if (x && r.merging) drain(&r, 1); /* the other processes' blocks, in order */
    pthread_mutex_destroy(&r.mu);

    cg_status st = r.st;
    if (x) {
        char msg[1024];
        msg[0] = '\0';
        st = x->end(x->ud, r.own_st, r.own_msg, l->total, l->total_size, msg, sizeof msg);
        if (st != CG_OK && r.own_st == CG_OK)
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "%s", msg[0] ? msg : "another process failed");
    }
    for (size_t b = 0; b < l->n_blocks; b++) free(r.slot[b]);
    free(r.slot);
    free(r.order);
    free(r.scratch);
    free(r.own_msg);
    return st;
}
