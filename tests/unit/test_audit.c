/* Unit tests: the audit (texts found by content in a temporary folder, span checks, findings,
 * symbolic links, determinism, escaping of hostile data in the reports). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimgraph/claimgraph.h"
#include "helpers.h"

/* ---- helpers ---- */

/* printf into a new string (caller frees) */
static char *fmt(const char *f, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    assert_true(n >= 0);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    va_start(ap, f);
    vsnprintf(s, (size_t)n + 1, f, ap);
    va_end(ap);
    return s;
}

static char *hex_of(const void *p, size_t n)
{
    uint8_t d[32];
    char *h = malloc(65);
    assert_non_null(h);
    cg_sha256(p, n, d);
    cg_hex_sha256(d, h);
    return h;
}

/* The span object for bytes [start, end) of text, hashed correctly. */
static char *span_at(const char *text, size_t start, size_t end)
{
    char *h = hex_of(text + start, end - start);
    char *s = fmt("{\"start\":%zu,\"end\":%zu,\"sha256\":\"%s\"}", start, end, h);
    free(h);
    return s;
}

/* The span object of the (unique) passage in text. */
static char *span_of(const char *text, const char *passage)
{
    const char *p = strstr(text, passage);
    assert_non_null(p);
    return span_at(text, (size_t)(p - text), (size_t)(p - text) + strlen(passage));
}

static char *make_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char *t = fmt("%s/cg_audit_XXXXXX", base && *base ? base : "/tmp");
    assert_non_null(mkdtemp(t));
    return t;
}

static void write_file(const char *dir, const char *rel, const char *data, size_t len)
{
    char *p = fmt("%s/%s", dir, rel);
    /* create parent folders */
    for (char *q = p + strlen(dir) + 1; *q; q++)
        if (*q == '/') {
            *q = '\0';
            mkdir(p, 0700);
            *q = '/';
        }
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    free(p);
}

static void rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *de;
            while ((de = readdir(d))) {
                if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
                char *c = fmt("%s/%s", path, de->d_name);
                rm_rf(c);
                free(c);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

#define load test_load_text

static cg_audit *audit_opts(const cg_dataset *ds, const char *dir, const cg_audit_options *base)
{
    cg_audit_options o;
    cg_audit_options_init(&o);
    if (base) o = *base;
    o.texts_dir = dir;
    cg_diag *d = cg_diag_new(100);
    cg_audit *a = NULL;
    cg_status st = cg_audit_run(&a, ds, &o, d);
    if (st != CG_OK) cg_diag_print(d, stderr, "test");
    assert_int_equal(st, CG_OK);
    cg_diag_free(d);
    return a;
}

static cg_audit *audit(const cg_dataset *ds, const char *dir) { return audit_opts(ds, dir, NULL); }

static size_t count_kind(const cg_audit *a, cg_audit_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < cg_audit_n_items(a); i++) n += cg_audit_item_at(a, i)->kind == k;
    return n;
}

static const cg_audit_item *first_kind(const cg_audit *a, cg_audit_kind k)
{
    for (size_t i = 0; i < cg_audit_n_items(a); i++)
        if (cg_audit_item_at(a, i)->kind == k) return cg_audit_item_at(a, i);
    return NULL;
}

static char *report(const cg_audit *a, cg_audit_format f)
{
    /* static: gcc's -Wdangling-pointer cannot see that open_memstream's buffer is on the heap */
    static char *buf;
    static size_t len;
    buf = NULL;
    len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    assert_int_equal(cg_audit_write(a, m, f), CG_OK);
    assert_int_equal(fclose(m), 0);
    return buf;
}

/* ---- the fixture: two texts, three sources (koha cites tip), claims with spans ---- */

/* "Café" and "Δ" give multi-byte characters for the boundary tests. */
static const char TIP[] = "The report finds that Alpha leads Beta. Officials in the Caf\xC3\xA9 district "
                          "protect the network.\nGamma is not involved.\n";
static const char KOHA[] = "Koha relays the report: Alpha leads Beta, the \xCE\x94 group says.\n";

#define ENTS "{\"type\":\"entity\",\"id\":\"alpha\",\"name\":\"Alpha\",\"kind\":\"person\"}\n" \
             "{\"type\":\"entity\",\"id\":\"beta\",\"name\":\"Beta\",\"kind\":\"organization\"}\n" \
             "{\"type\":\"entity\",\"id\":\"gamma\",\"name\":\"Gamma\",\"kind\":\"person\"}\n"

