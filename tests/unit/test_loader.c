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
#include "jsonl.h"
#include "loader_impl.h"
#include "util.h"

#include <jansson.h>

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


/* ---- the fast path's pieces against independent references ---- */

static unsigned rnd_state = 12345;
static unsigned rnd(void)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 8) & 0xFFFFFF;
}

/* The id rule, written plainly: ASCII letters, digits, _ - . : ; the first not - . : */
static int ref_id_ok(const unsigned char *s, size_t n)
{
    static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.:";
    if (n == 0 || n > 128) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == 0 || !strchr(ok, s[i])) return 0;
    return s[0] != '-' && s[0] != '.' && s[0] != ':';
}

static int ref_hex(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* cg__id_problem and cg__parse_sha256 (eight bytes at a time where the machine allows) against the
 * rules written plainly: every byte value at every position of ids of 1..40 bytes, random ids, and
 * hex digests with every byte value at every position. */
static void test_field_checks(void **state)
{
    (void)state;
    unsigned char buf[200];
    for (size_t n = 1; n <= 40; n++)
        for (size_t at = 0; at < n; at++)
            for (int b = 0; b < 256; b++) {
                for (size_t i = 0; i < n; i++) buf[i] = (unsigned char)"a1_Z-.:9"[(i * 7 + n) % 8];
                buf[0] = 'x';
                buf[at] = (unsigned char)b;
                int want = ref_id_ok(buf, n), got = cg__id_problem((const char *)buf, n) == NULL;
                if (want != got) fail_msg("id of %zu bytes, byte %d at %zu: %d, expected %d", n, b, at, got, want);
            }
    for (int t = 0; t < 20000; t++) {
        size_t n = 1 + rnd() % 140;
        for (size_t i = 0; i < n; i++) buf[i] = (unsigned char)(rnd() % 4 ? (unsigned)(unsigned char)"az09_-.:AZ"[rnd() % 10] : rnd() % 256);
        assert_int_equal(cg__id_problem((const char *)buf, n) == NULL, ref_id_ok(buf, n));
    }
    assert_null(cg__id_problem("a", 1));
    assert_non_null(cg__id_problem("", 0));

    static const char hexd[] = "0123456789abcdefABCDEF";
    for (int t = 0; t < 64 * 256 + 2000; t++) {
        char h[65];
        for (int i = 0; i < 64; i++) h[i] = hexd[rnd() % 22];
        if (t < 64 * 256) h[t / 256] = (char)(t % 256);
        uint8_t got[32], want[32];
        int ok = 1;
        for (int i = 0; i < 32; i++) {
            int hi = ref_hex((unsigned char)h[2 * i]), lo = ref_hex((unsigned char)h[2 * i + 1]);
            if (hi < 0 || lo < 0) ok = 0;
            else want[i] = (uint8_t)(hi * 16 + lo);
        }
        int r = cg__parse_sha256(h, 64, got);
        if (r != ok) fail_msg("digest with byte %d at %d: %d, expected %d", t % 256, t / 256, r, ok);
        if (ok) assert_memory_equal(got, want, 32);
    }
    uint8_t o[32];
    assert_int_equal(cg__parse_sha256("00", 2, o), 0);
}

/* Compares the value at tape index i of d (a member, with its key, when `member`) with jansson's
 * value v (key: its member key, or NULL); returns the tape index after it. */
static uint32_t same_value(const cg_jdoc *d, uint32_t i, int member, const json_t *v, const char *key)
{
    cg_jtok t;
    if (member) cg__jdoc_member(d, i, &t);
    else cg__jdoc_value(d, i, &t);
    if (key) {
        assert_non_null(t.key);
        assert_int_equal(t.key_len, strlen(key));
        assert_memory_equal(t.key, key, t.key_len);
    } else {
        assert_null(t.key);
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        assert_int_equal(t.type, CG_JT_OBJECT);
        assert_int_equal(t.len, json_object_size(v));
        uint32_t k = t.first;
        const char *mk;
        json_t *mv;
        json_object_foreach((json_t *)v, mk, mv) k = same_value(d, k, 1, mv, mk);
        assert_int_equal(k, t.end);
        assert_int_equal(t.next, t.end + 1);
        break;
    }
    case JSON_ARRAY: {
        assert_int_equal(t.type, CG_JT_ARRAY);
        assert_int_equal(t.len, json_array_size(v));
        uint32_t k = t.first;
        for (size_t e = 0; e < json_array_size(v); e++) k = same_value(d, k, 0, json_array_get(v, e), NULL);
        assert_int_equal(k, t.end);
        assert_int_equal(t.next, t.end + 1);
        break;
    }
    case JSON_STRING:
        assert_int_equal(t.type, CG_JT_STRING);
        assert_int_equal(t.len, json_string_length(v));
        assert_memory_equal(t.v.s, json_string_value(v), t.len);
        break;
    case JSON_INTEGER:
        assert_int_equal(t.type, CG_JT_INT);
        assert_true(t.v.i == json_integer_value(v));
        break;
    case JSON_REAL:
        assert_int_equal(t.type, CG_JT_REAL);
        assert_true(t.v.d == json_real_value(v));
        break;
    case JSON_TRUE: assert_int_equal(t.type, CG_JT_TRUE); break;
    case JSON_FALSE: assert_int_equal(t.type, CG_JT_FALSE); break;
    case JSON_NULL: assert_int_equal(t.type, CG_JT_NULL); break;
    }
    return t.next;
}

