/* The claimgraph command-line tool, built as a library so its logic can be tested.
 * Uses only the public headers of libclaimgraph, plus the internal helpers it shares with the
 * library as an object library (src/common: util.h, output.h), which are not API. */
#ifndef CG_CLI_H
#define CG_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "claimgraph/claimgraph.h"
#include "output.h"
#include "termsafe.h"
#include "util.h"

/* Runs the tool; returns the exit status (0 ok, 1 data or I/O error, 2 usage). */
int cg_cli_main(int argc, char **argv);
/* Process set-up of the tool: signal handlers that remove temporary files, and an out-of-memory
 * handler (the library's and the shared helpers') that removes them and exits with status 1. */
void cg_cli_setup_process(void);

/* ---- option tables (one table feeds both the parser and the help text) ---- */

typedef struct cli_opt {
    const char *name;   /* long name without dashes */
    char short_name;    /* 0 if none */
    const char *arg;    /* metavariable, or NULL for a flag */
    const char *help;
} cli_opt;

struct cli_args;
typedef int (*cli_run)(struct cli_args *a);

typedef struct cli_cmd {
    const char *name;
    const char *usage;    /* after "claimgraph NAME " */
    const char *summary;  /* one line */
    const cli_opt *opts;  /* terminated by {NULL} */
    cli_run run;
    const char *details;  /* extra help text, may be NULL */
    size_t min_pos, max_pos; /* positional argument counts (max 0 = unlimited) */
} cli_cmd;

/* Help topics and manual pages (help.c). */
void cli_print_topics(FILE *f);
int cli_print_topic(const char *name, FILE *f); /* 1 if the topic exists */
void cli_write_man(const cli_cmd *c, const cli_cmd *const *all, size_t n, FILE *f); /* c NULL: claimgraph(1) */
int cli_write_man_dir(const char *dir, const cli_cmd *const *all, size_t n);

typedef struct cli_kv { const cli_opt *opt; const char *val; } cli_kv;

typedef struct cli_args {
    const cli_cmd *cmd;
    char **pos;
    size_t npos;
    cli_kv *kv;
    size_t nkv;
    cg_diag *diag;
} cli_args;

/* Value of the last occurrence of option `name`, or NULL. */
const char *cli_get(const cli_args *a, const char *name);
/* 1 if the flag was given. */
int cli_flag(const cli_args *a, const char *name);
/* All values of a repeatable option, in order; returns the count (array owned by a). */
size_t cli_all(const cli_args *a, const char *name, const char ***out);
/* Reports a usage error (prefix "claimgraph CMD: ") and returns 2. */
int cli_usage_error(const cli_args *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Parses a number option; returns 0 on success, else prints a usage error. */
int cli_double(const cli_args *a, const char *name, double lo, double hi, double *out);
int cli_ulong(const cli_args *a, const char *name, unsigned long lo, unsigned long hi, unsigned long *out);

/* Loads DATA... (the positional arguments from index `first`, `last` excluded; none = stdin)
 * with the common loader options; prints diagnostics; returns NULL on failure (*rc set). */
cg_dataset *cli_load(cli_args *a, size_t first, size_t last, int *rc);
/* Same, for commands that never show claims' summaries, notes, caveats or evidence spans: those
 * are checked but not kept (see cg_load_options.skip_claim_text). */
cg_dataset *cli_load_lean(cli_args *a, size_t first, size_t last, int *rc);
/* Prints and clears diagnostics to stderr. */
void cli_print_diag(cli_args *a);
/* Opens the -o output (stdout if absent). */
cg__output *cli_open_output(cli_args *a, int *rc);
/* Commits; returns the exit status. */
int cli_finish_output(cli_args *a, cg__output *o);
/* A writer failed: reports why (the file and the system's reason when a write failed, else
 * "cannot write WHAT"), discards the output; returns 1. */
int cli_fail_output(cli_args *a, cg__output *o, const char *what);

/* Common option entries */
#define CLI_OPT_OUTPUT {"output", 'o', "FILE", "write to FILE (atomically) instead of standard output"}
#define CLI_OPT_MAXLINE {"max-line-bytes", 0, "N", "longest accepted input line in bytes (default 67108864)"}, \
    {"max-input-bytes", 0, "N", "most bytes read from an input that is not a regular file, such as standard input or a pipe (default 17179869184)"}, \
    {"threads", 0, "N", "threads for parsing and path measures (default: all cores; results never depend on it)"}
#define CLI_OPT_HELP {"help", 'h', NULL, "show this help and exit"}

/* ---- several processes (claimgraph-mpi, src/mpi/main.c; README "On a cluster") ---- */

/* Set by a launcher before cg_cli_main, NULL in the plain tool. Every process runs the same
 * command on the same data (each loads it itself); the heavy loops (centrality's path measures,
 * robustness worlds) are spread over the processes by `executor`; only process 0 writes output
 * and messages (the launcher sends the others' standard output and error to /dev/null). */
typedef struct cli_cluster {
    int rank, size;
    const cg_block_executor *executor;
    /* Collective, called by every process right after loading its data: st = how the load went
     * (its messages in diag), seconds = its load time. Returns the status all processes agree on
     * (not CG_OK if any failed); on process 0, the first message of a failed other process is
     * added to diag (prefixed with its rank), and load_seconds[0 .. size) is filled. */
    cg_status (*after_load)(const struct cli_cluster *c, cg_status st, cg_diag *diag, double seconds);
    double *load_seconds;
    void *ud;
} cli_cluster;
extern const cli_cluster *cli_cluster_ctx;
/* Appends ,"ranks":P,"load_s_per_rank":[...] to a --timings object (nothing without a cluster). */
void cli_cluster_timings(FILE *f);

/* Commands (cmd_*.c) */
extern const cli_cmd cli_cmd_check, cli_cmd_stats, cli_cmd_edges, cli_cmd_explain, cli_cmd_centrality,
    cli_cmd_dot, cli_cmd_render, cli_cmd_audit, cli_cmd_locate;
extern const cli_cmd cli_cmd_import, cli_cmd_export; /* cmd_exchange.c: dispatch on FORMAT to one of */
extern const cli_cmd cli_cmd_import_sheets, cli_cmd_export_sheets, cli_cmd_reanchor; /* cmd_sheets.c */
extern const cli_cmd cli_cmd_export_graph, cli_cmd_import_ftm; /* cmd_export.c */
/* The graph export formats, one paragraph each: in `export --help` and `export FORMAT --help`. */
#define CLI_HELP_GRAPH_FORMATS \
    "  gexf     GEXF 1.3 for Gephi and Gephi Lite: a mixed graph, edge kind = relation, weight =\n" \
    "           confidence, typed attributes, start/end from the claims' validity dates.\n" \
    "  graphml  GraphML with typed keys. Per-edge direction only when the graph mixes directed and\n" \
    "           undirected relations (NetworkX refuses such files, igraph reads every edge one way):\n" \
    "           for those, add --uniform-direction.\n" \
    "  ftm      FollowTheMoney 3.x JSON lines for Aleph: entities, sources as documents, one link per\n" \
    "           supporting claim, refuting claims as Notes. FtM cannot carry confidence, grades,\n" \
    "           origin groups or evidence spans except as text in `description`.\n" \
    "  neo4j    CSV files for `neo4j-admin database import full` and a LOAD CSV script (--out-dir).\n"
extern const cli_cmd cli_cmd_robustness; /* cmd_robustness.c */

#endif
