/* Unit tests: style files (src/style.c) and the attribute allow-list (src/style_attrs.c), red
 * team S1, M10 and m7: only documented attributes, every value checked against its type and
 * written in canonical form, the README's table equal to the code's list, files over 4 MiB
 * refused. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimgraph/claimgraph.h"
#include "helpers.h"
#include "style_attrs.h"

/* check(el, key, JSON value) -> canonical value or NULL */
static char *check(cg__style_elem el, const char *key, const char *json)
{
    json_error_t err;
    json_t *v = json_loads(json, JSON_DECODE_ANY, &err);
    assert_non_null(v);
    char why[1200];
    char *out = cg__style_attr_check(el, key, v, why, sizeof why);
    if (!out) assert_true(strlen(why) > 0);
    json_decref(v);
    return out;
}

#define OK(el, key, json, want) \
    do { \
        char *got_ = check(el, key, json); \
        if (!got_) fail_msg("%s=%s refused", key, json); \
        assert_string_equal(got_, want); \
        free(got_); \
    } while (0)
#define NO(el, key, json) \
    do { \
        char *got_ = check(el, key, json); \
        if (got_) fail_msg("%s=%s accepted as %s", key, json, got_); \
    } while (0)

static void test_types(void **state)
{
    (void)state;
    /* colours */
    OK(CG__SE_NODE, "fillcolor", "\"#dbe9f6\"", "#dbe9f6");
    OK(CG__SE_NODE, "fillcolor", "\"#dbe9f6AA:red;0.3:/blues9/3\"", "#dbe9f6AA:red;0.3:/blues9/3");
    OK(CG__SE_NODE, "color", "\"0.650 0.700 0.700\"", "0.650 0.700 0.700");
    OK(CG__SE_EDGE, "fontcolor", "\"white\"", "white");
    NO(CG__SE_NODE, "fontcolor", "\"red:blue\"");                 /* one colour only */
    NO(CG__SE_NODE, "fillcolor", "\"#fff\"");                     /* 6 or 8 digits */
    NO(CG__SE_NODE, "fillcolor", "\"red\\\"><script>\"");
    NO(CG__SE_NODE, "color", "\"2 0 0\"");                        /* HSV in [0, 1] */
    NO(CG__SE_NODE, "color", "\"\"");
    /* fonts */
    OK(CG__SE_GRAPH, "fontname", "\"DejaVu Sans, Helvetica:bold\"", "DejaVu Sans, Helvetica:bold");
    NO(CG__SE_GRAPH, "fontname", "\"Helvetica\\\"/><script>alert(1)</script>\"");
    NO(CG__SE_NODE, "fontname", "\"a&b\"");
    NO(CG__SE_NODE, "fontname", "\"a\\u0001b\"");
    /* numbers: canonical, ranges, no inf/nan, no markup */
    OK(CG__SE_NODE, "fontsize", "11", "11");
    OK(CG__SE_NODE, "penwidth", "\"1.50\"", "1.5");
    OK(CG__SE_EDGE, "arrowsize", "0.7", "0.7");
    NO(CG__SE_NODE, "fontsize", "1e308");
    NO(CG__SE_NODE, "penwidth", "\"nan\"");
    NO(CG__SE_NODE, "penwidth", "\"inf\"");
    NO(CG__SE_EDGE, "fontsize", "\"8\\\" onload=\\\"x\"");
    NO(CG__SE_GRAPH, "dpi", "100000");
    NO(CG__SE_EDGE, "minlen", "1.5");                              /* integer */
    OK(CG__SE_GRAPH, "size", "\"7.5,10!\"", "7.5,10!");
    OK(CG__SE_GRAPH, "pad", "0.3", "0.3");
    NO(CG__SE_NODE, "margin", "\"1,2,3\"");
    /* enumerations and lists */
    OK(CG__SE_NODE, "shape", "\"MDIAMOND\"", "Mdiamond");
    OK(CG__SE_GRAPH, "rankdir", "\"lr\"", "LR");
    NO(CG__SE_NODE, "shape", "\"epsf\"");
    NO(CG__SE_NODE, "shape", "\"custom\"");
    OK(CG__SE_NODE, "style", "\"filled, rounded\"", "filled,rounded");
    NO(CG__SE_NODE, "style", "\"setlinewidth(4)\"");
    NO(CG__SE_EDGE, "style", "\"filled\"");                        /* a node style */
    OK(CG__SE_GRAPH, "concentrate", "true", "true");
    OK(CG__SE_GRAPH, "concentrate", "\"no\"", "false");
    OK(CG__SE_GRAPH, "ratio", "\"auto\"", "auto");
    OK(CG__SE_GRAPH, "ratio", "0.5", "0.5");
    OK(CG__SE_EDGE, "arrowhead", "\"lteeoldiamond\"", "lteeoldiamond");
    OK(CG__SE_EDGE, "arrowhead", "\"invempty\"", "invempty");
    NO(CG__SE_EDGE, "arrowhead", "\"normal\\\"><x\"");
    NO(CG__SE_EDGE, "arrowhead", "\"normalnormalnormalnormalnormal\"");
    /* free text only for the legend's label (written through the label escaper) */
    OK(CG__SE_LEGEND, "label", "\"Legend <b>\"", "Legend <b>");
    NO(CG__SE_GRAPH, "label", "\"x\"");
    /* never: links, ids, classes, tooltips, files */
    const char *never[] = {"URL", "href", "target", "id", "class", "tooltip", "image", "imagepath", "shapefile",
                           "fontpath", "stylesheet", "charset", "comment", "xlabel", "headURL", "tailURL",
                           "labelURL", "edgeURL", "headhref", "edgetooltip", "layer", "root", "sortv"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        for (int el = 0; el < CG__SE_COUNT; el++) NO((cg__style_elem)el, never[i], "\"x\"");
    NO(CG__SE_NODE, "fontname", "[1]");
    NO(CG__SE_NODE, "fontname", "null");
}

/* The README's allow-list table names exactly the attributes the code allows. */
static void test_readme_table(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/README.md", CG_SOURCE_DIR);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static const char *const rows[CG__SE_COUNT] = {"| `graph` |", "| `node`, `kinds.KIND` |", "| `edge` |",
                                                   "| `legend` |"};
    int seen[CG__SE_COUNT] = {0};
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        for (int el = 0; el < CG__SE_COUNT; el++) {
            if (strncmp(line, rows[el], strlen(rows[el])) != 0) continue;
            seen[el] = 1;
            const char *names[256];
            size_t n = cg__style_attr_names((cg__style_elem)el, names, 256);
            unsigned char found[256] = {0};
            /* every `name` in the second cell must be allowed, and every allowed name be there */
            for (char *p = line + strlen(rows[el]); (p = strchr(p, '`')) != NULL;) {
                char *q = strchr(p + 1, '`');
                assert_non_null(q);
                *q = '\0';
                const char *tok = p + 1;
                if (strspn(tok, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789") == strlen(tok)) {
                    size_t k = 0;
                    while (k < n && strcmp(names[k], tok) != 0) k++;
                    if (k == n) fail_msg("README allows %s for row %s, the code does not", tok, rows[el]);
                    found[k] = 1;
                }
                p = q + 1;
            }
            for (size_t k = 0; k < n; k++)
                if (!found[k]) fail_msg("the code allows %s for %s, README does not say so", names[k], rows[el]);
        }
    }
    fclose(f);
    for (int el = 0; el < CG__SE_COUNT; el++)
        if (!seen[el]) fail_msg("README has no row %s", rows[el]);
}

