/* Unit tests: FtM ids, partial dates, confidence words, output folders, exports of small
 * datasets (the real consumers read them in tests/e2e/test_interop.py). */
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
#include "interop_impl.h"

static void roundtrip(char kind, const char *id, const char *want)
{
    char *f = cg_ftm_id(kind, id, NULL);
    assert_string_equal(f, want);
    char k = 0;
    char *back = cg_ftm_id_decode(f, &k);
    assert_non_null(back);
    assert_string_equal(back, id);
    assert_int_equal(k, kind);
    free(back);
    free(f);
}

static void test_ftm_ids(void **state)
{
    (void)state;
    roundtrip('e', "hashim_thaci", "cg-e-hashim-uthaci");
    roundtrip('c', "gp-012", "cg-c-gp-h012");
    roundtrip('s', "s_3.x:y-z", "cg-s-s-u3-dx-cy-hz");
    roundtrip('e', "_x", "cg-e--ux");
    /* ids that differ only in punctuation stay apart */
    char *a = cg_ftm_id('e', "a.b", NULL), *b = cg_ftm_id('e', "a_b", NULL), *c = cg_ftm_id('e', "a-b", NULL);
    assert_string_not_equal(a, b);
    assert_string_not_equal(a, c);
    assert_string_not_equal(b, c);
    assert_null(strchr(a, '.'));
    assert_null(strchr(b, '_'));
    free(a), free(b), free(c);
    /* Documentation: two ids joined by "--", which no escaped id contains */
    char *d = cg_ftm_id('d', "gp", "kla_x");
    assert_string_equal(d, "cg-d-gp--kla-ux");
    free(d);
    /* above 200 characters: a hash, which is not decoded */
    char longid[129];
    memset(longid, '_', 128);
    longid[128] = '\0';
    char *h = cg_ftm_id('e', longid, NULL);
    assert_int_equal(strlen(h), strlen("cg-e--x") + 40);
    assert_memory_equal(h, "cg-e--x", 7);
    char k;
    assert_null(cg_ftm_id_decode(h, &k));
    free(h);
    /* not ours */
    assert_null(cg_ftm_id_decode("NK-abc", &k));
    assert_null(cg_ftm_id_decode("cg-e-a-zb", &k));
    assert_null(cg_ftm_id_decode("cg-q-abc", &k));
    assert_null(cg_ftm_id_decode("cg-e-", &k));
}

static void test_dates_and_words(void **state)
{
    (void)state;
    char w[11];
    assert_true(cg__date_widen("1999", 0, w));
    assert_string_equal(w, "1999-01-01");
    assert_true(cg__date_widen("1999", 1, w));
    assert_string_equal(w, "1999-12-31");
    assert_true(cg__date_widen("2004-02", 1, w));
    assert_string_equal(w, "2004-02-29");
    assert_true(cg__date_widen("1900-02", 1, w));
    assert_string_equal(w, "1900-02-28");
    assert_true(cg__date_widen("2000-02", 1, w));
    assert_string_equal(w, "2000-02-29");
    assert_true(cg__date_widen("2001-06", 0, w));
    assert_string_equal(w, "2001-06-01");
    assert_true(cg__date_widen("2010-05-17", 1, w));
    assert_string_equal(w, "2010-05-17");
    assert_false(cg__date_widen("0000", 0, w)); /* no year 0 in xsd:date */
    assert_string_equal(cg__confidence_words(0.96), "almost certain");
    assert_string_equal(cg__confidence_words(0.82), "very likely");
    assert_string_equal(cg__confidence_words(0.68), "likely");
    assert_string_equal(cg__confidence_words(0.5), "roughly even chance");
    assert_string_equal(cg__confidence_words(0.3), "unlikely");
    assert_string_equal(cg__confidence_words(0.1), "very unlikely");
    assert_string_equal(cg__confidence_words(0.01), "almost no chance");
    char *t = cg__neo4j_type("member_of");
    assert_string_equal(t, "MEMBER_OF");
    free(t);
    t = cg__neo4j_type("a.b:c-9");
    assert_string_equal(t, "A_B_C_9");
    free(t);
    cg_export_format f;
    assert_int_equal(cg_export_format_parse("neo4j", &f), 0);
    assert_int_equal(f, CG_EXPORT_NEO4J);
    assert_true(cg_export_format_is_dir(f));
    assert_int_equal(cg_export_format_parse("dot", &f), -1);
}

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static cg_dataset *load(const char *data)
{
    cg_dataset *ds = NULL;
    assert_int_equal(cg_dataset_load_buffer(&ds, "t.jsonl", data, strlen(data), NULL, NULL), CG_OK);
    return ds;
}

