/* Unit tests: CSV reading (rows, lines, delimiters, quoting errors), cell helpers, the sheet
 * layout (headers, aliases, file names), derived claim ids, quote splitting, and the prepared
 * text index (typographic quotes, suffix array, closest match). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "claimgraph/claimgraph.h"
#include "csv_impl.h"
#include "sheets_impl.h"
#include "text_impl.h"

typedef struct rows {
    char *cells[16][8];
    size_t n[16];
    unsigned long line[16];
    size_t count;
} rows;

static char *cg_xstrdup_t(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    if (c) strcpy(c, s);
    return c;
}

static int collect(void *ctx, char **cells, size_t n, unsigned long line)
{
    rows *r = ctx;
    if (r->count >= 16) return -1;
    for (size_t i = 0; i < n && i < 8; i++) r->cells[r->count][i] = cg_xstrdup_t(cells[i]);
    r->n[r->count] = n;
    r->line[r->count] = line;
    r->count++;
    return 0;
}

static void rows_free(rows *r)
{
    for (size_t i = 0; i < r->count; i++)
        for (size_t k = 0; k < r->n[i] && k < 8; k++) free(r->cells[i][k]);
}

static const char *colname(void *ctx, size_t cell)
{
    (void)ctx;
    static const char *names[] = {"id", "name", "kind"};
    return cell < 3 ? names[cell] : NULL;
}

static void test_detect_delim(void **state)
{
    (void)state;
    assert_int_equal(cg__csv_detect_delim("a,b,c\n1;2", 9), ',');
    assert_int_equal(cg__csv_detect_delim("\xEF\xBB\xBF" "a;b;c\n", 9), ';');
    assert_int_equal(cg__csv_detect_delim("a\tb\tc", 5), '\t');
    assert_int_equal(cg__csv_detect_delim("\"a;b;c\",d\n", 10), ','); /* inside quotes: not counted */
    assert_int_equal(cg__csv_detect_delim("single\n", 7), ',');
}

static void test_rows_and_lines(void **state)
{
    (void)state;
    /* BOM, semicolons, CRLF, a quoted multi-line cell, a blank line, spaces trimmed outside quotes */
    const char *csv = "\xEF\xBB\xBF" "id;name;kind\r\n"
                      "a; Ana ;person\r\n"
                      "b;\"two\r\nlines; and \"\"quotes\"\"\";org\r\n"
                      "\r\n"
                      "c;\" kept \";\r\n";
    rows r;
    memset(&r, 0, sizeof r);
    cg_diag *d = cg_diag_new(10);
    char delim = 0;
    assert_int_equal(cg__csv_read("t.csv", csv, strlen(csv), collect, &r, colname, &delim, d), 0);
    assert_int_equal(delim, ';');
    assert_int_equal(r.count, 4);
    assert_string_equal(r.cells[0][0], "id");
    assert_int_equal(r.line[0], 1);
    assert_string_equal(r.cells[1][1], "Ana");
    assert_int_equal(r.line[1], 2);
    assert_string_equal(r.cells[2][1], "two\r\nlines; and \"quotes\"");
    assert_int_equal(r.line[2], 3);
    assert_int_equal(r.line[3], 6); /* after the two-line row and the blank line */
    assert_string_equal(r.cells[3][1], " kept ");
    assert_int_equal(r.n[3], 3);
    assert_string_equal(r.cells[3][2], "");
    rows_free(&r);
    cg_diag_free(d);
}

