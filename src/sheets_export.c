/* export sheets and the sheet templates (see README "Spreadsheets"). */
#define _POSIX_C_SOURCE 200809L
#include "claimgraph/escape.h"
#include "claimgraph/sheets.h"
#include "claimgraph/text.h"
#include "csv_impl.h"
#include "sheets_impl.h"

#include <stdlib.h>
#include <string.h>

typedef char *(*esc_fn)(const char *);

/* One CSV row being written: cells by field, then written in the sheet's column order. */
typedef struct row {
    const char *cell[SF_COUNT];
    char *owned[SF_COUNT];
} row;

static void row_set(row *r, int f, const char *v) { r->cell[f] = v; }
static void row_own(row *r, int f, char *v)
{
    free(r->owned[f]);
    r->owned[f] = v;
    r->cell[f] = v;
}
static void row_clear(row *r)
{
    for (int f = 0; f < SF_COUNT; f++) free(r->owned[f]);
    memset(r, 0, sizeof *r);
}

static void write_header(FILE *f, cg_sheet_kind k)
{
    for (const int *p = cg__sheet_columns[k]; *p >= 0; p++)
        fprintf(f, "%s%s", p == cg__sheet_columns[k] ? "" : ",", cg__sf_names[*p]);
    fputs("\r\n", f);
}

static void write_row(FILE *f, cg_sheet_kind k, const row *r, esc_fn esc)
{
    for (const int *p = cg__sheet_columns[k]; *p >= 0; p++) {
        if (p != cg__sheet_columns[k]) fputc(',', f);
        const char *v = r->cell[*p];
        if (v && *v) {
            char *e = esc(v);
            fputs(e, f);
            free(e);
        }
    }
    fputs("\r\n", f);
}

static char *join_escaped(const char *const *items, size_t n)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_adds(&b, "");
    for (size_t i = 0; i < n; i++) {
        if (i) cg__buf_addc(&b, '|');
        cg__cell_escape(&b, items[i], 0);
    }
    return cg__buf_steal(&b);
}

static char *span_cell(const cg_span *sp)
{
    char hex[65];
    cg_hex_sha256(sp->sha256, hex);
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_printf(&b, "%llu:%llu:%s", (unsigned long long)sp->start, (unsigned long long)sp->end, hex);
    return cg__buf_steal(&b);
}

static const char *grade_letter(cg_grade g, char buf[2])
{
    if (g < 1 || g > 6) return NULL;
    buf[0] = (char)('A' + g - 1);
    buf[1] = '\0';
    return buf;
}

/* The exact passage of a span in the source's text, or NULL when the text is missing or the span
 * does not verify (a warning then says so). */
static char *quote_of(const cg__text_slot *t, const cg_claim *c, size_t k, cg_diag *diag)
{
    const cg_span *sp = &c->text->evidence[k];
    if (!t) return NULL;
    uint8_t d[32];
    if (sp->end <= t->len) {
        cg_sha256(t->data + sp->start, (size_t)(sp->end - sp->start), d);
        if (memcmp(d, sp->sha256, 32) == 0) return cg__xstrndup(t->data + sp->start, (size_t)(sp->end - sp->start));
    }
    cg_diag_add(diag, CG_SEV_WARNING, NULL, 0, 0,
                "claim '%s': span %zu does not verify against the text (%s); its quote is left empty", c->id, k + 1,
                t->path);
    return NULL;
}

void cg_sheets_export_options_init(cg_sheets_export_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = CG_SHEETS_EXPORT_OPTIONS_VERSION;
    o->dialect = CG_CSV_PLAIN;
}

