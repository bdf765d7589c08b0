/* `dot` and `render`: diagrams of a view of the dataset. */
#define _POSIX_C_SOURCE 200809L
#include "analysis_opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CLI_OPTS_VIEW \
    {"focus", 0, "ENTITY", "only the ego network of ENTITY (see --depth)"}, \
    {"depth", 0, "N", "steps from the --focus entity (default 1)"}, \
    {"path", 0, "A B", "only the most credible paths between entities A and B (by -ln confidence)"}, \
    {"k", 0, "K", "number of paths for --path (default 1)"}, \
    {"anonymous-only", 0, NULL, "only edges whose supporting voices are all anonymous"}, \
    {"show-denials", 0, NULL, "also draw refute-only edges (denied or refuted, never supported) in a style of their own"}, \
    {"max-nodes", 0, "N", "keep the N most central entities (PageRank); the rest is counted in the title"}, \
    {"size-by", 0, "MEASURE", "scale entity labels by a centrality measure"}, \
    {"no-legend", 0, NULL, "do not draw the legend"}, \
    {"title", 0, "TEXT", "title drawn above the diagram"}, \
    {"style", 0, "FILE", "style file (default: $CLAIMGRAPH_STYLE, else the built-in copy of viz/style.json)"}

/* The style: --style FILE, else $CLAIMGRAPH_STYLE, else the default compiled into the library
 * (viz/style.json at build time). */
static cg_style *load_style(cli_args *a, int *rc)
{
    const char *path = cli_get(a, "style");
    if (!path) path = getenv("CLAIMGRAPH_STYLE");
    if (path && !*path) path = NULL;
    cg_style *st = NULL;
    if (cg_style_load(&st, path, a->diag) != CG_OK) *rc = 1;
    return st;
}

typedef struct {
    cli_analysis an;
    cg_view_options vo;
    cg_style *style;
    cg_dataset *ds;
    cg_view *view;
} viz_ctx;

static void viz_free(viz_ctx *c)
{
    cg_view_free(c->view);
    cg_dataset_free(c->ds);
    cg_style_free(c->style);
    cli_analysis_free(&c->an);
}

/* Parses the view options, loads the data and builds the view; returns 0 or an exit status.
 * `html`: the HTML page draws its own legend, so its SVG is drawn without one, and its entity
 * panels show every measure; DOT and images draw none. */
static int viz_setup(cli_args *a, viz_ctx *c, int html)
{
    memset(c, 0, sizeof *c);
    int rc = cli_analysis_init(a, &c->an);
    if (rc) return rc;
    cg_view_options init;
    cg_view_options_init(&init);
    c->vo = init;
    c->vo.grading = c->an.grading;
    c->vo.filter = c->an.filter;
    c->vo.anonymous_only = cli_flag(a, "anonymous-only");
    c->vo.show_denials = cli_flag(a, "show-denials");
    c->vo.legend = !html && !cli_flag(a, "no-legend");
    c->vo.title = cli_get(a, "title");
    c->vo.focus = cli_get(a, "focus");
    if (!html) c->vo.panel_measures = 0;
    unsigned long x;
    if (cli_ulong(a, "depth", 0, 100, &x) < 0) return 2;
    if (cli_get(a, "depth")) {
        if (!c->vo.focus) return cli_usage_error(a, "--depth needs --focus ENTITY");
        c->vo.depth = (unsigned)x;
    }
    const char **pv;
    size_t np = cli_all(a, "path", &pv);
    if (np) {
        if (np != 2) return cli_usage_error(a, "--path takes two entity ids, once");
        c->vo.path_from = pv[0];
        c->vo.path_to = pv[1];
    }
    if (cli_ulong(a, "k", 1, 1000, &x) < 0) return 2;
    if (cli_get(a, "k")) {
        if (!np) return cli_usage_error(a, "--k needs --path A B");
        c->vo.k = (unsigned)x;
    }
    if (c->vo.focus && np) return cli_usage_error(a, "use either --focus or --path, not both");
    if (cli_ulong(a, "max-nodes", 1, 1ul << 30, &x) < 0) return 2;
    if (cli_get(a, "max-nodes")) c->vo.max_nodes = x;
    const char *sb = cli_get(a, "size-by");
    if (sb) {
        cg_measure m;
        if (cg_measure_parse(sb, &m) != 0) return cli_usage_error(a, "--size-by: unknown measure '%s'", sb);
        c->vo.size_by = (int)m;
    }
    c->style = load_style(a, &rc);
    if (!c->style) {
        cli_print_diag(a);
        return rc ? rc : 1;
    }
    c->ds = cli_load(a, 0, a->npos, &rc);
    if (!c->ds) return rc;
    cg_status st = cg_view_build(&c->view, c->ds, &c->vo, a->diag);
    cli_print_diag(a);
    return st == CG_OK ? 0 : 1;
}

