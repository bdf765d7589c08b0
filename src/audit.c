/* Audit: source texts found by content, evidence spans checked, findings for reviewers
 * (see include/claimgraph/audit.h and README "Audit"). */
#define _POSIX_C_SOURCE 200809L
#include "claimgraph/audit.h"
#include "claimgraph/escape.h"
#include "claimgraph/text.h"
#include "reuse.h"
#include "textfind.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CLIP_BYTES 300   /* text shown for a failed span */
#define LIST_MAX 10      /* ids named in a message before "and N more" */
#define NO_SPAN ((size_t)-1)

struct cg_audit {
    const cg_dataset *ds;
    double threshold;
    size_t context_chars;        /* context kept around verified passages (0 = none) */
    size_t reuse_words;          /* possible_common_origin thresholds (0 = off) */
    double reuse_overlap;
    int strict, allow_unsourced;
    const char *filter_desc;     /* NULL when every claim is audited */
    cg_edgeset *es;
    cg_arena *arena;             /* messages, quotes, id lists */
    CG_VEC(cg_audit_item) items;
    cg_audit_counts counts;
    unsigned char *audited;      /* per claim */
    cg_audit_span **spans;       /* per claim, NULL if not audited or no evidence */
    const char **text_file;      /* per source, display path of its text or NULL */
    unsigned char *in_scope;     /* per source: audited (its text is looked for) */
    unsigned char *has_text;     /* per source: its text was found */
    const cg__text_slot **closest; /* per source whose text is missing: the closest kept file, during the run */
    size_t symlinks;
};

static const char *const kind_names[CG_AUDIT_KIND_COUNT] = {
    "text_missing", "no_text_hash", "no_evidence", "span_out_of_bounds", "span_not_on_boundary",
    "span_hash_mismatch", "span_not_utf8", "single_origin", "all_anonymous", "collapsed_corroboration",
    "possible_common_origin", "cites_cycle", "unused_entity", "unused_source", "disputed", "alleged_only"};

