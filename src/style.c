/* Diagram styles: viz/style.json (embedded as the default) or a style file given by the user. */
#define _POSIX_C_SOURCE 200809L
#include "assets.h"
#include "claimgraph/text.h"
#include "dataset_impl.h"
#include "jsonpos.h"
#include "style_attrs.h"
#include "viz_impl.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- styles ---- */

static void attrs_free(cg_attrs *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->keys[i]);
        free(a->vals[i]);
    }
    free(a->keys);
    free(a->vals);
    memset(a, 0, sizeof *a);
}

void cg_style_free(cg_style *st)
{
    if (!st) return;
    attrs_free(&st->graph);
    attrs_free(&st->node);
    attrs_free(&st->edge);
    attrs_free(&st->legend);
    for (int k = 0; k < CG_EK_COUNT; k++) attrs_free(&st->kinds[k]);
    free(st->color);
    free(st->low_color);
    free(st->disputed_color);
    free(st->refuted_only_color);
    free(st->refuted_only_style);
    free(st->corroborated_style);
    free(st->single_origin_style);
    free(st->low_confidence_style);
    free(st);
}

typedef struct {
    const char *path, *text;
    size_t len;
    cg_diag *diag;
    int ok;
} sctx;

/* An error at the value of k1 (top level), inside it k2, inside that k3 (each may be NULL). */
static void serr3(sctx *c, const char *k1, const char *k2, const char *k3, const char *msg)
{
    size_t off = cg__jsonpos(c->text, c->len, k1, -1, NULL);
    if (k2) off += cg__jsonpos(c->text + off, c->len - off, k2, -1, NULL);
    if (k3) off += cg__jsonpos(c->text + off, c->len - off, k3, -1, NULL);
    unsigned long line = 1;
    size_t ls = 0;
    for (size_t i = 0; i < off && i < c->len; i++)
        if (c->text[i] == '\n') {
            line++;
            ls = i + 1;
        }
    cg_diag_add(c->diag, CG_SEV_ERROR, c->path, line, (unsigned long)cg__utf8_count(c->text + ls, off - ls) + 1, "%s",
                msg);
    c->ok = 0;
}

static void serr(sctx *c, const char *k1, const char *k2, const char *msg) { serr3(c, k1, k2, NULL, msg); }

/* An attribute object: only the attributes of the allow-list for this element (style_attrs.c),
 * each value checked against its type and kept in canonical form. */
static void load_attrs(sctx *c, json_t *obj, const char *k1, const char *k2, cg__style_elem el, cg_attrs *out)
{
    if (!json_is_object(obj)) {
        char m[160];
        snprintf(m, sizeof m, "\"%s\" must be an object of Graphviz attributes", k2 ? k2 : k1);
        serr(c, k1, k2, m);
        return;
    }
    size_t n = json_object_size(obj), i = 0;
    out->keys = cg__xcalloc(n + 1, sizeof *out->keys);
    out->vals = cg__xcalloc(n + 1, sizeof *out->vals);
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        char why[1200], m[1400];
        char *val = cg__style_attr_check(el, key, v, why, sizeof why);
        if (!val) {
            const char *names[128];
            size_t nn = cg__style_attr_names(el, names, 128);
            int known = 0;
            for (size_t k = 0; k < nn; k++) known |= strcmp(names[k], key) == 0;
            const char *dym = known ? NULL : cg__did_you_mean(key, names, nn);
            snprintf(m, sizeof m, "attribute \"%.60s\" %s%s%s%s", key, why, dym ? " (did you mean \"" : "",
                     dym ? dym : "", dym ? "\"?)" : "");
            if (k2) serr3(c, k1, k2, key, m);
            else serr3(c, k1, key, NULL, m);
            continue;
        }
        out->keys[i] = cg__xstrdup(key);
        out->vals[i] = val;
        i++;
    }
    out->n = i;
}

static double num(sctx *c, json_t *obj, const char *k1, const char *key, double def, double lo, double hi)
{
    json_t *v = json_object_get(obj, key);
    if (!v) return def;
    if (!json_is_number(v) || !(json_number_value(v) >= lo && json_number_value(v) <= hi)) {
        char what[160];
        snprintf(what, sizeof what, "\"%s\" must be a number between %g and %g", key, lo, hi);
        serr(c, k1, key, what);
        return def;
    }
    return json_number_value(v);
}

/* A colour or an edge line style of the "edges" section, checked like attributes. */
static char *checked(sctx *c, json_t *obj, const char *k1, const char *key, const char *def,
                     char *(*check)(const json_t *, char *, size_t))
{
    json_t *v = json_object_get(obj, key);
    if (!v) return cg__xstrdup(def);
    char why[600], m[700];
    char *val = check(v, why, sizeof why);
    if (!val) {
        snprintf(m, sizeof m, "\"%s\" %s", key, why);
        serr(c, k1, key, m);
        return cg__xstrdup(def);
    }
    return val;
}

static void check_keys(sctx *c, json_t *obj, const char *k1, const char *const *allowed, size_t n)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        int found = 0;
        for (size_t i = 0; i < n; i++) found |= strcmp(key, allowed[i]) == 0;
        if (!found) {
            const char *dym = cg__did_you_mean(key, allowed, n);
            char what[200];
            snprintf(what, sizeof what, "unknown key \"%.60s\"%s%s%s", key, dym ? " (did you mean \"" : "",
                     dym ? dym : "", dym ? "\"?)" : "");
            serr(c, k1, k1 ? key : NULL, what);
        }
    }
}

#define STYLE_MAX_BYTES ((size_t)4 << 20)

