#!/usr/bin/env python3
"""`claimgraph export gexf|graphml|ftm|neo4j` and `claimgraph import ftm`, each read back by a real
consumer, on the Kosovo dataset and on a dataset of hostile strings, and compared with
`claimgraph edges --format json` (0 mismatches allowed):

  gexf     GEXF 1.3 RelaxNG schema (xmllint), graphology-gexf (Gephi Lite's parser), Python's expat
  graphml  graphology-graphml (mixed graph); NetworkX read_graphml and python-igraph Read_GraphML
           (--uniform-direction)
  ftm      the FollowTheMoney model 3.8.4 (tests/interop/validate_ftm.js), planted defects rejected;
           the import (FtM -> claimgraph) and the round trip export -> import
  neo4j    csv-parse + neo4j-admin header rules, Kuzu loading the files and answering Cypher,
           Neo4j's Cypher parser on the LOAD CSV script; atomic output folders
  common   determinism, notes never exported, caveats exported, usage errors

Usage: test_interop.py BINARY SOURCE_DIR GROUP. A group whose tools are absent exits 77 (CTest:
skipped) after saying which tool is missing; CI installs them all (.ci/deps)."""
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

BIN, ROOT, GROUP = sys.argv[1], sys.argv[2], sys.argv[3]
KOSOVO = os.path.join(ROOT, 'datasets', 'kosovo')
TOOLS = os.path.join(ROOT, 'tests', 'interop')
NODE_MODULES = os.path.join(ROOT, 'tests', 'node_modules')
SECRET = 'NOTES-MUST-NOT-LEAK'

BUILTIN = {'accuses': True, 'acquitted_by': True, 'associate_of': False, 'charged_by': True, 'cites': True,
           'controls': True, 'convicted_by': True, 'cooperates_with': False, 'employed_by': True,
           'family_of': False, 'funds': True, 'investigates': True, 'involved_in': True, 'leads': True,
           'member_of': True, 'protects': True, 'traffics_for': True, 'transports_for': True}

# hostile strings: markup, quotes, escapes, entities, CDATA and script ends, line and paragraph
# separators, control characters, emoji, right-to-left text, long names
NAMES = ['=HYPERLINK("http://x","y")', '+SUM(A1:A2)', '-2+3', '@cmd', '\tTabbed', 'Pipe | inside | cells',
         'Comma, "quoted"', 'New\nline', 'CR\r\nLF', '<script>alert(1)</script>', '</script><b>bold</b>',
         '**bold** _em_ `code` [l](u)', '\\backslash\\', 'Trailing backslash\\', 'Quote \\" escaped',
         '&amp; &beta; & &#65;', ']]> CDATA end', "Single ' quote", 'Tha\u00e7i \u2014 \u201cq\u201d',
         '\u202eRTL override', 'RTL \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627',
         'Line\u2028separator\u2029para', 'emoji \U0001F600 \U0001F1FD\U0001F1F0', 'Control\x01char\x07s\x1b[31m\x7f',
         'C1 \u0085 next line', 'Nonchar \ufffe\uffff', 'semi;colon, comma', '{"json": [1]}', "'); DROP TABLE x;--",
         'x' * 300, '\u00e9' * 400]
KINDS = ['person', 'organization', 'political_party', 'government_body', 'armed_group', 'criminal_group',
         'international_organization', 'company', 'ngo', 'media', 'place', 'other']


def run(args, **kw):
    return subprocess.run([BIN] + args, capture_output=True, timeout=kw.pop('timeout', 300), **kw)


def ok(args, **kw):
    p = run(args, **kw)
    if p.returncode != 0:
        raise AssertionError('claimgraph %s failed (%d): %s' % (' '.join(args[:3]), p.returncode, p.stderr.decode()[:2000]))
    return p


def node(script, *args, expect=0):
    p = subprocess.run(['node', os.path.join(TOOLS, script)] + list(args), capture_output=True, timeout=600)
    if p.returncode != expect:
        raise AssertionError('%s %s exited %d: %s' % (script, ' '.join(args), p.returncode, p.stderr.decode()[:3000]))
    return p


def xmlmap(s):
    """What XML 1.0 can carry of s, as claimgraph writes it: characters XML forbids become U+FFFD."""
    return ''.join('\ufffd' if (ord(c) < 0x20 and c not in '\t\n\r') or c in '\ufffe\uffff' else c for c in s)


