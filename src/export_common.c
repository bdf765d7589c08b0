/* What every export shares: which edges are exported, their supporting and refuting claims and
#define _POSIX_C_SOURCE 200809L
 * sources, caveats and dates; FtM ids; format names and options (the entry points are in export.c). */
#include "interop_impl.h"
#include "claimgraph/claimgraph.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[CG_EXPORT_COUNT] = {"gexf", "graphml", "ftm", "neo4j"};

const char *cg_export_format_name(cg_export_format f)
{
    return f >= 0 && f < CG_EXPORT_COUNT ? format_names[f] : "?";
}

int cg_export_format_parse(const char *name, cg_export_format *out)
{
    for (int i = 0; i < CG_EXPORT_COUNT; i++)
        if (!strcmp(name, format_names[i])) {
            *out = (cg_export_format)i;
            return 0;
        }
    return -1;
}

int cg_export_format_is_dir(cg_export_format f) { return f == CG_EXPORT_NEO4J; }

void cg_export_options_init(cg_export_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = CG_EXPORT_OPTIONS_VERSION;
}

/* ---- the exported edges ---- */

/* Compares two partial dates by their widened form. */
static int date_cmp(const char *a, const char *b, int end)
{
    char wa[11], wb[11];
    cg__date_widen(a, end, wa);
    cg__date_widen(b, end, wb);
    return strcmp(wa, wb);
}

static void xedge_init(cg__xedge *x, const cg_dataset *ds, const cg_edge *e)
{
    memset(x, 0, sizeof *x);
    x->e = e;
    x->refute_only = e->refute_only;
    size_t n = e->n_claims ? e->n_claims : 1;
    x->supporting = cg__xmalloc(n * sizeof *x->supporting);
    x->refuting = cg__xmalloc(n * sizeof *x->refuting);
    for (size_t i = 0; i < e->n_claims; i++) {
        if (cg_dataset_claim(ds, e->claims[i])->stance == CG_SUPPORTS) x->supporting[x->n_supporting++] = e->claims[i];
        else x->refuting[x->n_refuting++] = e->claims[i];
    }
    x->sup_sources = e->support_sources; /* the edge set's own lists (sorted by id) */
    x->n_sup_sources = e->n_support_sources;
    x->ref_sources = e->refute_sources;
    x->n_ref_sources = e->n_refute_sources;
    /* caveats: the claims' (input order), then the sources' (id order) */
    x->caveats = cg__xmalloc((e->n_claims + e->n_sources + 1) * sizeof *x->caveats);
    cg__buf b;
    cg__buf_init(&b);
    for (size_t i = 0; i < e->n_claims; i++) {
        const cg_claim *c = cg_dataset_claim(ds, e->claims[i]);
        if (!c->text->caveat) continue;
        cg__buf_printf(&b, "claim %s: %s", c->id, c->text->caveat);
        x->caveats[x->n_caveats++] = cg__buf_steal(&b);
    }
    for (size_t i = 0; i < e->n_sources; i++) {
        const cg_source *s = cg_dataset_source(ds, e->sources[i]);
        if (!s->caveat) continue;
        cg__buf_printf(&b, "source %s: %s", s->id, s->caveat);
        x->caveats[x->n_caveats++] = cg__buf_steal(&b);
    }
    /* dates: the union of the claims' intervals (supporting ones; refuting ones for a
     * refute-only edge); a claim without a bound leaves that side open */
    const cg_idx *cl = x->refute_only ? x->refuting : x->supporting;
    size_t ncl = x->refute_only ? x->n_refuting : x->n_supporting;
    int open_from = 0, open_to = 0;
    for (size_t i = 0; i < ncl; i++) {
        const cg_claim *c = cg_dataset_claim(ds, cl[i]);
        if (!c->valid_from) open_from = 1;
        else if (!x->valid_from || date_cmp(c->valid_from, x->valid_from, 0) < 0) x->valid_from = c->valid_from;
        if (!c->valid_to) open_to = 1;
        else if (!x->valid_to || date_cmp(c->valid_to, x->valid_to, 1) > 0) x->valid_to = c->valid_to;
    }
    if (open_from) x->valid_from = NULL;
    if (open_to) x->valid_to = NULL;
}