static void test_quoting_errors(void **state)
{
    (void)state;
    rows r;
    memset(&r, 0, sizeof r);
    cg_diag *d = cg_diag_new(10);
    const char *bad = "id,name,kind\nx,\"a\"b,c\ny,z,w\n";
    assert_int_equal(cg__csv_read("b.csv", bad, strlen(bad), collect, &r, colname, NULL, d), 1);
    const cg_diag_entry *e = cg_diag_get(d, 0);
    assert_string_equal(e->file, "b.csv");
    assert_int_equal(e->line, 2);
    assert_string_equal(e->column, "name");
    assert_int_equal(r.count, 1); /* the header; the rest of the file is not read */
    rows_free(&r);
    cg_diag_free(d);
    /* a quote never closed: reported on the row where it starts */
    memset(&r, 0, sizeof r);
    d = cg_diag_new(10);
    const char *open = "id,name\nx,\"never\nclosed\n";
    assert_int_equal(cg__csv_read("o.csv", open, strlen(open), collect, &r, colname, NULL, d), 1);
    assert_int_equal(cg_diag_get(d, 0)->line, 2);
    rows_free(&r);
    cg_diag_free(d);
    /* invalid UTF-8 in a cell */
    memset(&r, 0, sizeof r);
    d = cg_diag_new(10);
    const char *u = "id,name\nx,\xC3(\n";
    assert_int_equal(cg__csv_read("u.csv", u, strlen(u), collect, &r, colname, NULL, d), 1);
    assert_string_equal(cg_diag_get(d, 0)->column, "name");
    rows_free(&r);
    cg_diag_free(d);
}

static void test_cells(void **state)
{
    (void)state;
    cg__strvec v = {0};
    cg__cell_split(" a | b\\|c |  | d\\\\ ", 0, &v);
    assert_int_equal(v.n, 3);
    assert_string_equal(v.v[0], "a");
    assert_string_equal(v.v[1], "b|c");
    assert_string_equal(v.v[2], "d\\");
    cg__strvec_free(&v);
    /* escape then split gives the items back */
    const char *items[] = {"x|y", "back\\slash", "a=b", "\\|"};
    cg__buf b;
    cg__buf_init(&b);
    for (int i = 0; i < 4; i++) {
        if (i) cg__buf_addc(&b, '|');
        cg__cell_escape(&b, items[i], 0);
    }
    cg__cell_split(b.s, 0, &v);
    assert_int_equal(v.n, 4);
    for (int i = 0; i < 4; i++) assert_string_equal(v.v[i], items[i]);
    cg__strvec_free(&v);
    cg__buf_free(&b);
    /* key=value: the first unescaped '=' separates */
    cg__cell_split("k\\=1=v=w|wikidata=Q1", 1, &v);
    assert_int_equal(v.n, 2);
    assert_string_equal(v.v[0], "k=1\x1fv=w");
    assert_string_equal(v.v[1], "wikidata\x1fQ1");
    cg__strvec_free(&v);
    assert_string_equal(cg__csv_unguard("'=SUM(1)"), "=SUM(1)");
    assert_string_equal(cg__csv_unguard("'@handle"), "@handle");
    assert_string_equal(cg__csv_unguard("'quoted'"), "'quoted'");
}

static void test_layout(void **state)
{
    (void)state;
    assert_int_equal(cg__sheet_header_field(CG_SHEET_CLAIMS, " From "), SF_SUBJECT);
    assert_int_equal(cg__sheet_header_field(CG_SHEET_CLAIMS, "Attributed To"), SF_ATTRIBUTED_TO);
    assert_int_equal(cg__sheet_header_field(CG_SHEET_CLAIMS, "source_id"), SF_SOURCE);
    assert_int_equal(cg__sheet_header_field(CG_SHEET_SOURCES, "source_id"), SF_ID);
    assert_int_equal(cg__sheet_header_field(CG_SHEET_CLAIMS, "QUOTE"), SF_QUOTE);
    assert_int_equal(cg__sheet_header_field(CG_SHEET_ENTITIES, "title"), -1);
    assert_int_equal(cg__sheet_header_field(CG_SHEET_ENTITIES, "type"), SF_TYPE);
    assert_int_equal(cg__sheet_kind_of_name("claims.csv"), CG_SHEET_CLAIMS);
    assert_int_equal(cg__sheet_kind_of_name("Claims-gp.csv"), CG_SHEET_CLAIMS);
    assert_int_equal(cg__sheet_kind_of_name("entity.tsv"), CG_SHEET_ENTITIES);
    assert_int_equal(cg__sheet_kind_of_name("claimsheet.csv"), -1);
    assert_int_equal(cg__sheet_kind_of_name("all.csv"), -1);
    cg_csv_dialect dl;
    assert_int_equal(cg_csv_dialect_parse("plain", &dl), 0);
    assert_int_equal(dl, CG_CSV_PLAIN);
    assert_int_equal(cg_csv_dialect_parse("excel", &dl), -1);
}

