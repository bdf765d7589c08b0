/* GEXF 1.3 (gexf.net, what Gephi and Gephi Lite read): a mixed graph, one edge per claimgraph
 * edge, typed attributes. Valid against the GEXF 1.3 RelaxNG schema (tests/interop/gexf-1.3). */
#include "interop_impl.h"
#include "claimgraph/claimgraph.h"

#include <stdlib.h>
#include <string.h>

static void attr(FILE *f, const char *name, const char *value)
{
    fprintf(f, " %s=\"", name);
    cg__put_esc(f, cg_esc_xml_attr, value);
    fputc('"', f);
}

/* <attvalue for="ID" value="..."/> */
static void attvalue(FILE *f, const char *id, const char *value)
{
    fputs("          <attvalue", f);
    attr(f, "for", id);
    attr(f, "value", value);
    fputs("/>\n", f);
}

/* A liststring value: ["a", "b"] (items escaped for Gephi's list syntax, then for XML). */
static char *list_value(const char *const *items, size_t n)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_addc(&b, '[');
    for (size_t i = 0; i < n; i++) {
        char *it = cg_esc_gexf_list_item(items[i]);
        if (i) cg__buf_adds(&b, ", ");
        cg__buf_adds(&b, it);
        free(it);
    }
    cg__buf_addc(&b, ']');
    return cg__buf_steal(&b);
}

static void list_attvalue(FILE *f, const char *id, const char *const *items, size_t n)
{
    char *v = list_value(items, n);
    attvalue(f, id, v);
    free(v);
}

/* An edge's attributes (cg__edge_values): values, and id or text lists as liststring values. */
static void edge_value(void *f, const char *id, const char *value) { attvalue(f, id, value); }
static void edge_list(void *f, const char *id, const char *const *items, size_t n) { list_attvalue(f, id, items, n); }
static const cg__edge_sink edge_sink = {edge_value, edge_list, edge_list};

static void decl(FILE *f, const char *id, const char *type)
{
    fputs("      <attribute", f);
    attr(f, "id", id);
    attr(f, "title", id);
    attr(f, "type", type);
    fputs("/>\n", f);
}

/* Distinct external-id keys of all entities, sorted (byte order). */
static size_t external_keys(const cg_dataset *ds, const char ***out)
{
    size_t cap = 8, n = 0;
    const char **k = cg__xmalloc(cap * sizeof *k);
    for (size_t i = 0; i < cg_dataset_n_entities(ds); i++) {
        const cg_entity *e = cg_dataset_entity(ds, (cg_idx)i);
        for (size_t j = 0; j < e->n_external_ids; j++) {
            int seen = 0;
            for (size_t m = 0; m < n && !seen; m++) seen = !strcmp(k[m], e->external_id_keys[j]);
            if (seen) continue;
            if (n == cap) k = cg__xreallocarray(k, cap *= 2, sizeof *k);
            k[n++] = e->external_id_keys[j];
        }
    }
    qsort(k, n, sizeof *k, cg__cmp_str_ptr);
    *out = k;
    return n;
}