typedef struct fixture {
    char *dir;
    char *data;
} fixture;

/* The clean dataset; `extra` lines are appended (claims, sources, entities). */
static char *clean_data(const char *extra)
{
    char *htip = hex_of(TIP, strlen(TIP)), *hkoha = hex_of(KOHA, strlen(KOHA));
    char *s1 = span_of(TIP, "Alpha leads Beta"), *s2 = span_of(TIP, "Officials in the Caf\xC3\xA9 district protect");
    char *s3 = span_of(KOHA, "Alpha leads Beta");
    char *d = fmt(ENTS
                  "{\"type\":\"source\",\"id\":\"tip\",\"title\":\"TIP\",\"kind\":\"government_report\",\"text_sha256\":\"%s\"}\n"
                  "{\"type\":\"source\",\"id\":\"koha\",\"title\":\"Koha\",\"kind\":\"news\",\"cites\":[\"tip\"],"
                  "\"text_sha256\":\"%s\"}\n"
                  "{\"type\":\"claim\",\"id\":\"tip-1\",\"subject\":\"alpha\",\"relation\":\"leads\",\"object\":\"beta\","
                  "\"source\":\"tip\",\"evidence\":[%s],\"summary\":\"Alpha leads Beta.\",\"confidence\":0.6}\n"
                  "{\"type\":\"claim\",\"id\":\"tip-2\",\"subject\":\"gamma\",\"relation\":\"protects\",\"object\":\"beta\","
                  "\"source\":\"tip\",\"evidence\":[%s],\"confidence\":0.3,\"anonymous\":true}\n"
                  "{\"type\":\"claim\",\"id\":\"koha-1\",\"subject\":\"alpha\",\"relation\":\"leads\",\"object\":\"beta\","
                  "\"source\":\"koha\",\"evidence\":[%s],\"confidence\":0.5}\n"
                  "%s",
                  htip, hkoha, s1, s2, s3, extra ? extra : "");
    free(htip);
    free(hkoha);
    free(s1);
    free(s2);
    free(s3);
    return d;
}

static void fixture_texts(const char *dir)
{
    /* names unrelated to the sources: texts are found by content */
    write_file(dir, "one.txt", TIP, strlen(TIP));
    write_file(dir, "sub/deeper/koha copy.txt", KOHA, strlen(KOHA));
    write_file(dir, "unrelated.bin", "\x00\x01\x02", 3);
}

/* ---- tests ---- */

static void test_clean(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    fixture_texts(dir);
    char *data = clean_data(NULL);
    cg_dataset *ds = load(data);
    cg_audit *a = audit(ds, dir);
    const cg_audit_counts *c = cg_audit_get_counts(a);
    assert_int_equal(c->errors, 0);
    assert_true(cg_audit_passed(a));
    assert_int_equal(c->claims, 3);
    assert_int_equal(c->spans, 3);
    assert_int_equal(c->spans_verified, 3);
    assert_int_equal(c->files_hashed, 3);
    assert_int_equal(c->texts_found, 2);
    assert_string_equal(cg_audit_text_file(a, cg_dataset_find_source(ds, "koha")), "sub/deeper/koha copy.txt");
    assert_string_equal(cg_audit_text_file(a, cg_dataset_find_source(ds, "tip")), "one.txt");
    const cg_audit_span *sp = cg_audit_claim_spans(a, cg_dataset_find_claim(ds, "tip-2"));
    assert_non_null(sp);
    assert_int_equal(sp[0].result, CG_AUDIT_SPAN_VERIFIED);
    assert_string_equal(sp[0].quote, "Officials in the Caf\xC3\xA9 district protect");
    /* findings are reported but do not fail the audit... */
    assert_true(c->findings > 0);
    assert_int_equal(count_kind(a, CG_AUDIT_SINGLE_ORIGIN), 2); /* alpha-leads-beta collapsed to 1, gamma-protects-beta */
    assert_int_equal(count_kind(a, CG_AUDIT_ALL_ANONYMOUS), 1);
    char *line = cg_audit_summary_line(a);
    assert_non_null(strstr(line, "audit: 3 claims, 3 of 3 spans verified, 0 errors"));
    free(line);
    cg_audit_free(a);
    /* ...unless strict */
    cg_audit_options o;
    cg_audit_options_init(&o);
    o.strict = 1;
    a = audit_opts(ds, dir, &o);
    assert_false(cg_audit_passed(a));
    assert_int_equal(cg_audit_get_counts(a)->errors, 0);
    cg_audit_free(a);
    cg_dataset_free(ds);
    free(data);
    rm_rf(dir);
    free(dir);
}

