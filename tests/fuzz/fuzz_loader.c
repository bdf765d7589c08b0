/* Fuzz harness: the JSON Lines loader. Invariants: loading never crashes; on success every
 * reference resolves and every claim's confidence is a number in [0, 1]; and the fast parser
 * (simdjson with its validator) gives exactly what the reference parser (jansson, every line) gives:
 * the same status, the same messages, the same records field by field, whatever the threads. */
#include "fuzz.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claimgraph/claimgraph.h"

typedef struct { char *s; size_t len, cap; } dump;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(dump *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    CHECK(n >= 0);
    const char *src = tmp;
    char *big = NULL;
    if ((size_t)n >= sizeof tmp) {
        big = malloc((size_t)n + 1);
        CHECK(big);
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        src = big;
    }
    if (d->len + (size_t)n + 1 > d->cap) {
        d->cap = (d->len + (size_t)n + 1) * 2;
        d->s = realloc(d->s, d->cap);
        CHECK(d->s);
    }
    memcpy(d->s + d->len, src, (size_t)n + 1);
    d->len += (size_t)n;
    free(big);
}

static void str(dump *d, const char *s) { put(d, s ? "\"%s\"," : "-,", s ? s : ""); }

static void sha(dump *d, const uint8_t h[32])
{
    char hex[65];
    cg_hex_sha256(h, hex);
    put(d, "%s,", hex);
}

/* Everything the loader produced: messages, and when it succeeded, every record. */
static void dump_all(dump *d, cg_status st, const cg_diag *diag, const cg_dataset *ds)
{
    put(d, "status %d errors %zu warnings %zu\n", (int)st, cg_diag_count(diag, CG_SEV_ERROR),
        cg_diag_count(diag, CG_SEV_WARNING));
    for (size_t i = 0; i < cg_diag_size(diag); i++) {
        const cg_diag_entry *e = cg_diag_get(diag, i);
        put(d, "%d %s:%lu:%lu %s\n", (int)e->severity, e->file ? e->file : "-", e->line, e->col, e->message);
    }
    if (!ds) return;
    for (size_t i = 0; i < cg_dataset_n_files(ds); i++) put(d, "file %s\n", cg_dataset_file(ds, (uint32_t)i));
    for (size_t i = 0; i < cg_dataset_n_sources(ds); i++) {
        const cg_source *s = cg_dataset_source(ds, (cg_idx)i);
        put(d, "S ");
        str(d, s->id), str(d, s->title), str(d, s->publisher), str(d, s->published), str(d, s->url);
        str(d, s->author), str(d, s->notes), str(d, s->caveat);
        put(d, "%d,%d,%d,", (int)s->kind, (int)s->reliability, s->has_text_sha256);
        if (s->has_text_sha256) sha(d, s->text_sha256);
        for (size_t k = 0; k < s->n_cites; k++) put(d, "c%u,", (unsigned)s->cites[k]);
        put(d, "%u:%u\n", (unsigned)s->file, (unsigned)s->line);
    }
    for (size_t i = 0; i < cg_dataset_n_entities(ds); i++) {
        const cg_entity *e = cg_dataset_entity(ds, (cg_idx)i);
        put(d, "E ");
        str(d, e->id), str(d, e->name), str(d, e->description);
        put(d, "%d,", (int)e->kind);
        for (size_t k = 0; k < e->n_aliases; k++) str(d, e->aliases[k]);
        for (size_t k = 0; k < e->n_external_ids; k++) str(d, e->external_id_keys[k]), str(d, e->external_id_values[k]);
        put(d, "%u:%u\n", (unsigned)e->file, (unsigned)e->line);
    }
    for (size_t i = 0; i < cg_dataset_n_relations(ds); i++) {
        const cg_relation *r = cg_dataset_relation(ds, (cg_idx)i);
        put(d, "R ");
        str(d, r->id), str(d, r->label), str(d, r->category);
        put(d, "%d,%d,%u,%u:%u\n", r->directed, r->builtin, r->given, (unsigned)r->file, (unsigned)r->line);
    }
    for (size_t i = 0; i < cg_dataset_n_claims(ds); i++) {
        const cg_claim *c = cg_dataset_claim(ds, (cg_idx)i);
        put(d, "C ");
        str(d, c->id), str(d, c->text->summary), str(d, c->attributed_to), str(d, c->origin), str(d, c->valid_from);
        str(d, c->valid_to), str(d, c->text->notes), str(d, c->text->caveat);
        put(d, "%u,%u,%u,%u,%d,%d,%d,%a,%d,%d,", (unsigned)c->subject, (unsigned)c->relation, (unsigned)c->object,
            (unsigned)c->source, c->anonymous, (int)c->credibility, (int)c->reliability, c->confidence, (int)c->stance,
            (int)c->status);
        for (size_t k = 0; k < c->text->n_evidence; k++) {
            const cg_span *sp = &c->text->evidence[k];
            put(d, "[%llu,%llu,", (unsigned long long)sp->start, (unsigned long long)sp->end);
            sha(d, sp->sha256);
            put(d, "]");
        }
        put(d, "g%u,%u:%u\n", c->given, (unsigned)c->file, (unsigned)c->line);
    }
}

