/* `edges`, `explain` and `centrality`. */
#define _POSIX_C_SOURCE 200809L
#include "analysis_opts.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- edges ---- */

static void put_esc(FILE *f, char *(*esc)(const char *), const char *s)
{
    char *e = esc(s ? s : "");
    fputs(e, f);
    free(e);
}

static void source_list(FILE *f, const cg_dataset *ds, const cg_idx *src, size_t n, const char *sep,
                        char *(*esc)(const char *))
{
    for (size_t k = 0; k < n; k++) {
        if (k) fputs(sep, f);
        put_esc(f, esc, cg_dataset_source(ds, src[k])->id);
    }
}

/* "caveats" or "notes" of an edge's claims, as a JSON array of {"claim", "text"} */
static void claim_texts_json(FILE *f, const cg_dataset *ds, const cg_edge *e, int notes)
{
    int first = 1;
    fputc('[', f);
    for (size_t k = 0; k < e->n_claims; k++) {
        const cg_claim *c = cg_dataset_claim(ds, e->claims[k]);
        const char *t = notes ? c->text->notes : c->text->caveat;
        if (!t) continue;
        fputs(first ? "{\"claim\":" : ",{\"claim\":", f);
        put_esc(f, cg_esc_json, c->id);
        fputs(",\"text\":", f);
        put_esc(f, cg_esc_json, t);
        fputc('}', f);
        first = 0;
    }
    fputc(']', f);
}

static void groups_json(FILE *f, const cg_dataset *ds, const cg_group *gs, size_t n)
{
    fputc('[', f);
    for (size_t g = 0; g < n; g++) {
        fprintf(f, "%s{\"confidence\":%s,\"claims\":[", g ? "," : "", cli_num(gs[g].confidence, 6));
        for (size_t k = 0; k < gs[g].n_claims; k++) {
            if (k) fputc(',', f);
            put_esc(f, cg_esc_json, cg_dataset_claim(ds, gs[g].claims[k])->id);
        }
        fputs("]}", f);
    }
    fputc(']', f);
}

/* --csv-dialect: spreadsheet (default here: these tables are opened in spreadsheets) keeps the
 * formula guard; plain writes cells as they are, for machines. */
static int csv_escaper(cli_args *a, char *(**esc)(const char *))
{
    const char *d = cli_get(a, "csv-dialect");
    cg_csv_dialect dl = CG_CSV_SPREADSHEET;
    if (d && cg_csv_dialect_parse(d, &dl) != 0)
        return cli_usage_error(a, "--csv-dialect must be plain or spreadsheet (got '%s')", d);
    *esc = dl == CG_CSV_PLAIN ? cg_esc_csv_plain : cg_esc_csv;
    return 0;
}

