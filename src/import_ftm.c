/* FollowTheMoney entities (JSON lines) -> a claimgraph dataset: things -> entities, link
 * entities -> claims, documents -> sources; one collection source and one origin per input file.
 * See include/claimgraph/interop.h and README "Export and import". */
#include "interop_impl.h"
#include "jsonpos.h"

#include <errno.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

enum { FTM_THING = 1, FTM_DOCUMENT = 2, FTM_INTERVAL = 4, FTM_EDGE = 8, FTM_DIRECTED = 16 };

typedef struct fschema {
    const char *name;
    unsigned flags;
    const char *source, *target, *label;
} fschema;

static const fschema schemata[] = {
#define FTM_SCHEMA(n, f, s, t, l) {n, f, s, t, l},
#include "ftm_schemata.h"
#undef FTM_SCHEMA
};
#define NSCHEMATA (sizeof schemata / sizeof schemata[0])

static const fschema *find_schema(const char *name)
{
    size_t lo = 0, hi = NSCHEMATA;
    while (lo < hi) { /* the table is sorted by name */
        size_t mid = (lo + hi) / 2;
        int c = strcmp(schemata[mid].name, name);
        if (c == 0) return &schemata[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

#define MAX_LINE ((size_t)64 << 20)

/* One FtM entity (fragments with the same id merged). */
typedef struct fent {
    char *id;
    const char *schema_name;  /* borrowed from props' owner json (kept alive in `schema_json`) */
    json_t *schema_json;
    const fschema *schema;    /* NULL if unknown */
    json_t *props;            /* object of arrays (owned) */
    uint32_t file;            /* input index */
    unsigned long line;
    char *cg_id;              /* the claimgraph id it became (entity, source), or NULL */
    int kind;                 /* 'e' entity, 's' source, 0 none */
} fent;

typedef struct imp {
    cg_diag *diag;
    const char *const *paths;
    CG_VEC(fent) ents;
    cg__strmap *by_id;          /* FtM id -> index in ents */
    cg__strmap *entity_ids, *source_ids, *claim_ids, *relation_ids; /* claimgraph ids in use */
    CG_VEC(char *) owned;      /* strings the maps borrow */
    json_t *out_sources, *out_relations, *out_entities, *out_claims;
    char **file_source;        /* per input file: its collection source id */
    cg_ftm_import_report rep;
    int errors;
} imp;

static const char *keep(imp *m, char *s)
{
    CG_VEC_PUSH(m->owned, s);
    return s;
}

/* ---- reading ---- */

static const char *str_value(json_t *v)
{
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_object(v)) return json_string_value(json_object_get(v, "id")); /* a nested entity */
    return NULL;
}

static void add_entity(imp *m, json_t *o, uint32_t file, unsigned long line, int nested);

/* Merges the properties of `o` into entity `e`, registering nested entities. */
static void merge_props(imp *m, size_t idx, json_t *props, uint32_t file, unsigned long line)
{
    const char *k;
    json_t *arr;
    json_object_foreach(props, k, arr) {
        if (!json_is_array(arr)) arr = json_pack("[O]", arr); /* tolerate a single value */
        else json_incref(arr);
        json_t *eprops = m->ents.v[idx].props; /* nested entities below may move the vector, not this object */
        json_t *dst = json_object_get(eprops, k);
        if (!dst) {
            dst = json_array();
            json_object_set_new(eprops, k, dst);
        }
        size_t i;
        json_t *v;
        json_array_foreach(arr, i, v) {
            const char *s = str_value(v);
            if (!s || !*s) continue; /* FtM has no empty values */
            if (json_is_object(v) && json_is_string(json_object_get(v, "schema"))) add_entity(m, v, file, line, 1);
            int dup = 0;
            size_t j;
            json_t *w;
            json_array_foreach(dst, j, w) dup |= !strcmp(json_string_value(w), s);
            if (!dup) json_array_append_new(dst, json_string(s));
        }
        json_decref(arr);
    }
}

static void add_entity(imp *m, json_t *o, uint32_t file, unsigned long line, int nested)
{
    const char *id = json_string_value(json_object_get(o, "id"));
    json_t *schema = json_object_get(o, "schema");
    json_t *props = json_object_get(o, "properties");
    if (!props) props = json_object_get(o, "props"); /* never in FtM 3 files; be lenient with old dumps */
    if (!id || !*id || !json_is_string(schema) || (props && !json_is_object(props))) {
        if (!nested) {
            cg_diag_add(m->diag, CG_SEV_ERROR, m->paths[file], line, 1,
                        "an FtM entity needs \"id\" and \"schema\" strings and a \"properties\" object");
            m->errors++;
        }
        return;
    }
    uint32_t idx;
    if (cg__strmap_get(m->by_id, id, &idx)) {
        fent *e = &m->ents.v[idx];
        if (strcmp(e->schema_name, json_string_value(schema)) != 0) {
            cg_diag_add(m->diag, CG_SEV_WARNING, m->paths[file], line, 1,
                        "entity '%s' appears as %s and as %s: kept as %s (merge the fragments in FtM first)", id,
                        e->schema_name, json_string_value(schema), e->schema_name);
            return;
        }
        if (props) merge_props(m, idx, props, file, line);
        return;
    }
    fent e;
    memset(&e, 0, sizeof e);
    e.id = cg__xstrdup(id);
    e.schema_json = json_incref(schema);
    e.schema_name = json_string_value(schema);
    e.schema = find_schema(e.schema_name);
    e.props = json_object();
    e.file = file;
    e.line = line;
    CG_VEC_PUSH(m->ents, e);
    cg__strmap_put(m->by_id, m->ents.v[m->ents.n - 1].id, (uint32_t)(m->ents.n - 1), NULL);
    if (!nested) m->rep.lines++;
    if (props) merge_props(m, m->ents.n - 1, props, file, line);
}

/* Reads one line (without its end) into b; returns 0 at end of file, -1 if longer than MAX_LINE
 * (the rest of the line is skipped). */
static int read_line(FILE *f, cg__buf *b)
{
    cg__buf_clear(b);
    int c, any = 0, too_long = 0;
    while ((c = getc(f)) != EOF) {
        any = 1;
        if (c == '\n') break;
        if (b->len >= MAX_LINE) {
            too_long = 1;
            continue;
        }
        cg__buf_addc(b, (char)c);
    }
    if (!any) return 0;
    if (b->len && b->s[b->len - 1] == '\r') b->s[--b->len] = '\0';
    return too_long ? -1 : 1;
}

static void read_file(imp *m, uint32_t fi)
{
    const char *path = m->paths[fi];
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        cg_diag_add(m->diag, CG_SEV_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
        m->errors++;
        return;
    }
    cg__buf b;
    cg__buf_init(&b);
    unsigned long line = 0;
    int r;
    while ((r = read_line(f, &b)) != 0) {
        line++;
        if (r < 0) {
            cg_diag_add(m->diag, CG_SEV_ERROR, path, line, 1, "line longer than %zu bytes", MAX_LINE);
            m->errors++;
            continue;
        }
        const char *text = b.s ? b.s : "";
        size_t len = b.len;
        if (line == 1 && len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) text += 3, len -= 3; /* BOM */
        size_t sp = 0;
        while (sp < len && (text[sp] == ' ' || text[sp] == '\t')) sp++;
        if (sp == len) continue; /* blank line */
        if (memchr(text, '\0', len)) {
            cg_diag_add(m->diag, CG_SEV_ERROR, path, line, cg__utf8_count(text, (size_t)((const char *)memchr(text, '\0', len) - text)) + 1,
                        "NUL byte in input");
            m->errors++;
            continue;
        }
        size_t bad = cg__utf8_invalid_at((const unsigned char *)text, len);
        if (bad != (size_t)-1) {
            cg_diag_add(m->diag, CG_SEV_ERROR, path, line, cg__utf8_count(text, bad) + 1,
                        "invalid UTF-8 (byte 0x%02X); files must be UTF-8 encoded", (unsigned char)text[bad]);
            m->errors++;
            continue;
        }
        json_error_t jerr;
        json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
        if (!o) {
            size_t at = jerr.position > 0 ? (size_t)jerr.position - 1 : 0;
            if (at > len) at = len;
            cg_diag_add(m->diag, CG_SEV_ERROR, path, line, cg__utf8_count(text, at) + 1, "invalid JSON: %s", jerr.text);
            m->errors++;
            continue;
        }
        if (!json_is_object(o)) {
            cg_diag_add(m->diag, CG_SEV_ERROR, path, line, 1, "an FtM entity must be a JSON object");
            m->errors++;
        } else {
            json_t *id = json_object_get(o, "id"), *sc = json_object_get(o, "schema"), *pr = json_object_get(o, "properties");
            const char *which = !json_is_string(id) || !*json_string_value(id) ? "id"
                                : !json_is_string(sc)                          ? "schema"
                                : pr && !json_is_object(pr)                    ? "properties"
                                                                               : NULL;
            if (which) {
                size_t at = cg__jsonpos(text, len, which, -1, NULL);
                cg_diag_add(m->diag, CG_SEV_ERROR, path, line, cg__utf8_count(text, at) + 1,
                            "\"%s\" must be %s", which, !strcmp(which, "properties") ? "an object" : "a non-empty string");
                m->errors++;
            } else {
                add_entity(m, o, fi, line, 0);
            }
        }
        json_decref(o);
    }
    if (ferror(f)) {
        cg_diag_add(m->diag, CG_SEV_ERROR, path, 0, 0, "read error: %s", strerror(errno));
        m->errors++;
    }
    if (f != stdin) fclose(f);
    cg__buf_free(&b);
}

/* ---- values ---- */

static json_t *prop_array(const fent *e, const char *name)
{
    json_t *a = json_object_get(e->props, name);
    return json_is_array(a) && json_array_size(a) ? a : NULL;
}

static const char *first(const fent *e, const char *name)
{
    json_t *a = prop_array(e, name);
    return a ? json_string_value(json_array_get(a, 0)) : NULL;
}

static int has_value(const fent *e, const char *name, const char *value, int prefix)
{
    json_t *a = prop_array(e, name);
    size_t i;
    json_t *v;
    if (!a) return 0;
    json_array_foreach(a, i, v) {
        const char *s = json_string_value(v);
        if (prefix ? !strncmp(s, value, strlen(value)) : !strcmp(s, value)) return 1;
    }
    return 0;
}

static int valid_cg_id(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 128) return 0;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= '0' && s[0] <= '9') || s[0] == '_'))
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("_.:-", *p)))
            return 0;
    return 1;
}

