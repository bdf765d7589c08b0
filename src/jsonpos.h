/* Locating values inside one JSON text by path, to report columns (jansson gives none). */
#ifndef CG_JSONPOS_H
#define CG_JSONPOS_H
#include <stddef.h>

/* Byte offset of the value of top-level member `key` in the object `s[0..n)`; if `index` >= 0
 * the value must be an array and the offset is that of its element `index`; if `key2` is not
 * NULL that element must be an object and the offset is that of its member `key2`.
 * Returns the offset of the deepest part found (at least 0), so errors always get a column. */
size_t cg__jsonpos(const char *s, size_t n, const char *key, long index, const char *key2);

/* The elements of the array that is top-level member `key`, visited in one pass: a cursor that
 * moves forward, so asking for elements 0, 1, 2... costs one scan of the line in all (asking for an
 * earlier element than the last starts again from the array's start). */
typedef struct cg__jsonarr {
    const char *s;
    size_t n;
    size_t start;  /* the text's first non-blank byte */
    size_t v;      /* the member's value, or (size_t)-1 when there is no such member */
    size_t first;  /* element 0 (after '[' and blanks), or (size_t)-1 when v is not an array */
    size_t i;      /* where element k starts */
    long k;
    int end;       /* there is no element k (nor any after it) */
} cg__jsonarr;

void cg__jsonarr_init(cg__jsonarr *a, const char *s, size_t n, const char *key);
/* The same offset as cg__jsonpos(s, n, key, index, NULL). */
size_t cg__jsonarr_at(cg__jsonarr *a, long index);
/* The same offset as cg__jsonpos(s, n, key, index, key2). */
size_t cg__jsonarr_member(cg__jsonarr *a, long index, const char *key2);

/* The offsets cg__jsonpos(s, n, keys[k], -1, NULL) gives, for k < nkeys, found in one pass over
 * the object's members (out[k] is the text's start for a key it does not have). */
void cg__jsonpos_members(const char *s, size_t n, const char *const *keys, size_t nkeys, size_t *out);

/* Byte offset of the key (its opening quote) of top-level member `key`, or of the text's start. */
size_t cg__jsonpos_key(const char *s, size_t n, const char *key);

/* Maximum nesting depth of arrays/objects in s[0..n) (strings skipped), stopping early once
 * `limit` is exceeded; *at receives the offset where the limit was crossed. */
unsigned cg__json_depth(const char *s, size_t n, unsigned limit, size_t *at);

#endif