/* The whole document d against v: its root value ends where the tape's root word says. */
static void same_document(const cg_jdoc *d, const json_t *v)
{
    uint32_t end = same_value(d, 1, 0, v, NULL);
    assert_int_equal(end + 1, d->tape[0] & CG_JDOC_PAYLOAD); /* the root word after it */
}

/* A random JSON value of at most `depth` levels, appended to b. */
static void random_json(cg__buf *b, int depth)
{
    unsigned r = rnd() % (depth > 0 ? 9 : 6);
    switch (r) {
    case 0: cg__buf_adds(b, rnd() % 2 ? "true" : rnd() % 2 ? "false" : "null"); break;
    case 1: cg__buf_printf(b, "%d", (int)(rnd() % 2000000) - 1000000); break;
    case 2: cg__buf_printf(b, "%lld", (long long)rnd() * 1000003LL * (rnd() % 2 ? -1 : 1)); break;
    case 3: cg__buf_printf(b, "%d.%de%d", (int)(rnd() % 100), (int)(rnd() % 1000), (int)(rnd() % 20) - 10); break;
    case 4: case 5: {
        static const char *const pieces[] = {"a", "\\u00e9", "\\n", "\\\"", "\\\\", "\xC3\xAB", "\\ud83d\\ude00", " ", "\\/", "xyz"};
        cg__buf_addc(b, '"');
        for (unsigned i = 0, m = rnd() % 6; i < m; i++) cg__buf_adds(b, pieces[rnd() % 10]);
        cg__buf_addc(b, '"');
        break;
    }
    case 6: case 7: {
        cg__buf_addc(b, '{');
        for (unsigned i = 0, m = rnd() % 5; i < m; i++) {
            /* distinct keys of 1 to 21 bytes, one with an escape */
            cg__buf_printf(b, "%s \"%.*s%u%s\" :", i ? "," : "", (int)(rnd() % 21), "key_of_some_length_21", i,
                           rnd() % 4 ? "" : "\\u00e9");
            random_json(b, depth - 1);
        }
        cg__buf_addc(b, '}');
        break;
    }
    default: {
        cg__buf_addc(b, '[');
        for (unsigned i = 0, m = rnd() % 5; i < m; i++) {
            if (i) cg__buf_addc(b, ',');
            random_json(b, depth - 1);
        }
        cg__buf_addc(b, ']');
    }
    }
}