static char *hashed_id(const char *prefix, const char *s)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(s, strlen(s), md, &n, EVP_sha1(), NULL);
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_adds(&b, prefix);
    for (unsigned i = 0; i < n; i++) cg__buf_printf(&b, "%02x", md[i]);
    return cg__buf_steal(&b);
}

/* A claimgraph id for FtM id `fid` of record kind `kind`, unique in `used`: the decoded id of a
 * claimgraph export, else the FtM id itself when it is a valid claimgraph id, else a hash. */
static const char *make_id(imp *m, cg__strmap *used, char kind, const char *fid, const char *hint)
{
    char k = 0;
    char *id = cg_ftm_id_decode(fid, &k);
    if (id && k != kind) {
        free(id);
        id = NULL;
    }
    if (!id && hint && valid_cg_id(hint)) id = cg__xstrdup(hint);
    if (!id && valid_cg_id(fid)) id = cg__xstrdup(fid);
    if (!id) id = hashed_id("ftm-", fid);
    uint32_t dummy;
    for (unsigned n = 2; cg__strmap_get(used, id, &dummy); n++) {
        cg__buf b;
        cg__buf_init(&b);
        cg__buf_printf(&b, "%.100s-%u", id, n);
        free(id);
        id = cg__buf_steal(&b);
    }
    keep(m, id);
    cg__strmap_put(used, id, 1, NULL);
    return id;
}

