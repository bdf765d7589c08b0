/* The block executor of claimgraph-mpi (claimgraph/blocks.h): the blocks of one computation
 * (sources of the path measures, worlds of the robustness analysis) are dealt out round-robin,
 * block b to rank b mod P; every rank computes its blocks on its threads and sends each result to
 * rank 0 as soon as it is ready, in ascending block order (non-blocking sends); rank 0 adds its own
 * results and the received ones strictly in block order 0 .. B-1, exactly as one process does, so
 * the sums are bit-identical for any number of ranks and threads. No MPI reduction touches a
 * floating-point sum (MPI_Reduce may associate differently for different process counts). At the
 * end, rank 0 broadcasts the merged total so that every rank returns the same result.
 *
 * Messages (one communicator, duplicated from MPI_COMM_WORLD): a block's result goes from its rank
 * to rank 0 as ceil(size / 1 GiB) messages with tag TAG_DATA; messages from one sender are not
 * overtaken by each other (MPI's ordering rule), so rank 0 knows which block each one carries. A
 * rank that fails sends one empty TAG_FAIL message instead of its next result, so that rank 0,
 * which may be waiting for that result, never hangs; then every rank agrees on the outcome (an
 * MPI_Allreduce of integers), the failed rank with the lowest number broadcasts its message, and
 * rank 0 receives whatever was sent and not yet received (so that every send completes). */
#define _POSIX_C_SOURCE 200809L
#include "mpi_executor.h"

#include "cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG_DATA 11
#define TAG_FAIL 12
#define CHUNK ((size_t)1 << 30) /* bytes per message: MPI counts are int */
#define MSG_CAP 1024

typedef struct pending {
    MPI_Request req;
    void *buf;
} pending;

struct cg_mpi_state {
    MPI_Comm comm;
    int rank, size;
    long fail_rank, fail_block; /* test hooks, -1: none */
    /* the current loop */
    size_t n_blocks, bsize, next;
    /* sender side: outstanding sends, and the number of messages posted in this loop */
    pending *out;
    size_t n_out, cap_out;
    unsigned long long posted;
    /* rank 0: messages received per sender in this loop; the receive in flight (for block recv_block) */
    unsigned long long *received;
    int recv_active;
    int recv_failed; /* a receive failed here (an MPI error, not a failed sender) */
    size_t recv_block;
    size_t recv_chunks;
    MPI_Request *recv_req;
    unsigned char *recv_buf;
};

int cg_mpi_rank(const cg_mpi_state *s) { return s->rank; }
int cg_mpi_size(const cg_mpi_state *s) { return s->size; }

static size_t n_chunks(size_t bytes) { return bytes ? (bytes + CHUNK - 1) / CHUNK : 1; }
static int chunk_len(size_t bytes, size_t i) { return (int)(bytes - i * CHUNK < CHUNK ? bytes - i * CHUNK : CHUNK); }

/* completes the sends that are done (or all of them, with wait) and frees their buffers */
static int reap(cg_mpi_state *s, int wait)
{
    int rc = 0;
    size_t k = 0;
    for (size_t i = 0; i < s->n_out; i++) {
        int done = 0;
        if (wait) {
            if (MPI_Wait(&s->out[i].req, MPI_STATUS_IGNORE) != MPI_SUCCESS) rc = -1;
            done = 1;
        } else if (MPI_Test(&s->out[i].req, &done, MPI_STATUS_IGNORE) != MPI_SUCCESS) {
            rc = -1;
            done = 1;
        }
        if (done) free(s->out[i].buf);
        else s->out[k++] = s->out[i];
    }
    s->n_out = k;
    return rc;
}

