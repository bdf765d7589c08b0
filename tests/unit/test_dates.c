/* Unit tests: dates (partial ISO 8601), when a claim is in force, and the as_of/since filters
 * (README "Time"). Every expectation is worked out by hand from the rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "claimgraph/claimgraph.h"

static cg_dataset *load(const char *text)
{
    cg_diag *d = cg_diag_new(100);
    cg_dataset *ds = NULL;
    cg_status st = cg_dataset_load_buffer(&ds, "t.jsonl", text, strlen(text), NULL, d);
    if (st != CG_OK) cg_diag_print(d, stderr, "test");
    assert_int_equal(st, CG_OK);
    cg_diag_free(d);
    return ds;
}

static void test_date_valid(void **state)
{
    (void)state;
    const char *good[] = {"2011", "2011-05", "2011-05-17", "2000-02-29", "2024-02-29", "0001", "9999-12-31"};
    const char *bad[] = {"", "11", "20111", "2011-5", "2011-13", "2011-00", "2011-05-00", "2011-04-31",
                         "1900-02-29", "2023-02-29", "2011/05/17", "2011-05-17T00", " 2011", "yesterday", "2011-"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) assert_true(cg_date_valid(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) assert_false(cg_date_valid(bad[i]));
    assert_false(cg_date_valid(NULL));
}

#define DATA \
    "{\"type\":\"source\",\"id\":\"s1\",\"title\":\"T\",\"kind\":\"news\",\"published\":\"2010-03-15\"}\n" \
    "{\"type\":\"source\",\"id\":\"s2\",\"title\":\"T\",\"kind\":\"news\",\"published\":\"2012\"}\n" \
    "{\"type\":\"source\",\"id\":\"s3\",\"title\":\"T\",\"kind\":\"news\"}\n" \
    "{\"type\":\"entity\",\"id\":\"a\",\"name\":\"A\",\"kind\":\"person\"}\n" \
    "{\"type\":\"entity\",\"id\":\"b\",\"name\":\"B\",\"kind\":\"person\"}\n" \
    /* 0: 2009-01-01 .. 2011-06-30 */ \
    "{\"type\":\"claim\",\"id\":\"c0\",\"subject\":\"a\",\"relation\":\"funds\",\"object\":\"b\",\"source\":\"s1\"," \
    "\"valid_from\":\"2009\",\"valid_to\":\"2011-06\"}\n" \
    /* 1: from the source's published date 2012-01-01, open */ \
    "{\"type\":\"claim\",\"id\":\"c1\",\"subject\":\"a\",\"relation\":\"funds\",\"object\":\"b\",\"source\":\"s2\"}\n" \
    /* 2: undated, always */ \
    "{\"type\":\"claim\",\"id\":\"c2\",\"subject\":\"a\",\"relation\":\"leads\",\"object\":\"b\",\"source\":\"s3\"}\n" \
    /* 3: always until 2010-12-31 */ \
    "{\"type\":\"claim\",\"id\":\"c3\",\"subject\":\"b\",\"relation\":\"leads\",\"object\":\"a\",\"source\":\"s3\"," \
    "\"valid_to\":\"2010\"}\n" \
    /* 4: 2011-05-17 .. 2011-05-17 */ \
    "{\"type\":\"claim\",\"id\":\"c4\",\"subject\":\"a\",\"relation\":\"controls\",\"object\":\"b\",\"source\":\"s2\"," \
    "\"valid_from\":\"2011-05-17\",\"valid_to\":\"2011-05-17\"}\n"