/* singular, plural (summary line) and section title */
static const char *const kind_labels[CG_AUDIT_KIND_COUNT][3] = {
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
    return (unsigned)k < CG_AUDIT_KIND_COUNT ? kind_names[k] : "unknown";
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
static void add_display(cg_buf *b, const unsigned char *s, size_t n, size_t max, int controls)
{
    size_t i = 0;
    while (i < n) {
        size_t len = utf8_seq(s + i, n - i);
        size_t step = len ? len : 1;
        if (i + step > max) {
            cg_buf_adds(b, "...");
            return;
        }
        unsigned char c = s[i];
        if (!len || c == 0 || (controls && (c < 0x20 || c == 0x7F))) cg_buf_adds(b, "\xEF\xBF\xBD");
        else cg_buf_add(b, s + i, len);
        i += step;
    }
}

static char *display_dup(cg_arena *ar, const char *s, size_t n, size_t max, int controls)
{
    cg_buf b;
    cg_buf_init(&b);
    add_display(&b, (const unsigned char *)s, n, max, controls);
    char *r = cg_arena_strndup(ar, b.s ? b.s : "", b.len);
    cg_buf_free(&b);
    return r;
}

/* 1 if s[0..n) is valid UTF-8 without NUL. */
static int is_text(const char *s, size_t n)
{
    if (memchr(s, '\0', n)) return 0;
    return cg_utf8_invalid_at((const unsigned char *)s, n) == (size_t)-1;
}

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* The context before text[s] and after text[e]: at most `chars` characters on each side, cut
 * at a word boundary (a partial word at the far end is left out), invalid bytes shown as U+FFFD. */
static void passage_context(cg_arena *ar, const unsigned char *text, size_t len, size_t s, size_t e, size_t chars,
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
    *before = display_dup(ar, (const char *)text + b, s - b, (size_t)-1, 0);
    *after = display_dup(ar, (const char *)text + e, a - e, (size_t)-1, 0);
}

/* ---- finding the texts ---- */

typedef cg__text_slot text_slot;

static int cmp_slot(const void *x, const void *y)
{
    return memcmp(((const text_slot *)x)->sha, ((const text_slot *)y)->sha, 32);
}

/* Files whose content matches no source are kept (up to this many bytes in all) so that a source
 * whose text changed can be compared with the closest file and the changed spans named. */
#define CANDIDATE_BUDGET ((size_t)256 << 20)

typedef cg__walker walker;

/* Reports a skipped entry as a warning: "skipped: WHAT[: DETAIL]". */
static void walk_warn(walker *w, const char *what, const char *detail)
{
    cg_buf p;
    cg_buf_init(&p);
    add_display(&p, (const unsigned char *)w->root, strlen(w->root), (size_t)-1, 1);
    cg_buf_addc(&p, '/');
    add_display(&p, (const unsigned char *)w->rel.s, w->rel.len, (size_t)-1, 1);
    cg_diag_add(w->diag, CG_SEV_WARNING, p.s, 0, 0, "skipped: %s%s%s", what, detail ? ": " : "", detail ? detail : "");
    cg_buf_free(&p);
    w->files_skipped++;
}

static void warn_too_large(walker *w)
{
    char what[96];
    snprintf(what, sizeof what, "larger than %zu bytes", w->max_bytes);
    walk_warn(w, what, NULL);
}

static void read_and_match(walker *w, int dfd, const char *name)
{
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        walk_warn(w, "cannot open", strerror(errno));
        return;
    }
    char *buf = NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        w->files_skipped++; /* replaced by something else since it was listed */
        goto done;
    }
    if ((uint64_t)st.st_size > (uint64_t)w->max_bytes) {
        warn_too_large(w);
        goto done;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    buf = cg_xmalloc(cap);
    for (;;) {
        if (n + 1 == cap) { /* the file grew while being read */
            if (n > w->max_bytes) {
                warn_too_large(w);
                goto done;
            }
            cap = cap > w->max_bytes / 2 ? w->max_bytes + 2 : cap * 2;
            buf = cg_xrealloc(buf, cap);
        }
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            walk_warn(w, "read error", strerror(errno));
            goto done;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    w->files_hashed++;
    text_slot key;
    cg_sha256(buf, n, key.sha);
    text_slot *s = w->n_slots ? bsearch(&key, w->slots, w->n_slots, sizeof *w->slots, cmp_slot) : NULL;
    if (!s) { /* not a text we need: kept only as a candidate for a changed text */
        if (w->cand_budget && n <= w->cand_budget - w->cand_bytes) {
            text_slot c = key;
            c.data = buf;
            c.len = n;
            c.path = cg_xstrdup(w->rel.s);
            CG_VEC_PUSH(w->cands, c);
            w->cand_bytes += n;
            buf = NULL;
        }
        goto done;
    }
    if (!s->data) {
        s->data = buf;
        s->len = n;
        s->path = cg_xstrdup(w->rel.s);
        buf = NULL;
    } else if (strcmp(w->rel.s, s->path) < 0) { /* same content again: report the smaller path */
        free(s->path);
        s->path = cg_xstrdup(w->rel.s);
    }
done:
    free(buf);
    close(fd);
}

/* Walks the folder open at fd (taken over). Entries in byte-wise order; lstat semantics. */
void cg__texts_walk(walker *w, int fd, unsigned depth)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        walk_warn(w, "cannot list the folder", strerror(errno));
        close(fd);
        return;
    }
    CG_VEC(char *) names = {0};
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(d);
        if (!de) {
            if (errno) walk_warn(w, "the rest of the folder (listing failed)", strerror(errno));
            break;
        }
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        char *copy = cg_xstrdup(de->d_name);
        CG_VEC_PUSH(names, copy);
    }
    if (names.n) qsort(names.v, names.n, sizeof *names.v, cg_cmp_str_ptr);
    int dfd = dirfd(d);
    for (size_t i = 0; i < names.n; i++) {
        size_t mark = w->rel.len;
        if (mark) cg_buf_addc(&w->rel, '/');
        cg_buf_adds(&w->rel, names.v[i]);
        struct stat st;
        if (fstatat(dfd, names.v[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
            walk_warn(w, "cannot stat", strerror(errno));
        } else if (S_ISLNK(st.st_mode)) {
            w->files_skipped++; /* never followed */
            w->symlinks++;
        } else if (S_ISDIR(st.st_mode)) {
            if (depth >= w->max_depth) {
                walk_warn(w, "folder nested too deeply below the texts folder", NULL);
            } else {
                int sfd = openat(dfd, names.v[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sfd < 0) walk_warn(w, "cannot open the folder", strerror(errno));
                else cg__texts_walk(w, sfd, depth + 1);
            }
        } else if (S_ISREG(st.st_mode)) {
            read_and_match(w, dfd, names.v[i]);
        } else {
            w->files_skipped++; /* fifo, socket, device */
        }
        w->rel.len = mark;
        w->rel.s[mark] = '\0';
        free(names.v[i]);
    }
    CG_VEC_FREE(names);
    closedir(d);
}

/* ---- items ---- */

static cg_audit_item *new_item(cg_audit *a, cg_audit_kind kind)
{
    cg_audit_item it;
    memset(&it, 0, sizeof it);
    it.kind = kind;
    it.claim = it.claim2 = it.source = it.entity = CG_NONE;
    it.span = NO_SPAN;
    CG_VEC_PUSH(a->items, it);
    return &a->items.v[a->items.n - 1];
}

static const cg_idx *arena_idx(cg_arena *ar, const cg_idx *v, size_t n)
{
    cg_idx *p = cg_arena_alloc(ar, (n ? n : 1) * sizeof *p, sizeof(cg_idx));
    if (n) memcpy(p, v, n * sizeof *p);
    return p;
}

static const char *claim_id(const cg_audit *a, cg_idx c) { return cg_dataset_claim(a->ds, c)->id; }
static const char *source_id(const cg_audit *a, cg_idx s) { return cg_dataset_source(a->ds, s)->id; }

/* "c1, c2, c3" (at most LIST_MAX, then "and N more") */
static void add_claim_list(cg_buf *b, const cg_audit *a, const cg_idx *v, size_t n)
{
    for (size_t i = 0; i < n && i < LIST_MAX; i++) cg_buf_printf(b, "%s%s", i ? ", " : "", claim_id(a, v[i]));
    if (n > LIST_MAX) cg_buf_printf(b, " and %zu more", n - LIST_MAX);
}

static void set_message(cg_audit *a, cg_audit_item *it, cg_buf *b)
{
    it->message = cg_arena_strndup(a->arena, b->s ? b->s : "", b->len);
    cg_buf_clear(b);
}

static void add_edge_name(cg_buf *b, const cg_audit *a, const cg_edge *e)
{
    cg_buf_printf(b, "%s %s %s", cg_dataset_entity(a->ds, e->subject)->id, cg_dataset_relation(a->ds, e->relation)->id,
                  cg_dataset_entity(a->ds, e->object)->id);
}

/* Formats x with up to `dec` decimals, trailing zeros trimmed. */
static const char *num(char buf[48], double x, int dec)
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

/* ---- checks ---- */

static void check_span(cg_audit *a, cg_idx ci, size_t k, const text_slot *t, cg_audit_span *out, cg_buf *msg)
{
    const cg_claim *c = cg_dataset_claim(a->ds, ci);
    const cg_span *sp = &c->evidence[k];
    const unsigned char *text = (const unsigned char *)t->data;
    char got_hex[65], want_hex[65];
    cg_audit_kind kind;
    size_t show_from = 0, show_len = 0;
    int show = 0;
    cg_buf_printf(msg, "claim '%s', span %zu (bytes %llu-%llu): ", c->id, k + 1, (unsigned long long)sp->start,
                  (unsigned long long)sp->end);
    if (sp->end > t->len || sp->start >= sp->end) {
        kind = CG_AUDIT_SPAN_OUT_OF_BOUNDS;
        cg_buf_printf(msg, "out of bounds: the text of source '%s' has %zu bytes", source_id(a, c->source), t->len);
        if (sp->start < t->len) {
            show = 1;
            show_from = (size_t)sp->start;
            show_len = t->len - show_from;
        }
    } else {
        size_t s = (size_t)sp->start, e = (size_t)sp->end;
        int bs = cg_utf8_is_boundary(text, t->len, s), be = cg_utf8_is_boundary(text, t->len, e);
        show = 1;
        show_from = s;
        show_len = e - s;
        if (!bs || !be) {
            kind = CG_AUDIT_SPAN_NOT_ON_BOUNDARY;
            cg_buf_printf(msg, "%s inside a UTF-8 character of the text of source '%s'",
                          !bs && !be ? "the start and the end fall" : !bs ? "the start falls" : "the end falls",
                          source_id(a, c->source));
        } else {
            uint8_t got[32];
            cg_sha256(text + s, e - s, got);
            if (memcmp(got, sp->sha256, 32) != 0) {
                kind = CG_AUDIT_SPAN_HASH_MISMATCH;
                cg_hex_sha256(sp->sha256, want_hex);
                cg_hex_sha256(got, got_hex);
                cg_buf_printf(msg, "the text there does not hash to the span's sha256 (expected %.12s..., found %.12s...): "
                                   "the passage or the span has changed",
                              want_hex, got_hex);
            } else if (!is_text(t->data + s, e - s)) {
                kind = CG_AUDIT_SPAN_NOT_UTF8;
                cg_buf_printf(msg, "the passage is not UTF-8 text (invalid bytes or NUL)");
            } else {
                out->result = CG_AUDIT_SPAN_VERIFIED;
                out->quote = cg_arena_strndup(a->arena, t->data + s, e - s);
                if (a->context_chars)
                    passage_context(a->arena, text, t->len, s, e, a->context_chars, &out->before, &out->after);
                a->counts.spans_verified++;
                cg_buf_clear(msg);
                return;
            }
        }
    }
    out->result = CG_AUDIT_SPAN_FAILED;
    a->counts.spans_failed++;
    cg_audit_item *it = new_item(a, kind);
    it->claim = ci;
    it->source = c->source;
    it->span = k;
    if (show) it->text_now = display_dup(a->arena, t->data + show_from, show_len, CLIP_BYTES, 0);
    set_message(a, it, msg);
}

/* The audited claims with spans, grouped by source: those of source s are
 * list[first[s] .. first[s + 1]), ascending. O(C + S). */
static void claims_by_source(const cg_audit *a, size_t **first, cg_idx **list)
{
    size_t nc = cg_dataset_n_claims(a->ds), ns = cg_dataset_n_sources(a->ds);
    size_t *f = cg_xcalloc(ns + 2, sizeof *f);
    cg_idx *l = cg_xmalloc((nc + 1) * sizeof *l);
    for (size_t i = 0; i < nc; i++) {
        const cg_claim *c = cg_dataset_claim(a->ds, (cg_idx)i);
        if (a->audited[i] && c->n_evidence) f[c->source + 2]++;
    }
    for (size_t s = 0; s < ns; s++) f[s + 2] += f[s + 1];
    for (size_t i = 0; i < nc; i++) { /* f[s + 1] is the next free slot of source s */
        const cg_claim *c = cg_dataset_claim(a->ds, (cg_idx)i);
        if (a->audited[i] && c->n_evidence) l[f[c->source + 1]++] = (cg_idx)i;
    }
    *first = f;
    *list = l;
}

/* ---- findings ---- */

/* The claims of e with the given stance (ascending). */
static size_t edge_claims(const cg_audit *a, const cg_edge *e, cg_stance stance, cg_idx *out)
{
    size_t n = 0;
    for (size_t k = 0; k < e->n_claims; k++)
        if (cg_dataset_claim(a->ds, e->claims[k])->stance == stance) out[n++] = e->claims[k];
    return n;
}

static void add_chain(cg_buf *b, const cg_audit *a, const cg_idx *path, size_t len)
{
    for (size_t p = 0; p < len; p++) {
        if (p) {
            const cg_source *prev = cg_dataset_source(a->ds, path[p - 1]);
            int fwd = 0;
            for (size_t q = 0; q < prev->n_cites; q++) fwd |= prev->cites[q] == path[p];
            cg_buf_adds(b, fwd ? " cites " : " is cited by ");
        }
        cg_buf_adds(b, source_id(a, path[p]));
    }
}

static void find_collapsed(cg_audit *a, const cg_edge *e, cg_buf *msg)
{
    for (size_t g = 0; g < e->n_groups; g++) {
        const cg_group *gr = &e->groups[g];
        if (gr->n_claims < 2) continue;
        int multi = 0;
        cg_idx s0 = cg_dataset_claim(a->ds, gr->claims[0])->source;
        for (size_t k = 1; k < gr->n_claims && !multi; k++) multi = cg_dataset_claim(a->ds, gr->claims[k])->source != s0;
        if (!multi) continue;
        cg_merge *m = NULL;
        size_t nm = cg_group_merges(a->ds, gr->claims, gr->n_claims, &m);
        for (size_t i = 0; i < nm; i++) {
            if (m[i].reason != CG_MERGE_CITES) continue;
            cg_idx pair[2] = {m[i].a < m[i].b ? m[i].a : m[i].b, m[i].a < m[i].b ? m[i].b : m[i].a};
            const cg_claim *x = cg_dataset_claim(a->ds, pair[0]), *y = cg_dataset_claim(a->ds, pair[1]);
            cg_idx *path = NULL;
            size_t len = cg_cites_chain(a->ds, x->source, y->source, &path);
            cg_audit_item *it = new_item(a, CG_AUDIT_COLLAPSED);
            it->edge = e;
            it->claim = pair[0];
            it->claim2 = pair[1];
            it->claims = arena_idx(a->arena, pair, 2);
            it->n_claims = 2;
            it->sources = arena_idx(a->arena, path, len);
            it->n_sources = len;
            add_edge_name(msg, a, e);
            cg_buf_printf(msg, ": claims %s (source %s) and %s (source %s) count as one origin because their sources "
                               "are linked by cites: ",
                          x->id, source_id(a, x->source), y->id, source_id(a, y->source));
            add_chain(msg, a, path, len);
            set_message(a, it, msg);
            free(path);
        }
        free(m);
    }
}

/* Strongly connected components of the cites graph (Tarjan, iterative). comp[i] receives the
 * component of source i; returns the number of components. O(S + cites). */
static size_t cites_sccs(const cg_dataset *ds, uint32_t *comp)
{
    size_t n = cg_dataset_n_sources(ds);
    if (n == 0) return 0;
    uint32_t *idx = cg_xmalloc(n * sizeof *idx), *low = cg_xmalloc(n * sizeof *low);
    uint32_t *stk = cg_xmalloc(n * sizeof *stk);
    unsigned char *on = cg_xcalloc(n, 1);
    typedef struct { uint32_t v; size_t k; } frame;
    frame *calls = cg_xmalloc(n * sizeof *calls);
    for (size_t i = 0; i < n; i++) idx[i] = UINT32_MAX;
    uint32_t counter = 0, ncomp = 0;
    size_t sp = 0, cp = 0;
    for (size_t r = 0; r < n; r++) {
        if (idx[r] != UINT32_MAX) continue;
        idx[r] = low[r] = counter++;
        stk[sp++] = (uint32_t)r;
        on[r] = 1;
        calls[cp++] = (frame){(uint32_t)r, 0};
        while (cp) {
            frame *f = &calls[cp - 1];
            uint32_t v = f->v;
            const cg_source *s = cg_dataset_source(ds, v);
            if (f->k < s->n_cites) {
                cg_idx w = s->cites[f->k++];
                if (w == CG_NONE || w >= n) continue;
                if (idx[w] == UINT32_MAX) {
                    idx[w] = low[w] = counter++;
                    stk[sp++] = w;
                    on[w] = 1;
                    calls[cp++] = (frame){w, 0};
                } else if (on[w] && idx[w] < low[v]) {
                    low[v] = idx[w];
                }
                continue;
            }
            cp--;
            if (low[v] == idx[v]) {
                uint32_t w;
                do {
                    w = stk[--sp];
                    on[w] = 0;
                    comp[w] = ncomp;
                } while (w != v);
                ncomp++;
            }
            if (cp) {
                uint32_t u = calls[cp - 1].v;
                if (low[v] < low[u]) low[u] = low[v];
            }
        }
    }
    free(idx);
    free(low);
    free(stk);
    free(on);
    free(calls);
    return ncomp;
}

static void find_cycles(cg_audit *a, cg_buf *msg)
{
    size_t n = cg_dataset_n_sources(a->ds);
    if (n == 0) return;
    uint32_t *comp = cg_xmalloc(n * sizeof *comp);
    size_t nc = cites_sccs(a->ds, comp);
    size_t *size = cg_xcalloc(nc + 1, sizeof *size);
    for (size_t i = 0; i < n; i++) size[comp[i]]++;
    unsigned char *done = cg_xcalloc(nc + 1, 1);
    cg_idx *members = cg_xmalloc(n * sizeof *members);
    /* one finding per cyclic component, in the order of its first source (sources are sorted by id) */
    for (size_t i = 0; i < n; i++) {
        uint32_t c = comp[i];
        if (size[c] < 2 || done[c]) continue;
        done[c] = 1;
        size_t m = 0;
        for (size_t j = i; j < n; j++)
            if (comp[j] == c) members[m++] = (cg_idx)j;
        cg_audit_item *it = new_item(a, CG_AUDIT_CITES_CYCLE);
        it->sources = arena_idx(a->arena, members, m);
        it->n_sources = m;
        cg_buf_adds(msg, "sources ");
        for (size_t k = 0; k < m; k++) cg_buf_printf(msg, "%s%s", k ? ", " : "", source_id(a, members[k]));
        cg_buf_adds(msg, " cite each other in a cycle (circular reporting): their claims count as one origin");
        set_message(a, it, msg);
    }
    free(members);
    free(done);
    free(size);
    free(comp);
}

static void find_edge_items(cg_audit *a, cg_audit_kind kind, cg_buf *msg, cg_idx *scratch)
{
    char b1[48], b2[48];
    for (size_t i = 0; i < cg_edgeset_size(a->es); i++) {
        const cg_edge *e = cg_edgeset_get(a->es, i);
        if (kind == CG_AUDIT_COLLAPSED) {
            find_collapsed(a, e, msg);
            continue;
        }
        size_t ns = edge_claims(a, e, CG_SUPPORTS, scratch);
        int hit = 0;
        if (kind == CG_AUDIT_SINGLE_ORIGIN) hit = e->n_groups == 1;
        else if (kind == CG_AUDIT_ALL_ANONYMOUS) hit = e->all_anonymous;
        else if (kind == CG_AUDIT_DISPUTED) hit = e->disputed;
        else if (kind == CG_AUDIT_ALLEGED_ONLY && ns && e->confidence >= a->threshold) {
            hit = 1;
            for (size_t k = 0; k < ns; k++) hit &= cg_dataset_claim(a->ds, scratch[k])->status == CG_ST_ALLEGED;
        }
        if (!hit) continue;
        if (kind == CG_AUDIT_DISPUTED) ns = edge_claims(a, e, CG_REFUTES, scratch);
        cg_audit_item *it = new_item(a, kind);
        it->edge = e;
        it->claims = arena_idx(a->arena, scratch, ns);
        it->n_claims = ns;
        add_edge_name(msg, a, e);
        if (kind == CG_AUDIT_SINGLE_ORIGIN) {
            cg_buf_printf(msg, " rests on a single origin (confidence %s): claim%s ", num(b1, e->confidence, 4),
                          ns == 1 ? "" : "s");
            add_claim_list(msg, a, scratch, ns);
        } else if (kind == CG_AUDIT_ALL_ANONYMOUS) {
            cg_buf_adds(msg, ": every supporting voice is anonymous (claims ");
            add_claim_list(msg, a, scratch, ns);
            cg_buf_adds(msg, ")");
        } else if (kind == CG_AUDIT_DISPUTED) {
            cg_buf_printf(msg, " is disputed: confidence %s against %s from the refuting claim%s ",
                          num(b1, e->confidence, 4), num(b2, e->refute_confidence, 4), ns == 1 ? "" : "s");
            add_claim_list(msg, a, scratch, ns);
        } else {
            cg_buf_printf(msg, " has confidence %s, at or above the publication threshold %s, but all its supporting "
                               "evidence is alleged (claims ",
                          num(b1, e->confidence, 4), num(b2, a->threshold, 4));
            add_claim_list(msg, a, scratch, ns);
            cg_buf_adds(msg, ")");
        }
        set_message(a, it, msg);
    }
}

/* Supporting claims of different origin groups between the same two entities whose passages
 * share a long run of words: possibly one statement relayed by two sources. */
static void find_common_origin(cg_audit *a, cg_buf *msg)
{
    cg__reuse *hits = NULL;
    size_t n = cg__find_reuse(a->ds, a->audited, (const cg_audit_span *const *)a->spans, a->reuse_words,
                              a->reuse_overlap, &hits);
    char pct[48];
    for (size_t h = 0; h < n; h++) {
        const cg__reuse *r = &hits[h];
        const cg_claim *ca = cg_dataset_claim(a->ds, r->a), *cb = cg_dataset_claim(a->ds, r->b);
        cg_audit_item *it = new_item(a, CG_AUDIT_COMMON_ORIGIN);
        cg_idx pair[2] = {r->a, r->b}, srcs[2] = {ca->source, cb->source};
        it->claim = r->a;
        it->claim2 = r->b;
        it->claims = arena_idx(a->arena, pair, 2);
        it->n_claims = 2;
        it->sources = arena_idx(a->arena, srcs, 2);
        it->n_sources = 2;
        it->shared_words = r->words;
        it->shared_pairs = r->pairs;
        it->shared_overlap = r->overlap;
        it->shared_span[0] = r->span_a;
        it->shared_span[1] = r->span_b;
        it->shared_at[0] = r->at_a;
        it->shared_at[1] = r->at_b;
        it->edge = cg_edgeset_find(a->es, a->ds, cg_dataset_entity(a->ds, ca->subject)->id,
                                   cg_dataset_relation(a->ds, ca->relation)->id,
                                   cg_dataset_entity(a->ds, ca->object)->id);
        cg_buf_printf(msg, "claims '%s' (source '%s') and '%s' (source '%s') between %s and %s count as independent "
                           "origins, but their passages share their wording: %s%% of the word pairs of the shorter "
                           "(%zu pairs)",
                      ca->id, source_id(a, ca->source), cb->id, source_id(a, cb->source),
                      cg_dataset_entity(a->ds, ca->subject)->id, cg_dataset_entity(a->ds, ca->object)->id,
                      num(pct, 100 * r->overlap, 0), r->pairs);
        if (r->words)
            cg_buf_printf(msg, ", and a run of %zu consecutive words from byte %llu of %s's text and byte %llu of %s's",
                          r->words, (unsigned long long)r->at_a, source_id(a, ca->source), (unsigned long long)r->at_b,
                          source_id(a, cb->source));
        cg_buf_adds(msg, ". Possibly one statement relayed twice: if it is, give both claims the same \"origin\"");
        set_message(a, it, msg);
    }
    free(hits);
}

static void find_unused(cg_audit *a, cg_buf *msg)
{
    const cg_dataset *ds = a->ds;
    size_t ne = cg_dataset_n_entities(ds), ns = cg_dataset_n_sources(ds), nc = cg_dataset_n_claims(ds);
    unsigned char *ent = cg_xcalloc(ne + 1, 1), *src = cg_xcalloc(ns + 1, 1);
    for (size_t i = 0; i < nc; i++) {
        const cg_claim *c = cg_dataset_claim(ds, (cg_idx)i);
        ent[c->subject] = ent[c->object] = 1;
        src[c->source] = 1;
    }
    for (size_t i = 0; i < ne; i++) {
        if (ent[i]) continue;
        const cg_entity *e = cg_dataset_entity(ds, (cg_idx)i);
        cg_audit_item *it = new_item(a, CG_AUDIT_UNUSED_ENTITY);
        it->entity = (cg_idx)i;
        cg_buf_printf(msg, "entity '%s' (%s) is named in no claim", e->id, e->name);
        set_message(a, it, msg);
    }
    for (size_t i = 0; i < ns; i++) {
        if (src[i]) continue;
        const cg_source *s = cg_dataset_source(ds, (cg_idx)i);
        cg_audit_item *it = new_item(a, CG_AUDIT_UNUSED_SOURCE);
        it->source = (cg_idx)i;
        it->sources = arena_idx(a->arena, &it->source, 1);
        it->n_sources = 1;
        cg_buf_printf(msg, "source '%s' (%s) is used by no claim", s->id, s->title);
        set_message(a, it, msg);
    }
    free(ent);
    free(src);
}

static const char *describe_filter(cg_arena *ar, const cg_filter *f)
{
    if (!f) return NULL;
    cg_buf b;
    cg_buf_init(&b);
    if (f->n_only_sources) {
        cg_buf_adds(&b, "only sources ");
        for (size_t i = 0; i < f->n_only_sources; i++) cg_buf_printf(&b, "%s%s", i ? ", " : "", f->only_sources[i]);
    }
    if (f->n_exclude_sources) {
        cg_buf_printf(&b, "%sexcluding sources ", b.len ? "; " : "");
        for (size_t i = 0; i < f->n_exclude_sources; i++)
            cg_buf_printf(&b, "%s%s", i ? ", " : "", f->exclude_sources[i]);
    }
    if (f->n_source_kinds) {
        cg_buf_printf(&b, "%sonly source kinds ", b.len ? "; " : "");
        for (size_t i = 0; i < f->n_source_kinds; i++)
            cg_buf_printf(&b, "%s%s", i ? ", " : "", cg_source_kind_name(f->source_kinds[i]));
    }
    if (f->status_mask) {
        cg_buf_printf(&b, "%sonly statuses ", b.len ? "; " : "");
        int first = 1;
        for (int s = 0; s < CG_ST_COUNT; s++)
            if (f->status_mask & (1u << s)) {
                cg_buf_printf(&b, "%s%s", first ? "" : ", ", cg_claim_status_name((cg_claim_status)s));
                first = 0;
            }
    }
    if (f->min_confidence > 0) {
        char nb[48];
        cg_buf_printf(&b, "%sedges below confidence %s left out of the edge findings", b.len ? "; " : "",
                      num(nb, f->min_confidence, 6));
    }
    const char *r = b.len ? display_dup(ar, b.s, b.len, (size_t)-1, 1) : NULL;
    cg_buf_free(&b);
    return r;
}

/* ---- the audit ---- */

void cg_audit_options_init(cg_audit_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = CG_AUDIT_OPTIONS_VERSION;
    o->publication_threshold = 0.5;
    o->max_depth = 32;
    o->max_file_bytes = (size_t)1 << 30;
    o->reuse_words = 12;
    o->reuse_overlap = 0.4;
}

cg_status cg_audit_run(cg_audit **out, const cg_dataset *ds, const cg_audit_options *opts, cg_diag *diag)
{
    *out = NULL;
    cg_audit_options o;
    cg_audit_options_init(&o);
    if (opts) {
        if (opts->version != CG_AUDIT_OPTIONS_VERSION) {
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "audit options not set up with cg_audit_options_init()");
            return CG_EINVAL;
        }
        o = *opts;
    }
    if (!o.texts_dir || !*o.texts_dir) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "no folder of source texts given");
        return CG_EINVAL;
    }
    if (!(o.publication_threshold >= 0 && o.publication_threshold <= 1)) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "the publication threshold must be between 0 and 1");
        return CG_EINVAL;
    }
    if (o.max_file_bytes > SIZE_MAX / 4) o.max_file_bytes = SIZE_MAX / 4;
    cg_status st = CG_OK;
    cg_grading *own_grading = NULL;
    text_slot *slots = NULL;
    size_t n_slots = 0;
    cg_idx *scratch = NULL, *by_src = NULL;
    size_t *by_src_first = NULL;
    cg_buf msg;
    cg_buf_init(&msg);
    walker w;
    memset(&w, 0, sizeof w);
    cg_buf_init(&w.rel);
    const size_t nc = cg_dataset_n_claims(ds), ns = cg_dataset_n_sources(ds);

    cg_audit *a = cg_xcalloc(1, sizeof *a);
    a->ds = ds;
    a->threshold = o.publication_threshold;
    a->context_chars = o.context_chars;
    a->reuse_words = o.reuse_words;
    a->reuse_overlap = o.reuse_overlap;
    a->strict = o.strict != 0;
    a->allow_unsourced = o.allow_unsourced != 0;
    a->arena = cg_arena_new();
    a->audited = cg_xcalloc(nc + 1, 1);
    a->spans = cg_xcalloc(nc + 1, sizeof *a->spans);
    a->text_file = cg_xcalloc(ns + 1, sizeof *a->text_file);
    a->in_scope = cg_xcalloc(ns + 1, 1);
    a->has_text = cg_xcalloc(ns + 1, 1);
    a->closest = cg_xcalloc(ns + 1, sizeof *a->closest);

    const cg_grading *g = o.grading;
    if (!g) g = own_grading = cg_grading_default();
    st = cg_edges_build(&a->es, ds, g, o.filter, diag);
    if (st != CG_OK) goto done;

    /* which claims are audited, which sources are in scope */
    const cg_filter *f = o.filter;
    int filtering = f && (f->n_only_sources || f->n_exclude_sources || f->n_source_kinds || f->status_mask);
    a->filter_desc = describe_filter(a->arena, f);
    for (size_t i = 0; i < nc; i++) {
        if (!cg_filter_accepts(f, ds, (cg_idx)i)) {
            a->counts.claims_filtered_out++;
            continue;
        }
        a->audited[i] = 1;
        a->counts.claims++;
        a->in_scope[cg_dataset_claim(ds, (cg_idx)i)->source] = 1;
    }
    for (size_t s = 0; s < ns; s++)
        if (!filtering) a->in_scope[s] = 1;

    /* the texts to look for: one slot per distinct text_sha256, sorted */
    slots = cg_xcalloc(ns + 1, sizeof *slots);
    for (size_t s = 0; s < ns; s++) {
        const cg_source *src = cg_dataset_source(ds, (cg_idx)s);
        if (!a->in_scope[s] || !src->has_text_sha256) continue;
        a->counts.texts_expected++;
        memcpy(slots[n_slots++].sha, src->text_sha256, 32);
    }
    if (n_slots) qsort(slots, n_slots, sizeof *slots, cmp_slot);
    size_t uniq = 0;
    for (size_t i = 0; i < n_slots; i++)
        if (!uniq || memcmp(slots[uniq - 1].sha, slots[i].sha, 32) != 0) slots[uniq++] = slots[i];
    n_slots = uniq;

    /* walk the folder (always, so a missing folder is reported even when no text is needed) */
    int fd = open(o.texts_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "cannot open the texts folder '%s': %s", o.texts_dir,
                    strerror(errno));
        st = CG_EIO;
        goto done;
    }
    w.slots = slots;
    w.n_slots = n_slots;
    w.max_bytes = o.max_file_bytes;
    w.max_depth = o.max_depth;
    w.diag = diag;
    w.root = o.texts_dir;
    w.cand_budget = n_slots ? CANDIDATE_BUDGET : 0;
    cg_buf_adds(&w.rel, "");
    cg__texts_walk(&w, fd, 0);
    a->counts.files_hashed = w.files_hashed;
    a->counts.files_skipped = w.files_skipped;
    a->symlinks = w.symlinks;

    /* per source: where its text is, and the source-level errors */
    scratch = cg_xmalloc((nc + 1) * sizeof *scratch);
    claims_by_source(a, &by_src_first, &by_src);
    for (size_t s = 0; s < ns; s++) {
        const cg_idx *mine = by_src + by_src_first[s];
        size_t n = by_src_first[s + 1] - by_src_first[s];
        const cg_source *src = cg_dataset_source(ds, (cg_idx)s);
        if (!a->in_scope[s]) continue;
        if (src->has_text_sha256) {
            text_slot key;
            memcpy(key.sha, src->text_sha256, 32);
            const text_slot *t = n_slots ? bsearch(&key, slots, n_slots, sizeof *slots, cmp_slot) : NULL;
            if (t && t->data) {
                a->has_text[s] = 1;
                a->counts.texts_found++;
                a->text_file[s] = display_dup(a->arena, t->path, strlen(t->path), (size_t)-1, 1);
                continue;
            }
            /* the kept file where most of this source's spans still hash right, if any */
            size_t best = (size_t)-1, best_ok = 0, total = 0;
            for (size_t ci = 0; ci < w.cands.n; ci++) {
                const text_slot *cand = &w.cands.v[ci];
                size_t okc = 0;
                total = 0;
                for (size_t m = 0; m < n; m++) {
                    const cg_claim *c = cg_dataset_claim(ds, mine[m]);
                    for (size_t k = 0; k < c->n_evidence; k++) {
                        const cg_span *sp = &c->evidence[k];
                        total++;
                        uint8_t h[32];
                        if (sp->end > cand->len || sp->start >= sp->end) continue;
                        cg_sha256(cand->data + sp->start, (size_t)(sp->end - sp->start), h);
                        okc += memcmp(h, sp->sha256, 32) == 0;
                    }
                }
                if (okc > best_ok) {
                    best_ok = okc;
                    best = ci;
                }
            }
            char hex[65];
            cg_hex_sha256(src->text_sha256, hex);
            cg_audit_item *it = new_item(a, CG_AUDIT_TEXT_MISSING);
            it->source = (cg_idx)s;
            it->claims = arena_idx(a->arena, mine, n);
            it->n_claims = n;
            if (best != (size_t)-1) {
                a->closest[s] = &w.cands.v[best];
                cg_buf_printf(&msg, "source '%s': no file in the texts folder has exactly its text (text_sha256 %s); "
                                    "the closest file, ", src->id, hex);
                add_display(&msg, (const unsigned char *)w.cands.v[best].path, strlen(w.cands.v[best].path), (size_t)-1, 1);
                cg_buf_printf(&msg, ", differs from it: %zu of %zu spans still match, the others are listed as errors",
                              best_ok, total);
            } else {
                cg_buf_printf(&msg, "source '%s': no file in the texts folder has its text (text_sha256 %s)", src->id, hex);
                if (n) {
                    cg_buf_printf(&msg, ", so %zu claim%s cannot be verified: ", n, n == 1 ? "" : "s");
                    add_claim_list(&msg, a, mine, n);
                }
            }
            if (a->symlinks) cg_buf_adds(&msg, " (symbolic links in the folder are not followed)");
            set_message(a, it, &msg);
        } else {
            if (!n) continue;
            cg_audit_item *it = new_item(a, CG_AUDIT_NO_TEXT_HASH);
            it->source = (cg_idx)s;
            it->claims = arena_idx(a->arena, mine, n);
            it->n_claims = n;
            cg_buf_printf(&msg, "source '%s' has no text_sha256, so the spans of %zu claim%s cannot be verified: ",
                          src->id, n, n == 1 ? "" : "s");
            add_claim_list(&msg, a, mine, n);
            set_message(a, it, &msg);
        }
    }

    /* per claim, in input order */
    for (size_t i = 0; i < nc; i++) {
        if (!a->audited[i]) continue;
        const cg_claim *c = cg_dataset_claim(ds, (cg_idx)i);
        if (!c->n_evidence) {
            if (a->allow_unsourced) continue;
            cg_audit_item *it = new_item(a, CG_AUDIT_NO_EVIDENCE);
            it->claim = (cg_idx)i;
            it->source = c->source;
            cg_buf_printf(&msg, "claim '%s' (%s) has no evidence span", c->id, source_id(a, c->source));
            set_message(a, it, &msg);
            continue;
        }
        cg_audit_span *spans = cg_arena_alloc(a->arena, c->n_evidence * sizeof *spans, sizeof(void *));
        a->spans[i] = spans;
        a->counts.spans += c->n_evidence;
        const text_slot *t = NULL;
        const cg_source *src = cg_dataset_source(ds, c->source);
        if (a->has_text[c->source]) {
            text_slot key;
            memcpy(key.sha, src->text_sha256, 32);
            t = bsearch(&key, slots, n_slots, sizeof *slots, cmp_slot);
        } else if (a->closest[c->source]) {
            t = a->closest[c->source]; /* a changed copy: name the spans it breaks */
        }
        for (size_t k = 0; k < c->n_evidence; k++) {
            spans[k].quote = spans[k].before = spans[k].after = NULL;
            if (!t) {
                spans[k].result = CG_AUDIT_SPAN_UNCHECKED;
                a->counts.spans_unchecked++;
                continue;
            }
            check_span(a, (cg_idx)i, k, t, &spans[k], &msg);
        }
    }
    /* the texts are no longer needed (the quotes are copies) */
    for (size_t i = 0; i < n_slots; i++) {
        free(slots[i].data);
        free(slots[i].path);
        slots[i].data = slots[i].path = NULL;
    }
    for (size_t i = 0; i < w.cands.n; i++) {
        free(w.cands.v[i].data);
        free(w.cands.v[i].path);
    }
    CG_VEC_FREE(w.cands);
    memset(a->closest, 0, (ns + 1) * sizeof *a->closest);

    /* findings, grouped by kind */
    for (int k = CG_AUDIT_FIRST_FINDING; k < CG_AUDIT_KIND_COUNT; k++) {
        switch ((cg_audit_kind)k) {
        case CG_AUDIT_CITES_CYCLE: find_cycles(a, &msg); break;
        case CG_AUDIT_UNUSED_ENTITY: find_unused(a, &msg); break;
        case CG_AUDIT_UNUSED_SOURCE: break; /* with the entities */
        case CG_AUDIT_COMMON_ORIGIN: find_common_origin(a, &msg); break;
        default: find_edge_items(a, (cg_audit_kind)k, &msg, scratch);
        }
    }
    for (size_t i = 0; i < a->items.n; i++) {
        cg_audit_kind k = a->items.v[i].kind;
        a->counts.by_kind[k]++;
        if (cg_audit_kind_is_error(k)) a->counts.errors++;
        else a->counts.findings++;
    }