cg_status cg_style_load(cg_style **out, const char *path, cg_diag *diag)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    if (!path) {
        len = cg__asset_default_style_len;
        text = cg__xmalloc(len + 1);
        memcpy(text, cg__asset_default_style, len + 1);
    } else {
        cg_status rs = cg_read_file(path, STYLE_MAX_BYTES, &text, &len, diag);
        if (rs != CG_OK) return rs;
    }
    cg_status rs = cg__style_load_text(out, path ? path : "<built-in style>", text, len, diag);
    free(text);
    return rs;
}

cg_status cg__style_load_text(cg_style **out, const char *name, const char *text, size_t len, cg_diag *diag)
{
    *out = NULL;
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!root || !json_is_object(root)) {
        if (root) cg_diag_add(diag, CG_SEV_ERROR, name, 1, 1, "a style file is a JSON object");
        else cg_diag_add(diag, CG_SEV_ERROR, name, (unsigned long)err.line, (unsigned long)err.column, "invalid JSON: %s", err.text);
        json_decref(root);
        return CG_EDATA;
    }
    sctx c = {name, text, len, diag, 1};
    cg_style *st = cg__xcalloc(1, sizeof *st);
    static const char *const top[] = {"graph", "node", "edge", "kinds", "edges", "size_by", "legend", "engine_threshold"};
    check_keys(&c, root, NULL, top, sizeof top / sizeof top[0]);
    json_t *x;
    if ((x = json_object_get(root, "graph"))) load_attrs(&c, x, "graph", NULL, CG__SE_GRAPH, &st->graph);
    if ((x = json_object_get(root, "node"))) load_attrs(&c, x, "node", NULL, CG__SE_NODE, &st->node);
    if ((x = json_object_get(root, "edge"))) load_attrs(&c, x, "edge", NULL, CG__SE_EDGE, &st->edge);
    if ((x = json_object_get(root, "legend"))) load_attrs(&c, x, "legend", NULL, CG__SE_LEGEND, &st->legend);
    if ((x = json_object_get(root, "kinds"))) {
        if (!json_is_object(x)) serr(&c, "kinds", NULL, "\"kinds\" must be an object of entity kinds");
        else {
            const char *names[CG_EK_COUNT];
            for (int k = 0; k < CG_EK_COUNT; k++) names[k] = cg_entity_kind_name((cg_entity_kind)k);
            check_keys(&c, x, "kinds", names, CG_EK_COUNT);
            for (int k = 0; k < CG_EK_COUNT; k++) {
                json_t *kv = json_object_get(x, names[k]);
                if (kv) load_attrs(&c, kv, "kinds", names[k], CG__SE_NODE, &st->kinds[k]);
            }
        }
    }
    json_t *e = json_object_get(root, "edges");
    if (e && !json_is_object(e)) {
        serr(&c, "edges", NULL, "\"edges\" must be an object");
        e = NULL;
    }
    json_t *empty = json_object();
    if (!e) e = empty;
    static const char *const ekeys[] = {"color", "low_color", "disputed_color", "low_confidence", "high_confidence",
                                        "min_penwidth", "max_penwidth", "corroborated_style", "single_origin_style",
                                        "low_confidence_style", "refuted_only_color", "refuted_only_style"};
    check_keys(&c, e, "edges", ekeys, sizeof ekeys / sizeof ekeys[0]);
    st->color = checked(&c, e, "edges", "color", "#444444", cg__style_color_check);
    st->low_color = checked(&c, e, "edges", "low_color", "#8c8c8c", cg__style_color_check);
    st->disputed_color = checked(&c, e, "edges", "disputed_color", "#c0392b", cg__style_color_check);
    st->corroborated_style = checked(&c, e, "edges", "corroborated_style", "solid", cg__style_edge_style_check);
    st->single_origin_style = checked(&c, e, "edges", "single_origin_style", "dashed", cg__style_edge_style_check);
    st->low_confidence_style = checked(&c, e, "edges", "low_confidence_style", "dotted", cg__style_edge_style_check);
    st->refuted_only_color = checked(&c, e, "edges", "refuted_only_color", "#737373", cg__style_color_check);
    st->refuted_only_style = checked(&c, e, "edges", "refuted_only_style", "dashed", cg__style_edge_style_check);
    st->low_confidence = num(&c, e, "edges", "low_confidence", 0.4, 0, 1);
    st->high_confidence = num(&c, e, "edges", "high_confidence", 0.7, 0, 1);
    st->min_penwidth = num(&c, e, "edges", "min_penwidth", 0.8, 0.1, 50);
    st->max_penwidth = num(&c, e, "edges", "max_penwidth", 4.0, 0.1, 50);
    json_t *sb = json_object_get(root, "size_by");
    if (sb && !json_is_object(sb)) {
        serr(&c, "size_by", NULL, "\"size_by\" must be an object");
        sb = NULL;
    }
    if (!sb) sb = empty;
    static const char *const sbkeys[] = {"min_fontsize", "max_fontsize"};
    check_keys(&c, sb, "size_by", sbkeys, 2);
    st->min_fontsize = num(&c, sb, "size_by", "min_fontsize", 10, 1, 200);
    st->max_fontsize = num(&c, sb, "size_by", "max_fontsize", 28, 1, 200);
    json_t *et = json_object_get(root, "engine_threshold");
    st->engine_threshold = 300;
    if (et) {
        if (!json_is_integer(et) || json_integer_value(et) < 1)
            serr(&c, "engine_threshold", NULL, "\"engine_threshold\" must be a positive integer");
        else st->engine_threshold = (size_t)json_integer_value(et);
    }
    json_decref(empty);
    json_decref(root);
    if (!c.ok) {
        cg_style_free(st);
        return CG_EDATA;
    }
    *out = st;
    return CG_OK;
}

double cg_style_low_confidence(const cg_style *st) { return st->low_confidence; }
size_t cg_style_engine_threshold(const cg_style *st) { return st->engine_threshold; }

