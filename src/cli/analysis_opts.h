/* Options shared by the analysis commands (edges, explain, centrality, dot, render). */
#ifndef CG_CLI_ANALYSIS_OPTS_H
#define CG_CLI_ANALYSIS_OPTS_H

#include "cli.h"

#define CLI_OPTS_FILTER \
    {"grading", 0, "FILE", "grading table (JSON) replacing the default reliability x credibility table"}, \
    {"min-confidence", 0, "X", "leave out edges/links with confidence below X (0..1)"}, \
    {"exclude-source", 0, "ID", "ignore the claims of source ID (repeatable)"}, \
    {"source", 0, "ID", "use only the claims of source ID (repeatable)"}, \
    {"source-kind", 0, "KIND", "use only claims from sources of this kind (repeatable)"}, \
    {"status", 0, "STATUS", "use only claims with this status (repeatable)"}, \
    {"as-of", 0, "DATE", "use only the claims in force on DATE (YYYY, YYYY-MM or YYYY-MM-DD): from their valid_from, " \
                         "else their source's published date, until their valid_to"}, \
    {"since", 0, "DATE", "use only the claims whose source was published on or after DATE (undated sources are left out)"}

typedef struct cli_analysis {
    cg_grading *grading;
    cg_filter filter;
    cg_source_kind kinds[CG_SK_COUNT];
} cli_analysis;

/* Parses the filter options; returns 0, or the exit status after reporting (2 usage, 1 data). */
int cli_analysis_init(cli_args *a, cli_analysis *an);
void cli_analysis_free(cli_analysis *an);

/* Formats x with up to `decimals` decimals, trailing zeros trimmed (deterministic). */
const char *cli_num(double x, int decimals);

#endif
