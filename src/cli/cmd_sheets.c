/* `import sheets`, `export sheets` and `reanchor`: spreadsheets in and out, spans carried over
 * to changed texts. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static int dialect_opt(cli_args *a, cg_csv_dialect *d)
{
    const char *s = cli_get(a, "csv-dialect");
    if (s && cg_csv_dialect_parse(s, d) != 0)
        return cli_usage_error(a, "--csv-dialect must be plain or spreadsheet (got '%s')", s);
    return 0;
}

static int check_format(cli_args *a)
{
    if (strcmp(a->pos[0], "sheets") != 0)
        return cli_usage_error(a, "unknown format '%s' (formats: sheets)", a->pos[0]);
    return 0;
}

static int run_import(cli_args *a)
{
    if (check_format(a)) return 2;
    const char *tmpl = cli_get(a, "template");
    if (tmpl) {
        if (a->npos > 1) return cli_usage_error(a, "--template DIR takes no sheets");
        if (cg_sheets_write_template(tmpl, a->diag) != CG_OK) return 1;
        fprintf(stderr, "wrote %s/sources.csv, entities.csv, relations.csv, claims.csv and texts/example.txt\n", tmpl);
        return 0;
    }
    if (a->npos < 2) return cli_usage_error(a, "give the sheets to import (a folder or CSV files)");
    const char *out = cli_get(a, "output"), *out_dir = cli_get(a, "out-dir");
    if (out && out_dir) return cli_usage_error(a, "give -o FILE or --out-dir DIR, not both");
    cg_sheets_import_options io;
    cg_sheets_import_options_init(&io);
    io.texts_dir = cli_get(a, "texts");
    if (dialect_opt(a, &io.dialect)) return 2;
    unsigned long th = 0;
    if (cli_ulong(a, "threads", 1, 256, &th) < 0) return 2;
    io.threads = (unsigned)th;
    cg_import *im = NULL;
    cg_status st = cg_sheets_import(&im, (const char *const *)a->pos + 1, a->npos - 1, &io, a->diag);
    cli_print_diag(a);
    if (st != CG_OK) {
        fputs("claimgraph import: nothing was written\n", stderr);
        return 1;
    }
    st = cg_import_write(im, out_dir ? NULL : out, out_dir, a->diag);
    size_t n[CG_SHEET_COUNT];
    for (int k = 0; k < CG_SHEET_COUNT; k++) cg_import_jsonl(im, (cg_sheet_kind)k, NULL, &n[k]);
    cg_import_free(im);
    if (st != CG_OK) return 1;
    fprintf(stderr, "imported %zu sources, %zu entities, %zu relations, %zu claims\n", n[0], n[1], n[2], n[3]);
    return 0;
}

const cli_cmd cli_cmd_import_sheets = {
    "import", "sheets DIR|FILE... [--texts DIR] [-o OUT.jsonl | --out-dir DIR]",
    "make dataset records from spreadsheets (CSV sheets), locating quotes in the source texts",
    (const cli_opt[]){{"texts", 0, "DIR", "folder of the source texts (quotes are located there)"},
                      {"out-dir", 0, "DIR", "write sources.jsonl, entities.jsonl, relations.jsonl, claims.jsonl there"},
                      {"csv-dialect", 0, "D", "plain (default) or spreadsheet (a leading ' before = + - @ is removed)"},
                      {"template", 0, "DIR", "write example sheets (and texts/example.txt) to DIR and exit"},
                      {"threads", 0, "N", "threads for validating the result"},
                      CLI_OPT_OUTPUT, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_import,
    "Sheets: sources.csv, entities.csv, relations.csv (optional), claims.csv (a file named after a\n"
    "record type, or any sheet with a `type` column). UTF-8 with or without BOM; comma, semicolon or\n"
    "tab (detected from the header); RFC 4180 quoting; CRLF or LF. Headers are the JSON field names\n"
    "(case-insensitive) plus from/to, quote, source_id, text_file, occurrence, evidence. Subject and\n"
    "object may be an entity id, name or alias (accents and case ignored). A claim's `quote` is\n"
    "located in its source's text (text_file, or text_sha256 found by content); several passages\n"
    "are separated by [...] or given in rows with only the claim's id and a quote. An empty claim\n"
    "id is derived from the row's content. Errors: FILE:ROW:COLUMN: error: ...; nothing is written\n"
    "unless the whole import succeeds (the records are validated like `check`).\n",
    1, 0};

static int run_export(cli_args *a)
{
    if (check_format(a)) return 2;
    const char *dir = cli_get(a, "out-dir");
    if (!dir) return cli_usage_error(a, "--out-dir DIR is required");
    cg_sheets_export_options eo;
    cg_sheets_export_options_init(&eo);
    eo.texts_dir = cli_get(a, "texts");
    if (dialect_opt(a, &eo.dialect)) return 2;
    int rc;
    cg_dataset *ds = cli_load(a, 1, a->npos, &rc);
    if (!ds) return rc;
    cg_status st = cg_sheets_export(ds, dir, &eo, a->diag);
    cg_dataset_free(ds);
    return st == CG_OK ? 0 : st == CG_EIO && eo.texts_dir ? 2 : 1;
}

const cli_cmd cli_cmd_export_sheets = {
    "export", "sheets DATA... --out-dir DIR [--texts DIR] [--csv-dialect plain|spreadsheet]",
    "write the dataset as CSV sheets (sources, entities, relations, claims) for review or editing",
    (const cli_opt[]){{"out-dir", 0, "DIR", "folder for sources.csv, entities.csv, relations.csv, claims.csv"},
                      {"texts", 0, "DIR", "fill the quote and text_file columns from the source texts"},
                      {"csv-dialect", 0, "D", "plain (default: for re-import and machines) or spreadsheet (formula guard)"},
                      CLI_OPT_MAXLINE, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_export,
    "A team output: every field, notes included. `import sheets` of the export gives back the same\n"
    "records. Evidence spans are in the `evidence` column (START:END:SHA256); a claim's second and\n"
    "further spans are rows with only its id, evidence and quote. The four files are replaced\n"
    "together, only when all were written.\n",
    1, 0};

static int run_reanchor(cli_args *a)
{
    cg_reanchor_options ro;
    cg_reanchor_options_init(&ro);
    ro.texts_dir = cli_get(a, "texts");
    if (!ro.texts_dir) return cli_usage_error(a, "--texts DIR is required (the folder of the new texts)");
    ro.old_texts_dir = cli_get(a, "old-texts");
    ro.accept_changed = cli_flag(a, "accept-changed");
    int in_place = cli_flag(a, "in-place");
    const char *out = cli_get(a, "output");
    if (in_place && out) return cli_usage_error(a, "give -o FILE or --in-place, not both");
    if (in_place && a->npos == 0) return cli_usage_error(a, "--in-place needs dataset files (not standard input)");
    for (size_t i = 0; i < a->npos; i++)
        if (in_place && !strcmp(a->pos[i], "-")) return cli_usage_error(a, "--in-place cannot rewrite standard input");
    const char **maps = NULL;
    size_t nm = cli_all(a, "map", &maps);
    char **src = calloc(nm + 1, sizeof *src);
    const char **file = calloc(nm + 1, sizeof *file);
    int rc = 0;
    cg_dataset *ds = NULL;
    cg_reanchor *ra = NULL;
    if (!src || !file) {
        rc = 1;
        goto done;
    }
    for (size_t i = 0; i < nm; i++) {
        const char *eq = strchr(maps[i], '=');
        if (!eq || eq == maps[i] || !eq[1]) {
            rc = cli_usage_error(a, "--map takes SOURCE=FILE (got '%s')", maps[i]);
            goto done;
        }
        src[i] = calloc((size_t)(eq - maps[i]) + 1, 1);
        if (!src[i]) {
            rc = 1;
            goto done;
        }
        memcpy(src[i], maps[i], (size_t)(eq - maps[i]));
        file[i] = eq + 1;
    }
    ro.map_source = (const char *const *)src;
    ro.map_file = file;
    ro.n_map = nm;
    ds = cli_load(a, 0, a->npos, &rc);
    if (!ds) goto done;
    cg_status st = cg_reanchor_run(&ra, ds, &ro, a->diag);
    cli_print_diag(a);
    if (st != CG_OK) {
        rc = st == CG_EIO || st == CG_EINVAL || st == CG_ENOTFOUND ? 2 : 1;
        goto done;
    }
    cg_reanchor_write_report(ra, stdout);
    fflush(stdout);
    size_t counts[CG_RA_COUNT], to_fix = 0;
    cg_reanchor_counts(ra, counts, &to_fix);
    if ((out || in_place) && cg_reanchor_has_changes(ra)) {
        if (cg_reanchor_write(ra, out, in_place, a->diag) != CG_OK) {
            rc = 1;
            goto done;
        }
    } else if (out) {
        if (cg_reanchor_write(ra, out, 0, a->diag) != CG_OK) {
            rc = 1;
            goto done;
        }
    }
    rc = to_fix ? 1 : 0;
done:
    cg_reanchor_free(ra);
    cg_dataset_free(ds);
    for (size_t i = 0; src && i < nm; i++) free(src[i]);
    free(src);
    free(file);
    return rc;
}

const cli_cmd cli_cmd_reanchor = {
    "reanchor", "DATA... --texts DIR [--old-texts DIR] [--map SOURCE=FILE] [--accept-changed] [-o FILE | --in-place]",
    "find every evidence span again after a source text changed, and rewrite offsets and hashes",
    (const cli_opt[]){{"texts", 0, "DIR", "folder of the new texts"},
                      {"old-texts", 0, "DIR", "folder of the texts the spans were made on (found by text_sha256)"},
                      {"map", 0, "SOURCE=FILE", "the new text of SOURCE is FILE (repeatable); else the one close file in --texts"},
                      {"accept-changed", 0, NULL, "also rewrite spans whose passage's words changed"},
                      {"in-place", 0, NULL, "rewrite the dataset files (only changed lines change)"},
                      CLI_OPT_OUTPUT, CLI_OPT_MAXLINE, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_reanchor,
    "Reports each span as unchanged, moved, whitespace (re-found with whitespace or quote-mark\n"
    "differences), changed (the words differ: both versions shown) or lost. Without -o or\n"
    "--in-place nothing is written. Exit status 1 while some span is lost, or changed and not\n"
    "accepted.\n",
    0, 0};
