#define _POSIX_C_SOURCE 200809L
/* Unit tests of the public API's contracts (claimgraph.h "Conventions"): every optional argument
 * of every public function that takes one may be NULL and means the default; the return value
 * alone says whether a call worked (the verdict never depends on the caller's diag); *out is NULL
 * on failure; _free(NULL) is a no-op; options are versioned. Fixture: tests/data/api/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimgraph/claimgraph.h"
#include "helpers.h"

static char g_data[4096], g_texts[4096];

static int setup(void **state)
{
    (void)state;
    test_path("data/api/data.jsonl", g_data, sizeof g_data);
    test_path("data/api/texts", g_texts, sizeof g_texts);
    return 0;
}

static cg_dataset *load_api(void)
{
    const char *p = g_data;
    cg_dataset *ds = NULL;
    assert_int_equal(cg_dataset_load(&ds, &p, 1, NULL, NULL), CG_OK);
    assert_non_null(ds);
    return ds;
}

static void test_load_null_diag_and_options(void **state)
{
    (void)state;
    cg_dataset *ds = load_api();
    assert_int_equal(cg_dataset_n_claims(ds), 3);
    cg_dataset_free(ds);
    /* invalid data with no diag: the return value alone says so, and *out is NULL */
    const char *bad = "{\"type\":\"entity\",\"id\":\"a\"}\n";
    ds = (cg_dataset *)1;
    assert_int_equal(cg_dataset_load_buffer(&ds, NULL, bad, strlen(bad), NULL, NULL), CG_EDATA);
    assert_null(ds);
    /* a diag that keeps one entry still gets the verdict right and counts the rest */
    const char *two = "{\"type\":\"entity\",\"id\":\"a\"}\n{\"type\":\"entity\",\"id\":\"b\"}\n";
    cg_diag *d = cg_diag_new(1);
    assert_int_equal(cg_dataset_load_buffer(&ds, "two.jsonl", two, strlen(two), NULL, d), CG_EDATA);
    assert_int_equal(cg_diag_size(d), 1);
    assert_true(cg_diag_count(d, CG_SEV_ERROR) >= 2);
    cg_diag_free(d);
    /* options from cg_load_options_init() are the defaults; an uninitialised version is refused */
    cg_load_options lo;
    cg_load_options_init(&lo);
    assert_int_equal(lo.version, CG_LOAD_OPTIONS_VERSION);
    const char *p = g_data;
    assert_int_equal(cg_dataset_load(&ds, &p, 1, &lo, NULL), CG_OK);
    cg_dataset_free(ds);
}

static void test_evidence_null_grading_filter_diag(void **state)
{
    (void)state;
    cg_dataset *ds = load_api();
    cg_grading *g = cg_grading_default();
    cg_edgeset *a = NULL, *b = NULL;
    assert_int_equal(cg_edges_build(&a, ds, NULL, NULL, NULL), CG_OK); /* default table, no filter */
    assert_int_equal(cg_edges_build(&b, ds, g, NULL, NULL), CG_OK);
    assert_int_equal(cg_edgeset_size(a), cg_edgeset_size(b));
    for (size_t i = 0; i < cg_edgeset_size(a); i++)
        assert_near(cg_edgeset_get(a, i)->confidence, cg_edgeset_get(b, i)->confidence, 0);
    const cg_claim *c = cg_dataset_claim(ds, 0);
    assert_near(cg_claim_confidence(ds, NULL, c), cg_claim_confidence(ds, g, c), 0);
    assert_near(cg_grading_value(NULL, 2, 2), 0.68, 1e-12); /* B2 of the README's table */
    assert_true(cg_filter_accepts(NULL, ds, 0));
    cg_filter f = CG_FILTER_INIT;
    assert_int_equal(cg_filter_check(&f, ds, NULL), CG_OK);
    const char *nope = "no-such-source";
    f.only_sources = &nope;
    f.n_only_sources = 1;
    assert_int_equal(cg_filter_check(&f, ds, NULL), CG_ENOTFOUND); /* no diag: the status says it */
    cg_edgeset *x = (cg_edgeset *)1;
    assert_int_equal(cg_edges_build(&x, ds, NULL, &f, NULL), CG_ENOTFOUND);
    assert_null(x);
    cg_grading *gl = (cg_grading *)1;
    assert_int_equal(cg_grading_load(&gl, "/nonexistent/grading.json", NULL), CG_EIO);
    assert_null(gl);
    cg_edgeset_free(a);
    cg_edgeset_free(b);
    cg_grading_free(g);
    cg_dataset_free(ds);
}

