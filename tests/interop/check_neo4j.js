#!/usr/bin/env node
// Checks a `claimgraph export neo4j` folder with independent readers, then loads it into a real
// graph database:
// 1. csv-parse (strict RFC 4180) reads every CSV file; the header follows neo4j-admin's format
//    (name:type, :ID(space), :LABEL, :START_ID(space), :END_ID(space), :TYPE; types and arrays
//    as in the operations manual); every value parses as its type (booleans exactly true/false);
//    ids are unique per id space; every :START_ID/:END_ID resolves.
// 2. Kuzu (an embedded database that speaks Cypher) creates one node table per id space and one
//    relationship table per file, loads every file with its own CSV reader, and answers Cypher
//    queries; the counts must equal the rows, and the edges and nodes are printed as Kuzu returns
//    them (JSON on standard output) for the test to compare with `claimgraph edges`.
// 3. The LOAD CSV script is linted with Neo4j's own Cypher parser (@neo4j-cypher/language-support):
//    no syntax error.
// Usage: node check_neo4j.js DIR   (exit 0 ok, 1 problems found)
'use strict';
const fs = require('fs');
const path = require('path');
const nm = path.join(__dirname, '..', 'node_modules');
const { parse } = require(path.join(nm, 'csv-parse', 'dist', 'cjs', 'sync.cjs'));
const kuzu = require(path.join(nm, 'kuzu'));
const cypher = require(path.join(nm, '@neo4j-cypher', 'language-support'));

const dir = process.argv[2];
const problems = [];
const TYPES = ['int', 'long', 'float', 'double', 'boolean', 'byte', 'short', 'char', 'string', 'point', 'date',
  'localtime', 'time', 'localdatetime', 'datetime', 'duration'];
const KUZU = { int: 'INT64', long: 'INT64', short: 'INT64', byte: 'INT64', float: 'DOUBLE', double: 'DOUBLE',
  boolean: 'BOOLEAN', string: 'STRING', char: 'STRING' };
const NODE_FILES = ['entities.csv', 'sources.csv', 'claims.csv'];
const REL_FILES = ['edges.csv', 'claim_subject.csv', 'claim_object.csv', 'claim_source.csv', 'cites.csv'];

function header(file, cells) {
  return cells.map((cell, i) => {
    let m;
    if ((m = /^([A-Za-z_][A-Za-z0-9_]*)?:ID(\(([A-Za-z][A-Za-z0-9_]*)\))?$/.exec(cell)))
      return { i, role: 'id', name: m[1] || 'id', space: m[3] || '' };
    if ((m = /^:(START_ID|END_ID)(\(([A-Za-z][A-Za-z0-9_]*)\))?$/.exec(cell)))
      return { i, role: m[1] === 'START_ID' ? 'start' : 'end', space: m[3] || '' };
    if (cell === ':LABEL') return { i, role: 'label' };
    if (cell === ':TYPE') return { i, role: 'type' };
    if ((m = /^([A-Za-z_][A-Za-z0-9_]*)(:([a-z]+)(\[\])?)?$/.exec(cell))) {
      const type = m[3] || 'string';
      if (!TYPES.includes(type)) problems.push(file + ': header ' + JSON.stringify(cell) + ': unknown type ' + type);
      return { i, role: 'prop', name: m[1], type, array: !!m[4] };
    }
    problems.push(file + ': header cell ' + JSON.stringify(cell) + ' is not in neo4j-admin format');
    return { i, role: 'bad' };
  });
}

function checkValue(file, line, col, v) {
  if (v === null) return;
  const items = col.array ? v.split(';') : [v];
  for (const x of items) {
    const bad = (what) => problems.push(file + ':' + line + ': ' + col.name + ': ' + JSON.stringify(x) + ' is not ' + what);
    if (['int', 'long', 'short', 'byte'].includes(col.type) && !/^-?\d+$/.test(x)) bad('an integer');
    if (['float', 'double'].includes(col.type) && !(x !== '' && Number.isFinite(Number(x)))) bad('a number');
    if (col.type === 'boolean' && x !== 'true' && x !== 'false') bad('true or false');
    if (col.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(x)) bad('a date');
  }
}