done:
    if (slots)
        for (size_t i = 0; i < n_slots; i++) {
            free(slots[i].data);
            free(slots[i].path);
        }
    for (size_t i = 0; i < w.cands.n; i++) {
        free(w.cands.v[i].data);
        free(w.cands.v[i].path);
    }
    CG_VEC_FREE(w.cands);
    free(slots);
    free(scratch);
    free(by_src);
    free(by_src_first);
    cg_buf_free(&msg);
    cg_buf_free(&w.rel);
    cg_grading_free(own_grading);
    if (st != CG_OK) {
        cg_audit_free(a);
        return st;
    }
    *out = a;
    return CG_OK;
}

void cg_audit_free(cg_audit *a)
{
    if (!a) return;
    cg_edgeset_free(a->es);
    cg_arena_free(a->arena);
    CG_VEC_FREE(a->items);
    free(a->audited);
    free(a->spans);
    free(a->text_file);
    free(a->in_scope);
    free(a->has_text);
    free(a->closest);
    free(a);
}

const cg_audit_counts *cg_audit_get_counts(const cg_audit *a) { return &a->counts; }

int cg_audit_passed(const cg_audit *a)
{
    return a->counts.errors == 0 && !(a->strict && a->counts.findings);
}

size_t cg_audit_n_items(const cg_audit *a) { return a->items.n; }

