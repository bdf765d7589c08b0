/* Fuzz harness: style files (red team S1, M10). Input: any bytes as a style file. When it loads,
 * a small fixed dataset is written as DOT with it, and the DOT is read back with Graphviz's
 * lexical rules (quoted strings with `\"` and `\\` pairs, nested <...> HTML strings). Invariants:
 * no style value leaves its string (every attribute name outside strings is one the writer sets
 * or the allow-list has, never a link, id, class or file attribute; exactly one `->` per drawn
 * edge; braces and brackets balance), no control character in a quoted string, no quote, angle
 * bracket or backslash in the value of an attribute other than the free-text ones (labels and
 * tooltips, which the label escapers handle; Graphviz writes other values into SVG as they are),
 * and the thresholds of the style are in range. */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimgraph/claimgraph.h"
#include "style_attrs.h"

static const char dataset[] =
    "{\"type\":\"source\",\"id\":\"s1\",\"title\":\"One\",\"kind\":\"news\",\"reliability\":\"B\",\"url\":\"https://example.org/?a=1&b=2\"}\n"
    "{\"type\":\"source\",\"id\":\"s2\",\"title\":\"Two\",\"kind\":\"ngo_report\"}\n"
    "{\"type\":\"entity\",\"id\":\"a\",\"name\":\"Alpha\",\"kind\":\"person\"}\n"
    "{\"type\":\"entity\",\"id\":\"b\",\"name\":\"Bravo\",\"kind\":\"organization\"}\n"
    "{\"type\":\"entity\",\"id\":\"c\",\"name\":\"Charlie\",\"kind\":\"company\"}\n"
    "{\"type\":\"claim\",\"id\":\"c1\",\"subject\":\"a\",\"relation\":\"member_of\",\"object\":\"b\",\"source\":\"s1\"}\n"
    "{\"type\":\"claim\",\"id\":\"c2\",\"subject\":\"a\",\"relation\":\"member_of\",\"object\":\"b\",\"source\":\"s2\",\"credibility\":5}\n"
    "{\"type\":\"claim\",\"id\":\"c3\",\"subject\":\"b\",\"relation\":\"funds\",\"object\":\"c\",\"source\":\"s2\"}\n"
    "{\"type\":\"claim\",\"id\":\"c4\",\"subject\":\"b\",\"relation\":\"funds\",\"object\":\"c\",\"source\":\"s1\",\"stance\":\"refutes\"}\n";

static cg_dataset *ds;
static cg_view *view;

static void setup(void)
{
    if (view) return;
    CHECK(cg_dataset_load_buffer(&ds, "fixed.jsonl", dataset, sizeof dataset - 1, NULL, NULL) == CG_OK);
    CHECK(cg_view_build(&view, ds, NULL, NULL) == CG_OK);
}

/* Attributes the DOT writer sets itself. */
static const char *const own[] = {"charset", "id", "class", "label", "labelloc", "tooltip", "labeltooltip", "URL",
                                  "target", "style", "color", "fontcolor", "penwidth", "dir", "fontsize", "shape",
                                  "margin", NULL};

static int allowed_name(const char *name)
{
    for (size_t i = 0; own[i]; i++)
        if (!strcmp(own[i], name)) return 1;
    const char *names[256];
    for (int el = 0; el < CG__SE_COUNT; el++) {
        size_t n = cg__style_attr_names((cg__style_elem)el, names, 256);
        for (size_t k = 0; k < n; k++)
            if (!strcmp(names[k], name)) return 1;
    }
    return 0;
}

/* Reads the DOT text with Graphviz's lexical rules; checks the invariants above. */
static void check_dot(const char *s, size_t n, size_t edges)
{
    size_t arrows = 0, urls = 0;
    long braces = 0, brackets = 0;
    char word[64];
    int free_text = 0; /* the value being read is a label or tooltip */
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '"') {
            size_t st = ++i;
            for (; i < n && s[i] != '"'; i++)
                if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\')) i++;
            CHECK(i < n); /* every string closes */
            for (size_t k = st; k < i; k++) {
                CHECK((unsigned char)s[k] >= 0x20 || s[k] == '\t');
                if (!free_text) CHECK(s[k] != '"' && s[k] != '<' && s[k] != '>' && s[k] != '\\');
            }
            free_text = 0;
            i++;
        } else if (c == '<') {
            int depth = 0;
            do {
                if (s[i] == '<') depth++;
                else if (s[i] == '>') depth--;
                i++;
            } while (i < n && depth > 0);
            CHECK(depth == 0);
        } else if (isalpha((unsigned char)c) || c == '_') {
            size_t st = i;
            while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_')) i++;
            size_t len = i - st < sizeof word - 1 ? i - st : sizeof word - 1;
            memcpy(word, s + st, len);
            word[len] = '\0';
            size_t j = i;
            while (j < n && s[j] == ' ') j++;
            if (j < n && s[j] == '=') {
                if (!allowed_name(word)) {
                    fprintf(stderr, "attribute outside the allow-list in the DOT: %s\n", word);
                    CHECK(0);
                }
                urls += !strcmp(word, "URL");
                free_text = !strcmp(word, "label") || !strcmp(word, "tooltip") || !strcmp(word, "labeltooltip");
            }
        } else {
            if (c == '-' && i + 1 < n && s[i + 1] == '>') arrows++;
            braces += c == '{' ? 1 : c == '}' ? -1 : 0;
            brackets += c == '[' ? 1 : c == ']' ? -1 : 0;
            CHECK(braces >= 0 && brackets >= 0);
            i++;
        }
    }
    CHECK(braces == 0 && brackets == 0);
    CHECK(arrows == edges);
    CHECK(urls <= edges); /* only the data's links */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    cg_diag *d = cg_diag_new(20);
    cg_style *st = NULL;
    cg_status rs = cg__style_load_text(&st, "fuzz.json", (const char *)data, size, d);
    if (rs != CG_OK) {
        CHECK(st == NULL);
        CHECK(cg_diag_count(d, CG_SEV_ERROR) > 0);
    } else {
        CHECK(st != NULL);
        double lc = cg_style_low_confidence(st);
        CHECK(lc >= 0 && lc <= 1);
        CHECK(cg_style_engine_threshold(st) >= 1);
        char *dot = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&dot, &len);
        CHECK(f != NULL);
        CHECK(cg_view_write_dot(view, st, f) == CG_OK);
        fclose(f);
        check_dot(dot, len, cg_view_n_edges(view));
        free(dot);
    }
    cg_style_free(st);
    cg_diag_free(d);
    return 0;
}
