#define _POSIX_C_SOURCE 200809L
/* Unit tests: the JSON Lines loader and the data model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimgraph/claimgraph.h"
#include "util.h"

#define SRC "{\"type\":\"source\",\"id\":\"s1\",\"title\":\"Report\",\"kind\":\"news\",\"reliability\":\"B\"}\n"
#define ENT_A "{\"type\":\"entity\",\"id\":\"a\",\"name\":\"Alpha\",\"kind\":\"person\"}\n"
#define ENT_B "{\"type\":\"entity\",\"id\":\"b\",\"name\":\"Beta\",\"kind\":\"organization\"}\n"
#define CLAIM(id, extra) "{\"type\":\"claim\",\"id\":\"" id "\",\"subject\":\"a\",\"relation\":\"member_of\",\"object\":\"b\",\"source\":\"s1\"" extra "}\n"

static cg_dataset *load(const char *text, cg_diag **diag_out, cg_status *st_out)
{
    cg_diag *d = cg_diag_new(100);
    cg_dataset *ds = NULL;
    cg_status st = cg_dataset_load_buffer(&ds, "t.jsonl", text, strlen(text), NULL, d);
    if (st_out) *st_out = st;
    if (diag_out) *diag_out = d;
    else cg_diag_free(d);
    return ds;
}

/* Asserts that some error message contains `needle` at the given line and column. */
static void expect_error(const cg_diag *d, unsigned long line, unsigned long col, const char *needle)
{
    for (size_t i = 0; i < cg_diag_size(d); i++) {
        const cg_diag_entry *e = cg_diag_get(d, i);
        if (e->severity == CG_SEV_ERROR && e->line == line && (col == 0 || e->col == col) &&
            strstr(e->message, needle))
            return;
    }
    for (size_t i = 0; i < cg_diag_size(d); i++) {
        const cg_diag_entry *e = cg_diag_get(d, i);
        fprintf(stderr, "  have %lu:%lu: %s\n", e->line, e->col, e->message);
    }
    fail_msg("no error at %lu:%lu containing '%s'", line, col, needle);
}

static void test_valid_defaults(void **state)
{
    (void)state;
    cg_status st;
    cg_dataset *ds = load(SRC ENT_A ENT_B CLAIM("c1", ""), NULL, &st);
    assert_int_equal(st, CG_OK);
    assert_non_null(ds);
    assert_int_equal(cg_dataset_n_claims(ds), 1);
    const cg_claim *c = cg_dataset_claim(ds, 0);
    assert_int_equal(c->stance, CG_SUPPORTS);
    assert_int_equal(c->status, CG_ST_REPORTED);
    assert_int_equal(c->credibility, 6);
    assert_int_equal(c->reliability, 0);
    assert_int_equal(cg_claim_reliability(ds, c), 2); /* B from the source */
    assert_true(c->confidence < 0);
    assert_int_equal(c->anonymous, 0);
    assert_string_equal(cg_dataset_entity(ds, c->subject)->id, "a");
    assert_string_equal(cg_dataset_entity(ds, c->object)->id, "b");
    assert_string_equal(cg_dataset_relation(ds, c->relation)->id, "member_of");
    assert_true(cg_dataset_relation(ds, c->relation)->directed);
    assert_int_equal(cg_dataset_find_entity(ds, "zz"), CG_NONE);
    cg_dataset_free(ds);
    cg_dataset_free(NULL);
}

/* A claim's text (summary, notes, caveat, evidence) is kept apart from the claim: the same with
 * either parser; never a NULL pointer; empty for a claim without any and when not kept. */
