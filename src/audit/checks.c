/* Audit: source- and span-level checks, and the context around verified passages. */
#define _POSIX_C_SOURCE 200809L
#include "audit_impl.h"

#include <stdlib.h>
#include <string.h>

/* 1 if s[0..n) is valid UTF-8 without NUL. */
static int is_text(const char *s, size_t n)
{
    if (memchr(s, '\0', n)) return 0;
    return cg__utf8_invalid_at((const unsigned char *)s, n) == (size_t)-1;
}

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* The context before text[s] and after text[e]: at most `chars` characters on each side, cut
 * at a word boundary (a partial word at the far end is left out), invalid bytes shown as U+FFFD. */
static void passage_context(cg__arena *ar, const unsigned char *text, size_t len, size_t s, size_t e, size_t chars,
                            const char **before, const char **after)
{
    size_t b = s, k = 0;
    while (b > 0 && k < chars) {
        b--;
        while (b > 0 && (text[b] & 0xC0) == 0x80) b--;
        k++;
    }
    if (b > 0 && !is_space(text[b - 1])) { /* started inside a word: skip to the next space */
        while (b < s && !is_space(text[b])) b++;
    }
    while (b < s && is_space(text[b])) b++;
    size_t a = e;
    k = 0;
    while (a < len && k < chars) {
        a++;
        while (a < len && (text[a] & 0xC0) == 0x80) a++;
        k++;
    }
    if (a < len && !is_space(text[a])) { /* ended inside a word: back to the last space */
        while (a > e && !is_space(text[a - 1])) a--;
    }
    while (a > e && is_space(text[a - 1])) a--;
    *before = cg__audit_display_dup(ar, (const char *)text + b, s - b, (size_t)-1, 0);
    *after = cg__audit_display_dup(ar, (const char *)text + e, a - e, (size_t)-1, 0);
}

/* ---- checks ---- */

void cg__audit_check_span(cg_audit *a, cg_idx ci, size_t k, const cg__text_slot *t, cg_audit_span *out, cg__buf *msg)
{
    const cg_claim *c = cg_dataset_claim(a->ds, ci);
    const cg_span *sp = &c->text->evidence[k];
    const unsigned char *text = (const unsigned char *)t->data;
    char got_hex[65], want_hex[65];
    cg_audit_kind kind;
    size_t show_from = 0, show_len = 0;
    int show = 0;
    cg__buf_printf(msg, "claim '%s', span %zu (bytes %llu-%llu): ", c->id, k + 1, (unsigned long long)sp->start,
                  (unsigned long long)sp->end);
    if (sp->end > t->len || sp->start >= sp->end) {
        kind = CG_AUDIT_SPAN_OUT_OF_BOUNDS;
        cg__buf_printf(msg, "out of bounds: the text of source '%s' has %zu bytes", cg__audit_source_id(a, c->source), t->len);
        if (sp->start < t->len) {
            show = 1;
            show_from = (size_t)sp->start;
            show_len = t->len - show_from;
        }
    } else {
        size_t s = (size_t)sp->start, e = (size_t)sp->end;
        int bs = cg__utf8_is_boundary(text, t->len, s), be = cg__utf8_is_boundary(text, t->len, e);
        show = 1;
        show_from = s;
        show_len = e - s;
        if (!bs || !be) {
            kind = CG_AUDIT_SPAN_NOT_ON_BOUNDARY;
            cg__buf_printf(msg, "%s inside a UTF-8 character of the text of source '%s'",
                          !bs && !be ? "the start and the end fall" : !bs ? "the start falls" : "the end falls",
                          cg__audit_source_id(a, c->source));
        } else {
            uint8_t got[32];
            cg_sha256(text + s, e - s, got);
            if (memcmp(got, sp->sha256, 32) != 0) {
                kind = CG_AUDIT_SPAN_HASH_MISMATCH;
                cg_hex_sha256(sp->sha256, want_hex);
                cg_hex_sha256(got, got_hex);
                cg__buf_printf(msg, "the text there does not hash to the span's sha256 (expected %.12s..., found %.12s...): "
                                   "the passage or the span has changed",
                              want_hex, got_hex);
            } else if (!is_text(t->data + s, e - s)) {
                kind = CG_AUDIT_SPAN_NOT_UTF8;
                cg__buf_printf(msg, "the passage is not UTF-8 text (invalid bytes or NUL)");
            } else {
                out->result = CG_AUDIT_SPAN_VERIFIED;
                out->quote = cg__arena_strndup(a->arena, t->data + s, e - s);
                if (a->context_chars)
                    passage_context(a->arena, text, t->len, s, e, a->context_chars, &out->before, &out->after);
                a->counts.spans_verified++;
                cg__buf_clear(msg);
                return;
            }
        }
    }
    out->result = CG_AUDIT_SPAN_FAILED;
    a->counts.spans_failed++;
    cg_audit_item *it = cg__audit_new_item(a, kind);
    it->claim = ci;
    it->source = c->source;
    it->span = k;
    if (show) it->text_now = cg__audit_display_dup(a->arena, t->data + show_from, show_len, CLIP_BYTES, 0);
    cg__audit_set_message(a, it, msg);
}

/* The audited claims with spans, grouped by source: those of source s are
 * list[first[s] .. first[s + 1]), ascending. O(C + S). */
void cg__audit_claims_by_source(const cg_audit *a, size_t **first, cg_idx **list)
{
    size_t nc = cg_dataset_n_claims(a->ds), ns = cg_dataset_n_sources(a->ds);
    size_t *f = cg__xcalloc(ns + 2, sizeof *f);
    cg_idx *l = cg__xmalloc((nc + 1) * sizeof *l);
    for (size_t i = 0; i < nc; i++) {
        const cg_claim *c = cg_dataset_claim(a->ds, (cg_idx)i);
        if (a->audited[i] && c->text->n_evidence) f[c->source + 2]++;
    }
    for (size_t s = 0; s < ns; s++) f[s + 2] += f[s + 1];
    for (size_t i = 0; i < nc; i++) { /* f[s + 1] is the next free slot of source s */
        const cg_claim *c = cg_dataset_claim(a->ds, (cg_idx)i);
        if (a->audited[i] && c->text->n_evidence) l[f[c->source + 1]++] = (cg_idx)i;
    }
    *first = f;
    *list = l;
}

