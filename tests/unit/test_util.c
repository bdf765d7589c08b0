/* Unit tests: internal utilities (interning, maps, UTF-8, suggestions, JSON positions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"
#include "util.h"

static void test_intern(void **state)
{
    (void)state;
    cg__intern *p = cg__intern_new();
    const char *a = cg__intern_s(p, "hashim_thaci");
    char tmp[] = "hashim_thaci";
    const char *b = cg__intern_s(p, tmp);
    assert_ptr_equal(a, b);
    assert_ptr_not_equal(a, tmp);
    /* many strings force growth; all stay distinct and stable */
    const char *keep[5000];
    char buf[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(buf, sizeof buf, "s%d", i);
        keep[i] = cg__intern_s(p, buf);
    }
    for (int i = 0; i < 5000; i++) {
        snprintf(buf, sizeof buf, "s%d", i);
        assert_ptr_equal(keep[i], cg__intern_s(p, buf));
        assert_string_equal(keep[i], buf);
    }
    /* embedded lengths */
    assert_ptr_not_equal(cg__intern_n(p, "abc", 2), cg__intern_n(p, "abc", 3));
    cg__intern_free(p);
    cg__intern_free(NULL);
}

static void test_strmap(void **state)
{
    (void)state;
    cg__strmap *m = cg__strmap_new(0);
    char keys[3000][16];
    for (int i = 0; i < 3000; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        assert_int_equal(cg__strmap_put(m, keys[i], (uint32_t)i, NULL), 1);
    }
    uint32_t v = 0, old = 0;
    assert_int_equal(cg__strmap_put(m, "k17", 99, &old), 0);
    assert_int_equal(old, 17);
    for (int i = 0; i < 3000; i++) {
        assert_int_equal(cg__strmap_get(m, keys[i], &v), 1);
        assert_int_equal(v, (uint32_t)i);
    }
    assert_int_equal(cg__strmap_get(m, "nope", &v), 0);
    cg__strmap_free(m);
}

static void test_utf8(void **state)
{
    (void)state;
    const unsigned char ok[] = "Tha\xC3\xA7i \xE2\x80\x94 \xF0\x9F\x98\x80";
    assert_true(cg__utf8_invalid_at(ok, sizeof ok - 1) == (size_t)-1);
    const unsigned char bad1[] = "ab\xC3";           /* truncated */
    assert_int_equal(cg__utf8_invalid_at(bad1, 3), 2);
    const unsigned char bad2[] = "a\xC0\x80";        /* overlong NUL */
    assert_int_equal(cg__utf8_invalid_at(bad2, 3), 1);
    const unsigned char bad3[] = "\xED\xA0\x80";     /* surrogate */
    assert_int_equal(cg__utf8_invalid_at(bad3, 3), 0);
    const unsigned char bad4[] = "x\xF4\x90\x80\x80"; /* above U+10FFFF */
    assert_int_equal(cg__utf8_invalid_at(bad4, 5), 1);
    assert_int_equal(cg__utf8_count("Tha\xC3\xA7i", 6), 5);
    assert_true(cg__utf8_is_boundary(ok, sizeof ok - 1, 3));
    assert_false(cg__utf8_is_boundary(ok, sizeof ok - 1, 4));
    assert_true(cg__utf8_is_boundary(ok, sizeof ok - 1, sizeof ok - 1));
}

static void test_suggest(void **state)
{
    (void)state;
    assert_int_equal(cg__edit_distance("sorce", "source", 5), 1);
    assert_int_equal(cg__edit_distance("kitten", "sitting", 5), 3);
    assert_int_equal(cg__edit_distance("a", "abcdefgh", 2), 3); /* capped */
    const char *fields[] = {"subject", "relation", "object", "source", "summary"};
    assert_string_equal(cg__did_you_mean("sorce", fields, 5), "source");
    assert_string_equal(cg__did_you_mean("subjet", fields, 5), "subject");
    assert_null(cg__did_you_mean("zzzzzz", fields, 5));
}

