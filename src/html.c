/* The self-contained HTML viewer: the SVG inline, a JSON table of the evidence, and a small
 * script that shows an edge's or entity's evidence in a side panel. Data strings reach the page
 * only as escaped JSON and are put into the page with textContent. */
#define _POSIX_C_SOURCE 200809L
#include "claimgraph/escape.h"
#include "dataset_impl.h"
#include "viz_impl.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

static void js(FILE *f, const char *s)
{
    char *e = cg_esc_json_html(s ? s : "");
    fputs(e, f);
    free(e);
}

static void js_or_null(FILE *f, const char *s)
{
    if (s) js(f, s);
    else fputs("null", f);
}

static void html(FILE *f, const char *s)
{
    char *e = cg_esc_html(s ? s : "");
    fputs(e, f);
    free(e);
}

static const char *grade(cg_grade g)
{
    static const char *const l[] = {"?", "A", "B", "C", "D", "E", "F"};
    return g <= 6 ? l[g] : "?";
}

static void write_groups(FILE *f, const cg_dataset *ds, const cg_group *g, size_t n)
{
    fputc('[', f);
    for (size_t k = 0; k < n; k++) {
        fprintf(f, "%s{\"confidence\":%.6f,\"claims\":[", k ? "," : "", g[k].confidence);
        for (size_t i = 0; i < g[k].n_claims; i++) {
            if (i) fputc(',', f);
            js(f, ds->claims[g[k].claims[i]].id);
        }
        fputs("]}", f);
    }
    fputc(']', f);
}

