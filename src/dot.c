/* The DOT writer (styles are loaded by style.c). */
#define _POSIX_C_SOURCE 200809L
#include "claimgraph/escape.h"
#include "dataset_impl.h"
#include "viz_impl.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- ids ---- */

/* injective: letters, digits and '-' kept; '_' -> "__", '.' -> "_d", ':' -> "_c" */
static void enc_id(cg__buf *b, const char *id)
{
    for (const char *p = id; *p; p++) {
        if (*p == '_') cg__buf_adds(b, "__");
        else if (*p == '.') cg__buf_adds(b, "_d");
        else if (*p == ':') cg__buf_adds(b, "_c");
        else cg__buf_addc(b, *p);
    }
}

char *cg__node_id(const char *entity_id)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_adds(&b, "n-");
    enc_id(&b, entity_id);
    return cg__buf_steal(&b);
}

char *cg__edge_id(const char *s, const char *r, const char *o)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_adds(&b, "e-");
    enc_id(&b, s);
    cg__buf_adds(&b, "_x");
    enc_id(&b, r);
    cg__buf_adds(&b, "_x");
    enc_id(&b, o);
    return cg__buf_steal(&b);
}

const char *cg__band(const cg_style *st, double confidence)
{
    return confidence >= st->high_confidence ? "high" : confidence >= st->low_confidence ? "medium" : "low";
}

/* ---- writing DOT ---- */

static cg_status write_dot(const cg_view *v, const cg_style *st, FILE *f);

static void put(FILE *f, char *(*esc)(const char *), const char *s)
{
    char *e = esc(s ? s : "");
    fputs(e, f);
    free(e);
}

/* Graphviz's lexer refuses a quoted string longer than 16384 bytes ("longer than 16384?"), so a
 * longer value (an entity with thousands of aliases in its tooltip, a huge name) is written as
 * quoted pieces joined by DOT's `+`, which Graphviz concatenates: the same string. A piece never
 * ends inside a backslash escape or a UTF-8 sequence. */
#define DOT_PIECE 16000

static void put_pieces(FILE *f, const char *e)
{
    size_t n = strlen(e), at = 0;
    while (n - at > DOT_PIECE) {
        size_t cut = at + DOT_PIECE;
        while (cut > at + 1 && ((unsigned char)e[cut] & 0xC0) == 0x80) cut--; /* not inside a UTF-8 sequence */
        size_t bs = 0; /* backslashes just before the cut: an odd count would split an escape */
        while (cut - bs > at && e[cut - bs - 1] == '\\') bs++;
        if (bs & 1) cut--;
        fwrite(e + at, 1, cut - at, f);
        fputs("\" + \"", f);
        at = cut;
    }
    fputs(e + at, f);
}

static void attr(FILE *f, const char *key, const char *val, char *(*esc)(const char *))
{
    fprintf(f, " %s=\"", key);
    char *e = esc(val ? val : "");
    put_pieces(f, e);
    free(e);
    fputc('"', f);
}

static void write_attrs(FILE *f, const cg_attrs *a)
{
    for (size_t i = 0; i < a->n; i++) attr(f, a->keys[i], a->vals[i], cg_esc_dot_string);
}

static const char *attr_lookup(const cg_attrs *a, const char *key)
{
    for (size_t i = 0; i < a->n; i++)
        if (!strcmp(a->keys[i], key)) return a->vals[i];
    return NULL;
}

/* "gp, tip +2": up to three source ids, then the count of the rest */
static void short_sources(cg__buf *b, const cg_dataset *ds, const cg_idx *src, size_t n)
{
    size_t shown = n < 4 ? n : 3;
    for (size_t k = 0; k < shown; k++) cg__buf_printf(b, "%s%s", k ? ", " : "", ds->sources[src[k]].id);
    if (shown < n) cg__buf_printf(b, " +%zu", n - shown);
}

size_t cg__edge_sources_with_status(cg__buf *b, const cg_dataset *ds, const cg_edge *e, cg_claim_status st)
{
    size_t n = 0;
    for (size_t k = 0; k < e->n_sources; k++) {
        int hit = 0;
        for (size_t i = 0; i < e->n_claims && !hit; i++) {
            const cg_claim *c = &ds->claims[e->claims[i]];
            hit = c->source == e->sources[k] && c->status == st;
        }
        if (hit) cg__buf_printf(b, "%s%s", n++ ? ", " : "", ds->sources[e->sources[k]].id);
    }
    return n;
}