static void test_buf_and_fmt(void **state)
{
    (void)state;
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_printf(&b, "%s-%d", "x", 42);
    cg__buf_addc(&b, '!');
    assert_string_equal(b.s, "x-42!");
    char *s = cg__buf_steal(&b);
    assert_string_equal(s, "x-42!");
    free(s);
    assert_null(b.s);
    char out[40];
    assert_string_equal(cg__format_decimal(0.5, 2, out, sizeof out), "0.5");
    assert_string_equal(cg__format_decimal(-0.0, 2, out, sizeof out), "0");
    assert_string_equal(cg__format_decimal(-0.001, 2, out, sizeof out), "0"); /* never "-0" */
    assert_string_equal(cg__format_decimal(0.8123, 2, out, sizeof out), "0.81");
    assert_string_equal(cg__format_decimal(12, 3, out, sizeof out), "12");
}

/* cg__format_decimal's reference: glibc's "%.*f", trimmed as documented. */
static void ref_decimal(double x, int d, char *buf, size_t size)
{
    if (x == 0) x = 0;
    snprintf(buf, size, "%.*f", d, x);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf) - 1;
        while (e > dot && *e == '0') *e-- = '\0';
        if (e == dot) *e = '\0';
    }
    if (strcmp(buf, "-0") == 0) strcpy(buf, "0");
}

static uint64_t rnd_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static void check_decimal(double x, int d)
{
    char got[64], want[64];
    cg__format_decimal(x, d, got, sizeof got);
    ref_decimal(x, d, want, sizeof want);
    if (strcmp(got, want) != 0) fail_msg("%.17g with %d decimals: got %s, printf gives %s", x, d, got, want);
}

/* The integer fast path of cg__format_decimal gives printf's bytes: random bit patterns and
 * magnitudes, every precision up to 30 (over 22 is printf's), exact ties (ties go to even),
 * integers near 2^53 and 2^64, values at the point where x * 10^d no longer fits, subnormals,
 * negatives, and a buffer too small for the result. */
static void test_format_decimal_exact(void **state)
{
    (void)state;
    for (int i = 0; i < 400000; i++) {
        uint64_t bits = rnd();
        double x;
        memcpy(&x, &bits, sizeof x);
        if (!isfinite(x)) continue;
        check_decimal(x, (int)(rnd() % 31));
    }
    for (int i = 0; i < 400000; i++) {
        double x = ldexp((double)(rnd() >> 11), (int)(rnd() % 160) - 140); /* 2^-140 .. 2^72 */
        if (rnd() & 1) x = -x;
        check_decimal(x, (int)(rnd() % 24));
    }
    for (int j = 1; j <= 60; j++) /* k / 2^j: the digit after the last shown is often exactly 5 */
        for (int k = 1; k < 300; k += 2)
            for (int d = 0; d <= 22; d++) {
                check_decimal(ldexp(k, -j), d);
                check_decimal(-ldexp(k, -j), d);
                check_decimal(1 + ldexp(k, -j), d);
                check_decimal(1234567 + ldexp(k, -j), d);
            }
    for (int d = 0; d <= 22; d++) {
        double edge[] = {0.5, 1.5, 2.5, 0.125, 0.375, 9.5, 99.5, 0.05, 0.15, 0.25, 0.35, 1e15, 9e15,
                         9007199254740992.0, 9007199254740993.0, 18446744073709551616.0, 1e19, 1e20, 1e22, 1e23,
                         3.4e38, 1.7e308, 4.9e-324, 2.2250738585072014e-308, 1e-30, 123456.789, 0.1, 0.2, 0.3,
                         2.675, 1.005, 1.0000000000000002, 0.9999999999999999, 5e-324};
        for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
            check_decimal(edge[i], d);
            check_decimal(-edge[i], d);
        }
        for (int p = 0; p < 64; p++) { /* where the product outgrows 127 bits */
            check_decimal(ldexp(1, p), d);
            check_decimal(ldexp(1, p) - ldexp(1, p - 53), d);
        }
    }
    char small[6];
    assert_string_equal(cg__format_decimal(123.456, 3, small, sizeof small), "123.4"); /* printf truncates */
}

