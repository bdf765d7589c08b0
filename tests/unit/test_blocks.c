/* The ordered block loop (src/blocks.c) and the block executor protocol (claimgraph/blocks.h),
 * without MPI: fake executors play "rank 0 of 2" (merging; the other rank's blocks are computed
 * inside fetch) and "rank 1 of 2" (sending), and fail in the ways a real one can. The block results
 * are chosen so that adding them in any other order changes the bits of the total. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "blocks_impl.h"

#define NB 37
#define W 5 /* doubles per block result */

typedef struct tctx {
    double total[W];
    size_t merged[NB], n_merged;
    int fail_block; /* compute fails on this block (-1: never) */
} tctx;

/* values of very different magnitudes and signs: floating-point addition of them depends on the order */
static double value(size_t b, size_t i)
{
    uint64_t x = (b + 1) * 0x9e3779b97f4a7c15ull ^ (i + 1) * 0xbf58476d1ce4e5b9ull;
    x ^= x >> 31;
    double mant = (double)(x % 1000003) / 1000003.0 - 0.5;
    return ldexp(mant, (int)(x % 97) - 48);
}

static cg_status compute(void *ctx, void *ws, size_t b, void *result, cg_diag *diag)
{
    tctx *c = ctx;
    (void)ws;
    if ((int)b == c->fail_block) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "block %zu broke", b);
        return CG_EGRAPH;
    }
    double *r = result;
    for (size_t i = 0; i < W; i++) {
        assert_true(r[i] == 0.0); /* given zeroed */
        r[i] = value(b, i);
    }
    return CG_OK;
}

static void merge(void *ctx, size_t b, const void *result)
{
    tctx *c = ctx;
    const double *r = result;
    c->merged[c->n_merged++] = b;
    for (size_t i = 0; i < W; i++) c->total[i] += r[i];
}

static void reference(double *tot)
{
    for (size_t i = 0; i < W; i++) tot[i] = 0;
    for (size_t b = 0; b < NB; b++)
        for (size_t i = 0; i < W; i++) tot[i] += value(b, i);
}

static void loop_init(cg__block_loop *l, tctx *c, unsigned threads)
{
    memset(c, 0, sizeof *c);
    c->fail_block = -1;
    memset(l, 0, sizeof *l);
    l->n_blocks = NB;
    l->size = W * sizeof(double);
    l->threads = threads;
    l->ctx = c;
    l->compute = compute;
    l->merge = merge;
    l->total = c->total;
    l->total_size = sizeof c->total;
}

static void test_threads_same_bits(void **state)
{
    (void)state;
    double ref[W];
    reference(ref);
    /* the other order gives other bits (else this test could not fail) */
    double rev[W] = {0};
    for (size_t b = NB; b-- > 0;)
        for (size_t i = 0; i < W; i++) rev[i] += value(b, i);
    assert_true(memcmp(ref, rev, sizeof ref) != 0);
    for (unsigned t = 1; t <= 8; t *= 2) {
        tctx c;
        cg__block_loop l;
        loop_init(&l, &c, t);
        cg_diag *d = cg_diag_new(10);
        assert_int_equal(cg__blocks_run(&l, d), CG_OK);
        assert_memory_equal(c.total, ref, sizeof ref);
        assert_int_equal(c.n_merged, NB);
        for (size_t b = 0; b < NB; b++) assert_int_equal(c.merged[b], b);
        cg_diag_free(d);
    }
}

/* ---- fake executors ---- */

typedef struct fake {
    int rank;                /* 0: merging, 1: sending; blocks b with b % 2 == rank are ours */
    size_t next, n_blocks, size;
    int fetch_fail_block;    /* fetch returns -1 for it (the other rank failed) */
    int polls;               /* fetch(wait = 0) calls answered "not yet" */
    size_t sent[NB], n_sent;
    double sent_vals[NB][W];
    int ended;
    cg_status end_in;
    char end_msg_in[128];    /* the message end() was given ("" for none) */
    double given_total[W];   /* what end() copies to a sending rank */
} fake;

static int f_begin(void *ud, size_t n_blocks, size_t size)
{
    fake *f = ud;
    f->n_blocks = n_blocks;
    f->size = size;
    f->next = (size_t)f->rank;
    return f->rank == 0;
}

static size_t f_next(void *ud)
{
    fake *f = ud;
    if (f->next >= f->n_blocks) return CG_BLOCK_NONE;
    size_t b = f->next;
    f->next += 2;
    return b;
}

static int f_send(void *ud, size_t b, const void *result)
{
    fake *f = ud;
    f->sent[f->n_sent] = b;
    memcpy(f->sent_vals[f->n_sent], result, W * sizeof(double));
    f->n_sent++;
    return 0;
}

static int f_fetch(void *ud, size_t b, void *result, int wait)
{
    fake *f = ud;
    if (b % 2 == 0) return 0; /* ours, not computed yet */
    if ((int)b == f->fetch_fail_block) return -1;
    if (!wait && (b / 2) % 3 == 0) { /* sometimes not there yet */
        f->polls++;
        return 0;
    }
    double *r = result;
    for (size_t i = 0; i < W; i++) r[i] = value(b, i); /* "the other rank's" result */
    return 1;
}

static cg_status f_end(void *ud, cg_status st, const char *message, void *total, size_t total_size, char *out,
                       size_t cap)
{
    fake *f = ud;
    f->ended++;
    f->end_in = st;
    snprintf(f->end_msg_in, sizeof f->end_msg_in, "%s", message ? message : "");
    if (f->fetch_fail_block >= 0) {
        snprintf(out, cap, "rank 1: it failed over there");
        return CG_EIO;
    }
    if (st != CG_OK) return st;
    if (f->rank != 0) memcpy(total, f->given_total, total_size);
    return CG_OK;
}

