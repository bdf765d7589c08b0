/* GraphML (graphml.graphdrawing.org) with typed keys: NetworkX, igraph, Gephi, yEd, graphology.
 * Per-edge direction is written only when the graph mixes directed and undirected edges, since
 * NetworkX refuses and igraph ignores it; --uniform-direction writes every edge directed. */
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

static void data(FILE *f, const char *key, const char *value)
{
    fputs("      <data", f);
    attr(f, "key", key);
    fputc('>', f);
    cg__put_esc(f, cg_esc_xml_text, value);
    fputs("</data>\n", f);
}

static void key(FILE *f, const char *id, const char *what, const char *name, const char *type, const char *desc)
{
    fputs("  <key", f);
    attr(f, "id", id);
    attr(f, "for", what);
    attr(f, "attr.name", name);
    attr(f, "attr.type", type);
    if (desc) {
        fputs("><desc>", f);
        cg__put_esc(f, cg_esc_xml_text, desc);
        fputs("</desc></key>\n", f);
    } else
        fputs("/>\n", f);
}

/* Ids joined by ';' (claimgraph ids never contain it). */
static void id_list(FILE *f, const char *k, const char *const *ids, size_t n)
{
    cg__buf b;
    cg__buf_init(&b);
    for (size_t i = 0; i < n; i++) cg__buf_printf(&b, "%s%s", i ? ";" : "", ids[i]);
    data(f, k, b.s ? b.s : "");
    cg__buf_free(&b);
}

/* Free-text lists as a JSON array of strings. */
static void text_list(FILE *f, const char *k, const char *const *items, size_t n)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_addc(&b, '[');
    for (size_t i = 0; i < n; i++) {
        char *j = cg_esc_json_xml(items[i]);
        if (i) cg__buf_addc(&b, ',');
        cg__buf_adds(&b, j);
        free(j);
    }
    cg__buf_addc(&b, ']');
    data(f, k, b.s);
    cg__buf_free(&b);
}

/* An edge's attributes (cg__edge_values) as data elements. */
static void edge_value(void *f, const char *k, const char *value) { data(f, k, value); }
static void edge_ids(void *f, const char *k, const char *const *ids, size_t n) { id_list(f, k, ids, n); }
static void edge_texts(void *f, const char *k, const char *const *items, size_t n) { text_list(f, k, items, n); }
static const cg__edge_sink edge_sink = {edge_value, edge_ids, edge_texts};

typedef struct xkey {
    const char *key;   /* the external-id key as in the data */
    char *name;        /* attr.name: "external_id." + the key as an XML name token */
    char id[24];
} xkey;

static int cmp_xkey(const void *a, const void *b) { return strcmp(((const xkey *)a)->key, ((const xkey *)b)->key); }

static size_t external_keys(const cg_dataset *ds, xkey **out)
{
    size_t cap = 8, n = 0;
    xkey *k = cg__xmalloc(cap * sizeof *k);
    for (size_t i = 0; i < cg_dataset_n_entities(ds); i++) {
        const cg_entity *e = cg_dataset_entity(ds, (cg_idx)i);
        for (size_t j = 0; j < e->n_external_ids; j++) {
            int seen = 0;
            for (size_t m = 0; m < n && !seen; m++) seen = !strcmp(k[m].key, e->external_id_keys[j]);
            if (seen) continue;
            if (n == cap) k = cg__xreallocarray(k, cap *= 2, sizeof *k);
            k[n++].key = e->external_id_keys[j];
        }
    }
    qsort(k, n, sizeof *k, cmp_xkey);
    for (size_t i = 0; i < n; i++) {
        snprintf(k[i].id, sizeof k[i].id, "x%zu", i);
        cg__buf b;
        cg__buf_init(&b);
        cg__buf_adds(&b, "external_id.");
        for (const char *p = k[i].key; *p; p++) {
            char c = *p;
            int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                     c == '-' || c == '.' || c == ':';
            cg__buf_addc(&b, ok ? c : '_');
        }
        for (size_t m = 0; m < i; m++)
            if (!strcmp(k[m].name, b.s)) { /* two keys with the same token: keep both apart */
                cg__buf_printf(&b, ".%zu", i);
                break;
            }
        k[i].name = cg__buf_steal(&b);
    }
    *out = k;
    return n;
}