static void test_derived_ids(void **state)
{
    (void)state;
    const char *p1[] = {"gp", "a", "member_of", "b", "supports", "", "the passage"};
    const char *p2[] = {"gp", "a", "member_of", "b", "supports", "", "another passage"};
    char *x = cg__derive_claim_id("gp", p1, 7), *y = cg__derive_claim_id("gp", p1, 7), *z = cg__derive_claim_id("gp", p2, 7);
    assert_string_equal(x, y); /* stable */
    assert_string_not_equal(x, z);
    assert_int_equal(strlen(x), 2 + 1 + 12);
    assert_memory_equal(x, "gp-", 3);
    char longsrc[130];
    memset(longsrc, 's', 120);
    longsrc[120] = '\0';
    char *w = cg__derive_claim_id(longsrc, p1, 7);
    assert_memory_equal(w, "c-", 2);
    assert_int_equal(strlen(w), 18);
    free(x);
    free(y);
    free(z);
    free(w);
}

static void test_quote_split(void **state)
{
    (void)state;
    cg__strvec v = {0};
    cg__quote_split("  first part [...] second\n part [\xE2\x80\xA6] [...] third ", &v);
    assert_int_equal(v.n, 3);
    assert_string_equal(v.v[0], "first part");
    assert_string_equal(v.v[1], "second\n part");
    assert_string_equal(v.v[2], "third");
    cg__strvec_free(&v);
}

static void test_text_index(void **state)
{
    (void)state;
    const char *t = "He said \xE2\x80\x9Cit\xE2\x80\x99s over\xE2\x80\x9D and left.\nThe minister\xE2\x80\x99s office denied it.";
    cg_locate_result r;
    /* straight quotes typed, curly ones in the text */
    assert_int_equal(cg_locate(t, strlen(t), "\"it's over\"", 11, 0, &r), CG_OK);
    assert_int_equal(r.span.start, 8);
    assert_int_equal(r.span.end, (uint64_t)(strstr(t, " and") - t));
    cg__tindex ix;
    assert_int_equal(cg__tindex_init(&ix, t, strlen(t)), CG_OK);
    assert_int_equal(cg__tindex_build_sa(&ix), 0);
    assert_int_equal(cg__tindex_locate(&ix, "minister's   office", 19, 0, &r, NULL), CG_OK);
    assert_memory_equal(t + r.span.start, "minister", 8);
    uint64_t *starts = NULL;
    assert_int_equal(cg__tindex_locate(&ix, "it", 2, 0, &r, &starts), CG_EAMBIGUOUS);
    assert_int_equal(r.occurrences, 2);
    assert_true(starts[0] < starts[1]);
    free(starts);
    /* the closest match of a passage with one word changed */
    cg__closest cl;
    assert_int_equal(cg__tindex_closest(&ix, "The minister's office confirmed it.", 35, &cl), 0);
    assert_true(cl.agree >= strlen("The minister's office "));
    assert_memory_equal(t + cl.start, "The minister", 12);
    cg__tindex_free(&ix);
}

static void test_import_in_memory_errors(void **state)
{
    (void)state;
    /* a sheet folder that does not exist: an error, nothing made */
    const char *paths[] = {"/nonexistent/sheets"};
    cg_import *im = NULL;
    cg_diag *d = cg_diag_new(10);
    assert_int_equal(cg_sheets_import(&im, paths, 1, NULL, d), CG_EDATA);
    assert_null(im);
    assert_true(cg_diag_count(d, CG_SEV_ERROR) >= 1);
    cg_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_delim),  cmocka_unit_test(test_rows_and_lines),
        cmocka_unit_test(test_quoting_errors), cmocka_unit_test(test_cells),
        cmocka_unit_test(test_layout),        cmocka_unit_test(test_derived_ids),
        cmocka_unit_test(test_quote_split),   cmocka_unit_test(test_text_index),
        cmocka_unit_test(test_import_in_memory_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
