/* Internal: the ordered block loop shared by the Brandes kernel (brandes.c) and the robustness
 * worlds (robustness.c): blocks computed on threads (and, through a cg_block_executor, on other
 * processes), their results added in block order, so that the total is bit-identical for any
 * number of threads and processes. */
#ifndef CG_BLOCKS_IMPL_H
#define CG_BLOCKS_IMPL_H

#include "claimgraph/analysis.h"
#include "claimgraph/blocks.h"
#include "util.h"

typedef struct cg__block_loop {
    size_t n_blocks;
    size_t size;        /* bytes of one block's result (given to compute zeroed) */
    unsigned threads;   /* 0 = all cores; at most 64 are used, and never more than blocks */
    void *ctx;          /* passed to the callbacks */
    /* per-thread workspace (both may be NULL) */
    void *(*ws_new)(void *ctx);
    void (*ws_free)(void *ctx, void *ws);
    /* computes block b into result; called concurrently for different blocks; messages to diag (a
     * collector of the calling thread) */
    cg_status (*compute)(void *ctx, void *ws, size_t b, void *result, cg_diag *diag);
    /* adds block b's result to the total; called in block order 0 .. n_blocks-1, one at a time,
     * on the merging process only */
    void (*merge)(void *ctx, size_t b, const void *result);
    /* the total that merge() builds (total_size bytes, one buffer): an executor copies it from the
     * merging process to every other one */
    void *total;
    size_t total_size;
    /* progress: units of block b (NULL: one per block), the sum over all blocks, the callback
     * (NULL or fn NULL: none), called one call at a time with the units merged so far (on a
     * process that does not merge: computed here) */
    size_t (*units)(void *ctx, size_t b);
    size_t units_total;
    const cg_progress *progress;
    const cg_block_executor *exec; /* NULL: this process computes and merges every block */
} cg__block_loop;

/* Runs the loop; returns CG_OK, or the first error (its messages in diag). With an executor, the
 * status (and message) are those every process agrees on, and every process ends with the same
 * total. */
cg_status cg__blocks_run(const cg__block_loop *l, cg_diag *diag);

#endif
