/* The Graphviz attributes a style file may set, per element, and the type of each value (see
 * style_attrs.h and README "Styles"). */
#define _POSIX_C_SOURCE 200809L
#include "style_attrs.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum {
    T_COLOR,      /* one colour */
    T_COLORLIST,  /* colours separated by ':' (gradients, parallel lines), each optionally ";FRACTION" */
    T_FONT,       /* a font name: letters, digits, space , . - _ : */
    T_NUM,        /* a number in [lo, hi] */
    T_INT,        /* an integer in [lo, hi] */
    T_POINT,      /* "X" or "X,Y", numbers in [lo, hi] */
    T_SIZE,       /* as T_POINT, optionally ending in '!' */
    T_BOOL,       /* true or false */
    T_ENUM,       /* one of `values` (case-insensitive; written as listed) */
    T_STYLE,      /* a comma list of `values` */
    T_ARROW,      /* an arrow shape (Graphviz's grammar: up to four [o][l|r]SHAPE) */
    T_TEXT,       /* free text, at most hi characters (written through the label escaper) */
    T_RATIO,      /* a number in [lo, hi], or one of `values` */
} vtype;

#define G (1u << CG__SE_GRAPH)
#define N (1u << CG__SE_NODE)
#define E (1u << CG__SE_EDGE)
#define L (1u << CG__SE_LEGEND)

static const char *const shapes[] = {
    "box", "polygon", "ellipse", "oval", "circle", "point", "egg", "triangle", "plaintext", "plain", "diamond",
    "trapezium", "parallelogram", "house", "pentagon", "hexagon", "septagon", "octagon", "doublecircle",
    "doubleoctagon", "tripleoctagon", "invtriangle", "invtrapezium", "invhouse", "Mdiamond", "Msquare", "Mcircle",
    "rect", "rectangle", "square", "star", "none", "underline", "cylinder", "note", "tab", "folder", "box3d",
    "component", "promoter", "cds", "terminator", "utr", "primersite", "restrictionsite", "fivepoverhang",
    "threepoverhang", "noverhang", "assembly", "signature", "insulator", "ribosite", "rnastab", "proteasesite",
    "proteinstab", "rpromoter", "rarrow", "larrow", "lpromoter", NULL};
static const char *const node_styles[] = {"filled", "invisible", "invis", "diagonals", "rounded", "dashed", "dotted",
                                          "solid", "bold", "striped", "wedged", "radial", NULL};
static const char *const edge_styles[] = {"solid", "dashed", "dotted", "bold", "invis", "invisible", "tapered", NULL};
static const char *const cluster_styles[] = {"filled", "striped", "rounded", "radial", "dashed", "dotted", "solid",
                                             "bold", "invis", "invisible", NULL};
static const char *const rankdirs[] = {"TB", "LR", "BT", "RL", NULL};
static const char *const overlaps[] = {"true", "false", "scale", "scalexy", "prism", "compress", "vpsc", "voronoi",
                                       "ortho", "orthoxy", "orthoyx", "portho", "porthoxy", "porthoyx", "ipsep", NULL};
static const char *const outputorders[] = {"breadthfirst", "nodesfirst", "edgesfirst", NULL};
static const char *const splines[] = {"true", "false", "none", "line", "polyline", "curved", "ortho", "spline",
                                      "compound", NULL};
static const char *const ratios[] = {"fill", "compress", "expand", "auto", NULL};
static const char *const labellocs[] = {"t", "c", "b", NULL};
static const char *const labeljusts[] = {"l", "r", "c", NULL};
static const char *const orderings[] = {"in", "out", NULL};
static const char *const fixedsizes[] = {"true", "false", "shape", NULL};
static const char *const smoothings[] = {"none", "avg_dist", "graph_dist", "power_dist", "rng", "spring",
                                         "triangle", NULL};
static const char *const modes[] = {"major", "KK", "hier", "ipsep", "spring", "maxent", NULL};
static const char *const models[] = {"shortpath", "circuit", "subset", "mds", NULL};
static const char *const clusterranks[] = {"local", "global", "none", NULL};
static const char *const packmodes[] = {"node", "clust", "graph", NULL};

typedef struct spec {
    const char *name;
    unsigned elems;
    vtype type;
    double lo, hi;
    const char *const *values; /* T_ENUM, T_STYLE, T_RATIO; T_STYLE for "style" depends on the element */
} spec;