/* Supporting and refuting sources apart: "gp, tip · 0.68 | refuted by: koha · 0.43"; an
 * acquittal or a denial on the edge is said on the label too. A refute-only edge reads
 * "denied: RELATION" (or "refuted: RELATION") and names only who refutes it. */
static void edge_label(cg__buf *b, const cg_dataset *ds, const cg_edge *e)
{
    cg__buf tmp;
    cg__buf_init(&tmp);
    if (e->refute_only) {
        int denied = cg__edge_sources_with_status(&tmp, ds, e, CG_ST_DENIED) > 0;
        cg__buf_printf(b, "%s: %s\nby: ", denied ? "denied" : "refuted", ds->relations[e->relation].label);
        short_sources(b, ds, e->refute_sources, e->n_refute_sources);
        cg__buf_printf(b, " \xC2\xB7 %.2f", e->refute_confidence);
        cg__buf_free(&tmp);
        return;
    }
    cg__buf_adds(b, ds->relations[e->relation].label);
    cg__buf_addc(b, '\n');
    short_sources(b, ds, e->support_sources, e->n_support_sources);
    cg__buf_printf(b, " \xC2\xB7 %.2f", e->confidence);
    if (e->disputed) {
        cg__buf_adds(b, " | refuted by: ");
        short_sources(b, ds, e->refute_sources, e->n_refute_sources);
        cg__buf_printf(b, " \xC2\xB7 %.2f", e->refute_confidence);
    }
    const char *sep = "\n";
    if (cg__edge_sources_with_status(&tmp, ds, e, CG_ST_ACQUITTED)) {
        cg__buf_printf(b, "%sacquitted (%s)", sep, tmp.s);
        sep = " \xC2\xB7 ";
    }
    cg__buf_clear(&tmp);
    if (cg__edge_sources_with_status(&tmp, ds, e, CG_ST_DENIED)) cg__buf_printf(b, "%sdenied (%s)", sep, tmp.s);
    cg__buf_free(&tmp);
}

static void tooltip_claims(cg__buf *b, const cg_view *v, const cg_edge *e, cg_stance stance, size_t *budget)
{
    const cg_dataset *ds = v->ds;
    for (size_t k = 0; k < e->n_claims; k++) {
        const cg_claim *c = &ds->claims[e->claims[k]];
        if (c->stance != stance) continue;
        if (*budget == 0) {
            cg__buf_adds(b, "\n...");
            return;
        }
        (*budget)--;
        const cg_source *s = &ds->sources[c->source];
        cg__buf_printf(b, "\n%s [%s] %s (%s): %s%s; confidence %.2f", c->id, cg_claim_status_name(c->status), s->title,
                      s->id, c->attributed_to ? c->attributed_to : "voice not recorded", c->anonymous ? " (anonymous)" : "",
                      cg_edgeset_claim_confidence(v->es, e->claims[k]));
        if (c->text->caveat) cg__buf_printf(b, "\n   caveat: %s", c->text->caveat);
        if (s->caveat) cg__buf_printf(b, "\n   about %s: %s", s->id, s->caveat);
    }
}

