/* The self-contained HTML viewer: the SVG inline, a JSON table of the evidence, and a small
 * script that shows an edge's or entity's evidence in a side panel. Data strings reach the page
 * only as escaped JSON and are put into the page with textContent. */
#define _POSIX_C_SOURCE 200809L
#include "assets.h"
#include "claimgraph/audit.h"
#include "claimgraph/escape.h"
#include "claimgraph/robustness.h"
#include "dataset_impl.h"
#include "viz_impl.h"

#include <openssl/evp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void js(FILE *f, const char *s)
{
    char *e = cg_esc_json_html(s ? s : "");
    fputs(e, f);
    free(e);
}

static void js_or_null(FILE *f, const char *s)
{
    if (s) js(f, s);
    else fputs("null", f);
}

static void html(FILE *f, const char *s)
{
    char *e = cg_esc_html(s ? s : "");
    fputs(e, f);
    free(e);
}

/* A number exactly as the library computed it: the shortest decimal that reads back as the same
 * double, so the page's own arithmetic (filters) reproduces the library's bit for bit. */
static void exact(FILE *f, double x)
{
    char b[40];
    for (int p = 15; p <= 17; p++) {
        snprintf(b, sizeof b, "%.*g", p, x);
        if (strtod(b, NULL) == x) break;
    }
    fputs(b, f);
}

static const char *attr_of(const cg_attrs *a, const char *key)
{
    for (size_t i = 0; a && i < a->n; i++)
        if (!strcmp(a->keys[i], key)) return a->vals[i];
    return NULL;
}

static const char *grade(cg_grade g)
{
    static const char *const l[] = {"?", "A", "B", "C", "D", "E", "F"};
    return g <= 6 ? l[g] : "?";
}

static void write_groups(FILE *f, const cg_dataset *ds, const cg_group *g, size_t n)
{
    fputc('[', f);
    for (size_t k = 0; k < n; k++) {
        fprintf(f, "%s{\"confidence\":", k ? "," : "");
        exact(f, g[k].confidence);
        fputs(",\"claims\":[", f);
        for (size_t i = 0; i < g[k].n_claims; i++) {
            if (i) fputc(',', f);
            js(f, ds->claims[g[k].claims[i]].id);
        }
        fputs("]}", f);
    }
    fputc(']', f);
}

/* The edges on the page: the drawn ones and, for the entity panels, every refute-only edge that
 * touches a drawn entity (a denial is never dropped, only never drawn as a link unless asked).
 * Ascending edge indices; *drawn_out marks the drawn ones. Caller frees both. */
static size_t page_edges(const cg_view *v, size_t **out, unsigned char **drawn_out)
{
    size_t ne = cg_edgeset_size(v->es);
    size_t *list = cg__xmalloc((ne ? ne : 1) * sizeof *list);
    unsigned char *drawn = cg__xcalloc(ne + 1, 1);
    for (size_t i = 0; i < v->n_edges; i++) drawn[v->edges[i]] = 1;
    size_t n = 0;
    for (size_t i = 0; i < ne; i++) {
        const cg_edge *e = cg_edgeset_get(v->es, i);
        if (drawn[i] || (e->refute_only && (v->in_view[e->subject] || v->in_view[e->object]))) list[n++] = i;
    }
    *out = list;
    *drawn_out = drawn;
    return n;
}

/* Marks the claims of the page's edges. Caller frees. */
static unsigned char *page_claims(const cg_view *v, const size_t *edges, size_t n)
{
    unsigned char *used = cg__xcalloc(v->ds->n_claims + 1, 1);
    for (size_t k = 0; k < n; k++) {
        const cg_edge *e = cg_edgeset_get(v->es, edges[k]);
        for (size_t i = 0; i < e->n_claims; i++) used[e->claims[i]] = 1;
    }
    return used;
}

void cg_html_options_init(cg_html_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = CG_HTML_OPTIONS_VERSION;
    o->max_quote = 400;
    o->legend = 1;
}

