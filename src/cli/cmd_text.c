/* `locate`: print the evidence span of a passage in a source text. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define TEXT_MAX ((size_t)1 << 31)

static int run_locate(cli_args *a)
{
    const char *path = cli_get(a, "text");
    if (!path) return cli_usage_error(a, "--text FILE is required");
    unsigned long occ = 0;
    if (cli_ulong(a, "occurrence", 1, 1000000, &occ) < 0) return 2;
    const char *passage = a->pos[0];
    char *text = NULL;
    size_t len = 0;
    if (cg_read_file(path, TEXT_MAX, &text, &len, a->diag) != CG_OK) return 1;
    cg_locate_result r;
    cg_status st = cg_locate(text, len, passage, strlen(passage), occ, &r);
    int rc = 0;
    switch (st) {
    case CG_OK: break;
    case CG_EDATA:
        cg_diag_add(a->diag, CG_SEV_ERROR, path, 0, 0, "the text is not valid UTF-8");
        rc = 1;
        break;
    case CG_EINVAL:
        rc = cli_usage_error(a, "the passage is empty or not valid UTF-8");
        break;
    case CG_ENOTFOUND:
        if (occ && r.occurrences)
            cg_diag_add(a->diag, CG_SEV_ERROR, path, 0, 0, "the passage occurs only %zu time%s, so there is no occurrence %lu",
                        r.occurrences, r.occurrences == 1 ? "" : "s", occ);
        else
            cg_diag_add(a->diag, CG_SEV_ERROR, path, 0, 0,
                        "the passage does not occur in this text (whitespace differences are tolerated; "
                        "typographic quotes match straight ones; check words, accents and dashes: - vs \xE2\x80\x94)");
        rc = 1;
        break;
    case CG_EAMBIGUOUS:
        if (r.occurrences > 1000)
            cg_diag_add(a->diag, CG_SEV_ERROR, path, 0, 0,
                        "the passage occurs more than 1000 times; lengthen it to make it unique");
        else
            cg_diag_add(a->diag, CG_SEV_ERROR, path, 0, 0,
                        "the passage occurs %zu times; lengthen it, or pick one with --occurrence 1..%zu",
                        r.occurrences, r.occurrences);
        rc = 1;
        break;
    default:
        cg_diag_add(a->diag, CG_SEV_ERROR, path, 0, 0, "%s", cg_strerror(st));
        rc = 1;
    }
    if (rc) {
        free(text);
        return rc;
    }
    if (cli_flag(a, "show")) { /* the text quoted, its control characters made visible */
        cg__term_write(stderr, text + r.span.start, (size_t)(r.span.end - r.span.start), 1);
        fputc('\n', stderr);
    }
    free(text);
    cg__output *o = cli_open_output(a, &rc);
    if (!o) return rc;
    char hex[65];
    cg_hex_sha256(r.span.sha256, hex);
    fprintf(cg__output_stream(o), "{\"start\":%llu,\"end\":%llu,\"sha256\":\"%s\"}\n",
            (unsigned long long)r.span.start, (unsigned long long)r.span.end, hex);
    return cli_finish_output(a, o);
}

const cli_cmd cli_cmd_locate = {
    "locate", "--text FILE [OPTIONS] PASSAGE", "print the evidence span {start,end,sha256} of a passage in a text",
    (const cli_opt[]){{"text", 0, "FILE", "the source text (UTF-8) the span points into"},
                      {"occurrence", 0, "N", "use the N-th occurrence when the passage occurs more than once"},
                      {"show", 0, NULL, "also print the located text on standard error"},
                      CLI_OPT_OUTPUT, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_locate,
    "Offsets are bytes into the file, end exclusive; sha256 is the hash of exactly those bytes.\n"
    "Whitespace in the passage matches any run of whitespace (line breaks, tabs, no-break spaces)\n"
    "in the text, and typographic quotes match straight ones (\xE2\x80\x99 and ', \xE2\x80\x9C and \").\n"
    "Fails when the passage occurs zero times or, without --occurrence, more than once.\n",
    1, 1};
