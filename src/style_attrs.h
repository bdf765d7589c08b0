/* Internal: the Graphviz attributes a style file may set, per element, each with the type its
 * value must have (README "Styles": the allow-list). A style file is data from others: Graphviz
 * 2.42 writes some attribute values into SVG without escaping them, so only attributes that
 * change the look are allowed (no URL, href, id, class, tooltip, image, font path...), and every
 * value is checked against its type and written back in a canonical form that holds only safe
 * characters. */
#ifndef CG_STYLE_ATTRS_H
#define CG_STYLE_ATTRS_H

#include <jansson.h>
#include <stddef.h>

#include "claimgraph/viz.h"

/* cg_style_load() from a text in memory (named `name` in messages); `text` is borrowed. */
cg_status cg__style_load_text(cg_style **out, const char *name, const char *text, size_t len, cg_diag *diag);

typedef enum cg__style_elem {
    CG__SE_GRAPH,  /* "graph" */
    CG__SE_NODE,   /* "node" and "kinds".KIND */
    CG__SE_EDGE,   /* "edge" */
    CG__SE_LEGEND, /* "legend": the legend's cluster */
    CG__SE_COUNT
} cg__style_elem;

/* Checks attribute `key` = `v` (a JSON string, number or boolean) for element `el`. On success
 * returns a new string (caller frees) with the value in canonical form; on failure NULL and a
 * sentence in why[0..whylen) saying what is allowed. */
char *cg__style_attr_check(cg__style_elem el, const char *key, const json_t *v, char *why, size_t whylen);

/* A single colour (#RRGGBB, #RRGGBBAA, an HSV triple, or a colour name) in canonical form, or
 * NULL (why says what is allowed). */
char *cg__style_color_check(const json_t *v, char *why, size_t whylen);
/* An edge line style (solid, dashed, dotted, bold, tapered, invis, or a comma list of them). */
char *cg__style_edge_style_check(const json_t *v, char *why, size_t whylen);

/* The attribute names allowed for an element (for "did you mean" and messages). */
size_t cg__style_attr_names(cg__style_elem el, const char **names, size_t max);

#endif