cg_status cg_view_check_passages(const cg_view *v, const cg_audit *a, cg_diag *diag)
{
    const cg_dataset *ds = v->ds;
    size_t *edges = NULL;
    unsigned char *drawn = NULL;
    size_t ne = page_edges(v, &edges, &drawn);
    unsigned char *used = page_claims(v, edges, ne);
    cg_status st = CG_OK;
    for (size_t i = 0; i < ds->n_claims; i++) {
        const cg_claim *c = &ds->claims[i];
        const cg_claim_text *tx = c->text;
        if (!used[i] || !tx->n_evidence) continue;
        const cg_audit_span *sp = cg_audit_claim_spans(a, (cg_idx)i);
        for (size_t k = 0; k < tx->n_evidence; k++) {
            if (sp && sp[k].result == CG_AUDIT_SPAN_VERIFIED) continue;
            st = CG_EDATA;
            if (!sp || sp[k].result == CG_AUDIT_SPAN_UNCHECKED) {
                cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0,
                            "claim '%s': the text of source '%s' is not in the texts folder, so its passage%s cannot "
                            "be shown or verified", c->id, ds->sources[c->source].id, tx->n_evidence == 1 ? "" : "s");
                break;
            }
            const char *why = "it does not verify";
            for (size_t j = 0; j < cg_audit_n_items(a); j++) {
                const cg_audit_item *it = cg_audit_item_at(a, j);
                if (it->claim == (cg_idx)i && it->span == k && cg_audit_kind_is_error(it->kind)) why = it->message;
            }
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "claim '%s': passage %zu cannot be shown: %s", c->id, k + 1, why);
        }
    }
    free(used);
    free(drawn);
    free(edges);
    return st;
}

/* A passage for the page: at most `max` characters, cut at a word boundary with an ellipsis. */
static void write_passage(FILE *f, const cg_audit_span *sp, size_t max)
{
    const char *q = sp->quote;
    size_t len = strlen(q), chars = cg__utf8_count(q, len), cut = len, shown = chars;
    if (max && chars > max) {
        size_t i = 0, k = 0;
        while (i < len && k < max) {
            i++;
            while (i < len && ((unsigned char)q[i] & 0xC0) == 0x80) i++;
            k++;
        }
        size_t j = i;
        while (j > 0 && q[j - 1] != ' ' && q[j - 1] != '\n' && q[j - 1] != '\t' && q[j - 1] != '\r') j--;
        cut = j > 0 ? j : i;
        while (cut > 0 && (q[cut - 1] == ' ' || q[cut - 1] == '\n' || q[cut - 1] == '\t' || q[cut - 1] == '\r')) cut--;
        shown = cg__utf8_count(q, cut);
    }
    char *text = cg__xmalloc(cut + 4);
    memcpy(text, q, cut);
    if (cut < len) memcpy(text + cut, "\xE2\x80\xA6", 4);
    else text[cut] = '\0';
    fputs("{\"before\":", f);
    js_or_null(f, sp->before);
    fputs(",\"text\":", f);
    js(f, text);
    fputs(",\"after\":", f);
    js_or_null(f, cut < len ? NULL : sp->after);
    fprintf(f, ",\"cut\":%s,\"shown\":%zu,\"chars\":%zu}", cut < len ? "true" : "false", shown, chars);
    free(text);
}

/* An entity's rank robustness (null without a result, or when its ranks were not tracked). */
static void write_robustness(FILE *f, const cg_robustness *r, cg_idx entity)
{
    const cg_rob_entity *e = r ? cg_robustness_entity(r, entity) : NULL;
    if (!e || !e->tracked || !r->have_worlds) {
        fputs("null", f);
        return;
    }
    fprintf(f, "{\"measure\":\"%s\",\"worlds\":%zu,\"k\":%zu,\"interval\":%.2f,\"published_rank\":%zu,"
               "\"median_rank\":%g,\"rank_lo\":%g,\"rank_hi\":%g,\"p_top_k\":%.3f,\"resolved\":%s,\"verdict\":",
            cg_measure_name(r->options.measure), r->worlds, r->options.top, r->options.interval, e->published_rank,
            e->median_rank, e->rank_lo, e->rank_hi, e->p_top_k, e->resolved ? "true" : "false");
    js_or_null(f, e->verdict == CG_VERDICT_NONE ? NULL : cg_verdict_name(e->verdict));
    fputs(",\"critical_source\":", f);
    js_or_null(f, e->critical_unit != CG_ROB_NONE ? cg_robustness_unit_name(r, e->critical_unit) : NULL);
    if (e->critical_unit != CG_ROB_NONE && !isnan(e->worst_rank_loo))
        fprintf(f, ",\"rank_without_critical\":%g}", e->worst_rank_loo);
    else
        fputs(",\"rank_without_critical\":null}", f);
}

