/* `check` and `stats`: validate a dataset and count what is in it. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static size_t relations_in_use(const cg_dataset *ds)
{
    size_t nr = cg_dataset_n_relations(ds), used = 0;
    char *seen = calloc(nr + 1, 1);
    if (!seen) return 0;
    for (size_t i = 0; i < cg_dataset_n_claims(ds); i++) {
        cg_idx r = cg_dataset_claim(ds, (cg_idx)i)->relation;
        if (!seen[r]) {
            seen[r] = 1;
            used++;
        }
    }
    free(seen);
    return used;
}

static int run_check(cli_args *a)
{
    int rc;
    cg_dataset *ds = cli_load_lean(a, 0, a->npos, &rc);
    if (!ds) return rc;
    size_t declared = 0;
    for (size_t i = 0; i < cg_dataset_n_relations(ds); i++) declared += !cg_dataset_relation(ds, (cg_idx)i)->builtin;
    printf("ok: %zu source%s, %zu entit%s, %zu claim%s, %zu relation%s in use (%zu declared in the data) in %zu file%s\n",
           cg_dataset_n_sources(ds), cg_dataset_n_sources(ds) == 1 ? "" : "s", cg_dataset_n_entities(ds),
           cg_dataset_n_entities(ds) == 1 ? "y" : "ies", cg_dataset_n_claims(ds),
           cg_dataset_n_claims(ds) == 1 ? "" : "s", relations_in_use(ds), relations_in_use(ds) == 1 ? "" : "s",
           declared, cg_dataset_n_files(ds), cg_dataset_n_files(ds) == 1 ? "" : "s");
    cg_dataset_free(ds);
    return 0;
}

const cli_cmd cli_cmd_check = {
    "check", "[OPTIONS] DATA...", "validate a dataset and print a one-line summary",
    (const cli_opt[]){CLI_OPT_MAXLINE, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_check,
    "Every problem is reported as FILE:LINE:COL: error: MESSAGE (up to 100, then a count).\n"
    "Exit status 0 when the dataset is valid, 1 when it is not.\n",
    0, 0};

/* ---- stats ---- */

typedef struct { const char *key; size_t n; } kcount;

static int cmp_kcount(const void *x, const void *y)
{
    const kcount *a = x, *b = y;
    if (a->n != b->n) return a->n < b->n ? 1 : -1;
    return strcmp(a->key, b->key);
}

/* Writes s with spaces as underscores (JSON keys; ids and enum names need no escaping). */
static void put_key(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) fputc(*s == ' ' ? '_' : *s, f);
    fputc('"', f);
}

static void print_counts(FILE *f, int json, const char *title, kcount *k, size_t n, int last)
{
    qsort(k, n, sizeof *k, cmp_kcount);
    if (json) {
        fputs("  ", f);
        put_key(f, title);
        fputs(": {", f);
        int first = 1;
        for (size_t i = 0; i < n; i++) {
            if (!k[i].n) continue;
            if (!first) fputs(", ", f);
            put_key(f, k[i].key);
            fprintf(f, ": %zu", k[i].n);
            first = 0;
        }
        fprintf(f, "}%s\n", last ? "" : ",");
        return;
    }
    fprintf(f, "\n%s:\n", title);
    for (size_t i = 0; i < n; i++)
        if (k[i].n) fprintf(f, "  %-28s %zu\n", k[i].key, k[i].n);
}