/* FtM dates are prefixes of YYYY-MM-DDTHH:MM:SS: keep the date part when it is a valid date
 * (the loader's own rule, cg_date_valid). */
static int date_part(const char *s, char out[11])
{
    size_t n = 0;
    while (s[n] && s[n] != 'T' && s[n] != ' ' && n < 10) n++;
    if (s[n] && s[n] != 'T' && s[n] != ' ') return 0;
    memcpy(out, s, n);
    out[n] = '\0';
    return cg_date_valid(out);
}

static void set_str(json_t *o, const char *k, const char *v)
{
    if (v && *v) json_object_set_new(o, k, json_string(v));
}

/* ---- mapping ---- */

static const char *const marker_ext = "claimgraph external ids: ";
static const char *const marker_id = "claimgraph id: ";
static const char *const marker_caveat = "Caveat: ";

static void map_entity(imp *m, fent *e)
{
    const char *sn = e->schema->name;
    const char *hint = NULL;
    json_t *desc = prop_array(e, "description");
    size_t i;
    json_t *v;
    if (desc) json_array_foreach(desc, i, v) if (!strncmp(json_string_value(v), marker_id, strlen(marker_id)))
            hint = json_string_value(v) + strlen(marker_id);
    const char *id = make_id(m, m->entity_ids, 'e', e->id, hint);
    e->cg_id = (char *)id;
    e->kind = 'e';
    const char *kind = "other";
    if (!strcmp(sn, "Person")) kind = "person";
    else if (!strcmp(sn, "Company")) kind = "company";
    else if (!strcmp(sn, "PublicBody")) kind = has_value(e, "topics", "gov.igo", 0) ? "international_organization" : "government_body";
    else if (!strcmp(sn, "Organization")) {
        kind = has_value(e, "topics", "pol.party", 0)       ? "political_party"
               : has_value(e, "topics", "crime", 1)         ? "criminal_group"
               : has_value(e, "keywords", "armed group", 0) ? "armed_group"
               : has_value(e, "keywords", "ngo", 0)         ? "ngo"
               : has_value(e, "keywords", "media", 0)       ? "media"
                                                            : "organization";
    } else if (!strcmp(sn, "Address")) kind = "place";
    const char *name = first(e, "name");
    if (!name) name = first(e, "full");
    if (!name) name = first(e, "title");
    if (!name) name = e->id;
    json_t *o = json_object();
    set_str(o, "type", "entity");
    set_str(o, "id", id);
    set_str(o, "name", name);
    set_str(o, "kind", kind);
    json_t *aliases = json_array();
    static const char *const alias_props[] = {"name", "alias", "previousName", "weakAlias"};
    for (size_t p = 0; p < 4; p++) {
        json_t *a = prop_array(e, alias_props[p]);
        if (!a) continue;
        json_array_foreach(a, i, v) {
            const char *s = json_string_value(v);
            int dup = !strcmp(s, name);
            size_t j;
            json_t *w;
            json_array_foreach(aliases, j, w) dup |= !strcmp(json_string_value(w), s);
            if (!dup) json_array_append_new(aliases, json_string(s));
        }
    }
    if (json_array_size(aliases)) json_object_set_new(o, "aliases", aliases);
    else json_decref(aliases);
    cg__buf d;
    cg__buf_init(&d);
    json_t *ext = json_object();
    if (desc) json_array_foreach(desc, i, v) {
            const char *s = json_string_value(v);
            if (!strncmp(s, marker_id, strlen(marker_id))) continue;
            if (!strncmp(s, marker_ext, strlen(marker_ext))) {
                json_t *x = json_loads(s + strlen(marker_ext), JSON_REJECT_DUPLICATES, NULL);
                const char *k;
                json_t *xv;
                if (json_is_object(x)) json_object_foreach(x, k, xv) if (json_is_string(xv) && *k && json_string_length(xv))
                        json_object_set(ext, k, xv);
                json_decref(x);
                continue;
            }
            cg__buf_printf(&d, "%s%s", d.len ? "\n" : "", s);
        }
    if (strcmp(sn, "Person") && strcmp(sn, "Company") && strcmp(sn, "PublicBody") && strcmp(sn, "Organization") &&
        strcmp(sn, "Address") && strcmp(sn, "LegalEntity"))
        cg__buf_printf(&d, "%sFtM %s", d.len ? "\n" : "", sn); /* say what kind of thing "other" is */
    if (d.len) set_str(o, "description", d.s);
    cg__buf_free(&d);
    const char *wd = first(e, "wikidataId");
    if (wd) json_object_set_new(ext, "wikidata", json_string(wd));
    char k = 0;
    char *dec = cg_ftm_id_decode(e->id, &k);
    if (!dec) json_object_set_new(ext, "ftm", json_string(e->id));
    free(dec);
    if (json_object_size(ext)) json_object_set_new(o, "external_ids", ext);
    else json_decref(ext);
    json_array_append_new(m->out_entities, o);
    m->rep.entities++;
}