/* One byte changed inside a quoted passage: the claim is named and the text now shown. */
static void test_flipped_byte(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    fixture_texts(dir);
    char *data = clean_data(NULL);
    cg_dataset *ds = load(data);
    /* the dataset names the original text; a reviewer's copy with one byte changed has a different
     * text hash, so to test the span check the dataset must name the changed text */
    char *changed = malloc(sizeof TIP);
    memcpy(changed, TIP, sizeof TIP);
    char *p = strstr(changed, "Alpha leads");
    p[6] = 'L'; /* "Alpha Leads" */
    char *h_old = hex_of(TIP, strlen(TIP)), *h_new = hex_of(changed, strlen(changed));
    char *data2 = strdup(data);
    char *q = strstr(data2, h_old);
    memcpy(q, h_new, 64);
    write_file(dir, "one.txt", changed, strlen(changed));
    cg_dataset_free(ds);
    ds = load(data2);
    cg_audit *a = audit(ds, dir);
    assert_false(cg_audit_passed(a));
    assert_int_equal(cg_audit_get_counts(a)->errors, 1);
    const cg_audit_item *it = first_kind(a, CG_AUDIT_SPAN_HASH_MISMATCH);
    assert_non_null(it);
    assert_int_equal(it->claim, cg_dataset_find_claim(ds, "tip-1"));
    assert_int_equal(it->span, 0);
    assert_non_null(strstr(it->message, "claim 'tip-1'"));
    assert_string_equal(it->text_now, "Alpha Leads Beta");
    assert_int_equal(cg_audit_claim_spans(a, it->claim)[0].result, CG_AUDIT_SPAN_FAILED);
    assert_null(cg_audit_claim_spans(a, it->claim)[0].quote);
    cg_audit_free(a);
    /* and the original dataset against the changed copy: the exact text is missing, and the
     * closest file names the claim whose passage changed (tip-1), not the untouched one (tip-2) */
    cg_dataset_free(ds);
    ds = load(data);
    a = audit(ds, dir);
    it = first_kind(a, CG_AUDIT_TEXT_MISSING);
    assert_non_null(it);
    assert_int_equal(it->source, cg_dataset_find_source(ds, "tip"));
    assert_int_equal(it->n_claims, 2);
    assert_non_null(strstr(it->message, "the closest file, one.txt, differs from it: 1 of 2 spans still match"));
    it = first_kind(a, CG_AUDIT_SPAN_HASH_MISMATCH);
    assert_non_null(it);
    assert_int_equal(it->claim, cg_dataset_find_claim(ds, "tip-1"));
    assert_string_equal(it->text_now, "Alpha Leads Beta");
    assert_int_equal(cg_audit_get_counts(a)->errors, 2);
    assert_int_equal(cg_audit_get_counts(a)->spans_unchecked, 0);
    cg_audit_free(a);
    cg_dataset_free(ds);
    free(changed);
    free(h_old);
    free(h_new);
    free(data);
    free(data2);
    rm_rf(dir);
    free(dir);
}

static void test_bad_spans(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    fixture_texts(dir);
    size_t n = strlen(TIP);
    const char *cafe = strstr(TIP, "Caf\xC3\xA9");
    size_t mid = (size_t)(cafe - TIP) + 4; /* between the two bytes of "é" */
    char *oob = fmt("{\"start\":%zu,\"end\":%zu,\"sha256\":\"%064d\"}", n - 5, n + 10, 0);
    char *inside = span_at(TIP, (size_t)(cafe - TIP), mid); /* correct hash, but ends inside é */
    char *extra = fmt("{\"type\":\"claim\",\"id\":\"oob\",\"subject\":\"alpha\",\"relation\":\"funds\",\"object\":\"beta\","
                      "\"source\":\"tip\",\"evidence\":[%s]}\n"
                      "{\"type\":\"claim\",\"id\":\"mid\",\"subject\":\"alpha\",\"relation\":\"funds\",\"object\":\"beta\","
                      "\"source\":\"tip\",\"evidence\":[%s]}\n",
                      oob, inside);
    char *data = clean_data(extra);
    cg_dataset *ds = load(data);
    cg_audit *a = audit(ds, dir);
    assert_int_equal(cg_audit_get_counts(a)->errors, 2);
    const cg_audit_item *it = first_kind(a, CG_AUDIT_SPAN_OUT_OF_BOUNDS);
    assert_non_null(it);
    assert_int_equal(it->claim, cg_dataset_find_claim(ds, "oob"));
    assert_string_equal(it->text_now, "ved.\n"); /* what is there, up to the end of the text */
    char *want = fmt("has %zu bytes", n);
    assert_non_null(strstr(it->message, want));
    free(want);
    it = first_kind(a, CG_AUDIT_SPAN_NOT_ON_BOUNDARY);
    assert_non_null(it);
    assert_int_equal(it->claim, cg_dataset_find_claim(ds, "mid"));
    assert_non_null(strstr(it->message, "the end falls inside a UTF-8 character"));
    assert_string_equal(it->text_now, "Caf\xEF\xBF\xBD"); /* the lone lead byte shown as U+FFFD */
    cg_audit_free(a);
    cg_dataset_free(ds);
    free(data);
    free(extra);
    free(oob);
    free(inside);
    rm_rf(dir);
    free(dir);
}

