#!/usr/bin/env python3
"""Compares every centrality measure of `claimgraph centrality` with NetworkX 2.8.8 (Debian
python3-networkx) to 1e-6 relative, unweighted and weighted, undirected and directed, on
Zachary's karate club, Padgett's Florentine families, and seeded random graphs (some with
isolated vertices, several claims per pair and zero-confidence claims).

The NetworkX side rebuilds the entity graph from the same claims the way the README documents:
one link per pair; link confidence = 1 - prod(1 - c) over independent claims (every claim here has
its own source, so each is its own origin group); links of confidence 0 are dropped; distance =
-ln(min(confidence, 0.999)).
Usage: test_centrality_networkx.py BINARY SOURCE_DIR"""
import json
import math
import os
import random
import subprocess
import sys
import tempfile

import networkx as nx

BIN, ROOT = sys.argv[1], sys.argv[2]
REL = 1e-6
failures = []
checks = 0


def close(a, b):
    return abs(a - b) <= REL * max(abs(a), abs(b)) + 1e-9


def write_dataset(path, n, claims, directed_rel):
    """claims: list of (u, v, confidence or None). Each claim gets its own source."""
    with open(path, 'w') as f:
        if directed_rel:
            f.write('{"type":"relation","id":"links_to","directed":true}\n')
        for i in range(len(claims)):
            f.write(json.dumps({"type": "source", "id": "s%05d" % i, "title": "t", "kind": "other"}) + '\n')
        for v in range(n):
            f.write(json.dumps({"type": "entity", "id": "n%04d" % v, "name": "N%d" % v, "kind": "person"}) + '\n')
        for i, (u, v, c) in enumerate(claims):
            rec = {"type": "claim", "id": "c%05d" % i, "subject": "n%04d" % u,
                   "relation": "links_to" if directed_rel else "associate_of", "object": "n%04d" % v,
                   "source": "s%05d" % i}
            if c is not None:
                rec["confidence"] = c
            f.write(json.dumps(rec) + '\n')


def nx_graph(n, claims, directed):
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    prod = {}
    for u, v, c in claims:
        key = (u, v) if directed else (min(u, v), max(u, v))
        p = 0.25 if c is None else c  # default grading: reliability F x credibility 6
        prod[key] = prod.get(key, 1.0) * (1.0 - p)
    for (u, v), q in prod.items():
        conf = 1.0 - q
        if conf <= 0:
            continue
        G.add_edge(u, v, weight=conf, distance=-math.log(min(conf, 0.999)))
    return G


def expected(G, weighted, normalized=False):
    w = 'weight' if weighted else None
    d = 'distance' if weighted else None
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    out = {
        'degree': {v: len(set(U.neighbors(v))) for v in G},
        'strength': dict(G.degree(weight=w)) if not G.is_directed() else
        {v: G.in_degree(v, weight=w) + G.out_degree(v, weight=w) for v in G},
        'betweenness': nx.betweenness_centrality(G, normalized=normalized, weight=d),
        'closeness': nx.closeness_centrality(G, distance=d, wf_improved=False),
        'harmonic': nx.harmonic_centrality(G, distance=d),
        'pagerank': nx.pagerank(G, alpha=0.85, weight=w, tol=1e-13, max_iter=100000),
        'coreness': nx.core_number(G),
    }
    connected = nx.is_strongly_connected(G) if G.is_directed() else nx.is_connected(G)
    if connected and G.number_of_edges():
        ev = nx.eigenvector_centrality(G, weight=w, tol=1e-13, max_iter=100000)
        m = max(ev.values())
        out['eigenvector'] = {v: x / m for v, x in ev.items()}
    if not weighted:
        out['strength'] = {v: float(out['strength'][v]) for v in G}
    return out


def run_centrality(path, extra):
    p = subprocess.run([BIN, 'centrality', '--format', 'json', path] + extra, capture_output=True, timeout=120)
    if p.returncode != 0:
        return None, f'exit {p.returncode}: {p.stderr.decode()[:500]}'
    return json.loads(p.stdout)['rows'], None