static int post(cg_mpi_state *s, const void *data, int len, int tag)
{
    if (s->n_out == s->cap_out) {
        size_t cap = s->cap_out ? 2 * s->cap_out : 16;
        pending *p = realloc(s->out, cap * sizeof *p);
        if (!p) return -1;
        s->out = p;
        s->cap_out = cap;
    }
    void *buf = malloc(len ? (size_t)len : 1);
    if (!buf) return -1;
    if (len) memcpy(buf, data, (size_t)len);
    if (MPI_Isend(buf, len, MPI_BYTE, 0, tag, s->comm, &s->out[s->n_out].req) != MPI_SUCCESS) {
        free(buf);
        return -1;
    }
    s->out[s->n_out++].buf = buf;
    s->posted++;
    return 0;
}

static int ex_begin(void *ud, size_t n_blocks, size_t size)
{
    cg_mpi_state *s = ud;
    s->n_blocks = n_blocks;
    s->bsize = size;
    s->next = (size_t)s->rank;
    s->posted = 0;
    s->recv_active = 0;
    s->recv_failed = 0;
    free(s->recv_buf);
    free(s->recv_req);
    s->recv_buf = NULL;
    s->recv_req = NULL;
    if (s->rank == 0) {
        memset(s->received, 0, (size_t)s->size * sizeof *s->received);
        s->recv_buf = malloc(size ? size : 1);
        s->recv_req = malloc(n_chunks(size) * sizeof *s->recv_req);
        if (!s->recv_buf || !s->recv_req) return -1;
    }
    return s->rank == 0;
}

static size_t ex_next(void *ud)
{
    cg_mpi_state *s = ud;
    if (s->next >= s->n_blocks) return CG_BLOCK_NONE;
    size_t b = s->next;
    s->next += (size_t)s->size;
    return b;
}

static int ex_send(void *ud, size_t b, const void *result)
{
    cg_mpi_state *s = ud;
    if (s->fail_block >= 0 && b == (size_t)s->fail_block) return -1; /* test hook */
    const unsigned char *p = result;
    size_t nc = n_chunks(s->bsize);
    for (size_t i = 0; i < nc; i++)
        if (post(s, p + i * CHUNK, chunk_len(s->bsize, i), TAG_DATA) != 0) return -1;
    return reap(s, 0);
}

/* rank 0: posts the receives of block b's result (from its owner) */
static int start_recv(cg_mpi_state *s, size_t b)
{
    int owner = (int)(b % (size_t)s->size);
    s->recv_chunks = n_chunks(s->bsize);
    for (size_t i = 0; i < s->recv_chunks; i++)
        if (MPI_Irecv(s->recv_buf + i * CHUNK, chunk_len(s->bsize, i), MPI_BYTE, owner, MPI_ANY_TAG, s->comm,
                      &s->recv_req[i]) != MPI_SUCCESS)
            return -1;
    s->recv_active = 1;
    s->recv_block = b;
    return 0;
}

/* rank 0: cancels the receives in flight (those that completed meanwhile are counted) */
static void cancel_recv(cg_mpi_state *s)
{
    if (!s->recv_active) return;
    int owner = (int)(s->recv_block % (size_t)s->size);
    for (size_t i = 0; i < s->recv_chunks; i++) {
        MPI_Status st;
        MPI_Cancel(&s->recv_req[i]);
        MPI_Wait(&s->recv_req[i], &st);
        int cancelled = 0;
        MPI_Test_cancelled(&st, &cancelled);
        if (!cancelled) s->received[owner]++;
    }
    s->recv_active = 0;
}

static int fetch(cg_mpi_state *s, size_t b, void *result, int wait);

static int ex_fetch(void *ud, size_t b, void *result, int wait)
{
    cg_mpi_state *s = ud;
    int got = fetch(s, b, result, wait);
    if (got < 0 && s->recv_active) s->recv_failed = 1; /* a failed sender's TAG_FAIL clears recv_active */
    return got;
}

