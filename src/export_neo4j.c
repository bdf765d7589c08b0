/* Neo4j: CSV files in the header format of `neo4j-admin database import full` (nodes :ID and
 * :LABEL, relationships :START_ID :END_ID :TYPE, typed properties, arrays joined by ';'), and a
 * LOAD CSV Cypher script that loads the same files into an existing database. Two layers: the
 * aggregated edges (Entity)-[:RELATION]->(Entity) for analysis, and the claims as nodes
 * (Claim)-[:SUBJECT|OBJECT]->(Entity), (Claim)-[:REPORTED_IN]->(Source) for provenance. */
#include "interop_impl.h"
#include "sheets_impl.h"
#include "claimgraph/claimgraph.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct nctx {
    const cg__xgraph *x;
    const cg_dataset *ds;
    size_t hazards;          /* values that LOAD CSV's legacy quote escaping would misread */
    const char *hazard_file;
} nctx;

/* A quoted string field; NULL writes an empty (unquoted) field, which Neo4j reads as "no value". */
static void str(nctx *c, FILE *f, const char *s)
{
    if (!s) return;
    if (cg_csv_legacy_quote_hazard(s)) c->hazards++;
    cg__put_esc(f, cg_esc_csv_rfc4180, s);
}

static void sep(FILE *f) { fputc(',', f); }

/* ids joined by ';' (claimgraph ids contain no ';', ',' or '"'); empty list = empty field */
static void ids(FILE *f, const cg_dataset *ds, const cg_idx *v, size_t n, int sources)
{
    for (size_t i = 0; i < n; i++) {
        if (i) fputc(';', f);
        fputs(sources ? cg_dataset_source(ds, v[i])->id : cg_dataset_claim(ds, v[i])->id, f);
    }
}

static void json_list(nctx *c, FILE *f, const char *const *items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(a, json_string(items[i]));
    char *s = json_dumps(a, JSON_COMPACT);
    str(c, f, s);
    free(s);
    json_decref(a);
}