static int run_dot(cli_args *a)
{
    viz_ctx c;
    int rc = viz_setup(a, &c, 0);
    if (rc) {
        viz_free(&c);
        return rc;
    }
    cg__output *o = cli_open_output(a, &rc);
    if (o) {
        if (cg_view_write_dot(c.view, c.style, cg__output_stream(o)) != CG_OK) {
            rc = cli_fail_output(a, o, "the DOT");
        } else {
            rc = cli_finish_output(a, o);
        }
    }
    viz_free(&c);
    return rc;
}

const cli_cmd cli_cmd_dot = {
    "dot", "[OPTIONS] DATA...", "write the graph (or a view of it) as Graphviz DOT with provenance on every edge",
    (const cli_opt[]){CLI_OPTS_VIEW, CLI_OPTS_FILTER, CLI_OPT_OUTPUT, CLI_OPT_MAXLINE, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_dot,
    "Every edge is labelled with its relation, its supporting source ids and its confidence, then\n"
    "\"refuted by:\" and the refuting source ids when a claim refutes it (and \"acquitted\" or\n"
    "\"denied\" when a claim says so), and carries a tooltip with every claim (source, status, voice,\n"
    "confidence, caveats), a stable id and classes for its confidence band, status and corroboration.\n"
    "Solid = two or more independent origins, dashed = one, dotted = confidence below the style's\n"
    "threshold, red = disputed. An edge that no claim supports (only denials or refutations) is not a\n"
    "link: it is not drawn, walked by --focus/--path or counted by --max-nodes; --show-denials draws\n"
    "it grey, without arrowhead, labelled \"denied: RELATION\" (class refuted-only). Diagrams are for\n"
    "readers: they show caveats and never the internal notes. Same input, same bytes.\n",
    0, 0};

/* ---- render ---- */

static int run_render(cli_args *a)
{
    const char *fmt = cli_get(a, "format");
    if (!fmt) return cli_usage_error(a, "--format is required (svg, pdf, png or html)");
    int html = !strcmp(fmt, "html");
    if (!html && strcmp(fmt, "svg") && strcmp(fmt, "pdf") && strcmp(fmt, "png"))
        return cli_usage_error(a, "--format must be svg, pdf, png or html (got '%s')", fmt);
    const char *engine = cli_get(a, "engine");
    if (engine && strcmp(engine, "dot") && strcmp(engine, "neato") && strcmp(engine, "sfdp"))
        return cli_usage_error(a, "--engine must be dot, neato or sfdp (got '%s')", engine);
    unsigned long timeout = 120, context = 80, max_quote = 400;
    if (cli_ulong(a, "timeout", 1, 86400, &timeout) < 0) return 2;
    if (cli_ulong(a, "context", 0, 10000, &context) < 0) return 2;
    if (cli_ulong(a, "max-quote", 0, 1ul << 20, &max_quote) < 0) return 2;
    const char *texts = cli_get(a, "texts");
    if (!html && (texts || cli_get(a, "context") || cli_get(a, "max-quote")))
        return cli_usage_error(a, "--texts, --context and --max-quote are for --format html (the viewer shows passages)");
    if (!html && cli_flag(a, "robustness"))
        return cli_usage_error(a, "--robustness is for --format html (the viewer's entity panels show it)");
    if ((cli_get(a, "context") || cli_get(a, "max-quote")) && !texts)
        return cli_usage_error(a, "--context and --max-quote need --texts DIR");
    if (texts) {
        struct stat ts;
        if (stat(texts, &ts) != 0 || !S_ISDIR(ts.st_mode))
            return cli_usage_error(a, "--texts: '%s' is not a folder", texts);
    }
    viz_ctx c;
    int rc = viz_setup(a, &c, html);
    if (rc) {
        viz_free(&c);
        return rc;
    }
    char *dot = NULL;
    size_t dot_len = 0;
    FILE *mem = NULL;
    FILE *img = NULL;
    cg__output *o = NULL;
    char *svg = NULL;
    cg_audit *audit = NULL;
    cg_html_options ho;
    cg_html_options_init(&ho);
    ho.max_quote = max_quote;
    cg_robustness *rob = NULL;
    if (cli_flag(a, "robustness")) {
        /* rank robustness with the defaults of `claimgraph robustness` (PageRank, 10 000 worlds,
         * seed 1, top 10, leave out each source), every entity tracked */
        cg_robustness_options ro;
        cg_robustness_options_init(&ro);
        ro.track = cg_dataset_n_entities(c.ds);
        if (cg_robustness_run(&rob, c.ds, c.an.grading, &c.an.filter, &ro, a->diag) != CG_OK) {
            rc = 1;
            goto done;
        }
        ho.robustness = rob;
    }
    ho.style = c.style;
    ho.legend = !cli_flag(a, "no-legend");
    if (texts) {
        /* the passages, read from the reader's own copy of the texts and verified first */
        cg_audit_options ao;
        cg_audit_options_init(&ao);
        ao.texts_dir = texts;
        ao.grading = c.an.grading;
        ao.filter = &c.an.filter;
        ao.allow_unsourced = 1;
        ao.context_chars = context;
        cg_status ast = cg_audit_run(&audit, c.ds, &ao, a->diag);
        if (ast == CG_OK) ast = cg_view_check_passages(c.view, audit, a->diag);
        if (ast != CG_OK) {
            rc = ast == CG_EIO ? 2 : 1;
            goto done;
        }
        ho.passages = audit;
    }
    mem = open_memstream(&dot, &dot_len);
    if (!mem || cg_view_write_dot(c.view, c.style, mem) != CG_OK) {
        if (mem) fclose(mem);
        rc = 1;
        goto done;
    }
    fclose(mem);
    cg_render_options ro;
    cg_render_options_init(&ro);
    ro.on_child = cg__output_set_child; /* killed if we are interrupted */
    ro.engine = engine ? engine : cg_view_n_nodes(c.view) > cg_style_engine_threshold(c.style) ? "sfdp" : "dot";
    ro.format = html ? "svg" : fmt;
    ro.timeout_s = (unsigned)timeout;
    img = tmpfile();
    if (!img) {
        cg_diag_add(a->diag, CG_SEV_ERROR, NULL, 0, 0, "cannot create a temporary file: %s", strerror(errno));
        rc = 1;
        goto done;
    }
    if (cg_render(dot, dot_len, &ro, fileno(img), a->diag) != CG_OK) {
        rc = 1;
        goto done;
    }
    o = cli_open_output(a, &rc);
    if (!o) goto done;
    rewind(img);
    if (html) {
        struct stat sb;
        if (fstat(fileno(img), &sb) != 0) { rc = 1; goto done; }
        svg = malloc((size_t)sb.st_size + 1);
        if (!svg || fread(svg, 1, (size_t)sb.st_size, img) != (size_t)sb.st_size ||
            cg_view_write_html(c.view, svg, (size_t)sb.st_size, &ho, cg__output_stream(o)) != CG_OK) {
            if (ferror(cg__output_stream(o))) {
                rc = cli_fail_output(a, o, "the HTML page");
                o = NULL;
                goto done;
            }
            cg_diag_add(a->diag, CG_SEV_ERROR, NULL, 0, 0, "cannot build the HTML page from Graphviz's SVG");
            rc = 1;
            goto done;
        }
    } else {
        char buf[65536];
        size_t got;
        while ((got = fread(buf, 1, sizeof buf, img)) > 0) fwrite(buf, 1, got, cg__output_stream(o));
    }
    rc = cli_finish_output(a, o);
    o = NULL;
done:
    cg__output_abort(o);
    cg_audit_free(audit);
    cg_robustness_free(rob);
    if (img) fclose(img);
    free(svg);
    free(dot);
    viz_free(&c);
    return rc;
}

const cli_cmd cli_cmd_render = {
    "render", "--format svg|pdf|png|html [OPTIONS] DATA...",
    "run Graphviz to draw the graph (or a view) as SVG, PDF, PNG, or an interactive HTML page",
    (const cli_opt[]){{"format", 0, "FMT", "svg, pdf, png, or html (one self-contained page with an evidence panel)"},
                      {"engine", 0, "ENGINE", "dot, neato or sfdp (default: dot, sfdp above the style's engine_threshold nodes)"},
                      {"timeout", 0, "SECONDS", "stop Graphviz after this long (default 120)"},
                      {"robustness", 0, NULL, "html: each entity's panel shows its rank interval over possible worlds, "
                                              "P(top 10) and its critical source (claimgraph robustness defaults)"},
                      {"texts", 0, "DIR", "html: show each claim's quoted passages, read from the texts in DIR (found by "
                                          "content, as audit does) and verified first"},
                      {"context", 0, "N", "html with --texts: characters of context around a passage (default 80)"},
                      {"max-quote", 0, "N", "html with --texts: characters of a passage shown (default 400; 0 = all)"},
                      CLI_OPTS_VIEW, CLI_OPTS_FILTER, CLI_OPT_OUTPUT, CLI_OPT_MAXLINE, CLI_OPT_HELP,
                      {NULL, 0, NULL, NULL}},
    run_render,
    "Graphviz runs as a child process (argv, no shell) with PATH=/usr/bin:/bin, SERVER_NAME set (so\n"
    "DOT cannot read local image files), CPU, memory and file-size limits and a wall-clock timeout;\n"
    "its messages are shown when it fails. The output is written only when Graphviz succeeds.\n"
    "With --format html --texts DIR, every claim the page shows gets its evidence passages (with\n"
    "--context characters around them, cut at words; passages longer than --max-quote are cut with\n"
    "an ellipsis), read from the texts found by content in DIR; if any passage of a shown claim does\n"
    "not verify (text missing, hash mismatch), render names the claim, exits 1 and writes nothing.\n"
    "Published: the page, like every diagram, never carries the internal notes.\n",
    0, 0};
