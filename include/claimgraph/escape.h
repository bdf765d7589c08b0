/* claimgraph: escaping, one function per output context. Every string from the data that
 * reaches CSV, JSON, Markdown, DOT, SVG or HTML goes through exactly one of these.
 * Each returns a new NUL-terminated string owned by the caller (free()). Inputs are UTF-8. */
#ifndef CLAIMGRAPH_ESCAPE_H
#define CLAIMGRAPH_ESCAPE_H

#include "export.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A CSV field (RFC 4180): quoted when it contains `,` `"` CR LF or edge spaces, quotes
 * doubled; a field starting with `=` `+` `-` `@` TAB or CR gets a leading `'` so spreadsheets
 * do not run it as a formula (OWASP). */
CG_API char *cg_esc_csv(const char *s);
/** A CSV field for machines (RFC 4180, the `plain` dialect): quoted when it contains `,` `;` `"`
 * CR LF, or starts or ends with a space or tab; quotes doubled; nothing else changed (no formula
 * guard, so `@handle` or `-2` reach any importer intact). */
CG_API char *cg_esc_csv_plain(const char *s);
/** A JSON string literal, quotes included (via jansson). */
CG_API char *cg_esc_json(const char *s);
/** A JSON string literal safe inside an HTML <script> element: also `<` `>` `&` U+2028 U+2029
 * as \\u escapes. */
CG_API char *cg_esc_json_html(const char *s);
/** A JSON string literal safe inside XML 1.0 text or attributes (before XML escaping): also
 * U+FFFE and U+FFFF, which XML cannot carry, as \\u escapes, so the JSON stays lossless. */
CG_API char *cg_esc_json_xml(const char *s);
/** A Markdown table cell: the characters that are special inline in CommonMark/GFM (\\ ` * _ [ ]
 * < > ! & | ~ $) backslash-escaped, line breaks and tabs as spaces, other control characters
 * dropped. */
CG_API char *cg_esc_md(const char *s);
/** The inside of a DOT double-quoted string for a plain (non-escString) attribute: `"` as
 * `\\"`, `&` as `&amp;` (Graphviz decodes entities), control characters dropped, every backslash
 * doubled (so nothing, not even a dropped control character between a backslash and a quote,
 * can close the string). */
CG_API char *cg_esc_dot_string(const char *s);
/** The inside of a DOT double-quoted escString (label, xlabel): `\\` `"` escaped, `&` as `&amp;`
 * (Graphviz decodes entities such as `&beta;`), newline as `\\n`, other control characters
 * dropped, so `\\N`, `\\G`... and `&beta;` in data stay literal. */
CG_API char *cg_esc_dot_label(const char *s);
/** The inside of a DOT double-quoted tooltip (escString written to SVG): Graphviz 2.42 strips
 * backslashes twice there, so a data backslash becomes four. */
CG_API char *cg_esc_dot_tooltip(const char *s);
/** Text for a Graphviz HTML-like label (<...>): XML entities for & < > " ', newline as
 * <BR/>, control characters dropped, so `&beta;` in data stays literal. */
CG_API char *cg_esc_dot_html(const char *s);
/** Text or attribute value in XML/HTML/SVG: & < > " ' as entities, control characters that XML
 * forbids dropped. */
CG_API char *cg_esc_html(const char *s);
/** A link target for DOT `URL`/`href` (written unescaped into SVG by Graphviz 2.42): returns NULL
 * unless the scheme is http or https; otherwise every byte outside the characters a URL may
 * hold (RFC 3986 unreserved and reserved, and `%` before two hex digits) is percent-encoded
 * (`"` `<` `>` `\\` spaces, control characters and non-ASCII). The URL's own syntax is kept:
 * `&` and `'` stay as they are, so the result must still be escaped for its context (in DOT
 * with cg_esc_dot_string, which writes `&` as `&amp;`, as SVG needs). */
CG_API char *cg_esc_url(const char *s);
/** Text content of an XML 1.0 element: `&` `<` `>` as entities, CR as `&#13;` (parsers turn a
 * raw CR into LF); TAB and LF stay. Characters XML 1.0 cannot carry at all (the C0 controls other
 * than TAB, LF and CR, and U+FFFE, U+FFFF) become U+FFFD REPLACEMENT CHARACTER, so a reader sees
 * that a character was there; invalid UTF-8 (never produced by the loader) too. U+0085 and U+2028,
 * which XML 1.1 parsers take for line ends, are written as `&#133;` and `&#8232;`. */
CG_API char *cg_esc_xml_text(const char *s);
/** An XML 1.0 attribute value inside double quotes: as cg_esc_xml_text(), plus `"` and `'` as
 * entities and TAB, LF, CR as character references (`&#9;` `&#10;` `&#13;`), which XML's
 * attribute-value normalisation would otherwise turn into spaces. */
CG_API char *cg_esc_xml_attr(const char *s);
/** One element of a Gephi/GEXF list value (`liststring`, written `["a", "b"]`): the item in
 * double quotes, with `\\` `"` and line break, carriage return and tab as `\\\\` `\\"` `\\n` `\\r`
 * `\\t` (the syntax Gephi's and graphology's list parsers read). Escape the whole list again
 * with cg_esc_xml_attr(). */
CG_API char *cg_esc_gexf_list_item(const char *s);
/** A CSV field for machine import (neo4j-admin, LOAD CSV, Kuzu), RFC 4180: always quoted, `"`
 * doubled, everything else (line breaks, leading `=` `+` `-` `@`) kept exactly: no spreadsheet
 * formula guard, since these files are read by databases, not spreadsheets. */
CG_API char *cg_esc_csv_rfc4180(const char *s);
/** 1 if `s` contains a backslash directly before a double quote, or ends with a backslash: text
 * that Neo4j's LOAD CSV misreads while its legacy quote escaping (`\"` as a quote) is on. */
CG_API int cg_csv_legacy_quote_hazard(const char *s);
/** A Cypher name (label, relationship type, property key) in backticks, a backtick doubled, so
 * any text is one name and never Cypher syntax. */
CG_API char *cg_esc_cypher_name(const char *s);
/** A Cypher string literal in single quotes: `\\` `'` and line break, carriage return, tab as
 * `\\\\` `\\'` `\\n` `\\r` `\\t`, other control characters as `\\uXXXX`. */
CG_API char *cg_esc_cypher_string(const char *s);
/** A URL as a data value (FtM `sourceUrl`), not inside markup: NULL unless the scheme is http or
 * https; bytes outside RFC 3986's unreserved and reserved characters (spaces, quotes, `<` `>`,
 * `\\`, non-ASCII, controls) and a `%` not followed by two hex digits are percent-encoded; `&`
 * `=` `'` and the other reserved characters are kept, so a query string keeps its meaning. */
CG_API char *cg_esc_url_data(const char *s);
/** A token for an id or class attribute: ASCII letters, digits, `-` and `_` kept, anything else
 * as `_`; never empty (a leading digit gets a `_` prefix). */
CG_API char *cg_esc_token(const char *s);

#ifdef __cplusplus
}
#endif
#endif
