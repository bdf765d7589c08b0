/* Unit tests: evidence arithmetic, hand-worked (grading, noisy-OR, origin groups, cites chains
 * and cycles, refutations, undirected edges, filters). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "claimgraph/claimgraph.h"
#include "helpers.h"

#define EPS 1e-12

#define load test_load_text

static cg_edgeset *edges(const cg_dataset *ds, const cg_filter *f)
{
    cg_grading *g = cg_grading_default();
    cg_edgeset *es = NULL;
    assert_int_equal(cg_edges_build(&es, ds, g, f, NULL), CG_OK);
    cg_grading_free(g);
    return es;
}

#define ENTS "{\"type\":\"entity\",\"id\":\"a\",\"name\":\"A\",\"kind\":\"person\"}\n" \
             "{\"type\":\"entity\",\"id\":\"b\",\"name\":\"B\",\"kind\":\"person\"}\n" \
             "{\"type\":\"entity\",\"id\":\"c\",\"name\":\"C\",\"kind\":\"person\"}\n"
#define SRC(id, extra) "{\"type\":\"source\",\"id\":\"" id "\",\"title\":\"T\",\"kind\":\"news\"" extra "}\n"
#define CL(id, s, r, o, src, extra) "{\"type\":\"claim\",\"id\":\"" id "\",\"subject\":\"" s "\",\"relation\":\"" r \
    "\",\"object\":\"" o "\",\"source\":\"" src "\"" extra "}\n"

static void test_grading_table(void **state)
{
    (void)state;
    cg_grading *g = cg_grading_default();
    assert_near(cg_grading_value(g, 1, 1), 0.9025, EPS);   /* A1 */
    assert_near(cg_grading_value(g, 2, 2), 0.68, EPS);     /* B2 */
    assert_near(cg_grading_value(g, 2, 3), 0.51, EPS);     /* B3 */
    assert_near(cg_grading_value(g, 6, 4), 0.175, EPS);    /* F4 */
    assert_near(cg_grading_value(g, 6, 6), 0.25, EPS);     /* F6: the defaults */
    assert_near(cg_grading_value(g, 5, 5), 0.045, EPS);    /* E5 */
    cg_grading_free(g);
    double p[3] = {0.5, 0.5, 0.2};
    assert_near(cg_noisy_or(p, 3), 0.8, EPS);
    assert_near(cg_noisy_or(p, 0), 0, EPS);
}

static void test_claim_confidence_sources(void **state)
{
    (void)state;
    cg_dataset *ds = load(ENTS SRC("s1", ",\"reliability\":\"B\"") SRC("s2", "")
                          CL("c1", "a", "leads", "b", "s1", ",\"credibility\":2")
                          CL("c2", "a", "leads", "b", "s1", ",\"credibility\":2,\"reliability\":\"E\"")
                          CL("c3", "a", "leads", "b", "s2", "")
                          CL("c4", "a", "leads", "b", "s2", ",\"confidence\":0.93"));
    cg_grading *g = cg_grading_default();
    assert_near(cg_claim_confidence(ds, g, cg_dataset_claim(ds, 0)), 0.85 * 0.80, EPS); /* B2 */
    assert_near(cg_claim_confidence(ds, g, cg_dataset_claim(ds, 1)), 0.30 * 0.80, EPS); /* claim's E */
    assert_near(cg_claim_confidence(ds, g, cg_dataset_claim(ds, 2)), 0.25, EPS);        /* F6 */
    assert_near(cg_claim_confidence(ds, g, cg_dataset_claim(ds, 3)), 0.93, EPS);        /* explicit */
    cg_grading_free(g);
    cg_dataset_free(ds);
}