/* The bulk parser's documents (simdjson's tape, read in place) against jansson's reading of the
 * same text, one value at a time and as a stream of lines. */
static void test_documents_match_jansson(void **state)
{
    (void)state;
    cg_jl *jl = cg__jl_new();
    size_t pad = cg__jl_padding();
    cg__buf lines;
    cg__buf_init(&lines);
    size_t starts[400];
    for (int t = 0; t < 400; t++) {
        cg__buf one;
        cg__buf_init(&one);
        if (t < 3) cg__buf_adds(&one, t == 0 ? "{}" : t == 1 ? "[]" : "{\"a\":{\"b\":[[],{}]},\"c\":\"\",\"\":1}");
        else {
            cg__buf_addc(&one, rnd() % 2 ? '{' : '[');
            cg__buf_adds(&one, one.s[0] == '{' ? "\"k\":" : "");
            random_json(&one, 4);
            cg__buf_addc(&one, one.s[0] == '{' ? '}' : ']');
        }
        json_error_t err;
        json_t *v = json_loadb(one.s, one.len, JSON_DECODE_ANY, &err);
        if (!v) fail_msg("jansson: %s in %s", err.text, one.s);
        char *text = malloc(one.len + pad);
        memcpy(text, one.s, one.len);
        memset(text + one.len, ' ', pad);
        cg_jdoc doc;
        assert_int_equal(cg__jl_parse(jl, text, one.len, &doc), 1);
        same_document(&doc, v);
        starts[t] = lines.len + (t % 3 == 1);
        if (t % 3 == 1) cg__buf_addc(&lines, ' ');
        cg__buf_add(&lines, one.s, one.len);
        cg__buf_adds(&lines, t % 3 == 2 ? " \r\n" : "\n");
        json_decref(v);
        free(text);
        cg__buf_free(&one);
    }
    /* the same values as one stream */
    char *all = malloc(lines.len + pad);
    memcpy(all, lines.s, lines.len);
    memset(all + lines.len, ' ', pad);
    assert_true(cg__jl_stream_begin(jl, all, lines.len));
    for (int t = 0; t < 400; t++) {
        size_t a, b;
        cg_jdoc doc;
        assert_int_equal(cg__jl_stream_next(jl, &a, &b, &doc), 1);
        assert_int_equal(a, starts[t]);
        assert_true(b > a && (all[b - 1] == '}' || all[b - 1] == ']'));
        json_t *v = json_loadb(all + a, b - a, JSON_DECODE_ANY, NULL);
        assert_non_null(v);
        same_document(&doc, v);
        json_decref(v);
    }
    size_t a, b;
    cg_jdoc doc;
    assert_int_equal(cg__jl_stream_next(jl, &a, &b, &doc), 0);
    free(all);
    cg__buf_free(&lines);

    cg__jl_free(jl);
}

/* Dumps what a load gave: status, messages, and the records' ids and lines. */
static unsigned dump_max_depth; /* the nesting limit of load_dump(); 0: the default */

static char *load_dump(const char *text, int reference, unsigned threads, size_t max_line)
{
    cg_load_options o;
    cg_load_options_init(&o);
    o.max_depth = dump_max_depth;
    o.reference_parser = reference;
    o.threads = threads;
    o.max_line_bytes = max_line;
    cg_diag *d = cg_diag_new(1000);
    cg_dataset *ds = NULL;
    cg_status st = cg_dataset_load_buffer(&ds, "t.jsonl", text, strlen(text), &o, d);
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_printf(&b, "status %d\n", (int)st);
    for (size_t i = 0; i < cg_diag_size(d); i++) {
        const cg_diag_entry *e = cg_diag_get(d, i);
        cg__buf_printf(&b, "%lu:%lu: %s\n", e->line, e->col, e->message);
    }
    if (ds) {
        for (size_t i = 0; i < cg_dataset_n_claims(ds); i++) {
            const cg_claim *c = cg_dataset_claim(ds, (cg_idx)i);
            cg__buf_printf(&b, "claim %s line %u subject %u object %u\n", c->id, c->line, c->subject, c->object);
        }
        for (size_t i = 0; i < cg_dataset_n_entities(ds); i++)
            cg__buf_printf(&b, "entity %s line %u\n", cg_dataset_entity(ds, (cg_idx)i)->id,
                           cg_dataset_entity(ds, (cg_idx)i)->line);
    }
    cg_dataset_free(ds);
    cg_diag_free(d);
    return cg__buf_steal(&b);
}

