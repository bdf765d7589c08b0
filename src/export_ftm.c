/* FollowTheMoney 3.x entities (JSON lines) for Aleph/OpenAleph: entities as Person, Organization,
 * Company, PublicBody, Address, LegalEntity; sources as Article/Document; one link entity per
 * supporting claim (Membership, Directorship, Employment, Associate, Family, Ownership, Payment
 * where the endpoint schemata fit, else UnknownLink); refuting claims as Notes; Documentation
 * between each source and the entities its claims name. Checked by the FtM model 3.8.4 in
 * tests/interop/validate_ftm.js. See README "Export and import" for what FtM cannot carry. */
#include "interop_impl.h"
#include "claimgraph/claimgraph.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* FtM's maximum value lengths (characters) per property type, FtM 3.8 */
#define FTM_NAME 384
#define FTM_STRING 1024
#define FTM_TEXT 65000
#define FTM_URL 4096
#define FTM_IDENT 64
#define FTM_ENTITY 200
#define FTM_ADDRESS 250
#define FTM_DATE 32

typedef enum ftm_schema {
    S_PERSON, S_ORGANIZATION, S_PUBLICBODY, S_COMPANY, S_ADDRESS, S_LEGALENTITY
} ftm_schema;
static const char *const schema_names[] = {"Person", "Organization", "PublicBody", "Company", "Address", "LegalEntity"};

typedef struct ctx {
    const cg__xgraph *x;
    const cg_dataset *ds;
    cg_diag *diag;
    FILE *f;
    const char *record;     /* the claimgraph record being written, for warnings */
    ftm_schema *schema;     /* per entity */
    size_t truncated;
} ctx;

static ftm_schema entity_schema(cg_entity_kind k, const char **topic, const char **keyword)
{
    *topic = *keyword = NULL;
    switch (k) {
    case CG_EK_PERSON: return S_PERSON;
    case CG_EK_COMPANY: return S_COMPANY;
    case CG_EK_GOVERNMENT_BODY: *topic = "gov"; return S_PUBLICBODY;
    case CG_EK_INTERNATIONAL_ORGANIZATION: *topic = "gov.igo"; return S_PUBLICBODY;
    case CG_EK_POLITICAL_PARTY: *topic = "pol.party"; return S_ORGANIZATION;
    case CG_EK_CRIMINAL_GROUP: *topic = "crime"; return S_ORGANIZATION;
    case CG_EK_ARMED_GROUP: *keyword = "armed group"; return S_ORGANIZATION;
    case CG_EK_NGO: *keyword = "ngo"; return S_ORGANIZATION;
    case CG_EK_MEDIA: *keyword = "media"; return S_ORGANIZATION;
    case CG_EK_PLACE: return S_ADDRESS;
    case CG_EK_ORGANIZATION: return S_ORGANIZATION;
    default: return S_LEGALENTITY;
    }
}

static int is_legal_entity(ftm_schema s) { return s != S_ADDRESS; }
static int is_organization(ftm_schema s) { return s == S_ORGANIZATION || s == S_PUBLICBODY || s == S_COMPANY; }

/* Appends `value` to property `name`, cut to `max` characters (code points) if longer. */
static void prop(ctx *c, json_t *props, const char *name, const char *value, size_t max)
{
    if (!value || !*value) return;
    /* count characters; cut = where the (max)th character starts, to end with an ellipsis */
    size_t n = strlen(value), chars = 0, cut = n;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)value[i] & 0xC0) != 0x80) {
            if (chars == max - 1) cut = i;
            chars++;
        }
    if (chars <= max) cut = n;
    json_t *arr = json_object_get(props, name);
    if (!arr) {
        arr = json_array();
        json_object_set_new(props, name, arr);
    }
    if (cut < n) {
        char *t = cg__xmalloc(cut + 4);
        memcpy(t, value, cut);
        memcpy(t + cut, "\xE2\x80\xA6", 4); /* U+2026 */
        json_array_append_new(arr, json_string(t));
        free(t);
        c->truncated++;
        cg_diag_add(c->diag, CG_SEV_WARNING, NULL, 0, 0,
                    "ftm: %s: property '%s' cut to FtM's limit of %zu characters", c->record, name, max);
    } else {
        json_array_append_new(arr, json_string(value));
    }
}