static void test_jsonpos(void **state)
{
    (void)state;
    const char *s = "{\"a\": 1, \"b\" : [10, {\"x\": \"q\\\"}\", \"y\": 2}], \"c\":\"}\"}";
    size_t n = strlen(s);
    assert_int_equal(cg__jsonpos(s, n, "a", -1, NULL), 6);
    assert_int_equal(s[cg__jsonpos(s, n, "b", -1, NULL)], '[');
    assert_int_equal(s[cg__jsonpos(s, n, "b", 0, NULL)], '1');
    assert_int_equal(s[cg__jsonpos(s, n, "b", 1, NULL)], '{');
    size_t y = cg__jsonpos(s, n, "b", 1, "y");
    assert_int_equal(s[y], '2');
    assert_int_equal(s[cg__jsonpos(s, n, "c", -1, NULL)], '"');
    assert_int_equal(cg__jsonpos_key(s, n, "c"), (size_t)(strstr(s, "\"c\"") - s));
    /* missing key: the start of the text */
    assert_int_equal(cg__jsonpos(s, n, "zz", -1, NULL), 0);
    /* several keys in one pass: the offsets cg__jsonpos gives one by one, on random objects
     * (members in any order, a key given twice, nested values and strings with braces, commas and
     * escaped quotes, blanks, keys absent) */
    {
        static const char *const keys[] = {"subject", "relation", "object", "source", "id", "zz"};
        static const char *const vals[] = {"1", "\"x\"", "[1, {\"a\": \"}\"}]", "{\"id\": \",\\\"\"}", "true",
                                           "\"q}]\"", "-2.5e3", "null"};
        unsigned seed = 12345;
        for (int round = 0; round < 2000; round++) {
            char text[1024];
            size_t len = 0;
            int members = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 8;
            len += (size_t)snprintf(text + len, sizeof text - len, "%s{", round % 3 ? "" : "  ");
            for (int m = 0; m < members; m++) {
                unsigned r = (seed = seed * 1103515245u + 12345u) >> 16;
                const char *k = r % 9 < 6 ? keys[r % 6] : "summary";
                len += (size_t)snprintf(text + len, sizeof text - len, "%s\"%s\"%s:%s%s", m ? "," : "", k,
                                        r % 5 ? "" : " ", r % 7 ? "" : " ", vals[(r >> 4) % 8]);
            }
            len += (size_t)snprintf(text + len, sizeof text - len, "}");
            size_t got[6];
            cg__jsonpos_members(text, len, keys, 6, got);
            for (int k = 0; k < 6; k++)
                if (got[k] != cg__jsonpos(text, len, keys[k], -1, NULL))
                    fail_msg("%s in %s: %zu, one by one %zu", keys[k], text, got[k], cg__jsonpos(text, len, keys[k], -1, NULL));
        }
    }
    size_t at = 0;
    assert_int_equal(cg__json_depth("[[[\"[[[[\"]]]", 12, 10, &at), 3);
    assert_true(cg__json_depth("[[[[[", 5, 3, &at) > 3);
    assert_int_equal(at, 3);
}

static void test_arena_big(void **state)
{
    (void)state;
    cg__arena *a = cg__arena_new();
    char *small1 = cg__arena_strndup(a, "abc", 3);
    char *big = cg__arena_alloc(a, 1 << 20, 1);
    memset(big, 'x', 1 << 20);
    char *small2 = cg__arena_strndup(a, "def", 3);
    assert_string_equal(small1, "abc");
    assert_string_equal(small2, "def");
    cg__arena_free(a);
}