static void map_source(imp *m, fent *e)
{
    const char *id = make_id(m, m->source_ids, 's', e->id, NULL);
    e->cg_id = (char *)id;
    e->kind = 's';
    const char *title = first(e, "title");
    if (!title) title = first(e, "name");
    if (!title) title = first(e, "fileName");
    if (!title) title = e->id;
    const char *kind = !strcmp(e->schema->name, "Article") ? "news" : "other";
    char rel[2] = {0, 0};
    const char *caveat = NULL;
    json_t *desc = prop_array(e, "description");
    size_t i;
    json_t *v;
    char kindbuf[32];
    if (desc) json_array_foreach(desc, i, v) {
            const char *s = json_string_value(v);
            const char *p = strstr(s, "claimgraph source ");
            if (p == s) { /* "claimgraph source ID (KIND); reliability X" */
                const char *open = strchr(s, '(');
                const char *close = open ? strchr(open, ')') : NULL;
                cg_source_kind sk;
                if (close && (size_t)(close - open - 1) < sizeof kindbuf) {
                    memcpy(kindbuf, open + 1, (size_t)(close - open - 1));
                    kindbuf[close - open - 1] = '\0';
                    if (cg_source_kind_parse(kindbuf, &sk) == 0) kind = cg_source_kind_name(sk);
                }
                const char *r = close ? strstr(close, "; reliability ") : NULL;
                if (r && r[14] >= 'A' && r[14] <= 'E' && (r[15] == ';' || r[15] == '\0')) rel[0] = r[14];
            } else if (!strncmp(s, marker_caveat, strlen(marker_caveat)) && !caveat) {
                caveat = s + strlen(marker_caveat);
            }
        }
    json_t *o = json_object();
    set_str(o, "type", "source");
    set_str(o, "id", id);
    set_str(o, "title", title);
    set_str(o, "kind", kind);
    set_str(o, "publisher", first(e, "publisher"));
    set_str(o, "author", first(e, "author"));
    set_str(o, "url", first(e, "sourceUrl"));
    char date[11];
    const char *pub = first(e, "publishedAt");
    if (pub && date_part(pub, date)) set_str(o, "published", date);
    else if (pub)
        cg_diag_add(m->diag, CG_SEV_WARNING, m->paths[e->file], e->line, 1, "%s '%s': publishedAt '%s' is not a date: left out",
                    e->schema->name, e->id, pub);
    if (rel[0]) set_str(o, "reliability", rel);
    if (caveat && cg__utf8_count(caveat, strlen(caveat)) <= CG_CAVEAT_MAX) set_str(o, "caveat", caveat);
    json_array_append_new(m->out_sources, o);
    m->rep.sources++;
}