/* A long mismatching span shows at most ~300 bytes, cut on a character boundary. */
static void test_text_now_clipped(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char text[1200];
    size_t n = 0;
    while (n + 2 < sizeof text - 1) { /* "Δ" x many: every other byte is a boundary */
        text[n++] = '\xCE';
        text[n++] = '\x94';
    }
    text[n] = '\0';
    write_file(dir, "t.txt", text, n);
    char *h = hex_of(text, n);
    char *data = fmt(ENTS "{\"type\":\"source\",\"id\":\"s\",\"title\":\"S\",\"kind\":\"news\",\"text_sha256\":\"%s\"}\n"
                          "{\"type\":\"claim\",\"id\":\"c\",\"subject\":\"alpha\",\"relation\":\"leads\",\"object\":\"beta\","
                          "\"source\":\"s\",\"evidence\":[{\"start\":0,\"end\":1000,\"sha256\":\"%064d\"}]}\n",
                     h, 0);
    cg_dataset *ds = load(data);
    cg_audit *a = audit(ds, dir);
    const cg_audit_item *it = first_kind(a, CG_AUDIT_SPAN_HASH_MISMATCH);
    assert_non_null(it);
    size_t len = strlen(it->text_now);
    assert_true(len <= 303);
    assert_int_equal(strcmp(it->text_now + len - 3, "..."), 0);
    assert_int_equal((len - 3) % 2, 0); /* whole characters only */
    cg_audit_free(a);
    cg_dataset_free(ds);
    free(data);
    free(h);
    rm_rf(dir);
    free(dir);
}

static void test_unsourced_and_no_hash(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    fixture_texts(dir);
    char *extra = fmt("{\"type\":\"source\",\"id\":\"blog\",\"title\":\"Blog\",\"kind\":\"other\"}\n"
                      "{\"type\":\"claim\",\"id\":\"bare\",\"subject\":\"alpha\",\"relation\":\"funds\",\"object\":\"gamma\","
                      "\"source\":\"tip\"}\n"
                      "{\"type\":\"claim\",\"id\":\"blog-1\",\"subject\":\"alpha\",\"relation\":\"funds\",\"object\":\"gamma\","
                      "\"source\":\"blog\",\"evidence\":[{\"start\":0,\"end\":3,\"sha256\":\"%064d\"}]}\n",
                      0);
    char *data = clean_data(extra);
    cg_dataset *ds = load(data);
    cg_audit *a = audit(ds, dir);
    assert_int_equal(cg_audit_get_counts(a)->errors, 2);
    const cg_audit_item *it = first_kind(a, CG_AUDIT_NO_EVIDENCE);
    assert_non_null(it);
    assert_int_equal(it->claim, cg_dataset_find_claim(ds, "bare"));
    it = first_kind(a, CG_AUDIT_NO_TEXT_HASH);
    assert_non_null(it);
    assert_int_equal(it->source, cg_dataset_find_source(ds, "blog"));
    assert_non_null(strstr(it->message, "blog-1"));
    assert_int_equal(cg_audit_claim_spans(a, cg_dataset_find_claim(ds, "blog-1"))[0].result, CG_AUDIT_SPAN_UNCHECKED);
    /* errors come first: source-level, then per claim */
    assert_int_equal(cg_audit_item_at(a, 0)->kind, CG_AUDIT_NO_TEXT_HASH);
    assert_int_equal(cg_audit_item_at(a, 1)->kind, CG_AUDIT_NO_EVIDENCE);
    cg_audit_free(a);
    cg_audit_options o;
    cg_audit_options_init(&o);
    o.allow_unsourced = 1;
    a = audit_opts(ds, dir, &o);
    assert_int_equal(count_kind(a, CG_AUDIT_NO_EVIDENCE), 0);
    assert_int_equal(cg_audit_get_counts(a)->errors, 1); /* the spans of blog-1 still cannot be verified */
    cg_audit_free(a);
    /* a filter that leaves out the blog's claims and the bare claim: clean */
    const char *only[] = {"koha"};
    cg_filter f = CG_FILTER_INIT;
    f.only_sources = only;
    f.n_only_sources = 1;
    cg_audit_options_init(&o);
    o.filter = &f;
    a = audit_opts(ds, dir, &o);
    assert_int_equal(cg_audit_get_counts(a)->errors, 0);
    assert_int_equal(cg_audit_get_counts(a)->claims, 1);
    assert_int_equal(cg_audit_get_counts(a)->claims_filtered_out, 4);
    assert_int_equal(cg_audit_get_counts(a)->texts_expected, 1);
    assert_false(cg_audit_claim_audited(a, cg_dataset_find_claim(ds, "bare")));
    char *md = report(a, CG_AUDIT_MD);
    assert_non_null(strstr(md, "4 left out by the filters are not audited (only sources koha)"));
    free(md);
    cg_audit_free(a);
    cg_dataset_free(ds);
    free(data);
    free(extra);
    rm_rf(dir);
    free(dir);
}