def make_hostile(d):
    """A dataset whose every string is hostile, touching every record field that an export writes
    (and notes, which none may write), with a refuted edge, a refute-only edge, undirected and
    declared relations, partial dates, caveats and external ids. Returns its path."""
    recs = []
    n = len(NAMES)
    recs.append({"type": "source", "id": "s1", "title": NAMES[9], "kind": "news", "publisher": NAMES[10],
                 "author": NAMES[15], "url": 'https://example.org/a?b=<c>&d="e"', "published": "2011-05",
                 "reliability": "B", "caveat": 'Source caveat: ' + NAMES[7] + NAMES[24], "notes": SECRET + ' s1'})
    recs.append({"type": "source", "id": "s2", "title": NAMES[12], "kind": "court_record", "url": "javascript:alert(1)",
                 "cites": ["s1"], "reliability": "A", "notes": SECRET + ' s2'})
    recs.append({"type": "source", "id": "s_3.x:y-z", "title": NAMES[20], "kind": "other"})
    recs.append({"type": "relation", "id": "rel_hostile", "label": '<b>label</b> & "q" ' + NAMES[13], "directed": True,
                 "category": NAMES[16]})
    recs.append({"type": "relation", "id": "met", "label": 'met\nwith ' + NAMES[21], "directed": False})
    for i, name in enumerate(NAMES):
        e = {"type": "entity", "id": "e%02d" % i, "name": name, "kind": KINDS[i % len(KINDS)],
             "aliases": [NAMES[(i + 3) % n], NAMES[(i + 7) % n]], "description": 'About ' + NAMES[(i + 5) % n]}
        if i % 4 == 0:
            e["external_ids"] = {"wikidata": "Q%d" % (i + 1), "my key <&>\"": NAMES[(i + 1) % n], "opencorporates": "gb/%d" % i}
        recs.append(e)
    # typed pairs for the FtM link schemata
    P = [i for i in range(n) if KINDS[i % len(KINDS)] == 'person']
    ORG = [i for i in range(n) if KINDS[i % len(KINDS)] in ('organization', 'political_party', 'government_body')]
    CO = [i for i in range(n) if KINDS[i % len(KINDS)] == 'company']
    PLACE = [i for i in range(n) if KINDS[i % len(KINDS)] == 'place']
    claims = []

    def claim(cid, s, r, o, src='s1', **kw):
        c = {"type": "claim", "id": cid, "subject": "e%02d" % s, "relation": r, "object": "e%02d" % o, "source": src,
             "summary": 'Summary ' + NAMES[(s + o) % n], "attributed_to": NAMES[(s * 3) % n],
             "evidence": [{"start": 10, "end": 20, "sha256": "a" * 64}], "notes": SECRET + ' ' + cid}
        c.update(kw)
        claims.append(c)
    # a chain through every entity (undirected), so every hostile name is on an edge
    for i in range(n - 1):
        claim('chain.%02d' % i, i, 'cooperates_with', i + 1, src='s2' if i % 3 else 's1')
    claim('m1', P[0], 'member_of', ORG[0], valid_from='1999', valid_to='2001-02', caveat='Claim caveat ' + NAMES[11])
    claim('m2', P[1], 'member_of', ORG[0], src='s2', valid_from='2004-02', status='official_finding')
    claim('m3', PLACE[0], 'member_of', ORG[1])  # an Address cannot be a member: UnknownLink
    claim('l1', P[1], 'leads', ORG[1], valid_to='2010-05-17', confidence=0.9)
    claim('w1', P[2], 'employed_by', ORG[2], anonymous=True, origin=NAMES[5])
    claim('a1', P[0], 'associate_of', P[2], credibility=2, reliability='C')
    claim('f1', P[2], 'family_of', P[1], status='alleged')
    claim('o1', ORG[0], 'controls', CO[0])
    claim('o2', ORG[0], 'controls', ORG[1])  # not a company: UnknownLink
    claim('p1', ORG[1], 'funds', P[0], valid_from='2003', valid_to='2003')
    claim('t1', P[0], 'traffics_for', ORG[2], status='alleged', caveat='Caveat ' + NAMES[22])
    claim('t2', P[0], 'traffics_for', ORG[2], src='s2', stance='refutes', status='denied')  # disputed
    claim('d1', P[1], 'traffics_for', ORG[2], src='s2', stance='refutes', status='denied')  # refute-only
    claim('h1', ORG[2], 'rel_hostile', P[2], valid_from='2005')
    claim('h2', ORG[2], 'rel_hostile', P[2], src='s_3.x:y-z')  # no date: the edge's start is open
    claim('x1', P[2], 'met', P[0], src='s_3.x:y-z')
    recs.extend(claims)
    path = os.path.join(d, 'hostile.jsonl')
    with open(path, 'w', encoding='utf-8') as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    return path


class Ref:
    """What every export must say, from the dataset's records and `claimgraph edges --format json`."""

    def __init__(self, data, args=()):
        self.data = data
        files = [data] if os.path.isfile(data) else sorted(
            os.path.join(dp, f) for dp, _, fs in os.walk(data) for f in fs if f.endswith('.jsonl'))
        self.entities, self.sources, self.claims, self.relations = {}, {}, {}, {}
        self.claim_order = []
        for path in files:
            with open(path, encoding='utf-8') as f:
                for line in f:
                    if not line.strip():
                        continue
                    r = json.loads(line)
                    t = r['type']
                    if t == 'entity':
                        self.entities[r['id']] = r
                    elif t == 'source':
                        self.sources[r['id']] = r
                    elif t == 'relation':
                        self.relations[r['id']] = r
                    else:
                        self.claims[r['id']] = r
                        self.claim_order.append(r['id'])
        self.edges = json.loads(ok(['edges', '--format', 'json', data] + list(args)).stdout)
        self.by_key = {}
        for e in self.edges:
            self.expect(e)
            self.by_key[(e['subject'], e['relation'], e['object'])] = e

    def label(self, r):
        if r in self.relations:
            return self.relations[r].get('label', r.replace('_', ' '))
        return r.replace('_', ' ')

    def widen(self, d, end):
        if len(d) == 10:
            return d
        y = int(d[:4])
        if len(d) == 7:
            m = int(d[5:7])
            if not end:
                return d + '-01'
            days = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            return '%s-%02d' % (d, days[m - 1])
        return d + ('-12-31' if end else '-01-01')

    def expect(self, e):
        cl = [self.claims[c] for c in e['claims']]
        sup = [c for c in cl if c.get('stance', 'supports') == 'supports']
        ref = [c for c in cl if c.get('stance') == 'refutes']
        e['refute_only'] = not e['origin_groups']
        e['origins'] = len(e['origin_groups'])
        e['supporting_sources'] = sorted({c['source'] for c in sup})
        e['refuting_sources'] = sorted({c['source'] for c in ref})
        e['refuting_claims'] = [c['id'] for c in ref]
        e['caveats'] = (['claim %s: %s' % (c['id'], c['caveat']) for c in cl if 'caveat' in c] +
                        ['source %s: %s' % (s, self.sources[s]['caveat'])
                         for s in sorted(set(e['sources']) | set(e.get('refuting_sources', [])))  # every source of the edge
                         if 'caveat' in self.sources[s]])
        e['relation_label'] = self.label(e['relation'])
        basis = sup if sup else ref
        e['valid_from'] = None if any('valid_from' not in c for c in basis) else min(
            (c['valid_from'] for c in basis), key=lambda d: self.widen(d, False))
        e['valid_to'] = None if any('valid_to' not in c for c in basis) else max(
            (c['valid_to'] for c in basis), key=lambda d: self.widen(d, True))

    def exported(self, show_denials):
        return [e for e in self.edges if show_denials or not e['refute_only']]