static void write_data(FILE *f, const cg_view *v)
{
    const cg_dataset *ds = v->ds;
    size_t ns = ds->n_sources, nc = ds->n_claims;
    unsigned char *src_used = cg_xcalloc(ns + 1, 1);
    unsigned char *claim_used = cg_xcalloc(nc + 1, 1);
    fputs("{\"entities\":{", f);
    for (size_t i = 0; i < v->n_nodes; i++) {
        const cg_entity *e = &ds->entities[v->nodes[i]];
        char *nid = cg__node_id(e->id);
        fprintf(f, "%s\n", i ? "," : "");
        js(f, nid);
        free(nid);
        fputs(":{\"id\":", f);
        js(f, e->id);
        fputs(",\"name\":", f);
        js(f, e->name);
        fprintf(f, ",\"kind\":\"%s\",\"aliases\":[", cg_entity_kind_name(e->kind));
        for (size_t k = 0; k < e->n_aliases; k++) {
            if (k) fputc(',', f);
            js(f, e->aliases[k]);
        }
        fputs("],\"description\":", f);
        js_or_null(f, e->description);
        fputs(",\"centrality\":{", f);
        int first = 1;
        for (int m = 0; m < CG_M_COUNT; m++) {
            if (!v->cent || !v->cent->values[m]) continue;
            fprintf(f, "%s\"%s\":%.6g", first ? "" : ",", cg_measure_name((cg_measure)m), v->cent->values[m][v->nodes[i]]);
            first = 0;
        }
        fputs("},\"edges\":[", f);
        int fe = 1;
        for (size_t k = 0; k < v->n_edges; k++) {
            const cg_edge *ed = cg_edgeset_get(v->es, v->edges[k]);
            if (ed->subject != v->nodes[i] && ed->object != v->nodes[i]) continue;
            char *eid = cg__edge_id(ds->entities[ed->subject].id, ds->relations[ed->relation].id, ds->entities[ed->object].id);
            if (!fe) fputc(',', f);
            js(f, eid);
            free(eid);
            fe = 0;
        }
        fputs("]}", f);
    }
    fputs("},\n\"edges\":{", f);
    for (size_t k = 0; k < v->n_edges; k++) {
        const cg_edge *e = cg_edgeset_get(v->es, v->edges[k]);
        char *eid = cg__edge_id(ds->entities[e->subject].id, ds->relations[e->relation].id, ds->entities[e->object].id);
        fprintf(f, "%s\n", k ? "," : "");
        js(f, eid);
        free(eid);
        char *sn = cg__node_id(ds->entities[e->subject].id), *on = cg__node_id(ds->entities[e->object].id);
        fputs(":{\"subject\":", f);
        js(f, sn);
        fputs(",\"object\":", f);
        js(f, on);
        free(sn);
        free(on);
        fputs(",\"relation\":", f);
        js(f, ds->relations[e->relation].label);
        fprintf(f, ",\"directed\":%s,\"confidence\":%.6f,\"disputed\":%s,\"refute_confidence\":%.6f,\"status\":\"%s\","
                   "\"all_anonymous\":%s,\"groups\":",
                e->directed ? "true" : "false", e->confidence, e->disputed ? "true" : "false", e->refute_confidence,
                cg_claim_status_name(e->status), e->all_anonymous ? "true" : "false");
        write_groups(f, ds, e->groups, e->n_groups);
        fputs(",\"refute_groups\":", f);
        write_groups(f, ds, e->refute_groups, e->n_refute_groups);
        fputs("}", f);
        for (size_t i = 0; i < e->n_claims; i++) {
            claim_used[e->claims[i]] = 1;
            src_used[ds->claims[e->claims[i]].source] = 1;
        }
    }
    fputs("},\n\"claims\":{", f);
    int first = 1;
    for (size_t i = 0; i < nc; i++) {
        if (!claim_used[i]) continue;
        const cg_claim *c = &ds->claims[i];
        fprintf(f, "%s\n", first ? "" : ",");
        first = 0;
        js(f, c->id);
        fputs(":{\"source\":", f);
        js(f, ds->sources[c->source].id);
        fprintf(f, ",\"stance\":\"%s\",\"status\":\"%s\",\"voice\":", cg_stance_name(c->stance),
                cg_claim_status_name(c->status));
        js_or_null(f, c->attributed_to);
        fprintf(f, ",\"anonymous\":%s,\"origin\":", c->anonymous ? "true" : "false");
        js_or_null(f, c->origin);
        fprintf(f, ",\"confidence\":%.6f,\"grade\":", cg_edgeset_claim_confidence(v->es, (cg_idx)i));
        if (c->confidence >= 0) fputs("\"explicit\"", f);
        else fprintf(f, "\"%s%d\"", grade(cg_claim_reliability(ds, c)), c->credibility);
        fputs(",\"summary\":", f);
        js_or_null(f, c->summary);
        fputs(",\"notes\":", f);
        js_or_null(f, c->notes);
        fputs("}", f);
    }
    fputs("},\n\"sources\":{", f);
    first = 1;
    for (size_t i = 0; i < ns; i++) {
        if (!src_used[i]) continue;
        const cg_source *s = &ds->sources[i];
        fprintf(f, "%s\n", first ? "" : ",");
        first = 0;
        js(f, s->id);
        fputs(":{\"title\":", f);
        js(f, s->title);
        fputs(",\"publisher\":", f);
        js_or_null(f, s->publisher);
        fprintf(f, ",\"kind\":\"%s\",\"published\":", cg_source_kind_name(s->kind));
        js_or_null(f, s->published);
        char *url = s->url ? cg_esc_url(s->url) : NULL;
        fputs(",\"url\":", f);
        js_or_null(f, url);
        free(url);
        fprintf(f, ",\"reliability\":\"%s\"}", s->reliability ? grade(s->reliability) : "F");
    }
    fputs("}}", f);
    free(src_used);
    free(claim_used);
}

static const char css[] =
    "*{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#222}"
    "header{padding:8px 14px;border-bottom:1px solid #ccc;display:flex;gap:14px;align-items:center;flex-wrap:wrap}"
    "header h1{font-size:17px;margin:0}header p{margin:0;color:#555;font-size:12px;flex:1}"
    "#searchbox{position:relative}#search{width:220px;padding:4px}"
    "#results{position:absolute;z-index:2;background:#fff;border:1px solid #ccc;list-style:none;margin:0;padding:0;"
    "max-height:300px;overflow:auto;width:100%}#results:empty{display:none}"
    "#results li{padding:3px 6px;cursor:pointer}#results li:hover{background:#eef}"
    "main{display:flex;height:calc(100vh - 52px)}#graph{flex:1;overflow:auto}#graph svg{max-width:none}"
    "#panel{width:380px;border-left:1px solid #ccc;padding:10px 14px;overflow:auto}"
    "#panel h2{font-size:15px;margin:4px 0 8px}#panel .claim{border-top:1px solid #eee;padding:6px 0}"
    "#panel .meta{color:#555;font-size:12px}#panel .warn{color:#a12}#panel table{border-collapse:collapse}"
    "#panel td{padding:1px 8px 1px 0}.claim-edge,.entity{cursor:pointer}"
    ".cg-selected path,.cg-selected polygon,.cg-selected ellipse{stroke:#e67e22!important;stroke-width:3px}";

