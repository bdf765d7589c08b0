#!/usr/bin/env python3
"""The three places that show the evidence arithmetic agree, and agree with the README: for the
Kosovo dataset and seeded random datasets (origins, cites chains and cycles, refutations,
undirected relations, explicit confidences),
  - every edge of `claimgraph edges --format json` has the confidence and the origin groups an
    independent implementation of README "Evidence arithmetic" gives;
  - `claimgraph explain` prints that same confidence for every edge;
  - `claimgraph centrality` strength of every entity is the sum of its links, each link being the
    README's noisy-OR over all supporting claims between the two entities (whatever the relation).
Usage: test_evidence_paths.py BINARY SOURCE_DIR"""
import csv
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import unittest

BIN, ROOT = sys.argv[1], sys.argv[2]
R = {'A': 0.95, 'B': 0.85, 'C': 0.70, 'D': 0.50, 'E': 0.30, 'F': 0.50}
C = {1: 0.95, 2: 0.80, 3: 0.60, 4: 0.35, 5: 0.15, 6: 0.50}
BUILTIN_UNDIRECTED = {'associate_of', 'family_of', 'cooperates_with'}


def run(args):
    p = subprocess.run([BIN] + args, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise AssertionError('%s: %s' % (' '.join(args), p.stderr))
    return p.stdout


def read_records(path):
    files = [path] if os.path.isfile(path) else sorted(
        os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if f.endswith('.jsonl'))
    recs = []
    for f in files:
        with open(f, encoding='utf-8') as fh:
            recs.extend(json.loads(line) for line in fh if line.strip())
    return recs


class Oracle:
    """README "Evidence arithmetic", written from the text, not from the C code."""

    def __init__(self, recs):
        self.sources = {r['id']: r for r in recs if r['type'] == 'source'}
        self.claims = [r for r in recs if r['type'] == 'claim']
        directed = {r['id']: r.get('directed', True) for r in recs if r['type'] == 'relation'}
        self.directed = lambda rel: directed.get(rel, rel not in BUILTIN_UNDIRECTED)
        # cites families: connected components over cites, either direction
        parent = {s: s for s in self.sources}

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x
        for s in self.sources.values():
            for t in s.get('cites', []):
                parent[find(s['id'])] = find(t)
        self.family = {s: find(s) for s in self.sources}

    def confidence(self, c):
        if 'confidence' in c:
            return c['confidence']
        rel = c.get('reliability') or self.sources[c['source']].get('reliability') or 'F'
        return R[rel] * C[c.get('credibility', 6)]

    def groups(self, claims):
        """Partition by: same explicit origin, same source, or sources in one cites family."""
        parent = list(range(len(claims)))

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x
        for i in range(len(claims)):
            for j in range(i):
                a, b = claims[i], claims[j]
                same = (a['source'] == b['source'] or self.family[a['source']] == self.family[b['source']] or
                        ('origin' in a and a.get('origin') == b.get('origin')))
                if same:
                    parent[find(i)] = find(j)
        out = {}
        for i, c in enumerate(claims):
            out.setdefault(find(i), []).append(c)
        return list(out.values())

    def noisy_or(self, claims):
        q = 1.0
        for g in self.groups(claims):
            q *= 1.0 - max(self.confidence(c) for c in g)
        return 1.0 - q if claims else 0.0

    def edge_key(self, c):
        s, o = c['subject'], c['object']
        if not self.directed(c['relation']) and o < s:
            s, o = o, s
        return (s, c['relation'], o)


def random_dataset(seed):
    rnd = random.Random(seed)
    recs = []
    n_src = rnd.randint(3, 9)
    for i in range(n_src):
        s = {"type": "source", "id": "s%d" % i, "title": "S%d" % i, "kind": "news"}
        if rnd.random() < 0.7:
            s["reliability"] = rnd.choice('ABCDEF')
        if i and rnd.random() < 0.35:
            s["cites"] = ["s%d" % rnd.randrange(i)]
        if i == 0 and n_src > 2 and rnd.random() < 0.5:
            s["cites"] = ["s%d" % (n_src - 1)]  # a cycle through the chain, sometimes
        recs.append(s)
    n_ent = rnd.randint(4, 12)
    for i in range(n_ent):
        recs.append({"type": "entity", "id": "e%02d" % i, "name": "E%d" % i, "kind": "person"})
    recs.append({"type": "relation", "id": "knows", "directed": False})
    rels = ['funds', 'controls', 'associate_of', 'knows', 'member_of']
    for i in range(rnd.randint(10, 60)):
        a, b = rnd.sample(range(n_ent), 2)
        c = {"type": "claim", "id": "c%03d" % i, "subject": "e%02d" % a, "relation": rnd.choice(rels),
             "object": "e%02d" % b, "source": "s%d" % rnd.randrange(n_src), "credibility": rnd.randint(1, 6)}
        if rnd.random() < 0.25:
            c["origin"] = "o%d" % rnd.randrange(3)
        if rnd.random() < 0.15:
            c["stance"] = "refutes"
        if rnd.random() < 0.1:
            c["confidence"] = round(rnd.random(), 3)
        if rnd.random() < 0.15:
            c["reliability"] = rnd.choice('ABCDEF')
        recs.append(c)
    return recs


class EvidencePaths(unittest.TestCase):
    def check(self, path):
        recs = read_records(path)
        o = Oracle(recs)
        edges = json.loads(run(['edges', '--format', 'json', path]))
        by_key = {}
        for c in o.claims:
            by_key.setdefault(o.edge_key(c), []).append(c)
        self.assertEqual(len(edges), len(by_key))
        for e in edges:
            key = (e['subject'], e['relation'], e['object'])
            claims = by_key[key]
            sup = [c for c in claims if c.get('stance', 'supports') == 'supports']
            ref = [c for c in claims if c.get('stance') == 'refutes']
            self.assertAlmostEqual(e['confidence'], round(o.noisy_or(sup), 6), places=6, msg=key)
            self.assertAlmostEqual(e['refute_confidence'], round(o.noisy_or(ref), 6), places=6, msg=key)
            self.assertEqual(sorted(sorted(c['id'] for c in g) for g in o.groups(sup)),
                             sorted(sorted(g['claims']) for g in e['origin_groups']), key)
            # explain prints the same number
            out = run(['explain', path, *key])
            m = re.search(r'^Result: confidence ([0-9.]+)', out, re.M)
            self.assertIsNotNone(m, out)
            self.assertAlmostEqual(float(m.group(1)), e['confidence'], places=6, msg=key)
        # links: every supporting claim between two entities, whatever the relation
        links = {}
        for c in o.claims:
            if c.get('stance', 'supports') == 'supports':
                links.setdefault(tuple(sorted((c['subject'], c['object']))), []).append(c)
        strength = {}
        for (a, b), cl in links.items():
            w = o.noisy_or(cl)
            if w > 0:
                strength[a] = strength.get(a, 0) + w
                strength[b] = strength.get(b, 0) + w
        rows = csv.DictReader(io.StringIO(run(['centrality', '--measures', 'strength', '--csv-dialect', 'plain', path])))
        n = 0
        for r in rows:
            self.assertAlmostEqual(float(r['strength']), strength.get(r['id'], 0.0), places=8, msg=r['id'])
            n += 1
        return len(edges), n

    def test_kosovo(self):
        ne, nv = self.check(os.path.join(ROOT, 'datasets', 'kosovo'))
        print('kosovo: %d edges, %d entities agree' % (ne, nv), file=sys.stderr)

    def test_random(self):
        with tempfile.TemporaryDirectory() as tmp:
            for seed in range(12):
                path = os.path.join(tmp, 'r%d.jsonl' % seed)
                with open(path, 'w') as f:
                    for r in random_dataset(seed):
                        f.write(json.dumps(r) + '\n')
                self.check(path)


if __name__ == '__main__':
    unittest.main(argv=sys.argv[:1], verbosity=2)
