/* claimgraph: source texts, hashing, and locating passages for evidence spans. */
#ifndef CLAIMGRAPH_TEXT_H
#define CLAIMGRAPH_TEXT_H

#include "export.h"

#include <stddef.h>
#include <stdint.h>
#include "model.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** SHA-256 of `len` bytes (via OpenSSL's libcrypto). */
CG_API void cg_sha256(const void *data, size_t len, uint8_t out[32]);

/** Reads a whole regular file. On success *data (NUL-terminated, owned by the caller, free()
 * it) and *len are set. Errors (missing, unreadable, larger than `max_bytes`) go to diag. */
CG_API cg_status cg_read_file(const char *path, size_t max_bytes, char **data, size_t *len, cg_diag *diag);

/** Result of cg_locate(). */
typedef struct cg_locate_result {
    cg_span span;        /**< the chosen occurrence, with the SHA-256 of its bytes */
    size_t occurrences;  /**< occurrences found (counting stops at `count_limit`) */
} cg_locate_result;

/**
 * Finds `passage` in `text` (both UTF-8) and returns the evidence span of one occurrence.
 * Whitespace is tolerant: every run of whitespace in the passage (space, tab, line breaks,
 * no-break space U+00A0, narrow no-break space U+202F) matches any non-empty run of whitespace
 * in the text, so a passage copied across line breaks still matches; leading and trailing
 * whitespace of the passage is ignored. Typographic quotation marks match ASCII ones on both
 * sides (U+2018 U+2019 U+201A U+201B U+2032 U+02BC as ', U+201C U+201D U+201E U+201F U+2033 as ").
 * The span starts at the passage's first non-space character and ends after its last.
 * `occurrence` = 0 requires exactly one occurrence (CG_EAMBIGUOUS if more, CG_ENOTFOUND if none);
 * `occurrence` = k >= 1 picks the k-th (CG_ENOTFOUND if fewer). out->occurrences is the count
 * found, up to max(k, 1) + 1000 occurrences. CG_EINVAL for an empty or invalid-UTF-8 passage,
 * CG_EDATA if the text is not valid UTF-8.
 * Complexity: O(len) to normalise the text, plus O(len) per occurrence examined.
 */
CG_API cg_status cg_locate(const char *text, size_t len, const char *passage, size_t plen, size_t occurrence,
                    cg_locate_result *out);

#ifdef __cplusplus
}
#endif
#endif