static void test_analysis_null_options(void **state)
{
    (void)state;
    cg_dataset *ds = load_api();
    cg_graph *gr = NULL;
    assert_int_equal(cg_graph_build(&gr, ds, NULL, NULL, 0, NULL), CG_OK);
    cg_centrality *c = NULL;
    assert_int_equal(cg_centrality_compute(&c, gr, NULL, NULL), CG_OK); /* all measures, defaults */
    for (int m = 0; m < CG_M_COUNT; m++) assert_non_null(c->values[m]);
    cg_centrality_options bad;
    memset(&bad, 0, sizeof bad); /* version 0: not set up by _init() */
    cg_centrality *c2 = (cg_centrality *)1;
    assert_int_equal(cg_centrality_compute(&c2, gr, &bad, NULL), CG_EINVAL);
    assert_null(c2);
    cg_centrality_free(c);
    cg_graph_free(gr);
    cg_dataset_free(ds);
}

static void test_audit_null_grading_filter_diag(void **state)
{
    (void)state;
    cg_dataset *ds = load_api();
    cg_audit *a = (cg_audit *)1;
    assert_int_equal(cg_audit_run(&a, ds, NULL, NULL), CG_EINVAL); /* texts_dir is required */
    assert_null(a);
    cg_audit_options o;
    cg_audit_options_init(&o);
    o.texts_dir = g_texts; /* grading, filter NULL: default table, every claim */
    assert_int_equal(cg_audit_run(&a, ds, &o, NULL), CG_OK);
    assert_true(cg_audit_passed(a));
    assert_int_equal(cg_audit_get_counts(a)->spans_verified, 3);
    cg_audit_free(a);
    o.texts_dir = "/nonexistent/texts";
    assert_int_equal(cg_audit_run(&a, ds, &o, NULL), CG_EIO);
    assert_null(a);
    cg_dataset_free(ds);
}

static void test_viz_null_options_style_diag(void **state)
{
    (void)state;
    cg_dataset *ds = load_api();
    cg_view *v = NULL;
    assert_int_equal(cg_view_build(&v, ds, NULL, NULL), CG_OK); /* whole graph, default grading */
    assert_int_equal(cg_view_n_edges(v), 3);
    cg_style *st = NULL;
    assert_int_equal(cg_style_load(&st, NULL, NULL), CG_OK); /* the built-in default style */
    char *dot = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&dot, &len);
    assert_int_equal(cg_view_write_dot(v, NULL, mem), CG_OK); /* NULL style: the built-in one */
    fclose(mem);
    char *dot2 = NULL;
    size_t len2 = 0;
    mem = open_memstream(&dot2, &len2);
    assert_int_equal(cg_view_write_dot(v, st, mem), CG_OK);
    fclose(mem);
    assert_int_equal(len, len2);
    assert_memory_equal(dot, dot2, len);
    /* render with default options (dot, svg) and no diag */
    FILE *img = tmpfile();
    assert_int_equal(cg_render(dot, len, NULL, fileno(img), NULL), CG_OK);
    struct stat sb;
    assert_int_equal(fstat(fileno(img), &sb), 0);
    assert_true(sb.st_size > 100);
    char *svg = malloc((size_t)sb.st_size);
    rewind(img);
    assert_int_equal(fread(svg, 1, (size_t)sb.st_size, img), (size_t)sb.st_size);
    fclose(img);
    /* HTML with NULL options: no passages; and the passages check with no diag */
    FILE *out = tmpfile();
    assert_int_equal(cg_view_write_html(v, svg, (size_t)sb.st_size, NULL, out), CG_OK);
    fclose(out);
    cg_audit_options ao;
    cg_audit_options_init(&ao);
    ao.texts_dir = g_texts;
    cg_audit *a = NULL;
    assert_int_equal(cg_audit_run(&a, ds, &ao, NULL), CG_OK);
    assert_int_equal(cg_view_check_passages(v, a, NULL), CG_OK);
    cg_audit_free(a);
    cg_style *bad = (cg_style *)1;
    assert_int_equal(cg_style_load(&bad, "/nonexistent/style.json", NULL), CG_EIO);
    assert_null(bad);
    free(svg);
    free(dot);
    free(dot2);
    cg_style_free(st);
    cg_view_free(v);
    cg_dataset_free(ds);
}

