/* claimgraph-mpi: `claimgraph centrality` and `claimgraph robustness` on several MPI ranks
 * (README "On a cluster"). Same options and the same output bytes as the plain tool, for any
 * number of ranks and threads. Every rank parses the same arguments and loads the data itself
 * (a path every node can read); the heavy loops are spread over the ranks (mpi_executor.c); only
 * rank 0 writes output and messages. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "mpi_executor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int allowed(const char *cmd)
{
    static const char *const ok[] = {"centrality", "robustness", "help", "--help", "-h", "--version"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (strcmp(cmd, ok[i]) == 0) return 1;
    return 0;
}

int main(int argc, char **argv)
{
    int provided = 0, rank = 0, size = 1;
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "claimgraph-mpi: error: MPI could not be initialised\n");
        return 1;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (provided < MPI_THREAD_SERIALIZED) {
        /* the library's threads call MPI one at a time (under its lock) */
        if (rank == 0)
            fprintf(stderr, "claimgraph-mpi: error: this MPI library does not support MPI_THREAD_SERIALIZED "
                            "(it offers level %d)\n", provided);
        MPI_Finalize();
        return 1;
    }
    if (argc >= 2 && !allowed(argv[1])) {
        if (rank == 0)
            fprintf(stderr, "claimgraph-mpi: error: '%s' is not run on several processes: claimgraph-mpi runs "
                            "centrality and robustness (use claimgraph for the other commands)\n", argv[1]);
        MPI_Finalize();
        return 2;
    }
    if (rank != 0) { /* only rank 0 writes output and messages */
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) {
            MPI_Abort(MPI_COMM_WORLD, 1);
        }
    }
    cg_cli_setup_process();
    cg_block_executor ex;
    cg_mpi_state *s = cg_mpi_state_new(MPI_COMM_WORLD, &ex);
    double *load_seconds = calloc((size_t)size, sizeof *load_seconds);
    if (!s || !load_seconds) {
        fprintf(stderr, "claimgraph-mpi: error: out of memory\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    cli_cluster c = {rank, size, &ex, cg_mpi_after_load, load_seconds, s};
    cli_cluster_ctx = &c;
    int rc = cg_cli_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    cli_cluster_ctx = NULL;
    cg_mpi_state_free(s);
    free(load_seconds);
    MPI_Finalize();
    return rc;
}
