/* Audit report in JSON (keys documented in README "Audit"). */
#define _POSIX_C_SOURCE 200809L
#include "audit_impl.h"

#include <stdlib.h>
#include <string.h>

static void json_edge(FILE *f, const cg_audit *a, const cg_edge *e)
{
    char nb[48];
    const cg_dataset *ds = a->ds;
    if (!e) {
        fputs("null", f);
        return;
    }
    fputs("{\"subject\":", f);
    cg__audit_put(f, cg_esc_json, cg_dataset_entity(ds, e->subject)->id);
    fputs(",\"relation\":", f);
    cg__audit_put(f, cg_esc_json, cg_dataset_relation(ds, e->relation)->id);
    fputs(",\"object\":", f);
    cg__audit_put(f, cg_esc_json, cg_dataset_entity(ds, e->object)->id);
    fprintf(f, ",\"directed\":%s,\"confidence\":%s", e->directed ? "true" : "false", cg__audit_num(nb, e->confidence, 6));
    fprintf(f, ",\"refute_confidence\":%s,\"origins\":%zu,\"status\":\"%s\",\"claims\":[", cg__audit_num(nb, e->refute_confidence, 6),
            e->n_groups, cg_claim_status_name(e->status));
    for (size_t k = 0; k < e->n_claims; k++) {
        if (k) fputc(',', f);
        cg__audit_put(f, cg_esc_json, cg__audit_claim_id(a, e->claims[k]));
    }
    fputs("]}", f);
}

static void json_ids(FILE *f, const cg_audit *a, const cg_idx *v, size_t n, int sources)
{
    fputc('[', f);
    for (size_t k = 0; k < n; k++) {
        if (k) fputc(',', f);
        cg__audit_put(f, cg_esc_json, sources ? cg__audit_source_id(a, v[k]) : cg__audit_claim_id(a, v[k]));
    }
    fputc(']', f);
}