static void write_edge_refs(FILE *f, const cg_view *v, const size_t *edges, size_t ne, cg_idx ent, int denials)
{
    const cg_dataset *ds = v->ds;
    int first = 1;
    fputc('[', f);
    for (size_t k = 0; k < ne; k++) {
        const cg_edge *ed = cg_edgeset_get(v->es, edges[k]);
        if ((ed->subject != ent && ed->object != ent) || ed->refute_only != denials) continue;
        char *eid = cg__edge_id(ds->entities[ed->subject].id, ds->relations[ed->relation].id, ds->entities[ed->object].id);
        if (!first) fputc(',', f);
        js(f, eid);
        free(eid);
        first = 0;
    }
    fputc(']', f);
}

static void write_source_ids(FILE *f, const cg_dataset *ds, const cg_idx *src, size_t n)
{
    fputc('[', f);
    for (size_t k = 0; k < n; k++) {
        if (k) fputc(',', f);
        js(f, ds->sources[src[k]].id);
    }
    fputc(']', f);
}

static void js_field(FILE *f, const char *key, const char *val, int comma)
{
    if (comma) fputc(',', f);
    js(f, key);
    fputc(':', f);
    js_or_null(f, val);
}

/* What the page's legend needs from the style: the kinds in the view with their shape and fill,
 * the line colours and styles (null when the page has no legend). */
static void write_legend(FILE *f, const cg_view *v, const cg_html_options *o)
{
    const cg_style *st = o->style;
    if (!st || !o->legend) {
        fputs("null", f);
        return;
    }
    const char *bg = attr_of(&st->graph, "bgcolor"), *border = attr_of(&st->node, "color");
    const char *font = attr_of(&st->node, "fontcolor"), *efont = attr_of(&st->edge, "fontcolor");
    fputc('{', f);
    js_field(f, "background", bg ? bg : "white", 0);
    js_field(f, "node_border", border ? border : "black", 1);
    js_field(f, "node_font", font ? font : "black", 1);
    js_field(f, "edge_font", efont ? efont : "black", 1);
    js_field(f, "color", st->color, 1);
    js_field(f, "low_color", st->low_color, 1);
    js_field(f, "disputed_color", st->disputed_color, 1);
    js_field(f, "refuted_only_color", st->refuted_only_color, 1);
    js_field(f, "corroborated_style", st->corroborated_style, 1);
    js_field(f, "single_origin_style", st->single_origin_style, 1);
    js_field(f, "low_confidence_style", st->low_confidence_style, 1);
    js_field(f, "refuted_only_style", st->refuted_only_style, 1);
    fputs(",\"low_confidence\":", f);
    exact(f, st->low_confidence);
    int denials = 0;
    for (size_t i = 0; i < v->n_edges; i++) denials |= cg_edgeset_get(v->es, v->edges[i])->refute_only;
    fprintf(f, ",\"denials\":%s,\"kinds\":[", denials ? "true" : "false");
    unsigned char used[CG_EK_COUNT] = {0};
    for (size_t i = 0; i < v->n_nodes; i++) used[v->ds->entities[v->nodes[i]].kind] = 1;
    int first = 1;
    for (int k = 0; k < CG_EK_COUNT; k++) {
        if (!used[k]) continue;
        const char *shape = attr_of(&st->kinds[k], "shape"), *fill = attr_of(&st->kinds[k], "fillcolor");
        const char *kstyle = attr_of(&st->kinds[k], "style");
        if (!shape) shape = attr_of(&st->node, "shape");
        if (!fill) fill = attr_of(&st->node, "fillcolor");
        if (!kstyle) kstyle = attr_of(&st->node, "style");
        fputs(first ? "{" : ",{", f);
        first = 0;
        js_field(f, "kind", cg_entity_kind_name((cg_entity_kind)k), 0);
        js_field(f, "shape", shape ? shape : "ellipse", 1);
        js_field(f, "fill", fill ? fill : "white", 1);
        js_field(f, "style", kstyle, 1);
        fputc('}', f);
    }
    fputs("]}", f);
}