const cg_audit_item *cg_audit_item_at(const cg_audit *a, size_t i)
{
    return i < a->items.n ? &a->items.v[i] : NULL;
}

int cg_audit_claim_audited(const cg_audit *a, cg_idx c)
{
    return c < cg_dataset_n_claims(a->ds) && a->audited[c];
}

const cg_audit_span *cg_audit_claim_spans(const cg_audit *a, cg_idx c)
{
    return c < cg_dataset_n_claims(a->ds) ? a->spans[c] : NULL;
}

const char *cg_audit_text_file(const cg_audit *a, cg_idx s)
{
    return s < cg_dataset_n_sources(a->ds) ? a->text_file[s] : NULL;
}

/* ---- reports ---- */

static void add_breakdown(cg_buf *b, const cg_audit *a, int errors)
{
    int first = 1;
    for (int k = 0; k < CG_AUDIT_KIND_COUNT; k++) {
        size_t n = a->counts.by_kind[k];
        if (!n || cg_audit_kind_is_error((cg_audit_kind)k) != errors) continue;
        cg_buf_printf(b, "%s%zu %s", first ? " (" : ", ", n, kind_labels[k][n == 1 ? 0 : 1]);
        first = 0;
    }
    if (!first) cg_buf_addc(b, ')');
}