/* The full provenance, for readers: claims, voices, grades and caveats (never notes). */
static void edge_tooltip(cg__buf *b, const cg_view *v, const cg_edge *e)
{
    const cg_dataset *ds = v->ds;
    cg__buf_printf(b, "%s %s %s %s %s\n", ds->entities[e->subject].name, e->directed ? "\xE2\x86\x92" : "\xE2\x80\x94",
                  ds->relations[e->relation].label, e->directed ? "\xE2\x86\x92" : "\xE2\x80\x94",
                  ds->entities[e->object].name);
    size_t budget = 20;
    if (e->refute_only) {
        cg__buf_printf(b, "NOT A LINK: no claim supports it; %zu claim%s refute%s it (confidence %.2f, %zu independent "
                         "origin%s); status %s",
                      e->n_claims, e->n_claims == 1 ? "" : "s", e->n_claims == 1 ? "s" : "", e->refute_confidence,
                      e->n_refute_groups, e->n_refute_groups == 1 ? "" : "s", cg_claim_status_name(e->status));
        tooltip_claims(b, v, e, CG_REFUTES, &budget);
        return;
    }
    cg__buf_printf(b, "confidence %.2f from %zu independent origin%s%s; status %s", e->confidence, e->n_groups,
                  e->n_groups == 1 ? "" : "s", e->n_groups == 1 ? " (single origin)" : "",
                  cg_claim_status_name(e->status));
    cg__buf_adds(b, "\nSupported by: ");
    short_sources(b, ds, e->support_sources, e->n_support_sources);
    tooltip_claims(b, v, e, CG_SUPPORTS, &budget);
    if (e->disputed) {
        cg__buf_printf(b, "\n\nDISPUTED. Refuted by: ");
        short_sources(b, ds, e->refute_sources, e->n_refute_sources);
        cg__buf_printf(b, " (refuting confidence %.2f)", e->refute_confidence);
        tooltip_claims(b, v, e, CG_REFUTES, &budget);
    }
    if (budget == 0 && e->n_claims > 20)
        cg__buf_printf(b, "\n%zu claims in all (claimgraph explain lists every one)", e->n_claims);
}

static void write_legend(FILE *f, const cg_view *v, const cg_style *st)
{
    const cg_dataset *ds = v->ds;
    fputs("  subgraph cluster_legend {\n    graph [id=\"legend\" class=\"legend\"", f);
    const char *label = attr_lookup(&st->legend, "label");
    attr(f, "label", label ? label : "Legend", cg_esc_dot_label);
    for (size_t i = 0; i < st->legend.n; i++)
        if (strcmp(st->legend.keys[i], "label") != 0) attr(f, st->legend.keys[i], st->legend.vals[i], cg_esc_dot_string);
    fputs("];\n", f);
    /* the table: node kinds in the view, line thickness, labels */
    unsigned char used[CG_EK_COUNT] = {0};
    for (size_t i = 0; i < v->n_nodes; i++) used[ds->entities[v->nodes[i]].kind] = 1;
    fputs("    legend_table [shape=\"plaintext\" style=\"\" margin=\"0\" label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" "
          "CELLSPACING=\"0\" CELLPADDING=\"3\">\n", f);
    fputs("      <TR><TD COLSPAN=\"2\"><B>Entities (shape and colour by kind)</B></TD></TR>\n", f);
    for (int k = 0; k < CG_EK_COUNT; k++) {
        if (!used[k]) continue;
        const char *shape = attr_lookup(&st->kinds[k], "shape");
        const char *fill = attr_lookup(&st->kinds[k], "fillcolor");
        if (!fill) fill = attr_lookup(&st->node, "fillcolor");
        if (!shape) shape = attr_lookup(&st->node, "shape");
        fputs("      <TR><TD", f);
        if (fill) {
            fputs(" BGCOLOR=\"", f);
            put(f, cg_esc_dot_html, fill);
            fputc('"', f);
        }
        fputs(">", f);
        put(f, cg_esc_dot_html, shape ? shape : "ellipse");
        fputs("</TD><TD>", f);
        put(f, cg_esc_dot_html, cg_entity_kind_name((cg_entity_kind)k));
        fputs("</TD></TR>\n", f);
    }
    fputs("      <TR><TD COLSPAN=\"2\"><B>Edges</B></TD></TR>\n", f);
    /* line styles, drawn with characters in the style's colours */
    int denials = 0;
    for (size_t i = 0; i < v->n_edges; i++) denials |= cg_edgeset_get(v->es, v->edges[i])->refute_only;
    const struct sample { const char *style, *color, *text; } samples[5] = {
        {st->corroborated_style, st->color, "two or more independent origins"},
        {st->single_origin_style, st->color, "a single origin"},
        {st->low_confidence_style, st->low_color, NULL},
        {st->single_origin_style, st->disputed_color, "disputed: a claim refutes it (label: refuted by)"},
        {st->refuted_only_style, st->refuted_only_color, "NOT A LINK: only denied or refuted, no support"},
    };
    for (int i = 0; i < 4 + denials; i++) {
        const char *s = samples[i].style;
        const char *glyph = strstr(s, "dotted") ? "\xC2\xB7 \xC2\xB7 \xC2\xB7 \xC2\xB7 \xC2\xB7"
                          : strstr(s, "dashed") ? "\xE2\x80\x93 \xE2\x80\x93 \xE2\x80\x93"
                                                : "\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94";
        fputs("      <TR><TD><FONT COLOR=\"", f);
        put(f, cg_esc_dot_html, samples[i].color);
        fputs("\"><B>", f);
        fputs(glyph, f);
        fputs("</B></FONT> ", f);
        put(f, cg_esc_dot_html, s);
        fputs("</TD><TD>", f);
        if (samples[i].text) put(f, cg_esc_dot_html, samples[i].text);
        else fprintf(f, "confidence below %.2f", st->low_confidence);
        fputs("</TD></TR>\n", f);
    }
    fputs("      <TR><TD>label</TD><TD>relation; supporting source ids \xC2\xB7 confidence | refuted by: ids "
          "\xC2\xB7 confidence</TD></TR>\n", f);
    fputs("      <TR><TD>thickness</TD><TD>grows with confidence</TD></TR>\n", f);
    fputs("      <TR><TD>arrow</TD><TD>directed relation (subject to object)</TD></TR>\n", f);
    fputs("      <TR><TD>tooltip</TD><TD>every claim: source, status, voice, confidence, caveats</TD></TR>\n", f);
    fputs("      <TR><TD COLSPAN=\"2\">confidence = 1 - product of (1 - g) over independent origins</TD></TR>\n", f);
    fputs("    </TABLE>>];\n", f);
    fputs("  }\n", f);
}

