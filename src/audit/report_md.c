/* Audit report in Markdown. */
#define _POSIX_C_SOURCE 200809L
#include "audit_impl.h"

#include <stdlib.h>
#include <string.h>

void cg__audit_write_md(const cg_audit *a, FILE *f)
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
        cg__audit_put(f, cg__audit_esc_md_block, a->filter_desc);
        fputs(")", f);
    } else if (a->filter_desc) {
        fputs(" (filters: ", f);
        cg__audit_put(f, cg__audit_esc_md_block, a->filter_desc);
        fputs(")", f);
    }
    fprintf(f, "\n- Spans: %zu verified, %zu failed, %zu not checked (no text)\n", c->spans_verified, c->spans_failed,
            c->spans_unchecked);
    fprintf(f, "- Texts: %zu of %zu found; %zu file%s hashed, %zu skipped (symbolic links are not followed)\n",
            c->texts_found, c->texts_expected, c->files_hashed, c->files_hashed == 1 ? "" : "s", c->files_skipped);
    fprintf(f, "- Publication threshold: %s (edges with confidence at or above it)\n", cg__audit_num(nb, a->threshold, 6));
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
        cg__audit_put(f, cg__audit_esc_md_block, src->id);
        char hex[65];
        if (src->has_text_sha256) {
            cg_hex_sha256(src->text_sha256, hex);
            fprintf(f, " | %s | ", hex);
        } else {
            fputs(" | none | ", f);
        }
        if (a->text_file[s]) cg__audit_put(f, cg__audit_esc_md_block, a->text_file[s]);
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
        cg__audit_put(f, cg__audit_esc_md_block, cg_audit_kind_name(it->kind));
        fputs("**: ", f);
        cg__audit_put(f, cg__audit_esc_md_block, it->message);
        fputc('\n', f);
        if (it->span != NO_SPAN) {
            fputs("\n   Text there now:\n\n", f);
            if (it->text_now && *it->text_now) cg__audit_put_lines(f, cg__audit_esc_md_block, it->text_now, "   > ", "   >");
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
            fprintf(f, "\n### %s (%zu)\n\n", cg__audit_kind_labels[it->kind][2], c->by_kind[it->kind]);
            prev = (int)it->kind;
        }
        fputs("- ", f);
        cg__audit_put(f, cg__audit_esc_md_block, it->message);
        fputc('\n', f);
    }

    fprintf(f, "\n## Claims (%zu)\n", c->claims);
    for (size_t i = 0; i < cg_dataset_n_claims(ds); i++) {
        if (!a->audited[i]) continue;
        const cg_claim *cl = cg_dataset_claim(ds, (cg_idx)i);
        const cg_claim_text *tx = cl->text;
        const cg_source *src = cg_dataset_source(ds, cl->source);
        const cg_relation *rel = cg_dataset_relation(ds, cl->relation);
        fputs("\n### ", f);
        cg__audit_put(f, cg__audit_esc_md_block, cl->id);
        fputs("\n\n- Edge: ", f);
        cg__audit_put(f, cg__audit_esc_md_block, cg_dataset_entity(ds, cl->subject)->id);
        fputs(" \xE2\x80\x94 ", f);
        cg__audit_put(f, cg__audit_esc_md_block, rel->id);
        fputs(cg__audit_arrow(rel->directed), f);
        cg__audit_put(f, cg__audit_esc_md_block, cg_dataset_entity(ds, cl->object)->id);
        fputs("\n- Source: ", f);
        cg__audit_put(f, cg__audit_esc_md_block, src->id);
        fputs(" (", f);
        cg__audit_put(f, cg__audit_esc_md_block, src->title);
        fputs(")\n- Voice: ", f);
        if (cl->attributed_to) cg__audit_put(f, cg__audit_esc_md_block, cl->attributed_to);
        else fputs("not recorded", f);
        if (cl->anonymous) fputs(" (anonymous)", f);
        fprintf(f, "\n- Status: %s; stance: %s\n- Summary: ", cg_claim_status_name(cl->status), cg_stance_name(cl->stance));
        if (tx->summary) cg__audit_put(f, cg__audit_esc_md_block, tx->summary);
        else fputs("none", f);
        if (tx->caveat) {
            fputs("\n- Caveat (public): ", f);
            cg__audit_put(f, cg__audit_esc_md_block, tx->caveat);
        }
        if (src->caveat) {
            fputs("\n- Source caveat (public): ", f);
            cg__audit_put(f, cg__audit_esc_md_block, src->caveat);
        }
        if (tx->notes) {
            fputs("\n- Notes (internal): ", f);
            cg__audit_put(f, cg__audit_esc_md_block, tx->notes);
        }
        fputc('\n', f);
        if (!tx->n_evidence) fputs("\nNo evidence span.\n", f);
        const cg_audit_span *sp = a->spans[i];
        for (size_t k = 0; sp && k < tx->n_evidence; k++) {
            char hex[65];
            fprintf(f, "\nSpan %zu, bytes %llu-%llu (sha256 %.12s...): ", k + 1,
                    (unsigned long long)tx->evidence[k].start,
                    (unsigned long long)tx->evidence[k].end, cg__audit_span_hex(&tx->evidence[k], hex));
            if (sp[k].result == CG_AUDIT_SPAN_VERIFIED) {
                fputs("verified\n\n", f);
                cg__audit_put_lines(f, cg__audit_esc_md_block, sp[k].quote, "> ", ">");
            } else if (sp[k].result == CG_AUDIT_SPAN_FAILED) {
                fputs("**FAILED** (see Errors)\n", f);
            } else {
                fputs("not checked (the source's text is not available)\n", f);
            }
        }
    }
}