/* The page's data. Published: never a claim's or a source's `notes`. */
static void write_data(FILE *f, const cg_view *v, const cg_html_options *o)
{
    const cg_dataset *ds = v->ds;
    size_t ns = ds->n_sources, nc = ds->n_claims;
    size_t *edges = NULL;
    unsigned char *drawn = NULL;
    size_t ne = page_edges(v, &edges, &drawn);
    unsigned char *claim_used = page_claims(v, edges, ne);
    unsigned char *src_used = cg__xcalloc(ns + 1, 1);
    for (size_t i = 0; i < nc; i++)
        if (claim_used[i]) src_used[ds->claims[i].source] = 1;
    fprintf(f, "{\"passages\":\"%s\",\n\"statuses\":[", o->passages ? "shown" : "audit");
    for (int k = 0; k < CG_ST_COUNT; k++) fprintf(f, "%s\"%s\"", k ? "," : "", cg_claim_status_name((cg_claim_status)k));
    fputs("],\n\"legend\":", f);
    write_legend(f, v, o);
    fputs(",\n\"entities\":{", f);
    for (size_t i = 0; i < v->n_nodes; i++) {
        const cg_entity *e = &ds->entities[v->nodes[i]];
        char *nid = cg__node_id(e->id);
        fprintf(f, "%s\n", i ? "," : "");
        js(f, nid);
        free(nid);
        fputs(":{\"id\":", f);
        js(f, e->id);
        fputs(",\"name\":", f);
        js(f, e->name);
        fprintf(f, ",\"kind\":\"%s\",\"aliases\":[", cg_entity_kind_name(e->kind));
        for (size_t k = 0; k < e->n_aliases; k++) {
            if (k) fputc(',', f);
            js(f, e->aliases[k]);
        }
        fputs("],\"description\":", f);
        js_or_null(f, e->description);
        fputs(",\"centrality\":{", f);
        int first = 1;
        for (int m = 0; m < CG_M_COUNT; m++) {
            if (!v->cent || !v->cent->values[m]) continue;
            fprintf(f, "%s\"%s\":%.6g", first ? "" : ",", cg_measure_name((cg_measure)m), v->cent->values[m][v->nodes[i]]);
            first = 0;
        }
        fputs("},\"robustness\":", f);
        write_robustness(f, o->robustness, v->nodes[i]);
        fputs(",\"links\":", f);
        write_edge_refs(f, v, edges, ne, v->nodes[i], 0);
        fputs(",\"denials\":", f);
        write_edge_refs(f, v, edges, ne, v->nodes[i], 1);
        fputs("}", f);
    }
    fputs("},\n\"edges\":{", f);
    for (size_t k = 0; k < ne; k++) {
        const cg_edge *e = cg_edgeset_get(v->es, edges[k]);
        char *eid = cg__edge_id(ds->entities[e->subject].id, ds->relations[e->relation].id, ds->entities[e->object].id);
        fprintf(f, "%s\n", k ? "," : "");
        js(f, eid);
        free(eid);
        char *sn = cg__node_id(ds->entities[e->subject].id), *on = cg__node_id(ds->entities[e->object].id);
        fputs(":{\"subject\":", f);
        js(f, sn);
        fputs(",\"object\":", f);
        js(f, on);
        free(sn);
        free(on);
        fputs(",\"subject_name\":", f);
        js(f, ds->entities[e->subject].name);
        fputs(",\"object_name\":", f);
        js(f, ds->entities[e->object].name);
        fputs(",\"relation\":", f);
        js(f, ds->relations[e->relation].label);
        fprintf(f, ",\"directed\":%s,\"drawn\":%s,\"refute_only\":%s,\"confidence\":",
                e->directed ? "true" : "false", drawn[edges[k]] ? "true" : "false", e->refute_only ? "true" : "false");
        exact(f, e->confidence);
        fprintf(f, ",\"disputed\":%s,\"refute_confidence\":", e->disputed ? "true" : "false");
        exact(f, e->refute_confidence);
        fprintf(f, ",\"status\":\"%s\",\"all_anonymous\":%s,\"claims\":[", cg_claim_status_name(e->status),
                e->all_anonymous ? "true" : "false");
        for (size_t i = 0; i < e->n_claims; i++) {
            if (i) fputc(',', f);
            js(f, ds->claims[e->claims[i]].id);
        }
        fputs("],\"sources\":", f);
        write_source_ids(f, ds, e->support_sources, e->n_support_sources);
        fputs(",\"refuting_sources\":", f);
        write_source_ids(f, ds, e->refute_sources, e->n_refute_sources);
        fputs(",\"groups\":", f);
        write_groups(f, ds, e->groups, e->n_groups);
        fputs(",\"refute_groups\":", f);
        write_groups(f, ds, e->refute_groups, e->n_refute_groups);
        fputs("}", f);
    }
    fputs("},\n\"claims\":{", f);
    int first = 1;
    for (size_t i = 0; i < nc; i++) {
        if (!claim_used[i]) continue;
        const cg_claim *c = &ds->claims[i];
        const cg_claim_text *tx = c->text;
        fprintf(f, "%s\n", first ? "" : ",");
        first = 0;
        js(f, c->id);
        fputs(":{\"source\":", f);
        js(f, ds->sources[c->source].id);
        fprintf(f, ",\"stance\":\"%s\",\"status\":\"%s\",\"voice\":", cg_stance_name(c->stance),
                cg_claim_status_name(c->status));
        js_or_null(f, c->attributed_to);
        fprintf(f, ",\"anonymous\":%s,\"origin\":", c->anonymous ? "true" : "false");
        js_or_null(f, c->origin);
        fputs(",\"confidence\":", f);
        exact(f, cg_edgeset_claim_confidence(v->es, (cg_idx)i));
        fputs(",\"grade\":", f);
        if (c->confidence >= 0) fputs("\"explicit\"", f);
        else fprintf(f, "\"%s%d\"", grade(cg_claim_reliability(ds, c)), c->credibility);
        fputs(",\"summary\":", f);
        js_or_null(f, tx->summary);
        fputs(",\"caveat\":", f);
        js_or_null(f, tx->caveat);
        fputs(",\"valid_from\":", f);
        js_or_null(f, c->valid_from);
        fputs(",\"valid_to\":", f);
        js_or_null(f, c->valid_to);
        fprintf(f, ",\"spans\":%zu,\"passages\":[", tx->n_evidence);
        const cg_audit_span *sp = o->passages ? cg_audit_claim_spans(o->passages, (cg_idx)i) : NULL;
        for (size_t k = 0; sp && k < tx->n_evidence; k++) {
            if (sp[k].result != CG_AUDIT_SPAN_VERIFIED) continue; /* cg_view_check_passages() refuses these */
            if (k) fputc(',', f);
            write_passage(f, &sp[k], o->max_quote);
        }
        fputs("]}", f);
    }
    fputs("},\n\"sources\":{", f);
    cg_idx *fam = cg_cites_families(ds); /* the page's filters regroup claims as the library does */
    first = 1;
    for (size_t i = 0; i < ns; i++) {
        if (!src_used[i]) continue;
        const cg_source *s = &ds->sources[i];
        fprintf(f, "%s\n", first ? "" : ",");
        first = 0;
        js(f, s->id);
        fputs(":{\"title\":", f);
        js(f, s->title);
        fputs(",\"publisher\":", f);
        js_or_null(f, s->publisher);
        fprintf(f, ",\"kind\":\"%s\",\"published\":", cg_source_kind_name(s->kind));
        js_or_null(f, s->published);
        char *url = s->url ? cg_esc_url(s->url) : NULL;
        fputs(",\"url\":", f);
        js_or_null(f, url);
        free(url);
        fputs(",\"caveat\":", f);
        js_or_null(f, s->caveat);
        fprintf(f, ",\"reliability\":\"%s\",\"family\":%u}", s->reliability ? grade(s->reliability) : "F",
                (unsigned)fam[i]);
    }
    fputs("}}", f);
    free(fam);
    free(src_used);
    free(claim_used);
    free(drawn);
    free(edges);
}

