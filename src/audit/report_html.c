/* Audit report as one self-contained HTML page. */
#define _POSIX_C_SOURCE 200809L
#include "audit_impl.h"

#include <stdlib.h>
#include <string.h>

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
    cg__audit_put(f, cg_esc_html, cg__audit_claim_id(a, c));
    fputs("</a>", f);
}

void cg__audit_write_html(const cg_audit *a, FILE *f)
{
    const cg_dataset *ds = a->ds;
    const cg_audit_counts *c = &a->counts;
    char nb[48];
    fputs(html_head, f);
    fputs("<h1>claimgraph audit</h1>\n<p class=\"summary\">", f);
    char *line = cg_audit_summary_line(a);
    cg__audit_put(f, cg_esc_html, line);
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
        cg__audit_put(f, cg_esc_html, a->filter_desc);
        fputs(")", f);
    } else if (a->filter_desc) {
        fputs(" (filters: ", f);
        cg__audit_put(f, cg_esc_html, a->filter_desc);
        fputs(")", f);
    }
    fprintf(f, "</li>\n<li>Spans: %zu verified, %zu failed, %zu not checked (no text)</li>\n", c->spans_verified,
            c->spans_failed, c->spans_unchecked);
    fprintf(f, "<li>Texts: %zu of %zu found; %zu file%s hashed, %zu skipped (symbolic links are not followed)</li>\n",
            c->texts_found, c->texts_expected, c->files_hashed, c->files_hashed == 1 ? "" : "s", c->files_skipped);
    fprintf(f, "<li>Publication threshold: %s (edges with confidence at or above it)</li>\n", cg__audit_num(nb, a->threshold, 6));
    fprintf(f, "<li>Claims without evidence: %s</li>\n<li>Strict: %s</li>\n</ul>\n",
            a->allow_unsourced ? "allowed" : "errors", a->strict ? "yes (findings are errors)" : "no");

    fputs("<h2 id=\"texts\">Texts</h2>\n<table>\n<tr><th>source</th><th>text_sha256</th><th>file</th></tr>\n", f);
    for (size_t s = 0; s < cg_dataset_n_sources(ds); s++) {
        if (!a->in_scope[s]) continue;
        const cg_source *src = cg_dataset_source(ds, (cg_idx)s);
        fputs("<tr><td>", f);
        cg__audit_put(f, cg_esc_html, src->id);
        fputs("</td><td class=\"hash\">", f);
        if (src->has_text_sha256) {
            char hex[65];
            cg_hex_sha256(src->text_sha256, hex);
            fputs(hex, f);
        } else {
            fputs("none", f);
        }
        fputs("</td><td>", f);
        if (a->text_file[s]) cg__audit_put(f, cg_esc_html, a->text_file[s]);
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
        cg__audit_put(f, cg_esc_html, cg_audit_kind_name(it->kind));
        fputs("</span> ", f);
        cg__audit_put(f, cg_esc_html, it->message);
        if (it->claim != CG_NONE) {
            fputs(" (see", f);
            html_claim_link(f, a, it->claim);
            fputs(")", f);
        }
        if (it->span != NO_SPAN) {
            fputs("<br/>Text there now:<blockquote class=\"now\">", f);
            if (it->text_now && *it->text_now) cg__audit_put(f, cg_esc_html, it->text_now);
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
            fprintf(f, "<h3 id=\"%s\">%s (%zu)</h3>\n<ul>\n", cg__audit_kind_names[it->kind], cg__audit_kind_labels[it->kind][2],
                    c->by_kind[it->kind]);
            prev = (int)it->kind;
        }
        fputs("<li>", f);
        cg__audit_put(f, cg_esc_html, it->message);
        fputs("</li>\n", f);
    }
    if (prev >= 0) fputs("</ul>\n", f);

    fprintf(f, "<h2 id=\"claims\">Claims (%zu)</h2>\n", c->claims);
    for (size_t i = 0; i < cg_dataset_n_claims(ds); i++) {
        if (!a->audited[i]) continue;
        const cg_claim *cl = cg_dataset_claim(ds, (cg_idx)i);
        const cg_claim_text *tx = cl->text;
        const cg_source *src = cg_dataset_source(ds, cl->source);
        const cg_relation *rel = cg_dataset_relation(ds, cl->relation);
        fprintf(f, "<section class=\"claim\" id=\"claim-%zu\">\n<h3>", i);
        cg__audit_put(f, cg_esc_html, cl->id);
        fputs("</h3>\n<dl>\n<dt>Edge</dt><dd>", f);
        cg__audit_put(f, cg_esc_html, cg_dataset_entity(ds, cl->subject)->id);
        fputs(" \xE2\x80\x94 ", f);
        cg__audit_put(f, cg_esc_html, rel->id);
        fputs(cg__audit_arrow(rel->directed), f);
        cg__audit_put(f, cg_esc_html, cg_dataset_entity(ds, cl->object)->id);
        fputs("</dd>\n<dt>Source</dt><dd>", f);
        cg__audit_put(f, cg_esc_html, src->id);
        fputs(" (", f);
        cg__audit_put(f, cg_esc_html, src->title);
        fputs(")</dd>\n<dt>Voice</dt><dd>", f);
        if (cl->attributed_to) cg__audit_put(f, cg_esc_html, cl->attributed_to);
        else fputs("not recorded", f);
        if (cl->anonymous) fputs(" (anonymous)", f);
        fprintf(f, "</dd>\n<dt>Status</dt><dd>%s; stance: %s</dd>\n<dt>Summary</dt><dd>", cg_claim_status_name(cl->status),
                cg_stance_name(cl->stance));
        if (tx->summary) cg__audit_put(f, cg_esc_html, tx->summary);
        else fputs("none", f);
        if (tx->caveat) {
            fputs("</dd>\n<dt>Caveat (public)</dt><dd>", f);
            cg__audit_put(f, cg_esc_html, tx->caveat);
        }
        if (src->caveat) {
            fputs("</dd>\n<dt>Source caveat (public)</dt><dd>", f);
            cg__audit_put(f, cg_esc_html, src->caveat);
        }
        if (tx->notes) {
            fputs("</dd>\n<dt>Notes (internal)</dt><dd>", f);
            cg__audit_put(f, cg_esc_html, tx->notes);
        }
        fputs("</dd>\n</dl>\n", f);
        if (!tx->n_evidence) fputs("<p class=\"bad\">No evidence span.</p>\n", f);
        const cg_audit_span *sp = a->spans[i];
        for (size_t k = 0; sp && k < tx->n_evidence; k++) {
            char hex[65];
            fprintf(f, "<p>Span %zu, bytes %llu-%llu (sha256 <span class=\"hash\">%.12s...</span>): ", k + 1,
                    (unsigned long long)tx->evidence[k].start, (unsigned long long)tx->evidence[k].end,
                    cg__audit_span_hex(&tx->evidence[k], hex));
            if (sp[k].result == CG_AUDIT_SPAN_VERIFIED) {
                fputs("<span class=\"ok\">verified</span></p>\n<blockquote>", f);
                cg__audit_put(f, cg_esc_html, sp[k].quote);
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