static const char *relation_for(imp *m, const fschema *s)
{
    static const char *const builtin[][2] = {{"Membership", "member_of"}, {"Directorship", "leads"},
                                             {"Employment", "employed_by"}, {"Associate", "associate_of"},
                                             {"Family", "family_of"},      {"Payment", "funds"}};
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
        if (!strcmp(s->name, builtin[i][0])) return builtin[i][1];
    const char *id, *label;
    int directed = (s->flags & FTM_DIRECTED) != 0;
    cg__buf b;
    cg__buf_init(&b);
    if (!strcmp(s->name, "UnknownLink")) {
        id = "linked_to", label = "linked to";
    } else if (!strcmp(s->name, "Ownership")) {
        id = "owns", label = "owns";
    } else { /* the schema name in snake case, its edge label */
        for (const char *p = s->name; *p; p++) {
            if (*p >= 'A' && *p <= 'Z') {
                if (p != s->name) cg__buf_addc(&b, '_');
                cg__buf_addc(&b, (char)(*p - 'A' + 'a'));
            } else cg__buf_addc(&b, *p);
        }
        id = b.s, label = s->label;
    }
    uint32_t dummy;
    if (!cg__strmap_get(m->relation_ids, id, &dummy)) {
        const char *kid = keep(m, cg__xstrdup(id));
        cg__strmap_put(m->relation_ids, kid, 1, NULL);
        json_t *o = json_object();
        set_str(o, "type", "relation");
        set_str(o, "id", kid);
        set_str(o, "label", label);
        json_object_set_new(o, "directed", json_boolean(directed));
        set_str(o, "category", "ftm");
        json_array_append_new(m->out_relations, o);
        m->rep.relations++;
        id = kid;
    } else {
        /* return the kept copy */
        for (size_t i = 0; i < m->owned.n; i++)
            if (!strcmp(m->owned.v[i], id)) {
                id = m->owned.v[i];
                break;
            }
    }
    cg__buf_free(&b);
    return id;
}