/* koha cites tip and repeats its claim: one origin, reported with both claims and the chain. */
static void test_collapsed_corroboration(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    fixture_texts(dir);
    char *data = clean_data(NULL);
    cg_dataset *ds = load(data);
    cg_audit *a = audit(ds, dir);
    assert_int_equal(count_kind(a, CG_AUDIT_COLLAPSED), 1);
    const cg_audit_item *it = first_kind(a, CG_AUDIT_COLLAPSED);
    assert_int_equal(it->claim, cg_dataset_find_claim(ds, "tip-1"));
    assert_int_equal(it->claim2, cg_dataset_find_claim(ds, "koha-1"));
    assert_int_equal(it->n_claims, 2);
    assert_non_null(it->edge);
    assert_int_equal(it->edge->n_groups, 1);
    assert_int_equal(it->n_sources, 2);
    assert_int_equal(it->sources[0], cg_dataset_find_source(ds, "tip"));
    assert_int_equal(it->sources[1], cg_dataset_find_source(ds, "koha"));
    assert_non_null(strstr(it->message, "tip-1"));
    assert_non_null(strstr(it->message, "koha-1"));
    assert_non_null(strstr(it->message, "tip is cited by koha"));
    char *js = report(a, CG_AUDIT_JSON);
    assert_non_null(strstr(js, "\"kind\":\"collapsed_corroboration\""));
    assert_non_null(strstr(js, "\"claims\":[\"tip-1\",\"koha-1\"],\"sources\":[],\"chain\":[\"tip\",\"koha\"]"));
    free(js);
    cg_audit_free(a);
    cg_dataset_free(ds);
    free(data);
    rm_rf(dir);
    free(dir);
}