cg_status cg_view_write_html(const cg_view *v, const char *svg, size_t svg_len, const cg_html_options *opts, FILE *f)
{
    cg_html_options o;
    cg_html_options_init(&o);
    if (opts && opts->version >= 3) {
        o = *opts;
    } else if (opts && opts->version == 2) { /* a caller built against version 2 */
        o.passages = opts->passages;
        o.max_quote = opts->max_quote;
        o.style = opts->style;
        o.legend = opts->legend;
    } else if (opts) { /* a caller built against version 1 */
        o.passages = opts->passages;
        o.max_quote = opts->max_quote;
    }
    /* the SVG without its XML declaration and doctype */
    const char *start = NULL;
    for (size_t i = 0; i + 4 <= svg_len; i++)
        if (memcmp(svg + i, "<svg", 4) == 0) {
            start = svg + i;
            break;
        }
    if (!start) return CG_EDATA;
    size_t n = svg_len - (size_t)(start - svg);
    const char *title = v->title ? v->title : "claimgraph";
    /* the page may run our script and nothing else: CSP with the script's SHA-256. The script is
     * the pan and zoom library (vendored unmodified, with its licence) followed by the viewer. */
    static const char lic_open[] = "\n/*! The pan and zoom library below is @panzoom/panzoom, embedded unmodified "
                                   "(src/assets/vendor/). Its licence:\n\n";
    cg__buf code;
    cg__buf_init(&code);
    cg__buf_add(&code, lic_open, sizeof lic_open - 1);
    cg__buf_add(&code, cg__asset_panzoom_license, cg__asset_panzoom_license_len);
    cg__buf_adds(&code, "*/\n");
    cg__buf_add(&code, cg__asset_panzoom_js, cg__asset_panzoom_js_len);
    cg__buf_adds(&code, "\n");
    cg__buf_add(&code, cg__asset_viewer_js, cg__asset_viewer_js_len);
    unsigned char digest[32];
    unsigned int dlen = 32;
    unsigned char b64[64];
    if (!EVP_Digest(code.s, code.len, digest, &dlen, EVP_sha256(), NULL)) {
        cg__buf_free(&code);
        return CG_ENOMEM;
    }
    EVP_EncodeBlock(b64, digest, 32);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
               "script-src 'sha256-%s'; img-src data:; base-uri 'none'; form-action 'none'\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", (const char *)b64);
    html(f, title);
    fputs("</title>\n<style>\n", f);
    fwrite(cg__asset_viewer_css, 1, cg__asset_viewer_css_len, f);
    fputs("</style>\n</head>\n<body>\n<header><h1>", f);
    html(f, title);
    fputs("</h1><p id=\"desc\">", f);
    html(f, v->description);
    if (v->note) {
        fputs(" \xE2\x80\x94 ", f);
        html(f, v->note);
    }
    fputs(". Click an edge or an entity to see its evidence.</p>"
          "<div id=\"searchbox\"><input id=\"search\" type=\"search\" placeholder=\"Search entities\" "
          "aria-label=\"Search entities by name or alias\" role=\"combobox\" aria-autocomplete=\"list\" "
          "aria-expanded=\"false\" aria-controls=\"results\" autocomplete=\"off\" spellcheck=\"false\">"
          "<ul id=\"results\" role=\"listbox\" aria-label=\"Matching entities\"></ul></div></header>\n<main>\n"
          "<div id=\"graph\">\n<div id=\"viewport\" tabindex=\"0\" role=\"group\" aria-roledescription=\"diagram\" "
          "aria-label=\"Diagram\" aria-describedby=\"kbd-help\">\n", f);
    fwrite(start, 1, n, f);
    fputs("\n</div>\n"
          "<div id=\"zoombar\" role=\"toolbar\" aria-label=\"Zoom\">"
          "<button type=\"button\" id=\"zoom-in\" aria-label=\"Zoom in\" title=\"Zoom in (+)\">+</button>"
          "<button type=\"button\" id=\"zoom-out\" aria-label=\"Zoom out\" title=\"Zoom out (\xE2\x88\x92)\">\xE2\x88\x92</button>"
          "<button type=\"button\" id=\"zoom-fit\" aria-label=\"Fit the whole diagram in the window\" "
          "title=\"Fit the whole diagram (0)\">Fit</button>"
          "<button type=\"button\" id=\"zoom-reset\" aria-label=\"Reset the zoom to actual size, 100 percent\" "
          "title=\"Actual size (1)\">1:1</button></div>\n"
          "<div id=\"side\"></div>\n<div id=\"timebar\" hidden></div>\n"
          "<p id=\"kbd-help\" class=\"sr-only\">Keyboard: arrow keys pan, plus and minus zoom, 0 fits the diagram, "
          "Enter moves into the diagram; there, arrow keys go from entity to entity and then through the links, "
          "Enter opens the evidence, Escape goes back.</p>\n</div>\n"
          "<aside id=\"panel\" aria-label=\"Evidence\"><button type=\"button\" id=\"panel-toggle\" aria-expanded=\"false\" "
          "aria-controls=\"panel-body\">Evidence</button><div id=\"panel-body\">"
          "<p>Select an edge or an entity in the diagram, or search for an entity. "
          "Solid lines rest on two or more independent origins, dashed lines on one, dotted lines have low "
          "confidence, red lines are disputed.", f);
    if (!o.passages)
        fputs(" The quoted passages behind each claim are in the audit report (claimgraph audit --texts DIR).", f);
    fputs("</p></div></aside>\n</main>\n<script type=\"application/json\" id=\"cg-data\">", f);
    write_data(f, v, &o);
    fputs("</script>\n<script>", f);
    fwrite(code.s, 1, code.len, f);
    cg__buf_free(&code);
    fputs("</script>\n</body>\n</html>\n", f);
    return ferror(f) ? CG_EIO : CG_OK;
}
