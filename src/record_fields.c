/* Field checks and record storage shared by the two line parsers: the reference one (records.c,
 * jansson) and the fast one (records_fast.c, simdjson). */
#define _POSIX_C_SOURCE 200809L
#include "loader_impl.h"

#include <stdlib.h>
#include <string.h>

#define ID_MAX 128

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR 1 /* ids and hex digits checked eight bytes at a time (below) */
#else
/* hex digit value + 1; 0 for anything else */
static const uint8_t hexval1[256] = {
    ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
    ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
    ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16};
#endif

/* Characters an id may contain: 1, and 2 for those it may start with. */
static const unsigned char id_char[256] = {
    ['-'] = 1, ['.'] = 1, [':'] = 1, ['_'] = 2,
    ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
    ['A'] = 2, ['B'] = 2, ['C'] = 2, ['D'] = 2, ['E'] = 2, ['F'] = 2, ['G'] = 2, ['H'] = 2, ['I'] = 2, ['J'] = 2,
    ['K'] = 2, ['L'] = 2, ['M'] = 2, ['N'] = 2, ['O'] = 2, ['P'] = 2, ['Q'] = 2, ['R'] = 2, ['S'] = 2, ['T'] = 2,
    ['U'] = 2, ['V'] = 2, ['W'] = 2, ['X'] = 2, ['Y'] = 2, ['Z'] = 2,
    ['a'] = 2, ['b'] = 2, ['c'] = 2, ['d'] = 2, ['e'] = 2, ['f'] = 2, ['g'] = 2, ['h'] = 2, ['i'] = 2, ['j'] = 2,
    ['k'] = 2, ['l'] = 2, ['m'] = 2, ['n'] = 2, ['o'] = 2, ['p'] = 2, ['q'] = 2, ['r'] = 2, ['s'] = 2, ['t'] = 2,
    ['u'] = 2, ['v'] = 2, ['w'] = 2, ['x'] = 2, ['y'] = 2, ['z'] = 2,
};

#ifdef SWAR
/* Eight characters at a time in a 64-bit word ("SWAR"): with every byte's top bit set first (the
 * bytes are checked to be ASCII apart), subtracting a constant from each byte cannot borrow from
 * the next one, and a byte's top bit then tells whether it was at least that constant. */
#define SWAR_ONES 0x0101010101010101ull
#define SWAR_HIGH 0x8080808080808080ull
/* The top bit of each byte of x (ASCII bytes with their top bit set) whose value is in [lo, hi]. */
static inline uint64_t swar_in(uint64_t x, unsigned lo, unsigned hi)
{
    return (x - lo * SWAR_ONES) & ~(x - (hi + 1) * SWAR_ONES) & SWAR_HIGH;
}

/* 1 when the 8 bytes at s are id characters. */
static inline int id_word_ok(const unsigned char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
    uint64_t x = w | SWAR_HIGH;
    uint64_t ok = swar_in(x, '-', '.') | swar_in(x, '0', ':') | swar_in(x, 'A', 'Z') | swar_in(x, '_', '_') |
                  swar_in(x, 'a', 'z');
    return !(w & SWAR_HIGH) && ok == SWAR_HIGH;
}

/* Decodes the 8 hex digits at s into 4 bytes; 0 if one is not a hex digit. */
static inline int hex_word(const unsigned char *s, uint8_t out[4])
{
    uint64_t w;
    memcpy(&w, s, 8);
    uint64_t x = w | SWAR_HIGH, folded = w | 0x2020202020202020ull | SWAR_HIGH; /* 'A'-'F' as 'a'-'f' */
    if ((w & SWAR_HIGH) || (swar_in(x, '0', '9') | swar_in(folded, 'a', 'f')) != SWAR_HIGH) return 0;
    uint64_t v = (w & 0x0F0F0F0F0F0F0F0Full) + 9 * ((w >> 6) & SWAR_ONES); /* each digit's value */
    uint64_t t = ((v << 4) | (v >> 8)) & 0x00FF00FF00FF00FFull;          /* pairs in the even bytes */
    t = (t | (t >> 8)) & 0x0000FFFF0000FFFFull;
    t = (t | (t >> 16)) & 0xFFFFFFFFull;
    uint32_t b = (uint32_t)t;
    memcpy(out, &b, 4);
    return 1;
}
#endif