def check(name, n, claims, directed_rel, directed_graph, weighted, normalized=False, sort=None, top=None):
    """Compares every value with NetworkX; with sort/top, also the order of the rows: descending
    by the sort measure (default pagerank), ties by id, and --top N = the first N rows."""
    global checks
    extra = []
    if directed_graph:
        extra.append('--directed')
    if not weighted:
        extra.append('--unweighted')
    if normalized:
        extra.append('--normalized')
    if sort:
        extra += ['--sort', sort]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'data.jsonl')
        write_dataset(path, n, claims, directed_rel)
        rows, err = run_centrality(path, extra)
        if err:
            failures.append(f'{name}: {err}')
            return
        if top is not None:
            top_rows, err = run_centrality(path, extra + ['--top', str(top)])
            if err:
                failures.append(f'{name} --top {top}: {err}')
                return
            checks += 1
            if [r['id'] for r in top_rows] != [r['id'] for r in rows[:top]]:
                failures.append(f'{name}: --top {top} is not the first {top} rows of the full table')
    key = sort or 'pagerank'
    for a, b in zip(rows, rows[1:]):
        checks += 1
        if (-a[key], a['id']) > (-b[key], b['id']):
            failures.append(f'{name}: rows not sorted by {key} descending, ties by id: {a["id"]} before {b["id"]}')
            break
    G = nx_graph(n, claims, directed_graph)
    exp = expected(G, weighted, normalized)
    # the order must also agree with NetworkX's values wherever they differ by more than 1e-6
    order = [int(r['id'][1:]) for r in rows]
    if key in exp:
        for a, b in zip(order, order[1:]):
            checks += 1
            x, y = exp[key][a], exp[key][b]
            if x < y and not close(x, y):
                failures.append(f'{name}: n{a:04d} listed before n{b:04d} but NetworkX {key} {x!r} < {y!r}')
                break
    rows = {int(r['id'][1:]): r for r in rows}
    for m, vals in exp.items():
        for v, x in vals.items():
            checks += 1
            got = rows[v][m]
            if not close(got, x):
                failures.append(f'{name}: {m} of n{v:04d}: claimgraph {got!r}, NetworkX {x!r}')


def from_nx(G):
    idx = {v: i for i, v in enumerate(sorted(G.nodes(), key=str))}
    return len(idx), [(idx[u], idx[v]) for u, v in G.edges()]


rng = random.Random(20261122)
graphs = []
n, e = from_nx(nx.karate_club_graph())
graphs.append(('karate', n, e))
n, e = from_nx(nx.florentine_families_graph())
graphs.append(('florentine', n, e))
n, e = from_nx(nx.gnp_random_graph(60, 0.07, seed=7))  # has isolated vertices and several components
graphs.append(('gnp60', n, e))
n, e = from_nx(nx.barabasi_albert_graph(120, 2, seed=3))
graphs.append(('ba120', n, e))

for name, n, edges in graphs:
    # unweighted: plain claims; weighted: random confidences, some pairs claimed twice, one zero
    plain = [(u, v, None) for u, v in edges]
    check(name + '/unweighted', n, plain, False, False, False)
    weighted = [(u, v, round(rng.uniform(0.05, 1.0), 6)) for u, v in edges]
    weighted += [(u, v, round(rng.uniform(0.05, 0.9), 6)) for u, v in rng.sample(edges, max(1, len(edges) // 5))]
    weighted.append((edges[0][0], edges[0][1], 0.0))
    check(name + '/weighted', n, weighted, False, False, True)

# directed graphs: a directed relation, the --directed entity graph
D = nx.gnp_random_graph(40, 0.12, seed=11, directed=True)
n, e = from_nx(D)
check('digraph40/unweighted', n, [(u, v, None) for u, v in e], True, True, False)
check('digraph40/weighted', n, [(u, v, round(rng.uniform(0.05, 1.0), 6)) for u, v in e], True, True, True)
# a strongly connected one, for directed eigenvector centrality
S = nx.DiGraph(nx.cycle_graph(30, create_using=nx.DiGraph))
S.add_edges_from((rng.randrange(30), rng.randrange(30)) for _ in range(40))
S.remove_edges_from(nx.selfloop_edges(S))
n, e = from_nx(S)
check('strong30/weighted', n, [(u, v, round(rng.uniform(0.05, 1.0), 6)) for u, v in e], True, True, True)
check('strong30/unweighted', n, [(u, v, None) for u, v in e], True, True, False)

# --normalized betweenness (NetworkX normalized=True), --sort and --top, undirected and directed
n, e = from_nx(nx.barabasi_albert_graph(120, 2, seed=3))
check('ba120/normalized,sort', n, [(u, v, round(rng.uniform(0.05, 1.0), 6)) for u, v in e], False, False, True,
      normalized=True, sort='betweenness', top=10)
n, e = from_nx(nx.karate_club_graph())
check('karate/sort=closeness', n, [(u, v, None) for u, v in e], False, False, False, sort='closeness', top=5)
n, e = from_nx(D)
check('digraph40/normalized', n, [(u, v, round(rng.uniform(0.05, 1.0), 6)) for u, v in e], True, True, True,
      normalized=True, sort='harmonic', top=7)

for f in failures[:50]:
    print('FAIL:', f)
print(f'{checks} values compared with NetworkX {nx.__version__}: {len(failures)} mismatches')
sys.exit(1 if failures else 0)
