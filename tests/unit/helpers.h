/* Helpers shared by the unit tests (include after <cmocka.h>). */
#ifndef CG_TEST_HELPERS_H
#define CG_TEST_HELPERS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimgraph/claimgraph.h"

/* |a - b| <= eps, printing both values (and the difference) when it fails. */
#define assert_near(a, b, eps) \
    do { \
        double a_ = (double)(a), b_ = (double)(b), e_ = (double)(eps); \
        if (!(fabs(a_ - b_) <= e_)) \
            fail_msg("%s = %.17g, expected %s = %.17g (difference %.3g > %.3g)", #a, a_, #b, b_, fabs(a_ - b_), e_); \
    } while (0)

/* Loads a dataset from a string (named "t.jsonl" in messages); fails the test on error. */
static inline cg_dataset *test_load_text(const char *text)
{
    cg_diag *d = cg_diag_new(100);
    cg_dataset *ds = NULL;
    cg_status st = cg_dataset_load_buffer(&ds, "t.jsonl", text, strlen(text), NULL, d);
    if (st != CG_OK) cg_diag_print(d, stderr, "test");
    cg_diag_free(d);
    assert_int_equal(st, CG_OK);
    return ds;
}

/* A path below the source tree's tests/ folder (CG_SOURCE_DIR is set by tests/CMakeLists.txt). */
static inline const char *test_path(const char *rel, char *buf, size_t size)
{
    snprintf(buf, size, "%s/tests/%s", CG_SOURCE_DIR, rel);
    return buf;
}

/* Loads a dataset file or folder below tests/ (or, with "../", below the source tree). */
static inline cg_dataset *test_load_path(const char *rel)
{
    char path[4096];
    const char *p = test_path(rel, path, sizeof path);
    cg_diag *d = cg_diag_new(100);
    cg_dataset *ds = NULL;
    cg_status st = cg_dataset_load(&ds, &p, 1, NULL, d);
    if (st != CG_OK) cg_diag_print(d, stderr, "test");
    cg_diag_free(d);
    assert_int_equal(st, CG_OK);
    return ds;
}

#endif
