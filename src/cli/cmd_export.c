/* `export` (GEXF, GraphML, FollowTheMoney, Neo4j) and `import ftm`. */
#include "analysis_opts.h"

#include <stdlib.h>
#include <string.h>

static int run_export(cli_args *a)
{
    cg_export_format fmt;
    if (cg_export_format_parse(a->pos[0], &fmt) != 0)
        return cli_usage_error(a, "unknown format '%s' (gexf, graphml, ftm or neo4j)", a->pos[0]);
    const char *out = cli_get(a, "output"), *out_dir = cli_get(a, "out-dir");
    int is_dir = cg_export_format_is_dir(fmt);
    if (is_dir && out) return cli_usage_error(a, "%s writes a folder: use --out-dir DIR, not -o", a->pos[0]);
    if (is_dir && !out_dir) return cli_usage_error(a, "%s writes several files: give --out-dir DIR", a->pos[0]);
    if (!is_dir && out_dir) return cli_usage_error(a, "%s writes one file: use -o FILE (or standard output)", a->pos[0]);
    int with_centrality = cli_flag(a, "with-centrality");
    if (with_centrality && fmt == CG_EXPORT_FTM)
        return cli_usage_error(a, "--with-centrality: FtM has no property for centrality values");
    if (cli_flag(a, "uniform-direction") && fmt != CG_EXPORT_GEXF && fmt != CG_EXPORT_GRAPHML)
        return cli_usage_error(a, "--uniform-direction applies to gexf and graphml only");
    cli_analysis an;
    int rc = cli_analysis_init(a, &an);
    if (rc) {
        cli_analysis_free(&an);
        return rc;
    }
    cg_dataset *ds = cli_load(a, 1, a->npos, &rc);
    cg_edgeset *es = NULL;
    cg_graph *gr = NULL;
    cg_centrality *cen = NULL;
    cg__output *o = NULL;
    if (!ds) goto done;
    if (cg_edges_build(&es, ds, an.grading, &an.filter, a->diag) != CG_OK) {
        rc = 1;
        goto done;
    }
    cg_export_options eo;
    cg_export_options_init(&eo);
    eo.show_denials = cli_flag(a, "show-denials");
    eo.uniform_direction = cli_flag(a, "uniform-direction");
    if (with_centrality) {
        /* the measures of `claimgraph centrality` with its defaults, over the same filtered claims */
        cg_centrality_options co;
        cg_centrality_options_init(&co);
        unsigned long th;
        if (cli_ulong(a, "threads", 1, 256, &th) < 0) {
            rc = 2;
            goto done;
        }
        if (cli_get(a, "threads")) co.threads = (unsigned)th;
        if (cg_graph_build(&gr, ds, an.grading, &an.filter, 0, a->diag) != CG_OK ||
            cg_centrality_compute(&cen, gr, &co, a->diag) != CG_OK) {
            rc = 1;
            goto done;
        }
        eo.centrality = cen;
    }
    if (is_dir) {
        rc = cg_export_to_dir(out_dir, fmt, ds, es, &eo, a->diag) == CG_OK ? 0 : 1;
    } else {
        o = cli_open_output(a, &rc);
        if (!o) goto done;
        if (cg_export(cg__output_stream(o), fmt, ds, es, &eo, a->diag) != CG_OK) {
            rc = 1;
            goto done;
        }
        rc = cli_finish_output(a, o);
        o = NULL;
    }
done:
    cli_print_diag(a);
    cg__output_abort(o);
    cg_centrality_free(cen);
    cg_graph_free(gr);
    cg_edgeset_free(es);
    cg_dataset_free(ds);
    cli_analysis_free(&an);
    return rc;
}

const cli_cmd cli_cmd_export_graph = {
    "export", "FORMAT [OPTIONS] DATA...",
    "the graph for Gephi (gexf), NetworkX/igraph (graphml), Aleph (ftm) or Neo4j (neo4j)",
    (const cli_opt[]){{"show-denials", 0, NULL, "also export edges that no claim supports (only refuted), marked refute_only"},
                      {"with-centrality", 0, NULL, "gexf, graphml, neo4j: every centrality measure as a node attribute"},
                      {"uniform-direction", 0, NULL, "gexf, graphml: every edge directed (attribute directed=false for "
                                                     "undirected relations), for NetworkX and igraph"},
                      {"out-dir", 0, "DIR", "neo4j: write the files into DIR (created if missing; replaced together)"},
                      CLI_OPTS_FILTER, CLI_OPT_OUTPUT, CLI_OPT_MAXLINE, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_export,
    "FORMAT is one of:\n"
    CLI_HELP_GRAPH_FORMATS
    "Every entity is a node. The edges and claims are those `claimgraph edges` lists with the same\n"
    "filters. An edge that no claim supports is exported only with --show-denials, marked\n"
    "refute_only. Supporting and refuting sources are separate attributes. Caveats are exported;\n"
    "notes never are. The same input gives the same bytes.\n",
    1, 0};

/* ---- import ---- */

static int run_import(cli_args *a)
{
    if (strcmp(a->pos[0], "ftm") != 0)
        return cli_usage_error(a, "unknown format '%s' (ftm is the only import format)", a->pos[0]);
    static const char *const stdin_path[] = {"-"};
    const char *const *paths = (const char *const *)a->pos + 1;
    size_t n = a->npos - 1;
    if (n == 0) {
        paths = stdin_path;
        n = 1;
    }
    int rc;
    cg__output *o = cli_open_output(a, &rc);
    if (!o) return rc;
    cg_ftm_import_report rep;
    cg_status st = cg_import_ftm(cg__output_stream(o), paths, n, &rep, a->diag);
    cli_print_diag(a);
    if (st != CG_OK) {
        cg__output_abort(o);
        return 1;
    }
    fprintf(stderr,
            "claimgraph import: %zu FtM entities read: %zu entities, %zu sources, %zu claims, %zu relations declared; "
            "%zu Documentation links used; %zu not mapped, %zu link values without a claim (see the warnings)\n",
            rep.lines, rep.entities, rep.sources, rep.claims, rep.relations, rep.documentation, rep.unmapped,
            rep.skipped_links);
    return cli_finish_output(a, o);
}

const cli_cmd cli_cmd_import_ftm = {
    "import", "ftm [OPTIONS] FILE...", "turn FollowTheMoney entities (JSON lines, e.g. from Aleph) into a dataset",
    (const cli_opt[]){CLI_OPT_OUTPUT, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_import,
    "Things become entities (kind from the schema and topics), link entities (Membership,\n"
    "Directorship, Employment, Associate, Family, Ownership, Payment, UnknownLink, ...) become claims\n"
    "(relation from the schema; UnknownLink as the undirected relation linked_to), Documents become\n"
    "sources. Every claim of one FILE has that file's collection source and one origin: a\n"
    "collection is one witness. Everything that is not mapped (Notes, unknown schemata, links to\n"
    "entities absent from the input) is counted and reported as a warning with FILE:LINE.\n"
    "The claims have no evidence spans: audit them with --allow-unsourced.\n",
    1, 0};