cg_status cg_sheets_export(const cg_dataset *ds, const char *out_dir, const cg_sheets_export_options *opts, cg_diag *diag)
{
    cg_sheets_export_options o;
    cg_sheets_export_options_init(&o);
    if (opts) {
        if (opts->version != CG_SHEETS_EXPORT_OPTIONS_VERSION) {
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "export options not set up with cg_sheets_export_options_init()");
            return CG_EINVAL;
        }
        o = *opts;
    }
    esc_fn esc = o.dialect == CG_CSV_SPREADSHEET ? cg_esc_csv : cg_esc_csv_plain;
    size_t ns = cg_dataset_n_sources(ds);
    cg__walker w;
    int scanned = 0;
    const cg__text_slot **texts = cg__xcalloc(ns + 1, sizeof *texts);
    if (o.texts_dir) {
        uint8_t (*shas)[32] = cg__xcalloc(ns + 1, 32);
        size_t n = 0;
        for (size_t i = 0; i < ns; i++) {
            const cg_source *s = cg_dataset_source(ds, (cg_idx)i);
            if (s->has_text_sha256) memcpy(shas[n++], s->text_sha256, 32);
        }
        cg_status st = cg__texts_scan(&w, o.texts_dir, (const uint8_t(*)[32])shas, n, 0, diag);
        free(shas);
        scanned = 1;
        if (st != CG_OK) {
            cg__texts_free(&w);
            free(texts);
            return st;
        }
        for (size_t i = 0; i < ns; i++) {
            const cg_source *s = cg_dataset_source(ds, (cg_idx)i);
            if (!s->has_text_sha256) continue;
            texts[i] = cg__texts_find(&w, s->text_sha256);
            if (!texts[i])
                cg_diag_add(diag, CG_SEV_WARNING, NULL, 0, 0,
                            "source '%s': no file in the texts folder has its text_sha256; its quotes are left empty",
                            s->id);
        }
    }
    cg_status st = CG_OK;
    cg__outset set;
    memset(&set, 0, sizeof set);
    FILE *f[CG_SHEET_COUNT];
    if (cg__ensure_dir(out_dir, diag) != 0) {
        st = CG_EIO;
        goto done;
    }
    for (int k = 0; k < CG_SHEET_COUNT; k++) {
        cg__buf p;
        cg__buf_init(&p);
        cg__buf_printf(&p, "%s/%s", out_dir, cg_sheet_file_name((cg_sheet_kind)k));
        f[k] = cg__outset_add(&set, p.s, diag);
        cg__buf_free(&p);
        if (!f[k]) {
            st = CG_EIO;
            goto done;
        }
        write_header(f[k], (cg_sheet_kind)k);
    }
    row r;
    memset(&r, 0, sizeof r);
    char g[2], hex[65];
    for (size_t i = 0; i < ns; i++) {
        const cg_source *s = cg_dataset_source(ds, (cg_idx)i);
        row_set(&r, SF_ID, s->id);
        row_set(&r, SF_TITLE, s->title);
        row_set(&r, SF_KIND, cg_source_kind_name(s->kind));
        row_set(&r, SF_PUBLISHER, s->publisher);
        row_set(&r, SF_AUTHOR, s->author);
        row_set(&r, SF_PUBLISHED, s->published);
        row_set(&r, SF_URL, s->url);
        row_set(&r, SF_RELIABILITY, grade_letter(s->reliability, g));
        if (s->n_cites) {
            const char **ids = cg__xcalloc(s->n_cites, sizeof *ids);
            for (size_t k = 0; k < s->n_cites; k++) ids[k] = cg_dataset_source(ds, s->cites[k])->id;
            row_own(&r, SF_CITES, join_escaped(ids, s->n_cites));
            free(ids);
        }
        if (texts[i]) row_set(&r, SF_TEXT_FILE, texts[i]->path);
        if (s->has_text_sha256) {
            cg_hex_sha256(s->text_sha256, hex);
            row_set(&r, SF_TEXT_SHA256, hex);
        }
        row_set(&r, SF_CAVEAT, s->caveat);
        row_set(&r, SF_NOTES, s->notes);
        write_row(f[CG_SHEET_SOURCES], CG_SHEET_SOURCES, &r, esc);
        row_clear(&r);
    }
    for (size_t i = 0; i < cg_dataset_n_entities(ds); i++) {
        const cg_entity *e = cg_dataset_entity(ds, (cg_idx)i);
        row_set(&r, SF_ID, e->id);
        row_set(&r, SF_NAME, e->name);
        row_set(&r, SF_KIND, cg_entity_kind_name(e->kind));
        if (e->n_aliases) row_own(&r, SF_ALIASES, join_escaped((const char *const *)e->aliases, e->n_aliases));
        row_set(&r, SF_DESCRIPTION, e->description);
        if (e->n_external_ids) {
            cg__buf b;
            cg__buf_init(&b);
            for (size_t k = 0; k < e->n_external_ids; k++) {
                if (k) cg__buf_addc(&b, '|');
                cg__cell_escape(&b, e->external_id_keys[k], 1);
                cg__buf_addc(&b, '=');
                cg__cell_escape(&b, e->external_id_values[k], 1);
            }
            row_own(&r, SF_EXTERNAL_IDS, cg__buf_steal(&b));
        }
        write_row(f[CG_SHEET_ENTITIES], CG_SHEET_ENTITIES, &r, esc);
        row_clear(&r);
    }
    for (size_t i = 0; i < cg_dataset_n_relations(ds); i++) {
        const cg_relation *rel = cg_dataset_relation(ds, (cg_idx)i);
        if (rel->builtin) continue;
        row_set(&r, SF_ID, rel->id);
        if (rel->given & CG_GIVEN_LABEL) row_set(&r, SF_LABEL, rel->label);
        if (rel->given & CG_GIVEN_DIRECTED) row_set(&r, SF_DIRECTED, rel->directed ? "true" : "false");
        row_set(&r, SF_CATEGORY, rel->category);
        write_row(f[CG_SHEET_RELATIONS], CG_SHEET_RELATIONS, &r, esc);
        row_clear(&r);
    }
    for (size_t i = 0; i < cg_dataset_n_claims(ds); i++) {
        const cg_claim *c = cg_dataset_claim(ds, (cg_idx)i);
        const cg_claim_text *tx = c->text;
        const cg__text_slot *t = texts[c->source];
        row_set(&r, SF_ID, c->id);
        row_set(&r, SF_SUBJECT, cg_dataset_entity(ds, c->subject)->id);
        row_set(&r, SF_RELATION, cg_dataset_relation(ds, c->relation)->id);
        row_set(&r, SF_OBJECT, cg_dataset_entity(ds, c->object)->id);
        row_set(&r, SF_SOURCE, cg_dataset_source(ds, c->source)->id);
        if (tx->n_evidence) {
            row_own(&r, SF_EVIDENCE, span_cell(&tx->evidence[0]));
            char *qt = quote_of(t, c, 0, diag);
            if (qt) row_own(&r, SF_QUOTE, qt);
        }
        row_set(&r, SF_SUMMARY, tx->summary);
        row_set(&r, SF_ATTRIBUTED_TO, c->attributed_to);
        if (c->given & CG_GIVEN_ANONYMOUS) row_set(&r, SF_ANONYMOUS, c->anonymous ? "true" : "false");
        row_set(&r, SF_ORIGIN, c->origin);
        char cred[4] = {0}, conf[40];
        if (c->given & CG_GIVEN_CREDIBILITY) {
            cred[0] = (char)('0' + c->credibility);
            row_set(&r, SF_CREDIBILITY, cred);
        }
        row_set(&r, SF_RELIABILITY, grade_letter(c->reliability, g));
        if (c->confidence >= 0) {
            cg__fmt_shortest(conf, c->confidence);
            row_set(&r, SF_CONFIDENCE, conf);
        }
        if (c->given & CG_GIVEN_STANCE) row_set(&r, SF_STANCE, cg_stance_name(c->stance));
        if (c->given & CG_GIVEN_STATUS) row_set(&r, SF_STATUS, cg_claim_status_name(c->status));
        row_set(&r, SF_VALID_FROM, c->valid_from);
        row_set(&r, SF_VALID_TO, c->valid_to);
        row_set(&r, SF_CAVEAT, tx->caveat);
        row_set(&r, SF_NOTES, tx->notes);
        write_row(f[CG_SHEET_CLAIMS], CG_SHEET_CLAIMS, &r, esc);
        row_clear(&r);
        /* further passages: continuation rows (id, quote, evidence) */
        for (size_t k = 1; k < tx->n_evidence; k++) {
            row_set(&r, SF_ID, c->id);
            row_own(&r, SF_EVIDENCE, span_cell(&tx->evidence[k]));
            char *qt = quote_of(t, c, k, diag);
            if (qt) row_own(&r, SF_QUOTE, qt);
            write_row(f[CG_SHEET_CLAIMS], CG_SHEET_CLAIMS, &r, esc);
            row_clear(&r);
        }
    }
    st = cg__outset_commit(&set, diag);