static const fent *ref(imp *m, const char *fid)
{
    uint32_t i;
    return cg__strmap_get(m->by_id, fid, &i) ? &m->ents.v[i] : NULL;
}

static void map_link(imp *m, fent *e)
{
    const fschema *s = e->schema;
    json_t *srcs = prop_array(e, s->source), *tgts = prop_array(e, s->target);
    const char *path = m->paths[e->file];
    if (!srcs || !tgts) {
        cg_diag_add(m->diag, CG_SEV_WARNING, path, e->line, 1, "%s '%s' has no %s: no claim", s->name, e->id,
                    !srcs ? s->source : s->target);
        m->rep.skipped_links++;
        return;
    }
    const char *relation = relation_for(m, s);
    size_t npairs = json_array_size(srcs) * json_array_size(tgts), k = 0;
    size_t i, j;
    json_t *a, *b;
    json_array_foreach(srcs, i, a) json_array_foreach(tgts, j, b) {
            k++;
            const fent *sub = ref(m, json_string_value(a)), *obj = ref(m, json_string_value(b));
            const char *missing = !sub || sub->kind != 'e' ? json_string_value(a) : !obj || obj->kind != 'e' ? json_string_value(b) : NULL;
            if (missing) {
                cg_diag_add(m->diag, CG_SEV_WARNING, path, e->line, 1,
                            "%s '%s': '%s' is not a thing in the input (or not one claimgraph can take): no claim",
                            s->name, e->id, missing);
                m->rep.skipped_links++;
                continue;
            }
            if (sub == obj) {
                cg_diag_add(m->diag, CG_SEV_WARNING, path, e->line, 1, "%s '%s' links '%s' to itself: no claim", s->name,
                            e->id, sub->id);
                m->rep.skipped_links++;
                continue;
            }
            /* claim id: the decoded claimgraph id, else the FtM id; "-K" when the link gives several */
            const char *base = NULL;
            char kc = 0;
            char *dec = cg_ftm_id_decode(e->id, &kc);
            const char *rec = first(e, "recordId");
            if (dec && kc == 'c') base = keep(m, dec);
            else {
                free(dec);
                if (!strncmp(e->id, "cg-c--x", 7) && rec && valid_cg_id(rec)) base = rec;
                else base = e->id;
            }
            cg__buf idb;
            cg__buf_init(&idb);
            if (npairs > 1) cg__buf_printf(&idb, "%s-%zu", base, k);
            else cg__buf_adds(&idb, base);
            const char *cid = make_id(m, m->claim_ids, 'c', idb.s, NULL);
            cg__buf_free(&idb);
            json_t *o = json_object();
            set_str(o, "type", "claim");
            set_str(o, "id", cid);
            set_str(o, "subject", sub->cg_id);
            set_str(o, "relation", relation);
            set_str(o, "object", obj->cg_id);
            /* the source: a Document proving the link (FtM 4 `proof`), else the file's collection */
            const char *src = m->file_source[e->file];
            const char *proof = first(e, "proof");
            const fent *pd = proof ? ref(m, proof) : NULL;
            if (pd && pd->kind == 's') src = pd->cg_id;
            set_str(o, "source", src);
            set_str(o, "summary", first(e, "summary"));
            set_str(o, "origin", m->file_source[e->file]);
            const char *st = first(e, "status");
            cg_claim_status cs;
            if (st && cg_claim_status_parse(st, &cs) == 0) set_str(o, "status", cg_claim_status_name(cs));
            char from[11], to[11];
            const char *sd = first(e, "startDate"), *ed = first(e, "endDate");
            int has_from = sd && date_part(sd, from), has_to = ed && date_part(ed, to);
            if (sd && !has_from)
                cg_diag_add(m->diag, CG_SEV_WARNING, path, e->line, 1, "%s '%s': startDate '%s' is not a date: left out",
                            s->name, e->id, sd);
            if (ed && !has_to)
                cg_diag_add(m->diag, CG_SEV_WARNING, path, e->line, 1, "%s '%s': endDate '%s' is not a date: left out",
                            s->name, e->id, ed);
            if (has_from && has_to) {
                char wf[11], wt[11];
                cg__date_widen(from, 0, wf);
                cg__date_widen(to, 1, wt);
                if (strcmp(wt, wf) < 0) {
                    cg_diag_add(m->diag, CG_SEV_WARNING, path, e->line, 1, "%s '%s': endDate %s before startDate %s: "
                                "endDate left out", s->name, e->id, to, from);
                    has_to = 0;
                }
            }
            if (has_from) set_str(o, "valid_from", from);
            if (has_to) set_str(o, "valid_to", to);
            cg__buf nb;
            cg__buf_init(&nb);
            cg__buf_printf(&nb, "Imported from FtM %s '%s'.", s->name, e->id);
            static const char *const keep_props[] = {"role", "relationship", "status", "recordId", "publisher",
                                                     "sourceUrl", "date", "description"};
            for (size_t p = 0; p < sizeof keep_props / sizeof keep_props[0]; p++) {
                json_t *arr = prop_array(e, keep_props[p]);
                size_t q;
                json_t *v;
                if (arr) json_array_foreach(arr, q, v) cg__buf_printf(&nb, " %s: %s", keep_props[p], json_string_value(v));
            }
            set_str(o, "notes", nb.s);
            cg__buf_free(&nb);
            json_array_append_new(m->out_claims, o);
            m->rep.claims++;
        }
}