static int run_edges(cli_args *a)
{
    char *(*csv)(const char *) = cg_esc_csv;
    if (csv_escaper(a, &csv)) return 2;
    const char *fmt = cli_get(a, "format");
    if (!fmt) fmt = "csv";
    if (strcmp(fmt, "csv") && strcmp(fmt, "json") && strcmp(fmt, "md"))
        return cli_usage_error(a, "--format must be csv, json or md (got '%s')", fmt);
    cli_analysis an;
    int rc = cli_analysis_init(a, &an);
    if (rc) {
        cli_analysis_free(&an);
        return rc;
    }
    cg_dataset *ds = cli_load(a, 0, a->npos, &rc);
    cg_edgeset *es = NULL;
    cg__output *o = NULL;
    if (!ds) goto done;
    if (cg_edges_build(&es, ds, an.grading, &an.filter, a->diag) != CG_OK) {
        rc = 1;
        goto done;
    }
    o = cli_open_output(a, &rc);
    if (!o) goto done;
    FILE *f = cg__output_stream(o);
    size_t n = cg_edgeset_size(es);
    if (!strcmp(fmt, "csv"))
        fputs("subject,relation,object,directed,confidence,claims,origins,sources,disputed,refute_confidence,status,"
              "refuting_sources,refute_only\n", f);
    else if (!strcmp(fmt, "json"))
        fputs("[\n", f);
    else
        fputs("| subject | relation | object | directed | confidence | claims | origins | sources | disputed | refute confidence | status | refuted by |\n"
              "|---|---|---|---|---:|---:|---:|---|---|---:|---|---|\n", f);
    for (size_t i = 0; i < n; i++) {
        const cg_edge *e = cg_edgeset_get(es, i);
        const char *s = cg_dataset_entity(ds, e->subject)->id, *r = cg_dataset_relation(ds, e->relation)->id,
                   *ob = cg_dataset_entity(ds, e->object)->id, *st = cg_claim_status_name(e->status);
        if (!strcmp(fmt, "csv")) {
            put_esc(f, csv, s);
            fputc(',', f);
            put_esc(f, csv, r);
            fputc(',', f);
            put_esc(f, csv, ob);
            fprintf(f, ",%s,%.6f,%zu,%zu,", e->directed ? "true" : "false", e->confidence, e->n_claims, e->n_groups);
            /* ids cannot contain ';' or ',' (see the id syntax), so the joined list is one field */
            source_list(f, ds, e->support_sources, e->n_support_sources, ";", csv);
            fprintf(f, ",%s,%.6f,%s,", e->disputed ? "true" : "false", e->refute_confidence, st);
            source_list(f, ds, e->refute_sources, e->n_refute_sources, ";", csv);
            fprintf(f, ",%s\n", e->refute_only ? "true" : "false");
        } else if (!strcmp(fmt, "json")) {
            fputs("{\"subject\":", f);
            put_esc(f, cg_esc_json, s);
            fputs(",\"relation\":", f);
            put_esc(f, cg_esc_json, r);
            fputs(",\"object\":", f);
            put_esc(f, cg_esc_json, ob);
            fprintf(f, ",\"directed\":%s,\"confidence\":%s,\"claims\":[", e->directed ? "true" : "false",
                    cli_num(e->confidence, 6));
            for (size_t k = 0; k < e->n_claims; k++) {
                if (k) fputc(',', f);
                put_esc(f, cg_esc_json, cg_dataset_claim(ds, e->claims[k])->id);
            }
            fputs("],\"origin_groups\":", f);
            groups_json(f, ds, e->groups, e->n_groups);
            fputs(",\"sources\":[", f);
            source_list(f, ds, e->support_sources, e->n_support_sources, ",", cg_esc_json);
            fprintf(f, "],\"disputed\":%s,\"refute_confidence\":%s,\"status\":\"%s\",\"refute_only\":%s,"
                       "\"refute_groups\":",
                    e->disputed ? "true" : "false", cli_num(e->refute_confidence, 6), st, e->refute_only ? "true" : "false");
            groups_json(f, ds, e->refute_groups, e->n_refute_groups);
            fputs(",\"refuting_sources\":[", f);
            source_list(f, ds, e->refute_sources, e->n_refute_sources, ",", cg_esc_json);
            fputs("],\"caveats\":", f);
            claim_texts_json(f, ds, e, 0);
            fputs(",\"notes\":", f);
            claim_texts_json(f, ds, e, 1);
            fprintf(f, "}%s\n", i + 1 < n ? "," : "");
        } else {
            fputs("| ", f);
            put_esc(f, cg_esc_md, s);
            fputs(" | ", f);
            put_esc(f, cg_esc_md, r);
            fputs(" | ", f);
            put_esc(f, cg_esc_md, ob);
            fprintf(f, " | %s | %.3f | %zu | %zu | ", e->directed ? "yes" : "no", e->confidence, e->n_claims, e->n_groups);
            source_list(f, ds, e->support_sources, e->n_support_sources, ", ", cg_esc_md);
            fprintf(f, " | %s | %.3f | %s | ", e->refute_only ? "**refute-only**" : e->disputed ? "**yes**" : "no",
                    e->refute_confidence, st);
            source_list(f, ds, e->refute_sources, e->n_refute_sources, ", ", cg_esc_md);
            fputs(" |\n", f);
        }
    }
    if (!strcmp(fmt, "json")) fputs("]\n", f);
    rc = cli_finish_output(a, o);
    o = NULL;
done:
    cg__output_abort(o);
    cg_edgeset_free(es);
    cg_dataset_free(ds);
    cli_analysis_free(&an);
    return rc;
}

