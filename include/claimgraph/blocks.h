/* claimgraph: running the library's heaviest loops on several processes (README "On a cluster").
 *
 * The path measures (Brandes: one shortest-path search per source) and the possible worlds of the
 * robustness analysis are computed in a fixed number of blocks (of sources, of worlds) that does
 * not depend on the thread count; each block gives a partial result, and the partial results are
 * added in block order, so the output is bit-identical for any number of threads. A block
 * executor lets the blocks of one computation be spread over several processes (MPI ranks:
 * claimgraph-mpi, src/mpi/) without changing a bit: every process runs the same call on the same
 * data; the executor decides which blocks each process computes and carries their results to one
 * merging process, which adds all of them in block order exactly as a single process does, and
 * then shares the merged total with every process, so that all of them return the same result.
 *
 * The library itself knows nothing of MPI: it only calls the functions below.
 *
 * Protocol of one loop (every process calls the library in the same order, so it is collective):
 *  1. m = begin(ud, n_blocks, size): the loop has n_blocks blocks whose results are `size` bytes
 *     each. Returns 1 if this process is the merging one, 0 if not, -1 on failure.
 *  2. The library's threads, one call at a time (under the library's lock, so an MPI executor
 *     needs MPI_THREAD_SERIALIZED), ask next(ud) for a block to compute until it answers
 *     CG_BLOCK_NONE. A non-merging process hands each result to send(ud, b, result), in the order
 *     next() gave the blocks (so results can travel in that order); the library then frees it.
 *     The merging process adds the blocks in block order 0 .. n_blocks-1: its own results, and the
 *     others' from fetch(ud, b, buf, wait), which copies block b's result into buf and returns 1,
 *     returns 0 if it has not arrived yet (only when wait = 0; also for a block this process
 *     computes itself), or -1 if the process that was to compute it failed.
 *  3. st = end(ud, st, message, total, total_size, message_out, message_cap): every process says
 *     how it fared (st, and its first error message or NULL); returns the status all processes
 *     agree on (that of the lowest-numbered process that failed, whose message, prefixed with its
 *     name, is copied to message_out), and, when all succeeded, copies the merging process's
 *     total (the merged result, total_size bytes) to every other process. A process that stopped
 *     early (an error) is still answered for: end() must make up for blocks it handed out but never
 *     sent. Results are plain bytes (doubles and integers): all processes must share one machine
 *     representation (any x86-64 or arm64 cluster does).
 */
#ifndef CLAIMGRAPH_BLOCKS_H
#define CLAIMGRAPH_BLOCKS_H

#include "export.h"

#include <stddef.h>
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** next(): no block left for this process. */
#define CG_BLOCK_NONE ((size_t)-1)

#define CG_BLOCK_EXECUTOR_VERSION 1
/** A block executor (see above). Passed by pointer in cg_centrality_options.executor and
 * cg_robustness_options.executor; NULL means this process computes every block itself. */
typedef struct cg_block_executor {
    unsigned version; /**< CG_BLOCK_EXECUTOR_VERSION */
    void *ud;         /**< passed to every function */
    int (*begin)(void *ud, size_t n_blocks, size_t size);
    size_t (*next)(void *ud);
    int (*send)(void *ud, size_t block, const void *result);
    int (*fetch)(void *ud, size_t block, void *result, int wait);
    cg_status (*end)(void *ud, cg_status st, const char *message, void *total, size_t total_size, char *message_out,
                     size_t message_cap);
} cg_block_executor;

#ifdef __cplusplus
}
#endif
#endif