static void emit(ctx *c, const char *id, const char *schema, json_t *props)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "schema", json_string(schema));
    json_object_set_new(o, "properties", props);
    json_dumpf(o, c->f, JSON_COMPACT);
    fputc('\n', c->f);
    json_decref(o);
}

static char *eid(const cg_dataset *ds, cg_idx e) { return cg_ftm_id('e', cg_dataset_entity(ds, e)->id, NULL); }

static void write_entity(ctx *c, cg_idx i)
{
    const cg_entity *e = cg_dataset_entity(c->ds, i);
    const char *topic, *keyword;
    ftm_schema s = entity_schema(e->kind, &topic, &keyword);
    c->schema[i] = s;
    c->record = e->id;
    json_t *p = json_object();
    prop(c, p, "name", e->name, FTM_NAME);
    if (s == S_ADDRESS) prop(c, p, "full", e->name, FTM_ADDRESS);
    for (size_t k = 0; k < e->n_aliases; k++) prop(c, p, "alias", e->aliases[k], FTM_NAME);
    if (topic) prop(c, p, "topics", topic, FTM_IDENT);
    if (keyword) prop(c, p, "keywords", keyword, FTM_STRING);
    if (e->description) prop(c, p, "description", e->description, FTM_TEXT);
    json_t *other = NULL;
    for (size_t k = 0; k < e->n_external_ids; k++) {
        if (!strcmp(e->external_id_keys[k], "wikidata")) {
            prop(c, p, "wikidataId", e->external_id_values[k], FTM_IDENT);
        } else {
            if (!other) other = json_object();
            json_object_set_new(other, e->external_id_keys[k], json_string(e->external_id_values[k]));
        }
    }
    if (other) { /* FtM has no general external-id property: keep them readable and reversible */
        char *j = json_dumps(other, JSON_COMPACT | JSON_SORT_KEYS);
        cg__buf b;
        cg__buf_init(&b);
        cg__buf_printf(&b, "claimgraph external ids: %s", j);
        prop(c, p, "description", b.s, FTM_TEXT);
        cg__buf_free(&b);
        free(j);
        json_decref(other);
    }
    char *id = eid(c->ds, i);
    if (strncmp(id, "cg-e--x", 7) == 0) { /* hashed: keep the claimgraph id */
        cg__buf b;
        cg__buf_init(&b);
        cg__buf_printf(&b, "claimgraph id: %s", e->id);
        prop(c, p, "description", b.s, FTM_TEXT);
        cg__buf_free(&b);
    }
    emit(c, id, schema_names[s], p);
    free(id);
}

static void add_url(ctx *c, json_t *p, const char *name, const char *url)
{
    if (!url) return;
    char *u = cg_esc_url_data(url); /* http(s) only, unsafe bytes percent-encoded */
    if (u) prop(c, p, name, u, FTM_URL);
    free(u);
}

static void write_source(ctx *c, cg_idx i)
{
    const cg_source *s = cg_dataset_source(c->ds, i);
    c->record = s->id;
    json_t *p = json_object();
    prop(c, p, "title", s->title, FTM_STRING);
    if (s->publisher) prop(c, p, "publisher", s->publisher, FTM_STRING);
    if (s->author) prop(c, p, "author", s->author, FTM_STRING);
    if (s->published) prop(c, p, "publishedAt", s->published, FTM_DATE);
    add_url(c, p, "sourceUrl", s->url);
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_printf(&b, "%s.txt", s->id);
    prop(c, p, "fileName", b.s, FTM_STRING); /* required for Document */
    cg__buf_clear(&b);
    cg__buf_printf(&b, "claimgraph source %s (%s); reliability %s", s->id, cg_source_kind_name(s->kind),
                  s->reliability ? cg__grade_letter(s->reliability) : "not graded (F)");
    if (s->n_cites) {
        cg__buf_adds(&b, "; cites");
        for (size_t k = 0; k < s->n_cites; k++)
            cg__buf_printf(&b, "%s %s", k ? "," : "", cg_dataset_source(c->ds, s->cites[k])->id);
    }
    if (s->has_text_sha256) {
        char hex[65];
        cg_hex_sha256(s->text_sha256, hex);
        cg__buf_printf(&b, "; text SHA-256 %s", hex);
    }
    prop(c, p, "description", b.s, FTM_TEXT);
    if (s->caveat) {
        cg__buf_clear(&b);
        cg__buf_printf(&b, "Caveat: %s", s->caveat);
        prop(c, p, "description", b.s, FTM_TEXT);
    }
    cg__buf_free(&b);
    char *id = cg_ftm_id('s', s->id, NULL);
    emit(c, id, s->kind == CG_SK_NEWS ? "Article" : "Document", p);
    free(id);
}