/* Two claims from one source are one origin (max), a second source adds by noisy-OR. */
static void test_max_within_group_noisy_or_across(void **state)
{
    (void)state;
    cg_dataset *ds = load(ENTS SRC("s1", "") SRC("s2", "")
                          CL("c1", "a", "leads", "b", "s1", ",\"confidence\":0.6")
                          CL("c2", "a", "leads", "b", "s1", ",\"confidence\":0.3")
                          CL("c3", "a", "leads", "b", "s2", ",\"confidence\":0.5"));
    cg_edgeset *es = edges(ds, NULL);
    assert_int_equal(cg_edgeset_size(es), 1);
    const cg_edge *e = cg_edgeset_get(es, 0);
    assert_int_equal(e->n_claims, 3);
    assert_int_equal(e->n_groups, 2);
    assert_near(e->groups[0].confidence, 0.6, EPS);
    assert_string_equal(cg_dataset_claim(ds, e->groups[0].best)->id, "c1");
    assert_near(e->confidence, (1 - 0.4 * 0.5), EPS); /* 0.8 */
    assert_false(e->disputed);
    assert_int_equal(e->n_sources, 2);
    cg_edgeset_free(es);
    cg_dataset_free(ds);
}

/* The same explicit origin in different sources collapses; cites chains (transitive, both
 * directions, with a cycle) collapse too. */
static void test_origin_and_cites(void **state)
{
    (void)state;
    cg_dataset *ds = load(ENTS SRC("s1", ",\"cites\":[\"s2\"]") SRC("s2", ",\"cites\":[\"s3\"]")
                          SRC("s3", ",\"cites\":[\"s1\"]") SRC("s4", "") SRC("s5", "") SRC("s6", "")
                          /* a-b: s1, s3 (cycle family) + s4 -> 2 groups */
                          CL("c1", "a", "leads", "b", "s1", ",\"confidence\":0.5")
                          CL("c2", "a", "leads", "b", "s3", ",\"confidence\":0.7")
                          CL("c3", "a", "leads", "b", "s4", ",\"confidence\":0.5")
                          /* b-c: s5 and s6 share origin "tip-2010" -> 1 group; s4 another */
                          CL("c4", "b", "leads", "c", "s5", ",\"confidence\":0.4,\"origin\":\"tip-2010\"")
                          CL("c5", "b", "leads", "c", "s6", ",\"confidence\":0.6,\"origin\":\"tip-2010\"")
                          CL("c6", "b", "leads", "c", "s4", ",\"confidence\":0.5,\"origin\":\"other\""));
    cg_edgeset *es = edges(ds, NULL);
    assert_int_equal(cg_edgeset_size(es), 2);
    const cg_edge *ab = cg_edgeset_find(es, ds, "a", "leads", "b");
    assert_non_null(ab);
    assert_int_equal(ab->n_groups, 2);
    assert_near(ab->confidence, (1 - 0.3 * 0.5), EPS); /* 0.85 */
    const cg_edge *bc = cg_edgeset_find(es, ds, "b", "leads", "c");
    assert_int_equal(bc->n_groups, 2);
    assert_near(bc->confidence, (1 - 0.4 * 0.5), EPS); /* 0.8 */
    /* the chain s3 -> s1: s3 cites s1 directly */
    cg_idx *path = NULL;
    size_t len = cg_cites_chain(ds, cg_dataset_find_source(ds, "s1"), cg_dataset_find_source(ds, "s3"), &path);
    assert_int_equal(len, 2);
    free(path);
    len = cg_cites_chain(ds, cg_dataset_find_source(ds, "s1"), cg_dataset_find_source(ds, "s4"), &path);
    assert_int_equal(len, 0);
    /* merges explain the groups */
    cg_merge *m = NULL;
    size_t nm = cg_group_merges(ds, ab->groups[0].claims, ab->groups[0].n_claims, &m);
    assert_int_equal(nm, 1);
    assert_int_equal(m[0].reason, CG_MERGE_CITES);
    free(m);
    nm = cg_group_merges(ds, bc->claims, bc->n_claims, &m);
    assert_int_equal(nm, 1);
    assert_int_equal(m[0].reason, CG_MERGE_SAME_ORIGIN);
    free(m);
    cg_idx *fam = cg_cites_families(ds);
    assert_int_equal(fam[0], fam[1]);
    assert_int_equal(fam[1], fam[2]);
    assert_true(fam[3] != fam[0]);
    free(fam);
    cg_edgeset_free(es);
    cg_dataset_free(ds);
}