static void unmapped(imp *m, const fent *e, const char *why)
{
    cg_diag_add(m->diag, CG_SEV_WARNING, m->paths[e->file], e->line, 1, "%s '%s' not imported: %s",
                e->schema_name, e->id, why);
    m->rep.unmapped++;
}

/* The collection source of each input file. */
static void file_sources(imp *m, size_t n_paths)
{
    m->file_source = cg__xcalloc(n_paths, sizeof *m->file_source);
    for (size_t fi = 0; fi < n_paths; fi++) {
        const char *p = m->paths[fi];
        const char *base = strcmp(p, "-") ? strrchr(p, '/') : NULL;
        base = !strcmp(p, "-") ? "stdin" : base ? base + 1 : p;
        cg__buf b;
        cg__buf_init(&b);
        cg__buf_adds(&b, "ftm-");
        for (const char *q = base; *q && b.len < 100; q++) {
            char c = *q;
            int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            cg__buf_addc(&b, ok ? c : '_');
        }
        const char *id = make_id(m, m->source_ids, 's', b.s, NULL);
        cg__buf_free(&b);
        m->file_source[fi] = (char *)id;
        json_t *o = json_object();
        set_str(o, "type", "source");
        set_str(o, "id", id);
        cg__buf_init(&b);
        cg__buf_printf(&b, "FollowTheMoney entities in %s", base);
        set_str(o, "title", b.s);
        cg__buf_free(&b);
        set_str(o, "kind", "other");
        set_str(o, "notes", "Every claim imported from this file; one origin: a collection counts as one witness.");
        json_array_append_new(m->out_sources, o);
        m->rep.sources++;
    }
}