static void test_cites_cycle_and_unused(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    fixture_texts(dir);
    const char *extra =
        "{\"type\":\"source\",\"id\":\"c\",\"title\":\"C\",\"kind\":\"news\",\"cites\":[\"a\"]}\n"
        "{\"type\":\"source\",\"id\":\"a\",\"title\":\"A\",\"kind\":\"news\",\"cites\":[\"b\"]}\n"
        "{\"type\":\"source\",\"id\":\"b\",\"title\":\"B\",\"kind\":\"news\",\"cites\":[\"c\",\"a\"]}\n"
        "{\"type\":\"source\",\"id\":\"d\",\"title\":\"D\",\"kind\":\"news\",\"cites\":[\"a\"]}\n"
        "{\"type\":\"entity\",\"id\":\"lonely\",\"name\":\"Lonely\",\"kind\":\"person\"}\n";
    char *data = clean_data(extra);
    cg_dataset *ds = load(data);
    cg_audit *a = audit(ds, dir);
    /* a -> b -> c -> a (and b -> a): one cycle, reported once; d only cites into it */
    assert_int_equal(count_kind(a, CG_AUDIT_CITES_CYCLE), 1);
    const cg_audit_item *it = first_kind(a, CG_AUDIT_CITES_CYCLE);
    assert_int_equal(it->n_sources, 3);
    assert_string_equal(cg_dataset_source(ds, it->sources[0])->id, "a");
    assert_string_equal(cg_dataset_source(ds, it->sources[1])->id, "b");
    assert_string_equal(cg_dataset_source(ds, it->sources[2])->id, "c");
    assert_non_null(strstr(it->message, "sources a, b, c cite each other"));
    /* unused: the entity, and the four claimless sources */
    assert_int_equal(count_kind(a, CG_AUDIT_UNUSED_ENTITY), 1);
    assert_int_equal(first_kind(a, CG_AUDIT_UNUSED_ENTITY)->entity, cg_dataset_find_entity(ds, "lonely"));
    assert_int_equal(count_kind(a, CG_AUDIT_UNUSED_SOURCE), 4);
    assert_int_equal(first_kind(a, CG_AUDIT_UNUSED_SOURCE)->source, cg_dataset_find_source(ds, "a"));
    assert_int_equal(cg_audit_get_counts(a)->errors, 0);
    /* findings are grouped by kind, in enum order */
    for (size_t i = 1; i < cg_audit_n_items(a); i++)
        assert_true(cg_audit_item_at(a, i - 1)->kind <= cg_audit_item_at(a, i)->kind);
    cg_audit_free(a);
    cg_dataset_free(ds);
    free(data);
    rm_rf(dir);
    free(dir);
}

static void test_disputed_and_alleged(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    fixture_texts(dir);
    char *s = span_of(TIP, "Gamma is not involved.");
    char *s2 = span_of(TIP, "protect the network");
    char *extra = fmt("{\"type\":\"claim\",\"id\":\"ref\",\"subject\":\"gamma\",\"relation\":\"protects\",\"object\":\"beta\","
                      "\"source\":\"tip\",\"stance\":\"refutes\",\"status\":\"denied\",\"evidence\":[%s]}\n"
                      "{\"type\":\"claim\",\"id\":\"al\",\"subject\":\"gamma\",\"relation\":\"funds\",\"object\":\"alpha\","
                      "\"source\":\"tip\",\"status\":\"alleged\",\"confidence\":0.7,\"evidence\":[%s]}\n",
                      s, s2);
    char *data = clean_data(extra);
    cg_dataset *ds = load(data);
    cg_audit *a = audit(ds, dir);
    const cg_audit_item *it = first_kind(a, CG_AUDIT_DISPUTED);
    assert_non_null(it);
    assert_int_equal(it->n_claims, 1);
    assert_int_equal(it->claims[0], cg_dataset_find_claim(ds, "ref"));
    assert_int_equal(count_kind(a, CG_AUDIT_ALLEGED_ONLY), 1);
    it = first_kind(a, CG_AUDIT_ALLEGED_ONLY);
    assert_int_equal(it->claims[0], cg_dataset_find_claim(ds, "al"));
    cg_audit_free(a);
    cg_audit_options o;
    cg_audit_options_init(&o);
    o.publication_threshold = 0.75; /* 0.7 is below it now */
    a = audit_opts(ds, dir, &o);
    assert_int_equal(count_kind(a, CG_AUDIT_ALLEGED_ONLY), 0);
    cg_audit_free(a);
    cg_dataset_free(ds);
    free(data);
    free(extra);
    free(s);
    free(s2);
    rm_rf(dir);
    free(dir);
}