char *cg_audit_summary_line(const cg_audit *a)
{
    const cg_audit_counts *c = &a->counts;
    cg_buf b;
    cg_buf_init(&b);
    cg_buf_printf(&b, "audit: %zu claim%s", c->claims, c->claims == 1 ? "" : "s");
    if (c->claims_filtered_out) cg_buf_printf(&b, " (%zu filtered out, not audited)", c->claims_filtered_out);
    cg_buf_printf(&b, ", %zu of %zu span%s verified, %zu error%s", c->spans_verified, c->spans,
                  c->spans == 1 ? "" : "s", c->errors, c->errors == 1 ? "" : "s");
    add_breakdown(&b, a, 1);
    cg_buf_printf(&b, ", %zu finding%s", c->findings, c->findings == 1 ? "" : "s");
    add_breakdown(&b, a, 0);
    if (a->strict && c->findings) cg_buf_adds(&b, "; strict: findings are errors");
    return cg_buf_steal(&b);
}

/* Writes esc(s) (s may be NULL: nothing). */
static void put(FILE *f, char *(*esc)(const char *), const char *s)
{
    if (!s) return;
    char *e = esc(s);
    fputs(e, f);
    free(e);
}

static void put_json_or_null(FILE *f, const char *s)
{
    if (s) put(f, cg_esc_json, s);
    else fputs("null", f);
}

static const char *span_hex(const cg_span *sp, char hex[65])
{
    cg_hex_sha256(sp->sha256, hex);
    return hex;
}

static const char *result_name(cg_audit_span_result r)
{
    return r == CG_AUDIT_SPAN_VERIFIED ? "verified" : r == CG_AUDIT_SPAN_FAILED ? "failed" : "unchecked";
}

/* Markdown text at the start of a line: cg_esc_md() handles the inline syntax; this also escapes
 * what would start a block (heading, list item, setext underline, ordered list), so a quoted line
 * such as "# 1" or "2. Whereas" stays text. Caller frees. */
static char *esc_md_block(const char *s)
{
    char *e = cg_esc_md(s);
    size_t i = 0;
    while (e[i] == ' ') i++;
    size_t at = (size_t)-1;
    if (e[i] == '#' || e[i] == '-' || e[i] == '+' || e[i] == '=') {
        at = i;
    } else if (e[i] >= '0' && e[i] <= '9') {
        size_t j = i;
        while (e[j] >= '0' && e[j] <= '9') j++;
        if (e[j] == '.' || e[j] == ')') at = j;
    }
    if (at == (size_t)-1) return e;
    size_t n = strlen(e);
    char *r = cg_xmalloc(n + 2);
    memcpy(r, e, at);
    r[at] = '\\';
    memcpy(r + at + 1, e + at, n - at + 1);
    free(e);
    return r;
}