/* A chain through a source with no claim on the edge still collapses (circular reporting). */
static void test_cites_through_third_source(void **state)
{
    (void)state;
    cg_dataset *ds = load(ENTS SRC("s1", ",\"cites\":[\"s2\"]") SRC("s2", "") SRC("s3", ",\"cites\":[\"s2\"]")
                          CL("c1", "a", "leads", "b", "s1", ",\"confidence\":0.5")
                          CL("c2", "a", "leads", "b", "s3", ",\"confidence\":0.5"));
    cg_edgeset *es = edges(ds, NULL);
    const cg_edge *e = cg_edgeset_get(es, 0);
    assert_int_equal(e->n_groups, 1);
    assert_near(e->confidence, 0.5, EPS);
    cg_edgeset_free(es);
    /* excluding s2 does not make s1 and s3 independent */
    const char *ex[] = {"s2"};
    cg_filter f = CG_FILTER_INIT;
    f.exclude_sources = ex;
    f.n_exclude_sources = 1;
    es = edges(ds, &f);
    assert_int_equal(cg_edgeset_get(es, 0)->n_groups, 1);
    cg_edgeset_free(es);
    cg_dataset_free(ds);
}

static void test_refutations_and_status(void **state)
{
    (void)state;
    cg_dataset *ds = load(ENTS SRC("s1", "") SRC("s2", "") SRC("s3", "")
                          CL("c1", "a", "leads", "b", "s1", ",\"confidence\":0.6,\"status\":\"alleged\",\"anonymous\":true")
                          CL("c2", "a", "leads", "b", "s2", ",\"confidence\":0.5,\"status\":\"charged\",\"anonymous\":true")
                          CL("c3", "a", "leads", "b", "s3", ",\"confidence\":0.4,\"stance\":\"refutes\",\"status\":\"denied\"")
                          CL("c4", "a", "leads", "b", "s1", ",\"confidence\":0.3,\"stance\":\"refutes\",\"status\":\"denied\"")
                          CL("c5", "a", "leads", "c", "s3", ",\"confidence\":0.3,\"stance\":\"refutes\",\"status\":\"denied\""));
    cg_edgeset *es = edges(ds, NULL);
    assert_int_equal(cg_edgeset_size(es), 2);
    const cg_edge *e = cg_edgeset_find(es, ds, "a", "leads", "b");
    assert_true(e->disputed);
    assert_near(e->confidence, 0.8, EPS);
    assert_int_equal(e->n_refute_groups, 2);
    assert_near(e->refute_confidence, (1 - 0.6 * 0.7), EPS);
    assert_int_equal(e->status, CG_ST_CHARGED);
    assert_true(e->all_anonymous);
    const cg_edge *ac = cg_edgeset_find(es, ds, "a", "leads", "c");
    assert_true(ac->disputed);
    assert_true(ac->confidence == 0);
    assert_int_equal(ac->status, CG_ST_DENIED);
    cg_edgeset_free(es);
    /* min-confidence leaves out the refute-only edge and weak edges */
    cg_filter f = CG_FILTER_INIT;
    f.min_confidence = 0.85;
    es = edges(ds, &f);
    assert_int_equal(cg_edgeset_size(es), 0);
    cg_edgeset_free(es);
    f.min_confidence = 0.1;
    es = edges(ds, &f);
    assert_int_equal(cg_edgeset_size(es), 1);
    cg_edgeset_free(es);
    cg_dataset_free(ds);
}