/* The viewer script. It never inserts data as HTML: only textContent and checked http(s) hrefs. */
static const char *const script[] = {
    "(function(){\n",
    "'use strict';\n",
    "var D=JSON.parse(document.getElementById('cg-data').textContent);\n",
    "var panel=document.getElementById('panel');\n",
    "function el(tag,text,cls){var e=document.createElement(tag);if(text!=null)e.textContent=text;if(cls)e.className=cls;return e;}\n",
    "function num(x){return (Math.round(x*1000)/1000).toFixed(3);}\n",
    "function link(url,text){if(typeof url==='string'&&/^https?:\\/\\//.test(url)){var a=el('a',text);a.href=url;",
    "a.target='_blank';a.rel='noopener noreferrer';return a;}return el('span',text);}\n",
    "var selected=null;\n",
    "function mark(id){if(selected)selected.classList.remove('cg-selected');selected=document.getElementById(id);",
    "if(selected)selected.classList.add('cg-selected');}\n",
    "function claimBox(cid){var c=D.claims[cid],s=D.sources[c.source],box=el('div',null,'claim');",
    "var h=el('div',null);h.appendChild(el('b',cid+' '));h.appendChild(el('span',(c.stance==='refutes'?'REFUTES, ':'')+c.status));",
    "box.appendChild(h);var src=el('div',null,'meta');src.appendChild(document.createTextNode('source: '));",
    "src.appendChild(link(s.url,s.title));src.appendChild(document.createTextNode(' ('+c.source+', '+s.kind+(s.published?', '+s.published:'')+')'));",
    "box.appendChild(src);box.appendChild(el('div','voice: '+(c.voice||'not recorded')+(c.anonymous?' (anonymous)':'')+(c.origin?'; origin '+c.origin:''),'meta'));",
    "box.appendChild(el('div','confidence '+num(c.confidence)+(c.grade==='explicit'?' (explicit)':' (grade '+c.grade+')'),'meta'));",
    "if(c.summary)box.appendChild(el('div',c.summary));if(c.notes)box.appendChild(el('div',c.notes,'meta'));return box;}\n",
    "function groups(title,gs,total){var d=el('div',null);d.appendChild(el('h3',title+': '+gs.length+' independent origin'+(gs.length===1?'':'s')));",
    "gs.forEach(function(g,i){d.appendChild(el('div','G'+(i+1)+' = '+num(g.confidence)+' (max of '+g.claims.join(', ')+')','meta'));",
    "g.claims.forEach(function(cid){d.appendChild(claimBox(cid));});});",
    "if(gs.length)d.appendChild(el('p','1 \\u2212 '+gs.map(function(g){return '(1 \\u2212 '+num(g.confidence)+')';}).join(' \\u00d7 ')+' = '+num(total)));return d;}\n",
    "function showEdge(id){var e=D.edges[id];if(!e)return;mark(id);panel.textContent='';",
    "var s=D.entities[e.subject],o=D.entities[e.object];",
    "panel.appendChild(el('h2',s.name+(e.directed?' \\u2192 ':' \\u2014 ')+e.relation+(e.directed?' \\u2192 ':' \\u2014 ')+o.name));",
    "panel.appendChild(el('p','confidence '+num(e.confidence)+' from '+e.groups.length+' independent origin'+(e.groups.length===1?' (single origin)':'s')+'; status '+e.status));",
    "if(e.disputed)panel.appendChild(el('p','DISPUTED: refuting confidence '+num(e.refute_confidence),'warn'));",
    "if(e.all_anonymous)panel.appendChild(el('p','Every supporting voice is anonymous.','warn'));",
    "panel.appendChild(groups('Supporting claims',e.groups,e.confidence));",
    "if(e.refute_groups.length)panel.appendChild(groups('Refuting claims',e.refute_groups,e.refute_confidence));}\n",
    "function showNode(id){var n=D.entities[id];if(!n)return;mark(id);panel.textContent='';",
    "panel.appendChild(el('h2',n.name));panel.appendChild(el('p',n.kind+', id '+n.id,'meta'));",
    "if(n.aliases.length)panel.appendChild(el('p','also: '+n.aliases.join('; ')));",
    "if(n.description)panel.appendChild(el('p',n.description));var t=el('table');",
    "Object.keys(n.centrality).forEach(function(k){var r=el('tr');r.appendChild(el('td',k));r.appendChild(el('td',String(n.centrality[k])));t.appendChild(r);});",
    "panel.appendChild(el('h3','Centrality'));panel.appendChild(t);panel.appendChild(el('h3','Edges ('+n.edges.length+')'));",
    "var ul=el('ul');n.edges.forEach(function(eid){var e=D.edges[eid],li=el('li',D.entities[e.subject].name+' '+e.relation+' '+D.entities[e.object].name+' ('+num(e.confidence)+')');",
    "li.style.cursor='pointer';li.addEventListener('click',function(){showEdge(eid);});ul.appendChild(li);});panel.appendChild(ul);}\n",
    "function bind(id,fn){var g=document.getElementById(id);if(!g)return;g.addEventListener('click',function(ev){ev.preventDefault();ev.stopPropagation();fn(id);});}\n",
    "Object.keys(D.edges).forEach(function(id){bind(id,showEdge);});\n",
    "Object.keys(D.entities).forEach(function(id){bind(id,showNode);});\n",
    "var input=document.getElementById('search'),results=document.getElementById('results');\n",
    "input.addEventListener('input',function(){results.textContent='';var q=input.value.trim().toLowerCase();if(!q)return;",
    "Object.keys(D.entities).filter(function(id){var n=D.entities[id];return n.name.toLowerCase().indexOf(q)>=0||",
    "n.aliases.some(function(a){return a.toLowerCase().indexOf(q)>=0;});}).slice(0,20).forEach(function(id){",
    "var li=el('li',D.entities[id].name);li.addEventListener('click',function(){results.textContent='';input.value='';",
    "showNode(id);var g=document.getElementById(id);if(g&&g.scrollIntoView)g.scrollIntoView({block:'center',inline:'center'});});results.appendChild(li);});});\n",
    "var m=/^#select=(.+)$/.exec(location.hash);if(m){var t=document.getElementById(decodeURIComponent(m[1]));",
    "if(t)t.dispatchEvent(new MouseEvent('click',{bubbles:true,cancelable:true}));}\n",
    "})();\n",
    NULL};