/* The link schema for a claim, and its source/target property names. */
static const char *link_schema(const ctx *c, const cg_claim *cl, const char **sp, const char **tp, int *interest)
{
    const char *r = cg_dataset_relation(c->ds, cl->relation)->id;
    ftm_schema a = c->schema[cl->subject], b = c->schema[cl->object];
    *interest = 1;
    if ((!strcmp(r, "member_of") || !strcmp(r, "part_of")) && is_legal_entity(a) && is_organization(b)) {
        *sp = "member", *tp = "organization";
        return "Membership";
    }
    if (!strcmp(r, "leads") && is_legal_entity(a) && is_organization(b)) {
        *sp = "director", *tp = "organization";
        return "Directorship";
    }
    if (!strcmp(r, "employed_by") && a == S_PERSON && is_organization(b)) {
        *sp = "employee", *tp = "employer";
        return "Employment";
    }
    if (!strcmp(r, "controls") && is_legal_entity(a) && b == S_COMPANY) {
        *sp = "owner", *tp = "asset";
        return "Ownership";
    }
    if (!strcmp(r, "associate_of") && a == S_PERSON && b == S_PERSON) {
        *sp = "person", *tp = "associate", *interest = 0;
        return "Associate";
    }
    if (!strcmp(r, "family_of") && a == S_PERSON && b == S_PERSON) {
        *sp = "person", *tp = "relative", *interest = 0;
        return "Family";
    }
    if (!strcmp(r, "funds") && is_legal_entity(a) && is_legal_entity(b)) {
        *sp = "payer", *tp = "beneficiary", *interest = 0;
        return "Payment";
    }
    *sp = "subject", *tp = "object";
    return "UnknownLink";
}

/* The sentence that carries what FtM has no field for. */
static void describe(ctx *c, cg__buf *b, cg_idx ci, const cg__xedge *xe)
{
    const cg_dataset *ds = c->ds;
    const cg_claim *cl = cg_dataset_claim(ds, ci);
    const cg_claim_text *tx = cl->text;
    const cg_source *s = cg_dataset_source(ds, cl->source);
    const cg_entity *es = cg_dataset_entity(ds, cl->subject), *eo = cg_dataset_entity(ds, cl->object);
    const cg_relation *r = cg_dataset_relation(ds, cl->relation);
    const cg_edge *e = xe->e;
    char n1[64], n2[64];
    if (cl->stance == CG_REFUTES)
        cg__buf_printf(b, "REFUTES: claimgraph claim %s in source %s (\"%s\") denies that %s (%s) %s %s (%s).", cl->id,
                      s->id, s->title, es->name, es->id, r->label, eo->name, eo->id);
    else
        cg__buf_printf(b, "claimgraph claim %s in source %s (\"%s\"): %s (%s) %s %s (%s).", cl->id, s->id, s->title,
                      es->name, es->id, r->label, eo->name, eo->id);
    cg__buf_printf(b, " Voice: %s%s.", cl->attributed_to ? cl->attributed_to : "not recorded",
                  cl->anonymous ? " (anonymous)" : "");
    cg__buf_printf(b, " Status: %s.", cg_claim_status_name(cl->status));
    double conf = cg_edgeset_claim_confidence(c->x->es, ci);
    if (cl->confidence >= 0)
        cg__buf_printf(b, " Claim confidence %s (%s), given explicitly.", cg__format_decimal(conf, 4, n1, sizeof n1),
                      cg__confidence_words(conf));
    else
        cg__buf_printf(b, " Grades: reliability %s, credibility %d; claim confidence %s (%s).",
                      cg__grade_letter(cg_claim_reliability(ds, cl)), cl->credibility,
                      cg__format_decimal(conf, 4, n1, sizeof n1), cg__confidence_words(conf));
    if (xe->refute_only)
        cg__buf_printf(b, " No source supports this link; refuting confidence %s.",
                      cg__format_decimal(e->refute_confidence, 4, n1, sizeof n1));
    else
        cg__buf_printf(b, " The link (all claims on it) has confidence %s (%s) from %zu independent origin group%s%s%s.",
                      cg__format_decimal(e->confidence, 4, n1, sizeof n1), cg__confidence_words(e->confidence),
                      e->n_groups, e->n_groups == 1 ? "" : "s", e->disputed ? "; DISPUTED: refuting confidence " : "",
                      e->disputed ? cg__format_decimal(e->refute_confidence, 4, n2, sizeof n2) : "");
    if (tx->n_evidence) {
        cg__buf_adds(b, " Evidence: bytes");
        size_t shown = tx->n_evidence < 20 ? tx->n_evidence : 20;
        for (size_t k = 0; k < shown; k++)
            cg__buf_printf(b, "%s %llu-%llu", k ? "," : "", (unsigned long long)tx->evidence[k].start,
                          (unsigned long long)tx->evidence[k].end);
        if (shown < tx->n_evidence) cg__buf_printf(b, " and %zu more spans", tx->n_evidence - shown);
        cg__buf_adds(b, " of the source text.");
    } else {
        cg__buf_adds(b, " No evidence span recorded.");
    }
}