/* The allow-list (README "Styles" documents it; keep the two in step). Limits keep Graphviz
 * within reason (a dpi of 10^5 or an nslimit of 10^9 only makes it slow or fail). */
static const spec specs[] = {
    {"bgcolor", G | L, T_COLORLIST, 0, 0, NULL},
    {"color", N | E | L, T_COLORLIST, 0, 0, NULL},
    {"fillcolor", N | E | L, T_COLORLIST, 0, 0, NULL},
    {"pencolor", L, T_COLOR, 0, 0, NULL},
    {"fontcolor", G | N | E | L, T_COLOR, 0, 0, NULL},
    {"fontname", G | N | E | L, T_FONT, 0, 0, NULL},
    {"fontsize", G | N | E | L, T_NUM, 1, 200, NULL},
    {"labelfontcolor", E, T_COLOR, 0, 0, NULL},
    {"labelfontname", E, T_FONT, 0, 0, NULL},
    {"labelfontsize", E, T_NUM, 1, 200, NULL},
    {"penwidth", N | E | L, T_NUM, 0, 50, NULL},
    {"arrowsize", E, T_NUM, 0, 10, NULL},
    {"arrowhead", E, T_ARROW, 0, 0, NULL},
    {"arrowtail", E, T_ARROW, 0, 0, NULL},
    {"style", G | N | E | L, T_STYLE, 0, 0, NULL},
    {"shape", N, T_ENUM, 0, 0, shapes},
    {"margin", G | N | L, T_POINT, 0, 100, NULL},
    {"pad", G, T_POINT, 0, 100, NULL},
    {"nodesep", G, T_NUM, 0.02, 100, NULL},
    {"ranksep", G, T_NUM, 0.02, 100, NULL},
    {"rankdir", G, T_ENUM, 0, 0, rankdirs},
    {"overlap", G, T_ENUM, 0, 0, overlaps},
    {"outputorder", G, T_ENUM, 0, 0, outputorders},
    {"splines", G, T_ENUM, 0, 0, splines},
    {"concentrate", G, T_BOOL, 0, 0, NULL},
    {"compound", G, T_BOOL, 0, 0, NULL},
    {"newrank", G, T_BOOL, 0, 0, NULL},
    {"center", G, T_BOOL, 0, 0, NULL},
    {"forcelabels", G, T_BOOL, 0, 0, NULL},
    {"remincross", G, T_BOOL, 0, 0, NULL},
    {"normalize", G, T_BOOL, 0, 0, NULL},
    {"size", G, T_SIZE, 0.1, 10000, NULL},
    {"ratio", G, T_RATIO, 0.01, 100, ratios},
    {"dpi", G, T_NUM, 1, 1200, NULL},
    {"resolution", G, T_NUM, 1, 1200, NULL},
    {"labelloc", G | N | L, T_ENUM, 0, 0, labellocs},
    {"labeljust", G | L, T_ENUM, 0, 0, labeljusts},
    {"ordering", G, T_ENUM, 0, 0, orderings},
    {"sep", G, T_POINT, 0, 100, NULL},
    {"esep", G, T_POINT, 0, 100, NULL},
    {"K", G, T_NUM, 0.01, 100, NULL},
    {"repulsiveforce", G, T_NUM, 0, 100, NULL},
    {"overlap_scaling", G, T_NUM, -1000, 1000, NULL},
    {"smoothing", G, T_ENUM, 0, 0, smoothings},
    {"mode", G, T_ENUM, 0, 0, modes},
    {"model", G, T_ENUM, 0, 0, models},
    {"maxiter", G, T_INT, 1, 100000, NULL},
    {"mclimit", G, T_NUM, 0.01, 100, NULL},
    {"nslimit", G, T_NUM, 0, 100, NULL},
    {"nslimit1", G, T_NUM, 0, 100, NULL},
    {"searchsize", G, T_INT, 1, 1000, NULL},
    {"clusterrank", G, T_ENUM, 0, 0, clusterranks},
    {"pack", G, T_INT, 0, 1000, NULL},
    {"packmode", G, T_ENUM, 0, 0, packmodes},
    {"quantum", G, T_NUM, 0, 100, NULL},
    {"gradientangle", G | N | L, T_NUM, -360, 360, NULL},
    {"nojustify", G | N | L, T_BOOL, 0, 0, NULL},
    {"width", N, T_NUM, 0.01, 100, NULL},
    {"height", N, T_NUM, 0.01, 100, NULL},
    {"fixedsize", N, T_ENUM, 0, 0, fixedsizes},
    {"peripheries", N | L, T_INT, 0, 10, NULL},
    {"sides", N, T_INT, 3, 100, NULL},
    {"skew", N, T_NUM, -100, 100, NULL},
    {"distortion", N, T_NUM, -100, 100, NULL},
    {"orientation", N, T_NUM, -360, 360, NULL},
    {"regular", N, T_BOOL, 0, 0, NULL},
    {"weight", E, T_INT, 0, 1000, NULL},
    {"minlen", E, T_INT, 0, 100, NULL},
    {"constraint", E, T_BOOL, 0, 0, NULL},
    {"decorate", E, T_BOOL, 0, 0, NULL},
    {"labelfloat", E, T_BOOL, 0, 0, NULL},
    {"labelangle", E, T_NUM, -180, 180, NULL},
    {"labeldistance", E, T_NUM, 0, 100, NULL},
    {"headclip", E, T_BOOL, 0, 0, NULL},
    {"tailclip", E, T_BOOL, 0, 0, NULL},
    {"label", L, T_TEXT, 0, 200, NULL},
};
#define NSPECS (sizeof specs / sizeof specs[0])