cg_status cg_view_write_dot(const cg_view *v, const cg_style *style, FILE *f)
{
    cg_style *own = NULL;
    const cg_style *st = style;
    if (!st) {
        cg_status ls = cg_style_load(&own, NULL, NULL);
        if (ls != CG_OK) return ls;
        st = own;
    }
    cg_status rs = write_dot(v, st, f);
    cg_style_free(own);
    return rs;
}

static cg_status write_dot(const cg_view *v, const cg_style *st, FILE *f)
{
    const cg_dataset *ds = v->ds;
    fputs("digraph \"claimgraph\" {\n  graph [charset=\"UTF-8\" id=\"claimgraph\"", f);
    write_attrs(f, &st->graph);
    if (v->title || v->note) {
        cg__buf t;
        cg__buf_init(&t);
        if (v->title) cg__buf_adds(&t, v->title);
        if (v->title && v->note) cg__buf_addc(&t, '\n');
        if (v->note) cg__buf_adds(&t, v->note);
        attr(f, "label", t.s, cg_esc_dot_label);
        fputs(" labelloc=\"t\"", f);
        cg__buf_free(&t);
    }
    fputs("];\n  node [", f);
    write_attrs(f, &st->node);
    fputs("];\n  edge [", f);
    write_attrs(f, &st->edge);
    fputs("];\n", f);

    /* node size by a centrality: font size scaled linearly between min and max */
    const double *size = v->size_by >= 0 && v->cent ? v->cent->values[v->size_by] : NULL;
    double smin = INFINITY, smax = -INFINITY;
    for (size_t i = 0; size && i < v->n_nodes; i++) {
        double x = size[v->nodes[i]];
        if (x < smin) smin = x;
        if (x > smax) smax = x;
    }
    /* synthetic node names: position in the (sorted) entity table */
    cg__buf b;
    cg__buf_init(&b);
    for (size_t i = 0; i < v->n_nodes; i++) {
        const cg_entity *e = &ds->entities[v->nodes[i]];
        fprintf(f, "  n%u [", (unsigned)v->nodes[i]);
        char *id = cg__node_id(e->id);
        attr(f, "id", id, cg_esc_dot_string);
        free(id);
        char *kind = cg_esc_token(cg_entity_kind_name(e->kind));
        cg__buf_clear(&b);
        cg__buf_printf(&b, "entity kind-%s", kind);
        free(kind);
        attr(f, "class", b.s, cg_esc_dot_string);
        attr(f, "label", e->name, cg_esc_dot_label);
        cg__buf_clear(&b);
        cg__buf_printf(&b, "%s (%s, id %s)", e->name, cg_entity_kind_name(e->kind), e->id);
        for (size_t k = 0; k < e->n_aliases; k++) cg__buf_printf(&b, "%s%s", k ? "; " : "\nalso: ", e->aliases[k]);
        if (e->description) cg__buf_printf(&b, "\n%s", e->description);
        attr(f, "tooltip", b.s, cg_esc_dot_tooltip);
        write_attrs(f, &st->kinds[e->kind]);
        if (size) {
            double t = smax > smin ? (size[v->nodes[i]] - smin) / (smax - smin) : 0.5;
            fprintf(f, " fontsize=\"%.1f\"", st->min_fontsize + t * (st->max_fontsize - st->min_fontsize));
        }
        fputs("];\n", f);
    }
    for (size_t i = 0; i < v->n_edges; i++) {
        const cg_edge *e = cg_edgeset_get(v->es, v->edges[i]);
        const char *sid = ds->entities[e->subject].id, *rid = ds->relations[e->relation].id,
                   *oid = ds->entities[e->object].id;
        fprintf(f, "  n%u -> n%u [", (unsigned)e->subject, (unsigned)e->object);
        char *id = cg__edge_id(sid, rid, oid);
        attr(f, "id", id, cg_esc_dot_string);
        free(id);
        cg__buf_clear(&b);
        char *rel = cg_esc_token(rid);
        if (e->refute_only) {
            cg__buf_printf(&b, "claim-edge refuted-only status-%s rel-%s", cg_claim_status_name(e->status), rel);
        } else {
            const char *kind = e->disputed ? "disputed" : e->n_groups >= 2 ? "corroborated" : "single-origin";
            cg__buf_printf(&b, "claim-edge conf-%s status-%s %s%s rel-%s", cg__band(st, e->confidence),
                          cg_claim_status_name(e->status), kind, e->disputed && e->n_groups >= 2 ? " corroborated" :
                          e->disputed ? " single-origin" : "", rel);
            if (e->all_anonymous) cg__buf_adds(&b, " anonymous-only");
        }
        free(rel);
        attr(f, "class", b.s, cg_esc_dot_string);
        cg__buf_clear(&b);
        edge_label(&b, ds, e);
        attr(f, "label", b.s, cg_esc_dot_label);
        cg__buf_clear(&b);
        edge_tooltip(&b, v, e);
        attr(f, "tooltip", b.s, cg_esc_dot_tooltip);
        attr(f, "labeltooltip", b.s, cg_esc_dot_tooltip);
        if (e->refute_only) {
            /* never in the style of a supported link: its own style and colour, no arrowhead */
            attr(f, "style", st->refuted_only_style, cg_esc_dot_string);
            attr(f, "color", st->refuted_only_color, cg_esc_dot_string);
            attr(f, "fontcolor", st->refuted_only_color, cg_esc_dot_string);
            fprintf(f, " penwidth=\"%.2f\" dir=\"none\"", st->min_penwidth);
        } else {
            int low = e->confidence < st->low_confidence;
            const char *style = low ? st->low_confidence_style : e->n_groups >= 2 ? st->corroborated_style
                                                                                  : st->single_origin_style;
            attr(f, "style", style, cg_esc_dot_string);
            const char *color = e->disputed ? st->disputed_color : low ? st->low_color : st->color;
            attr(f, "color", color, cg_esc_dot_string);
            if (e->disputed) attr(f, "fontcolor", st->disputed_color, cg_esc_dot_string);
            fprintf(f, " penwidth=\"%.2f\" dir=\"%s\"",
                    st->min_penwidth + e->confidence * (st->max_penwidth - st->min_penwidth),
                    e->directed ? "forward" : "none");
        }
        /* the first supporting source (by id) with an http(s) address (refuting, for a refute-only edge) */
        const cg_idx *ls = e->refute_only ? e->refute_sources : e->support_sources;
        size_t nls = e->refute_only ? e->n_refute_sources : e->n_support_sources;
        for (size_t k = 0; k < nls; k++) {
            const char *url = ds->sources[ls[k]].url;
            char *safe = url ? cg_esc_url(url) : NULL;
            if (!safe) continue;
            attr(f, "URL", safe, cg_esc_dot_string);
            fputs(" target=\"_blank\"", f);
            free(safe);
            break;
        }
        fputs("];\n", f);
    }
    cg__buf_free(&b);
    if (v->legend) write_legend(f, v, st);
    fputs("}\n", f);
    return ferror(f) ? CG_EIO : CG_OK;
}