static cg_status load_text(const char *text, size_t len, cg_diag *d)
{
    char path[] = "/tmp/cg-style-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    cg_style *st = NULL;
    cg_status rs = cg_style_load(&st, path, d);
    unlink(path);
    if (rs == CG_OK) assert_non_null(st);
    else assert_null(st);
    cg_style_free(st);
    return rs;
}

static void test_load(void **state)
{
    (void)state;
    cg_diag *d = cg_diag_new(100);
    const char *bad = "{\"node\": {\"fontname\": \"Helvetica\\\"/><script>alert(1)</script>\"}}";
    assert_int_equal(load_text(bad, strlen(bad), d), CG_EDATA);
    assert_int_equal(cg_diag_count(d, CG_SEV_ERROR), 1);
    assert_int_equal(cg_diag_get(d, 0)->line, 1);
    assert_int_equal(cg_diag_get(d, 0)->col, 23); /* the value of "fontname" */
    /* red team M10: the escString breakout in an edge colour */
    const char *esc = "{\"edges\": {\"color\": \"white\\\\\\u0001\\\"]; n0 -> n1 [color=red]; //\"}}";
    assert_int_equal(load_text(esc, strlen(esc), d), CG_EDATA);
    const char *good = "{\"node\": {\"shape\": \"box\", \"fontsize\": \"11\"}, \"legend\": {\"label\": \"Key\"}}";
    assert_int_equal(load_text(good, strlen(good), d), CG_OK);
    cg_diag_free(d);
}

/* red team m7: a style over 4 MiB is refused as too large, not truncated into a JSON error */
static void test_too_large(void **state)
{
    (void)state;
    size_t len = ((size_t)4 << 20) + 100;
    char *text = malloc(len);
    assert_non_null(text);
    memset(text, ' ', len);
    const char *body = "{\"node\": {\"fontsize\": 11}}";
    memcpy(text, body, strlen(body)); /* valid JSON followed by spaces */
    cg_diag *d = cg_diag_new(100);
    assert_int_equal(load_text(text, len, d), CG_ELIMIT);
    const cg_diag_entry *e = cg_diag_get(d, 0);
    assert_non_null(e);
    assert_null(strstr(e->message, "invalid JSON"));
    cg_diag_free(d);
    d = cg_diag_new(100);
    assert_int_equal(load_text(text, (size_t)4 << 20, d), CG_OK); /* exactly 4 MiB is fine */
    cg_diag_free(d);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_readme_table),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_too_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
