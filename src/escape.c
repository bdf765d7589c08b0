/* Escaping for every output context (see include/claimgraph/escape.h). */
#include "claimgraph/escape.h"
#include "util.h"

#include <jansson.h>
#include <string.h>

static int is_ctrl(unsigned char c) { return c < 0x20 || c == 0x7F; }

/* Length of a C1 control (U+0080..U+009F, encoded C2 80..C2 9F) at s, or 0. */
static size_t c1_len(const unsigned char *s)
{
    return s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F ? 2 : 0;
}

/* CSV fields: the rule is cg__esc_csv_add() (common/util.c, shared with the command-line tool,
 * which appends table cells without allocating). */
char *cg_esc_csv(const char *s)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__esc_csv_add(&b, s, 0);
    return cg__buf_steal(&b);
}

char *cg_esc_csv_plain(const char *s)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__esc_csv_add(&b, s, 1);
    return cg__buf_steal(&b);
}

char *cg_esc_json(const char *s)
{
    json_t *j = json_string(s);
    char *out = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
    json_decref(j);
    if (!out) {
        /* invalid UTF-8 cannot come from the loader; be safe anyway */
        cg__buf b;
        cg__buf_init(&b);
        cg__buf_adds(&b, "\"\\ufffd\"");
        return cg__buf_steal(&b);
    }
    char *copy = cg__xstrdup(out); /* keep one allocator for callers */
    free(out);
    return copy;
}

char *cg_esc_json_html(const char *s)
{
    char *j = cg_esc_json(s);
    cg__buf b;
    cg__buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)j; *p; p++) {
        if (*p == '<') cg__buf_adds(&b, "\\u003c");
        else if (*p == '>') cg__buf_adds(&b, "\\u003e");
        else if (*p == '&') cg__buf_adds(&b, "\\u0026");
        else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
            cg__buf_adds(&b, p[2] == 0xA8 ? "\\u2028" : "\\u2029");
            p += 2;
        } else cg__buf_addc(&b, (char)*p);
    }
    free(j);
    return cg__buf_steal(&b);
}

char *cg_esc_json_xml(const char *s)
{
    char *j = cg_esc_json(s);
    if (!strstr(j, "\xEF\xBF\xBE") && !strstr(j, "\xEF\xBF\xBF")) return j;
    cg__buf b;
    cg__buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)j; *p; p++) {
        if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
            cg__buf_adds(&b, p[2] == 0xBE ? "\\ufffe" : "\\uffff");
            p += 2;
        } else cg__buf_addc(&b, (char)*p);
    }
    free(j);
    return cg__buf_steal(&b);
}

char *cg_esc_md(const char *s)
{
    cg__buf b;
    cg__buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c == '\n' || c == '\r' || c == '\t') cg__buf_addc(&b, ' ');
        else if (is_ctrl(c)) continue;
        else if (strchr("\\`*_[]<>!&|~$", c)) { /* inline-special in CommonMark/GFM table cells */
            cg__buf_addc(&b, '\\');
            cg__buf_addc(&b, (char)c);
        } else cg__buf_addc(&b, (char)c);
    }
    return cg__buf_steal(&b);
}

char *cg_esc_dot_string(const char *s)
{
    cg__buf b;
    cg__buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        size_t c1 = c1_len(p);
        if (c1) {
            p += c1 - 1;
            continue;
        }
        if (is_ctrl(c)) continue;
        /* Graphviz's lexer reads `\"` as a quote and `\\` as a pair, so every backslash is doubled:
         * whatever follows it (a quote, a backslash, a dropped control character, the end) can
         * never pair with it and close the string */
        if (c == '"') cg__buf_adds(&b, "\\\"");
        else if (c == '&') cg__buf_adds(&b, "&amp;");
        else if (c == '\\') cg__buf_adds(&b, "\\\\");
        else cg__buf_addc(&b, (char)c);
    }
    return cg__buf_steal(&b);
}

static char *dot_esc(const char *s, const char *backslash)
{
    cg__buf b;
    cg__buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        size_t c1 = c1_len(p);
        if (c1) {
            p += c1 - 1;
            continue;
        }
        if (c == '\n') cg__buf_adds(&b, "\\n");
        else if (c == '\t') cg__buf_addc(&b, ' ');
        else if (is_ctrl(c)) continue;
        else if (c == '"') cg__buf_adds(&b, "\\\"");
        else if (c == '&') cg__buf_adds(&b, "&amp;"); /* Graphviz decodes entities in labels */
        else if (c == '\\') cg__buf_adds(&b, backslash);
        else cg__buf_addc(&b, (char)c);
    }
    return cg__buf_steal(&b);
}