const cli_cmd cli_cmd_edges = {
    "edges", "[OPTIONS] DATA...", "list every edge with its confidence, claims, origins and sources",
    (const cli_opt[]){{"format", 0, "FMT", "csv (default), json or md"},
                      {"csv-dialect", 0, "D", "spreadsheet (default: formula guard ') or plain (cells as they are, for machines)"},
                      CLI_OPTS_FILTER, CLI_OPT_OUTPUT,
                      CLI_OPT_MAXLINE, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_edges,
    "An edge is every accepted claim with the same (subject, relation, object); for an undirected\n"
    "relation the pair is unordered. confidence = 1 - prod(1 - g) over the independent origin groups\n"
    "of its supporting claims, g = the highest claim confidence in a group. origins = number of\n"
    "groups; sources = the sources of its supporting claims. A refuting claim makes the edge\n"
    "disputed; refute_confidence is the same arithmetic over the refuting claims, refuting_sources\n"
    "their sources. refute_only = true when no claim supports the edge: it is data, not a link\n"
    "(diagrams and centrality never use it). status = the strongest status among the supporting\n"
    "claims (the refuting ones if none). The JSON form adds the claim ids, the origin groups of both\n"
    "sides, and the claims' caveats and internal notes (edges is a team output).\n",
    0, 0};

/* ---- progress of the path measures, on standard error ---- */

struct progress_state {
    double last;
};

static void print_progress(size_t done, size_t total, void *ud)
{
    struct progress_state *ps = ud;
    double now = cg__now();
    if (now - ps->last < 0.5 && done != total) return;
    fprintf(stderr, "\rclaimgraph: shortest paths: %zu of %zu sources (%3.0f%%)", done, total,
            100.0 * (double)done / (double)(total ? total : 1));
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
    ps->last = now;
}

/* ---- explain ---- */

static const char *grade_letter(cg_grade g)
{
    static const char *const l[] = {"?", "A", "B", "C", "D", "E", "F"};
    return g <= 6 ? l[g] : "?";
}

static void print_claim(FILE *f, const cg_dataset *ds, const cg_edgeset *es, const cg_grading *g, cg_idx ci)
{
    const cg_claim *c = cg_dataset_claim(ds, ci);
    const cg_source *s = cg_dataset_source(ds, c->source);
    cg_grade rel = cg_claim_reliability(ds, c);
    fprintf(f, "  %s  [%s, %s]\n", c->id, cg_stance_name(c->stance), cg_claim_status_name(c->status));
    fprintf(f, "      source: %s \"%s\" (%s", s->id, s->title, cg_source_kind_name(s->kind));
    if (s->published) fprintf(f, ", %s", s->published);
    fprintf(f, ")\n");
    fprintf(f, "      voice:  %s%s\n", c->attributed_to ? c->attributed_to : "(not recorded)",
            c->anonymous ? " (anonymous)" : "");
    if (c->origin) fprintf(f, "      origin: %s\n", c->origin);
    if (c->confidence >= 0)
        fprintf(f, "      confidence %s (given explicitly in the claim)\n", cli_num(c->confidence, 6));
    else
        fprintf(f, "      reliability %s (%s) x credibility %d -> confidence %s (grading table %s%d)\n",
                grade_letter(rel), c->reliability ? "claim" : s->reliability ? "source" : "default: cannot be judged",
                c->credibility, cli_num(cg_edgeset_claim_confidence(es, ci), 6), grade_letter(rel), c->credibility);
    (void)g;
    if (c->text->summary) fprintf(f, "      summary: %s\n", c->text->summary);
    if (c->text->caveat) fprintf(f, "      caveat: %s\n", c->text->caveat);
    if (s->caveat) fprintf(f, "      source caveat: %s\n", s->caveat);
    if (c->text->notes) fprintf(f, "      notes: %s\n", c->text->notes);
}

/* At most this many joins are written per group, and a cites chain longer than 2 * CHAIN_ENDS + 1
 * shows its ends (red team M3: a chain per join made gigabytes on large citation families). */
#define JOINS_SHOWN 10
#define CHAIN_ENDS 5

static void print_groups(FILE *f, const cg_dataset *ds, cg_cites_index *ix, const char *what, const cg_group *groups,
                         size_t ng, double total)
{
    if (ng == 0) {
        fprintf(f, "\n%s: none.\n", what);
        return;
    }
    fprintf(f, "\n%s: %zu independent origin group%s\n", what, ng, ng == 1 ? "" : "s");
    for (size_t k = 0; k < ng; k++) {
        const cg_group *gr = &groups[k];
        fprintf(f, "  G%zu: ", k + 1);
        for (size_t i = 0; i < gr->n_claims; i++)
            fprintf(f, "%s%s", i ? ", " : "", cg_dataset_claim(ds, gr->claims[i])->id);
        fprintf(f, "  -> g%zu = %s (highest: %s)\n", k + 1, cli_num(gr->confidence, 6),
                cg_dataset_claim(ds, gr->best)->id);
        if (gr->n_claims > 1) {
            cg_merge *m = NULL;
            size_t nm = cg_cites_index_group_merges(ix, gr->claims, gr->n_claims, &m);
            size_t by[3] = {0, 0, 0}; /* the joins not shown, by reason */
            for (size_t i = 0; i < nm; i++) {
                if (i >= JOINS_SHOWN) {
                    by[m[i].reason]++;
                    continue;
                }
                const cg_claim *x = cg_dataset_claim(ds, m[i].a), *y = cg_dataset_claim(ds, m[i].b);
                if (m[i].reason == CG_MERGE_SAME_SOURCE)
                    fprintf(f, "      %s joins %s: same source (%s)\n", x->id, y->id, cg_dataset_source(ds, x->source)->id);
                else if (m[i].reason == CG_MERGE_SAME_ORIGIN)
                    fprintf(f, "      %s joins %s: same origin '%s'\n", x->id, y->id, x->origin);
                else {
                    /* one search from the source of the claim the others join serves the group */
                    cg_idx *path = NULL;
                    size_t len = cg_cites_index_chain(ix, y->source, x->source, &path);
                    for (size_t p = 0; p < len / 2; p++) { /* from x's source to y's */
                        cg_idx t = path[p];
                        path[p] = path[len - 1 - p];
                        path[len - 1 - p] = t;
                    }
                    char *chain = cg_cites_index_chain_text(ix, path, len, CHAIN_ENDS);
                    fprintf(f, "      %s joins %s: their sources are linked by cites: %s\n", x->id, y->id, chain);
                    free(chain);
                    free(path);
                }
            }
            if (nm > JOINS_SHOWN)
                fprintf(f, "      ... and %zu more joins (%zu same source, %zu same origin, %zu through cites)\n",
                        nm - JOINS_SHOWN, by[CG_MERGE_SAME_SOURCE], by[CG_MERGE_SAME_ORIGIN], by[CG_MERGE_CITES]);
            free(m);
        }
    }
    /* the arithmetic, as the library computed it (the groups and their noisy-OR, `total`) */
    fprintf(f, "  confidence = 1 - ");
    for (size_t k = 0; k < ng; k++) fprintf(f, "%s(1 - %s)", k ? " x " : "", cli_num(groups[k].confidence, 6));
    fprintf(f, "\n             = 1 - %s = %s\n", cli_num(1 - total, 6), cli_num(total, 6));
}

static int run_explain(cli_args *a)
{
    cli_analysis an;
    int rc = cli_analysis_init(a, &an);
    if (rc) {
        cli_analysis_free(&an);
        return rc;
    }
    const char *subj = a->pos[a->npos - 3], *rel = a->pos[a->npos - 2], *obj = a->pos[a->npos - 1];
    cg_dataset *ds = cli_load(a, 0, a->npos - 3, &rc);
    cg_edgeset *es = NULL;
    cg__output *o = NULL;
    if (!ds) goto done;
    if (cg_edges_build(&es, ds, an.grading, &an.filter, a->diag) != CG_OK) {
        rc = 1;
        goto done;
    }
    const char *names[3] = {subj, rel, obj};
    const char *what[3] = {"entity", "relation", "entity"};
    for (int i = 0; i < 3; i++) {
        cg_idx x = i == 1 ? cg_dataset_find_relation(ds, names[i]) : cg_dataset_find_entity(ds, names[i]);
        if (x != CG_NONE) continue;
        size_t nn = i == 1 ? cg_dataset_n_relations(ds) : cg_dataset_n_entities(ds);
        const char **ids = malloc((nn + 1) * sizeof *ids);
        if (!ids) { rc = 1; goto done; }
        for (size_t k = 0; k < nn; k++)
            ids[k] = i == 1 ? cg_dataset_relation(ds, (cg_idx)k)->id : cg_dataset_entity(ds, (cg_idx)k)->id;
        const char *dym = cg__did_you_mean(names[i], ids, nn);
        cg_diag_add(a->diag, CG_SEV_ERROR, NULL, 0, 0, "no %s '%s' in the dataset%s%s%s", what[i], names[i],
                    dym ? " (did you mean '" : "", dym ? dym : "", dym ? "'?)" : "");
        free(ids);
        rc = 1;
    }
    if (rc) goto done;
    const cg_edge *e = cg_edgeset_find(es, ds, subj, rel, obj);
    if (!e) {
        cg_diag_add(a->diag, CG_SEV_ERROR, NULL, 0, 0,
                    "no claim links %s %s %s (with the current filters); `claimgraph edges` lists the edges", subj, rel,
                    obj);
        rc = 1;
        goto done;
    }
    o = cli_open_output(a, &rc);
    if (!o) goto done;
    FILE *f = cg__output_stream(o);
    const cg_entity *es_ = cg_dataset_entity(ds, e->subject), *eo = cg_dataset_entity(ds, e->object);
    const cg_relation *r = cg_dataset_relation(ds, e->relation);
    fprintf(f, "Edge: %s (%s) %s %s (%s)  [%s relation \"%s\"]\n", es_->name, es_->id, e->directed ? "->" : "--",
            eo->name, eo->id, e->directed ? "directed" : "undirected", r->label);
    fprintf(f, "\nClaims (%zu):\n", e->n_claims);
    for (size_t i = 0; i < e->n_claims; i++) print_claim(f, ds, es, an.grading, e->claims[i]);
    cg_cites_index *ix = NULL;
    if (cg_cites_index_new(&ix, ds) != CG_OK) {
        rc = 1;
        goto done;
    }
    print_groups(f, ds, ix, "Supporting claims", e->groups, e->n_groups, e->confidence);
    if (e->n_refute_groups)
        print_groups(f, ds, ix, "Refuting claims", e->refute_groups, e->n_refute_groups, e->refute_confidence);
    cg_cites_index_free(ix);
    fprintf(f, "\nResult: confidence %s from %zu independent origin%s; ", cli_num(e->confidence, 6), e->n_groups,
            e->n_groups == 1 ? "" : "s");
    if (e->disputed)
        fprintf(f, "DISPUTED (refuting confidence %s); ", cli_num(e->refute_confidence, 6));
    fprintf(f, "status %s (the strongest status among the %s claims).\n", cg_claim_status_name(e->status),
            e->n_groups ? "supporting" : "refuting");
    if (e->n_groups == 1) fprintf(f, "Note: this edge rests on a single origin.\n");
    if (e->all_anonymous) fprintf(f, "Note: every supporting voice is anonymous.\n");
    fprintf(f, "\nMethod: claims share an origin group when they have the same explicit origin, come from the\n"
               "same source, or their sources are linked through `cites` (in either direction, transitively).\n"
               "A group counts once, with its highest claim confidence; groups combine by noisy-OR.\n");
    rc = cli_finish_output(a, o);
    o = NULL;
done:
    cg__output_abort(o);
    cg_edgeset_free(es);
    cg_dataset_free(ds);
    cli_analysis_free(&an);
    return rc;
}

const cli_cmd cli_cmd_explain = {
    "explain", "[OPTIONS] DATA... SUBJECT RELATION OBJECT",
    "show the claims, origin groups and arithmetic behind one edge",
    (const cli_opt[]){CLI_OPTS_FILTER, CLI_OPT_OUTPUT, CLI_OPT_MAXLINE, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_explain,
    "SUBJECT and OBJECT are entity ids, RELATION a relation id; with only these three arguments the\n"
    "dataset is read from standard input.\n",
    3, 0};

/* ---- centrality ---- */

/* Rows are ranked by the sort measure's value as printed (descending), ties by id; entities are
 * sorted by id (cg_dataset_entity), so by index is by id. The keys travel with the rows, so that
 * comparisons read no other memory. */
typedef struct { double key; cg_idx i; } ranked;

static int cmp_ranked(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->key != b->key) return a->key > b->key ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

static inline int ranked_before(const ranked *a, const ranked *b) { return cmp_ranked(a, b) < 0; }

CG_MERGE_SORT(merge_ranked, ranked, ranked_before)

/* Sorts r[0..n) by cmp_ranked (a total order; large tables on two threads); the rows in that
 * order go to rows. */
static void sort_rows(ranked *r, size_t n, cg_idx *rows)
{
    cg__sort_halves(r, n, sizeof *r, cmp_ranked, merge_ranked, n >= 20000);
    for (size_t i = 0; i < n; i++) rows[i] = r[i].i;
}

/* A value as CSV and JSON print it, into buf (thread-safe). */
static const char *fmt_value(cg_measure m, double v, char buf[CG_CENTRALITY_FMT_MAX])
{
    if (m == CG_M_DEGREE || m == CG_M_CORENESS) return cg__format_decimal(v, 0, buf, CG_CENTRALITY_FMT_MAX);
    return cg_centrality_format(v, buf);
}

/* A column for every measure computed or requested and left out (its cells empty, null, n/a). */
static int shown(const cg_centrality *c, int m) { return c->values[m] || (c->failed & (1u << m)); }

/* Rows [from, to) of the CSV or JSON table formatted into memory (or, with rank_key, the rank
 * keys of entities [from, to)); large tables are cut into one piece per core, written in order,
 * so the bytes are those of one piece. */
typedef struct {
    const cg_dataset *ds;
    const cg_centrality *c;
    const cg_idx *rows;
    double *rank_key;
    cg_measure sortm;
    int json;
    char *(*csv)(const char *); /* the CSV dialect's escaper */
    size_t from, to, n;
    cg__buf out; /* the rows, in huge pages */
} rows_job;

static void *rows_task(void *p)
{
    rows_job *j = p;
    char buf[CG_CENTRALITY_FMT_MAX];
    if (j->rank_key) {
        for (size_t i = j->from; i < j->to; i++) j->rank_key[i] = cg_centrality_rank_key(j->c->values[j->sortm][i]);
        return NULL;
    }
    const int plain = j->csv == cg_esc_csv_plain;
    cg__buf o;
    cg__buf_init_big(&o);
    cg__buf_reserve(&o, (j->to - j->from) * 96);
    for (size_t i = j->from; i < j->to; i++) {
        const cg_entity *e = cg_dataset_entity(j->ds, j->rows[i]);
        /* rows are in rank order, entities and values in index order: fetch ahead (the entity,
         * then its strings and values) */
        if (i + 16 < j->to) CG_PREFETCH(cg_dataset_entity(j->ds, j->rows[i + 16]));
        if (i + 8 < j->to) {
            const cg_entity *ahead = cg_dataset_entity(j->ds, j->rows[i + 8]);
            CG_PREFETCH(ahead->id);
            CG_PREFETCH(ahead->name);
            for (int m = 0; m < CG_M_COUNT; m++)
                if (j->c->values[m]) CG_PREFETCH(&j->c->values[m][j->rows[i + 8]]);
        }
        if (!j->json) {
            cg__esc_csv_add(&o, e->id, plain);
            cg__buf_addc(&o, ',');
            cg__esc_csv_add(&o, e->name, plain);
            cg__buf_addc(&o, ',');
            cg__buf_adds(&o, cg_entity_kind_name(e->kind));
            for (int m = 0; m < CG_M_COUNT; m++) /* a measure left out: empty cells */
                if (shown(j->c, m)) {
                    cg__buf_addc(&o, ',');
                    if (j->c->values[m]) cg__buf_adds(&o, fmt_value((cg_measure)m, j->c->values[m][j->rows[i]], buf));
                }
            cg__buf_addc(&o, '\n');
        } else {
            char *x = cg_esc_json(e->id), *y = cg_esc_json(e->name);
            cg__buf_printf(&o, "{\"id\":%s,\"name\":%s,\"kind\":\"%s\"", x, y, cg_entity_kind_name(e->kind));
            free(x);
            free(y);
            for (int m = 0; m < CG_M_COUNT; m++)
                if (shown(j->c, m))
                    cg__buf_printf(&o, ",\"%s\":%s", cg_measure_name((cg_measure)m),
                                   j->c->values[m] ? fmt_value((cg_measure)m, j->c->values[m][j->rows[i]], buf) : "null");
            cg__buf_printf(&o, "}%s\n", i + 1 < j->n ? "," : "");
        }
    }
    j->out = o;
    return NULL;
}

/* Runs rows_task over [0, n) in up to two pieces; with f, writes the pieces in order. Returns -1
 * when a piece could not be formatted (no memory). */
static int rows_parallel(rows_job proto, size_t n, FILE *f)
{
    enum { NJ = 2 };
    rows_job jobs[NJ];
    size_t nj = n >= 4096 ? NJ : 1;
    pthread_t th[NJ];
    int started[NJ] = {0};
    for (size_t t = 0; t < nj; t++) {
        jobs[t] = proto;
        jobs[t].from = n * t / nj;
        jobs[t].to = n * (t + 1) / nj;
        jobs[t].n = n;
        cg__buf_init(&jobs[t].out);
    }
    for (size_t t = 1; t < nj; t++) started[t] = pthread_create(&th[t], NULL, rows_task, &jobs[t]) == 0;
    rows_task(&jobs[0]);
    int rc = 0;
    for (size_t t = 0; t < nj; t++) {
        if (t && started[t]) pthread_join(th[t], NULL);
        else if (t) rows_task(&jobs[t]);
        if (f && !jobs[t].out.s) rc = -1;
        if (f && jobs[t].out.s) fwrite(jobs[t].out.s, 1, jobs[t].out.len, f);
        cg__buf_free(&jobs[t].out);
    }
    return rc;
}

static int run_centrality(cli_args *a)
{
    char *(*csv)(const char *) = cg_esc_csv;
    if (csv_escaper(a, &csv)) return 2;
    const char *fmt = cli_get(a, "format");
    if (!fmt) fmt = "csv";
    if (strcmp(fmt, "csv") && strcmp(fmt, "json") && strcmp(fmt, "md"))
        return cli_usage_error(a, "--format must be csv, json or md (got '%s')", fmt);
    cg_centrality_options co;
    cg_centrality_options_init(&co);
    const char *ms = cli_get(a, "measures");
    if (ms) {
        co.measures = 0;
        char *copy = strdup(ms);
        if (!copy) return 1;
        for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
            cg_measure m;
            if (cg_measure_parse(tok, &m) != 0) {
                free(copy);
                return cli_usage_error(a, "--measures: unknown measure '%s' (degree, strength, betweenness, closeness, "
                                          "harmonic, eigenvector, pagerank, coreness)", tok);
            }
            co.measures |= 1u << m;
        }
        free(copy);
        if (!co.measures) return cli_usage_error(a, "--measures needs at least one measure");
    }
    cg_measure sortm = CG_M_PAGERANK;
    const char *sorts = cli_get(a, "sort");
    if (sorts) {
        if (cg_measure_parse(sorts, &sortm) != 0) return cli_usage_error(a, "--sort: unknown measure '%s'", sorts);
        if (!(co.measures & (1u << sortm)))
            return cli_usage_error(a, "--sort %s: that measure is not among --measures", sorts);
    } else if (!(co.measures & (1u << sortm))) {
        for (int m = 0; m < CG_M_COUNT; m++)
            if (co.measures & (1u << m)) {
                sortm = (cg_measure)m;
                break;
            }
    }
    unsigned long top = 0;
    if (cli_ulong(a, "top", 1, 1ul << 40, &top) < 0) return 2;
    co.weighted = !cli_flag(a, "unweighted");
    unsigned long ul;
    if (cli_ulong(a, "samples", 1, 1ul << 32, &ul) < 0) return 2;
    if (cli_get(a, "samples")) co.samples = ul;
    if (cli_double(a, "epsilon", 1e-6, 1, &co.epsilon) < 0 || cli_double(a, "delta", 1e-12, 0.999999, &co.delta) < 0)
        return 2;
    if (cli_get(a, "delta") && !cli_get(a, "epsilon")) return cli_usage_error(a, "--delta needs --epsilon");
    if (cli_get(a, "samples") && cli_get(a, "epsilon"))
        return cli_usage_error(a, "use either --samples or --epsilon/--delta, not both");
    if (cli_ulong(a, "sample-above", 0, 1ul << 32, &ul) < 0) return 2;
    if (cli_get(a, "sample-above")) co.sample_above = ul;
    if (cli_ulong(a, "seed", 0, ~0ul, &ul) < 0) return 2;
    if (cli_get(a, "seed")) co.seed = ul;
    if (cli_ulong(a, "threads", 1, 256, &ul) < 0) return 2;
    if (cli_get(a, "threads")) co.threads = (unsigned)ul;
    struct progress_state ps = {0};
    if (cli_flag(a, "progress") || (!cli_flag(a, "no-progress") && isatty(2))) {
        co.progress.fn = print_progress;
        co.progress.ud = &ps;
    }
    co.normalized = cli_flag(a, "normalized");
    int directed = cli_flag(a, "directed");
    cli_analysis an;
    int rc = cli_analysis_init(a, &an);
    if (rc) {
        cli_analysis_free(&an);
        return rc;
    }
    double t_start = cg__now();
    cg_dataset *ds = cli_load_lean(a, 0, a->npos, &rc); /* centrality shows no claim text */
    double t_loaded = cg__now();
    cg_graph *gr = NULL;
    cg_centrality *c = NULL;
    cg__output *o = NULL;
    cg_idx *rows = NULL;
    double *rank_key = NULL;
    double t_graph = 0, t_measures = 0;
    size_t n_links = 0;
    if (!ds) goto done;
    if (cg_graph_build(&gr, ds, an.grading, &an.filter, directed, a->diag) != CG_OK) {
        rc = 1;
        goto done;
    }
    t_graph = cg__now();
    if (cli_cluster_ctx) co.executor = cli_cluster_ctx->executor;
    if (cg_centrality_compute(&c, gr, &co, a->diag) != CG_OK) {
        rc = 1;
        goto done;
    }
    t_measures = cg__now();
    /* the links are not needed for the table: freed before it is written (a lower peak) */
    n_links = cg_graph_n_links(gr);
    cg_graph_free(gr);
    gr = NULL;
    cli_print_diag(a); /* a measure left out is a warning */
    int by_id = 0;
    if (c->failed & (1u << sortm)) {
        if (sorts) { /* asked for by name: that ranking cannot be given */
            cg_diag_add(a->diag, CG_SEV_ERROR, NULL, 0, 0, "cannot sort by %s: it could not be computed (see above)",
                        cg_measure_name(sortm));
            rc = 1;
            goto done;
        }
        by_id = 1;
        cg_diag_add(a->diag, CG_SEV_NOTE, NULL, 0, 0, "rows are sorted by id (%s could not be computed)",
                    cg_measure_name(sortm));
        cli_print_diag(a);
    }
    size_t n = cg_dataset_n_entities(ds);
    rows = malloc((n ? n : 1) * sizeof *rows);
    if (!rows) { rc = 1; goto done; }
    rank_key = malloc((n ? n : 1) * sizeof *rank_key);
    if (!rank_key) { rc = 1; goto done; }
    for (size_t i = 0; i < n; i++) rows[i] = (cg_idx)i; /* by id */
    rows_job proto = {ds, c, rows, rank_key, sortm, 0, csv, 0, 0, 0, {NULL, 0, 0, 0}};
    if (!by_id) {
        rows_parallel(proto, n, NULL); /* the rank keys: ties as printed, then by id */
        ranked *r = malloc((n ? n : 1) * sizeof *r);
        if (!r) { rc = 1; goto done; }
        for (size_t i = 0; i < n; i++) r[i] = (ranked){rank_key[i], (cg_idx)i};
        sort_rows(r, n, rows);
        free(r);
    }
    if (top && top < n) n = top;
    o = cli_open_output(a, &rc);
    if (!o) goto done;
    FILE *f = cg__output_stream(o);
    if (!strcmp(fmt, "csv")) {
        fputs("id,name,kind", f);
        for (int m = 0; m < CG_M_COUNT; m++)
            if (shown(c, m)) fprintf(f, ",%s", cg_measure_name((cg_measure)m));
        fputc('\n', f);
        proto.rank_key = NULL;
        if (rows_parallel(proto, n, f) != 0) {
            fprintf(stderr, "claimgraph: error: out of memory\n");
            rc = 1;
            goto done;
        }
    } else if (!strcmp(fmt, "json")) {
        fprintf(f, "{\"weighted\":%s,\"directed\":%s,\"normalized_betweenness\":%s,\"estimated\":%s,\"samples\":%zu,"
                   "\"entities\":%zu,\"links\":%zu,\"sort\":\"%s\",\"rows\":[\n",
                co.weighted ? "true" : "false", directed ? "true" : "false", co.normalized ? "true" : "false",
                c->estimated ? "true" : "false", c->samples, cg_dataset_n_entities(ds), n_links,
                by_id ? "id" : cg_measure_name(sortm));
        proto.rank_key = NULL;
        proto.json = 1;
        if (rows_parallel(proto, n, f) != 0) {
            fprintf(stderr, "claimgraph: error: out of memory\n");
            rc = 1;
            goto done;
        }
        fputs("]}\n", f);
    } else {
        fputs("| rank | entity | kind |", f);
        for (int m = 0; m < CG_M_COUNT; m++)
            if (shown(c, m)) fprintf(f, " %s |", cg_measure_name((cg_measure)m));
        fputs("\n|---:|---|---|", f);
        for (int m = 0; m < CG_M_COUNT; m++)
            if (shown(c, m)) fputs("---:|", f);
        fputc('\n', f);
        for (size_t i = 0; i < n; i++) {
            const cg_entity *e = cg_dataset_entity(ds, rows[i]);
            fprintf(f, "| %zu | ", i + 1);
            put_esc(f, cg_esc_md, e->name);
            fputs(" (`", f);
            fputs(e->id, f); /* ids are [A-Za-z0-9_.:-]: safe inside a code span */
            fprintf(f, "`) | %s |", cg_entity_kind_name(e->kind));
            for (int m = 0; m < CG_M_COUNT; m++)
                if (shown(c, m)) {
                    if (!c->values[m]) {
                        fputs(" n/a |", f);
                        continue;
                    }
                    double v = c->values[m][rows[i]];
                    fprintf(f, " %s |", (m == CG_M_DEGREE || m == CG_M_CORENESS) ? cli_num(v, 0) : cli_num(v, 4));
                }
            fputc('\n', f);
        }
        if (c->estimated)
            fprintf(f, "\n*betweenness, closeness and harmonic are estimates from %zu of %zu sampled sources (seed %llu).*\n",
                    c->samples, cg_dataset_n_entities(ds), (unsigned long long)co.seed);
    }
    if (c->estimated)
        fprintf(stderr, "claimgraph: note: betweenness, closeness and harmonic are ESTIMATES from %zu of %zu sources "
                        "(seed %llu); --sample-above 0 computes them exactly\n",
                c->samples, cg_dataset_n_entities(ds), (unsigned long long)co.seed);
    rc = cli_finish_output(a, o);
    o = NULL;
    if (cli_flag(a, "timings")) {
        /* one JSON object on standard error, for benchmarks */
        fprintf(stderr, "{\"claims\":%zu,\"entities\":%zu,\"links\":%zu,\"estimated\":%s,\"samples\":%zu,"
                        "\"threads\":%u,\"load_s\":%.6f,\"graph_s\":%.6f",
                cg_dataset_n_claims(ds), cg_dataset_n_entities(ds), n_links, c->estimated ? "true" : "false",
                c->samples, co.threads, t_loaded - t_start, t_graph - t_loaded);
        for (int m = 0; m < CG_M_COUNT; m++)
            if (c->values[m]) fprintf(stderr, ",\"%s_s\":%.6f", cg_measure_name((cg_measure)m), c->seconds[m]);
        fprintf(stderr, ",\"measures_s\":%.6f,\"output_s\":%.6f,\"total_s\":%.6f", t_measures - t_graph,
                cg__now() - t_measures, cg__now() - t_start);
        cli_cluster_timings(stderr);
        fputs("}\n", stderr);
    }
done:
    free(rows);
    free(rank_key);
    cg__output_abort(o);
    cg_centrality_free(c);
    cg_graph_free(gr);
    cg_dataset_free(ds);
    cli_analysis_free(&an);
    return rc;
}

const cli_cmd cli_cmd_centrality = {
    "centrality", "[OPTIONS] DATA...", "centrality of every entity (degree ... coreness) as CSV, JSON or Markdown",
    (const cli_opt[]){{"measures", 0, "LIST", "comma list of: degree,strength,betweenness,closeness,harmonic,eigenvector,pagerank,coreness"},
                      {"unweighted", 0, NULL, "ignore confidence: plain simple graph"},
                      {"directed", 0, NULL, "directed graph (subject -> object)"},
                      {"normalized", 0, NULL, "divide betweenness by the number of pairs (n-1)(n-2)/2"},
                      {"sort", 0, "MEASURE", "sort rows by this measure, descending (default pagerank)"},
                      {"top", 0, "N", "only the first N rows"},
                      {"format", 0, "FMT", "csv (default), json or md"},
                      {"csv-dialect", 0, "D", "spreadsheet (default: formula guard ') or plain (cells as they are, for machines)"},
                      {"samples", 0, "K", "estimate betweenness, closeness, harmonic from K sampled sources (Brandes-Pich)"},
                      {"epsilon", 0, "E", "choose the sample size so betweenness errs by at most E*n(n-2)/2 ..."},
                      {"delta", 0, "D", "... with probability at least 1-D (default 0.1)"},
                      {"sample-above", 0, "N", "sample automatically above N entities (default 50000; 0 = never)"},
                      {"seed", 0, "S", "seed of the source sample (default 1)"},
                      {"progress", 0, NULL, "show progress on standard error (default when it is a terminal)"},
                      {"no-progress", 0, NULL, "never show progress"},
                      {"timings", 0, NULL, "print the time of each step as one JSON object on standard error "
                                           "(betweenness, closeness and harmonic share one pass, timed as betweenness)"},
                      CLI_OPTS_FILTER, CLI_OPT_OUTPUT, CLI_OPT_MAXLINE, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_centrality,
    "The entity graph has one link per pair of entities, aggregating all supporting claims between\n"
    "them (any relation) with the same origin grouping as edges. Weighted (default): link confidence\n"
    "as weight for strength, eigenvector and PageRank; -ln(confidence) as distance for betweenness,\n"
    "closeness and harmonic. Conventions are in the README (\"Centrality\").\n",
    0, 0};
