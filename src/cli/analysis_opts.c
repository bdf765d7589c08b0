/* Options shared by the analysis commands. */
#include "analysis_opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_analysis_init(cli_args *a, cli_analysis *an)
{
    memset(an, 0, sizeof *an);
    cg_filter init = CG_FILTER_INIT;
    an->filter = init;
    if (cli_double(a, "min-confidence", 0, 1, &an->filter.min_confidence) < 0) return 2;
    const char **v;
    size_t n = cli_all(a, "source-kind", &v);
    for (size_t i = 0; i < n; i++) {
        cg_source_kind k;
        if (cg_source_kind_parse(v[i], &k) != 0)
            return cli_usage_error(a, "--source-kind: unknown kind '%s' (news, ngo_report, government_report, "
                                      "intelligence_report, court_record, interview, speech, academic, other)", v[i]);
        int dup = 0;
        for (size_t j = 0; j < an->filter.n_source_kinds; j++) dup |= an->kinds[j] == k;
        if (!dup) an->kinds[an->filter.n_source_kinds++] = k;
    }
    an->filter.source_kinds = an->kinds;
    n = cli_all(a, "status", &v);
    for (size_t i = 0; i < n; i++) {
        cg_claim_status s;
        if (cg_claim_status_parse(v[i], &s) != 0)
            return cli_usage_error(a, "--status: unknown status '%s' (alleged, reported, official_finding, charged, "
                                      "convicted, acquitted, denied)", v[i]);
        an->filter.status_mask |= 1u << s;
    }
    const char *const date_opts[2] = {"as-of", "since"};
    for (int i = 0; i < 2; i++) {
        const char *d = cli_get(a, date_opts[i]);
        if (d && !cg_date_valid(d))
            return cli_usage_error(a, "--%s: '%s' is not a valid ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)",
                                   date_opts[i], d);
    }
    an->filter.as_of = cli_get(a, "as-of");
    an->filter.since = cli_get(a, "since");
    /* the id lists are copied: cli_all reuses its buffer */
    n = cli_all(a, "exclude-source", &v);
    if (n) {
        char **copy = malloc(n * sizeof *copy);
        if (!copy) return 1;
        for (size_t i = 0; i < n; i++) copy[i] = (char *)v[i];
        an->filter.exclude_sources = (const char *const *)copy;
        an->filter.n_exclude_sources = n;
    }
    n = cli_all(a, "source", &v);
    if (n) {
        char **copy = malloc(n * sizeof *copy);
        if (!copy) return 1;
        for (size_t i = 0; i < n; i++) copy[i] = (char *)v[i];
        an->filter.only_sources = (const char *const *)copy;
        an->filter.n_only_sources = n;
    }
    const char *gpath = cli_get(a, "grading");
    if (gpath) {
        if (cg_grading_load(&an->grading, gpath, a->diag) != CG_OK) {
            cli_print_diag(a);
            return 1;
        }
    } else {
        an->grading = cg_grading_default();
    }
    return 0;
}

void cli_analysis_free(cli_analysis *an)
{
    free((void *)an->filter.exclude_sources);
    free((void *)an->filter.only_sources);
    cg_grading_free(an->grading);
}

const char *cli_num(double x, int decimals)
{
    static char bufs[8][48];
    static int k;
    return cg__format_decimal(x, decimals, bufs[k++ & 7], sizeof bufs[0]);
}
