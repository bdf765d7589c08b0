/* Pools of referenced ids: while a thread parses, each distinct id that claims name (as subject,
 * object, relation or source) gets a small number, stored in the claim in place of the index it
 * will have. After parsing, each pool's ids are resolved once (relations and sources: each id
 * looked up in the dataset's map; entities: each of the dataset's entity ids looked up in the
 * pool, so that no map of 200 000 entity ids is made), and every claim's numbers are replaced by
 * indices. The ids' text lives in the pool, not in the dataset. */
#include "loader_impl.h"

#include <stdlib.h>
#include <string.h>

/* A table slot: the id's hash, number + 1 (0 = empty), length, and the id itself when it fits
 * (most ids do), so that a lookup reads one cache line, not the table, the id list and the text. */
#define INLINE_ID 16
typedef struct {
    uint64_t h;
    uint32_t slot, len;
    char text[INLINE_ID]; /* the id's bytes, zero-padded, when len <= INLINE_ID */
} pslot;

struct cg_idpool {
    pslot *tab;      /* open addressing; slot + 1, 0 = empty */
    size_t cap;      /* a power of two */
    CG_VEC(const char *) ids;
    cg__arena *arena;
    cg_idx *res;     /* index of each id in the dataset (CG_NONE when unknown), after resolution */
    size_t res_bytes; /* res is a big block of this size */
};

cg_idpool *cg__idpool_new(void)
{
    cg_idpool *p = cg__xcalloc(1, sizeof *p);
    p->cap = 256;
    p->tab = cg__table_calloc(p->cap, sizeof *p->tab);
    p->arena = cg__arena_new();
    return p;
}

void cg__idpool_free(cg_idpool *p)
{
    if (!p) return;
    cg__table_free(p->tab, p->cap, sizeof *p->tab);
    CG_VEC_FREE_BIG(p->ids);
    cg__arena_free(p->arena);
    cg__big_free(p->res, p->res_bytes);
    free(p);
}

static void grow(cg_idpool *p)
{
    size_t ncap = p->cap * 2;
    pslot *nt = cg__table_calloc(ncap, sizeof *nt);
    for (size_t i = 0; i < p->cap; i++) {
        if (!p->tab[i].slot) continue;
        size_t j = p->tab[i].h & (ncap - 1);
        while (nt[j].slot) j = (j + 1) & (ncap - 1);
        nt[j] = p->tab[i];
    }
    cg__table_free(p->tab, p->cap, sizeof *p->tab);
    p->tab = nt;
    p->cap = ncap;
}

static inline int same_id(const cg_idpool *p, const pslot *t, const char *s, size_t n, const char *pad)
{
    if (n <= INLINE_ID) return memcmp(t->text, pad, INLINE_ID) == 0;
    return memcmp(p->ids.v[t->slot - 1], s, n) == 0;
}

uint64_t cg__idpool_prefetch(const cg_idpool *p, const char *s, size_t n)
{
    uint64_t h = cg__quick_hash(s, n);
    CG_PREFETCH(&p->tab[h & (p->cap - 1)]);
    return h;
}

uint32_t cg__idpool_add(cg_idpool *p, const char *s, size_t n) { return cg__idpool_add_h(p, s, n, cg__quick_hash(s, n)); }

/* The table place of id s (n bytes, hash h; pad: its bytes zero-padded when it fits inline):
 * where it is, or the empty place where it would go. */
static inline size_t probe(const cg_idpool *p, const char *s, size_t n, uint64_t h, const char *pad)
{
    size_t j = h & (p->cap - 1);
    while (p->tab[j].slot && !(p->tab[j].h == h && p->tab[j].len == n && same_id(p, &p->tab[j], s, n, pad)))
        j = (j + 1) & (p->cap - 1);
    return j;
}

uint32_t cg__idpool_add_h(cg_idpool *p, const char *s, size_t n, uint64_t h)
{
    char pad[INLINE_ID] = {0};
    if (n <= INLINE_ID) memcpy(pad, s, n);
    size_t j = probe(p, s, n, h, pad);
    if (p->tab[j].slot) return p->tab[j].slot - 1;
    uint32_t slot = (uint32_t)p->ids.n;
    const char *d = cg__arena_strndup(p->arena, s, n);
    CG_VEC_PUSH_BIG(p->ids, d);
    p->tab[j].h = h;
    p->tab[j].slot = slot + 1;
    p->tab[j].len = (uint32_t)n;
    memcpy(p->tab[j].text, pad, INLINE_ID);
    if (p->ids.n * 4 > p->cap * 3) grow(p); /* at most three quarters full */
    return slot;
}

const char *cg__idpool_id(const cg_idpool *p, uint32_t slot) { return p->ids.v[slot]; }

/* The slot of id s (n bytes, hash h), or 0 if the pool does not have it; slot + 1 otherwise. */
static uint32_t find_h(const cg_idpool *p, const char *s, size_t n, uint64_t h)
{
    char pad[INLINE_ID] = {0};
    if (n <= INLINE_ID) memcpy(pad, s, n);
    return p->tab[probe(p, s, n, h, pad)].slot;
}

void cg__idpool_resolve_list(cg_idpool *p, const cg_entity *list, size_t n)
{
    size_t bytes = (p->ids.n ? p->ids.n : 1) * sizeof *p->res;
    p->res = cg__big_realloc(p->res, p->res_bytes, bytes);
    p->res_bytes = bytes;
    for (size_t i = 0; i < p->ids.n; i++) p->res[i] = CG_NONE;
    /* the list's id text fetched 2 * AHEAD ids early, its slot in the table AHEAD ids early */
    enum { AHEAD = 8 };
    uint64_t ring[AHEAD];
    size_t lens[AHEAD];
    for (size_t i = 0; i < n + AHEAD; i++) {
        if (i + 2 * AHEAD < n) CG_PREFETCH(list[i + 2 * AHEAD].id);
        if (i >= AHEAD) {
            size_t c = i - AHEAD;
            uint32_t slot = find_h(p, list[c].id, lens[c % AHEAD], ring[c % AHEAD]);
            if (slot) p->res[slot - 1] = (cg_idx)c;
        }
        if (i < n) {
            size_t len = strlen(list[i].id);
            lens[i % AHEAD] = len;
            ring[i % AHEAD] = cg__idpool_prefetch(p, list[i].id, len);
        }
    }
}

void cg__idpool_resolve(cg_idpool *p, const cg__strmap *map)
{
    size_t bytes = (p->ids.n ? p->ids.n : 1) * sizeof *p->res;
    p->res = cg__big_realloc(p->res, p->res_bytes, bytes);
    p->res_bytes = bytes;
    cg__strmap_get_all(map, p->ids.v, p->ids.n, p->res, CG_NONE);
}

cg_idx cg__idpool_index(const cg_idpool *p, uint32_t slot) { return p->res[slot]; }
