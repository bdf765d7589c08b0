/* Audit: cg_audit_run, the accessors and the summary line. */
#define _POSIX_C_SOURCE 200809L
#include "audit_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *describe_filter(cg__arena *ar, const cg_filter *f)
{
    if (!f) return NULL;
    cg__buf b;
    cg__buf_init(&b);
    if (f->n_only_sources) {
        cg__buf_adds(&b, "only sources ");
        for (size_t i = 0; i < f->n_only_sources; i++) cg__buf_printf(&b, "%s%s", i ? ", " : "", f->only_sources[i]);
    }
    if (f->n_exclude_sources) {
        cg__buf_printf(&b, "%sexcluding sources ", b.len ? "; " : "");
        for (size_t i = 0; i < f->n_exclude_sources; i++)
            cg__buf_printf(&b, "%s%s", i ? ", " : "", f->exclude_sources[i]);
    }
    if (f->n_source_kinds) {
        cg__buf_printf(&b, "%sonly source kinds ", b.len ? "; " : "");
        for (size_t i = 0; i < f->n_source_kinds; i++)
            cg__buf_printf(&b, "%s%s", i ? ", " : "", cg_source_kind_name(f->source_kinds[i]));
    }
    if (f->status_mask) {
        cg__buf_printf(&b, "%sonly statuses ", b.len ? "; " : "");
        int first = 1;
        for (int s = 0; s < CG_ST_COUNT; s++)
            if (f->status_mask & (1u << s)) {
                cg__buf_printf(&b, "%s%s", first ? "" : ", ", cg_claim_status_name((cg_claim_status)s));
                first = 0;
            }
    }
    if (f->as_of) cg__buf_printf(&b, "%sonly claims in force as of %s", b.len ? "; " : "", f->as_of);
    if (f->since) cg__buf_printf(&b, "%sonly claims published since %s", b.len ? "; " : "", f->since);
    if (f->min_confidence > 0) {
        char nb[48];
        cg__buf_printf(&b, "%sedges below confidence %s left out of the edge findings", b.len ? "; " : "",
                      cg__audit_num(nb, f->min_confidence, 6));
    }
    const char *r = b.len ? cg__audit_display_dup(ar, b.s, b.len, (size_t)-1, 1) : NULL;
    cg__buf_free(&b);
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

/* The state of one run, between its steps. */
typedef struct run_ctx {
    cg_audit *a;
    const cg_dataset *ds;
    size_t nc, ns;
    cg__text_slot *slots;  /* one per distinct text_sha256 looked for, sorted */
    size_t n_slots;
    cg__walker w;
    cg_idx *by_src;        /* audited claims with spans, grouped by source */
    size_t *by_src_first;
    cg__buf msg;
} run_ctx;

/* Step 1: which claims are audited, which sources are in scope. */
static void select_claims(run_ctx *r, const cg_filter *f)
{
    cg_audit *a = r->a;
    int filtering = f && (f->n_only_sources || f->n_exclude_sources || f->n_source_kinds || f->status_mask ||
                          f->as_of || f->since);
    a->filter_desc = describe_filter(a->arena, f);
    for (size_t i = 0; i < r->nc; i++) {
        if (!cg_filter_accepts(f, r->ds, (cg_idx)i)) {
            a->counts.claims_filtered_out++;
            continue;
        }
        a->audited[i] = 1;
        a->counts.claims++;
        a->in_scope[cg_dataset_claim(r->ds, (cg_idx)i)->source] = 1;
    }
    for (size_t s = 0; s < r->ns; s++)
        if (!filtering) a->in_scope[s] = 1;
}

/* Step 2: the texts to look for, one slot per distinct text_sha256, sorted. */
static void collect_wanted_texts(run_ctx *r)
{
    r->slots = cg__xcalloc(r->ns + 1, sizeof *r->slots);
    for (size_t s = 0; s < r->ns; s++) {
        const cg_source *src = cg_dataset_source(r->ds, (cg_idx)s);
        if (!r->a->in_scope[s] || !src->has_text_sha256) continue;
        r->a->counts.texts_expected++;
        memcpy(r->slots[r->n_slots++].sha, src->text_sha256, 32);
    }
    if (r->n_slots) qsort(r->slots, r->n_slots, sizeof *r->slots, cg__audit_cmp_slot);
    size_t uniq = 0;
    for (size_t i = 0; i < r->n_slots; i++)
        if (!uniq || memcmp(r->slots[uniq - 1].sha, r->slots[i].sha, 32) != 0) r->slots[uniq++] = r->slots[i];
    r->n_slots = uniq;
}

/* Step 3: walk the folder (always, so a missing folder is reported even when no text is needed). */
static cg_status find_texts(run_ctx *r, const cg_audit_options *o, cg_diag *diag)
{
    int fd = open(o->texts_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "cannot open the texts folder '%s': %s", o->texts_dir,
                    strerror(errno));
        return CG_EIO;
    }
    cg__walker *w = &r->w;
    w->slots = r->slots;
    w->n_slots = r->n_slots;
    w->max_bytes = o->max_file_bytes;
    w->max_depth = o->max_depth;
    w->diag = diag;
    w->root = o->texts_dir;
    w->cand_budget = r->n_slots ? CANDIDATE_BUDGET : 0;
    cg__buf_adds(&w->rel, "");
    cg__texts_walk(w, fd, 0);
    r->a->counts.files_hashed = w->files_hashed;
    r->a->counts.files_skipped = w->files_skipped;
    r->a->symlinks = w->symlinks;
    return CG_OK;
}