static cg_block_executor executor(fake *f)
{
    cg_block_executor x = {CG_BLOCK_EXECUTOR_VERSION, f, f_begin, f_next, f_send, f_fetch, f_end};
    return x;
}

static void test_merging_rank(void **state)
{
    (void)state;
    double ref[W];
    reference(ref);
    for (unsigned t = 1; t <= 4; t *= 2) {
        fake f;
        memset(&f, 0, sizeof f);
        f.fetch_fail_block = -1;
        cg_block_executor x = executor(&f);
        tctx c;
        cg__block_loop l;
        loop_init(&l, &c, t);
        l.exec = &x;
        cg_diag *d = cg_diag_new(10);
        assert_int_equal(cg__blocks_run(&l, d), CG_OK);
        assert_memory_equal(c.total, ref, sizeof ref);
        assert_int_equal(c.n_merged, NB);
        for (size_t b = 0; b < NB; b++) assert_int_equal(c.merged[b], b);
        assert_int_equal(f.n_sent, 0);
        assert_int_equal(f.ended, 1);
        assert_int_equal(f.end_in, CG_OK);
        cg_diag_free(d);
    }
}

static void test_sending_rank(void **state)
{
    (void)state;
    for (unsigned t = 1; t <= 4; t *= 2) {
        fake f;
        memset(&f, 0, sizeof f);
        f.rank = 1;
        f.fetch_fail_block = -1;
        for (size_t i = 0; i < W; i++) f.given_total[i] = 100.0 + (double)i;
        cg_block_executor x = executor(&f);
        tctx c;
        cg__block_loop l;
        loop_init(&l, &c, t);
        l.exec = &x;
        cg_diag *d = cg_diag_new(10);
        assert_int_equal(cg__blocks_run(&l, d), CG_OK);
        assert_int_equal(c.n_merged, 0); /* a sending rank merges nothing */
        assert_int_equal(f.n_sent, NB / 2);
        for (size_t k = 0; k < f.n_sent; k++) {
            assert_int_equal(f.sent[k], 2 * k + 1); /* in the order handed out */
            for (size_t i = 0; i < W; i++) assert_true(f.sent_vals[k][i] == value(2 * k + 1, i));
        }
        assert_memory_equal(c.total, f.given_total, sizeof c.total); /* the shared total */
        cg_diag_free(d);
    }
}

static void test_other_rank_fails(void **state)
{
    (void)state;
    fake f;
    memset(&f, 0, sizeof f);
    f.fetch_fail_block = 7;
    cg_block_executor x = executor(&f);
    tctx c;
    cg__block_loop l;
    loop_init(&l, &c, 2);
    l.exec = &x;
    cg_diag *d = cg_diag_new(10);
    assert_int_equal(cg__blocks_run(&l, d), CG_EIO);
    assert_int_equal(f.ended, 1);
    assert_int_equal(f.end_in, CG_OK); /* this process itself did not fail */
    assert_true(c.n_merged <= 7);
    assert_int_equal(cg_diag_size(d), 1);
    assert_string_equal(cg_diag_get(d, 0)->message, "rank 1: it failed over there");
    cg_diag_free(d);
}

static void test_own_block_fails(void **state)
{
    (void)state;
    for (int rank = 0; rank < 2; rank++) {
        fake f;
        memset(&f, 0, sizeof f);
        f.rank = rank;
        f.fetch_fail_block = -1;
        cg_block_executor x = executor(&f);
        tctx c;
        cg__block_loop l;
        loop_init(&l, &c, 2);
        c.fail_block = 10 + rank;
        l.exec = &x;
        cg_diag *d = cg_diag_new(10);
        assert_int_equal(cg__blocks_run(&l, d), CG_EGRAPH);
        assert_int_equal(f.end_in, CG_EGRAPH);
        char want[32];
        snprintf(want, sizeof want, "block %d broke", 10 + rank);
        assert_string_equal(f.end_msg_in, want);
        assert_true(cg_diag_size(d) >= 1);
        assert_string_equal(cg_diag_get(d, 0)->message, want);
        cg_diag_free(d);
    }
    /* and without an executor */
    tctx c;
    cg__block_loop l;
    loop_init(&l, &c, 3);
    c.fail_block = 20;
    cg_diag *d = cg_diag_new(10);
    assert_int_equal(cg__blocks_run(&l, d), CG_EGRAPH);
    assert_true(c.n_merged <= 20);
    assert_string_equal(cg_diag_get(d, 0)->message, "block 20 broke");
    cg_diag_free(d);
}

static void test_bad_executor(void **state)
{
    (void)state;
    fake f;
    memset(&f, 0, sizeof f);
    cg_block_executor x = executor(&f);
    x.version = 99;
    tctx c;
    cg__block_loop l;
    loop_init(&l, &c, 1);
    l.exec = &x;
    cg_diag *d = cg_diag_new(10);
    assert_int_equal(cg__blocks_run(&l, d), CG_EINVAL);
    assert_int_equal(f.ended, 0);
    cg_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_same_bits), cmocka_unit_test(test_merging_rank),
        cmocka_unit_test(test_sending_rank),      cmocka_unit_test(test_other_rank_fails),
        cmocka_unit_test(test_own_block_fails),   cmocka_unit_test(test_bad_executor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