cg_status cg__export_gexf(FILE *f, const cg__xgraph *x, const cg_export_options *o)
{
    const cg_dataset *ds = x->ds;
    char num[64];
    int dynamic = 0;
    for (size_t i = 0; i < x->n; i++) {
        char w[11];
        if ((x->edges[i].valid_from && cg__date_widen(x->edges[i].valid_from, 0, w)) ||
            (x->edges[i].valid_to && cg__date_widen(x->edges[i].valid_to, 1, w)))
            dynamic = 1;
    }
    const char **xkeys = NULL;
    size_t nx = external_keys(ds, &xkeys);
    const cg_centrality *c = o->centrality;

    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
          "  <meta>\n",
          f);
    fprintf(f, "    <creator>claimgraph %s</creator>\n", cg_version());
    fputs("    <description>", f);
    cg__buf d;
    cg__buf_init(&d);
    cg__buf_adds(&d, "Actors (nodes) and the links that sourced claims assert between them (edges). Edge weight = "
                    "confidence: noisy-OR over the independent origin groups of the supporting claims. Edge kind = "
                    "relation. disputed: some source refutes the link; refute_only: no source supports it "
                    "(exported only with --show-denials). Sources:");
    for (size_t i = 0; i < cg_dataset_n_sources(ds); i++) {
        const cg_source *s = cg_dataset_source(ds, (cg_idx)i);
        cg__buf_printf(&d, "%s %s = %s", i ? ";" : "", s->id, s->title);
        if (s->publisher) cg__buf_printf(&d, ", %s", s->publisher);
        if (s->published) cg__buf_printf(&d, ", %s", s->published);
        if (s->caveat) cg__buf_printf(&d, " (caveat: %s)", s->caveat);
    }
    cg__buf_addc(&d, '.');
    cg__put_esc(f, cg_esc_xml_text, d.s);
    cg__buf_free(&d);
    fputs("</description>\n  </meta>\n", f);

    fprintf(f, "  <graph defaultedgetype=\"directed\"%s>\n",
            dynamic ? " mode=\"dynamic\" timeformat=\"date\"" : "");
    fputs("    <attributes class=\"node\">\n", f);
    decl(f, "kind", "string");
    decl(f, "description", "string");
    decl(f, "aliases", "liststring");
    for (size_t k = 0; k < nx; k++) {
        cg__buf b;
        cg__buf_init(&b);
        cg__buf_printf(&b, "external_id:%s", xkeys[k]);
        decl(f, b.s, "string");
        cg__buf_free(&b);
    }
    if (c)
        for (int m = 0; m < CG_M_COUNT; m++)
            if (c->values[m])
                decl(f, cg_measure_name((cg_measure)m), m == CG_M_DEGREE || m == CG_M_CORENESS ? "integer" : "double");
    fputs("    </attributes>\n    <attributes class=\"edge\">\n", f);
    static const char *const edecl[][2] = {
        {"relation", "string"},        {"relation_label", "string"},   {"directed", "boolean"},
        {"confidence", "double"},      {"confidence_words", "string"}, {"origins", "integer"},
        {"status", "string"},          {"disputed", "boolean"},        {"refute_only", "boolean"},
        {"refute_confidence", "double"}, {"claims", "liststring"},     {"refuting_claims", "liststring"},
        {"supporting_sources", "liststring"}, {"refuting_sources", "liststring"}, {"caveats", "liststring"},
        {"valid_from", "string"},      {"valid_to", "string"}};
    for (size_t i = 0; i < sizeof edecl / sizeof edecl[0]; i++) decl(f, edecl[i][0], edecl[i][1]);
    fputs("    </attributes>\n", f);

    /* nodes: every entity, in id order */
    size_t ne = cg_dataset_n_entities(ds);
    fprintf(f, "    <nodes count=\"%zu\">\n", ne);
    for (size_t i = 0; i < ne; i++) {
        const cg_entity *e = cg_dataset_entity(ds, (cg_idx)i);
        fputs("      <node", f);
        attr(f, "id", e->id);
        attr(f, "label", e->name);
        fputs(">\n        <attvalues>\n", f);
        attvalue(f, "kind", cg_entity_kind_name(e->kind));
        if (e->description) attvalue(f, "description", e->description);
        list_attvalue(f, "aliases", (const char *const *)e->aliases, e->n_aliases);
        for (size_t k = 0; k < e->n_external_ids; k++) {
            cg__buf b;
            cg__buf_init(&b);
            cg__buf_printf(&b, "external_id:%s", e->external_id_keys[k]);
            attvalue(f, b.s, e->external_id_values[k]);
            cg__buf_free(&b);
        }
        if (c)
            for (int m = 0; m < CG_M_COUNT; m++) {
                if (!c->values[m]) continue;
                double v = c->values[m][i];
                if (m == CG_M_DEGREE || m == CG_M_CORENESS) cg__format_decimal(v, 0, num, sizeof num);
                else cg_centrality_format(v, num);
                attvalue(f, cg_measure_name((cg_measure)m), num);
            }
        fputs("        </attvalues>\n      </node>\n", f);
    }
    fputs("    </nodes>\n", f);

    fprintf(f, "    <edges count=\"%zu\">\n", x->n);
    for (size_t i = 0; i < x->n; i++) {
        const cg__xedge *xe = &x->edges[i];
        const cg_edge *e = xe->e;
        const cg_relation *r = cg_dataset_relation(ds, e->relation);
        fprintf(f, "      <edge id=\"e%zu\"", i);
        attr(f, "source", cg_dataset_entity(ds, e->subject)->id);
        attr(f, "target", cg_dataset_entity(ds, e->object)->id);
        if (!e->directed && !o->uniform_direction) fputs(" type=\"undirected\"", f);
        attr(f, "kind", r->id);
        attr(f, "label", r->label);
        fprintf(f, " weight=\"%s\"", cg__format_decimal(e->confidence, 6, num, sizeof num));
        char w[11];
        if (xe->valid_from && cg__date_widen(xe->valid_from, 0, w)) fprintf(f, " start=\"%s\"", w);
        if (xe->valid_to && cg__date_widen(xe->valid_to, 1, w)) fprintf(f, " end=\"%s\"", w);
        fputs(">\n        <attvalues>\n", f);
        cg__edge_values(ds, xe, 0, &edge_sink, f);
        fputs("        </attvalues>\n      </edge>\n", f);
    }
    fputs("    </edges>\n  </graph>\n</gexf>\n", f);
    free(xkeys);
    return CG_OK;
}
