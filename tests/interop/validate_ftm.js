#!/usr/bin/env node
// Validates FollowTheMoney entities (JSON lines) against the FtM model of @alephdata/followthemoney
// (the npm release of FtM's schema definitions): the schema exists and is not abstract, every
// property belongs to it and is not a stub (reverse) property, required properties are present,
// values fit their type (entity ids, dates, URLs, countries, topics, maximum lengths), every
// reference resolves to an entity in the file whose schema fits the property's range, no
// self-references, no duplicate ids. The JS library checks none of this by itself; the rules mirror
// what FtM's Python code (3.8) does when it cleans values.
// Usage: node validate_ftm.js FILE [--dump]   (exit 0 valid, 1 invalid, 2 usage)
// --dump prints, on success, the entities as the model reads them (JSON), links with their
// annotated source and target.
'use strict';
const fs = require('fs');
const path = require('path');
const { Model, defaultModel } = require(path.join(__dirname, '..', 'node_modules', '@alephdata/followthemoney'));

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: validate_ftm.js FILE [--dump]\n');
  process.exit(2);
}
const dump = args.includes('--dump');
const model = new Model(defaultModel);
const ID = /^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$/;
const DATE = /^(\d{4})(-(\d{2})(-(\d{2})(T(\d{2})(:(\d{2})(:(\d{2}))?)?)?)?)?$/;
const errors = [];
const chars = (s) => [...s].length; // FtM (Python) counts code points

function validDate(s) {
  const m = DATE.exec(s);
  if (!m) return false;
  if (m[3] !== undefined) {
    const mo = +m[3];
    if (mo < 1 || mo > 12) return false;
    if (m[5] !== undefined) {
      const d = +m[5];
      const days = new Date(Date.UTC(+m[1], mo, 0)).getUTCDate();
      if (d < 1 || d > days) return false;
    }
  }
  if (m[7] !== undefined && +m[7] > 23) return false;
  if (m[9] !== undefined && +m[9] > 59) return false;
  if (m[11] !== undefined && +m[11] > 59) return false;
  return true;
}

function validUrl(s) {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch (e) {
    return false;
  }
}

const lines = fs.readFileSync(file, 'utf8').split('\n');
const entities = [];
const byId = new Map();
lines.forEach((text, i) => {
  if (!text.trim()) return;
  const where = 'line ' + (i + 1);
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    errors.push(where + ': not JSON: ' + e.message);
    return;
  }
  if (typeof raw !== 'object' || raw === null || typeof raw.id !== 'string' || typeof raw.schema !== 'string' ||
      typeof raw.properties !== 'object' || raw.properties === null || Array.isArray(raw.properties)) {
    errors.push(where + ': an entity needs "id", "schema" (strings) and "properties" (object)');
    return;
  }
  const at = where + ' [' + raw.id + ']';
  if (!ID.test(raw.id) || raw.id.length > 200)
    errors.push(at + ": id '" + raw.id + "' is not a valid FtM entity id (" + ID + ', at most 200 chars)');
  if (byId.has(raw.id)) errors.push(at + ': duplicate id (also line ' + byId.get(raw.id).line + ')');
  let schema;
  try {
    schema = model.getSchema(raw.schema);
  } catch (e) {
    errors.push(at + ': ' + e.message);
    return;
  }
  if (schema.abstract) errors.push(at + ': schema ' + schema.name + ' is abstract');
  for (const [name, values] of Object.entries(raw.properties)) {
    let prop;
    try {
      prop = schema.getProperty(name);
    } catch (e) {
      errors.push(at + ': ' + e.message + ' (schema ' + schema.name + ')');
      continue;
    }
    if (prop.stub) errors.push(at + ': ' + name + ': stub (reverse) property, cannot be written');
    if (!Array.isArray(values)) {
      errors.push(at + ': ' + name + ': values must be a list');
      continue;
    }
    for (const v of values) {
      if (typeof v !== 'string' || v === '') {
        errors.push(at + ': ' + name + ': values must be non-empty strings');
        continue;
      }
      const t = prop.type;
      if (t.maxLength && chars(v) > t.maxLength)
        errors.push(at + ': ' + name + ': ' + chars(v) + ' characters, more than the ' + t.maxLength + ' of type ' + t.name);
      if (t.name === 'entity' && !(ID.test(v) && v.length <= 200)) errors.push(at + ': ' + name + ": '" + v + "' is not a valid entity id");
      if (t.name === 'entity' && v === raw.id) errors.push(at + ': ' + name + ': self-reference');
      if (t.name === 'date' && !validDate(v)) errors.push(at + ': ' + name + ": '" + v + "' is not an FtM date");
      if (t.name === 'url' && !validUrl(v)) errors.push(at + ': ' + name + ": '" + v + "' is not an http(s) URL");
      if (t.values && t.values.size && !t.values.has(v))
        errors.push(at + ': ' + name + ": '" + v + "' is not a value of type " + t.name);
    }
  }
  for (const req of schema.required || [])
    if (!raw.properties[req] || !raw.properties[req].length) errors.push(at + ': required property ' + req + ' missing');
  let entity;
  try {
    entity = model.getEntity(raw);
  } catch (e) {
    errors.push(at + ': the model cannot read it: ' + e.message);
    return;
  }
  const rec = { line: i + 1, raw, schema, entity };
  entities.push(rec);
  if (!byId.has(raw.id)) byId.set(raw.id, rec);
});

// references: resolve, and fit the property's range
for (const rec of entities) {
  const at = 'line ' + rec.line + ' [' + rec.raw.id + ']';
  for (const [name, values] of Object.entries(rec.raw.properties)) {
    let prop;
    try {
      prop = rec.schema.getProperty(name);
    } catch (e) {
      continue;
    }
    if (prop.type.name !== 'entity' || !Array.isArray(values)) continue;
    const range = prop.getRange();
    for (const v of values) {
      const target = byId.get(v);
      if (!target) errors.push(at + ': ' + name + ": reference to '" + v + "', which is not in the file");
      else if (range && !target.schema.isA(range))
        errors.push(at + ': ' + name + ": '" + v + "' is a " + target.schema.name + ', the property wants a ' + range.name);
    }
  }
}

if (errors.length) {
  for (const e of errors.slice(0, 200)) process.stderr.write(e + '\n');
  process.stderr.write(errors.length + ' error(s) in ' + entities.length + ' entities\n');
  process.exit(1);
}
if (dump) {
  const out = entities.map((rec) => {
    const s = rec.schema;
    const props = {};
    for (const prop of rec.entity.getProperties()) props[prop.name] = rec.entity.getProperty(prop).map((v) => (typeof v === 'string' ? v : v.id));
    const o = { id: rec.entity.id, schema: s.name, caption: rec.entity.getCaption(), properties: props };
    if (s.isEdge)
      o.edge = {
        source: rec.entity.getProperty(s.edge.source).map((v) => (typeof v === 'string' ? v : v.id)),
        target: rec.entity.getProperty(s.edge.target).map((v) => (typeof v === 'string' ? v : v.id)),
        directed: s.edge.directed,
      };
    return o;
  });
  process.stdout.write(JSON.stringify(out));
} else {
  process.stdout.write('ok: ' + entities.length + ' entities valid for FtM ' + require(path.join(__dirname, '..', 'node_modules', '@alephdata/followthemoney', 'package.json')).version + '\n');
}