static void test_in_force(void **state)
{
    (void)state;
    cg_dataset *ds = load(DATA);
    static const struct { const char *date; const char *want; } cases[] = {
        /* per claim c0..c4: 1 = in force */
        {"2008-12-31", "00110"}, {"2009-01-01", "10110"}, {"2009", "10110"},     {"2011-06-30", "10100"},
        {"2011-07-01", "00100"}, {"2011-06", "10100"},    {"2011", "10101"},     {"2011-05", "10101"},
        {"2011-05-16", "10100"}, {"2011-05-17", "10101"}, {"2011-05-18", "10100"}, {"2012", "01100"},
        {"2010-12-31", "10110"}, {"2011-01-01", "10100"}, {"2030", "01100"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        for (cg_idx i = 0; i < 5; i++) {
            int got = cg_claim_in_force(ds, cg_dataset_claim(ds, i), cases[k].date);
            if (got != (cases[k].want[i] == '1')) fail_msg("as of %s, claim c%u: got %d", cases[k].date, (unsigned)i, got);
        }
    /* an invalid date never matches (the CLI refuses it before) */
    assert_false(cg_claim_in_force(ds, cg_dataset_claim(ds, 2), "2011-13"));
    cg_dataset_free(ds);
}

static void test_published_since(void **state)
{
    (void)state;
    cg_dataset *ds = load(DATA);
    static const struct { const char *date; const char *want; } cases[] = {
        /* c0 (s1 2010-03-15), c1 (s2 2012), c2 (s3 none), c3 (s3), c4 (s2) */
        {"2010", "11001"},       {"2010-03-15", "11001"}, {"2010-03-16", "01001"}, {"2010-03", "11001"},
        {"2012-12-31", "01001"}, {"2013", "00000"},       {"1999", "11001"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        for (cg_idx i = 0; i < 5; i++) {
            int got = cg_claim_published_since(ds, cg_dataset_claim(ds, i), cases[k].date);
            if (got != (cases[k].want[i] == '1')) fail_msg("since %s, claim c%u: got %d", cases[k].date, (unsigned)i, got);
        }
    cg_dataset_free(ds);
}

static void test_filter(void **state)
{
    (void)state;
    cg_dataset *ds = load(DATA);
    cg_grading *g = cg_grading_default();
    /* zero-initialised: no filter */
    cg_filter zero;
    memset(&zero, 0, sizeof zero);
    for (cg_idx i = 0; i < 5; i++) assert_true(cg_filter_accepts(&zero, ds, i));
    cg_edgeset *es = NULL;
    assert_int_equal(cg_edges_build(&es, ds, g, &zero, NULL), CG_OK);
    assert_int_equal(cg_edgeset_size(es), 4);
    cg_edgeset_free(es);

    /* as of 2011-05-17: c0, c2, c4 -> a funds b (c0 only), a leads b, a controls b */
    cg_filter f = CG_FILTER_INIT;
    f.as_of = "2011-05-17";
    assert_int_equal(cg_edges_build(&es, ds, g, &f, NULL), CG_OK);
    assert_int_equal(cg_edgeset_size(es), 3);
    const cg_edge *e = cg_edgeset_find(es, ds, "a", "funds", "b");
    assert_non_null(e);
    assert_int_equal(e->n_claims, 1);
    assert_int_equal(e->claims[0], 0);
    assert_null(cg_edgeset_find(es, ds, "b", "leads", "a"));
    cg_edgeset_free(es);

    /* as of 2011 and since 2011: c4 only (c0's source is from 2010, c1 starts 2012, c2 undated) */
    f.as_of = "2011";
    f.since = "2011";
    assert_int_equal(cg_edges_build(&es, ds, g, &f, NULL), CG_OK);
    assert_int_equal(cg_edgeset_size(es), 1);
    assert_non_null(cg_edgeset_find(es, ds, "a", "controls", "b"));
    cg_edgeset_free(es);

    /* a malformed date is an invalid argument, with a message */
    f.since = "2011-02-30";
    cg_diag *d = cg_diag_new(10);
    es = NULL;
    assert_int_equal(cg_edges_build(&es, ds, g, &f, d), CG_EINVAL);
    assert_null(es);
    assert_int_equal(cg_diag_count(d, CG_SEV_ERROR), 1);
    cg_graph *gr = NULL;
    assert_int_equal(cg_graph_build(&gr, ds, g, &f, 0, d), CG_EINVAL);
    assert_null(gr);
    cg_diag_free(d);

    cg_grading_free(g);
    cg_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_valid),
        cmocka_unit_test(test_in_force),
        cmocka_unit_test(test_published_since),
        cmocka_unit_test(test_filter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