/* Big blocks: contents kept across growth from malloc's sizes to mappings and between mappings,
 * a shrink back below 512 KiB, vectors and buffers built on them (ASan checks the frees). */
static void test_big_blocks(void **state)
{
    (void)state;
    size_t sizes[] = {100, (512 << 10) - 1, 512 << 10, 1 << 20, (2 << 20) - 1, 2 << 20, (5 << 20) + 3, 9 << 20};
    unsigned char *p = NULL;
    size_t have = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        p = cg__big_realloc(p, have, sizes[k]);
        for (size_t i = 0; i < have; i++)
            if (p[i] != (unsigned char)(i * 7)) fail_msg("byte %zu lost growing %zu -> %zu", i, have, sizes[k]);
        for (size_t i = have; i < sizes[k]; i++) p[i] = (unsigned char)(i * 7);
        have = sizes[k];
    }
    /* from 512 KiB on, a block grows in place within the address space reserved after it (at least
     * 256 MiB), and is copied past it */
    unsigned char *q = cg__big_realloc(p, have, 40 << 20);
    assert_ptr_equal(q, p);
    q[(40 << 20) - 1] = 1;
    q = cg__big_realloc(p, 40 << 20, (size_t)300 << 20);
    assert_ptr_not_equal(q, p);
    for (size_t i = 0; i < have; i++)
        if (q[i] != (unsigned char)(i * 7)) fail_msg("byte %zu lost moving to 300 MiB", i);
    assert_int_equal(q[(40 << 20) - 1], 1);
    q[((size_t)300 << 20) - 1] = 2; /* usable to its end */
    p = cg__big_realloc(q, (size_t)300 << 20, have); /* no smaller: the same block */
    assert_ptr_equal(p, q);
    p = cg__big_realloc(p, have, 4096); /* back to malloc's */
    for (size_t i = 0; i < 4096; i++) assert_int_equal(p[i], (unsigned char)(i * 7));
    cg__big_free(p, 4096);
    cg__big_free(NULL, 9 << 20);

    CG_VEC(uint64_t) v = {0};
    for (uint64_t i = 0; i < 600000; i++) CG_VEC_PUSH_BIG(v, i * i); /* 4.8 MB */
    assert_true(v.cap * sizeof *v.v >= (2u << 20));
    for (uint64_t i = 0; i < v.n; i++)
        if (v.v[i] != i * i) fail_msg("element %llu", (unsigned long long)i);
    CG_VEC_FREE_BIG(v);
    assert_null(v.v);

    cg__buf b;
    cg__buf_init_big(&b);
    for (int i = 0; i < 400000; i++) cg__buf_printf(&b, "%d,", i % 10);
    assert_int_equal(b.len, 800000);
    cg__buf_reserve(&b, 3u << 20);
    assert_memory_equal(b.s + 799996, "8,9,", 4);
    char *s = cg__buf_steal(&b); /* a copy of malloc's: freed with free() */
    assert_int_equal(strlen(s), 800000);
    free(s);
    cg__buf_free(&b);
}

/* Zeroed tables: calloc's when small, big blocks from 512 KiB on; zero either way, usable to their
 * end, freed with their count and size (ASan checks the frees). */
static void test_tables(void **state)
{
    (void)state;
    size_t counts[] = {1, 1000, (512 << 10) / 8 - 1, (512 << 10) / 8, 3 << 20};
    for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
        uint64_t *t = cg__table_calloc(counts[k], sizeof *t);
        for (size_t i = 0; i < counts[k]; i++)
            if (t[i]) fail_msg("slot %zu of %zu not zero", i, counts[k]);
        t[counts[k] - 1] = 7;
        cg__table_free(t, counts[k], sizeof *t);
    }
}

/* 12-byte items: a key with few values (many ties) and the item's first place */
typedef struct { uint32_t key, at, pad; } sitem;