/* Checks the id syntax; returns a message or NULL when valid. */
const char *cg__id_problem(const char *s, size_t n)
{
    if (n == 0) return "must not be empty";
    if (n > ID_MAX) return "is longer than 128 bytes";
    const unsigned char *u = (const unsigned char *)s;
    int bad = 0;
#ifdef SWAR
    if (n >= 8) { /* whole words, the last one ending at the id's end (overlapping the one before) */
        for (size_t i = 0; i + 8 < n && !bad; i += 8) bad = !id_word_ok(u + i);
        bad |= !id_word_ok(u + n - 8);
    } else
#endif
        for (size_t i = 0; i < n; i++) bad |= !id_char[u[i]]; /* no branch per character */
    if (bad) return "may only contain ASCII letters, digits and _ - . :";
    if (id_char[u[0]] != 2) return "must start with a letter, a digit or _";
    return NULL;
}

int cg__parse_sha256(const char *s, size_t n, uint8_t out[32])
{
    if (n != 64) return 0;
    const unsigned char *u = (const unsigned char *)s;
    int ok = 1;
#ifdef SWAR
    for (int i = 0; i < 8; i++) ok &= hex_word(u + 8 * i, out + 4 * i);
#else
    for (int i = 0; i < 32; i++) {
        unsigned hi = hexval1[u[2 * i]], lo = hexval1[u[2 * i + 1]];
        ok &= hi != 0 && lo != 0;
        out[i] = (uint8_t)((hi - 1) * 16 + (lo - 1));
    }
#endif
    return ok;
}

static const int pool_of[4] = {CG_POOL_ENTITY, CG_POOL_RELATION, CG_POOL_ENTITY, CG_POOL_SOURCE};

void cg__chunk_flush_claim(cg_chunk *ch)
{
    if (!ch->pend.has) return;
    cg_claim *r = &ch->claims.v[ch->pend.claim];
    cg_idx *dst[4] = {&r->subject, &r->relation, &r->object, &r->source};
    for (int k = 0; k < 4; k++)
        *dst[k] = ch->pend.id[k] ? cg__idpool_add_h(ch->pools[pool_of[k]], ch->pend.id[k], ch->pend.len[k], ch->pend.h[k])
                                 : CG_NONE;
    ch->pend.has = 0;
}

const cg_claim_text cg__no_claim_text = {NULL, NULL, NULL, 0, NULL};

void cg__chunk_add_claim(cg_chunk *ch, cg_claim *r, size_t id_len, const cg_claim_text *text, const char *const ids[4],
                         const size_t lens[4], const uint32_t cols[CG_NREF])
{
    if (ch->opt.skip_claim_text || (!text->summary && !text->notes && !text->caveat && !text->n_evidence)) {
        r->text = &cg__no_claim_text;
    } else {
        cg_claim_text *kept = cg__arena_alloc(ch->arena, sizeof *kept, _Alignof(cg_claim_text));
        *kept = *text;
        r->text = kept;
    }
    cg__chunk_flush_claim(ch);
    /* this claim's table slots are fetched now, and looked up at the next claim */
    size_t total = 0;
    for (int k = 0; k < 4; k++) total += ids[k] ? lens[k] : 0;
    uint64_t h[4];
    for (int k = 0; k < 4; k++) h[k] = ids[k] ? cg__idpool_prefetch(ch->pools[pool_of[k]], ids[k], lens[k]) : 0;
    r->subject = r->relation = r->object = r->source = CG_NONE;
    CG_VEC_PUSH_BIG(ch->claims, *r);
    CG_VEC_PUSH(ch->claim_hash, cg__quick_hash(r->id, id_len)); /* the id is in the cache now */
    if (ch->eager_cols)
        for (int k = 0; k < CG_NREF; k++) CG_VEC_PUSH(ch->claim_cols, cols[k]);
    ch->pend.claim = ch->claims.n - 1;
    ch->pend.has = 1;
    if (total > sizeof ch->pend.text) { /* long ids (rare): looked up now */
        for (int k = 0; k < 4; k++) {
            ch->pend.id[k] = ids[k];
            ch->pend.len[k] = lens[k];
            ch->pend.h[k] = h[k];
        }
        cg__chunk_flush_claim(ch);
        return;
    }
    char *t = ch->pend.text;
    for (int k = 0; k < 4; k++) {
        ch->pend.id[k] = ids[k] ? t : NULL;
        ch->pend.len[k] = ids[k] ? lens[k] : 0;
        ch->pend.h[k] = h[k];
        if (ids[k]) {
            memcpy(t, ids[k], lens[k]);
            t += lens[k];
        }
    }
}