static const char *const elem_names[CG__SE_COUNT] = {"graph", "node", "edge", "legend"};

size_t cg__style_attr_names(cg__style_elem el, const char **names, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < NSPECS && n < max; i++)
        if (specs[i].elems & (1u << el)) names[n++] = specs[i].name;
    return n;
}

/* Writes the reason (a literal format at each use) and returns NULL. */
#define FAIL(...) (snprintf(why, whylen, __VA_ARGS__), (char *)NULL)

/* The value as text: a JSON string as it is, a number or boolean written out; NULL otherwise. */
static const char *value_text(const json_t *v, char *buf, size_t len)
{
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, len, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    if (json_is_real(v)) {
        snprintf(buf, len, "%.17g", json_real_value(v));
        return buf;
    }
    if (json_is_true(v)) return "true";
    if (json_is_false(v)) return "false";
    return NULL;
}

/* A finite number, all of s (no spaces, no hex, no inf/nan); writes it to *out. */
static int parse_num(const char *s, size_t len, double *out)
{
    if (len == 0 || len > 40) return 0;
    char buf[48];
    memcpy(buf, s, len);
    buf[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (!(isdigit((unsigned char)buf[i]) || buf[i] == '.' || buf[i] == '-' || buf[i] == '+' || buf[i] == 'e' ||
              buf[i] == 'E'))
            return 0;
    char *end;
    errno = 0;
    double x = strtod(buf, &end);
    if (errno || *end || !isfinite(x)) return 0;
    *out = x;
    return 1;
}

static void put_num(cg__buf *b, double x)
{
    if (x == 0) x = 0; /* no "-0" */
    cg__buf_printf(b, "%.10g", x);
}

static int is_hex(char c) { return isxdigit((unsigned char)c) != 0; }

/* One colour in s[0..len): #RRGGBB, #RRGGBBAA, an HSV triple "H,S,V" or "H S V" (numbers in
 * [0, 1]), or a name of letters and digits (a colour scheme may prefix it: "/blues9/3"). */
static int color_ok(const char *s, size_t len)
{
    if (len == 0 || len > 64) return 0;
    if (s[0] == '#') {
        if (len != 7 && len != 9) return 0;
        for (size_t i = 1; i < len; i++)
            if (!is_hex(s[i])) return 0;
        return 1;
    }
    if (isdigit((unsigned char)s[0]) || s[0] == '.') {
        /* three numbers in [0, 1], separated by a comma or spaces */
        size_t i = 0;
        for (int k = 0; k < 3; k++) {
            if (k) {
                size_t seps = 0;
                while (i < len && (s[i] == ',' || s[i] == ' ')) i++, seps++;
                if (!seps) return 0;
            }
            size_t st = i;
            while (i < len && (isdigit((unsigned char)s[i]) || s[i] == '.')) i++;
            double x;
            if (!parse_num(s + st, i - st, &x) || x < 0 || x > 1) return 0;
        }
        return i == len;
    }
    int letter = 0;
    for (size_t i = 0; i < len; i++) {
        if (isalpha((unsigned char)s[i])) letter = 1;
        else if (!(isdigit((unsigned char)s[i]) || s[i] == '/')) return 0;
    }
    return letter;
}

static const char color_help[] =
    "a colour: #RRGGBB, #RRGGBBAA, an HSV triple such as \"0.6 0.4 0.9\", or a colour name";

char *cg__style_color_check(const json_t *v, char *why, size_t whylen)
{
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (!s || !color_ok(s, strlen(s))) return FAIL("must be %s", color_help);
    return cg__xstrdup(s);
}

static int color_list_ok(const char *s)
{
    size_t n = 0;
    const char *p = s;
    for (;;) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *semi = memchr(p, ';', len);
        size_t clen = semi ? (size_t)(semi - p) : len;
        if (!color_ok(p, clen)) return 0;
        if (semi) {
            double f;
            if (!parse_num(semi + 1, len - clen - 1, &f) || f < 0 || f > 1) return 0;
        }
        if (++n > 16) return 0;
        if (!end) return 1;
        p = end + 1;
    }
}

