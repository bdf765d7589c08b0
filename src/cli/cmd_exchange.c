/* `export FORMAT` and `import FORMAT`: one command each, dispatched on FORMAT to the command of
 * that format (cmd_sheets.c: sheets; cmd_export.c: gexf, graphml, ftm, neo4j and import ftm).
 * The option table here is the union of theirs; an option the chosen format does not take is a
 * usage error. */
#include "analysis_opts.h"

#include <string.h>

/* The command for `pos[0]`, or NULL. */
static const cli_cmd *export_target(const char *fmt)
{
    if (!strcmp(fmt, "sheets")) return &cli_cmd_export_sheets;
    cg_export_format f;
    if (cg_export_format_parse(fmt, &f) == 0) return &cli_cmd_export_graph;
    return NULL;
}

static const cli_cmd *import_target(const char *fmt)
{
    if (!strcmp(fmt, "sheets")) return &cli_cmd_import_sheets;
    if (!strcmp(fmt, "ftm")) return &cli_cmd_import_ftm;
    return NULL;
}

/* Runs `target` after checking that it takes every option given. */
static int dispatch(cli_args *a, const cli_cmd *target, const char *formats)
{
    if (!target) return cli_usage_error(a, "unknown format '%s' (%s)", a->pos[0], formats);
    for (size_t i = 0; i < a->nkv; i++) {
        int ok = 0;
        for (const cli_opt *o = target->opts; o->name && !ok; o++) ok = !strcmp(o->name, a->kv[i].opt->name);
        if (!ok) return cli_usage_error(a, "--%s does not apply to %s", a->kv[i].opt->name, a->pos[0]);
    }
    if (a->npos < target->min_pos)
        return cli_usage_error(a, "missing arguments (usage: claimgraph %s %s)", a->cmd->name, target->usage);
    return target->run(a);
}

static int run_export(cli_args *a)
{
    return dispatch(a, export_target(a->pos[0]), "gexf, graphml, ftm, neo4j or sheets");
}

static int run_import(cli_args *a)
{
    return dispatch(a, import_target(a->pos[0]), "ftm or sheets");
}

const cli_cmd cli_cmd_export = {
    "export", "FORMAT [OPTIONS] DATA...",
    "the graph for Gephi, NetworkX/igraph, Aleph or Neo4j; or the dataset as CSV sheets",
    (const cli_opt[]){{"show-denials", 0, NULL, "gexf graphml ftm neo4j: also export edges that no claim supports, marked refute_only"},
                      {"with-centrality", 0, NULL, "gexf graphml neo4j: every centrality measure as a node attribute"},
                      {"uniform-direction", 0, NULL, "gexf graphml: every edge directed (attribute directed=false for "
                                                     "undirected relations), for NetworkX and igraph"},
                      {"out-dir", 0, "DIR", "neo4j: the folder for its files; sheets: the folder for the four sheets"},
                      {"texts", 0, "DIR", "sheets: fill the quote and text_file columns from the source texts"},
                      {"csv-dialect", 0, "D", "sheets: plain (default: for re-import and machines) or spreadsheet (formula guard)"},
                      CLI_OPTS_FILTER, CLI_OPT_OUTPUT, CLI_OPT_MAXLINE, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_export,
    "FORMAT is gexf, graphml, ftm, neo4j (the graph for other tools: see below and README \"Export\n"
    "and import\") or sheets (the whole dataset as CSV sheets, notes included: a team output, see\n"
    "README \"From a spreadsheet\"). The filters (--grading ... --status) apply to the graph formats.\n"
    "\n"
    CLI_HELP_GRAPH_FORMATS
    "For the graph formats every entity is a node; the edges and claims are those `claimgraph edges`\n"
    "lists with the same filters. An edge that no claim supports is exported only with\n"
    "--show-denials, marked refute_only. Supporting and refuting sources are separate attributes.\n"
    "Caveats are exported; notes never are. The same input gives the same bytes.\n"
    "\n"
    "  sheets   sources.csv, entities.csv, relations.csv, claims.csv into --out-dir: every field,\n"
    "           notes included; `import sheets` of the export gives back the same records.\n",
    1, 0};

const cli_cmd cli_cmd_import = {
    "import", "FORMAT [OPTIONS] FILE...",
    "make a dataset from FollowTheMoney entities (ftm) or from spreadsheets (sheets)",
    (const cli_opt[]){{"texts", 0, "DIR", "sheets: folder of the source texts (quotes are located there)"},
                      {"out-dir", 0, "DIR", "sheets: write sources.jsonl, entities.jsonl, relations.jsonl, claims.jsonl there"},
                      {"csv-dialect", 0, "D", "sheets: plain (default) or spreadsheet (a leading ' before = + - @ is removed)"},
                      {"template", 0, "DIR", "sheets: write example sheets (and texts/example.txt) to DIR and exit"},
                      {"threads", 0, "N", "sheets: threads for validating the result"},
                      CLI_OPT_OUTPUT, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_import,
    "  ftm      FollowTheMoney entities (JSON lines, e.g. an Aleph export): things become entities\n"
    "           (kind from the schema and topics), link entities (Membership, Directorship,\n"
    "           Employment, Associate, Family, Ownership, Payment, UnknownLink, ...) become claims\n"
    "           (relation from the schema; UnknownLink as the undirected relation linked_to),\n"
    "           Documents become sources. Every claim of one FILE has that file's collection\n"
    "           source and one origin: a collection is one witness. Everything not mapped (Notes,\n"
    "           unknown schemata, links to entities absent from the input) is counted and reported\n"
    "           as a warning with FILE:LINE. The claims have no evidence spans: audit them with\n"
    "           --allow-unsourced.\n"
    "  sheets   CSV sheets: sources.csv, entities.csv, relations.csv (optional), claims.csv (a file\n"
    "           named after a record type, or any sheet with a `type` column); quotes are located\n"
    "           in the source texts (--texts). Errors: FILE:ROW:COLUMN; nothing is written unless\n"
    "           the whole import succeeds. See README \"From a spreadsheet\".\n",
    1, 0};