cg_status cg__export_graphml(FILE *f, const cg__xgraph *x, const cg_export_options *o)
{
    const cg_dataset *ds = x->ds;
    const cg_centrality *c = o->centrality;
    char num[64];
    size_t ndir = 0;
    for (size_t i = 0; i < x->n; i++) ndir += x->edges[i].e->directed != 0;
    /* uniform: all directed (per option, or because they are); all undirected; else mixed */
    int all_directed = o->uniform_direction || ndir == x->n;
    int all_undirected = !o->uniform_direction && ndir == 0 && x->n > 0;
    int mixed = !all_directed && !all_undirected;

    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
          "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
          f);
    fprintf(f, "  <!-- claimgraph %s: weight = confidence (noisy-OR over independent origin groups); "
               "lists of ids are joined by ';', lists of texts are JSON arrays -->\n", cg_version());
    key(f, "label", "node", "label", "string", "the entity's name");
    key(f, "kind", "node", "kind", "string", NULL);
    key(f, "description", "node", "description", "string", NULL);
    key(f, "aliases", "node", "aliases", "string", "JSON array of other names");
    xkey *xk = NULL;
    size_t nx = external_keys(ds, &xk);
    for (size_t k = 0; k < nx; k++) {
        cg__buf b;
        cg__buf_init(&b);
        cg__buf_printf(&b, "external id \"%s\"", xk[k].key);
        key(f, xk[k].id, "node", xk[k].name, "string", b.s);
        cg__buf_free(&b);
    }
    if (c)
        for (int m = 0; m < CG_M_COUNT; m++)
            if (c->values[m])
                key(f, cg_measure_name((cg_measure)m), "node", cg_measure_name((cg_measure)m),
                    m == CG_M_DEGREE || m == CG_M_CORENESS ? "long" : "double", NULL);
    static const char *const ekeys[][2] = {
        {"relation", "string"},        {"relation_label", "string"},   {"directed", "boolean"},
        {"weight", "double"},          {"confidence", "double"},       {"confidence_words", "string"},
        {"origins", "long"},           {"status", "string"},           {"disputed", "boolean"},
        {"refute_only", "boolean"},    {"refute_confidence", "double"}, {"claims", "string"},
        {"refuting_claims", "string"}, {"supporting_sources", "string"}, {"refuting_sources", "string"},
        {"caveats", "string"},         {"valid_from", "string"},       {"valid_to", "string"}};
    for (size_t i = 0; i < sizeof ekeys / sizeof ekeys[0]; i++)
        key(f, ekeys[i][0], "edge", ekeys[i][0], ekeys[i][1], NULL);

    fprintf(f, "  <graph id=\"claimgraph\" edgedefault=\"%s\">\n", all_directed ? "directed" : "undirected");
    size_t ne = cg_dataset_n_entities(ds);
    for (size_t i = 0; i < ne; i++) {
        const cg_entity *e = cg_dataset_entity(ds, (cg_idx)i);
        fputs("    <node", f);
        attr(f, "id", e->id);
        fputs(">\n", f);
        data(f, "label", e->name);
        data(f, "kind", cg_entity_kind_name(e->kind));
        if (e->description) data(f, "description", e->description);
        text_list(f, "aliases", (const char *const *)e->aliases, e->n_aliases);
        for (size_t k = 0; k < e->n_external_ids; k++)
            for (size_t m = 0; m < nx; m++)
                if (!strcmp(xk[m].key, e->external_id_keys[k])) data(f, xk[m].id, e->external_id_values[k]);
        if (c)
            for (int m = 0; m < CG_M_COUNT; m++) {
                if (!c->values[m]) continue;
                double v = c->values[m][i];
                if (m == CG_M_DEGREE || m == CG_M_CORENESS) cg__format_decimal(v, 0, num, sizeof num);
                else cg_centrality_format(v, num);
                data(f, cg_measure_name((cg_measure)m), num);
            }
        fputs("    </node>\n", f);
    }
    for (size_t i = 0; i < x->n; i++) {
        const cg__xedge *xe = &x->edges[i];
        const cg_edge *e = xe->e;
        fprintf(f, "    <edge id=\"e%zu\"", i);
        attr(f, "source", cg_dataset_entity(ds, e->subject)->id);
        attr(f, "target", cg_dataset_entity(ds, e->object)->id);
        if (mixed) fprintf(f, " directed=\"%s\"", e->directed ? "true" : "false");
        fputs(">\n", f);
        cg__edge_values(ds, xe, 1, &edge_sink, f);
        fputs("    </edge>\n", f);
    }
    fputs("  </graph>\n</graphml>\n", f);
    for (size_t k = 0; k < nx; k++) free(xk[k].name);
    free(xk);
    return CG_OK;
}