static int font_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 100) return 0;
    for (const char *p = s; *p; p++)
        if (!(isalnum((unsigned char)*p) || strchr(" ,.-_:", *p))) return 0;
    return 1;
}

static const char *find_value(const char *const *values, const char *s, size_t len)
{
    for (size_t i = 0; values[i]; i++)
        if (strlen(values[i]) == len && strncasecmp(values[i], s, len) == 0) return values[i];
    return NULL;
}

static void list_values(char *out, size_t outlen, const char *const *values)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; values[i] && used + 1 < outlen; i++) {
        int w = snprintf(out + used, outlen - used, "%s%s", i ? ", " : "", values[i]);
        if (w < 0) break;
        used += (size_t)w;
    }
}

/* Graphviz's arrow grammar: one to four of [o][l|r]SHAPE, or one of the old names. */
static int arrow_ok(const char *s)
{
    static const char *const base[] = {"box", "crow", "curve", "icurve", "diamond", "dot", "inv", "none",
                                       "normal", "tee", "vee", NULL};
    static const char *const old[] = {"ediamond", "open", "halfopen", "empty", "invempty", "invdot", "invodot",
                                      "odot", "obox", "odiamond", NULL};
    if (find_value(old, s, strlen(s))) return 1;
    const char *p = s;
    int k = 0;
    while (*p) {
        if (++k > 4) return 0;
        if (*p == 'o') {
            /* "o" may start a shape name only as the modifier; no base name starts with 'o' */
            p++;
        }
        if (*p == 'l' || *p == 'r') p++;
        size_t best = 0;
        for (size_t i = 0; base[i]; i++) {
            size_t n = strlen(base[i]);
            if (strncmp(p, base[i], n) == 0 && n > best) best = n;
        }
        if (!best) return 0;
        p += best;
    }
    return k > 0;
}

static char *check_number(const spec *sp, const char *text, int integer, char *why, size_t whylen)
{
    double x;
    char range[96];
    snprintf(range, sizeof range, "%s between %g and %g", integer ? "an integer" : "a number", sp->lo, sp->hi);
    if (!parse_num(text, strlen(text), &x) || x < sp->lo || x > sp->hi || (integer && x != floor(x)))
        return FAIL("must be %s", range);
    cg__buf b;
    cg__buf_init(&b);
    put_num(&b, x);
    return cg__buf_steal(&b);
}

static char *check_point(const spec *sp, const char *text, int bang, char *why, size_t whylen)
{
    char help[128];
    snprintf(help, sizeof help, "a number or two separated by a comma (\"X,Y\"), each between %g and %g%s", sp->lo,
             sp->hi, bang ? ", optionally followed by '!'" : "");
    size_t len = strlen(text);
    int has_bang = bang && len && text[len - 1] == '!';
    if (has_bang) len--;
    const char *comma = memchr(text, ',', len);
    double x, y = 0;
    size_t l1 = comma ? (size_t)(comma - text) : len;
    if (!parse_num(text, l1, &x) || x < sp->lo || x > sp->hi) return FAIL("must be %s", help);
    if (comma && (!parse_num(comma + 1, len - l1 - 1, &y) || y < sp->lo || y > sp->hi))
        return FAIL("must be %s", help);
    cg__buf b;
    cg__buf_init(&b);
    put_num(&b, x);
    if (comma) {
        cg__buf_addc(&b, ',');
        put_num(&b, y);
    }
    if (has_bang) cg__buf_addc(&b, '!');
    return cg__buf_steal(&b);
}