static void test_undirected_and_filters(void **state)
{
    (void)state;
    cg_dataset *ds = load(ENTS SRC("s1", "") "{\"type\":\"source\",\"id\":\"s2\",\"title\":\"T\",\"kind\":\"court_record\"}\n"
                          CL("c1", "b", "associate_of", "a", "s1", ",\"confidence\":0.5")
                          CL("c2", "a", "associate_of", "b", "s2", ",\"confidence\":0.5,\"status\":\"convicted\"")
                          CL("c3", "b", "leads", "a", "s1", ",\"confidence\":0.5"));
    cg_edgeset *es = edges(ds, NULL);
    assert_int_equal(cg_edgeset_size(es), 2);
    const cg_edge *e = cg_edgeset_find(es, ds, "b", "associate_of", "a");
    assert_non_null(e);
    assert_string_equal(cg_dataset_entity(ds, e->subject)->id, "a"); /* ordered by id */
    assert_int_equal(e->n_claims, 2);
    assert_near(e->confidence, 0.75, EPS);
    assert_null(cg_edgeset_find(es, ds, "a", "leads", "b")); /* directed: order matters */
    assert_non_null(cg_edgeset_find(es, ds, "b", "leads", "a"));
    cg_edgeset_free(es);
    cg_source_kind k = CG_SK_COURT_RECORD;
    cg_filter f = CG_FILTER_INIT;
    f.source_kinds = &k;
    f.n_source_kinds = 1;
    es = edges(ds, &f);
    assert_int_equal(cg_edgeset_size(es), 1);
    assert_near(cg_edgeset_get(es, 0)->confidence, 0.5, EPS);
    cg_edgeset_free(es);
    cg_filter f2 = CG_FILTER_INIT;
    f2.status_mask = 1u << CG_ST_REPORTED;
    es = edges(ds, &f2);
    assert_int_equal(cg_edgeset_size(es), 2);
    assert_int_equal(cg_edgeset_find(es, ds, "a", "associate_of", "b")->n_claims, 1);
    cg_edgeset_free(es);
    const char *only[] = {"nope"};
    cg_filter f3 = CG_FILTER_INIT;
    f3.only_sources = only;
    f3.n_only_sources = 1;
    cg_diag *d = cg_diag_new(10);
    cg_grading *g = cg_grading_default();
    assert_int_equal(cg_edges_build(&es, ds, g, &f3, d), CG_ENOTFOUND);
    assert_int_equal(cg_diag_count(d, CG_SEV_ERROR), 1);
    cg_grading_free(g);
    cg_diag_free(d);
    cg_dataset_free(ds);
}

/* The entity graph: relations between a pair collapse, one source's two relations are one piece
 * of evidence, refutations make no link. */
static void test_links(void **state)
{
    (void)state;
    cg_dataset *ds = load(ENTS SRC("s1", "") SRC("s2", "")
                          CL("c1", "a", "leads", "b", "s1", ",\"confidence\":0.6")
                          CL("c2", "a", "funds", "b", "s1", ",\"confidence\":0.5")
                          CL("c3", "b", "associate_of", "a", "s2", ",\"confidence\":0.5")
                          CL("c4", "a", "leads", "c", "s2", ",\"confidence\":0.9,\"stance\":\"refutes\""));
    cg_grading *g = cg_grading_default();
    cg_graph *gr = NULL;
    assert_int_equal(cg_graph_build(&gr, ds, g, NULL, 0, NULL), CG_OK);
    assert_int_equal(cg_graph_n_links(gr), 1);
    const cg_link *l = cg_graph_link(gr, 0);
    assert_int_equal(l->n_claims, 3);
    assert_int_equal(l->n_groups, 2);
    assert_near(l->confidence, (1 - 0.4 * 0.5), EPS);
    cg_graph_free(gr);
    /* directed: a->b from c1, c2 (one group) and from c3 (undirected relation, both ways) */
    assert_int_equal(cg_graph_build(&gr, ds, g, NULL, 1, NULL), CG_OK);
    assert_int_equal(cg_graph_n_links(gr), 2);
    assert_near(cg_graph_link(gr, 0)->confidence, 0.8, EPS);
    assert_near(cg_graph_link(gr, 1)->confidence, 0.5, EPS); /* b->a from c3 only */
    cg_graph_free(gr);
    cg_grading_free(g);
    assert_near(cg_link_distance(1.0), -log(0.999), EPS);
    assert_near(cg_link_distance(0.5), log(2.0), EPS);
    cg_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grading_table),
        cmocka_unit_test(test_claim_confidence_sources),
        cmocka_unit_test(test_max_within_group_noisy_or_across),
        cmocka_unit_test(test_origin_and_cites),
        cmocka_unit_test(test_cites_through_third_source),
        cmocka_unit_test(test_refutations_and_status),
        cmocka_unit_test(test_undirected_and_filters),
        cmocka_unit_test(test_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