static void test_text_null_diag(void **state)
{
    (void)state;
    char *data = (char *)1;
    size_t len = 7;
    assert_int_equal(cg_read_file("/nonexistent/file", 100, &data, &len, NULL), CG_EIO);
    assert_null(data);
    assert_int_equal(len, 0);
    char path[4096];
    assert_int_equal(cg_read_file(test_path("data/api/texts/minutes.txt", path, sizeof path), 1 << 20, &data, &len, NULL),
                     CG_OK);
    assert_true(len > 10);
    free(data);
}

static void test_sheets_null_options_diag(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/cg_api_XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    char dir[4200], out[4200];
    snprintf(dir, sizeof dir, "%s/sheets", tmpl);
    assert_int_equal(cg_sheets_write_template(dir, NULL), CG_OK);
    /* export with NULL options (plain dialect, no texts) and no diag, then import it back */
    cg_dataset *ds = load_api();
    snprintf(out, sizeof out, "%s/export", tmpl);
    assert_int_equal(cg_sheets_export(ds, out, NULL, NULL), CG_OK);
    const char *paths[1] = {out};
    cg_import *im = NULL;
    assert_int_equal(cg_sheets_import(&im, paths, 1, NULL, NULL), CG_OK);
    size_t n = 0, recs = 0;
    assert_non_null(cg_import_jsonl(im, CG_SHEET_CLAIMS, &n, &recs));
    assert_int_equal(recs, 3);
    snprintf(out, sizeof out, "%s/back.jsonl", tmpl);
    assert_int_equal(cg_import_write(im, out, NULL, NULL), CG_OK);
    cg_import_free(im);
    /* reanchor: texts_dir is required */
    cg_reanchor *ra = (cg_reanchor *)1;
    assert_int_equal(cg_reanchor_run(&ra, ds, NULL, NULL), CG_EINVAL);
    assert_null(ra);
    cg_reanchor_options ro;
    cg_reanchor_options_init(&ro);
    ro.texts_dir = g_texts;
    assert_int_equal(cg_reanchor_run(&ra, ds, &ro, NULL), CG_OK);
    assert_false(cg_reanchor_has_changes(ra));
    cg_reanchor_free(ra);
    cg_dataset_free(ds);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
    assert_int_equal(system(cmd), 0);
}

static void test_free_null_and_diag_null(void **state)
{
    (void)state;
    cg_dataset_free(NULL);
    cg_edgeset_free(NULL);
    cg_graph_free(NULL);
    cg_centrality_free(NULL);
    cg_grading_free(NULL);
    cg_audit_free(NULL);
    cg_view_free(NULL);
    cg_style_free(NULL);
    cg_diag_free(NULL);
    cg_import_free(NULL);
    cg_reanchor_free(NULL);
    cg_diag_add(NULL, CG_SEV_ERROR, "f", 1, 1, "ignored %d", 1);
    assert_int_equal(cg_diag_count(NULL, CG_SEV_ERROR), 0);
    assert_int_equal(cg_diag_size(NULL), 0);
    assert_null(cg_diag_get(NULL, 0));
    cg_diag_print(NULL, stderr, "test");
    cg_set_oom_handler(NULL, NULL); /* the default handler */
    assert_int_equal(cg_process_state_policy(), 0);
}

/* The process-wide settings are restored after each call (jansson's allocator here). */
static void test_process_state_restored(void **state)
{
    (void)state;
    cg_dataset *ds = load_api();
    cg_dataset_free(ds);
    cg_set_process_state_policy(CG_KEEP_JANSSON_ALLOC | CG_KEEP_IGRAPH_HANDLERS | CG_KEEP_OMP_THREADS);
    ds = load_api(); /* parses with jansson's own allocator */
    cg_graph *gr = NULL;
    assert_int_equal(cg_graph_build(&gr, ds, NULL, NULL, 0, NULL), CG_OK);
    cg_centrality *c = NULL;
    assert_int_equal(cg_centrality_compute(&c, gr, NULL, NULL), CG_OK);
    cg_centrality_free(c);
    cg_graph_free(gr);
    cg_dataset_free(ds);
    cg_set_process_state_policy(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_null_diag_and_options),
        cmocka_unit_test(test_evidence_null_grading_filter_diag),
        cmocka_unit_test(test_analysis_null_options),
        cmocka_unit_test(test_audit_null_grading_filter_diag),
        cmocka_unit_test(test_viz_null_options_style_diag),
        cmocka_unit_test(test_text_null_diag),
        cmocka_unit_test(test_sheets_null_options_diag),
        cmocka_unit_test(test_free_null_and_diag_null),
        cmocka_unit_test(test_process_state_restored),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