static void test_export_to_dir(void **state)
{
    (void)state;
    char base[] = "/tmp/cg-test-outdir-XXXXXX";
    assert_non_null(mkdtemp(base));
    char target[128], p[512];
    snprintf(target, sizeof target, "%s/out", base);
    cg_diag *d = cg_diag_new(10);
    cg_dataset *ds = load("{\"type\":\"source\",\"id\":\"s\",\"title\":\"T\",\"kind\":\"news\"}\n"
                          "{\"type\":\"entity\",\"id\":\"a\",\"name\":\"A\",\"kind\":\"person\"}\n"
                          "{\"type\":\"entity\",\"id\":\"b\",\"name\":\"B\",\"kind\":\"person\"}\n"
                          "{\"type\":\"claim\",\"id\":\"c\",\"subject\":\"a\",\"relation\":\"funds\",\"object\":\"b\",\"source\":\"s\"}\n");
    cg_edgeset *es = NULL;
    assert_int_equal(cg_edges_build(&es, ds, NULL, NULL, d), CG_OK);
    /* the folder is created with the nine files */
    assert_int_equal(cg_export_to_dir(target, CG_EXPORT_NEO4J, ds, es, NULL, d), CG_OK);
    assert_int_equal(count_entries(target), 9);
    /* a second export replaces them; other files stay */
    snprintf(p, sizeof p, "%s/mine.txt", target);
    FILE *f = fopen(p, "w");
    fclose(f);
    assert_int_equal(cg_export_to_dir(target, CG_EXPORT_NEO4J, ds, es, NULL, d), CG_OK);
    assert_int_equal(count_entries(target), 10);
    /* a one-stream format, a missing folder name, a file where the folder should be */
    assert_int_equal(cg_export_to_dir(target, CG_EXPORT_GEXF, ds, es, NULL, d), CG_EINVAL);
    assert_int_equal(cg_export_to_dir(NULL, CG_EXPORT_NEO4J, ds, es, NULL, d), CG_EINVAL);
    assert_int_equal(cg_export_to_dir(p, CG_EXPORT_NEO4J, ds, es, NULL, d), CG_EIO);
    assert_int_equal(count_entries(target), 10);
    /* clean up */
    DIR *dh = opendir(target);
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.') continue;
        snprintf(p, sizeof p, "%s/%s", target, e->d_name);
        unlink(p);
    }
    closedir(dh);
    rmdir(target);
    rmdir(base);
    cg_edgeset_free(es);
    cg_dataset_free(ds);
    cg_diag_free(d);
}

static char *export_to_string(const char *data, cg_export_format fmt, int show_denials)
{
    cg_diag *d = cg_diag_new(10);
    cg_dataset *ds = NULL;
    assert_int_equal(cg_dataset_load_buffer(&ds, "t.jsonl", data, strlen(data), NULL, d), CG_OK);
    cg_grading *g = cg_grading_default();
    cg_edgeset *es = NULL;
    assert_int_equal(cg_edges_build(&es, ds, g, NULL, d), CG_OK);
    cg_export_options o;
    cg_export_options_init(&o);
    o.show_denials = show_denials;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_int_equal(cg_export(m, fmt, ds, es, &o, d), CG_OK);
    fclose(m);
    cg_edgeset_free(es);
    cg_grading_free(g);
    cg_dataset_free(ds);
    cg_diag_free(d);
    return buf;
}

