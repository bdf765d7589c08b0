/* Unit tests: escaping, one function per output context (the real parsers are exercised by
 * tests/e2e/test_viz.py and test_outputs.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "claimgraph/escape.h"

#define CHECK(fn, in, want) \
    do { \
        char *got_ = fn(in); \
        assert_non_null(got_); \
        assert_string_equal(got_, want); \
        free(got_); \
    } while (0)

static void test_csv(void **state)
{
    (void)state;
    CHECK(cg_esc_csv, "plain", "plain");
    CHECK(cg_esc_csv, "a,b", "\"a,b\"");
    CHECK(cg_esc_csv, "say \"hi\"", "\"say \"\"hi\"\"\"");
    CHECK(cg_esc_csv, "two\nlines", "\"two\nlines\"");
    CHECK(cg_esc_csv, "=SUM(A1)", "\"'=SUM(A1)\"");
    CHECK(cg_esc_csv, "+1", "\"'+1\"");
    CHECK(cg_esc_csv, "-2", "\"'-2\"");
    CHECK(cg_esc_csv, "@cmd", "\"'@cmd\"");
    CHECK(cg_esc_csv, "\tx", "\"'\tx\"");
    CHECK(cg_esc_csv, " pad ", "\" pad \"");
    CHECK(cg_esc_csv, "", "");
}

static void test_json(void **state)
{
    (void)state;
    CHECK(cg_esc_json, "a\"b\\c\n", "\"a\\\"b\\\\c\\n\"");
    CHECK(cg_esc_json, "Tha\xC3\xA7i", "\"Tha\xC3\xA7i\"");
    CHECK(cg_esc_json, "\x01", "\"\\u0001\"");
    CHECK(cg_esc_json_html, "</script><b>&", "\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\"");
    CHECK(cg_esc_json_html, "x\xE2\x80\xA8y", "\"x\\u2028y\"");
}

static void test_md(void **state)
{
    (void)state;
    CHECK(cg_esc_md, "a|b", "a\\|b");
    CHECK(cg_esc_md, "*x* _y_ [z](u) <b>", "\\*x\\* \\_y\\_ \\[z\\](u) \\<b\\>");
    CHECK(cg_esc_md, "a & b ~c~ `d` !$", "a \\& b \\~c\\~ \\`d\\` \\!\\$");
    CHECK(cg_esc_md, "(collective, unnamed) - x.", "(collective, unnamed) - x.");
    CHECK(cg_esc_md, "line\nbreak\x01", "line break");
    CHECK(cg_esc_md, "Tha\xC3\xA7i", "Tha\xC3\xA7i");
}

static void test_dot(void **state)
{
    (void)state;
    CHECK(cg_esc_dot_string, "say \"hi\"", "say \\\"hi\\\"");
    CHECK(cg_esc_dot_string, "end\\", "end\\\\");
    CHECK(cg_esc_dot_string, "a\x01\x7F" "b", "ab");
    CHECK(cg_esc_dot_label, "a\\b\"c\nd", "a\\\\b\\\"c\\nd");
    CHECK(cg_esc_dot_label, "\\N \\G \\E", "\\\\N \\\\G \\\\E");
    CHECK(cg_esc_dot_label, "trail\\", "trail\\\\");
    CHECK(cg_esc_dot_label, "c1\xC2\x85" "x", "c1x"); /* C1 control dropped */
    CHECK(cg_esc_dot_tooltip, "a\\b", "a\\\\\\\\b");
    CHECK(cg_esc_dot_label, "&beta; & x", "&amp;beta; &amp; x");
    CHECK(cg_esc_dot_string, "a&b", "a&amp;b");
    CHECK(cg_esc_dot_html, "&beta; <b>x</b> ]", "&amp;beta; &lt;b&gt;x&lt;/b&gt; &#93;");
    CHECK(cg_esc_dot_html, "two\nlines", "two<BR/>lines");
}

/* Graphviz's lexer inside a quoted string: `\\"` is a quote, `\\\\` a pair, any other byte itself;
 * returns 1 if a bare `"` (the end of the string) occurs in s. */
static int dot_string_closes(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (p[0] == '\\' && (p[1] == '"' || p[1] == '\\')) p++;
        else if (*p == '"') return 1;
    }
    return 0;
}

/* red team M10: a backslash, a control character (dropped) and a quote closed the string */
static void test_dot_string_cannot_close(void **state)
{
    (void)state;
    CHECK(cg_esc_dot_string, "white\\\x01\"]; n0 -> n1 [color=red]; //", "white\\\\\\\"]; n0 -> n1 [color=red]; //");
    CHECK(cg_esc_dot_string, "a\\\xC2\x85\"b", "a\\\\\\\"b"); /* C1 control between them */
    CHECK(cg_esc_dot_string, "\\N", "\\\\N");
    const char pieces[][3] = {"\\", "\"", "\x01", "\x7F", "\xC2\x85", "a", "\n", "&"};
    const size_t np = sizeof pieces / sizeof pieces[0];
    char in[16];
    /* every string of up to four pieces */
    for (size_t len = 1; len <= 4; len++) {
        size_t total = 1;
        for (size_t k = 0; k < len; k++) total *= np;
        for (size_t code = 0; code < total; code++) {
            in[0] = '\0';
            for (size_t k = 0, c = code; k < len; k++, c /= np) strcat(in, pieces[c % np]);
            char *out = cg_esc_dot_string(in);
            if (dot_string_closes(out)) fail_msg("cg_esc_dot_string closes the string for an input of %zu pieces (%zu)", len, code);
            free(out);
        }
    }
}