static int fetch(cg_mpi_state *s, size_t b, void *result, int wait)
{
    if (b % (size_t)s->size == 0) return 0; /* one of ours, not computed yet */
    if (!s->recv_active && start_recv(s, b) != 0) {
        s->recv_failed = 1;
        return -1;
    }
    if (s->recv_block != b) { /* blocks are fetched in order: cannot happen */
        s->recv_failed = 1;
        return -1;
    }
    MPI_Status st[1];
    int done = 0;
    /* the first message tells whether the result or a failure comes */
    if (wait) {
        if (MPI_Wait(&s->recv_req[0], st) != MPI_SUCCESS) return -1;
        done = 1;
    } else if (MPI_Test(&s->recv_req[0], &done, st) != MPI_SUCCESS) {
        return -1;
    }
    if (!done) return 0;
    int owner = (int)(b % (size_t)s->size);
    s->received[owner]++;
    if (st[0].MPI_TAG == TAG_FAIL) {
        for (size_t i = 1; i < s->recv_chunks; i++) { /* the other chunks will never come */
            MPI_Status cs;
            int cancelled = 0;
            MPI_Cancel(&s->recv_req[i]);
            MPI_Wait(&s->recv_req[i], &cs);
            MPI_Test_cancelled(&cs, &cancelled);
            if (!cancelled) s->received[owner]++;
        }
        s->recv_active = 0;
        return -1;
    }
    for (size_t i = 1; i < s->recv_chunks; i++) { /* the rest was sent with the first chunk */
        if (MPI_Wait(&s->recv_req[i], MPI_STATUS_IGNORE) != MPI_SUCCESS) return -1;
        s->received[owner]++;
    }
    s->recv_active = 0;
    memcpy(result, s->recv_buf, s->bsize);
    return 1;
}

/* rank 0 after a failure: receives every message that was sent to it in this loop and not yet
 * received, so that every rank's sends complete */
static void drain_unreceived(cg_mpi_state *s)
{
    unsigned long long *posted = s->rank == 0 ? calloc((size_t)s->size, sizeof *posted) : NULL;
    MPI_Gather(&s->posted, 1, MPI_UNSIGNED_LONG_LONG, posted, 1, MPI_UNSIGNED_LONG_LONG, 0, s->comm);
    if (s->rank != 0) return;
    size_t cap = s->bsize < CHUNK ? s->bsize : CHUNK;
    void *scratch = malloc(cap ? cap : 1);
    for (int r = 1; r < s->size; r++)
        for (unsigned long long k = s->received[r]; posted && scratch && k < posted[r]; k++)
            MPI_Recv(scratch, (int)cap, MPI_BYTE, r, MPI_ANY_TAG, s->comm, MPI_STATUS_IGNORE);
    free(scratch);
    free(posted);
}

/* Collective: every rank says how it fared (st; message: its first error, used only when st is not
 * CG_OK). Returns the lowest failed rank (size if none); then *st_out and msg_out[MSG_CAP] hold that
 * rank's status and message on every rank. */
static int agree(cg_mpi_state *s, cg_status st, const char *message, cg_status *st_out, char *msg_out)
{
    int mine = st != CG_OK ? s->rank : s->size, first = s->size;
    if (MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, s->comm) != MPI_SUCCESS) MPI_Abort(s->comm, 1);
    *st_out = CG_OK;
    msg_out[0] = '\0';
    if (first == s->size) return first;
    struct {
        int status;
        char msg[MSG_CAP];
    } m;
    memset(&m, 0, sizeof m);
    if (s->rank == first) {
        m.status = (int)st;
        snprintf(m.msg, sizeof m.msg, "%s", message ? message : "failed");
    }
    if (MPI_Bcast(&m, (int)sizeof m, MPI_BYTE, first, s->comm) != MPI_SUCCESS) MPI_Abort(s->comm, 1);
    *st_out = m.status != CG_OK ? (cg_status)m.status : CG_EIO;
    memcpy(msg_out, m.msg, MSG_CAP);
    msg_out[MSG_CAP - 1] = '\0';
    return first;
}