static const cg__text_slot *slot_of(const run_ctx *r, const cg_source *src)
{
    cg__text_slot key;
    memcpy(key.sha, src->text_sha256, 32);
    return r->n_slots ? bsearch(&key, r->slots, r->n_slots, sizeof *r->slots, cg__audit_cmp_slot) : NULL;
}

/* The kept file where most of a source's spans (claims mine[0..n)) still hash right, if any. */
static size_t closest_file(const run_ctx *r, const cg_idx *mine, size_t n, size_t *ok_out, size_t *total_out)
{
    size_t best = (size_t)-1, best_ok = 0, total = 0;
    for (size_t ci = 0; ci < r->w.cands.n; ci++) {
        const cg__text_slot *cand = &r->w.cands.v[ci];
        size_t okc = 0;
        total = 0;
        for (size_t m = 0; m < n; m++) {
            const cg_claim *c = cg_dataset_claim(r->ds, mine[m]);
            for (size_t k = 0; k < c->text->n_evidence; k++) {
                const cg_span *sp = &c->text->evidence[k];
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
    *ok_out = best_ok;
    *total_out = total;
    return best;
}

/* Step 4: per source, where its text is, and the source-level errors. */
static void report_sources(run_ctx *r)
{
    cg_audit *a = r->a;
    cg__buf *msg = &r->msg;
    cg__audit_claims_by_source(a, &r->by_src_first, &r->by_src);
    for (size_t s = 0; s < r->ns; s++) {
        const cg_idx *mine = r->by_src + r->by_src_first[s];
        size_t n = r->by_src_first[s + 1] - r->by_src_first[s];
        const cg_source *src = cg_dataset_source(r->ds, (cg_idx)s);
        if (!a->in_scope[s]) continue;
        if (!src->has_text_sha256) {
            if (!n) continue;
            cg_audit_item *it = cg__audit_new_item(a, CG_AUDIT_NO_TEXT_HASH);
            it->source = (cg_idx)s;
            it->claims = cg__audit_arena_idx(a->arena, mine, n);
            it->n_claims = n;
            cg__buf_printf(msg, "source '%s' has no text_sha256, so the spans of %zu claim%s cannot be verified: ",
                          src->id, n, n == 1 ? "" : "s");
            cg__audit_add_claim_list(msg, a, mine, n);
            cg__audit_set_message(a, it, msg);
            continue;
        }
        const cg__text_slot *t = slot_of(r, src);
        if (t && t->data) {
            a->has_text[s] = 1;
            a->counts.texts_found++;
            a->text_file[s] = cg__audit_display_dup(a->arena, t->path, strlen(t->path), (size_t)-1, 1);
            continue;
        }
        size_t best_ok = 0, total = 0, best = closest_file(r, mine, n, &best_ok, &total);
        char hex[65];
        cg_hex_sha256(src->text_sha256, hex);
        cg_audit_item *it = cg__audit_new_item(a, CG_AUDIT_TEXT_MISSING);
        it->source = (cg_idx)s;
        it->claims = cg__audit_arena_idx(a->arena, mine, n);
        it->n_claims = n;
        if (best != (size_t)-1) {
            const cg__text_slot *c = &r->w.cands.v[best];
            a->closest[s] = c;
            cg__buf_printf(msg, "source '%s': no file in the texts folder has exactly its text (text_sha256 %s); "
                               "the closest file, ", src->id, hex);
            cg__audit_add_display(msg, (const unsigned char *)c->path, strlen(c->path), (size_t)-1, 1);
            cg__buf_printf(msg, ", differs from it: %zu of %zu spans still match, the others are listed as errors",
                          best_ok, total);
        } else {
            cg__buf_printf(msg, "source '%s': no file in the texts folder has its text (text_sha256 %s)", src->id, hex);
            if (n) {
                cg__buf_printf(msg, ", so %zu claim%s cannot be verified: ", n, n == 1 ? "" : "s");
                cg__audit_add_claim_list(msg, a, mine, n);
            }
        }
        if (a->symlinks) cg__buf_adds(msg, " (symbolic links in the folder are not followed)");
        cg__audit_set_message(a, it, msg);
    }
}

/* Step 5: every span of every audited claim, in input order. */
static void check_claims(run_ctx *r)
{
    cg_audit *a = r->a;
    for (size_t i = 0; i < r->nc; i++) {
        if (!a->audited[i]) continue;
        const cg_claim *c = cg_dataset_claim(r->ds, (cg_idx)i);
        if (!c->text->n_evidence) {
            if (a->allow_unsourced) continue;
            cg_audit_item *it = cg__audit_new_item(a, CG_AUDIT_NO_EVIDENCE);
            it->claim = (cg_idx)i;
            it->source = c->source;
            cg__buf_printf(&r->msg, "claim '%s' (%s) has no evidence span", c->id, cg__audit_source_id(a, c->source));
            cg__audit_set_message(a, it, &r->msg);
            continue;
        }
        cg_audit_span *spans = cg__arena_alloc(a->arena, c->text->n_evidence * sizeof *spans, sizeof(void *));
        a->spans[i] = spans;
        a->counts.spans += c->text->n_evidence;
        const cg__text_slot *t = NULL;
        if (a->has_text[c->source]) t = slot_of(r, cg_dataset_source(r->ds, c->source));
        else if (a->closest[c->source]) t = a->closest[c->source]; /* a changed copy: name the spans it breaks */
        for (size_t k = 0; k < c->text->n_evidence; k++) {
            spans[k].quote = spans[k].before = spans[k].after = NULL;
            if (!t) {
                spans[k].result = CG_AUDIT_SPAN_UNCHECKED;
                a->counts.spans_unchecked++;
                continue;
            }
            cg__audit_check_span(a, (cg_idx)i, k, t, &spans[k], &r->msg);
        }
    }
}

/* The texts are no longer needed once the spans are checked (the quotes are copies). */
static void release_texts(run_ctx *r)
{
    for (size_t i = 0; r->slots && i < r->n_slots; i++) {
        free(r->slots[i].data);
        free(r->slots[i].path);
        r->slots[i].data = r->slots[i].path = NULL;
    }
    for (size_t i = 0; i < r->w.cands.n; i++) {
        free(r->w.cands.v[i].data);
        free(r->w.cands.v[i].path);
    }
    CG_VEC_FREE(r->w.cands);
    if (r->a) memset(r->a->closest, 0, (r->ns + 1) * sizeof *r->a->closest);
}

/* Step 6: the findings, grouped by kind in enum order. */
static void find_findings(run_ctx *r)
{
    cg_idx *scratch = cg__xmalloc((r->nc + 1) * sizeof *scratch);
    for (int k = CG_AUDIT_FIRST_FINDING; k < CG_AUDIT_KIND_COUNT; k++) {
        switch ((cg_audit_kind)k) {
        case CG_AUDIT_CITES_CYCLE: cg__audit_find_cycles(r->a, &r->msg); break;
        case CG_AUDIT_UNUSED_ENTITY: cg__audit_find_unused(r->a, &r->msg); break;
        case CG_AUDIT_UNUSED_SOURCE: break; /* with the entities */
        case CG_AUDIT_COMMON_ORIGIN: cg__audit_find_common_origin(r->a, &r->msg); break;
        default: cg__audit_find_edge_items(r->a, (cg_audit_kind)k, &r->msg, scratch);
        }
    }
    free(scratch);
}

/* Step 7: the counts. */
static void count_items(cg_audit *a)
{
    for (size_t i = 0; i < a->items.n; i++) {
        cg_audit_kind k = a->items.v[i].kind;
        a->counts.by_kind[k]++;
        if (cg_audit_kind_is_error(k)) a->counts.errors++;
        else a->counts.findings++;
    }
}

static cg_audit *audit_new(const cg_dataset *ds, const cg_audit_options *o)
{
    size_t nc = cg_dataset_n_claims(ds), ns = cg_dataset_n_sources(ds);
    cg_audit *a = cg__xcalloc(1, sizeof *a);
    a->ds = ds;
    a->threshold = o->publication_threshold;
    a->context_chars = o->context_chars;
    a->reuse_words = o->reuse_words;
    a->reuse_overlap = o->reuse_overlap;
    a->strict = o->strict != 0;
    a->allow_unsourced = o->allow_unsourced != 0;
    a->arena = cg__arena_new();
    a->audited = cg__xcalloc(nc + 1, 1);
    a->spans = cg__xcalloc(nc + 1, sizeof *a->spans);
    a->text_file = cg__xcalloc(ns + 1, sizeof *a->text_file);
    a->in_scope = cg__xcalloc(ns + 1, 1);
    a->has_text = cg__xcalloc(ns + 1, 1);
    a->closest = cg__xcalloc(ns + 1, sizeof *a->closest);
    return a;
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

    run_ctx r;
    memset(&r, 0, sizeof r);
    r.ds = ds;
    r.nc = cg_dataset_n_claims(ds);
    r.ns = cg_dataset_n_sources(ds);
    cg__buf_init(&r.msg);
    cg__buf_init(&r.w.rel);
    r.a = audit_new(ds, &o);
    cg_status st = cg_edges_build(&r.a->es, ds, o.grading, o.filter, diag); /* grading NULL: the default table */
    if (st == CG_OK) {
        select_claims(&r, o.filter);
        collect_wanted_texts(&r);
        st = find_texts(&r, &o, diag);
    }
    if (st == CG_OK) {
        report_sources(&r);
        check_claims(&r);
        release_texts(&r);
        find_findings(&r);
        count_items(r.a);
    }
    release_texts(&r);
    free(r.slots);
    free(r.by_src);
    free(r.by_src_first);
    cg__buf_free(&r.msg);
    cg__buf_free(&r.w.rel);
    if (st != CG_OK) {
        cg_audit_free(r.a);
        return st;
    }
    *out = r.a;
    return CG_OK;
}

void cg_audit_free(cg_audit *a)
{
    if (!a) return;
    cg_edgeset_free(a->es);
    cg__arena_free(a->arena);
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

static void add_breakdown(cg__buf *b, const cg_audit *a, int errors)
{
    int first = 1;
    for (int k = 0; k < CG_AUDIT_KIND_COUNT; k++) {
        size_t n = a->counts.by_kind[k];
        if (!n || cg_audit_kind_is_error((cg_audit_kind)k) != errors) continue;
        cg__buf_printf(b, "%s%zu %s", first ? " (" : ", ", n, cg__audit_kind_labels[k][n == 1 ? 0 : 1]);
        first = 0;
    }
    if (!first) cg__buf_addc(b, ')');
}

char *cg_audit_summary_line(const cg_audit *a)
{
    const cg_audit_counts *c = &a->counts;
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_printf(&b, "audit: %zu claim%s", c->claims, c->claims == 1 ? "" : "s");
    if (c->claims_filtered_out) cg__buf_printf(&b, " (%zu filtered out, not audited)", c->claims_filtered_out);
    cg__buf_printf(&b, ", %zu of %zu span%s verified, %zu error%s", c->spans_verified, c->spans,
                  c->spans == 1 ? "" : "s", c->errors, c->errors == 1 ? "" : "s");
    add_breakdown(&b, a, 1);
    cg__buf_printf(&b, ", %zu finding%s", c->findings, c->findings == 1 ? "" : "s");
    add_breakdown(&b, a, 0);
    if (a->strict && c->findings) cg__buf_adds(&b, "; strict: findings are errors");
    return cg__buf_steal(&b);
}

/* Writes esc(s) (s may be NULL: nothing). */