static void test_html(void **state)
{
    (void)state;
    CHECK(cg_esc_html, "<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    CHECK(cg_esc_html, "\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    CHECK(cg_esc_html, "a\x01" "b\tc", "ab\tc");
}

static void test_url(void **state)
{
    (void)state;
    assert_null(cg_esc_url("javascript:alert(1)"));
    assert_null(cg_esc_url("JAVASCRIPT:alert(1)"));
    assert_null(cg_esc_url("file:///etc/passwd"));
    assert_null(cg_esc_url("data:text/html,x"));
    assert_null(cg_esc_url(" http://x"));
    CHECK(cg_esc_url, "https://example.org/a?b=1&c=\"x\"", "https://example.org/a?b=1&c=%22x%22");
    /* red team M11: the URL's own syntax is kept (several query parameters, sub-delimiters) */
    CHECK(cg_esc_url, "https://www.google.com/search?q=kosovo&hl=en", "https://www.google.com/search?q=kosovo&hl=en");
    CHECK(cg_esc_url, "https://x.org/it's?a=1&b=2;c=3", "https://x.org/it's?a=1&b=2;c=3");
    CHECK(cg_esc_url, "http://x.org/<script>", "http://x.org/%3Cscript%3E");
    CHECK(cg_esc_url, "http://x.org/caf\xC3\xA9 %zz %41", "http://x.org/caf%C3%A9%20%25zz%20%41");
    CHECK(cg_esc_url, "http://x.org/a\\b'c", "http://x.org/a%5Cb'c");
}

static void test_token(void **state)
{
    (void)state;
    CHECK(cg_esc_token, "member_of", "member_of");
    CHECK(cg_esc_token, "a.b:c d", "a_b_c_d");
    CHECK(cg_esc_token, "9lives", "_9lives");
    CHECK(cg_esc_token, "", "_");
}

static void test_xml10(void **state)
{
    (void)state;
    CHECK(cg_esc_xml_text, "<b>a & b</b> ]]> \"q\" 'x'", "&lt;b&gt;a &amp; b&lt;/b&gt; ]]&gt; \"q\" 'x'");
    CHECK(cg_esc_xml_attr, "<b>\"q\" 'x'", "&lt;b&gt;&quot;q&quot; &apos;x&apos;");
    CHECK(cg_esc_xml_text, "a\tb\nc\rd", "a\tb\nc&#13;d");
    CHECK(cg_esc_xml_attr, "a\tb\nc\rd", "a&#9;b&#10;c&#13;d");
    /* XML 1.0 cannot carry C0 controls (but TAB LF CR) nor U+FFFE/U+FFFF: U+FFFD instead */
    CHECK(cg_esc_xml_text, "a\x01" "b\x1F" "c", "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
    CHECK(cg_esc_xml_text, "x\xEF\xBF\xBE" "y\xEF\xBF\xBF", "x\xEF\xBF\xBD" "y\xEF\xBF\xBD");
    /* DEL and C1 are allowed; NEL and U+2028 as references (XML 1.1 parsers take them for line ends) */
    CHECK(cg_esc_xml_text, "d\x7F" "e\xC2\x80" "f", "d\x7F" "e\xC2\x80" "f");
    CHECK(cg_esc_xml_attr, "n\xC2\x85" "l\xE2\x80\xA8" "p\xE2\x80\xA9", "n&#133;l&#8232;p\xE2\x80\xA9");
    CHECK(cg_esc_xml_text, "&beta; \xF0\x9F\x98\x80", "&amp;beta; \xF0\x9F\x98\x80");
    CHECK(cg_esc_xml_text, "bad\xC3(", "bad\xEF\xBF\xBD(");
    CHECK(cg_esc_xml_text, "", "");
}

static void test_machine_csv_and_cypher(void **state)
{
    (void)state;
    CHECK(cg_esc_csv_rfc4180, "=SUM(A1)", "\"=SUM(A1)\"");
    CHECK(cg_esc_csv_rfc4180, "say \"hi\"\nx", "\"say \"\"hi\"\"\nx\"");
    CHECK(cg_esc_csv_rfc4180, "", "\"\"");
    assert_true(cg_csv_legacy_quote_hazard("end\\"));
    assert_true(cg_csv_legacy_quote_hazard("a\\\"b"));
    assert_false(cg_csv_legacy_quote_hazard("a\\b \"q\""));
    CHECK(cg_esc_cypher_name, "LEADS", "`LEADS`");
    CHECK(cg_esc_cypher_name, "a`b", "`a``b`");
    CHECK(cg_esc_cypher_string, "it's a\\b\n\x01", "'it\\'s a\\\\b\\n\\u0001'");
    CHECK(cg_esc_gexf_list_item, "a, \"b\"\\\n", "\"a, \\\"b\\\"\\\\\\n\"");
    CHECK(cg_esc_json_xml, "x\xEF\xBF\xBE\x01", "\"x\\ufffe\\u0001\"");
}

static void test_url_data(void **state)
{
    (void)state;
    assert_null(cg_esc_url_data("javascript:alert(1)"));
    CHECK(cg_esc_url_data, "https://example.org/a?b=1&c='x'", "https://example.org/a?b=1&c='x'");
    CHECK(cg_esc_url_data, "http://x.org/<a> \"q\" caf\xC3\xA9 %zz %41", "http://x.org/%3Ca%3E%20%22q%22%20caf%C3%A9%20%25zz%20%41");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),  cmocka_unit_test(test_json), cmocka_unit_test(test_md),
        cmocka_unit_test(test_dot),  cmocka_unit_test(test_html), cmocka_unit_test(test_url),
        cmocka_unit_test(test_token), cmocka_unit_test(test_xml10), cmocka_unit_test(test_machine_csv_and_cypher),
        cmocka_unit_test(test_url_data), cmocka_unit_test(test_dot_string_cannot_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