static void dump(cg__buf *b, json_t *arr)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char *s = json_dumps(o, JSON_COMPACT);
        cg__buf_adds(b, s);
        cg__buf_addc(b, '\n');
        free(s);
    }
}

cg_status cg_import_ftm(FILE *out, const char *const *paths, size_t n_paths, cg_ftm_import_report *rep,
                        cg_diag *diag)
{
    imp m;
    memset(&m, 0, sizeof m);
    m.diag = diag;
    m.paths = paths;
    m.by_id = cg__strmap_new(1024);
    m.entity_ids = cg__strmap_new(1024);
    m.source_ids = cg__strmap_new(64);
    m.claim_ids = cg__strmap_new(1024);
    m.relation_ids = cg__strmap_new(16);
    m.out_sources = json_array();
    m.out_relations = json_array();
    m.out_entities = json_array();
    m.out_claims = json_array();
    cg_status st = CG_OK;
    for (size_t i = 0; i < n_paths; i++) read_file(&m, (uint32_t)i);
    if (m.errors) {
        st = CG_EDATA;
        goto done;
    }
    file_sources(&m, n_paths);
    /* things and documents first (links refer to them), in input order */
    for (size_t i = 0; i < m.ents.n; i++) {
        fent *e = &m.ents.v[i];
        if (!e->schema) continue;
        if (e->schema->flags & FTM_DOCUMENT) map_source(&m, e);
        else if ((e->schema->flags & FTM_THING) && !(e->schema->flags & FTM_EDGE) && strcmp(e->schema->name, "Note"))
            map_entity(&m, e);
    }
    for (size_t i = 0; i < m.ents.n; i++) {
        fent *e = &m.ents.v[i];
        if (!e->schema) unmapped(&m, e, "the schema is not in FtM 3.8's model");
        else if (e->kind) continue;
        else if (!strcmp(e->schema->name, "Documentation")) m.rep.documentation++;
        else if (!strcmp(e->schema->name, "Note"))
            unmapped(&m, e, "a Note is free text; claimgraph exports its refuting claims as Notes, and they are not "
                            "turned back into claims (FtM has no negative link)");
        else if (e->schema->flags & FTM_EDGE) map_link(&m, e);
        else unmapped(&m, e, "neither a thing, a document nor a link");
    }
    cg__buf b;
    cg__buf_init(&b);
    dump(&b, m.out_sources);
    dump(&b, m.out_relations);
    dump(&b, m.out_entities);
    dump(&b, m.out_claims);
    /* what we write must load */
    cg_diag *check = cg_diag_new(20);
    cg_dataset *ds = NULL;
    cg_load_options lo;
    cg_load_options_init(&lo);
    lo.threads = 1;
    if (cg_dataset_load_buffer(&ds, "<import>", b.s ? b.s : "", b.len, &lo, check) != CG_OK) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "import: the dataset produced does not load (a bug; please report it):");
        for (size_t i = 0; i < cg_diag_size(check); i++)
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "  %lu:%lu: %s", cg_diag_get(check, i)->line,
                        cg_diag_get(check, i)->col, cg_diag_get(check, i)->message);
        st = CG_EDATA;
    } else if (b.len && fwrite(b.s, 1, b.len, out) != b.len) {
        st = CG_EIO;
    }
    cg_dataset_free(ds);
    cg_diag_free(check);
    cg__buf_free(&b);
done:
    if (rep) *rep = m.rep;
    for (size_t i = 0; i < m.ents.n; i++) {
        free(m.ents.v[i].id);
        json_decref(m.ents.v[i].props);
        json_decref(m.ents.v[i].schema_json);
    }
    CG_VEC_FREE(m.ents);
    for (size_t i = 0; i < m.owned.n; i++) free(m.owned.v[i]);
    CG_VEC_FREE(m.owned);
    free(m.file_source);
    cg__strmap_free(m.by_id);
    cg__strmap_free(m.entity_ids);
    cg__strmap_free(m.source_ids);
    cg__strmap_free(m.claim_ids);
    cg__strmap_free(m.relation_ids);
    json_decref(m.out_sources);
    json_decref(m.out_relations);
    json_decref(m.out_entities);
    json_decref(m.out_claims);
    return st;
}