cg_status cg_view_write_html(const cg_view *v, const char *svg, size_t svg_len, FILE *f)
{
    /* the SVG without its XML declaration and doctype */
    const char *start = NULL;
    for (size_t i = 0; i + 4 <= svg_len; i++)
        if (memcmp(svg + i, "<svg", 4) == 0) {
            start = svg + i;
            break;
        }
    if (!start) return CG_EDATA;
    size_t n = svg_len - (size_t)(start - svg);
    const char *title = v->title ? v->title : "claimgraph";
    /* the page may run our script and nothing else: CSP with the script's SHA-256 */
    cg_buf code;
    cg_buf_init(&code);
    cg_buf_addc(&code, '\n');
    for (size_t i = 0; script[i]; i++) cg_buf_adds(&code, script[i]);
    unsigned char digest[32];
    unsigned int dlen = 32;
    unsigned char b64[64];
    if (!EVP_Digest(code.s, code.len, digest, &dlen, EVP_sha256(), NULL)) {
        cg_buf_free(&code);
        return CG_ENOMEM;
    }
    EVP_EncodeBlock(b64, digest, 32);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
               "script-src 'sha256-%s'; img-src data:; base-uri 'none'; form-action 'none'\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", (const char *)b64);
    html(f, title);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<header><h1>", css);
    html(f, title);
    fputs("</h1><p>", f);
    html(f, v->description);
    if (v->note) {
        fputs(" \xE2\x80\x94 ", f);
        html(f, v->note);
    }
    fputs(". Click an edge or an entity to see its evidence.</p>"
          "<div id=\"searchbox\"><input id=\"search\" type=\"search\" placeholder=\"Search entities\" "
          "aria-label=\"Search entities\"><ul id=\"results\"></ul></div></header>\n<main>\n<div id=\"graph\">\n", f);
    fwrite(start, 1, n, f);
    fputs("\n</div>\n<aside id=\"panel\"><p>Select an edge or an entity in the diagram, or search for an entity. "
          "Solid lines rest on two or more independent origins, dashed lines on one, dotted lines have low "
          "confidence, red lines are disputed.</p></aside>\n</main>\n"
          "<script type=\"application/json\" id=\"cg-data\">", f);
    write_data(f, v);
    fputs("</script>\n<script>", f);
    fwrite(code.s, 1, code.len, f);
    cg_buf_free(&code);
    fputs("</script>\n</body>\n</html>\n", f);
    return ferror(f) ? CG_EIO : CG_OK;
}