void cg__xgraph_init(cg__xgraph *x, const cg_dataset *ds, const cg_edgeset *es, const cg_export_options *o)
{
    memset(x, 0, sizeof *x);
    x->ds = ds;
    x->es = es;
    size_t n = cg_edgeset_size(es);
    x->edges = cg__xmalloc((n ? n : 1) * sizeof *x->edges);
    for (size_t i = 0; i < n; i++) {
        const cg_edge *e = cg_edgeset_get(es, i);
        if (e->refute_only && !o->show_denials) continue; /* refute-only: never a link unless asked */
        xedge_init(&x->edges[x->n++], ds, e);
    }
}

void cg__xgraph_free(cg__xgraph *x)
{
    for (size_t i = 0; i < x->n; i++) {
        cg__xedge *e = &x->edges[i];
        free(e->supporting);
        free(e->refuting);
        for (size_t k = 0; k < e->n_caveats; k++) free(e->caveats[k]);
        free(e->caveats);
    }
    free(x->edges);
    memset(x, 0, sizeof *x);
}

/* ---- small helpers ---- */

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}

int cg__date_widen(const char *p, int end, char out[11])
{
    size_t n = strlen(p);
    int y = atoi(p);
    if (n == 10) {
        memcpy(out, p, 11);
    } else if (n == 7) {
        int m = atoi(p + 5);
        snprintf(out, 11, "%.7s-%02d", p, end ? days_in_month(y, m) : 1);
    } else {
        snprintf(out, 11, "%.4s-%s", p, end ? "12-31" : "01-01");
    }
    return y > 0; /* XML Schema 1.0 has no year 0000 */
}

const char *cg__confidence_words(double p)
{
    if (p >= 0.95) return "almost certain";
    if (p >= 0.80) return "very likely";
    if (p >= 0.55) return "likely";
    if (p >= 0.45) return "roughly even chance";
    if (p >= 0.20) return "unlikely";
    if (p >= 0.05) return "very unlikely";
    return "almost no chance";
}

const char *cg__grade_letter(cg_grade g)
{
    static const char *const l[] = {"?", "A", "B", "C", "D", "E", "F"};
    return g <= 6 ? l[g] : "?";
}

char *cg__neo4j_type(const char *id)
{
    char *t = cg__xstrdup(id);
    for (char *p = t; *p; p++) {
        if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
        else if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_')) *p = '_';
    }
    return t;
}

void cg__put_esc(FILE *f, char *(*esc)(const char *), const char *s)
{
    char *e = esc(s ? s : "");
    fputs(e, f);
    free(e);
}

/* ---- FtM ids ---- */

static void ftm_escape(cg__buf *b, const char *id)
{
    for (const char *p = id; *p; p++) {
        switch (*p) {
        case '-': cg__buf_adds(b, "-h"); break;
        case '_': cg__buf_adds(b, "-u"); break;
        case '.': cg__buf_adds(b, "-d"); break;
        case ':': cg__buf_adds(b, "-c"); break;
        default: cg__buf_addc(b, *p); /* letters and digits: claimgraph ids have nothing else */
        }
    }
}

char *cg_ftm_id(char kind, const char *id, const char *id2)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_printf(&b, "cg-%c-", kind);
    ftm_escape(&b, id);
    if (id2) {
        cg__buf_adds(&b, "--");
        ftm_escape(&b, id2);
    }
    if (b.len <= 200) return cg__buf_steal(&b);
    /* too long for FtM: a hash of the claimgraph id(s), not reversible */
    cg__buf key;
    cg__buf_init(&key);
    cg__buf_adds(&key, id);
    if (id2) {
        cg__buf_addc(&key, '\n');
        cg__buf_adds(&key, id2);
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_Digest(key.s, key.len, md, &mdlen, EVP_sha1(), NULL);
    cg__buf_clear(&b);
    cg__buf_printf(&b, "cg-%c--x", kind); /* "-x" is no escape: cannot collide with an escaped id */
    for (unsigned i = 0; i < mdlen; i++) cg__buf_printf(&b, "%02x", md[i]);
    cg__buf_free(&key);
    return cg__buf_steal(&b);
}