const files = {};
for (const f of [...NODE_FILES, ...REL_FILES]) {
  const text = fs.readFileSync(path.join(dir, f), 'utf8');
  // an empty unquoted field is "no value" for neo4j-admin; a quoted "" is an empty string
  const rows = parse(text, { relax_quotes: false, relax_column_count: false, skip_empty_lines: false,
    cast: (v, ctx) => (ctx.quoting || v !== '' ? v : null) });
  const cols = header(f, rows[0]);
  const ids = cols.filter((c) => c.role === 'id');
  if (NODE_FILES.includes(f) && ids.length !== 1) problems.push(f + ': a node file needs exactly one :ID column');
  if (REL_FILES.includes(f) && !(cols.some((c) => c.role === 'start') && cols.some((c) => c.role === 'end') &&
      cols.some((c) => c.role === 'type'))) problems.push(f + ': a relationship file needs :START_ID, :END_ID and :TYPE');
  rows.slice(1).forEach((r, k) => cols.forEach((c) => c.role === 'prop' && checkValue(f, k + 2, c, r[c.i])));
  files[f] = { cols, rows: rows.slice(1) };
}
const spaces = {};
for (const f of NODE_FILES) {
  const { cols, rows } = files[f];
  const idc = cols.find((c) => c.role === 'id');
  const set = (spaces[idc.space] = spaces[idc.space] || new Set());
  rows.forEach((r, k) => {
    if (r[idc.i] === null) problems.push(f + ':' + (k + 2) + ': empty id');
    else if (set.has(r[idc.i])) problems.push(f + ':' + (k + 2) + ': duplicate id ' + r[idc.i]);
    set.add(r[idc.i]);
  });
}
for (const f of REL_FILES) {
  const { cols, rows } = files[f];
  for (const role of ['start', 'end']) {
    const c = cols.find((x) => x.role === role);
    rows.forEach((r, k) => {
      if (!spaces[c.space] || !spaces[c.space].has(r[c.i]))
        problems.push(f + ':' + (k + 2) + ': ' + role + ' id ' + JSON.stringify(r[c.i]) + ' is not in id space ' + c.space);
    });
  }
}

// the Cypher script: Neo4j's parser must accept it
const script = fs.readFileSync(path.join(dir, 'load-csv.cypher'), 'utf8');
for (const d of cypher.lintCypherQuery(script, {}).diagnostics)
  if (d.severity === 1) problems.push('load-csv.cypher:' + (d.range.start.line + 1) + ':' + (d.range.start.character + 1) + ': ' + d.message);

if (problems.length) {
  for (const p of problems.slice(0, 100)) process.stderr.write(p + '\n');
  process.stderr.write(problems.length + ' problem(s)\n');
  process.exit(1);
}