/* The quote lines, each through esc, joined by `sep` (NUL bytes cannot occur in quotes). */
static void put_lines(FILE *f, char *(*esc)(const char *), const char *s, const char *prefix, const char *empty_prefix)
{
    cg_buf line;
    cg_buf_init(&line);
    const char *p = s;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n && p[n - 1] == '\r') n--;
        cg_buf_clear(&line);
        cg_buf_add(&line, p, n);
        if (n) {
            fputs(prefix, f);
            put(f, esc, line.s);
        } else {
            fputs(empty_prefix, f);
        }
        fputc('\n', f);
        if (!nl) break;
        p = nl + 1;
    }
    cg_buf_free(&line);
}

/* The tail of "subject —relation→ object" (undirected: "—relation— object"). */
static const char *arrow(int directed) { return directed ? " \xE2\x86\x92 " : " \xE2\x80\x94 "; }

static void write_md(const cg_audit *a, FILE *f)
{
    const cg_dataset *ds = a->ds;
    const cg_audit_counts *c = &a->counts;
    char *line = cg_audit_summary_line(a);
    char nb[48];
    fputs("# claimgraph audit\n\n", f);
    fputs(line, f); /* only fixed words and numbers: nothing from the data */
    free(line);
    fputs("\n\n", f);
    if (cg_audit_passed(a)) fputs("**Result: passed.**", f);
    else if (c->errors) fprintf(f, "**Result: FAILED** (%zu error%s).", c->errors, c->errors == 1 ? "" : "s");
    else fprintf(f, "**Result: FAILED** (strict: %zu finding%s count as errors).", c->findings, c->findings == 1 ? "" : "s");
    fputs("\n\n", f);
    fprintf(f, "- Claims audited: %zu of %zu", c->claims, cg_dataset_n_claims(ds));
    if (c->claims_filtered_out) {
        fprintf(f, "; %zu left out by the filters are not audited (", c->claims_filtered_out);
        put(f, esc_md_block, a->filter_desc);
        fputs(")", f);
    } else if (a->filter_desc) {
        fputs(" (filters: ", f);
        put(f, esc_md_block, a->filter_desc);
        fputs(")", f);
    }
    fprintf(f, "\n- Spans: %zu verified, %zu failed, %zu not checked (no text)\n", c->spans_verified, c->spans_failed,
            c->spans_unchecked);
    fprintf(f, "- Texts: %zu of %zu found; %zu file%s hashed, %zu skipped (symbolic links are not followed)\n",
            c->texts_found, c->texts_expected, c->files_hashed, c->files_hashed == 1 ? "" : "s", c->files_skipped);
    fprintf(f, "- Publication threshold: %s (edges with confidence at or above it)\n", num(nb, a->threshold, 6));
    fprintf(f, "- Claims without evidence: %s\n", a->allow_unsourced ? "allowed" : "errors");
    fprintf(f, "- Strict: %s\n", a->strict ? "yes (findings are errors)" : "no");

    fputs("\n## Texts\n\n", f);
    int any = 0;
    for (size_t s = 0; s < cg_dataset_n_sources(ds); s++) {
        if (!a->in_scope[s]) continue;
        const cg_source *src = cg_dataset_source(ds, (cg_idx)s);
        if (!any) fputs("| source | text\\_sha256 | file |\n|---|---|---|\n", f);
        any = 1;
        fputs("| ", f);
        put(f, esc_md_block, src->id);
        char hex[65];
        if (src->has_text_sha256) {
            cg_hex_sha256(src->text_sha256, hex);
            fprintf(f, " | %s | ", hex);
        } else {
            fputs(" | none | ", f);
        }
        if (a->text_file[s]) put(f, esc_md_block, a->text_file[s]);
        else fputs(src->has_text_sha256 ? "**missing**" : "none", f);
        fputs(" |\n", f);
    }
    if (!any) fputs("No source is audited.\n", f);

    fprintf(f, "\n## Errors (%zu)\n\n", c->errors);
    if (!c->errors) fputs("None.\n", f);
    size_t num_err = 0;
    for (size_t i = 0; i < a->items.n; i++) {
        const cg_audit_item *it = &a->items.v[i];
        if (!cg_audit_kind_is_error(it->kind)) continue;
        fprintf(f, "%zu. **", ++num_err);
        put(f, esc_md_block, cg_audit_kind_name(it->kind));
        fputs("**: ", f);
        put(f, esc_md_block, it->message);
        fputc('\n', f);
        if (it->span != NO_SPAN) {
            fputs("\n   Text there now:\n\n", f);
            if (it->text_now && *it->text_now) put_lines(f, esc_md_block, it->text_now, "   > ", "   >");
            else fputs("   > (nothing: the span starts beyond the end of the text)\n", f);
            fputc('\n', f);
        }
    }

    fprintf(f, "\n## Findings (%zu)\n", c->findings);
    if (!c->findings) fputs("\nNone.\n", f);
    int prev = -1;
    for (size_t i = 0; i < a->items.n; i++) {
        const cg_audit_item *it = &a->items.v[i];
        if (cg_audit_kind_is_error(it->kind)) continue;
        if ((int)it->kind != prev) {
            fprintf(f, "\n### %s (%zu)\n\n", kind_labels[it->kind][2], c->by_kind[it->kind]);
            prev = (int)it->kind;
        }
        fputs("- ", f);
        put(f, esc_md_block, it->message);
        fputc('\n', f);
    }

    fprintf(f, "\n## Claims (%zu)\n", c->claims);
    for (size_t i = 0; i < cg_dataset_n_claims(ds); i++) {
        if (!a->audited[i]) continue;
        const cg_claim *cl = cg_dataset_claim(ds, (cg_idx)i);
        const cg_source *src = cg_dataset_source(ds, cl->source);
        const cg_relation *rel = cg_dataset_relation(ds, cl->relation);
        fputs("\n### ", f);
        put(f, esc_md_block, cl->id);
        fputs("\n\n- Edge: ", f);
        put(f, esc_md_block, cg_dataset_entity(ds, cl->subject)->id);
        fputs(" \xE2\x80\x94 ", f);
        put(f, esc_md_block, rel->id);
        fputs(arrow(rel->directed), f);
        put(f, esc_md_block, cg_dataset_entity(ds, cl->object)->id);
        fputs("\n- Source: ", f);
        put(f, esc_md_block, src->id);
        fputs(" (", f);
        put(f, esc_md_block, src->title);
        fputs(")\n- Voice: ", f);
        if (cl->attributed_to) put(f, esc_md_block, cl->attributed_to);
        else fputs("not recorded", f);
        if (cl->anonymous) fputs(" (anonymous)", f);
        fprintf(f, "\n- Status: %s; stance: %s\n- Summary: ", cg_claim_status_name(cl->status), cg_stance_name(cl->stance));
        if (cl->summary) put(f, esc_md_block, cl->summary);
        else fputs("none", f);
        if (cl->caveat) {
            fputs("\n- Caveat (public): ", f);
            put(f, esc_md_block, cl->caveat);
        }
        if (src->caveat) {
            fputs("\n- Source caveat (public): ", f);
            put(f, esc_md_block, src->caveat);
        }
        if (cl->notes) {
            fputs("\n- Notes (internal): ", f);
            put(f, esc_md_block, cl->notes);
        }
        fputc('\n', f);
        if (!cl->n_evidence) fputs("\nNo evidence span.\n", f);
        const cg_audit_span *sp = a->spans[i];
        for (size_t k = 0; sp && k < cl->n_evidence; k++) {
            char hex[65];
            fprintf(f, "\nSpan %zu, bytes %llu-%llu (sha256 %.12s...): ", k + 1, (unsigned long long)cl->evidence[k].start,
                    (unsigned long long)cl->evidence[k].end, span_hex(&cl->evidence[k], hex));
            if (sp[k].result == CG_AUDIT_SPAN_VERIFIED) {
                fputs("verified\n\n", f);
                put_lines(f, esc_md_block, sp[k].quote, "> ", ">");
            } else if (sp[k].result == CG_AUDIT_SPAN_FAILED) {
                fputs("**FAILED** (see Errors)\n", f);
            } else {
                fputs("not checked (the source's text is not available)\n", f);
            }
        }
    }
}

static void json_edge(FILE *f, const cg_audit *a, const cg_edge *e)
{
    char nb[48];
    const cg_dataset *ds = a->ds;
    if (!e) {
        fputs("null", f);
        return;
    }
    fputs("{\"subject\":", f);
    put(f, cg_esc_json, cg_dataset_entity(ds, e->subject)->id);
    fputs(",\"relation\":", f);
    put(f, cg_esc_json, cg_dataset_relation(ds, e->relation)->id);
    fputs(",\"object\":", f);
    put(f, cg_esc_json, cg_dataset_entity(ds, e->object)->id);
    fprintf(f, ",\"directed\":%s,\"confidence\":%s", e->directed ? "true" : "false", num(nb, e->confidence, 6));
    fprintf(f, ",\"refute_confidence\":%s,\"origins\":%zu,\"status\":\"%s\",\"claims\":[", num(nb, e->refute_confidence, 6),
            e->n_groups, cg_claim_status_name(e->status));
    for (size_t k = 0; k < e->n_claims; k++) {
        if (k) fputc(',', f);
        put(f, cg_esc_json, claim_id(a, e->claims[k]));
    }
    fputs("]}", f);
}