static void test_claim_text(void **state)
{
    (void)state;
    /* the claim array is the bulk of a large dataset's memory (tests/bench/notes.md) */
    if (sizeof(void *) == 8) assert_true(sizeof(cg_claim) <= 88);
    const char *text = SRC ENT_A ENT_B
        CLAIM("c1", ",\"summary\":\"Alpha joined Beta.\",\"notes\":\"check the date\",\"caveat\":\"One voice.\","
                    "\"anonymous\":true,\"stance\":\"refutes\",\"status\":\"denied\",\"evidence\":[{\"start\":3,\"end\":9,"
                    "\"sha256\":\"00000000000000000000000000000000000000000000000000000000000000ff\"}]")
        CLAIM("c2", "") CLAIM("c3", ",\"evidence\":[]");
    for (int mode = 0; mode < 4; mode++) {
        cg_load_options o;
        cg_load_options_init(&o);
        o.reference_parser = mode & 1;
        o.skip_claim_text = (mode & 2) != 0;
        cg_diag *d = cg_diag_new(10);
        cg_dataset *ds = NULL;
        assert_int_equal(cg_dataset_load_buffer(&ds, "t.jsonl", text, strlen(text), &o, d), CG_OK);
        const cg_claim *c1 = cg_dataset_claim(ds, 0), *c2 = cg_dataset_claim(ds, 1), *c3 = cg_dataset_claim(ds, 2);
        assert_int_equal(c1->anonymous, 1);
        assert_int_equal(c1->stance, CG_REFUTES);
        assert_int_equal(c1->status, CG_ST_DENIED);
        assert_int_equal(c1->given, CG_GIVEN_ANONYMOUS | CG_GIVEN_STANCE | CG_GIVEN_STATUS);
        for (int k = 0; k < 3; k++) {
            const cg_claim_text *t = cg_dataset_claim(ds, (cg_idx)k)->text;
            assert_non_null(t);
            if (k > 0 || o.skip_claim_text) {
                assert_null(t->summary);
                assert_null(t->notes);
                assert_null(t->caveat);
                assert_int_equal(t->n_evidence, 0);
            }
        }
        assert_ptr_equal(c2->text, c3->text);
        if (!o.skip_claim_text) {
            assert_string_equal(c1->text->summary, "Alpha joined Beta.");
            assert_string_equal(c1->text->notes, "check the date");
            assert_string_equal(c1->text->caveat, "One voice.");
            assert_int_equal(c1->text->n_evidence, 1);
            assert_int_equal(c1->text->evidence[0].start, 3);
            assert_int_equal(c1->text->evidence[0].end, 9);
            assert_int_equal(c1->text->evidence[0].sha256[31], 0xff);
        } else {
            assert_ptr_equal(c1->text, c2->text);
        }
        cg_dataset_free(ds);
        cg_diag_free(d);
    }
}