static void write_claim(ctx *c, cg_idx ci, const cg__xedge *xe)
{
    const cg_dataset *ds = c->ds;
    const cg_claim *cl = cg_dataset_claim(ds, ci);
    const cg_claim_text *tx = cl->text;
    const cg_source *s = cg_dataset_source(ds, cl->source);
    const cg_relation *r = cg_dataset_relation(ds, cl->relation);
    c->record = cl->id;
    json_t *p = json_object();
    char *subj = eid(ds, cl->subject), *obj = eid(ds, cl->object);
    cg__buf b;
    cg__buf_init(&b);
    const char *schema;
    char *id;
    if (cl->stance == CG_REFUTES) { /* FtM has no negative link: a link would assert it */
        schema = "Note";
        id = cg_ftm_id('n', cl->id, NULL);
        prop(c, p, "entity", subj, FTM_ENTITY);
        prop(c, p, "entity", obj, FTM_ENTITY);
        cg__buf_printf(&b, "Refutation: %s %s %s", cg_dataset_entity(ds, cl->subject)->name, r->label,
                      cg_dataset_entity(ds, cl->object)->name);
        prop(c, p, "name", b.s, FTM_NAME);
    } else {
        const char *sp, *tp;
        int interest;
        schema = link_schema(c, cl, &sp, &tp, &interest);
        id = cg_ftm_id('c', cl->id, NULL);
        prop(c, p, sp, subj, FTM_ENTITY);
        prop(c, p, tp, obj, FTM_ENTITY);
        if (interest) {
            prop(c, p, "role", r->label, FTM_STRING);
            prop(c, p, "status", cg_claim_status_name(cl->status), FTM_STRING);
        } else if (strcmp(schema, "Payment") != 0) {
            prop(c, p, "relationship", r->label, FTM_STRING);
        }
        prop(c, p, "recordId", cl->id, FTM_STRING);
        if (cl->valid_from) prop(c, p, "startDate", cl->valid_from, FTM_DATE);
        if (cl->valid_to) prop(c, p, "endDate", cl->valid_to, FTM_DATE);
    }
    if (tx->summary) prop(c, p, "summary", tx->summary, FTM_TEXT);
    cg__buf_clear(&b);
    describe(c, &b, ci, xe);
    prop(c, p, "description", b.s, FTM_TEXT);
    if (tx->caveat) {
        cg__buf_clear(&b);
        cg__buf_printf(&b, "Caveat: %s", tx->caveat);
        prop(c, p, "description", b.s, FTM_TEXT);
    }
    if (s->caveat) {
        cg__buf_clear(&b);
        cg__buf_printf(&b, "Caveat of source %s: %s", s->id, s->caveat);
        prop(c, p, "description", b.s, FTM_TEXT);
    }
    if (s->publisher) prop(c, p, "publisher", s->publisher, FTM_STRING);
    add_url(c, p, "sourceUrl", s->url);
    emit(c, id, schema, p);
    cg__buf_free(&b);
    free(id);
    free(subj);
    free(obj);
}

