/* Unit tests: SHA-256 and passage location (cg_locate). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "claimgraph/claimgraph.h"

static void hex(const uint8_t d[32], char out[65]) { cg_hex_sha256(d, out); }

static void test_sha256_known(void **state)
{
    (void)state;
    uint8_t d[32];
    char h[65];
    cg_sha256("", 0, d);
    hex(d, h);
    assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    cg_sha256("abc", 3, d);
    hex(d, h);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_locate_exact_and_whitespace(void **state)
{
    (void)state;
    const char *t = "Line one says\nthe big guys\r\n  run it.\nAnd\xC2\xA0" "again the big guys.";
    cg_locate_result r;
    /* line breaks inside the passage are tolerated; the span covers the original bytes */
    assert_int_equal(cg_locate(t, strlen(t), "says the big guys run it.", 25, 0, &r), CG_OK);
    assert_int_equal(r.span.start, 9);
    assert_int_equal(r.span.end, (uint64_t)(strstr(t, "it.") - t + 3));
    uint8_t d[32];
    cg_sha256(t + r.span.start, (size_t)(r.span.end - r.span.start), d);
    assert_memory_equal(d, r.span.sha256, 32);
    /* no-break space in the text matches a plain space */
    assert_int_equal(cg_locate(t, strlen(t), "And again", 9, 0, &r), CG_OK);
    assert_int_equal(r.span.end - r.span.start, 10);
    /* surrounding whitespace of the passage is ignored */
    assert_int_equal(cg_locate(t, strlen(t), "  \n run it. ", 12, 0, &r), CG_OK);
}

static void test_locate_counts(void **state)
{
    (void)state;
    const char *t = "the big guys and the big guys and the big guys";
    cg_locate_result r;
    assert_int_equal(cg_locate(t, strlen(t), "the big guys", 12, 0, &r), CG_EAMBIGUOUS);
    assert_int_equal(r.occurrences, 3);
    assert_int_equal(cg_locate(t, strlen(t), "the big guys", 12, 2, &r), CG_OK);
    assert_int_equal(r.span.start, 17);
    assert_int_equal(cg_locate(t, strlen(t), "the big guys", 12, 4, &r), CG_ENOTFOUND);
    assert_int_equal(r.occurrences, 3);
    assert_int_equal(cg_locate(t, strlen(t), "the small guys", 14, 0, &r), CG_ENOTFOUND);
    assert_int_equal(r.occurrences, 0);
    assert_int_equal(cg_locate(t, strlen(t), " \n\t", 3, 0, &r), CG_EINVAL);
    assert_int_equal(cg_locate(t, strlen(t), "\xFF", 1, 0, &r), CG_EINVAL);
    assert_int_equal(cg_locate("bad \xC3", 5, "bad", 3, 0, &r), CG_EDATA);
    /* overlapping occurrences are counted */
    assert_int_equal(cg_locate("aaaa", 4, "aa", 2, 0, &r), CG_EAMBIGUOUS);
    assert_int_equal(r.occurrences, 3);
}

static void test_locate_multibyte_end(void **state)
{
    (void)state;
    const char *t = "x Thaçi — “quoted” y";
    cg_locate_result r;
    assert_int_equal(cg_locate(t, strlen(t), "Thaçi — “quoted”", strlen("Thaçi — “quoted”"), 0, &r), CG_OK);
    assert_int_equal(r.span.start, 2);
    assert_int_equal(r.span.end, (uint64_t)(strlen(t) - 2));
}

static void test_locate_pathological(void **state)
{
    (void)state;
    /* a long run of one letter: counting stops at 1001 occurrences, quickly */
    size_t n = 2000000;
    char *t = malloc(n + 1);
    memset(t, 'a', n);
    t[n] = '\0';
    cg_locate_result r;
    assert_int_equal(cg_locate(t, n, "a a", 3, 0, &r), CG_ENOTFOUND);
    assert_int_equal(cg_locate(t, n, "aaaaaaaaab", 10, 0, &r), CG_ENOTFOUND);
    assert_int_equal(cg_locate(t, n, "aaaa", 4, 0, &r), CG_EAMBIGUOUS);
    assert_int_equal(r.occurrences, 1001);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_known),
        cmocka_unit_test(test_locate_exact_and_whitespace),
        cmocka_unit_test(test_locate_counts),
        cmocka_unit_test(test_locate_multibyte_end),
        cmocka_unit_test(test_locate_pathological),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
