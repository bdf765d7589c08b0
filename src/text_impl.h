/* Internal: passage location over a text prepared once (normalised, optionally with a suffix
 * array), for callers that locate many passages in one text (import sheets, reanchor). */
#ifndef CG_TEXT_IMPL_H
#define CG_TEXT_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "claimgraph/text.h"

/* A text prepared for locating: whitespace runs collapsed, typographic quotes folded (the
 * matching rule of cg_locate()), with the map back to original byte offsets. */
typedef struct cg__tindex {
    const char *text;   /* borrowed */
    size_t len;
    char *norm;         /* normalised text */
    size_t nlen;
    uint64_t *map;      /* normalised offset -> original offset (nlen + 1 entries) */
    int32_t *sa;        /* suffix array of norm (libdivsufsort), NULL until built */
} cg__tindex;

/* Prepares `text` (borrowed: it must outlive the index). CG_EDATA if it is not valid UTF-8. */
cg_status cg__tindex_init(cg__tindex *ix, const char *text, size_t len);
void cg__tindex_free(cg__tindex *ix);
/* Builds the suffix array (O(n), 4 bytes per byte of normalised text), so that each passage is
 * found in O(m log n) instead of a scan of the text. 0 on success, -1 when the text is too large
 * (the scan is used then). */
int cg__tindex_build_sa(cg__tindex *ix);
/* cg_locate() on a prepared text. When `starts` is not NULL it receives (caller frees) the
 * original start offsets of the occurrences counted (out->occurrences of them), in text order. */
cg_status cg__tindex_locate(const cg__tindex *ix, const char *passage, size_t plen, size_t occurrence,
                            cg_locate_result *out, uint64_t **starts);

/* The closest match of a passage that does not occur: the longest part of the passage (starting
 * at a word) found in the text, and the window of the text aligned with the whole passage there. */
typedef struct cg__closest {
    uint64_t start, end;  /* original offsets of the window */
    size_t agree;         /* bytes of the normalised passage found there in one piece */
    size_t plen;          /* bytes of the normalised passage */
} cg__closest;
/* 0 when a match of at least one byte was found; builds the suffix array if needed. */
int cg__tindex_closest(cg__tindex *ix, const char *passage, size_t plen, cg__closest *out);

/* The normalised form of a passage (caller frees): what cg_locate() compares. */
char *cg__text_normalise(const char *s, size_t n, size_t *nlen);

#endif