static void json_ids(FILE *f, const cg_audit *a, const cg_idx *v, size_t n, int sources)
{
    fputc('[', f);
    for (size_t k = 0; k < n; k++) {
        if (k) fputc(',', f);
        put(f, cg_esc_json, sources ? source_id(a, v[k]) : claim_id(a, v[k]));
    }
    fputc(']', f);
}

static void write_json(const cg_audit *a, FILE *f)
{
    const cg_dataset *ds = a->ds;
    const cg_audit_counts *c = &a->counts;
    char nb[48];
    char *line = cg_audit_summary_line(a);
    fputs("{\n\"summary\":{\"line\":", f);
    put(f, cg_esc_json, line);
    free(line);
    fprintf(f, ",\"passed\":%s,\"strict\":%s,\"allow_unsourced\":%s,\"publication_threshold\":%s,\"filters\":",
            cg_audit_passed(a) ? "true" : "false", a->strict ? "true" : "false", a->allow_unsourced ? "true" : "false",
            num(nb, a->threshold, 6));
    put_json_or_null(f, a->filter_desc);
    fprintf(f, ",\"claims\":%zu,\"claims_filtered_out\":%zu,\"spans\":%zu,\"spans_verified\":%zu,\"spans_failed\":%zu,"
               "\"spans_unchecked\":%zu,\"errors\":%zu,\"findings\":%zu,\"files_hashed\":%zu,\"files_skipped\":%zu,"
               "\"texts_expected\":%zu,\"texts_found\":%zu,\"by_kind\":{",
            c->claims, c->claims_filtered_out, c->spans, c->spans_verified, c->spans_failed, c->spans_unchecked, c->errors,
            c->findings, c->files_hashed, c->files_skipped, c->texts_expected, c->texts_found);
    for (int k = 0; k < CG_AUDIT_KIND_COUNT; k++) fprintf(f, "%s\"%s\":%zu", k ? "," : "", kind_names[k], c->by_kind[k]);
    fputs("}},\n\"texts\":[", f);
    int first = 1;
    for (size_t s = 0; s < cg_dataset_n_sources(ds); s++) {
        if (!a->in_scope[s]) continue;
        const cg_source *src = cg_dataset_source(ds, (cg_idx)s);
        fputs(first ? "\n" : ",\n", f);
        first = 0;
        fputs("{\"source\":", f);
        put(f, cg_esc_json, src->id);
        fputs(",\"text_sha256\":", f);
        if (src->has_text_sha256) {
            char hex[65];
            cg_hex_sha256(src->text_sha256, hex);
            fprintf(f, "\"%s\"", hex);
        } else {
            fputs("null", f);
        }
        fputs(",\"file\":", f);
        put_json_or_null(f, a->text_file[s]);
        fputc('}', f);
    }
    fputs("],\n\"errors\":[", f);
    first = 1;
    for (size_t i = 0; i < a->items.n; i++) {
        const cg_audit_item *it = &a->items.v[i];
        if (!cg_audit_kind_is_error(it->kind)) continue;
        fputs(first ? "\n" : ",\n", f);
        first = 0;
        fprintf(f, "{\"kind\":\"%s\",\"claim\":", kind_names[it->kind]);
        put_json_or_null(f, it->claim != CG_NONE ? claim_id(a, it->claim) : NULL);
        fputs(",\"source\":", f);
        put_json_or_null(f, it->source != CG_NONE ? source_id(a, it->source) : NULL);
        fputs(",\"span\":", f);
        if (it->span != NO_SPAN) {
            const cg_span *sp = &cg_dataset_claim(ds, it->claim)->evidence[it->span];
            char hex[65];
            fprintf(f, "{\"index\":%zu,\"start\":%llu,\"end\":%llu,\"sha256\":\"%s\"}", it->span,
                    (unsigned long long)sp->start, (unsigned long long)sp->end, span_hex(sp, hex));
        } else {
            fputs("null", f);
        }
        fputs(",\"message\":", f);
        put(f, cg_esc_json, it->message);
        fputs(",\"text_now\":", f);
        put_json_or_null(f, it->text_now);
        fputs(",\"claims\":", f);
        json_ids(f, a, it->claims, it->n_claims, 0);
        fputc('}', f);
    }
    fputs("],\n\"findings\":[", f);
    first = 1;
    for (size_t i = 0; i < a->items.n; i++) {
        const cg_audit_item *it = &a->items.v[i];
        if (cg_audit_kind_is_error(it->kind)) continue;
        fputs(first ? "\n" : ",\n", f);
        first = 0;
        fprintf(f, "{\"kind\":\"%s\",\"message\":", kind_names[it->kind]);
        put(f, cg_esc_json, it->message);
        fputs(",\"edge\":", f);
        json_edge(f, a, it->edge);
        fputs(",\"claims\":", f);
        json_ids(f, a, it->claims, it->n_claims, 0);
        fputs(",\"sources\":", f);
        if (it->kind == CG_AUDIT_COLLAPSED) fputs("[]", f);
        else json_ids(f, a, it->sources, it->n_sources, 1);
        fputs(",\"chain\":", f);
        if (it->kind == CG_AUDIT_COLLAPSED) json_ids(f, a, it->sources, it->n_sources, 1);
        else fputs("[]", f);
        fputs(",\"entity\":", f);
        put_json_or_null(f, it->entity != CG_NONE ? cg_dataset_entity(ds, it->entity)->id : NULL);
        fputs(",\"shared_wording\":", f);
        if (it->kind == CG_AUDIT_COMMON_ORIGIN)
            fprintf(f, "{\"words\":%zu,\"spans\":[%zu,%zu],\"at\":[%llu,%llu],\"word_pairs\":%zu,\"overlap\":%s}",
                    it->shared_words, it->shared_span[0], it->shared_span[1], (unsigned long long)it->shared_at[0],
                    (unsigned long long)it->shared_at[1], it->shared_pairs, num(nb, it->shared_overlap, 4));
        else
            fputs("null", f);
        fputc('}', f);
    }
    fputs("],\n\"claims\":[", f);
    first = 1;
    for (size_t i = 0; i < cg_dataset_n_claims(ds); i++) {
        if (!a->audited[i]) continue;
        const cg_claim *cl = cg_dataset_claim(ds, (cg_idx)i);
        fputs(first ? "\n" : ",\n", f);
        first = 0;
        fputs("{\"id\":", f);
        put(f, cg_esc_json, cl->id);
        fputs(",\"subject\":", f);
        put(f, cg_esc_json, cg_dataset_entity(ds, cl->subject)->id);
        fputs(",\"relation\":", f);
        put(f, cg_esc_json, cg_dataset_relation(ds, cl->relation)->id);
        fputs(",\"object\":", f);
        put(f, cg_esc_json, cg_dataset_entity(ds, cl->object)->id);
        fputs(",\"source\":", f);
        put(f, cg_esc_json, source_id(a, cl->source));
        fputs(",\"voice\":", f);
        put_json_or_null(f, cl->attributed_to);
        fprintf(f, ",\"anonymous\":%s,\"status\":\"%s\",\"stance\":\"%s\",\"summary\":", cl->anonymous ? "true" : "false",
                cg_claim_status_name(cl->status), cg_stance_name(cl->stance));
        put_json_or_null(f, cl->summary);
        fputs(",\"caveat\":", f);
        put_json_or_null(f, cl->caveat);
        fputs(",\"source_caveat\":", f);
        put_json_or_null(f, cg_dataset_source(ds, cl->source)->caveat);
        fputs(",\"notes\":", f);
        put_json_or_null(f, cl->notes);
        fputs(",\"spans\":[", f);
        const cg_audit_span *sp = a->spans[i];
        for (size_t k = 0; sp && k < cl->n_evidence; k++) {
            char hex[65];
            fprintf(f, "%s{\"start\":%llu,\"end\":%llu,\"sha256\":\"%s\",\"verified\":%s,\"result\":\"%s\",\"quote\":",
                    k ? "," : "", (unsigned long long)cl->evidence[k].start, (unsigned long long)cl->evidence[k].end,
                    span_hex(&cl->evidence[k], hex), sp[k].result == CG_AUDIT_SPAN_VERIFIED ? "true" : "false",
                    result_name(sp[k].result));
            put_json_or_null(f, sp[k].quote);
            fputc('}', f);
        }
        fputs("]}", f);
    }
    fputs("]\n}\n", f);
}

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
    "<title>claimgraph audit</title>\n<style>\n"
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:62em;margin:2em auto;padding:0 1em;"
    "line-height:1.45;color:#1f2328}\n"
    "h1{font-size:1.6em}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em}\n"
    ".summary{font-weight:600}.pass{color:#1a7f37}.fail{color:#b42318}\n"
    "table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:.2em .5em;text-align:left;"
    "vertical-align:top}\n"
    "code,.kind,.hash{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}\n"
    ".kind{background:#eef1f4;padding:0 .3em;border-radius:3px}\n"
    "blockquote{margin:.4em 0 1em;padding:.5em .9em;border-left:4px solid #8c959f;background:#f6f8fa;"
    "white-space:pre-wrap}\n"
    "blockquote.now{border-left-color:#b42318;background:#fdf0ef}\n"
    "section.claim{border-top:1px solid #d0d7de;margin-top:1em;padding-top:.3em}\n"
    "dl{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;margin:.3em 0}dt{font-weight:600}dd{margin:0}\n"
    ".ok{color:#1a7f37}.bad{color:#b42318;font-weight:600}.unchecked{color:#9a6700}\n"
    "</style>\n</head>\n<body>\n";