// ---- Kuzu ----
const q = (s) => '`' + s.replace(/`/g, '``') + '`';
const lit = (s) => "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
function loadSelect(f, cols) {
  const decl = cols.map((c, k) => 'c' + k + ' STRING').join(', ');
  return 'LOAD WITH HEADERS (' + decl + ') FROM ' + lit(path.resolve(dir, f)) + " (HEADER=true, ESCAPE='\"', PARALLEL=false)";
}
function expr(c) {
  const v = 'c' + c.i;
  if (c.role !== 'prop') return v;
  if (c.array) {
    const t = KUZU[c.type] || 'STRING';
    return t === 'STRING' ? 'string_split(' + v + ", ';')" : 'list_transform(string_split(' + v + ", ';'), x -> CAST(x AS " + t + '))';
  }
  if (c.type === 'boolean') return v + " = 'true'";
  const t = KUZU[c.type] || 'STRING';
  return t === 'STRING' ? v : 'CAST(' + v + ' AS ' + t + ')';
}
function colType(c) {
  if (c.role === 'label') return 'STRING[]';
  const t = KUZU[c.type] || 'STRING';
  return c.array ? t + '[]' : t;
}

(async () => {
  const db = new kuzu.Database(':memory:', 1 << 28);
  const conn = new kuzu.Connection(db);
  const run = async (s) => (await conn.query(s)).getAll();
  const table = {};
  for (const f of NODE_FILES) {
    const { cols } = files[f];
    const idc = cols.find((c) => c.role === 'id');
    const name = idc.space || path.basename(f, '.csv');
    table[idc.space] = name;
    const props = cols.filter((c) => c.role === 'prop' || c.role === 'label');
    await run('CREATE NODE TABLE ' + q(name) + '(id STRING, ' + props.map((c) => q(c.role === 'label' ? 'labels' : c.name) + ' ' + colType(c)).join(', ') + ', PRIMARY KEY(id))');
    const sel = ['c' + idc.i, ...props.map((c) => (c.role === 'label' ? 'string_split(c' + c.i + ", ';')" : expr(c)))];
    await run('COPY ' + q(name) + ' FROM (' + loadSelect(f, cols) + ' RETURN ' + sel.join(', ') + ')');
  }
  for (const f of REL_FILES) {
    const { cols } = files[f];
    const s = cols.find((c) => c.role === 'start'), e = cols.find((c) => c.role === 'end'), t = cols.find((c) => c.role === 'type');
    const props = cols.filter((c) => c.role === 'prop');
    const name = path.basename(f, '.csv');
    await run('CREATE REL TABLE ' + q(name) + '(FROM ' + q(table[s.space]) + ' TO ' + q(table[e.space]) + ', reltype STRING' +
      props.map((c) => ', ' + q(c.name) + ' ' + colType(c)).join('') + ')');
    const sel = ['c' + s.i, 'c' + e.i, 'c' + t.i, ...props.map(expr)];
    await run('COPY ' + q(name) + ' FROM (' + loadSelect(f, cols) + ' RETURN ' + sel.join(', ') + ')');
  }
  // counts: what Kuzu holds equals the rows of each file
  const counts = {};
  for (const f of NODE_FILES) {
    const name = table[files[f].cols.find((c) => c.role === 'id').space];
    counts[f] = (await run('MATCH (n:' + q(name) + ') RETURN count(n) AS n'))[0].n;
  }
  for (const f of REL_FILES) counts[f] = (await run('MATCH ()-[r:' + q(path.basename(f, '.csv')) + ']->() RETURN count(r) AS n'))[0].n;
  for (const f of Object.keys(counts))
    if (Number(counts[f]) !== files[f].rows.length) problems.push('kuzu: ' + f + ': ' + counts[f] + ' loaded, ' + files[f].rows.length + ' rows');
  const edges = await run('MATCH (s:Entity)-[r:edges]->(o:Entity) RETURN s.id AS subject, o.id AS object, r AS r');
  const entities = await run('MATCH (n:Entity) RETURN n AS n');
  const claims = await run('MATCH (c:Claim)-[:claim_subject]->(s:Entity), (c)-[:claim_object]->(o:Entity), (c)-[:claim_source]->(src:Source) RETURN c AS c, s.id AS subject, o.id AS object, src.id AS source');
  const sources = await run('MATCH (n:Source) RETURN n AS n');
  const cites = await run('MATCH (a:Source)-[:cites]->(b:Source) RETURN a.id AS a, b.id AS b');
  const clean = (o) => { const x = {}; for (const [k, v] of Object.entries(o)) if (!k.startsWith('_')) x[k] = typeof v === 'bigint' ? Number(v) : v; return x; };
  if (problems.length) {
    for (const p of problems) process.stderr.write(p + '\n');
    process.exit(1);
  }
  process.stdout.write(JSON.stringify({
    counts: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])),
    edges: edges.map((x) => ({ subject: x.subject, object: x.object, ...clean(x.r) })),
    entities: entities.map((x) => clean(x.n)),
    claims: claims.map((x) => ({ ...clean(x.c), subject: x.subject, object: x.object, source: x.source })),
    sources: sources.map((x) => clean(x.n)),
    cites: cites,
  }, (k, v) => (typeof v === 'bigint' ? Number(v) : v)));
})().catch((e) => {
  process.stderr.write('kuzu: ' + e.message + '\n');
  process.exit(1);
});