static int run_stats(cli_args *a)
{
    const char *fmt = cli_get(a, "format");
    if (fmt && strcmp(fmt, "text") && strcmp(fmt, "json"))
        return cli_usage_error(a, "--format must be text or json (got '%s')", fmt);
    int json = fmt && !strcmp(fmt, "json");
    int rc;
    cg_dataset *ds = cli_load(a, 0, a->npos, &rc);
    if (!ds) return rc;
    cg__output *o = cli_open_output(a, &rc);
    if (!o) {
        cg_dataset_free(ds);
        return rc;
    }
    FILE *f = cg__output_stream(o);
    size_t ns = cg_dataset_n_sources(ds), ne = cg_dataset_n_entities(ds), nc = cg_dataset_n_claims(ds),
           nr = cg_dataset_n_relations(ds);
    size_t declared = 0;
    for (size_t i = 0; i < nr; i++) declared += !cg_dataset_relation(ds, (cg_idx)i)->builtin;
    if (json)
        fprintf(f, "{\n  \"records\": {\"source\": %zu, \"entity\": %zu, \"relation\": %zu, \"claim\": %zu},\n", ns,
                ne, declared, nc);
    else
        fprintf(f, "records:\n  %-28s %zu\n  %-28s %zu\n  %-28s %zu (plus %zu built in)\n  %-28s %zu\n", "source", ns,
                "entity", ne, "relation", declared, nr - declared, "claim", nc);

    kcount *k = calloc((ns + ne + nr + CG_EK_COUNT + CG_SK_COUNT + CG_ST_COUNT + 8), sizeof *k);
    if (!k) {
        cg__output_abort(o);
        cg_dataset_free(ds);
        return 1;
    }
    /* source kinds */
    for (int i = 0; i < CG_SK_COUNT; i++) k[i] = (kcount){cg_source_kind_name((cg_source_kind)i), 0};
    for (size_t i = 0; i < ns; i++) k[cg_dataset_source(ds, (cg_idx)i)->kind].n++;
    print_counts(f, json, "sources by kind", k, CG_SK_COUNT, 0);
    /* entity kinds */
    for (int i = 0; i < CG_EK_COUNT; i++) k[i] = (kcount){cg_entity_kind_name((cg_entity_kind)i), 0};
    for (size_t i = 0; i < ne; i++) k[cg_dataset_entity(ds, (cg_idx)i)->kind].n++;
    print_counts(f, json, "entities by kind", k, CG_EK_COUNT, 0);
    /* claims by relation */
    for (size_t i = 0; i < nr; i++) k[i] = (kcount){cg_dataset_relation(ds, (cg_idx)i)->id, 0};
    for (size_t i = 0; i < nc; i++) k[cg_dataset_claim(ds, (cg_idx)i)->relation].n++;
    print_counts(f, json, "claims by relation", k, nr, 0);
    /* claims by source */
    for (size_t i = 0; i < ns; i++) k[i] = (kcount){cg_dataset_source(ds, (cg_idx)i)->id, 0};
    for (size_t i = 0; i < nc; i++) k[cg_dataset_claim(ds, (cg_idx)i)->source].n++;
    print_counts(f, json, "claims by source", k, ns, 0);
    /* claims by status */
    for (int i = 0; i < CG_ST_COUNT; i++) k[i] = (kcount){cg_claim_status_name((cg_claim_status)i), 0};
    for (size_t i = 0; i < nc; i++) k[cg_dataset_claim(ds, (cg_idx)i)->status].n++;
    print_counts(f, json, "claims by status", k, CG_ST_COUNT, 0);
    /* claims by stance and voice */
    size_t refutes = 0, anon = 0, with_origin = 0, unsourced = 0;
    for (size_t i = 0; i < nc; i++) {
        const cg_claim *c = cg_dataset_claim(ds, (cg_idx)i);
        refutes += c->stance == CG_REFUTES;
        anon += c->anonymous != 0;
        with_origin += c->origin != NULL;
        unsourced += c->text->n_evidence == 0;
    }
    k[0] = (kcount){"supports", nc - refutes};
    k[1] = (kcount){"refutes", refutes};
    print_counts(f, json, "claims by stance", k, 2, 0);
    k[0] = (kcount){"anonymous voice", anon};
    k[1] = (kcount){"explicit origin", with_origin};
    k[2] = (kcount){"without evidence spans", unsourced};
    print_counts(f, json, "claims with", k, 3, 1);
    if (json) fprintf(f, "}\n");
    free(k);
    cg_dataset_free(ds);
    return cli_finish_output(a, o);
}

const cli_cmd cli_cmd_stats = {
    "stats", "[OPTIONS] DATA...", "count records by type, kind, relation, source, status and stance",
    (const cli_opt[]){{"format", 0, "FMT", "text (default) or json"}, CLI_OPT_OUTPUT, CLI_OPT_MAXLINE, CLI_OPT_HELP,
                      {NULL, 0, NULL, NULL}},
    run_stats, NULL, 0, 0};