static cg_status ex_end(void *ud, cg_status st, const char *message, void *total, size_t total_size, char *message_out,
                        size_t message_cap)
{
    cg_mpi_state *s = ud;
    if (st == CG_OK && s->recv_failed) { /* rank 0 could not receive a result: its merge is incomplete */
        st = CG_EIO;
        message = "a block result could not be received (MPI error)";
    }
    if (st != CG_OK && s->rank != 0) post(s, NULL, 0, TAG_FAIL); /* rank 0 may be waiting for our next result */
    if (s->rank == 0) cancel_recv(s);
    cg_status res;
    char msg[MSG_CAP];
    int first = agree(s, st, message ? message : "a block failed", &res, msg);
    if (first < s->size) {
        if (message_out && message_cap) snprintf(message_out, message_cap, "rank %d: %s", first, msg);
        drain_unreceived(s);
    } else {
        /* everything was merged on rank 0; it shares the total */
        unsigned char *p = total;
        for (size_t i = 0; i < n_chunks(total_size) && total_size; i++)
            if (MPI_Bcast(p + i * CHUNK, chunk_len(total_size, i), MPI_BYTE, 0, s->comm) != MPI_SUCCESS)
                MPI_Abort(s->comm, 1);
    }
    reap(s, 1);
    return res;
}

static long env_long(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v) return -1;
    char *end;
    long x = strtol(v, &end, 10);
    return *end || x < 0 ? -1 : x;
}

cg_mpi_state *cg_mpi_state_new(MPI_Comm comm, cg_block_executor *ex)
{
    cg_mpi_state *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    MPI_Comm_dup(comm, &s->comm);
    MPI_Comm_set_errhandler(s->comm, MPI_ERRORS_RETURN);
    MPI_Comm_rank(s->comm, &s->rank);
    MPI_Comm_size(s->comm, &s->size);
    s->received = calloc((size_t)s->size, sizeof *s->received);
    if (!s->received) {
        MPI_Comm_free(&s->comm);
        free(s);
        return NULL;
    }
    s->fail_rank = env_long("CLAIMGRAPH_MPI_FAIL_RANK");
    s->fail_block = env_long("CLAIMGRAPH_MPI_FAIL_BLOCK");
    memset(ex, 0, sizeof *ex);
    ex->version = CG_BLOCK_EXECUTOR_VERSION;
    ex->ud = s;
    ex->begin = ex_begin;
    ex->next = ex_next;
    ex->send = ex_send;
    ex->fetch = ex_fetch;
    ex->end = ex_end;
    return s;
}

void cg_mpi_state_free(cg_mpi_state *s)
{
    if (!s) return;
    reap(s, 1);
    free(s->out);
    free(s->received);
    free(s->recv_buf);
    free(s->recv_req);
    MPI_Comm_free(&s->comm);
    free(s);
}

cg_status cg_mpi_after_load(const cli_cluster *c, cg_status st, cg_diag *diag, double seconds)
{
    cg_mpi_state *s = c->ud;
    if (st == CG_OK && s->fail_rank == s->rank) {
        st = CG_EIO;
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0,
                    "CLAIMGRAPH_MPI_FAIL_RANK=%ld: this rank's load was made to fail (test hook)", s->fail_rank);
    }
    MPI_Gather(&seconds, 1, MPI_DOUBLE, c->load_seconds, 1, MPI_DOUBLE, 0, s->comm);
    char mine[MSG_CAP] = "the data could not be loaded", msg[MSG_CAP];
    const cg_diag_entry *e = NULL;
    for (size_t i = 0; st != CG_OK && i < cg_diag_size(diag) && !e; i++)
        if (cg_diag_get(diag, i)->severity == CG_SEV_ERROR) e = cg_diag_get(diag, i);
    if (e && e->file && e->line)
        snprintf(mine, sizeof mine, "%s:%lu:%lu: %s", e->file, e->line, e->col, e->message);
    else if (e && e->file)
        snprintf(mine, sizeof mine, "%s: %s", e->file, e->message);
    else if (e)
        snprintf(mine, sizeof mine, "%s", e->message);
    cg_status res;
    int first = agree(s, st, mine, &res, msg);
    if (first < s->size && s->rank == 0 && first != 0)
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "rank %d of %d could not load the data: %s", first, s->size, msg);
    return res;
}