static int cmp_key(const void *a, const void *b)
{
    const sitem *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int cmp_total(const void *a, const void *b)
{
    const sitem *x = a, *y = b;
    int c = cmp_key(a, b);
    return c ? c : x->at < y->at ? -1 : x->at > y->at;
}

static inline int key_before(const sitem *a, const sitem *b) { return a->key < b->key; }

CG_MERGE_SORT(merge_key, sitem, key_before)

/* The merge sort, on one thread and two: sorted, stable (ties keep their input order, so the
 * result is that of a total order on key and place), qsort's result under a total order, for
 * sizes around its runs of 16 and odd halves; sorted and reversed input too. */
static void test_sort(void **state)
{
    (void)state;
    size_t sizes[] = {0, 1, 2, 15, 16, 17, 31, 33, 100, 1001, 20000, 54321};
    uint64_t rng = 42;
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t n = sizes[k];
        for (int shape = 0; shape < 3; shape++) {
            for (int two = 0; two < 2; two++) {
                sitem *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
                for (size_t i = 0; i < n; i++) {
                    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
                    uint32_t key = shape == 0 ? (uint32_t)(rng >> 33) % (n / 4 + 2) : shape == 1 ? (uint32_t)i : (uint32_t)(n - i);
                    a[i] = (sitem){key, (uint32_t)i, 0};
                }
                memcpy(b, a, n * sizeof *a);
                cg__sort_halves(a, n, sizeof *a, cmp_key, merge_key, two);
                if (n) qsort(b, n, sizeof *b, cmp_total);
                for (size_t i = 0; i < n; i++)
                    if (a[i].key != b[i].key || a[i].at != b[i].at)
                        fail_msg("n %zu shape %d two %d: item %zu is (%u, %u), want (%u, %u)", n, shape, two, i, a[i].key,
                                 a[i].at, b[i].key, b[i].at);
                free(a);
                free(b);
            }
        }
    }
}

/* cg__quick_hash reads a string's last bytes without a copy of variable length: the values are
 * those of the plain definition (8-byte words, the tail zero-padded), for every
 * length and alignment, and for strings at the very start of their buffer. */
/* The word that k <= 8 bytes at s copied into a zeroed uint64_t make (the machine's byte order). */
static uint64_t word_at(const char *s, size_t k)
{
    uint64_t w = 0;
    for (size_t i = 0; i < k; i++)
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w |= (uint64_t)(unsigned char)s[i] << (8 * (7 - i));
#else
        w |= (uint64_t)(unsigned char)s[i] << (8 * i);
#endif
    return w;
}

static uint64_t plain_quick_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    size_t whole = n / 8 * 8;
    for (size_t at = 0; at < whole; at += 8) {
        h = (h ^ word_at(s + at, 8)) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    h = (h ^ word_at(s + whole, n - whole)) * 0x94d049bb133111ebULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 32);
}

static void test_quick_hash(void **state)
{
    (void)state;
    unsigned x = 7;
    for (size_t n = 0; n <= 40; n++)
        for (size_t at = 0; at < 8; at++)
            for (int t = 0; t < 50; t++) {
                char *buf = malloc(at + n + 1); /* exact size: reads past the end would show under ASan */
                for (size_t i = 0; i < at + n; i++) buf[i] = (char)((x = x * 1103515245u + 12345u) >> 16);
                assert_true(cg__quick_hash(buf + at, n) == plain_quick_hash(buf + at, n));
                free(buf);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intern),   cmocka_unit_test(test_strmap),      cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_suggest),  cmocka_unit_test(test_buf_and_fmt), cmocka_unit_test(test_jsonpos),
        cmocka_unit_test(test_arena_big), cmocka_unit_test(test_format_decimal_exact),
        cmocka_unit_test(test_big_blocks), cmocka_unit_test(test_tables), cmocka_unit_test(test_sort),
        cmocka_unit_test(test_quick_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