/* Lines that the stream of values does not match one to one (a value over two lines, two values
 * on a line, a scalar, an array, text after a value, blank lines, a \u0000 escape, a line over the
 * limit, a byte order mark, CR LF, a last line without its end): the fast loader gives exactly
 * what the reference parser gives, line numbers and columns included, with 1 and 2 threads. */
/* The nesting limit with the fast path, which accepts records up to 3 levels deep (a claim's
 * evidence spans, an entity's aliases and external ids, a source's cites): every limit gives the
 * reference parser's messages and records. */
static void test_fast_depth_limit(void **state)
{
    (void)state;
    const char *text =
        "{\"type\":\"source\",\"id\":\"s1\",\"title\":\"R\",\"kind\":\"news\",\"cites\":[\"s2\"]}\n"
        "{\"type\":\"source\",\"id\":\"s2\",\"title\":\"Q\",\"kind\":\"news\"}\n"
        "{\"type\":\"entity\",\"id\":\"a\",\"name\":\"Alpha\",\"kind\":\"person\",\"aliases\":[\"Al\"]}\n"
        "{\"type\":\"entity\",\"id\":\"b\",\"name\":\"Beta\",\"kind\":\"company\",\"external_ids\":{\"wd\":\"Q1\"}}\n"
        CLAIM("flat", "")
        CLAIM("spans", ",\"evidence\":[{\"start\":1,\"end\":5,\"sha256\":"
                       "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}]");
    for (unsigned depth = 1; depth <= 4; depth++) {
        dump_max_depth = depth;
        char *want = load_dump(text, 1, 1, 0);
        if (depth < 3) assert_non_null(strstr(want, "JSON nested deeper than"));
        else assert_non_null(strstr(want, "status 0"));
        for (unsigned threads = 1; threads <= 2; threads++) {
            char *got = load_dump(text, 0, threads, 0);
            if (strcmp(got, want) != 0)
                fail_msg("limit %u, %u threads:\n--- reference\n%s--- fast\n%s", depth, threads, want, got);
            free(got);
        }
        free(want);
    }
    dump_max_depth = 0;
}