/* A text reachable only through a symbolic link (to a file or a folder) is not used. */
static void test_symlinks_not_followed(void **state)
{
    (void)state;
    char *dir = make_tmpdir(), *outside = make_tmpdir();
    write_file(dir, "one.txt", TIP, strlen(TIP));
    write_file(outside, "k.txt", KOHA, strlen(KOHA));
    char *target = fmt("%s/k.txt", outside), *link1 = fmt("%s/koha.txt", dir), *link2 = fmt("%s/linked", dir);
    assert_int_equal(symlink(target, link1), 0);
    assert_int_equal(symlink(outside, link2), 0);
    char *data = clean_data(NULL);
    cg_dataset *ds = load(data);
    cg_audit *a = audit(ds, dir);
    const cg_audit_item *it = first_kind(a, CG_AUDIT_TEXT_MISSING);
    assert_non_null(it);
    assert_int_equal(it->source, cg_dataset_find_source(ds, "koha"));
    assert_non_null(strstr(it->message, "symbolic links"));
    assert_int_equal(cg_audit_get_counts(a)->files_skipped, 2);
    assert_int_equal(cg_audit_get_counts(a)->files_hashed, 1);
    assert_null(cg_audit_text_file(a, cg_dataset_find_source(ds, "koha")));
    cg_audit_free(a);
    /* the folder itself may be given through a link */
    char *dirlink = fmt("%s/texts-link", outside);
    write_file(dir, "sub/k2.txt", KOHA, strlen(KOHA));
    assert_int_equal(symlink(dir, dirlink), 0);
    a = audit(ds, dirlink);
    assert_int_equal(cg_audit_get_counts(a)->errors, 0);
    cg_audit_free(a);
    cg_dataset_free(ds);
    free(data);
    free(target);
    free(link1);
    free(link2);
    free(dirlink);
    rm_rf(dir);
    rm_rf(outside);
    free(dir);
    free(outside);
}

/* Same content twice: the smallest path (byte-wise) is reported; depth limit; missing folder. */
static void test_duplicates_depth_missing(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    write_file(dir, "a/z.txt", TIP, strlen(TIP)); /* visited first ("a" < "a.txt") */
    write_file(dir, "a.txt", TIP, strlen(TIP));   /* but "a.txt" < "a/z.txt" */
    write_file(dir, "x/y/k.txt", KOHA, strlen(KOHA));
    char *data = clean_data(NULL);
    cg_dataset *ds = load(data);
    cg_audit *a = audit(ds, dir);
    assert_string_equal(cg_audit_text_file(a, cg_dataset_find_source(ds, "tip")), "a.txt");
    assert_int_equal(cg_audit_get_counts(a)->errors, 0);
    cg_audit_free(a);
    cg_audit_options o;
    cg_audit_options_init(&o);
    o.max_depth = 1; /* x/y is too deep */
    o.texts_dir = dir;
    cg_diag *d = cg_diag_new(10);
    assert_int_equal(cg_audit_run(&a, ds, &o, d), CG_OK);
    assert_int_equal(count_kind(a, CG_AUDIT_TEXT_MISSING), 1);
    assert_int_equal(cg_diag_count(d, CG_SEV_WARNING), 1);
    assert_non_null(strstr(cg_diag_get(d, 0)->message, "too deeply"));
    cg_audit_free(a);
    cg_diag_free(d);
    /* missing folder, a file instead of a folder: CG_EIO, nothing returned */
    d = cg_diag_new(10);
    char *missing = fmt("%s/nope", dir), *file = fmt("%s/a.txt", dir);
    o.texts_dir = missing;
    a = (cg_audit *)1;
    assert_int_equal(cg_audit_run(&a, ds, &o, d), CG_EIO);
    assert_null(a);
    o.texts_dir = file;
    assert_int_equal(cg_audit_run(&a, ds, &o, d), CG_EIO);
    o.texts_dir = NULL;
    assert_int_equal(cg_audit_run(&a, ds, &o, d), CG_EINVAL);
    assert_int_equal(cg_diag_count(d, CG_SEV_ERROR), 3);
    cg_diag_free(d);
    cg_audit_free(NULL);
    free(missing);
    free(file);
    cg_dataset_free(ds);
    free(data);
    rm_rf(dir);
    free(dir);
}

/* Audit twice: identical bytes in every format. */
static void test_deterministic(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    fixture_texts(dir);
    write_file(dir, "zz/dup.txt", TIP, strlen(TIP));
    char *data = clean_data("{\"type\":\"entity\",\"id\":\"lonely\",\"name\":\"Lonely\",\"kind\":\"person\"}\n");
    cg_dataset *ds = load(data);
    cg_audit_format fmts[] = {CG_AUDIT_MD, CG_AUDIT_JSON, CG_AUDIT_HTML};
    for (size_t i = 0; i < 3; i++) {
        cg_audit *a1 = audit(ds, dir), *a2 = audit(ds, dir);
        char *r1 = report(a1, fmts[i]), *r2 = report(a2, fmts[i]);
        assert_true(strlen(r1) > 500);
        assert_string_equal(r1, r2);
        free(r1);
        free(r2);
        cg_audit_free(a1);
        cg_audit_free(a2);
    }
    cg_dataset_free(ds);
    free(data);
    rm_rf(dir);
    free(dir);
}