void cg__audit_write_json(const cg_audit *a, FILE *f)
{
    const cg_dataset *ds = a->ds;
    const cg_audit_counts *c = &a->counts;
    char nb[48];
    char *line = cg_audit_summary_line(a);
    fputs("{\n\"summary\":{\"line\":", f);
    cg__audit_put(f, cg_esc_json, line);
    free(line);
    fprintf(f, ",\"passed\":%s,\"strict\":%s,\"allow_unsourced\":%s,\"publication_threshold\":%s,\"filters\":",
            cg_audit_passed(a) ? "true" : "false", a->strict ? "true" : "false", a->allow_unsourced ? "true" : "false",
            cg__audit_num(nb, a->threshold, 6));
    cg__audit_put_json_or_null(f, a->filter_desc);
    fprintf(f, ",\"claims\":%zu,\"claims_filtered_out\":%zu,\"spans\":%zu,\"spans_verified\":%zu,\"spans_failed\":%zu,"
               "\"spans_unchecked\":%zu,\"errors\":%zu,\"findings\":%zu,\"files_hashed\":%zu,\"files_skipped\":%zu,"
               "\"texts_expected\":%zu,\"texts_found\":%zu,\"by_kind\":{",
            c->claims, c->claims_filtered_out, c->spans, c->spans_verified, c->spans_failed, c->spans_unchecked, c->errors,
            c->findings, c->files_hashed, c->files_skipped, c->texts_expected, c->texts_found);
    for (int k = 0; k < CG_AUDIT_KIND_COUNT; k++) fprintf(f, "%s\"%s\":%zu", k ? "," : "", cg__audit_kind_names[k], c->by_kind[k]);
    fputs("}},\n\"texts\":[", f);
    int first = 1;
    for (size_t s = 0; s < cg_dataset_n_sources(ds); s++) {
        if (!a->in_scope[s]) continue;
        const cg_source *src = cg_dataset_source(ds, (cg_idx)s);
        fputs(first ? "\n" : ",\n", f);
        first = 0;
        fputs("{\"source\":", f);
        cg__audit_put(f, cg_esc_json, src->id);
        fputs(",\"text_sha256\":", f);
        if (src->has_text_sha256) {
            char hex[65];
            cg_hex_sha256(src->text_sha256, hex);
            fprintf(f, "\"%s\"", hex);
        } else {
            fputs("null", f);
        }
        fputs(",\"file\":", f);
        cg__audit_put_json_or_null(f, a->text_file[s]);
        fputc('}', f);
    }
    fputs("],\n\"errors\":[", f);
    first = 1;
    for (size_t i = 0; i < a->items.n; i++) {
        const cg_audit_item *it = &a->items.v[i];
        if (!cg_audit_kind_is_error(it->kind)) continue;
        fputs(first ? "\n" : ",\n", f);
        first = 0;
        fprintf(f, "{\"kind\":\"%s\",\"claim\":", cg__audit_kind_names[it->kind]);
        cg__audit_put_json_or_null(f, it->claim != CG_NONE ? cg__audit_claim_id(a, it->claim) : NULL);
        fputs(",\"source\":", f);
        cg__audit_put_json_or_null(f, it->source != CG_NONE ? cg__audit_source_id(a, it->source) : NULL);
        fputs(",\"span\":", f);
        if (it->span != NO_SPAN) {
            const cg_span *sp = &cg_dataset_claim(ds, it->claim)->text->evidence[it->span];
            char hex[65];
            fprintf(f, "{\"index\":%zu,\"start\":%llu,\"end\":%llu,\"sha256\":\"%s\"}", it->span,
                    (unsigned long long)sp->start, (unsigned long long)sp->end, cg__audit_span_hex(sp, hex));
        } else {
            fputs("null", f);
        }
        fputs(",\"message\":", f);
        cg__audit_put(f, cg_esc_json, it->message);
        fputs(",\"text_now\":", f);
        cg__audit_put_json_or_null(f, it->text_now);
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
        fprintf(f, "{\"kind\":\"%s\",\"message\":", cg__audit_kind_names[it->kind]);
        cg__audit_put(f, cg_esc_json, it->message);
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
        fprintf(f, ",\"chain_omitted\":%zu", it->chain_omitted);
        fputs(",\"entity\":", f);
        cg__audit_put_json_or_null(f, it->entity != CG_NONE ? cg_dataset_entity(ds, it->entity)->id : NULL);
        fputs(",\"shared_wording\":", f);
        if (it->kind == CG_AUDIT_COMMON_ORIGIN)
            fprintf(f, "{\"words\":%zu,\"spans\":[%zu,%zu],\"at\":[%llu,%llu],\"word_pairs\":%zu,\"overlap\":%s}",
                    it->shared_words, it->shared_span[0], it->shared_span[1], (unsigned long long)it->shared_at[0],
                    (unsigned long long)it->shared_at[1], it->shared_pairs, cg__audit_num(nb, it->shared_overlap, 4));
        else
            fputs("null", f);
        fputc('}', f);
    }
    fputs("],\n\"claims\":[", f);
    first = 1;
    for (size_t i = 0; i < cg_dataset_n_claims(ds); i++) {
        if (!a->audited[i]) continue;
        const cg_claim *cl = cg_dataset_claim(ds, (cg_idx)i);
        const cg_claim_text *tx = cl->text;
        fputs(first ? "\n" : ",\n", f);
        first = 0;
        fputs("{\"id\":", f);
        cg__audit_put(f, cg_esc_json, cl->id);
        fputs(",\"subject\":", f);
        cg__audit_put(f, cg_esc_json, cg_dataset_entity(ds, cl->subject)->id);
        fputs(",\"relation\":", f);
        cg__audit_put(f, cg_esc_json, cg_dataset_relation(ds, cl->relation)->id);
        fputs(",\"object\":", f);
        cg__audit_put(f, cg_esc_json, cg_dataset_entity(ds, cl->object)->id);
        fputs(",\"source\":", f);
        cg__audit_put(f, cg_esc_json, cg__audit_source_id(a, cl->source));
        fputs(",\"voice\":", f);
        cg__audit_put_json_or_null(f, cl->attributed_to);
        fprintf(f, ",\"anonymous\":%s,\"status\":\"%s\",\"stance\":\"%s\",\"summary\":", cl->anonymous ? "true" : "false",
                cg_claim_status_name(cl->status), cg_stance_name(cl->stance));
        cg__audit_put_json_or_null(f, tx->summary);
        fputs(",\"caveat\":", f);
        cg__audit_put_json_or_null(f, tx->caveat);
        fputs(",\"source_caveat\":", f);
        cg__audit_put_json_or_null(f, cg_dataset_source(ds, cl->source)->caveat);
        fputs(",\"notes\":", f);
        cg__audit_put_json_or_null(f, tx->notes);
        fputs(",\"spans\":[", f);
        const cg_audit_span *sp = a->spans[i];
        for (size_t k = 0; sp && k < tx->n_evidence; k++) {
            char hex[65];
            fprintf(f, "%s{\"start\":%llu,\"end\":%llu,\"sha256\":\"%s\",\"verified\":%s,\"result\":\"%s\",\"quote\":",
                    k ? "," : "", (unsigned long long)tx->evidence[k].start, (unsigned long long)tx->evidence[k].end,
                    cg__audit_span_hex(&tx->evidence[k], hex), sp[k].result == CG_AUDIT_SPAN_VERIFIED ? "true" : "false",
                    cg__audit_result_name(sp[k].result));
            cg__audit_put_json_or_null(f, sp[k].quote);
            fputc('}', f);
        }
        fputs("]}", f);
    }
    fputs("]\n}\n", f);
}