/* person -> Person, political_party -> PoliticalParty */
static void label_of(cg__buf *b, const char *kind)
{
    int up = 1;
    for (const char *p = kind; *p; p++) {
        if (*p == '_') {
            up = 1;
            continue;
        }
        cg__buf_addc(b, up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
        up = 0;
    }
}

static const char *measure_type(int m) { return m == CG_M_DEGREE || m == CG_M_CORENESS ? "long" : "double"; }

static cg_status write_entities(nctx *c, FILE *f, const cg_export_options *o)
{
    const cg_dataset *ds = c->ds;
    const cg_centrality *cen = o->centrality;
    fputs("id:ID(Entity),:LABEL,name,kind,aliases_json,description,external_ids_json", f);
    if (cen)
        for (int m = 0; m < CG_M_COUNT; m++)
            if (cen->values[m]) fprintf(f, ",%s:%s", cg_measure_name((cg_measure)m), measure_type(m));
    fputc('\n', f);
    char num[CG_CENTRALITY_FMT_MAX];
    for (size_t i = 0; i < cg_dataset_n_entities(ds); i++) {
        const cg_entity *e = cg_dataset_entity(ds, (cg_idx)i);
        str(c, f, e->id);
        sep(f);
        cg__buf b;
        cg__buf_init(&b);
        cg__buf_adds(&b, "Entity;");
        label_of(&b, cg_entity_kind_name(e->kind));
        str(c, f, b.s);
        cg__buf_free(&b);
        sep(f);
        str(c, f, e->name);
        sep(f);
        str(c, f, cg_entity_kind_name(e->kind));
        sep(f);
        json_list(c, f, (const char *const *)e->aliases, e->n_aliases);
        sep(f);
        str(c, f, e->description);
        sep(f);
        if (e->n_external_ids) {
            json_t *x = json_object();
            for (size_t k = 0; k < e->n_external_ids; k++)
                json_object_set_new(x, e->external_id_keys[k], json_string(e->external_id_values[k]));
            char *s = json_dumps(x, JSON_COMPACT | JSON_SORT_KEYS);
            str(c, f, s);
            free(s);
            json_decref(x);
        }
        if (cen)
            for (int m = 0; m < CG_M_COUNT; m++) {
                if (!cen->values[m]) continue;
                double v = cen->values[m][i];
                if (m == CG_M_DEGREE || m == CG_M_CORENESS) cg__format_decimal(v, 0, num, sizeof num);
                else cg_centrality_format(v, num);
                fprintf(f, ",%s", num);
            }
        fputc('\n', f);
    }
    return CG_OK;
}

static cg_status write_sources(nctx *c, FILE *f, FILE *cites)
{
    const cg_dataset *ds = c->ds;
    fputs("id:ID(Source),:LABEL,title,kind,publisher,author,url,published,reliability,text_sha256,caveat\n", f);
    fputs(":START_ID(Source),:END_ID(Source),:TYPE\n", cites);
    for (size_t i = 0; i < cg_dataset_n_sources(ds); i++) {
        const cg_source *s = cg_dataset_source(ds, (cg_idx)i);
        str(c, f, s->id);
        fputs(",\"Source\",", f);
        str(c, f, s->title);
        sep(f);
        str(c, f, cg_source_kind_name(s->kind));
        sep(f);
        str(c, f, s->publisher);
        sep(f);
        str(c, f, s->author);
        sep(f);
        str(c, f, s->url);
        sep(f);
        str(c, f, s->published);
        sep(f);
        str(c, f, s->reliability ? cg__grade_letter(s->reliability) : NULL);
        sep(f);
        if (s->has_text_sha256) {
            char hex[65];
            cg_hex_sha256(s->text_sha256, hex);
            str(c, f, hex);
        }
        sep(f);
        str(c, f, s->caveat);
        fputc('\n', f);
        for (size_t k = 0; k < s->n_cites; k++) {
            str(c, cites, s->id);
            sep(cites);
            str(c, cites, cg_dataset_source(ds, s->cites[k])->id);
            fputs(",\"CITES\"\n", cites);
        }
    }
    return CG_OK;
}

static void claim_row(nctx *c, FILE *f, cg_idx ci)
{
    const cg_dataset *ds = c->ds;
    const cg_claim *cl = cg_dataset_claim(ds, ci);
    const cg_claim_text *tx = cl->text;
    char num[64];
    str(c, f, cl->id);
    fputs(cl->stance == CG_REFUTES ? ",\"Claim;Refutation\"," : ",\"Claim\",", f);
    str(c, f, cg_dataset_relation(ds, cl->relation)->id);
    sep(f);
    str(c, f, cg_stance_name(cl->stance));
    sep(f);
    str(c, f, cg_claim_status_name(cl->status));
    sep(f);
    str(c, f, tx->summary);
    sep(f);
    str(c, f, cl->attributed_to);
    fprintf(f, ",%s,", cl->anonymous ? "true" : "false");
    str(c, f, cl->origin);
    fprintf(f, ",%d,", cl->credibility);
    str(c, f, cg__grade_letter(cg_claim_reliability(ds, cl)));
    fprintf(f, ",%s,", cg__format_decimal(cg_edgeset_claim_confidence(c->x->es, ci), 6, num, sizeof num));
    str(c, f, cl->valid_from);
    sep(f);
    str(c, f, cl->valid_to);
    sep(f);
    str(c, f, tx->caveat);
    sep(f);
    for (size_t k = 0; k < tx->n_evidence; k++)
        fprintf(f, "%s%llu", k ? ";" : "", (unsigned long long)tx->evidence[k].start);
    sep(f);
    for (size_t k = 0; k < tx->n_evidence; k++)
        fprintf(f, "%s%llu", k ? ";" : "", (unsigned long long)tx->evidence[k].end);
    sep(f);
    for (size_t k = 0; k < tx->n_evidence; k++) {
        char hex[65];
        cg_hex_sha256(tx->evidence[k].sha256, hex);
        fprintf(f, "%s%s", k ? ";" : "", hex);
    }
    fputc('\n', f);
}

static void edge_row(nctx *c, FILE *f, const cg__xedge *xe)
{
    const cg_dataset *ds = c->ds;
    const cg_edge *e = xe->e;
    const cg_relation *r = cg_dataset_relation(ds, e->relation);
    char num[64];
    str(c, f, cg_dataset_entity(ds, e->subject)->id);
    sep(f);
    str(c, f, cg_dataset_entity(ds, e->object)->id);
    sep(f);
    char *type = cg__neo4j_type(r->id);
    if (xe->refute_only) { /* never a link a query for the relation would find */
        cg__buf b;
        cg__buf_init(&b);
        cg__buf_printf(&b, "REFUTED_%s", type);
        str(c, f, b.s);
        cg__buf_free(&b);
    } else
        str(c, f, type);
    free(type);
    sep(f);
    str(c, f, r->id);
    sep(f);
    str(c, f, r->label);
    fprintf(f, ",%s,%s,", e->directed ? "true" : "false", cg__format_decimal(e->confidence, 6, num, sizeof num));
    str(c, f, xe->refute_only ? "no supporting claim" : cg__confidence_words(e->confidence));
    fprintf(f, ",%zu,", e->n_groups);
    str(c, f, cg_claim_status_name(e->status));
    fprintf(f, ",%s,%s,%s,", e->disputed ? "true" : "false", xe->refute_only ? "true" : "false",
            cg__format_decimal(e->refute_confidence, 6, num, sizeof num));
    ids(f, ds, e->claims, e->n_claims, 0);
    sep(f);
    ids(f, ds, xe->refuting, xe->n_refuting, 0);
    sep(f);
    ids(f, ds, xe->sup_sources, xe->n_sup_sources, 1);
    sep(f);
    ids(f, ds, xe->ref_sources, xe->n_ref_sources, 1);
    sep(f);
    json_list(c, f, (const char *const *)xe->caveats, xe->n_caveats);
    sep(f);
    str(c, f, xe->valid_from);
    sep(f);
    str(c, f, xe->valid_to);
    fputc('\n', f);
}

/* ---- the LOAD CSV script ---- */

static void cy_name(FILE *f, const char *s) { cg__put_esc(f, cg_esc_cypher_name, s); }
static void cy_str(FILE *f, const char *s) { cg__put_esc(f, cg_esc_cypher_string, s); }

static void write_script(nctx *c, FILE *f, const cg_export_options *o)
{
    const cg_dataset *ds = c->ds;
    fprintf(f, "// claimgraph %s: loads this folder's CSV files into an existing Neo4j database.\n", cg_version());
    fputs("// Copy the .csv files into the database's import folder, then run:\n"
          "//   cypher-shell -u neo4j -p PASSWORD -f load-csv.cypher\n"
          "// For a new database, neo4j-admin reads the same files faster (Neo4j 5; the database must not exist):\n"
          "//   bin/neo4j-admin database import full neo4j --nodes=import/entities.csv --nodes=import/sources.csv\n"
          "//     --nodes=import/claims.csv --relationships=import/edges.csv --relationships=import/claim_subject.csv\n"
          "//     --relationships=import/claim_object.csv --relationships=import/claim_source.csv\n"
          "//     --relationships=import/cites.csv --array-delimiter=';' --multiline-fields=true\n",
          f);
    if (c->hazards)
        fprintf(f, "// WARNING: %zu text value(s) have a backslash before a double quote or at their end. LOAD CSV reads\n"
                   "// them wrongly unless neo4j.conf sets dbms.import.csv.legacy_quote_escaping=false (neo4j-admin\n"
                   "// reads them right by default).\n",
                c->hazards);
    fputs("\nCREATE CONSTRAINT claimgraph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;\n"
          "CREATE CONSTRAINT claimgraph_source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;\n"
          "CREATE CONSTRAINT claimgraph_claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE;\n\n",
          f);
    /* entities, with one label per kind */
    fputs("LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row\n"
          "MERGE (n:Entity {id: row.`id:ID(Entity)`})\n"
          "SET n.name = row.name, n.kind = row.kind, n.aliases_json = row.aliases_json,\n"
          "    n.description = row.description, n.external_ids_json = row.external_ids_json",
          f);
    const cg_centrality *cen = o->centrality;
    if (cen)
        for (int m = 0; m < CG_M_COUNT; m++) {
            if (!cen->values[m]) continue;
            const char *nm = cg_measure_name((cg_measure)m);
            fprintf(f, ",\n    n.%s = %s(row.`%s:%s`)", nm, m == CG_M_DEGREE || m == CG_M_CORENESS ? "toInteger" : "toFloat",
                    nm, measure_type(m));
        }
    fputc('\n', f);
    for (int k = 0; k < CG_EK_COUNT; k++) {
        cg__buf b;
        cg__buf_init(&b);
        label_of(&b, cg_entity_kind_name((cg_entity_kind)k));
        fputs("FOREACH (_ IN CASE WHEN row.kind = ", f);
        cy_str(f, cg_entity_kind_name((cg_entity_kind)k));
        fputs(" THEN [1] ELSE [] END | SET n:", f);
        cy_name(f, b.s);
        fputs(")\n", f);
        cg__buf_free(&b);
    }
    fputs(";\n\n", f);
    fputs("LOAD CSV WITH HEADERS FROM 'file:///sources.csv' AS row\n"
          "MERGE (n:Source {id: row.`id:ID(Source)`})\n"
          "SET n.title = row.title, n.kind = row.kind, n.publisher = row.publisher, n.author = row.author,\n"
          "    n.url = row.url, n.published = row.published, n.reliability = row.reliability,\n"
          "    n.text_sha256 = row.text_sha256, n.caveat = row.caveat;\n\n"
          "LOAD CSV WITH HEADERS FROM 'file:///claims.csv' AS row\n"
          "MERGE (n:Claim {id: row.`id:ID(Claim)`})\n"
          "SET n.relation = row.relation, n.stance = row.stance, n.status = row.status, n.summary = row.summary,\n"
          "    n.attributed_to = row.attributed_to, n.anonymous = row.`anonymous:boolean` = 'true',\n"
          "    n.origin = row.origin, n.credibility = toInteger(row.`credibility:int`), n.reliability = row.reliability,\n"
          "    n.confidence = toFloat(row.`confidence:double`), n.valid_from = row.valid_from, n.valid_to = row.valid_to,\n"
          "    n.caveat = row.caveat,\n"
          "    n.span_start = [x IN split(row.`span_start:long[]`, ';') | toInteger(x)],\n"
          "    n.span_end = [x IN split(row.`span_end:long[]`, ';') | toInteger(x)],\n"
          "    n.span_sha256 = split(row.`span_sha256:string[]`, ';')\n"
          "FOREACH (_ IN CASE WHEN row.stance = 'refutes' THEN [1] ELSE [] END | SET n:Refutation);\n\n",
          f);
    static const char *const links[][4] = {{"claim_subject.csv", "Claim", "Entity", "SUBJECT"},
                                           {"claim_object.csv", "Claim", "Entity", "OBJECT"},
                                           {"claim_source.csv", "Claim", "Source", "REPORTED_IN"},
                                           {"cites.csv", "Source", "Source", "CITES"}};
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
        fprintf(f,
                "LOAD CSV WITH HEADERS FROM 'file:///%s' AS row\n"
                "MATCH (a:%s {id: row.`:START_ID(%s)`})\n"
                "MATCH (b:%s {id: row.`:END_ID(%s)`})\n"
                "MERGE (a)-[:%s]->(b);\n\n",
                links[i][0], links[i][1], links[i][1], links[i][2], links[i][2], links[i][3]);
    /* edges: one CREATE per relationship type in this export (types cannot be parameters) */
    fputs("LOAD CSV WITH HEADERS FROM 'file:///edges.csv' AS row\n"
          "MATCH (s:Entity {id: row.`:START_ID(Entity)`})\n"
          "MATCH (o:Entity {id: row.`:END_ID(Entity)`})\n"
          "WITH s, o, row, {relation: row.relation, relation_label: row.relation_label,\n"
          "  directed: row.`directed:boolean` = 'true', confidence: toFloat(row.`confidence:double`),\n"
          "  confidence_words: row.confidence_words, origins: toInteger(row.`origins:int`), status: row.status,\n"
          "  disputed: row.`disputed:boolean` = 'true', refute_only: row.`refute_only:boolean` = 'true',\n"
          "  refute_confidence: toFloat(row.`refute_confidence:double`), claims: split(row.`claims:string[]`, ';'),\n"
          "  refuting_claims: split(row.`refuting_claims:string[]`, ';'),\n"
          "  supporting_sources: split(row.`supporting_sources:string[]`, ';'),\n"
          "  refuting_sources: split(row.`refuting_sources:string[]`, ';'), caveats_json: row.caveats_json,\n"
          "  valid_from: row.valid_from, valid_to: row.valid_to} AS props\n",
          f);
    /* distinct types, sorted */
    size_t nt = 0;
    char **types = cg__xmalloc((c->x->n + 1) * sizeof *types);
    for (size_t i = 0; i < c->x->n; i++) {
        char *t = cg__neo4j_type(cg_dataset_relation(ds, c->x->edges[i].e->relation)->id);
        if (c->x->edges[i].refute_only) {
            cg__buf b;
            cg__buf_init(&b);
            cg__buf_printf(&b, "REFUTED_%s", t);
            free(t);
            t = cg__buf_steal(&b);
        }
        int seen = 0;
        for (size_t k = 0; k < nt && !seen; k++) seen = !strcmp(types[k], t);
        if (seen) free(t);
        else types[nt++] = t;
    }
    qsort(types, nt, sizeof *types, cg__cmp_str_ptr);
    for (size_t k = 0; k < nt; k++) {
        fputs("FOREACH (_ IN CASE WHEN row.`:TYPE` = ", f);
        cy_str(f, types[k]);
        fputs(" THEN [1] ELSE [] END | CREATE (s)-[r:", f);
        cy_name(f, types[k]);
        fputs("]->(o) SET r = props)\n", f);
        free(types[k]);
    }
    free(types);
    if (nt == 0) fputs("RETURN count(*) AS edges\n", f);
    fputs(";\n", f);
}

cg_status cg__export_neo4j(const char *dir, const cg__xgraph *x, const cg_export_options *o, cg_diag *diag)
{
    nctx c = {x, x->ds, 0, NULL};
    const cg_dataset *ds = x->ds;
    static const char *const names[] = {"entities.csv", "sources.csv", "claims.csv", "edges.csv", "claim_subject.csv",
                                        "claim_object.csv", "claim_source.csv", "cites.csv", "load-csv.cypher"};
    enum { ENT, SRC, CLM, EDG, CSUB, COBJ, CSRC, CITES, SCRIPT, NFILES };
    FILE *f[NFILES];
    cg__outset set = {NULL, 0, 0};
    cg__buf p;
    cg__buf_init(&p);
    for (int i = 0; i < NFILES; i++) {
        cg__buf_clear(&p);
        cg__buf_printf(&p, "%s/%s", dir, names[i]);
        f[i] = cg__outset_add(&set, p.s, diag);
        if (!f[i]) {
            cg__buf_free(&p);
            cg__outset_abort(&set);
            return CG_EIO;
        }
    }
    cg__buf_free(&p);
    write_entities(&c, f[ENT], o);
    write_sources(&c, f[SRC], f[CITES]);
    fputs("id:ID(Claim),:LABEL,relation,stance,status,summary,attributed_to,anonymous:boolean,origin,credibility:int,"
          "reliability,confidence:double,valid_from,valid_to,caveat,span_start:long[],span_end:long[],"
          "span_sha256:string[]\n",
          f[CLM]);
    fputs(":START_ID(Entity),:END_ID(Entity),:TYPE,relation,relation_label,directed:boolean,confidence:double,"
          "confidence_words,origins:int,status,disputed:boolean,refute_only:boolean,refute_confidence:double,"
          "claims:string[],refuting_claims:string[],supporting_sources:string[],refuting_sources:string[],"
          "caveats_json,valid_from,valid_to\n",
          f[EDG]);
    fputs(":START_ID(Claim),:END_ID(Entity),:TYPE\n", f[CSUB]);
    fputs(":START_ID(Claim),:END_ID(Entity),:TYPE\n", f[COBJ]);
    fputs(":START_ID(Claim),:END_ID(Source),:TYPE\n", f[CSRC]);
    size_t nc = cg_dataset_n_claims(ds);
    char *exported = cg__xcalloc(nc ? nc : 1, 1);
    for (size_t i = 0; i < x->n; i++) {
        edge_row(&c, f[EDG], &x->edges[i]);
        for (size_t k = 0; k < x->edges[i].e->n_claims; k++) exported[x->edges[i].e->claims[k]] = 1;
    }
    for (size_t i = 0; i < nc; i++) {
        if (!exported[i]) continue;
        const cg_claim *cl = cg_dataset_claim(ds, (cg_idx)i);
        claim_row(&c, f[CLM], (cg_idx)i);
        str(&c, f[CSUB], cl->id);
        sep(f[CSUB]);
        str(&c, f[CSUB], cg_dataset_entity(ds, cl->subject)->id);
        fputs(",\"SUBJECT\"\n", f[CSUB]);
        str(&c, f[COBJ], cl->id);
        sep(f[COBJ]);
        str(&c, f[COBJ], cg_dataset_entity(ds, cl->object)->id);
        fputs(",\"OBJECT\"\n", f[COBJ]);
        str(&c, f[CSRC], cl->id);
        sep(f[CSRC]);
        str(&c, f[CSRC], cg_dataset_source(ds, cl->source)->id);
        fputs(",\"REPORTED_IN\"\n", f[CSRC]);
    }
    free(exported);
    write_script(&c, f[SCRIPT], o);
    if (c.hazards)
        cg_diag_add(diag, CG_SEV_WARNING, NULL, 0, 0,
                    "neo4j: %zu text value(s) have a backslash before a double quote or at their end: neo4j-admin "
                    "reads them right, LOAD CSV only with dbms.import.csv.legacy_quote_escaping=false (see the "
                    "script's header)",
                    c.hazards);
    /* every file is written before the first is renamed into place */
    return cg__outset_commit(&set, diag);
}