static void html_claim_link(FILE *f, const cg_audit *a, cg_idx c)
{
    if (c == CG_NONE) return;
    fprintf(f, " <a href=\"#claim-%u\">", (unsigned)c);
    put(f, cg_esc_html, claim_id(a, c));
    fputs("</a>", f);
}

static void write_html(const cg_audit *a, FILE *f)
{
    const cg_dataset *ds = a->ds;
    const cg_audit_counts *c = &a->counts;
    char nb[48];
    fputs(html_head, f);
    fputs("<h1>claimgraph audit</h1>\n<p class=\"summary\">", f);
    char *line = cg_audit_summary_line(a);
    put(f, cg_esc_html, line);
    free(line);
    fputs("</p>\n<p>", f);
    if (cg_audit_passed(a)) fputs("<strong class=\"pass\">Result: passed.</strong>", f);
    else if (c->errors)
        fprintf(f, "<strong class=\"fail\">Result: FAILED</strong> (%zu error%s).", c->errors, c->errors == 1 ? "" : "s");
    else
        fprintf(f, "<strong class=\"fail\">Result: FAILED</strong> (strict: %zu finding%s count as errors).", c->findings,
                c->findings == 1 ? "" : "s");
    fprintf(f, "</p>\n<ul>\n<li>Claims audited: %zu of %zu", c->claims, cg_dataset_n_claims(ds));
    if (c->claims_filtered_out) {
        fprintf(f, "; %zu left out by the filters are not audited (", c->claims_filtered_out);
        put(f, cg_esc_html, a->filter_desc);
        fputs(")", f);
    } else if (a->filter_desc) {
        fputs(" (filters: ", f);
        put(f, cg_esc_html, a->filter_desc);
        fputs(")", f);
    }
    fprintf(f, "</li>\n<li>Spans: %zu verified, %zu failed, %zu not checked (no text)</li>\n", c->spans_verified,
            c->spans_failed, c->spans_unchecked);
    fprintf(f, "<li>Texts: %zu of %zu found; %zu file%s hashed, %zu skipped (symbolic links are not followed)</li>\n",
            c->texts_found, c->texts_expected, c->files_hashed, c->files_hashed == 1 ? "" : "s", c->files_skipped);
    fprintf(f, "<li>Publication threshold: %s (edges with confidence at or above it)</li>\n", num(nb, a->threshold, 6));
    fprintf(f, "<li>Claims without evidence: %s</li>\n<li>Strict: %s</li>\n</ul>\n",
            a->allow_unsourced ? "allowed" : "errors", a->strict ? "yes (findings are errors)" : "no");

    fputs("<h2 id=\"texts\">Texts</h2>\n<table>\n<tr><th>source</th><th>text_sha256</th><th>file</th></tr>\n", f);
    for (size_t s = 0; s < cg_dataset_n_sources(ds); s++) {
        if (!a->in_scope[s]) continue;
        const cg_source *src = cg_dataset_source(ds, (cg_idx)s);
        fputs("<tr><td>", f);
        put(f, cg_esc_html, src->id);
        fputs("</td><td class=\"hash\">", f);
        if (src->has_text_sha256) {
            char hex[65];
            cg_hex_sha256(src->text_sha256, hex);
            fputs(hex, f);
        } else {
            fputs("none", f);
        }
        fputs("</td><td>", f);
        if (a->text_file[s]) put(f, cg_esc_html, a->text_file[s]);
        else fputs(src->has_text_sha256 ? "<span class=\"bad\">missing</span>" : "none", f);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);

    fprintf(f, "<h2 id=\"errors\">Errors (%zu)</h2>\n", c->errors);
    if (!c->errors) fputs("<p>None.</p>\n", f);
    else fputs("<ol>\n", f);
    for (size_t i = 0; i < a->items.n; i++) {
        const cg_audit_item *it = &a->items.v[i];
        if (!cg_audit_kind_is_error(it->kind)) continue;
        fputs("<li><span class=\"kind\">", f);
        put(f, cg_esc_html, cg_audit_kind_name(it->kind));
        fputs("</span> ", f);
        put(f, cg_esc_html, it->message);
        if (it->claim != CG_NONE) {
            fputs(" (see", f);
            html_claim_link(f, a, it->claim);
            fputs(")", f);
        }
        if (it->span != NO_SPAN) {
            fputs("<br/>Text there now:<blockquote class=\"now\">", f);
            if (it->text_now && *it->text_now) put(f, cg_esc_html, it->text_now);
            else fputs("(nothing: the span starts beyond the end of the text)", f);
            fputs("</blockquote>", f);
        }
        fputs("</li>\n", f);
    }
    if (c->errors) fputs("</ol>\n", f);

    fprintf(f, "<h2 id=\"findings\">Findings (%zu)</h2>\n", c->findings);
    if (!c->findings) fputs("<p>None.</p>\n", f);
    int prev = -1;
    for (size_t i = 0; i < a->items.n; i++) {
        const cg_audit_item *it = &a->items.v[i];
        if (cg_audit_kind_is_error(it->kind)) continue;
        if ((int)it->kind != prev) {
            if (prev >= 0) fputs("</ul>\n", f);
            fprintf(f, "<h3 id=\"%s\">%s (%zu)</h3>\n<ul>\n", kind_names[it->kind], kind_labels[it->kind][2],
                    c->by_kind[it->kind]);
            prev = (int)it->kind;
        }
        fputs("<li>", f);
        put(f, cg_esc_html, it->message);
        fputs("</li>\n", f);
    }
    if (prev >= 0) fputs("</ul>\n", f);

    fprintf(f, "<h2 id=\"claims\">Claims (%zu)</h2>\n", c->claims);
    for (size_t i = 0; i < cg_dataset_n_claims(ds); i++) {
        if (!a->audited[i]) continue;
        const cg_claim *cl = cg_dataset_claim(ds, (cg_idx)i);
        const cg_source *src = cg_dataset_source(ds, cl->source);
        const cg_relation *rel = cg_dataset_relation(ds, cl->relation);
        fprintf(f, "<section class=\"claim\" id=\"claim-%zu\">\n<h3>", i);
        put(f, cg_esc_html, cl->id);
        fputs("</h3>\n<dl>\n<dt>Edge</dt><dd>", f);
        put(f, cg_esc_html, cg_dataset_entity(ds, cl->subject)->id);
        fputs(" \xE2\x80\x94 ", f);
        put(f, cg_esc_html, rel->id);
        fputs(arrow(rel->directed), f);
        put(f, cg_esc_html, cg_dataset_entity(ds, cl->object)->id);
        fputs("</dd>\n<dt>Source</dt><dd>", f);
        put(f, cg_esc_html, src->id);
        fputs(" (", f);
        put(f, cg_esc_html, src->title);
        fputs(")</dd>\n<dt>Voice</dt><dd>", f);
        if (cl->attributed_to) put(f, cg_esc_html, cl->attributed_to);
        else fputs("not recorded", f);
        if (cl->anonymous) fputs(" (anonymous)", f);
        fprintf(f, "</dd>\n<dt>Status</dt><dd>%s; stance: %s</dd>\n<dt>Summary</dt><dd>", cg_claim_status_name(cl->status),
                cg_stance_name(cl->stance));
        if (cl->summary) put(f, cg_esc_html, cl->summary);
        else fputs("none", f);
        if (cl->caveat) {
            fputs("</dd>\n<dt>Caveat (public)</dt><dd>", f);
            put(f, cg_esc_html, cl->caveat);
        }
        if (src->caveat) {
            fputs("</dd>\n<dt>Source caveat (public)</dt><dd>", f);
            put(f, cg_esc_html, src->caveat);
        }
        if (cl->notes) {
            fputs("</dd>\n<dt>Notes (internal)</dt><dd>", f);
            put(f, cg_esc_html, cl->notes);
        }
        fputs("</dd>\n</dl>\n", f);
        if (!cl->n_evidence) fputs("<p class=\"bad\">No evidence span.</p>\n", f);
        const cg_audit_span *sp = a->spans[i];
        for (size_t k = 0; sp && k < cl->n_evidence; k++) {
            char hex[65];
            fprintf(f, "<p>Span %zu, bytes %llu-%llu (sha256 <span class=\"hash\">%.12s...</span>): ", k + 1,
                    (unsigned long long)cl->evidence[k].start, (unsigned long long)cl->evidence[k].end,
                    span_hex(&cl->evidence[k], hex));
            if (sp[k].result == CG_AUDIT_SPAN_VERIFIED) {
                fputs("<span class=\"ok\">verified</span></p>\n<blockquote>", f);
                put(f, cg_esc_html, sp[k].quote);
                fputs("</blockquote>\n", f);
            } else if (sp[k].result == CG_AUDIT_SPAN_FAILED) {
                fputs("<span class=\"bad\">FAILED</span> (see <a href=\"#errors\">Errors</a>)</p>\n", f);
            } else {
                fputs("<span class=\"unchecked\">not checked</span> (the source's text is not available)</p>\n", f);
            }
        }
        fputs("</section>\n", f);
    }
    fputs("</body>\n</html>\n", f);
}

cg_status cg_audit_write(const cg_audit *a, FILE *f, cg_audit_format fmt)
{
    switch (fmt) {
    case CG_AUDIT_JSON: write_json(a, f); break;
    case CG_AUDIT_HTML: write_html(a, f); break;
    default: write_md(a, f);
    }
    return ferror(f) ? CG_EIO : CG_OK;
}