char *cg_ftm_id_decode(const char *f, char *kind)
{
    if (strncmp(f, "cg-", 3) != 0 || !f[3] || f[4] != '-' || !strchr("escnd", f[3])) return NULL;
    const char *p = f + 5;
    cg__buf b;
    cg__buf_init(&b);
    for (; *p; p++) {
        char c = *p;
        if (c == '-') {
            char n = p[1];
            if (n == 'h') cg__buf_addc(&b, '-');
            else if (n == 'u') cg__buf_addc(&b, '_');
            else if (n == 'd') cg__buf_addc(&b, '.');
            else if (n == 'c') cg__buf_addc(&b, ':');
            else {
                cg__buf_free(&b);
                return NULL;
            }
            p++;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            cg__buf_addc(&b, c);
        } else {
            cg__buf_free(&b);
            return NULL;
        }
    }
    if (b.len == 0 || b.len > 128) {
        cg__buf_free(&b);
        return NULL;
    }
    *kind = f[3];
    return cg__buf_steal(&b);
}

/* A list of claim or source ids, as the sink's ids() takes it. */
static void edge_ids(const cg_dataset *ds, const cg__edge_sink *s, void *ctx, const char *name, const cg_idx *v,
                     size_t n, int sources)
{
    const char **ids = cg__xmalloc((n ? n : 1) * sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = sources ? cg_dataset_source(ds, v[i])->id : cg_dataset_claim(ds, v[i])->id;
    s->ids(ctx, name, ids, n);
    free(ids);
}

void cg__edge_values(const cg_dataset *ds, const cg__xedge *xe, int with_weight, const cg__edge_sink *s, void *ctx)
{
    const cg_edge *e = xe->e;
    const cg_relation *r = cg_dataset_relation(ds, e->relation);
    char num[64];
    s->value(ctx, "relation", r->id);
    s->value(ctx, "relation_label", r->label);
    s->value(ctx, "directed", e->directed ? "true" : "false");
    cg__format_decimal(e->confidence, 6, num, sizeof num);
    if (with_weight) s->value(ctx, "weight", num);
    s->value(ctx, "confidence", num);
    s->value(ctx, "confidence_words", xe->refute_only ? "no supporting claim" : cg__confidence_words(e->confidence));
    snprintf(num, sizeof num, "%zu", e->n_groups);
    s->value(ctx, "origins", num);
    s->value(ctx, "status", cg_claim_status_name(e->status));
    s->value(ctx, "disputed", e->disputed ? "true" : "false");
    s->value(ctx, "refute_only", xe->refute_only ? "true" : "false");
    s->value(ctx, "refute_confidence", cg__format_decimal(e->refute_confidence, 6, num, sizeof num));
    edge_ids(ds, s, ctx, "claims", e->claims, e->n_claims, 0);
    edge_ids(ds, s, ctx, "refuting_claims", xe->refuting, xe->n_refuting, 0);
    edge_ids(ds, s, ctx, "supporting_sources", xe->sup_sources, xe->n_sup_sources, 1);
    edge_ids(ds, s, ctx, "refuting_sources", xe->ref_sources, xe->n_ref_sources, 1);
    s->texts(ctx, "caveats", (const char *const *)xe->caveats, xe->n_caveats);
    if (xe->valid_from) s->value(ctx, "valid_from", xe->valid_from);
    if (xe->valid_to) s->value(ctx, "valid_to", xe->valid_to);
}
