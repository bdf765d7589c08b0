/* `audit`: check every claim against the source texts and report what a reviewer must see. */
#include "analysis_opts.h"

#include <stdlib.h>
#include <string.h>

static int run_audit(cli_args *a)
{
    const char *dir = cli_get(a, "texts");
    if (!dir || !*dir) return cli_usage_error(a, "--texts DIR is required (the folder holding the source texts)");
    const char *fmts = cli_get(a, "format");
    cg_audit_format fmt = CG_AUDIT_MD;
    if (!fmts || !strcmp(fmts, "md")) fmt = CG_AUDIT_MD;
    else if (!strcmp(fmts, "json")) fmt = CG_AUDIT_JSON;
    else if (!strcmp(fmts, "html")) fmt = CG_AUDIT_HTML;
    else return cli_usage_error(a, "--format must be md, json or html (got '%s')", fmts);
    cg_audit_options ao;
    cg_audit_options_init(&ao);
    if (cli_double(a, "publication-threshold", 0, 1, &ao.publication_threshold) < 0) return 2;
    ao.texts_dir = dir;
    ao.strict = cli_flag(a, "strict");
    ao.allow_unsourced = cli_flag(a, "allow-unsourced");
    unsigned long rw = 12;
    if (cli_ulong(a, "reuse-words", 0, 100000, &rw) < 0) return 2;
    ao.reuse_words = rw;
    if (cli_double(a, "reuse-overlap", 0, 1, &ao.reuse_overlap) < 0) return 2;

    cli_analysis an;
    int rc = cli_analysis_init(a, &an);
    if (rc) {
        cli_analysis_free(&an);
        return rc;
    }
    cg_dataset *ds = cli_load(a, 0, a->npos, &rc);
    cg_audit *au = NULL;
    cg__output *o = NULL;
    char *line = NULL;
    if (!ds) goto done;
    ao.grading = an.grading;
    ao.filter = &an.filter;
    cg_status st = cg_audit_run(&au, ds, &ao, a->diag);
    cli_print_diag(a); /* skipped files are warnings */
    if (st != CG_OK) {
        rc = st == CG_EIO || st == CG_EINVAL ? 2 : 1; /* the texts folder is missing or unreadable: 2 */
        goto done;
    }
    o = cli_open_output(a, &rc);
    if (!o) goto done;
    if (cg_audit_write(au, cg__output_stream(o), fmt) != CG_OK) {
        rc = cli_fail_output(a, o, "the report");
        o = NULL;
        goto done;
    }
    rc = cli_finish_output(a, o);
    o = NULL;
    if (rc) goto done;
    const char *out = cli_get(a, "output");
    if (out && strcmp(out, "-") != 0) {
        line = cg_audit_summary_line(au);
        fprintf(stderr, "%s\n", line);
    }
    rc = cg_audit_passed(au) ? 0 : 1;
done:
    free(line);
    cg__output_abort(o);
    cg_audit_free(au);
    cg_dataset_free(ds);
    cli_analysis_free(&an);
    return rc;
}

const cli_cmd cli_cmd_audit = {
    "audit", "--texts DIR [OPTIONS] DATA...", "check every claim against the source texts and report findings",
    (const cli_opt[]){{"texts", 0, "DIR", "folder of source texts, found by content (required)"},
                      {"format", 0, "FMT", "md (default), json or html"},
                      {"strict", 0, NULL, "findings are errors too (exit 1 when there is any)"},
                      {"allow-unsourced", 0, NULL, "a claim without evidence spans is not an error"},
                      {"publication-threshold", 0, "X", "edges with confidence >= X count as publishable (default 0.5)"},
                      {"reuse-words", 0, "N", "possible_common_origin: passages of independent origins sharing N or more "
                                              "consecutive words (default 12; 0 = this rule off)"},
                      {"reuse-overlap", 0, "X", "possible_common_origin: or sharing at least 5 content word pairs, X of "
                                                "the shorter passage's (default 0.4; 0 = this rule off)"},
                      CLI_OPTS_FILTER, CLI_OPT_OUTPUT, CLI_OPT_MAXLINE, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_audit,
    "Every regular file below DIR (recursively; symbolic links are skipped, never followed) is\n"
    "read once and hashed; the file whose SHA-256 equals a source's text_sha256 is its text, whatever\n"
    "its name. No path in the dataset is opened and nothing outside DIR is read.\n"
    "\n"
    "Errors (exit 1): a source's text missing from DIR (its claims cannot be verified); a source\n"
    "without text_sha256 whose claims have spans; a span out of bounds, not on UTF-8 character\n"
    "boundaries, or whose bytes do not hash to its sha256 (the text there now is shown); a claim\n"
    "without evidence (unless --allow-unsourced).\n"
    "Findings (exit 0, or 1 with --strict): edges resting on a single origin; edges whose only voices\n"
    "are anonymous; claims whose corroboration collapsed because their sources are linked by cites;\n"
    "possible common origin: two supporting claims between the same two entities, counted as\n"
    "independent origins, whose passages share --reuse-words or more consecutive words, or at least\n"
    "5 content word pairs (two consecutive words, not both function words like \"of the\") making up\n"
    "--reuse-overlap of the shorter passage's, after lower-casing and treating punctuation, quotes,\n"
    "dashes and line breaks as spaces: one statement relayed by two sources is one origin (give both\n"
    "claims the same \"origin\");\n"
    "cites cycles; entities in no claim; sources no claim uses; disputed edges; edges at or above\n"
    "the publication threshold whose supporting evidence is all alleged.\n"
    "\n"
    "The report (Markdown, JSON or one self-contained HTML page) shows each verified span's exact\n"
    "text, read from DIR now. Claims left out by the filters are not audited (the report says so).\n"
    "With -o the report is written even when the audit fails, and the summary line also goes to\n"
    "standard error. Exit status: 0 passed, 1 errors (or findings with --strict) or invalid data,\n"
    "2 usage error or DIR missing or unreadable.\n",
    0, 0};
