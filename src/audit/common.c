/* Audit: the kinds of errors and findings, display text, items and their messages. */
#define _POSIX_C_SOURCE 200809L
#include "audit_impl.h"

#include <stdlib.h>
#include <string.h>

const char *const cg__audit_kind_names[CG_AUDIT_KIND_COUNT] = {
    "text_missing", "no_text_hash", "no_evidence", "span_out_of_bounds", "span_not_on_boundary",
    "span_hash_mismatch", "span_not_utf8", "single_origin", "all_anonymous", "collapsed_corroboration",
    "possible_common_origin", "cites_cycle", "unused_entity", "unused_source", "disputed", "alleged_only"};

/* singular, plural (summary line) and section title */
const char *const cg__audit_kind_labels[CG_AUDIT_KIND_COUNT][3] = {
    {"missing text", "missing texts", "Missing texts"},
    {"source without text_sha256", "sources without text_sha256", "Sources without text_sha256"},
    {"claim without evidence", "claims without evidence", "Claims without evidence"},
    {"span out of bounds", "spans out of bounds", "Spans out of bounds"},
    {"span off character boundaries", "spans off character boundaries", "Spans off character boundaries"},
    {"hash mismatch", "hash mismatches", "Hash mismatches"},
    {"span not UTF-8 text", "spans not UTF-8 text", "Spans that are not UTF-8 text"},
    {"single-origin edge", "single-origin edges", "Edges resting on a single origin"},
    {"anonymous-only edge", "anonymous-only edges", "Edges whose only voices are anonymous"},
    {"collapsed corroboration", "collapsed corroborations", "Corroboration collapsed by cites"},
    {"possible common origin", "possible common origins",
     "Possible common origin: independent origins whose passages share their wording"},
    {"cites cycle", "cites cycles", "Cites cycles"},
    {"unused entity", "unused entities", "Entities in no claim"},
    {"unused source", "unused sources", "Sources no claim uses"},
    {"disputed edge", "disputed edges", "Disputed edges"},
    {"alleged-only edge above the threshold", "alleged-only edges above the threshold",
     "Edges above the publication threshold resting only on allegations"}};

const char *cg_audit_kind_name(cg_audit_kind k)
{
    return (unsigned)k < CG_AUDIT_KIND_COUNT ? cg__audit_kind_names[k] : "unknown";
}

int cg_audit_kind_is_error(cg_audit_kind k) { return k < CG_AUDIT_FIRST_FINDING; }

/* ---- UTF-8 for display ---- */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return 0;
    if (n < len) return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* Appends s[0..n) as valid UTF-8: invalid bytes and NUL become U+FFFD, and with `controls` so do
 * the other C0 controls and DEL. At most `max` input bytes are used (cut on a character
 * boundary); "..." marks a cut. */
void cg__audit_add_display(cg__buf *b, const unsigned char *s, size_t n, size_t max, int controls)
{
    size_t i = 0;
    while (i < n) {
        size_t len = utf8_seq(s + i, n - i);
        size_t step = len ? len : 1;
        if (i + step > max) {
            cg__buf_adds(b, "...");
            return;
        }
        unsigned char c = s[i];
        if (!len || c == 0 || (controls && (c < 0x20 || c == 0x7F))) cg__buf_adds(b, "\xEF\xBF\xBD");
        else cg__buf_add(b, s + i, len);
        i += step;
    }
}

char *cg__audit_display_dup(cg__arena *ar, const char *s, size_t n, size_t max, int controls)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__audit_add_display(&b, (const unsigned char *)s, n, max, controls);
    char *r = cg__arena_strndup(ar, b.s ? b.s : "", b.len);
    cg__buf_free(&b);
    return r;
}

/* ---- items ---- */

cg_audit_item *cg__audit_new_item(cg_audit *a, cg_audit_kind kind)
{
    cg_audit_item it;
    memset(&it, 0, sizeof it);
    it.kind = kind;
    it.claim = it.claim2 = it.source = it.entity = CG_NONE;
    it.span = NO_SPAN;
    CG_VEC_PUSH(a->items, it);
    return &a->items.v[a->items.n - 1];
}

const cg_idx *cg__audit_arena_idx(cg__arena *ar, const cg_idx *v, size_t n)
{
    cg_idx *p = cg__arena_alloc(ar, (n ? n : 1) * sizeof *p, sizeof(cg_idx));
    if (n) memcpy(p, v, n * sizeof *p);
    return p;
}

const char *cg__audit_claim_id(const cg_audit *a, cg_idx c) { return cg_dataset_claim(a->ds, c)->id; }
const char *cg__audit_source_id(const cg_audit *a, cg_idx s) { return cg_dataset_source(a->ds, s)->id; }

/* "c1, c2, c3" (at most LIST_MAX, then "and N more") */
void cg__audit_add_claim_list(cg__buf *b, const cg_audit *a, const cg_idx *v, size_t n)
{
    for (size_t i = 0; i < n && i < LIST_MAX; i++) cg__buf_printf(b, "%s%s", i ? ", " : "", cg__audit_claim_id(a, v[i]));
    if (n > LIST_MAX) cg__buf_printf(b, " and %zu more", n - LIST_MAX);
}

void cg__audit_set_message(cg_audit *a, cg_audit_item *it, cg__buf *b)
{
    it->message = cg__arena_strndup(a->arena, b->s ? b->s : "", b->len);
    cg__buf_clear(b);
}

void cg__audit_add_edge_name(cg__buf *b, const cg_audit *a, const cg_edge *e)
{
    cg__buf_printf(b, "%s %s %s", cg_dataset_entity(a->ds, e->subject)->id, cg_dataset_relation(a->ds, e->relation)->id,
                  cg_dataset_entity(a->ds, e->object)->id);
}

/* Formats x with up to `dec` decimals, trailing zeros trimmed. */
const char *cg__audit_num(char buf[48], double x, int dec)
{
    if (x == 0) x = 0;
    snprintf(buf, 48, "%.*f", dec, x);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf) - 1;
        while (e > dot && *e == '0') *e-- = '\0';
        if (e == dot) *e = '\0';
    }
    return buf;
}