static void load(dump *d, const uint8_t *data, size_t size, unsigned threads, int reference, int skip, cg_dataset **keep)
{
    cg_diag *diag = cg_diag_new(100);
    cg_dataset *ds = NULL;
    cg_load_options o;
    cg_load_options_init(&o);
    o.max_line_bytes = 1 << 16;
    o.threads = threads;
    o.reference_parser = reference;
    o.skip_claim_text = skip;
    cg_status st = cg_dataset_load_buffer(&ds, "fuzz.jsonl", (const char *)data, size, &o, diag);
    CHECK(st == CG_OK ? ds != NULL : ds == NULL && cg_diag_count(diag, CG_SEV_ERROR) > 0);
    dump_all(d, st, diag, ds);
    if (keep) *keep = ds;
    else cg_dataset_free(ds);
    cg_diag_free(diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the fast path on 1 or 2 threads against the reference parser on the other count */
    unsigned t = 1 + (unsigned)(size & 1);
    dump fast = {0}, ref = {0};
    cg_dataset *ds = NULL;
    load(&fast, data, size, t, 0, 0, &ds);
    load(&ref, data, size, 3 - t, 1, 0, NULL);
    if (fast.len != ref.len || memcmp(fast.s, ref.s, fast.len) != 0) {
        fprintf(stderr, "fast parser:\n%s\nreference parser:\n%s\n", fast.s, ref.s);
        CHECK(!"the fast and the reference parser differ");
    }
    if (ds) {
        cg_grading *g = cg_grading_default();
        for (size_t i = 0; i < cg_dataset_n_claims(ds); i++) {
            const cg_claim *c = cg_dataset_claim(ds, (cg_idx)i);
            CHECK(c->subject < cg_dataset_n_entities(ds) && c->object < cg_dataset_n_entities(ds));
            CHECK(c->relation < cg_dataset_n_relations(ds) && c->source < cg_dataset_n_sources(ds));
            double x = cg_claim_confidence(ds, g, c);
            CHECK(x >= 0 && x <= 1);
            CHECK(cg_dataset_find_claim(ds, c->id) == (cg_idx)i);
        }
        cg_grading_free(g);
        /* without the claims' text: the same messages and the same records less that text */
        dump lean = {0}, lean_ref = {0};
        load(&lean, data, size, t, 0, 1, NULL);
        load(&lean_ref, data, size, 3 - t, 1, 1, NULL);
        CHECK(lean.len == lean_ref.len && memcmp(lean.s, lean_ref.s, lean.len) == 0);
        free(lean.s);
        free(lean_ref.s);
    }
    cg_dataset_free(ds);
    free(fast.s);
    free(ref.s);
    return 0;
}
