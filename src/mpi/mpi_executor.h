/* claimgraph-mpi: the block executor over MPI ranks, and the collective load check of the CLI
 * (README "On a cluster"). Only claimgraph-mpi links MPI; the library stays MPI-free. */
#ifndef CG_MPI_EXECUTOR_H
#define CG_MPI_EXECUTOR_H

#include <mpi.h>

#include "claimgraph/claimgraph.h"

typedef struct cg_mpi_state cg_mpi_state;

/* Creates the state on a duplicate of comm (errors returned, not fatal), fills *ex with the
 * executor. Test hooks (environment, documented in README "On a cluster"):
 * CLAIMGRAPH_MPI_FAIL_RANK=N makes rank N's data load fail; CLAIMGRAPH_MPI_FAIL_BLOCK=B makes
 * the rank that computes block B fail to hand its result over (every loop). */
cg_mpi_state *cg_mpi_state_new(MPI_Comm comm, cg_block_executor *ex);
void cg_mpi_state_free(cg_mpi_state *s);
int cg_mpi_rank(const cg_mpi_state *s);
int cg_mpi_size(const cg_mpi_state *s);

/* The after-load agreement (cli_cluster.after_load): ud of c is the state. */
struct cli_cluster;
cg_status cg_mpi_after_load(const struct cli_cluster *c, cg_status st, cg_diag *diag, double seconds);

#endif
