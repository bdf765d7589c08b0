/* Locating values inside one JSON text by path, to report columns (jansson gives none). */
#ifndef CG_JSONPOS_H
#define CG_JSONPOS_H
#include <stddef.h>

/* Byte offset of the value of top-level member `key` in the object `s[0..n)`; if `index` >= 0
 * the value must be an array and the offset is that of its element `index`; if `key2` is not
 * NULL that element must be an object and the offset is that of its member `key2`.
 * Returns the offset of the deepest part found (at least 0), so errors always get a column. */
size_t cg__jsonpos(const char *s, size_t n, const char *key, long index, const char *key2);

/* Byte offset of the key (its opening quote) of top-level member `key`, or of the text's start. */
size_t cg__jsonpos_key(const char *s, size_t n, const char *key);

/* Maximum nesting depth of arrays/objects in s[0..n) (strings skipped), stopping early once
 * `limit` is exceeded; *at receives the offset where the limit was crossed. */
unsigned cg__json_depth(const char *s, size_t n, unsigned limit, size_t *at);

#endif
