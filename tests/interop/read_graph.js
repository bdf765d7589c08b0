#!/usr/bin/env node
// Reads a GEXF or GraphML file with graphology-gexf / graphology-graphml (the parsers of Gephi
// Lite) and prints what they read as JSON: {type, multi, attributes, nodes: [{key, attributes}],
// edges: [{key, source, target, undirected, attributes}]}. Usage: node read_graph.js gexf|graphml FILE
'use strict';
const fs = require('fs');
const path = require('path');
const nm = path.join(__dirname, '..', 'node_modules');
const Graph = require(path.join(nm, 'graphology'));
const [format, file] = process.argv.slice(2);
const parser = require(path.join(nm, format === 'gexf' ? 'graphology-gexf' : 'graphology-graphml'));
const text = fs.readFileSync(file, 'utf8');
const g = parser.parse(Graph, text);
const out = { type: g.type, multi: g.multi, attributes: g.getAttributes(), nodes: [], edges: [] };
g.forEachNode((key, attributes) => out.nodes.push({ key, attributes }));
g.forEachEdge((key, attributes, source, target, _sa, _ta, undirected) =>
  out.edges.push({ key, source, target, undirected, attributes }));
process.stdout.write(JSON.stringify(out));