char *cg_esc_dot_label(const char *s) { return dot_esc(s, "\\\\"); }
char *cg_esc_dot_tooltip(const char *s) { return dot_esc(s, "\\\\\\\\"); }

static char *xml_esc(const char *s, int html_label)
{
    cg__buf b;
    cg__buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        size_t c1 = c1_len(p);
        if (c1) {
            p += c1 - 1;
            continue;
        }
        switch (c) {
        case '&': cg__buf_adds(&b, "&amp;"); break;
        case '<': cg__buf_adds(&b, "&lt;"); break;
        case '>': cg__buf_adds(&b, "&gt;"); break;
        case '"': cg__buf_adds(&b, "&quot;"); break;
        case '\'': cg__buf_adds(&b, "&#39;"); break;
        case '\n': cg__buf_adds(&b, html_label ? "<BR/>" : "\n"); break;
        case '\t': cg__buf_addc(&b, html_label ? ' ' : '\t'); break;
        case '\r': if (!html_label) cg__buf_addc(&b, '\r'); break;
        default:
            if (is_ctrl(c)) break;
            if (html_label && c == ']' ) { cg__buf_adds(&b, "&#93;"); break; }
            cg__buf_addc(&b, (char)c);
        }
    }
    return cg__buf_steal(&b);
}

char *cg_esc_dot_html(const char *s) { return xml_esc(s, 1); }
char *cg_esc_html(const char *s) { return xml_esc(s, 0); }

char *cg_esc_url(const char *s)
{
    if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0) return NULL;
    /* RFC 3986 unreserved and reserved characters stay as they are (they are the URL's own
     * syntax: `&` between query parameters, `'` a sub-delimiter); each output context escapes
     * them for itself (DOT and SVG attributes write `&` as `&amp;`) */
    static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=";
    static const char hex[] = "0123456789ABCDEF";
    cg__buf b;
    cg__buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        int is_hex1 = (p[1] >= '0' && p[1] <= '9') || (p[1] >= 'a' && p[1] <= 'f') || (p[1] >= 'A' && p[1] <= 'F');
        int is_hex2 = is_hex1 && ((p[2] >= '0' && p[2] <= '9') || (p[2] >= 'a' && p[2] <= 'f') || (p[2] >= 'A' && p[2] <= 'F'));
        if (c && strchr(safe, c)) cg__buf_addc(&b, (char)c);
        else if (c == '%' && is_hex2) cg__buf_addc(&b, '%');
        else {
            cg__buf_addc(&b, '%');
            cg__buf_addc(&b, hex[c >> 4]);
            cg__buf_addc(&b, hex[c & 15]);
        }
    }
    return cg__buf_steal(&b);
}

char *cg_esc_token(const char *s)
{
    cg__buf b;
    cg__buf_init(&b);
    if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') && *s != '_') cg__buf_addc(&b, '_');
    for (const char *p = s; *p; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        cg__buf_addc(&b, ok ? c : '_');
    }
    return cg__buf_steal(&b);
}

/* ---- XML 1.0 (GEXF, GraphML) ---- */

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *p)
{
    unsigned char c = p[0];
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0; /* overlong */
        if (c == 0xED && p[1] >= 0xA0) return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
        if (c == 0xF0 && p[1] < 0x90) return 0;
        if (c == 0xF4 && p[1] >= 0x90) return 0;
        return 4;
    }
    return 0;
}