/* (source, entity) pairs of the exported claims, each with its claims. */
typedef struct docpair { cg_idx source, entity, claim; } docpair;

static int cmp_docpair(const void *x, const void *y)
{
    const docpair *a = x, *b = y;
    if (a->source != b->source) return a->source < b->source ? -1 : 1;
    if (a->entity != b->entity) return a->entity < b->entity ? -1 : 1;
    return a->claim < b->claim ? -1 : a->claim > b->claim;
}

cg_status cg__export_ftm(FILE *f, const cg__xgraph *x, const cg_export_options *o, cg_diag *diag)
{
    (void)o;
    const cg_dataset *ds = x->ds;
    ctx c = {x, ds, diag, f, NULL, NULL, 0};
    size_t ne = cg_dataset_n_entities(ds), ns = cg_dataset_n_sources(ds), nc = cg_dataset_n_claims(ds);
    c.schema = cg__xcalloc(ne ? ne : 1, sizeof *c.schema);
    for (size_t i = 0; i < ne; i++) write_entity(&c, (cg_idx)i);
    for (size_t i = 0; i < ns; i++) write_source(&c, (cg_idx)i);
    /* the exported claims, in input order */
    const cg__xedge **edge_of = cg__xcalloc(nc ? nc : 1, sizeof *edge_of);
    for (size_t i = 0; i < x->n; i++)
        for (size_t k = 0; k < x->edges[i].e->n_claims; k++) edge_of[x->edges[i].e->claims[k]] = &x->edges[i];
    docpair *pairs = cg__xmalloc((2 * nc + 1) * sizeof *pairs);
    size_t np = 0;
    for (size_t i = 0; i < nc; i++) {
        if (!edge_of[i]) continue;
        write_claim(&c, (cg_idx)i, edge_of[i]);
        const cg_claim *cl = cg_dataset_claim(ds, (cg_idx)i);
        pairs[np++] = (docpair){cl->source, cl->subject, (cg_idx)i};
        pairs[np++] = (docpair){cl->source, cl->object, (cg_idx)i};
    }
    /* Documentation: the source document names the entity */
    qsort(pairs, np, sizeof *pairs, cmp_docpair);
    cg__buf b;
    cg__buf_init(&b);
    for (size_t i = 0; i < np;) {
        size_t j = i;
        while (j < np && pairs[j].source == pairs[i].source && pairs[j].entity == pairs[i].entity) j++;
        const cg_source *s = cg_dataset_source(ds, pairs[i].source);
        const cg_entity *e = cg_dataset_entity(ds, pairs[i].entity);
        c.record = s->id;
        json_t *p = json_object();
        char *doc = cg_ftm_id('s', s->id, NULL), *ent = cg_ftm_id('e', e->id, NULL);
        prop(&c, p, "document", doc, FTM_ENTITY);
        prop(&c, p, "entity", ent, FTM_ENTITY);
        prop(&c, p, "role", "source of claimgraph claims", FTM_STRING);
        cg__buf_clear(&b);
        size_t n = 0;
        for (size_t k = i; k < j; k++) n += k == i || pairs[k].claim != pairs[k - 1].claim;
        cg__buf_printf(&b, "%zu claim%s about this entity in this source:", n, n == 1 ? "" : "s");
        for (size_t k = i; k < j; k++)
            if (k == i || pairs[k].claim != pairs[k - 1].claim)
                cg__buf_printf(&b, "%s %s", k == i ? "" : ",", cg_dataset_claim(ds, pairs[k].claim)->id);
        prop(&c, p, "summary", b.s, FTM_TEXT);
        if (s->publisher) prop(&c, p, "publisher", s->publisher, FTM_STRING);
        char *id = cg_ftm_id('d', s->id, e->id);
        emit(&c, id, "Documentation", p);
        free(id);
        free(doc);
        free(ent);
        i = j;
    }
    cg__buf_free(&b);
    free(pairs);
    free(edge_of);
    free(c.schema);
    return CG_OK;
}