static char *check_style(const char *const *values, const char *text, char *why, size_t whylen)
{
    cg__buf b;
    cg__buf_init(&b);
    const char *p = text;
    size_t n = 0;
    for (;;) {
        while (*p == ' ') p++;
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && p[len - 1] == ' ') len--;
        const char *v = find_value(values, p, len);
        if (!v || ++n > 8) {
            cg__buf_free(&b);
            char list[512];
            list_values(list, sizeof list, values);
            return FAIL("must be one or more of %s (separated by commas)", list);
        }
        cg__buf_printf(&b, "%s%s", n > 1 ? "," : "", v);
        if (!end) break;
        p = end + 1;
    }
    return cg__buf_steal(&b);
}

char *cg__style_edge_style_check(const json_t *v, char *why, size_t whylen)
{
    if (!json_is_string(v)) {
        char list[256];
        list_values(list, sizeof list, edge_styles);
        return FAIL("must be one or more of %s (separated by commas)", list);
    }
    return check_style(edge_styles, json_string_value(v), why, whylen);
}

char *cg__style_attr_check(cg__style_elem el, const char *key, const json_t *v, char *why, size_t whylen)
{
    const spec *sp = NULL;
    for (size_t i = 0; i < NSPECS; i++)
        if (strcmp(specs[i].name, key) == 0) sp = &specs[i];
    if (!sp || !(sp->elems & (1u << el)))
        return FAIL("is not an attribute a style may set for %s%s (README \"Styles\" lists them)",
                    el == CG__SE_LEGEND ? "the legend" : elem_names[el], el == CG__SE_LEGEND ? "" : "s");
    char nb[64];
    const char *text = value_text(v, nb, sizeof nb);
    if (!text) return FAIL("must be a string or a number");
    char list[1024];
    switch (sp->type) {
    case T_COLOR:
        if (!color_ok(text, strlen(text))) return FAIL("must be %s", color_help);
        return cg__xstrdup(text);
    case T_COLORLIST:
        if (!color_list_ok(text))
            return FAIL("must be %s, or up to 16 colours separated by ':'", color_help);
        return cg__xstrdup(text);
    case T_FONT:
        if (!font_ok(text))
            return FAIL("must be a font name of at most 100 letters, digits, spaces and the characters , . - _ :");
        return cg__xstrdup(text);
    case T_NUM: return check_number(sp, text, 0, why, whylen);
    case T_INT: return check_number(sp, text, 1, why, whylen);
    case T_POINT: return check_point(sp, text, 0, why, whylen);
    case T_SIZE: return check_point(sp, text, 1, why, whylen);
    case T_BOOL:
        if (!strcasecmp(text, "true") || !strcasecmp(text, "yes") || !strcmp(text, "1")) return cg__xstrdup("true");
        if (!strcasecmp(text, "false") || !strcasecmp(text, "no") || !strcmp(text, "0")) return cg__xstrdup("false");
        return FAIL("must be true or false");
    case T_ENUM: {
        const char *x = find_value(sp->values, text, strlen(text));
        if (x) return cg__xstrdup(x);
        list_values(list, sizeof list, sp->values);
        return FAIL("must be one of %s", list);
    }
    case T_RATIO: {
        const char *x = find_value(sp->values, text, strlen(text));
        if (x) return cg__xstrdup(x);
        double r;
        if (parse_num(text, strlen(text), &r) && r >= sp->lo && r <= sp->hi) return check_number(sp, text, 0, why, whylen);
        list_values(list, sizeof list, sp->values);
        return FAIL("must be one of %s, or a number between 0.01 and 100", list);
    }
    case T_STYLE:
        return check_style(el == CG__SE_NODE ? node_styles : el == CG__SE_EDGE ? edge_styles : cluster_styles, text,
                           why, whylen);
    case T_ARROW:
        if (!arrow_ok(text))
            return FAIL("must be a Graphviz arrow shape (normal, inv, dot, odot, none, tee, empty, "
                                     "diamond, box, crow, vee, curve, or combinations such as \"lteeoldiamond\")");
        return cg__xstrdup(text);
    case T_TEXT: {
        if (!json_is_string(v)) return FAIL("must be a string");
        size_t chars = cg__utf8_count(text, strlen(text));
        if (chars > (size_t)sp->hi) return FAIL("must be at most 200 characters");
        return cg__xstrdup(text);
    }
    }
    return NULL;
}