static char *xml10_esc(const char *s, int attr)
{
    static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
    cg__buf b;
    cg__buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned char c = *p;
        size_t n = utf8_seq(p);
        if (n == 0) { /* invalid byte */
            cg__buf_adds(&b, replacement);
            p++;
            continue;
        }
        if (n == 3 && p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) { /* U+FFFE, U+FFFF */
            cg__buf_adds(&b, replacement);
            p += 3;
            continue;
        }
        /* NEL and LINE SEPARATOR are line ends to XML 1.1 parsers (xmldom, ...), which turn them
         * into LF (and into a space in attributes): a character reference keeps them */
        if (n == 2 && p[0] == 0xC2 && p[1] == 0x85) {
            cg__buf_adds(&b, "&#133;");
            p += 2;
            continue;
        }
        if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xA8) {
            cg__buf_adds(&b, "&#8232;");
            p += 3;
            continue;
        }
        if (n > 1) {
            cg__buf_add(&b, p, n);
            p += n;
            continue;
        }
        switch (c) {
        case '&': cg__buf_adds(&b, "&amp;"); break;
        case '<': cg__buf_adds(&b, "&lt;"); break;
        case '>': cg__buf_adds(&b, "&gt;"); break;
        case '"': cg__buf_adds(&b, attr ? "&quot;" : "\""); break;
        case '\'': cg__buf_adds(&b, attr ? "&apos;" : "'"); break;
        case '\t': cg__buf_adds(&b, attr ? "&#9;" : "\t"); break;
        case '\n': cg__buf_adds(&b, attr ? "&#10;" : "\n"); break;
        case '\r': cg__buf_adds(&b, "&#13;"); break;
        default:
            if (c < 0x20) cg__buf_adds(&b, replacement); /* XML 1.0 cannot carry it, not even as a reference */
            else cg__buf_addc(&b, (char)c);
        }
        p++;
    }
    return cg__buf_steal(&b);
}

char *cg_esc_xml_text(const char *s) { return xml10_esc(s, 0); }
char *cg_esc_xml_attr(const char *s) { return xml10_esc(s, 1); }

/* ---- CSV for databases ---- */

char *cg_esc_csv_rfc4180(const char *s)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_addc(&b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"') cg__buf_addc(&b, '"');
        cg__buf_addc(&b, *p);
    }
    cg__buf_addc(&b, '"');
    return cg__buf_steal(&b);
}

int cg_csv_legacy_quote_hazard(const char *s)
{
    size_t n = strlen(s);
    if (n && s[n - 1] == '\\') return 1;
    return strstr(s, "\\\"") != NULL;
}

/* ---- GEXF list values ---- */

char *cg_esc_gexf_list_item(const char *s)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_addc(&b, '"');
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '\\': cg__buf_adds(&b, "\\\\"); break;
        case '"': cg__buf_adds(&b, "\\\""); break;
        case '\n': cg__buf_adds(&b, "\\n"); break;
        case '\r': cg__buf_adds(&b, "\\r"); break;
        case '\t': cg__buf_adds(&b, "\\t"); break;
        default: cg__buf_addc(&b, *p);
        }
    }
    cg__buf_addc(&b, '"');
    return cg__buf_steal(&b);
}

/* ---- Cypher ---- */

char *cg_esc_cypher_name(const char *s)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_addc(&b, '`');
    for (const char *p = s; *p; p++) {
        if (*p == '`') cg__buf_addc(&b, '`');
        cg__buf_addc(&b, *p);
    }
    cg__buf_addc(&b, '`');
    return cg__buf_steal(&b);
}

char *cg_esc_cypher_string(const char *s)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_addc(&b, '\'');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '\\': cg__buf_adds(&b, "\\\\"); break;
        case '\'': cg__buf_adds(&b, "\\'"); break;
        case '\n': cg__buf_adds(&b, "\\n"); break;
        case '\r': cg__buf_adds(&b, "\\r"); break;
        case '\t': cg__buf_adds(&b, "\\t"); break;
        default:
            if (is_ctrl(*p)) cg__buf_printf(&b, "\\u%04X", *p);
            else cg__buf_addc(&b, (char)*p);
        }
    }
    cg__buf_addc(&b, '\'');
    return cg__buf_steal(&b);
}

/* ---- URLs as data ---- */

char *cg_esc_url_data(const char *s)
{
    if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0) return NULL;
    static const char keep[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=";
    static const char hex[] = "0123456789ABCDEF";
    cg__buf b;
    cg__buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        int h1 = (p[1] >= '0' && p[1] <= '9') || (p[1] >= 'a' && p[1] <= 'f') || (p[1] >= 'A' && p[1] <= 'F');
        int h2 = h1 && ((p[2] >= '0' && p[2] <= '9') || (p[2] >= 'a' && p[2] <= 'f') || (p[2] >= 'A' && p[2] <= 'F'));
        if (strchr(keep, c) || (c == '%' && h2)) cg__buf_addc(&b, (char)c);
        else {
            cg__buf_addc(&b, '%');
            cg__buf_addc(&b, hex[c >> 4]);
            cg__buf_addc(&b, hex[c & 15]);
        }
    }
    return cg__buf_steal(&b);
}