static void test_any_order_crlf_bom(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF" "{\"type\":\"claim\",\"id\":\"c1\",\"subject\":\"a\",\"relation\":\"associate_of\","
                       "\"object\":\"b\",\"source\":\"s1\"}\r\n"
                       "\r\n" ENT_B "   \n" ENT_A SRC;
    cg_status st;
    cg_dataset *ds = load(text, NULL, &st);
    assert_int_equal(st, CG_OK);
    assert_int_equal(cg_dataset_n_entities(ds), 2);
    assert_false(cg_dataset_relation(ds, cg_dataset_claim(ds, 0)->relation)->directed);
    cg_dataset_free(ds);
}

static void test_sorted_tables(void **state)
{
    (void)state;
    cg_status st;
    cg_dataset *ds = load(SRC ENT_B ENT_A CLAIM("c1", ""), NULL, &st);
    assert_int_equal(st, CG_OK);
    assert_string_equal(cg_dataset_entity(ds, 0)->id, "a");
    assert_string_equal(cg_dataset_entity(ds, 1)->id, "b");
    for (size_t i = 1; i < cg_dataset_n_relations(ds); i++)
        assert_true(strcmp(cg_dataset_relation(ds, (cg_idx)i - 1)->id, cg_dataset_relation(ds, (cg_idx)i)->id) < 0);
    cg_dataset_free(ds);
}

static void test_unknown_field_suggestion(void **state)
{
    (void)state;
    cg_diag *d;
    cg_status st;
    cg_dataset *ds = load(SRC ENT_A ENT_B
                          "{\"type\":\"claim\",\"id\":\"c1\",\"subject\":\"a\",\"relation\":\"member_of\",\"object\":\"b\",\"sorce\":\"s1\"}\n",
                          &d, &st);
    assert_null(ds);
    assert_int_equal(st, CG_EDATA);
    expect_error(d, 4, 77, "unknown field \"sorce\" (did you mean \"source\"?)");
    expect_error(d, 4, 0, "missing required field \"source\"");
    cg_diag_free(d);
}

static void test_dangling_and_duplicates(void **state)
{
    (void)state;
    cg_diag *d;
    cg_dataset *ds = load(SRC ENT_A ENT_B ENT_B
                          "{\"type\":\"claim\",\"id\":\"c1\",\"subject\":\"a\",\"relation\":\"membr_of\",\"object\":\"bb\",\"source\":\"s2\"}\n"
                          CLAIM("c1", ""),
                          &d, NULL);
    assert_null(ds);
    expect_error(d, 4, 0, "duplicate entity id (first defined at t.jsonl:3)");
    expect_error(d, 5, 52, "relation 'membr_of' is not a known relation (did you mean 'member_of'?)");
    expect_error(d, 5, 72, "object 'bb' is not a known entity (did you mean 'b'?)");
    expect_error(d, 5, 0, "source 's2' is not a known source (did you mean 's1'?)");
    expect_error(d, 6, 0, "duplicate claim id (first defined at t.jsonl:5)");
    cg_diag_free(d);
}

static void test_value_errors(void **state)
{
    (void)state;
    cg_diag *d;
    cg_dataset *ds = load(SRC ENT_A ENT_B
                          CLAIM("c1", ",\"credibility\":0")
                          CLAIM("c2", ",\"confidence\":1.5")
                          CLAIM("c3", ",\"reliability\":\"b\"")
                          CLAIM("c4", ",\"status\":\"aleged\"")
                          CLAIM("c5", ",\"valid_from\":\"2011-02-30\"")
                          CLAIM("c6", ",\"evidence\":[{\"start\":9,\"end\":3,\"sha256\":\"" "0000000000000000000000000000000000000000000000000000000000000000" "\"}]")
                          CLAIM("c7", ",\"evidence\":[{\"start\":-1,\"end\":3,\"sha256\":\"xyz\"}]")
                          CLAIM("c8", ",\"anonymous\":\"yes\"")
                          "{\"type\":\"claim\",\"id\":\"c 9\",\"subject\":\"a\",\"relation\":\"member_of\",\"object\":\"a\",\"source\":\"s1\"}\n",
                          &d, NULL);
    assert_null(ds);
    expect_error(d, 4, 0, "grade 1..6 (got 0)");
    expect_error(d, 5, 0, "between 0 and 1 (got 1.5)");
    expect_error(d, 6, 0, "upper-case Admiralty grade");
    expect_error(d, 7, 0, "unknown value \"aleged\" (did you mean \"alleged\"?)");
    expect_error(d, 8, 0, "not a valid ISO 8601 date");
    expect_error(d, 9, 0, "start 9 must be less than end 3");
    expect_error(d, 10, 0, "evidence[0].start must be a non-negative integer");
    expect_error(d, 10, 0, "evidence[0].sha256 must be 64 hexadecimal digits");
    expect_error(d, 11, 0, "\"anonymous\" must be true or false");
    expect_error(d, 12, 0, "\"id\" may only contain");
    cg_diag_free(d);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    cg_diag *d;
    const char text[] = "{\"type\":\"entity\",\"id\":\"a\",\"name\":\"x\",\"kind\":\"person\",\"name\":\"y\"}\n"
                        "{\"type\":\"entity\",\n"
                        "[1]\n"
                        "{\"type\":\"entiti\",\"id\":\"q\"}\n"
                        "{\"id\":\"q\"}\n"
                        "{\"type\":\"entity\",\"id\":\"n\",\"name\":\"bad \xFF\",\"kind\":\"person\"}\n"
                        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n";
    cg_dataset *ds = NULL;
    cg_status st = cg_dataset_load_buffer(&ds, "t.jsonl", text, sizeof text - 1, NULL, d = cg_diag_new(100));
    assert_int_equal(st, CG_EDATA);
    expect_error(d, 1, 0, "duplicate object key");
    expect_error(d, 2, 0, "invalid JSON");
    expect_error(d, 3, 1, "must be a JSON object, not an array");
    expect_error(d, 4, 0, "unknown value \"entiti\" (did you mean \"entity\"?)");
    expect_error(d, 5, 1, "record has no \"type\"");
    expect_error(d, 6, 39, "invalid UTF-8 (byte 0xFF)");
    expect_error(d, 7, 33, "nested deeper than 32 levels");
    cg_diag_free(d);

    /* a NUL byte inside a line */
    const char nul[] = "{\"type\":\"entity\",\"id\":\"a\",\"name\":\"x\0y\",\"kind\":\"person\"}\n";
    st = cg_dataset_load_buffer(&ds, "t.jsonl", nul, sizeof nul - 1, NULL, d = cg_diag_new(100));
    assert_int_equal(st, CG_EDATA);
    expect_error(d, 1, 36, "NUL byte");
    cg_diag_free(d);
}

static void test_error_cap(void **state)
{
    (void)state;
    cg__buf b;
    cg__buf_init(&b);
    for (int i = 0; i < 250; i++) cg__buf_adds(&b, "{\"type\":\"nope\"}\n");
    cg_diag *d = cg_diag_new(100);
    cg_dataset *ds = NULL;
    assert_int_equal(cg_dataset_load_buffer(&ds, "t.jsonl", b.s, b.len, NULL, d), CG_EDATA);
    assert_int_equal(cg_diag_size(d), 100);
    assert_int_equal(cg_diag_count(d, CG_SEV_ERROR), 250);
    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    cg_diag_print(d, f, "claimgraph");
    fclose(f);
    assert_non_null(strstr(out, "150 more error(s) not shown (250 error(s) in all)"));
    assert_non_null(strstr(out, "t.jsonl:100:9: error: "));
    free(out);
    cg_diag_free(d);
    cg__buf_free(&b);
}

static void test_long_lines(void **state)
{
    (void)state;
    /* a 5 MB name works */
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_adds(&b, "{\"type\":\"entity\",\"id\":\"big\",\"kind\":\"person\",\"name\":\"");
    for (int i = 0; i < 5 * 1024 * 1024; i++) cg__buf_addc(&b, 'a' + (char)(i % 26));
    cg__buf_adds(&b, "\"}\n" ENT_A);
    cg_diag *d = cg_diag_new(100);
    cg_dataset *ds = NULL;
    assert_int_equal(cg_dataset_load_buffer(&ds, "t.jsonl", b.s, b.len, NULL, d), CG_OK);
    assert_int_equal(strlen(cg_dataset_entity(ds, cg_dataset_find_entity(ds, "big"))->name), 5 * 1024 * 1024);
    cg_dataset_free(ds);
    cg_diag_free(d);
    /* with a lower limit it is a clear error, and the next line is still read */
    cg_load_options o;
    cg_load_options_init(&o);
    o.max_line_bytes = 4096;
    d = cg_diag_new(100);
    cg__buf_adds(&b, "{\"type\":\"entity\",\"id\":\"c\",\"name\":1,\"kind\":\"person\"}\n");
    assert_int_equal(cg_dataset_load_buffer(&ds, "t.jsonl", b.s, b.len, &o, d), CG_EDATA);
    expect_error(d, 1, 1, "line longer than 4096 bytes");
    expect_error(d, 3, 0, "\"name\" must be a string");
    assert_int_equal(cg_diag_count(d, CG_SEV_ERROR), 2);
    cg_diag_free(d);
    cg__buf_free(&b);
}

static void test_many_claims_one_entity(void **state)
{
    (void)state;
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_adds(&b, SRC ENT_A);
    for (int i = 0; i < 100000; i++) {
        cg__buf_printf(&b, "{\"type\":\"entity\",\"id\":\"e%d\",\"name\":\"E%d\",\"kind\":\"person\"}\n", i, i);
        cg__buf_printf(&b, "{\"type\":\"claim\",\"id\":\"c%d\",\"subject\":\"a\",\"relation\":\"associate_of\",\"object\":\"e%d\",\"source\":\"s1\"}\n", i, i);
    }
    cg_diag *d = cg_diag_new(100);
    cg_dataset *ds = NULL;
    assert_int_equal(cg_dataset_load_buffer(&ds, "t.jsonl", b.s, b.len, NULL, d), CG_OK);
    assert_int_equal(cg_dataset_n_claims(ds), 100000);
    assert_int_equal(cg_dataset_n_entities(ds), 100001);
    assert_int_equal(cg_dataset_find_claim(ds, "c99999"), 99999);
    cg_dataset_free(ds);
    cg_diag_free(d);
    cg__buf_free(&b);
}

/* 30 000 entities in shuffled order (enough for the loader's two-job sort and copy): in id order
 * whatever the thread count, each found by bisection, claims resolved to them; ids defined twice
 * (at the start, the middle and the end of the id order) reported alike on 1 and 2 threads. */
static void test_many_entities_in_id_order(void **state)
{
    (void)state;
    enum { N = 30000 };
    static const int dup[3] = {7, 15000, N - 1};
    for (int with_dups = 0; with_dups < 2; with_dups++) {
        cg__buf b;
        cg__buf_init(&b);
        cg__buf_adds(&b, SRC);
        uint64_t x = 7;
        for (int k = 0; k < N; k++) {
            int i = (int)(((uint64_t)k * 7919 + 13) % N); /* a permutation: 7919 is prime, N is not its multiple */
            cg__buf_printf(&b, "{\"type\":\"entity\",\"id\":\"e%05d\",\"name\":\"First %d\",\"kind\":\"person\"}\n", i, i);
            x = x * 6364136223846793005ULL + 1;
            cg__buf_printf(&b, "{\"type\":\"claim\",\"id\":\"c%d\",\"subject\":\"e%05d\",\"relation\":\"associate_of\",\"object\":\"e%05d\",\"source\":\"s1\"}\n",
                           k, i, (int)((x >> 33) % N) == i ? (i + 1) % N : (int)((x >> 33) % N));
        }
        for (int j = 0; with_dups && j < 3; j++)
            cg__buf_printf(&b, "{\"type\":\"entity\",\"id\":\"e%05d\",\"name\":\"Again\",\"kind\":\"person\"}\n", dup[j]);
        char *first_errors = NULL;
        for (unsigned threads = 1; threads <= 2; threads++) {
            cg_load_options o;
            cg_load_options_init(&o);
            o.threads = threads;
            cg_diag *d = cg_diag_new(100);
            cg_dataset *ds = NULL;
            cg_status st = cg_dataset_load_buffer(&ds, "t.jsonl", b.s, b.len, &o, d);
            if (with_dups) {
                assert_int_equal(st, CG_EDATA);
                assert_int_equal(cg_diag_count(d, CG_SEV_ERROR), 3);
                cg__buf e;
                cg__buf_init(&e);
                for (size_t j = 0; j < cg_diag_size(d); j++) {
                    const cg_diag_entry *en = cg_diag_get(d, j);
                    cg__buf_printf(&e, "%lu:%lu %s\n", en->line, en->col, en->message);
                }
                char want[200];
                snprintf(want, sizeof want, "%d:", 2 * N + 2);
                assert_memory_equal(e.s, want, strlen(want)); /* the later definition, in id order: e00007 first */
                assert_non_null(strstr(e.s, "entity 'e00007': duplicate entity id (first defined at t.jsonl:"));
                assert_non_null(strstr(e.s, "entity 'e29999'"));
                if (!first_errors) first_errors = cg__buf_steal(&e);
                else assert_string_equal(e.s, first_errors);
                cg__buf_free(&e);
            } else {
                assert_int_equal(st, CG_OK);
                assert_int_equal(cg_dataset_n_entities(ds), N);
                for (cg_idx i = 0; i < N; i++) {
                    const char *id = cg_dataset_entity(ds, i)->id;
                    char want[16];
                    snprintf(want, sizeof want, "e%05u", (unsigned)i);
                    assert_string_equal(id, want);
                    assert_int_equal(cg_dataset_find_entity(ds, id), i);
                }
                assert_int_equal(cg_dataset_find_entity(ds, "e"), CG_NONE);
                assert_int_equal(cg_dataset_find_entity(ds, "e000001"), CG_NONE);
                assert_int_equal(cg_dataset_find_entity(ds, "e99999"), CG_NONE);
                assert_int_equal(cg_dataset_find_entity(ds, "a"), CG_NONE);
                for (cg_idx k = 0; k < N; k++) { /* claim k names entity (k * 7919 + 13) % N */
                    const cg_claim *c = cg_dataset_claim(ds, k);
                    assert_int_equal(c->subject, (cg_idx)(((uint64_t)k * 7919 + 13) % N));
                    char name[32];
                    snprintf(name, sizeof name, "First %u", (unsigned)c->subject);
                    assert_string_equal(cg_dataset_entity(ds, c->subject)->name, name);
                }
            }
            cg_dataset_free(ds);
            cg_diag_free(d);
        }
        free(first_errors);
        cg__buf_free(&b);
    }
}

static void test_relations_and_cites(void **state)
{
    (void)state;
    cg_diag *d;
    cg_status st;
    cg_dataset *ds = load("{\"type\":\"relation\",\"id\":\"bribes\",\"directed\":true,\"category\":\"crime\"}\n"
                          "{\"type\":\"relation\",\"id\":\"member_of\",\"label\":\"belongs to\",\"directed\":false}\n"
                          "{\"type\":\"source\",\"id\":\"s0\",\"title\":\"x\",\"kind\":\"other\",\"cites\":[\"s1\"]}\n"
                          SRC ENT_A ENT_B CLAIM("c1", "")
                          "{\"type\":\"claim\",\"id\":\"c2\",\"subject\":\"a\",\"relation\":\"bribes\",\"object\":\"b\",\"source\":\"s0\"}\n",
                          &d, &st);
    assert_int_equal(st, CG_OK);
    const cg_relation *r = cg_dataset_relation(ds, cg_dataset_find_relation(ds, "bribes"));
    assert_string_equal(r->label, "bribes");
    assert_false(r->builtin);
    r = cg_dataset_relation(ds, cg_dataset_find_relation(ds, "member_of"));
    assert_string_equal(r->label, "belongs to"); /* a declaration replaces the built-in */
    assert_false(r->directed);
    const cg_source *s0 = cg_dataset_source(ds, cg_dataset_find_source(ds, "s0"));
    assert_int_equal(s0->n_cites, 1);
    assert_string_equal(cg_dataset_source(ds, s0->cites[0])->id, "s1");
    cg_dataset_free(ds);
    cg_diag_free(d);

    ds = load("{\"type\":\"source\",\"id\":\"s0\",\"title\":\"x\",\"kind\":\"other\",\"cites\":[\"s0\",\"s9\"],\"url\":\"javascript:alert(1)\"}\n",
              &d, &st);
    assert_int_equal(st, CG_EDATA);
    expect_error(d, 1, 0, "a source cannot cite itself");
    expect_error(d, 1, 0, "cites 's9', which is not a known source");
    assert_int_equal(cg_diag_count(d, CG_SEV_WARNING), 1);
    cg_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_defaults),
        cmocka_unit_test(test_claim_text),
        cmocka_unit_test(test_any_order_crlf_bom),
        cmocka_unit_test(test_sorted_tables),
        cmocka_unit_test(test_unknown_field_suggestion),
        cmocka_unit_test(test_dangling_and_duplicates),
        cmocka_unit_test(test_value_errors),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_error_cap),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_many_claims_one_entity),
        cmocka_unit_test(test_many_entities_in_id_order),
        cmocka_unit_test(test_relations_and_cites),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