done:
    cg__outset_abort(&set);
    if (scanned) cg__texts_free(&w);
    free(texts);
    return st;
}

/* ---- templates ---- */

static const char template_text[] =
    "Example Daily, 1 March 2024\n"
    "\n"
    "The mayor of Exampletown, Ana Example, met Acme Ltd\xE2\x80\x99s director, Bo Sample, on Tuesday,\n"
    "two council officials said. Mr Sample did not answer our questions.\n";

cg_status cg_sheets_write_template(const char *dir, cg_diag *diag)
{
    static const char *const rows[CG_SHEET_COUNT] = {
        /* sources */
        "example_daily,Mayor met Acme director,news,Example Daily,,2024-03-01,https://example.org/mayor,B,,"
        "example.txt,,,\"Delete the example rows, then add your own; text_file is a file in the texts folder\"\r\n",
        /* entities */
        "ana_example,Ana Example,person,A. Example,Mayor of Exampletown,\r\n"
        "bo_sample,Bo Sample,person,,Director of Acme Ltd,\r\n",
        /* relations (the built-in ones need no row) */
        "met_with,met with,false,contact\r\n",
        /* claims: names or ids; the quote as copied (curly quotes and line breaks do not matter) */
        ",Ana Example,met_with,Bo Sample,example_daily,\"met Acme Ltd's director, Bo Sample, on Tuesday\",,,"
        "The mayor met Acme's director,two council officials,true,,3,,,supports,reported,2024-02-27,,,"
        "\"An empty id is derived from the row's content\"\r\n"};
    if (cg__ensure_dir(dir, diag) != 0) return CG_EIO;
    cg__buf tdir;
    cg__buf_init(&tdir);
    cg__buf_printf(&tdir, "%s/texts", dir);
    if (cg__ensure_dir(tdir.s, diag) != 0) {
        cg__buf_free(&tdir);
        return CG_EIO;
    }
    cg__outset set;
    memset(&set, 0, sizeof set);
    cg_status st = CG_OK;
    for (int k = 0; k < CG_SHEET_COUNT; k++) {
        cg__buf p;
        cg__buf_init(&p);
        cg__buf_printf(&p, "%s/%s", dir, cg_sheet_file_name((cg_sheet_kind)k));
        FILE *f = cg__outset_add(&set, p.s, diag);
        cg__buf_free(&p);
        if (!f) {
            st = CG_EIO;
            break;
        }
        write_header(f, (cg_sheet_kind)k);
        fputs(rows[k], f);
    }
    if (st == CG_OK) {
        cg__buf_printf(&tdir, "/example.txt");
        FILE *f = cg__outset_add(&set, tdir.s, diag);
        if (f) fputs(template_text, f);
        else st = CG_EIO;
    }
    cg__buf_free(&tdir);
    if (st == CG_OK) st = cg__outset_commit(&set, diag);
    cg__outset_abort(&set);
    return st;
}
