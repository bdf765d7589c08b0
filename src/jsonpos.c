/* Locating values inside one JSON text. The text has already been parsed successfully by
 * jansson, so this scanner only needs to skip well-formed values. */
#include "jsonpos.h"

#include <string.h>

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    return i;
}

static size_t skip_string(const char *s, size_t n, size_t i)
{
    /* s[i] == '"' */
    i++;
    while (i < n && s[i] != '"') {
        if (s[i] == '\\') i++;
        i++;
    }
    return i < n ? i + 1 : n;
}

static size_t skip_value(const char *s, size_t n, size_t i)
{
    if (i >= n) return n;
    if (s[i] == '"') return skip_string(s, n, i);
    if (s[i] == '{' || s[i] == '[') {
        unsigned depth = 0;
        while (i < n) {
            char c = s[i];
            if (c == '"') { i = skip_string(s, n, i); continue; }
            if (c == '{' || c == '[') depth++;
            else if (c == '}' || c == ']') {
                if (--depth == 0) return i + 1;
            }
            i++;
        }
        return n;
    }
    while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\t' &&
           s[i] != '\r' && s[i] != '\n')
        i++;
    return i;
}

/* Compares the JSON string token at s[i] (raw, escapes not decoded) with key. */
static int key_equals(const char *s, size_t n, size_t i, const char *key)
{
    size_t k = strlen(key);
    return i + k + 2 <= n && s[i] == '"' && memcmp(s + i + 1, key, k) == 0 && s[i + k + 1] == '"';
}

/* Walks the members of the object whose '{' is at s[i]: for each, *key_at is its key's opening
 * quote and *val_at its value; returns the offset after the value, or (size_t)-1 at the end of
 * the object (or of anything that is not one). Start with i at the '{' and first = 1. */
static size_t next_member(const char *s, size_t n, size_t i, int first, size_t *key_at, size_t *val_at)
{
    i = skip_ws(s, n, i);
    if (first) {
        if (i >= n || s[i] != '{') return (size_t)-1;
    } else if (i >= n || s[i] != ',') {
        return (size_t)-1;
    }
    i = skip_ws(s, n, i + 1);
    if (i >= n || s[i] != '"') return (size_t)-1;
    *key_at = i;
    i = skip_ws(s, n, skip_string(s, n, i));
    if (i >= n || s[i] != ':') return (size_t)-1;
    *val_at = skip_ws(s, n, i + 1);
    return skip_value(s, n, *val_at);
}

/* Offset of member `key`'s value (or of the key itself when want_key) in the object
 * starting at s[i], or (size_t)-1. */
static size_t find_member_at(const char *s, size_t n, size_t i, const char *key, int want_key)
{
    size_t k, v;
    for (int first = 1; (i = next_member(s, n, i, first, &k, &v)) != (size_t)-1; first = 0)
        if (key_equals(s, n, k, key)) return want_key ? k : v;
    return (size_t)-1;
}

static size_t find_member(const char *s, size_t n, size_t i, const char *key)
{
    return find_member_at(s, n, i, key, 0);
}

size_t cg__jsonpos_key(const char *s, size_t n, const char *key)
{
    size_t start = skip_ws(s, n, 0);
    size_t k = find_member_at(s, n, start, key, 1);
    return k == (size_t)-1 ? start : k;
}

static size_t find_element(const char *s, size_t n, size_t i, long index)
{
    i = skip_ws(s, n, i);
    if (i >= n || s[i] != '[') return (size_t)-1;
    i = skip_ws(s, n, i + 1);
    for (long k = 0;; k++) {
        if (i >= n || s[i] == ']') return (size_t)-1;
        if (k == index) return i;
        i = skip_value(s, n, i);
        i = skip_ws(s, n, i);
        if (i >= n || s[i] != ',') return (size_t)-1;
        i = skip_ws(s, n, i + 1);
    }
}

size_t cg__jsonpos(const char *s, size_t n, const char *key, long index, const char *key2)
{
    size_t start = skip_ws(s, n, 0);
    if (!key) return start;
    size_t v = find_member(s, n, start, key);
    if (v == (size_t)-1) return start;
    if (index < 0) return v;
    size_t e = find_element(s, n, v, index);
    if (e == (size_t)-1) return v;
    if (!key2) return e;
    size_t m = find_member(s, n, e, key2);
    return m == (size_t)-1 ? e : m;
}

void cg__jsonpos_members(const char *s, size_t n, const char *const *keys, size_t nkeys, size_t *out)
{
    size_t start = skip_ws(s, n, 0), left = nkeys, i = start, k, v;
    for (size_t j = 0; j < nkeys; j++) out[j] = (size_t)-1;
    for (int first = 1; left && (i = next_member(s, n, i, first, &k, &v)) != (size_t)-1; first = 0)
        for (size_t j = 0; j < nkeys; j++) /* the first member of a key wins, as in cg__jsonpos */
            if (out[j] == (size_t)-1 && key_equals(s, n, k, keys[j])) {
                out[j] = v;
                left--;
            }
    for (size_t j = 0; j < nkeys; j++)
        if (out[j] == (size_t)-1) out[j] = start;
}

void cg__jsonarr_init(cg__jsonarr *a, const char *s, size_t n, const char *key)
{
    a->s = s;
    a->n = n;
    a->start = skip_ws(s, n, 0);
    a->v = find_member(s, n, a->start, key);
    a->first = (size_t)-1;
    if (a->v != (size_t)-1 && a->v < n && s[a->v] == '[') a->first = skip_ws(s, n, a->v + 1);
    a->i = a->first;
    a->k = 0;
    a->end = a->first == (size_t)-1;
}

/* Steps as find_element() does, but keeps its place between calls. */
size_t cg__jsonarr_at(cg__jsonarr *a, long index)
{
    const char *s = a->s;
    size_t n = a->n;
    if (a->v == (size_t)-1) return a->start;
    if (index < 0) return a->v;
    if (index < a->k) {
        a->i = a->first;
        a->k = 0;
        a->end = a->first == (size_t)-1;
    }
    for (;;) {
        if (a->end) return a->v;
        size_t i = a->i;
        if (i >= n || s[i] == ']') {
            a->end = 1;
            return a->v;
        }
        if (a->k == index) return i;
        i = skip_ws(s, n, skip_value(s, n, i));
        if (i >= n || s[i] != ',') {
            a->end = 1;
            return a->v;
        }
        a->i = skip_ws(s, n, i + 1);
        a->k++;
    }
}

size_t cg__jsonarr_member(cg__jsonarr *a, long index, const char *key2)
{
    size_t e = cg__jsonarr_at(a, index);
    if (e == a->start || e == a->v || !key2) return e; /* no such element */
    size_t m = find_member(a->s, a->n, e, key2);
    return m == (size_t)-1 ? e : m;
}

unsigned cg__json_depth(const char *s, size_t n, unsigned limit, size_t *at)
{
    unsigned depth = 0, maxd = 0;
    int in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\') i++;
            else if (c == '"') in_str = 0;
            continue;
        }
        if (c == '"') in_str = 1;
        else if (c == '{' || c == '[') {
            if (++depth > maxd) {
                maxd = depth;
                if (maxd > limit) {
                    if (at) *at = i;
                    return maxd;
                }
            }
        } else if ((c == '}' || c == ']') && depth) depth--;
    }
    return maxd;
}