static void test_exports(void **state)
{
    (void)state;
    /* an empty dataset is a valid, empty graph */
    char *s = export_to_string("", CG_EXPORT_GEXF, 0);
    assert_non_null(strstr(s, "<nodes count=\"0\">"));
    free(s);
    s = export_to_string("", CG_EXPORT_FTM, 0);
    assert_string_equal(s, "");
    free(s);
    /* a refute-only edge: left out, or marked with show_denials; notes never written */
    const char *data =
        "{\"type\":\"source\",\"id\":\"s\",\"title\":\"T\",\"kind\":\"news\",\"notes\":\"SECRET1\"}\n"
        "{\"type\":\"entity\",\"id\":\"a\",\"name\":\"A\",\"kind\":\"person\"}\n"
        "{\"type\":\"entity\",\"id\":\"b\",\"name\":\"B\",\"kind\":\"person\"}\n"
        "{\"type\":\"claim\",\"id\":\"c1\",\"subject\":\"a\",\"relation\":\"funds\",\"object\":\"b\",\"source\":\"s\","
        "\"stance\":\"refutes\",\"notes\":\"SECRET2\",\"caveat\":\"CAVEAT\"}\n";
    for (int f = 0; f < CG_EXPORT_COUNT; f++) {
        if (cg_export_format_is_dir((cg_export_format)f)) continue;
        char *without = export_to_string(data, (cg_export_format)f, 0);
        char *with = export_to_string(data, (cg_export_format)f, 1);
        assert_null(strstr(without, "CAVEAT"));
        assert_non_null(strstr(with, "CAVEAT"));
        assert_null(strstr(with, "SECRET"));
        if (f != CG_EXPORT_FTM) {
            assert_null(strstr(without, "<edge id="));
            assert_non_null(strstr(with, "refute_only"));
        } else {
            assert_null(strstr(without, "\"Note\""));
            assert_non_null(strstr(with, "\"Note\""));
        }
        free(without);
        free(with);
    }
    /* a folder format through cg_export is refused */
    cg_diag *d = cg_diag_new(10);
    assert_int_equal(cg_export(stdout, CG_EXPORT_NEO4J, NULL, NULL, NULL, d), CG_EINVAL);
    cg_diag_free(d);
}

/* The API's contracts (claimgraph.h): NULL options and diag mean the defaults, and the verdict
 * does not depend on the diag. */
static void test_null_options_and_diag(void **state)
{
    (void)state;
    cg_dataset *ds = load("{\"type\":\"source\",\"id\":\"s\",\"title\":\"T\",\"kind\":\"news\"}\n"
                          "{\"type\":\"entity\",\"id\":\"a\",\"name\":\"A\",\"kind\":\"person\"}\n"
                          "{\"type\":\"entity\",\"id\":\"b\",\"name\":\"B\",\"kind\":\"company\"}\n"
                          "{\"type\":\"claim\",\"id\":\"c\",\"subject\":\"a\",\"relation\":\"controls\",\"object\":\"b\",\"source\":\"s\"}\n");
    cg_edgeset *es = NULL;
    assert_int_equal(cg_edges_build(&es, ds, NULL, NULL, NULL), CG_OK);
    char *buf = NULL;
    size_t len = 0;
    for (int f = 0; f < CG_EXPORT_COUNT; f++) {
        FILE *m = open_memstream(&buf, &len);
        cg_status want = cg_export_format_is_dir((cg_export_format)f) ? CG_EINVAL : CG_OK;
        assert_int_equal(cg_export(m, (cg_export_format)f, ds, es, NULL, NULL), want);
        fclose(m);
        free(buf);
        buf = NULL;
    }
    char dir[] = "/tmp/cg-test-null-XXXXXX", p[256];
    assert_non_null(mkdtemp(dir));
    snprintf(p, sizeof p, "%s/neo", dir);
    assert_int_equal(cg_export_to_dir(p, CG_EXPORT_NEO4J, ds, es, NULL, NULL), CG_OK);
    /* import: a good file, then a bad one, both without a diag */
    char ftm[300];
    snprintf(ftm, sizeof ftm, "%s/in.ftm.json", dir);
    FILE *f = fopen(ftm, "w");
    fputs("{\"id\":\"p1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"P\"]}}\n", f);
    fclose(f);
    const char *paths[] = {ftm};
    FILE *m = open_memstream(&buf, &len);
    assert_int_equal(cg_import_ftm(m, paths, 1, NULL, NULL), CG_OK);
    fclose(m);
    assert_non_null(strstr(buf, "\"name\":\"P\""));
    free(buf);
    buf = NULL;
    f = fopen(ftm, "w");
    fputs("{\"id\":\n", f);
    fclose(f);
    m = open_memstream(&buf, &len);
    assert_int_equal(cg_import_ftm(m, paths, 1, NULL, NULL), CG_EDATA);
    fclose(m);
    assert_int_equal(len, 0);
    free(buf);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    cg_export_options o;
    cg_export_options_init(&o);
    assert_int_equal(o.version, CG_EXPORT_OPTIONS_VERSION);
    cg_edgeset_free(es);
    cg_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ftm_ids),
        cmocka_unit_test(test_dates_and_words),
        cmocka_unit_test(test_export_to_dir),
        cmocka_unit_test(test_exports),
        cmocka_unit_test(test_null_options_and_diag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