/* Hostile summaries, voices and quotes reach the reports only escaped. */
static void test_hostile_escaped(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    const char *text = "Intro. \"><img src=x onerror=alert(1)> and <script>alert(1)</script> end.\n";
    write_file(dir, "h.txt", text, strlen(text));
    char *h = hex_of(text, strlen(text));
    char *s = span_of(text, "\"><img src=x onerror=alert(1)> and <script>alert(1)</script>");
    char *data = fmt(ENTS "{\"type\":\"source\",\"id\":\"s\",\"title\":\"</title><script>alert(2)</script>\","
                          "\"kind\":\"news\",\"text_sha256\":\"%s\"}\n"
                          "{\"type\":\"claim\",\"id\":\"c\",\"subject\":\"alpha\",\"relation\":\"leads\",\"object\":\"beta\","
                          "\"source\":\"s\",\"evidence\":[%s],\"summary\":\"<script>alert(1)</script>\","
                          "\"attributed_to\":\"\\\"><img src=x onerror=alert(1)>\"}\n",
                     h, s);
    cg_dataset *ds = load(data);
    cg_audit *a = audit(ds, dir);
    assert_int_equal(cg_audit_get_counts(a)->errors, 0);
    char *html = report(a, CG_AUDIT_HTML), *md = report(a, CG_AUDIT_MD);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<img"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(html, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    /* Markdown: every '<' is backslash-escaped (CommonMark then shows it as text) */
    for (const char *p = strchr(md, '<'); p; p = strchr(p + 1, '<')) assert_true(p > md && p[-1] == '\\');
    free(html);
    free(md);
    cg_audit_free(a);
    cg_dataset_free(ds);
    free(data);
    free(h);
    free(s);
    rm_rf(dir);
    free(dir);
}

/* Quoted lines that look like Markdown blocks stay text. */
static void test_md_block_markers(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    const char *text = "Start.\n# not a heading\n- not an item\n  10) not a list\n=====\n[x](http://e.test) *y*\nEnd.\n";
    write_file(dir, "m.txt", text, strlen(text));
    char *h = hex_of(text, strlen(text));
    char *s = span_of(text, "# not a heading\n- not an item\n  10) not a list\n=====\n[x](http://e.test) *y*");
    char *data = fmt(ENTS "{\"type\":\"source\",\"id\":\"s\",\"title\":\"S\",\"kind\":\"news\",\"text_sha256\":\"%s\"}\n"
                          "{\"type\":\"claim\",\"id\":\"c\",\"subject\":\"alpha\",\"relation\":\"leads\",\"object\":\"beta\","
                          "\"source\":\"s\",\"evidence\":[%s]}\n",
                     h, s);
    cg_dataset *ds = load(data);
    cg_audit *a = audit(ds, dir);
    char *md = report(a, CG_AUDIT_MD);
    assert_non_null(strstr(md, "\n> \\# not a heading\n> \\- not an item\n>   10\\) not a list\n> \\=====\n"
                               "> \\[x\\](http://e.test) \\*y\\*\n"));
    free(md);
    cg_audit_free(a);
    cg_dataset_free(ds);
    free(data);
    free(h);
    free(s);
    rm_rf(dir);
    free(dir);
}

static void test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(cg_audit_kind_name(CG_AUDIT_SPAN_HASH_MISMATCH), "span_hash_mismatch");
    assert_string_equal(cg_audit_kind_name(CG_AUDIT_COLLAPSED), "collapsed_corroboration");
    assert_string_equal(cg_audit_kind_name(CG_AUDIT_KIND_COUNT), "unknown");
    assert_true(cg_audit_kind_is_error(CG_AUDIT_NO_EVIDENCE));
    assert_false(cg_audit_kind_is_error(CG_AUDIT_UNUSED_SOURCE));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_flipped_byte),
        cmocka_unit_test(test_bad_spans),
        cmocka_unit_test(test_text_now_clipped),
        cmocka_unit_test(test_unsourced_and_no_hash),
        cmocka_unit_test(test_collapsed_corroboration),
        cmocka_unit_test(test_cites_cycle_and_unused),
        cmocka_unit_test(test_disputed_and_alleged),
        cmocka_unit_test(test_symlinks_not_followed),
        cmocka_unit_test(test_duplicates_depth_missing),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_hostile_escaped),
        cmocka_unit_test(test_md_block_markers),
        cmocka_unit_test(test_kind_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