static void test_stream_layouts(void **state)
{
    (void)state;
    static const char *const odd[] = {
        "{\"type\":\"entity\",\"id\":\"split\",\n\"name\":\"Over two lines\",\"kind\":\"person\"}\n",
        "{\"type\":\"entity\",\"id\":\"two1\",\"name\":\"A\",\"kind\":\"person\"} {\"type\":\"entity\",\"id\":\"two2\",\"name\":\"B\",\"kind\":\"person\"}\n",
        "{\"type\":\"entity\",\"id\":\"junk\",\"name\":\"A\",\"kind\":\"person\"} x\n",
        "42\n",
        "[{\"type\":\"entity\",\"id\":\"arr\",\"name\":\"A\",\"kind\":\"person\"}]\n",
        "\n   \n\t\n",
        "{\"type\":\"entity\",\"id\":\"nul\",\"name\":\"A\\u0000B\",\"kind\":\"person\"}\n",
        "{\"type\":\"entity\",\"id\":\"long\",\"name\":\"" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" "\",\"kind\":\"person\"}\n",
        "{\"type\":\"entity\",\"id\":\"crlf\",\"name\":\"A\",\"kind\":\"person\"}  \r\n",
        "  {\"type\":\"entity\",\"id\":\"lead\",\"name\":\"A\",\"kind\":\"person\"}\n",
        "{\"type\":\"entity\",\"id\":\"bad\",\"name\":\"A\",\"kind\":\"person\"\n",
        "{\"type\":\"entity\",\"id\":\"str\",\"name\":\"A\n\",\"kind\":\"person\"}\n",
        "{\"type\":\"entity\",\"id\":\"deep\",\"name\":\"A\",\"kind\":\"person\",\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}\n",
        "{\"type\":\"entity\",\"id\":\"utf\",\"name\":\"\xC3\",\"kind\":\"person\"}\n",
        /* "type" and "id" elsewhere than first (the fast path looks for them), or twice */
        "{\"id\":\"idfirst\",\"type\":\"entity\",\"name\":\"A\",\"kind\":\"person\"}\n",
        "{\"name\":\"A\",\"kind\":\"person\",\"id\":\"typelast\",\"type\":\"entity\"}\n",
        "{\"type\":\"entity\",\"name\":\"A\",\"id\":\"apart\",\"kind\":\"person\"}\n",
        "{\"type\":\"entity\",\"id\":\"duptype\",\"name\":\"A\",\"kind\":\"person\",\"type\":\"entity\"}\n",
        "{\"type\":\"claim\",\"id\":\"dupid\",\"subject\":\"a\",\"relation\":\"member_of\",\"object\":\"b\",\"source\":\"s1\",\"id\":\"x\"}\n",
        "{\"type\":\"claim\"}\n",
    };
    const size_t n_odd = sizeof odd / sizeof *odd;
    for (size_t t = 0; t < 3 * n_odd + 3; t++) {
        cg__buf b;
        cg__buf_init(&b);
        if (t % 5 == 0) cg__buf_adds(&b, "\xEF\xBB\xBF");
        cg__buf_adds(&b, SRC ENT_A ENT_B);
        for (int i = 0; i < 40; i++) cg__buf_printf(&b, "{\"type\":\"claim\",\"id\":\"c%zu_%d\",\"subject\":\"a\",\"relation\":\"member_of\",\"object\":\"b\",\"source\":\"s1\"}\n", t, i);
        /* one odd line (or three, or none) among good ones */
        if (t < n_odd) cg__buf_adds(&b, odd[t]);
        else if (t < 3 * n_odd) {
            cg__buf_adds(&b, odd[t % n_odd]);
            cg__buf_adds(&b, CLAIM("mid", ""));
            cg__buf_adds(&b, odd[(t * 7) % n_odd]);
        }
        for (int i = 0; i < 40; i++) cg__buf_printf(&b, "{\"type\":\"claim\",\"id\":\"d%zu_%d\",\"subject\":\"b\",\"relation\":\"member_of\",\"object\":\"a\",\"source\":\"s1\"}\n", t, i);
        if (t == 3 * n_odd + 1) cg__buf_adds(&b, "{\"type\":\"entity\",\"id\":\"last\",\"name\":\"A\",\"kind\":\"person\"}");
        if (t == 3 * n_odd + 2) cg__buf_adds(&b, "{\"type\":\"entity\",\"id\":\"cut\",\"name\":\"A\"");
        char *want = load_dump(b.s, 1, 1, 200);
        for (unsigned threads = 1; threads <= 2; threads++) {
            char *got = load_dump(b.s, 0, threads, 200);
            if (strcmp(got, want) != 0)
                fail_msg("case %zu, %u threads:\n--- reference\n%s--- fast\n%s", t, threads, want, got);
            free(got);
        }
        free(want);
        cg__buf_free(&b);
    }
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
        cmocka_unit_test(test_field_checks),
        cmocka_unit_test(test_documents_match_jansson),
        cmocka_unit_test(test_fast_depth_limit),
        cmocka_unit_test(test_stream_layouts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