class Base(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.hostile = make_hostile(cls.tmp.name)
        cls.datasets = {'kosovo': KOSOVO, 'hostile': cls.hostile}
        cls.refs = {k: Ref(v) for k, v in cls.datasets.items()}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def out(self, name):
        return os.path.join(self.tmp.name, name)

    def mismatches(self, got, want, what):
        bad = []
        for k in want:
            if got.get(k) != want[k]:
                bad.append('%s: %s: got %r, want %r' % (what, k, got.get(k), want[k]))
        return bad

    def check_edge_attrs(self, e, attrs, lists_as, what):
        """Compares the attributes a parser returned for one edge with the reference."""
        want = {'relation': e['relation'], 'relation_label': e['relation_label'], 'directed': e['directed'],
                'origins': e['origins'], 'status': e['status'], 'disputed': e['disputed'],
                'refute_only': e['refute_only']}
        for k in ('claims', 'refuting_claims', 'supporting_sources', 'refuting_sources'):
            want[k] = lists_as(e[k])
        bad = self.mismatches(attrs, want, what)
        for k in ('confidence', 'refute_confidence'):
            if abs(float(attrs[k]) - e[k]) > 1e-9:
                bad.append('%s: %s: got %r, want %r' % (what, k, attrs[k], e[k]))
        for k in ('valid_from', 'valid_to'):
            if attrs.get(k) != e[k]:
                bad.append('%s: %s: got %r, want %r' % (what, k, attrs.get(k), e[k]))
        return bad


def need(*tools):
    missing = [t for t in tools if (t == 'node_modules' and not os.path.isdir(os.path.join(NODE_MODULES, 'graphology')))
               or (t != 'node_modules' and not shutil.which(t))]
    if missing:
        print('SKIPPED: %s not found (run .ci/deps: it installs Debian packages and `npm ci` in tests/)'
              % ', '.join(m if m != 'node_modules' else 'tests/node_modules (npm test tools)' for m in missing))
        sys.exit(77)


# ---------------------------------------------------------------------------------------------


class Gexf(Base):
    def export(self, name, data, *args):
        path = self.out(name)
        ok(['export', 'gexf', data, '-o', path] + list(args))
        return path

    def test_schema_valid(self):
        rng = os.path.join(TOOLS, 'gexf-1.3', 'gexf.rng')
        for name, data in self.datasets.items():
            for args in ([], ['--show-denials', '--with-centrality'], ['--uniform-direction']):
                path = self.export(name + '.gexf', data, *args)
                p = subprocess.run(['xmllint', '--noout', '--relaxng', rng, path], capture_output=True, timeout=120)
                self.assertEqual(p.returncode, 0, p.stderr.decode()[:2000])

    def test_graphology_reads_every_edge_and_attribute(self):
        for name, data in self.datasets.items():
            ref = self.refs[name]
            for show in (False, True):
                path = self.export(name + '.gexf', data, *(['--show-denials'] if show else []))
                g = json.loads(node('read_graph.js', 'gexf', path).stdout)
                self.assertEqual(g['type'], 'mixed' if any(not e['directed'] for e in ref.exported(show)) else 'directed')
                want = ref.exported(show)
                self.assertEqual(len(g['edges']), len(want))
                bad = []
                for ge, e in zip(g['edges'], want):  # same order as `claimgraph edges`
                    a = ge['attributes']
                    what = '%s %s %s' % (e['subject'], e['relation'], e['object'])
                    bad += self.mismatches({'source': ge['source'], 'target': ge['target'], 'undirected': ge['undirected'],
                                            'kind': a['kind'], 'label': a.get('label')},
                                           {'source': e['subject'], 'target': e['object'], 'undirected': not e['directed'],
                                            'kind': e['relation'], 'label': xmlmap(e['relation_label'])}, what)
                    if abs(a['weight'] - e['confidence']) > 1e-9:
                        bad.append('%s: weight %r' % (what, a['weight']))
                    e2 = dict(e, relation_label=xmlmap(e['relation_label']))
                    bad += self.check_edge_attrs(e2, a, list, what)
                    if a['caveats'] != [xmlmap(c) for c in e['caveats']]:
                        bad.append('%s: caveats %r != %r' % (what, a['caveats'], e['caveats']))
                    self.assertNotIn('refute_only', [k for k, v in a.items() if v is True] if not show else [])
                self.assertEqual(bad, [], '\n'.join(bad[:20]))
                nodes = {n['key']: n['attributes'] for n in g['nodes']}
                self.assertEqual(set(nodes), set(ref.entities))
                for eid, ent in ref.entities.items():
                    a = nodes[eid]
                    self.assertEqual(a['label'], xmlmap(ent['name']), eid)
                    self.assertEqual(a['kind'], ent['kind'])
                    self.assertEqual(a.get('description'), xmlmap(ent['description']) if 'description' in ent else None)
                    self.assertEqual(a['aliases'], [xmlmap(x) for x in ent.get('aliases', [])], eid)
                    for k, v in ent.get('external_ids', {}).items():
                        self.assertEqual(a['external_id:' + xmlmap(k)], xmlmap(v))

    def test_start_end_widened_and_read_by_expat(self):
        ref = self.refs['hostile']
        path = self.export('h.gexf', self.hostile, '--show-denials')
        ns = {'g': 'http://gexf.net/1.3'}
        root = ET.parse(path).getroot()
        graph = root.find('g:graph', ns)
        self.assertEqual(graph.get('mode'), 'dynamic')
        self.assertEqual(graph.get('timeformat'), 'date')
        edges = graph.findall('g:edges/g:edge', ns)
        self.assertEqual(len(edges), len(ref.edges))
        seen = 0
        for x, e in zip(edges, ref.edges):
            start = ref.widen(e['valid_from'], False) if e['valid_from'] else None
            end = ref.widen(e['valid_to'], True) if e['valid_to'] else None
            self.assertEqual((x.get('start'), x.get('end')), (start, end), e['claims'])
            seen += start is not None or end is not None
        self.assertGreaterEqual(seen, 4)
        # leap year and month ends, as the README says
        dates = {(x.get('start'), x.get('end')) for x in edges}
        self.assertIn(('1999-01-01', '2001-02-28'), dates)
        self.assertIn(('2003-01-01', '2003-12-31'), dates)
        # names survive expat too
        names = {n.get('id'): n.get('label') for n in graph.findall('g:nodes/g:node', ns)}
        for eid, ent in ref.entities.items():
            self.assertEqual(names[eid], xmlmap(ent['name']))

    def test_centrality_attributes(self):
        path = self.export('k.gexf', KOSOVO, '--with-centrality')
        g = json.loads(node('read_graph.js', 'gexf', path).stdout)
        cen = {r['id']: r for r in json.loads(ok(['centrality', '--format', 'json', KOSOVO]).stdout)['rows']}
        for n in g['nodes']:
            for m in ('degree', 'strength', 'betweenness', 'closeness', 'harmonic', 'eigenvector', 'pagerank', 'coreness'):
                self.assertAlmostEqual(n['attributes'][m], cen[n['key']][m], delta=1e-12, msg=(n['key'], m))


class Graphml(Base):
    def export(self, name, data, *args):
        path = self.out(name)
        ok(['export', 'graphml', data, '-o', path] + list(args))
        return path

    def test_graphology_mixed(self):
        for name, data in self.datasets.items():
            ref = self.refs[name]
            path = self.export(name + '.graphml', data, '--show-denials')
            g = json.loads(node('read_graph.js', 'graphml', path).stdout)
            self.assertEqual(len(g['edges']), len(ref.edges))
            bad = []
            split = lambda v: v.split(';') if v else []
            for ge, e in zip(g['edges'], ref.edges):
                a = dict(ge['attributes'])
                what = '%s %s %s' % (e['subject'], e['relation'], e['object'])
                bad += self.mismatches({'source': ge['source'], 'target': ge['target'], 'undirected': ge['undirected']},
                                       {'source': e['subject'], 'target': e['object'], 'undirected': not e['directed']}, what)
                for k in ('claims', 'refuting_claims', 'supporting_sources', 'refuting_sources'):
                    a[k] = split(a[k])
                bad += self.check_edge_attrs(dict(e, relation_label=xmlmap(e['relation_label'])), a, list, what)
                if json.loads(a['caveats']) != e['caveats']:  # JSON inside XML: nothing is lost
                    bad.append('%s: caveats' % what)
            self.assertEqual(bad, [], '\n'.join(bad[:20]))
            nodes = {n['key']: n['attributes'] for n in g['nodes']}
            for eid, ent in ref.entities.items():
                self.assertEqual(nodes[eid]['label'], xmlmap(ent['name']))
                self.assertEqual(json.loads(nodes[eid]['aliases']), ent.get('aliases', []))

    def test_networkx_uniform(self):
        import networkx as nx
        for name, data in self.datasets.items():
            ref = self.refs[name]
            path = self.export(name + '-u.graphml', data, '--uniform-direction', '--show-denials')
            g = nx.read_graphml(path)
            self.assertTrue(g.is_directed())
            got = sorted(g.edges(keys=True, data=True), key=lambda x: int(x[2][1:]))
            self.assertEqual(len(got), len(ref.edges))
            bad = []
            for (s, t, key, a), e in zip(got, ref.edges):
                what = '%s %s %s' % (e['subject'], e['relation'], e['object'])
                bad += self.mismatches({'s': s, 't': t}, {'s': e['subject'], 't': e['object']}, what)
                a = dict(a)
                for k in ('claims', 'refuting_claims', 'supporting_sources', 'refuting_sources'):
                    a[k] = a.get(k, '').split(';') if a.get(k) else []
                bad += self.check_edge_attrs(dict(e, relation_label=xmlmap(e['relation_label'])), a, list, what)
                if json.loads(a['caveats']) != e['caveats']:
                    bad.append('%s: caveats' % what)
            self.assertEqual(bad, [], '\n'.join(bad[:20]))
            for eid, ent in ref.entities.items():
                self.assertEqual(g.nodes[eid]['label'], xmlmap(ent['name']).replace('\r\n', '\n') if False else xmlmap(ent['name']))
            # without the option, a mixed graph is refused by NetworkX: that is why the option exists
            if any(not e['directed'] for e in ref.edges) and any(e['directed'] for e in ref.edges):
                with self.assertRaises(nx.NetworkXError):
                    nx.read_graphml(self.export(name + '-mixed.graphml', data))

    def test_igraph_uniform(self):
        import igraph
        for name, data in self.datasets.items():
            ref = self.refs[name]
            path = self.export(name + '-u.graphml', data, '--uniform-direction', '--show-denials', '--with-centrality')
            g = igraph.Graph.Read_GraphML(path)
            self.assertTrue(g.is_directed())
            ids = g.vs['id']
            self.assertEqual(sorted(ids), sorted(ref.entities))
            self.assertEqual(g.ecount(), len(ref.edges))
            bad = []
            for edge, e in zip(g.es, ref.edges):
                a = edge.attributes()
                what = '%s %s %s' % (e['subject'], e['relation'], e['object'])
                bad += self.mismatches({'s': ids[edge.source], 't': ids[edge.target]}, {'s': e['subject'], 't': e['object']}, what)
                a['origins'] = int(a['origins'])  # igraph reads long as float
                for k in ('claims', 'refuting_claims', 'supporting_sources', 'refuting_sources'):
                    a[k] = a[k].split(';') if a[k] else []
                for k in ('valid_from', 'valid_to'):
                    a[k] = a[k] or None  # igraph: a missing string is ''
                bad += self.check_edge_attrs(dict(e, relation_label=xmlmap(e['relation_label'])), a, list, what)
            self.assertEqual(bad, [], '\n'.join(bad[:20]))
            names = dict(zip(ids, g.vs['label']))
            for eid, ent in ref.entities.items():
                self.assertEqual(names[eid], xmlmap(ent['name']))
            if name == 'kosovo':
                cen = {r['id']: r for r in json.loads(ok(['centrality', '--format', 'json', KOSOVO]).stdout)['rows']}
                for v in g.vs:
                    self.assertAlmostEqual(v['pagerank'], cen[v['id']]['pagerank'], delta=1e-12)
                    self.assertEqual(v['degree'], cen[v['id']]['degree'])


# ---------------------------------------------------------------------------------------------


def ftm_id(kind, cid):
    esc = {'-': '-h', '_': '-u', '.': '-d', ':': '-c'}
    s = 'cg-%s-' % kind + ''.join(esc.get(c, c) for c in cid)
    return s


def ftm_cut(s, limit):
    """The value FtM gets: at most `limit` characters, the last one an ellipsis when cut."""
    return s if len(s) <= limit else s[:limit - 1] + '\u2026'


class Ftm(Base):
    def export(self, name, data, *args):
        path = self.out(name)
        p = ok(['export', 'ftm', data, '-o', path] + list(args))
        return path, p.stderr.decode()

    def test_valid_and_complete(self):
        for name, data in self.datasets.items():
            ref = self.refs[name]
            for show in (False, True):
                path, err = self.export(name + '.ftm.json', data, *(['--show-denials'] if show else []))
                ents = json.loads(node('validate_ftm.js', path, '--dump').stdout)
                byid = {e['id']: e for e in ents}
                bad = []
                # every entity, with its name as FtM can hold it
                for eid, ent in ref.entities.items():
                    fe = byid.get(ftm_id('e', eid))
                    if not fe or fe['properties']['name'] != [ftm_cut(ent['name'], 384)]:
                        bad.append('entity %s: %r' % (eid, fe and fe['properties'].get('name')))
                # every exported edge: its supporting claims as links between the right entities,
                # its refuting claims as Notes on both
                for e in ref.exported(show):
                    for cid in e['claims']:
                        c = ref.claims[cid]
                        if c.get('stance') == 'refutes':
                            fe = byid.get(ftm_id('n', cid))
                            if not fe or fe['schema'] != 'Note' or sorted(fe['properties']['entity']) != sorted(
                                    [ftm_id('e', c['subject']), ftm_id('e', c['object'])]):
                                bad.append('refutation %s' % cid)
                            elif not fe['properties']['description'][0].startswith('REFUTES: '):
                                bad.append('refutation %s: description' % cid)
                            continue
                        fe = byid.get(ftm_id('c', cid))
                        if not fe or 'edge' not in fe:
                            bad.append('claim %s: no link' % cid)
                            continue
                        if (fe['edge']['source'], fe['edge']['target']) != ([ftm_id('e', c['subject'])], [ftm_id('e', c['object'])]):
                            bad.append('claim %s: endpoints %r' % (cid, fe['edge']))
                        if fe['properties']['recordId'] != [cid]:
                            bad.append('claim %s: recordId' % cid)
                        if 'summary' in c and fe['properties']['summary'] != [ftm_cut(c['summary'], 65000)]:
                            bad.append('claim %s: summary' % cid)
                        desc = ' '.join(fe['properties']['description'])
                        m = re.search(r'The link \(all claims on it\) has confidence ([0-9.]+) \(([a-z ]+)\) from (\d+) independent', desc)
                        if not m or abs(float(m.group(1)) - e['confidence']) > 0.00005 + 1e-12 or int(m.group(3)) != e['origins']:
                            bad.append('claim %s: description lacks the edge confidence: %s' % (cid, desc[:300]))
                        if 'caveat' in c and 'Caveat: ' + c['caveat'] not in fe['properties']['description']:
                            bad.append('claim %s: caveat' % cid)
                        for k, prop in (('valid_from', 'startDate'), ('valid_to', 'endDate')):
                            if fe['properties'].get(prop) != ([c[k]] if k in c else None):
                                bad.append('claim %s: %s' % (cid, prop))
                # nothing more: links and notes are exactly the exported claims
                exported = {cid for e in ref.exported(show) for cid in e['claims']}
                links = {e['properties']['recordId'][0] for e in ents if 'edge' in e and e['schema'] != 'Documentation'}
                notes = {e['id'] for e in ents if e['schema'] == 'Note'}
                self.assertEqual(links, {c for c in exported if ref.claims[c].get('stance') != 'refutes'})
                self.assertEqual(notes, {ftm_id('n', c) for c in exported if ref.claims[c].get('stance') == 'refutes'})
                # Documentation: each source document names each entity its exported claims name
                docs = {(e['edge']['source'][0], e['edge']['target'][0]) for e in ents if e['schema'] == 'Documentation'}
                want = {(ftm_id('s', ref.claims[c]['source']), ftm_id('e', ref.claims[c][k])) for c in exported
                        for k in ('subject', 'object')}
                self.assertEqual(docs, want)
                self.assertEqual(bad, [], '\n'.join(bad[:20]))
                if name == 'hostile':
                    self.assertIn("property 'name' cut to FtM's limit of 384 characters", err)

    def test_schema_table_is_the_model(self):
        # the import's table of FtM schemata (src/ftm_schemata.h) is what the model 3.8.4 says
        got = node('ftm_schemata.js').stdout.decode()
        with open(os.path.join(ROOT, 'src', 'ftm_schemata.h'), encoding='utf-8') as f:
            self.assertEqual(f.read(), got, 'regenerate: node tests/interop/ftm_schemata.js > src/ftm_schemata.h')

    def test_link_schemata(self):
        path, _ = self.export('h.ftm.json', self.hostile, '--show-denials')
        ents = {e['properties'].get('recordId', [None])[0]: e['schema'] for e in
                json.loads(node('validate_ftm.js', path, '--dump').stdout) if 'edge' in e}
        want = {'m1': 'Membership', 'm2': 'Membership', 'm3': 'UnknownLink', 'l1': 'Directorship', 'w1': 'Employment',
                'a1': 'Associate', 'f1': 'Family', 'o1': 'Ownership', 'o2': 'UnknownLink', 'p1': 'Payment',
                't1': 'UnknownLink', 'h1': 'UnknownLink', 'x1': 'UnknownLink'}
        self.assertEqual({k: ents[k] for k in want}, want)

    def test_validator_rejects_planted_defects(self):
        # the validator is a real check: each planted defect, next to valid entities, gives its error
        support = [{"id": "org1", "schema": "Organization", "properties": {"name": ["Org"]}},
                   {"id": "per1", "schema": "Person", "properties": {"name": ["Per"]}}]
        cases = [
            ({"id": "bad_id", "schema": "Person", "properties": {"name": ["x"]}}, 'is not a valid FtM entity id'),
            ({"id": "a1", "schema": "Organisation", "properties": {"name": ["x"]}}, 'No such schema'),
            ({"id": "a2", "schema": "Thing", "properties": {"name": ["x"]}}, 'is abstract'),
            ({"id": "a3", "schema": "Person", "properties": {"name": ["x"], "nosuch": ["y"]}}, 'Property does not exist'),
            ({"id": "a4", "schema": "Organization", "properties": {"name": ["x"], "membershipMember": ["org1"]}}, 'stub'),
            ({"id": "a5", "schema": "Employment", "properties": {"employee": ["org1"], "employer": ["org1"]}},
             "employee: 'org1' is a Organization, the property wants a Person"),
            ({"id": "a7", "schema": "UnknownLink", "properties": {"subject": ["org1"], "object": ["nobody"]}},
             "reference to 'nobody', which is not in the file"),
            ({"id": "a8", "schema": "Person", "properties": {"name": ["x"], "birthDate": ["1999-13"]}}, 'is not an FtM date'),
            ({"id": "a9", "schema": "Person", "properties": {"name": ["x"], "sourceUrl": ["javascript:alert(1)"]}}, 'http(s) URL'),
            ({"id": "b1", "schema": "Person", "properties": {"name": ["x"], "topics": ["no.such.topic"]}}, 'not a value of type topic'),
            ({"id": "b2", "schema": "Person", "properties": {"name": ["n" * 385]}}, 'more than the 384'),
            ({"id": "b3", "schema": "Document", "properties": {"title": ["no file name"]}}, 'required property fileName'),
            ({"id": "b4", "schema": "Membership", "properties": {"member": ["b4"], "organization": ["org1"]}}, 'self-reference'),
            ({"id": "org1", "schema": "Organization", "properties": {"name": ["again"]}}, 'duplicate id'),
        ]
        path = self.out('defects.ftm.json')
        with open(path, 'w') as f:
            f.write(''.join(json.dumps(x) + '\n' for x in support))
        node('validate_ftm.js', path)
        for c, msg in cases:
            with open(path, 'w') as f:
                f.write(''.join(json.dumps(x) + '\n' for x in support + [c]))
            p = node('validate_ftm.js', path, expect=1)
            self.assertIn(msg, p.stderr.decode(), c['id'])

    def test_import_round_trip_kosovo(self):
        self.round_trip('kosovo', KOSOVO)

    def test_import_round_trip_hostile(self):
        self.round_trip('hostile', self.hostile)

    def round_trip(self, name, data):
        ref = self.refs[name]
        path, _ = self.export(name + '-rt.ftm.json', data)
        back = self.out(name + '-back.jsonl')
        p = ok(['import', 'ftm', path, '-o', back])
        err = p.stderr.decode()
        ok(['check', back])
        imp = Ref(back)
        # every entity, with its id, name, kind, aliases, description and external ids
        self.assertEqual(set(imp.entities), set(ref.entities))
        for eid, ent in ref.entities.items():
            got = imp.entities[eid]
            self.assertEqual(got['kind'], ent['kind'], eid)
            self.assertEqual(got['name'], ftm_cut(ent['name'], 384), eid)
            self.assertEqual(got.get('aliases', []), [ftm_cut(a, 384) for a in ent.get('aliases', []) if ftm_cut(a, 384) != got['name']], eid)
            self.assertEqual(got.get('description'), ent.get('description'), eid)
            self.assertEqual(got.get('external_ids', {}), ent.get('external_ids', {}), eid)
        # every source, with kind, reliability, caveat
        for sid, s in ref.sources.items():
            got = imp.sources[sid]
            for k in ('title', 'kind', 'publisher', 'author', 'published', 'reliability', 'caveat'):
                if k in s:
                    self.assertEqual(got.get(k), s[k], (sid, k))
        # every supported edge, with a relation that is the same or coarser
        mapping = {}
        lost = []
        for e in ref.edges:
            sup = [c for c in e['claims'] if ref.claims[c].get('stance', 'supports') == 'supports']
            if not sup:
                continue
            for cid in sup:
                got = imp.claims.get(cid)
                if not got:
                    lost.append(cid)
                    continue
                self.assertEqual((got['subject'], got['object']), (ref.claims[cid]['subject'], ref.claims[cid]['object']))
                mapping.setdefault(e['relation'], set()).add(got['relation'])
                key = (got['subject'], got['relation'], got['object'])
                if got['relation'] in ('linked_to', 'associate_of', 'family_of'):  # undirected: smaller id first
                    key = (min(got['subject'], got['object']), got['relation'], max(got['subject'], got['object']))
                self.assertIn(key, imp.by_key, cid)
        self.assertEqual(lost, [])
        self.assertEqual(len(imp.claims), sum(1 for e in ref.exported(False) for c in e['claims']
                                              if ref.claims[c].get('stance', 'supports') == 'supports'))
        # the refutations are Notes in FtM: reported, not silently dropped
        n_ref = sum(1 for e in ref.exported(False) for c in e['claims'] if ref.claims[c].get('stance') == 'refutes')
        if n_ref:
            self.assertIn("Note '", err)
        self.assertIn('%d not mapped' % n_ref, err)
        # one collection source and one origin: every claim comes from the export file
        self.assertEqual({c['origin'] for c in imp.claims.values()}, {'ftm-%s' % os.path.basename(path)})
        coarser = {r: sorted(m) for r, m in mapping.items() if m != {r}}
        print('\n%s round trip: %d entities, %d claims; relations that become coarser: %s' % (
            name, len(imp.entities), len(imp.claims), json.dumps(coarser, sort_keys=True)), file=sys.stderr)
        for r, m in coarser.items():
            self.assertTrue(set(m) <= {r, 'linked_to', 'member_of', 'owns'}, (r, m))

    def test_import_errors_and_unmapped(self):
        d = self.tmp.name
        bad = os.path.join(d, 'bad.ftm.json')
        with open(bad, 'w') as f:
            f.write('{"id":"p1","schema":"Person","properties":{"name":["A"]}}\n{"id":"p2", "schema": 7}\n{"id": "x",\n')
        out = os.path.join(d, 'never.jsonl')
        p = run(['import', 'ftm', bad, '-o', out])
        self.assertEqual(p.returncode, 1)
        err = p.stderr.decode()
        self.assertIn('bad.ftm.json:2:23: error: "schema" must be a non-empty string', err)
        self.assertIn('bad.ftm.json:3:', err)
        self.assertFalse(os.path.exists(out))
        good = os.path.join(d, 'aleph.ftm.json')
        lines = [
            {"id": "p1", "schema": "Person", "properties": {"name": ["Anna", "Anna B."], "topics": ["role.pep"]}},
            {"id": "p1", "schema": "Person", "properties": {"alias": ["AB"], "wikidataId": ["Q42"]}},  # a fragment
            {"id": "o1.0123456789abcdef0123456789abcdef01234567", "schema": "Organization",
             "properties": {"name": ["Org"], "topics": ["crime.traffick"]}},
            {"id": "m1", "schema": "Membership", "properties": {"member": ["p1"], "organization": ["o1.0123456789abcdef0123456789abcdef01234567"],
                                                               "startDate": ["2001-02-03T04:05:06"], "status": ["alleged"],
                                                               "summary": ["Anna is in Org"]}},
            {"id": "u1", "schema": "UnknownLink", "properties": {"subject": [{"id": "v1", "schema": "Vessel",
                                                                            "properties": {"name": ["Boat"]}}],
                                                                "object": ["p1"], "role": ["owner"]}},
            {"id": "u2", "schema": "UnknownLink", "properties": {"subject": ["p1"], "object": ["nobody"]}},
            {"id": "u3", "schema": "UnknownLink", "properties": {"subject": ["p1"], "object": ["p1"]}},
            {"id": "n1", "schema": "Note", "properties": {"entity": ["p1"], "description": ["a note"]}},
            {"id": "z1", "schema": "NoSuchSchema", "properties": {}},
            {"id": "s1", "schema": "Sanction", "properties": {"entity": ["p1"]}},
            {"id": "doc1", "schema": "Document", "properties": {"title": ["Leak"], "fileName": ["leak.pdf"],
                                                               "publishedAt": ["2019-07-01T00:00:00"]}},
            {"id": "dd1", "schema": "Documentation", "properties": {"document": ["doc1"], "entity": ["p1"]}},
        ]
        with open(good, 'w') as f:
            f.write('\ufeff' + '\n'.join(json.dumps(x) for x in lines) + '\n\n')
        p = run(['import', 'ftm', good, '-o', out])
        self.assertEqual(p.returncode, 0, p.stderr)
        err = p.stderr.decode()
        self.assertIn("aleph.ftm.json:8:1: warning: Note 'n1' not imported", err)
        self.assertIn("aleph.ftm.json:9:1: warning: NoSuchSchema 'z1' not imported", err)
        self.assertIn("aleph.ftm.json:10:1: warning: Sanction 's1' not imported", err)
        self.assertIn("aleph.ftm.json:6:1: warning: UnknownLink 'u2': 'nobody' is not a thing in the input", err)
        self.assertIn("aleph.ftm.json:7:1: warning: UnknownLink 'u3' links 'p1' to itself", err)
        self.assertIn('3 not mapped, 2 link values without a claim', err)
        ok(['check', out])
        r = Ref(out)
        self.assertEqual(r.entities['p1']['aliases'], ['Anna B.', 'AB'])
        self.assertEqual(r.entities['p1']['external_ids'], {'wikidata': 'Q42', 'ftm': 'p1'})
        org = r.entities['o1.0123456789abcdef0123456789abcdef01234567']
        self.assertEqual(org['kind'], 'criminal_group')
        self.assertEqual(r.entities['v1']['kind'], 'other')
        self.assertIn('FtM Vessel', r.entities['v1']['description'])
        self.assertEqual(r.claims['m1']['relation'], 'member_of')
        self.assertEqual(r.claims['m1']['valid_from'], '2001-02-03')
        self.assertEqual(r.claims['m1']['status'], 'alleged')
        self.assertEqual(r.claims['u1']['relation'], 'linked_to')
        self.assertEqual(r.relations['linked_to']['directed'], False)
        self.assertEqual(r.sources['doc1']['published'], '2019-07-01')
        self.assertEqual({c['source'] for c in r.claims.values()}, {'ftm-aleph.ftm.json'})


# ---------------------------------------------------------------------------------------------


class Neo4j(Base):
    def export(self, name, data, *args):
        d = self.out(name)
        p = ok(['export', 'neo4j', data, '--out-dir', d] + list(args))
        return d, p.stderr.decode()

    def test_kuzu_and_cypher(self):
        for name, data in self.datasets.items():
            ref = self.refs[name]
            d, err = self.export(name + '-neo4j', data, '--show-denials', '--with-centrality')
            got = json.loads(node('check_neo4j.js', d).stdout)
            n_claims = sum(len(e['claims']) for e in ref.edges)
            self.assertEqual(got['counts'], {'entities.csv': len(ref.entities), 'sources.csv': len(ref.sources),
                                             'claims.csv': n_claims, 'edges.csv': len(ref.edges),
                                             'claim_subject.csv': n_claims, 'claim_object.csv': n_claims,
                                             'claim_source.csv': n_claims,
                                             'cites.csv': sum(len(s.get('cites', [])) for s in ref.sources.values())})
            edges = {}
            for x in got['edges']:
                key = (x['subject'], x['relation'], x['object'])
                self.assertNotIn(key, edges)
                edges[key] = x
            self.assertEqual(set(edges), set(ref.by_key))
            bad = []
            for key, e in ref.by_key.items():
                x = dict(edges[key])
                what = ' '.join(key)
                for k in ('claims', 'refuting_claims', 'supporting_sources', 'refuting_sources'):
                    x[k] = x[k] or []
                bad += self.check_edge_attrs(e, x, list, what)
                if json.loads(x['caveats_json']) != e['caveats']:
                    bad.append('%s: caveats' % what)
                t = e['relation'].upper().replace('.', '_').replace(':', '_').replace('-', '_')
                if x['reltype'] != ('REFUTED_' + t if e['refute_only'] else t):
                    bad.append('%s: type %s' % (what, x['reltype']))
            self.assertEqual(bad, [], '\n'.join(bad[:20]))
            for ent in got['entities']:
                want = ref.entities[ent['id']]
                self.assertEqual(ent['name'], want['name'])  # CSV carries every character
                self.assertEqual(json.loads(ent['aliases_json']), want.get('aliases', []))
                self.assertEqual(ent['description'], want.get('description'))
                self.assertEqual(json.loads(ent['external_ids_json']) if ent['external_ids_json'] else {}, want.get('external_ids', {}))
                self.assertIn('Entity', ent['labels'])
            for c in got['claims']:
                want = ref.claims[c['id']]
                for k in ('subject', 'object', 'source', 'relation', 'summary', 'attributed_to', 'caveat', 'valid_from', 'valid_to', 'origin'):
                    self.assertEqual(c[k], want.get(k), (c['id'], k))
                self.assertEqual(c['stance'], want.get('stance', 'supports'))
                self.assertEqual(c['span_start'], [s['start'] for s in want.get('evidence', [])] or None)
            for s in got['sources']:
                want = ref.sources[s['id']]
                for k in ('title', 'publisher', 'author', 'url', 'published', 'caveat'):
                    self.assertEqual(s[k], want.get(k), (s['id'], k))
            if name == 'hostile':
                self.assertIn('legacy_quote_escaping', err)  # a backslash before a quote: said, not hidden
                with open(os.path.join(d, 'load-csv.cypher')) as f:
                    self.assertIn('WARNING', f.read())

    def test_without_denials(self):
        ref = self.refs['hostile']
        d, _ = self.export('h-noden', self.hostile)
        with open(os.path.join(d, 'edges.csv'), newline='', encoding='utf-8') as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), len(ref.exported(False)))
        self.assertFalse(any(r[':TYPE'].startswith('REFUTED_') for r in rows))

    def test_out_dir_is_atomic(self):
        d = self.out('atomic')
        os.mkdir(d)
        target = os.path.join(d, 'neo')
        ok(['export', 'neo4j', KOSOVO, '--out-dir', target])
        names = sorted(os.listdir(target))
        self.assertEqual(len(names), 9)
        first = {f: open(os.path.join(target, f), 'rb').read() for f in names}
        # a second export replaces the files; a file of the user's in the folder stays
        with open(os.path.join(target, 'mine.txt'), 'w') as f:
            f.write('keep me')
        ok(['export', 'neo4j', KOSOVO, '--out-dir', target + '/', '--source', 'gp'])
        second = {f: open(os.path.join(target, f), 'rb').read() for f in names}
        self.assertNotEqual(first['edges.csv'], second['edges.csv'])
        self.assertEqual(sorted(os.listdir(target)), sorted(names + ['mine.txt']))
        # a failure while writing (here: one of the files cannot be replaced) changes none of them
        os.unlink(os.path.join(target, 'cites.csv'))
        os.mkdir(os.path.join(target, 'cites.csv'))
        p = run(['export', 'neo4j', KOSOVO, '--out-dir', target])
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'cites.csv', p.stderr)
        for f in names:
            if f != 'cites.csv':
                self.assertEqual(open(os.path.join(target, f), 'rb').read(), second[f], f)
        self.assertEqual(sorted(os.listdir(target)), sorted(names + ['mine.txt']))  # no temporary file left
        # a data error writes nothing at all, not even the folder
        bad = os.path.join(d, 'bad.jsonl')
        with open(bad, 'w') as f:
            f.write('{"type":"entity","id":"a"}\n')
        p = run(['export', 'neo4j', bad, '--out-dir', os.path.join(d, 'new')])
        self.assertEqual(p.returncode, 1)
        self.assertEqual(sorted(os.listdir(d)), ['bad.jsonl', 'neo'])
        # a file where the folder should be
        p = run(['export', 'neo4j', KOSOVO, '--out-dir', bad])
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'not a folder', p.stderr)

    def test_interrupt_right_after_a_temporary_file_appears(self):
        # an interrupt at any moment leaves no temporary file, and either no file or all nine,
        # complete: files are registered for removal before a signal can arrive, and the renames
        # are one step (40 tries on a small export, so the signal lands in every phase; before
        # the signal masks, about one in five left a temporary file or some of the files behind)
        ref = self.out('race-ref')
        ok(['export', 'neo4j', KOSOVO, '--out-dir', ref])
        want = {f: open(os.path.join(ref, f), 'rb').read() for f in os.listdir(ref)}
        target = self.out('race')
        hit = complete = 0
        for _ in range(40):
            shutil.rmtree(target, ignore_errors=True)
            p = subprocess.Popen([BIN, 'export', 'neo4j', KOSOVO, '--out-dir', target], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            while p.poll() is None and not (os.path.isdir(target) and any('.tmp-' in x for x in os.listdir(target))):
                pass
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                p.wait(timeout=60)
                hit += 1
                got = {f: open(os.path.join(target, f), 'rb').read() for f in os.listdir(target)}
                if got:
                    self.assertEqual(got, want)
                    complete += 1
        self.assertGreater(hit, 0)
        print('\n%d interrupted: %d left nothing, %d all nine files complete' % (hit, hit - complete, complete),
              file=sys.stderr)

    def test_interrupted_export_leaves_nothing(self):
        with tempfile.TemporaryDirectory() as d:
            data = os.path.join(d, 'big.jsonl')
            with open(data, 'w') as f:
                f.write('{"type":"source","id":"s","title":"t","kind":"other"}\n')
                n = 3000
                for i in range(n):
                    f.write('{"type":"entity","id":"e%d","name":"Entity %d","kind":"person"}\n' % (i, i))
                for i in range(150000):
                    f.write('{"type":"claim","id":"c%d","subject":"e%d","relation":"funds","object":"e%d","source":"s",'
                            '"summary":"%s"}\n' % (i, i % n, (i * 7 + 1) % n, 'w' * 200))
            target = os.path.join(d, 'out')
            interrupted = False
            for sig in (signal.SIGTERM, signal.SIGINT):
                p = subprocess.Popen([BIN, 'export', 'neo4j', data, '--out-dir', target], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
                deadline = time.time() + 120
                while time.time() < deadline and p.poll() is None:
                    temps = [x for x in os.listdir(target) if '.tmp-' in x] if os.path.isdir(target) else []
                    if temps:
                        break
                    time.sleep(0.002)
                if p.poll() is None:
                    p.send_signal(sig)
                    p.wait(timeout=60)
                    interrupted = True
                    self.assertEqual(p.returncode, -sig)
                    self.assertEqual(os.listdir(target), [])  # not one file, whole or partial
                else:
                    shutil.rmtree(target, ignore_errors=True)
            if not interrupted:
                self.skipTest('the export finished before it could be interrupted')


# ---------------------------------------------------------------------------------------------


class Common(Base):
    FORMATS = (('gexf', 'x.gexf'), ('graphml', 'x.graphml'), ('ftm', 'x.ftm.json'), ('neo4j', 'xneo'))

    def export_all(self, data, suffix, *args):
        outs = {}
        for fmt, name in self.FORMATS:
            path = self.out(name + suffix)
            dest = ['--out-dir', path] if fmt == 'neo4j' else ['-o', path]
            extra = [a for a in args if not (fmt == 'ftm' and a == '--with-centrality')]
            ok(['export', fmt, data] + dest + extra)
            if fmt == 'neo4j':
                outs[fmt] = b''.join(open(os.path.join(path, f), 'rb').read() for f in sorted(os.listdir(path)))
            else:
                outs[fmt] = open(path, 'rb').read()
        return outs

    def test_deterministic_for_any_thread_count(self):
        for data in (KOSOVO, self.hostile):
            a = self.export_all(data, '1', '--show-denials', '--with-centrality', '--threads', '1')
            b = self.export_all(data, '2', '--show-denials', '--with-centrality', '--threads', '3')
            c = self.export_all(data, '3', '--show-denials', '--with-centrality')
            self.assertEqual(a, b)
            self.assertEqual(a, c)

    def test_notes_never_caveats_always(self):
        outs = self.export_all(self.hostile, 'n', '--show-denials')
        for fmt, body in outs.items():
            self.assertNotIn(SECRET.encode(), body, fmt)
            self.assertIn(b'Claim caveat ', body, fmt)
            self.assertIn(b'Source caveat: ', body, fmt)

    def test_stdout_and_usage(self):
        p = ok(['export', 'gexf', KOSOVO])
        self.assertTrue(p.stdout.startswith(b'<?xml'))
        for args, msg in ((['export', 'dot', KOSOVO], b"unknown format 'dot'"),
                          (['export', 'neo4j', KOSOVO], b'give --out-dir DIR'),
                          (['export', 'neo4j', KOSOVO, '-o', self.out('n')], b'use --out-dir DIR'),
                          (['export', 'gexf', KOSOVO, '--out-dir', self.out('g')], b'use -o FILE'),
                          (['export', 'ftm', KOSOVO, '--with-centrality'], b'FtM has no property'),
                          (['export', 'ftm', KOSOVO, '--uniform-direction'], b'gexf and graphml only'),
                          (['import', 'csv', KOSOVO], b"unknown format 'csv' (ftm or sheets)")):
            p = run(args)
            self.assertEqual(p.returncode, 2, args)
            self.assertIn(msg, p.stderr)
        p = run(['export', 'gexf', KOSOVO, '--source', 'nosuch'])
        self.assertEqual(p.returncode, 1)
        p = ok(['export', '--help'])
        self.assertIn(b'refute_only', p.stdout)

    def test_filters_as_for_edges(self):
        ref = Ref(KOSOVO, ['--source', 'gp', '--min-confidence', '0.5'])
        path = self.out('f.graphml')
        ok(['export', 'graphml', KOSOVO, '--source', 'gp', '--min-confidence', '0.5', '--uniform-direction', '-o', path])
        import networkx as nx
        g = nx.read_graphml(path)
        self.assertEqual(g.number_of_edges(), len(ref.exported(False)))
        self.assertEqual(g.number_of_nodes(), len(ref.entities))


GROUPS = {'gexf': (Gexf, ('xmllint', 'node', 'node_modules')), 'graphml': (Graphml, ('node', 'node_modules')),
          'ftm': (Ftm, ('node', 'node_modules')), 'neo4j': (Neo4j, ('node', 'node_modules')), 'common': (Common, ())}

if __name__ == '__main__':
    cls, tools = GROUPS[GROUP]
    need(*tools)
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(cls)
    res = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if res.wasSuccessful() else 1)
