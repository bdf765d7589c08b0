#!/usr/bin/python3
"""Test oracle for `claimgraph robustness`, written from the README ("Evidence arithmetic",
"Centrality", "Robustness") and ../shared/design/robustness.md, not from the C code.

It shares no code with claimgraph: it reads the JSON Lines records itself and re-derives the
claim confidences (grading table), the cites families, the origin groups, the noisy-OR links of
the entity graph, the measures (NetworkX 2.8.8), the printed-value rank keys, mid-ranks and fractional
top-k membership, the SplitMix64 world stream, both dependence modes, exact enumeration of all
worlds, leave-one-unit-out, exact Shapley attribution over sources and greedy breaking sets.

Usage:
  oracle.py DATA... [--measure M] [--samples N] [--seed S] [--top K] [--dependence independent|source]
      [--world-weights unit|confidence] [--interval P] [--track T] [--directed] [--unweighted]
      [--grading FILE] [--min-confidence X] [--source ID] [--exclude-source ID] [--source-kind K]
      [--status S] [--leave-out source|family|origin|anonymous|none] [--attribution none|shapley]
      [--breaking-sets] [--exact] [--json OUT]
  oracle.py --selftest

The JSON it writes has the keys of `claimgraph robustness --format json` (values as Python
numbers, not as printed strings); the tests compare the two field by field.
"""
import argparse
import itertools
import json
import math
import os
import sys
import time
import warnings

import networkx as nx
from scipy import stats

warnings.filterwarnings('ignore', category=FutureWarning)  # NetworkX 2.8 on SciPy's sparse API

# ---------------------------------------------------------------- data

BUILTIN_RELATIONS = {  # README "Built-in relations": id -> directed
    "accuses": True, "acquitted_by": True, "associate_of": False, "charged_by": True, "cites": True,
    "controls": True, "convicted_by": True, "cooperates_with": False, "employed_by": True,
    "family_of": False, "funds": True, "investigates": True, "involved_in": True, "leads": True,
    "member_of": True, "protects": True, "traffics_for": True, "transports_for": True,
}
R_WEIGHT = [0.95, 0.85, 0.70, 0.50, 0.30, 0.50]  # reliability A..F
C_WEIGHT = [0.95, 0.80, 0.60, 0.35, 0.15, 0.50]  # credibility 1..6


def default_table():
    return [[R_WEIGHT[r] * C_WEIGHT[c] for c in range(6)] for r in range(6)]


def input_files(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            found = []
            for root, _dirs, files in os.walk(p):
                for f in files:
                    if f.endswith('.jsonl'):
                        found.append(os.path.join(root, f))
            out += sorted(found, key=os.fsencode)
        else:
            out.append(p)
    return out


class Data:
    def __init__(self, paths, table=None):
        recs = []
        for path in input_files(paths):
            with open(path, encoding='utf-8-sig') as f:
                for line in f:
                    if line.strip():
                        recs.append(json.loads(line))
        table = table or default_table()
        srcs = sorted((r for r in recs if r['type'] == 'source'), key=lambda r: r['id'].encode())
        ents = sorted((r for r in recs if r['type'] == 'entity'), key=lambda r: r['id'].encode())
        self.source_ids = [s['id'] for s in srcs]
        self.source_kind = [s['kind'] for s in srcs]
        sidx = {s: i for i, s in enumerate(self.source_ids)}
        self.entity_ids = [e['id'] for e in ents]
        self.entity_names = [e['name'] for e in ents]
        self.entity_kinds = [e['kind'] for e in ents]
        eidx = {e: i for i, e in enumerate(self.entity_ids)}
        rel_directed = dict(BUILTIN_RELATIONS)
        for r in recs:
            if r['type'] == 'relation':
                rel_directed[r['id']] = r.get('directed', True)
        # cites families: sources connected through cites in either direction, transitively;
        # the family is named by its smallest source (sources are sorted by id)
        parent = list(range(len(srcs)))

        def find(x):
            while parent[x] != x:
                x = parent[x]
            return x
        for i, s in enumerate(srcs):
            for c in s.get('cites', []):
                a, b = find(i), find(sidx[c])
                if a != b:
                    parent[max(a, b)] = min(a, b)
        self.family = [find(i) for i in range(len(srcs))]
        self.claims = []
        for r in recs:
            if r['type'] != 'claim':
                continue
            s = sidx[r['source']]
            if 'confidence' in r:
                conf = float(r['confidence'])
            else:
                rel = r.get('reliability') or srcs[s].get('reliability') or 'F'
                cred = r.get('credibility', 6)
                conf = table['ABCDEF'.index(rel)][cred - 1]
            self.claims.append({
                'id': r['id'], 'subject': eidx[r['subject']], 'object': eidx[r['object']],
                'undirected_relation': not rel_directed[r['relation']], 'source': s,
                'origin': r.get('origin'), 'anonymous': bool(r.get('anonymous', False)),
                'confidence': conf, 'supports': r.get('stance', 'supports') == 'supports',
                'status': r.get('status', 'reported'),
            })
        self.n = len(ents)


class Filter:
    def __init__(self, only=(), exclude=(), kinds=(), statuses=(), min_conf=0.0):
        self.only, self.exclude, self.kinds, self.statuses, self.min_conf = \
            set(only), set(exclude), set(kinds), set(statuses), min_conf

    def accepts(self, data, c):
        sid = data.source_ids[c['source']]
        if self.statuses and c['status'] not in self.statuses:
            return False
        if sid in self.exclude:
            return False
        if self.only and sid not in self.only:
            return False
        if self.kinds and data.source_kind[c['source']] not in self.kinds:
            return False
        return True


def origin_groups(data, claim_ids):
    """Partition of claim indices into origin groups (same explicit origin, same source, or
    sources in one cites family; closure), ordered by each group's first claim."""
    parent = {c: c for c in claim_ids}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    def union(a, b):
        a, b = find(a), find(b)
        if a != b:
            parent[max(a, b)] = min(a, b)
    by_family, by_origin = {}, {}
    for c in claim_ids:
        cl = data.claims[c]
        f = data.family[cl['source']]
        if f in by_family:
            union(by_family[f], c)
        else:
            by_family[f] = c
        if cl['origin'] is not None:
            if cl['origin'] in by_origin:
                union(by_origin[cl['origin']], c)
            else:
                by_origin[cl['origin']] = c
    groups = {}
    for c in sorted(claim_ids):
        groups.setdefault(find(c), []).append(c)
    return sorted(groups.values(), key=lambda g: g[0])


def build_links(data, flt, directed, drop=None):
    """The entity graph: list of links (a, b, confidence, groups), each group a dict with
    g (best claim confidence), first claim, representative family; sorted by (a, b)."""
    per_pair = {}
    for i, c in enumerate(data.claims):
        if not c['supports'] or not flt.accepts(data, c) or (drop is not None and drop(c)):
            continue
        s, o = c['subject'], c['object']
        if not directed:
            per_pair.setdefault((min(s, o), max(s, o)), []).append(i)
        else:
            per_pair.setdefault((s, o), []).append(i)
            if c['undirected_relation']:
                per_pair.setdefault((o, s), []).append(i)
    links = []
    for (a, b) in sorted(per_pair):
        groups = []
        q = 1.0
        for grp in origin_groups(data, per_pair[(a, b)]):
            g = max(data.claims[c]['confidence'] for c in grp)
            rep = min(data.family[data.claims[c]['source']] for c in grp)
            groups.append({'g': g, 'first': grp[0], 'rep': rep})
            q *= 1.0 - g
        conf = 1.0 - q
        if conf <= 0 or (flt.min_conf > 0 and conf < flt.min_conf):
            continue
        links.append((a, b, conf, groups))
    return links


# ---------------------------------------------------------------- measures

class Dist(float):
    """A path length compared the way the README ("Scale and performance") says claimgraph compares
    them, with igraph's tolerance: lengths within 1e-10 relative are equal. Weighted betweenness
    counts equal-length paths, and -ln(a) - ln(b) = -ln(c) - ln(d) whenever ab = cd, which the
    grading table's products make common; exact float comparison would split such ties."""
    def __add__(self, o):
        return Dist(float(self) + float(o))
    __radd__ = __add__

    def __eq__(self, o):
        a, b = float(self), float(o)
        return a == b or abs(a - b) < 1e-10 * (abs(a) + abs(b))

    def __ne__(self, o):
        return not self.__eq__(o)

    def __lt__(self, o):
        return float(self) < float(o) and not self.__eq__(o)

    def __gt__(self, o):
        return float(self) > float(o) and not self.__eq__(o)

    def __le__(self, o):
        return not self.__gt__(o)

    def __ge__(self, o):
        return not self.__lt__(o)

    __hash__ = float.__hash__


def nx_graph(n, links, directed):
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    for a, b, w in links:
        G.add_edge(a, b, weight=w, dist=-math.log(min(w, 0.999)))
    return G


def pagerank(G, weighted):
    """NetworkX's power iteration, run to an L1 change of about 1e-15: vertices that
    are symmetric in the graph get the same arithmetic, hence equal values, so ties stay ties (a
    dense solve would split them in the last bits, and a value on a printing boundary would then
    print two ways)."""
    n = G.number_of_nodes()
    # NetworkX stops when the L1 change is below n * tol: aim at about 1e-15, never below what the
    # rounding of n values near 1/n allows (about n * 1e-17)
    for l1 in (1e-15, 1e-14, 1e-13):
        try:
            p = nx.pagerank(G, alpha=0.85, weight='weight' if weighted else None, tol=max(l1 / n, 1e-17),
                            max_iter=20000)
            return [p[v] for v in range(n)]
        except nx.PowerIterationFailedConvergence:
            continue
    raise SystemExit('oracle: PageRank did not converge')


def measure_values(n, links, directed, measure, weighted):
    """links: (a, b, confidence). Conventions of README "Centrality"."""
    G = nx_graph(n, links, directed)
    w = 'weight' if weighted else None
    d = 'dist' if weighted else None
    if measure == 'degree':
        if directed:
            return [float(len(set(G.successors(v)) | set(G.predecessors(v)))) for v in range(n)]
        return [float(G.degree(v)) for v in range(n)]
    if measure == 'strength':
        if directed:
            return [float(G.in_degree(v, weight=w) + G.out_degree(v, weight=w)) for v in range(n)]
        return [float(G.degree(v, weight=w)) for v in range(n)]
    if measure == 'betweenness':
        if weighted:
            for _u, _v, e in G.edges(data=True):
                e['tdist'] = Dist(e['dist'])
        b = nx.betweenness_centrality(G, normalized=False, weight='tdist' if weighted else None)
        return [b[v] for v in range(n)]
    if measure == 'closeness':
        c = nx.closeness_centrality(G, distance=d, wf_improved=False)
        return [c[v] for v in range(n)]
    if measure == 'harmonic':
        h = nx.harmonic_centrality(G, distance=d)
        return [float(h[v]) for v in range(n)]
    if measure == 'pagerank':
        return pagerank(G, weighted) if n else []
    if measure == 'coreness':
        k = nx.core_number(G)
        return [float(k[v]) for v in range(n)]
    raise SystemExit('oracle: measure %s is not supported' % measure)


# ---------------------------------------------------------------- ranks

def printed(v):
    """A centrality value as claimgraph prints it (README "Centrality"): fixed point, 10
    decimals from 1 upwards, 10 significant digits below 1 (at most 30 decimals)."""
    if v == 0 or not math.isfinite(v):
        return '0'
    a = abs(v)
    if a >= 1e15:
        return '%.17g' % v
    dec = 10
    if a < 1:
        dec = min(9 - math.floor(math.log10(a)), 30)
    s = '%.*f' % (dec, v)
    if '.' in s:
        s = s.rstrip('0').rstrip('.')
    return '0' if s == '-0' else s


def rank_keys(vals):
    return [float(printed(v)) for v in vals]


def midranks(keys, k):
    """Twice the mid-rank and the fractional top-k membership of every entity."""
    order = sorted(range(len(keys)), key=lambda i: -keys[i])
    r2 = [0] * len(keys)
    mem = [0.0] * len(keys)
    i = 0
    while i < len(order):
        j = i
        while j < len(order) and keys[order[j]] == keys[order[i]]:
            j += 1
        a, t = i, j - i
        for x in order[i:j]:
            r2[x] = 2 * a + t + 1
            mem[x] = min(max(k - a, 0), t) / t
        i = j
    return r2, mem


def table_order(keys, ids):
    return sorted(range(len(keys)), key=lambda i: (-keys[i], ids[i].encode()))


# ---------------------------------------------------------------- worlds

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix64(z):
    z &= MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def world_uniforms(seed, w, d):
    """The design's stream splitmix64-worlds-v1: world w starts at segment w * 2^32."""
    s = (mix64(seed) + ((w << 32) * GOLDEN)) & MASK
    out = []
    for _ in range(d):
        s = (s + GOLDEN) & MASK
        out.append((mix64(s) >> 11) * 2.0 ** -53)
    return out


def draw_plan(links, dependence):
    """Per group of every link, the index of its uniform; and the number of draws."""
    keys = set()
    for a, b, _c, groups in links:
        for g in groups:
            keys.add((min(a, b), max(a, b), g['first']) if dependence == 'independent' else g['rep'])
    keys = sorted(keys)
    index = {k: i for i, k in enumerate(keys)}
    plan = [[index[(min(a, b), max(a, b), g['first']) if dependence == 'independent' else g['rep']]
             for g in groups] for a, b, _c, groups in links]
    return plan, len(keys)


def world_links(links, plan, u, world_weights):
    out = []
    for (a, b, c, groups), gi in zip(links, plan):
        if any(u[i] < g['g'] for g, i in zip(groups, gi)):
            out.append((a, b, c if world_weights == 'confidence' else 1.0))
    return out


def binom_cdf_list(N, p):
    lp, lq = math.log(p), math.log1p(-p)
    base = math.lgamma(N + 1)
    cdf, acc = [], 0.0
    for j in range(N + 1):
        acc += math.exp(base - math.lgamma(j + 1) - math.lgamma(N - j + 1) + j * lp + (N - j) * lq)
        cdf.append(acc)
    return cdf


def order_stat_ci(N, p):
    """1-based indices l <= u with P(l <= B < u) >= 0.95, B ~ Binomial(N, p): l is the largest
    with F(l-1) <= 0.025, u the smallest with F(u-1) >= 0.975; clamped to 1..N."""
    cdf = binom_cdf_list(N, p)
    l = 0
    for j in range(N + 1):
        if cdf[j] <= 0.025:
            l = j + 1
        else:
            break
    u = N
    for j in range(N + 1):
        if cdf[j] >= 0.975:
            u = j + 1
            break
    return max(1, min(l, N)), max(1, min(u, N))


def q_index(p, N):
    return max(1, min(N, math.ceil(p * N - 1e-9)))


# ---------------------------------------------------------------- the analysis

def analyse(data, args):
    flt = Filter(args.source, args.exclude_source, args.source_kind, args.status, args.min_confidence)
    n, ids, k = data.n, data.entity_ids, args.top
    measure = args.measure
    pub_weighted = not args.unweighted
    links = build_links(data, flt, args.directed)

    def values_without(drop):
        ls = build_links(data, flt, args.directed, drop)
        return measure_values(n, [(a, b, c) for a, b, c, _g in ls], args.directed, measure, pub_weighted), ls

    pub_vals, _ = values_without(None)
    pub_keys = rank_keys(pub_vals)
    order = table_order(pub_keys, ids)
    pub_pos = [0] * n
    for i, v in enumerate(order):
        pub_pos[v] = i + 1
    pub_r2, _ = midranks(pub_keys, k)
    kk = min(k, n)
    ent = [{'id': ids[v], 'name': data.entity_names[v], 'kind': data.entity_kinds[v],
            'published_rank': pub_pos[v], 'published_value': pub_vals[v], 'published_midrank': pub_r2[v] / 2}
           for v in range(n)]

    # ---- Monte-Carlo worlds or exact enumeration
    plan, D = draw_plan(links, args.dependence)
    mc = None
    if args.samples > 0 or args.exact:
        tracked = order[:min(args.track, n)]
        ww = args.world_weights
        wvalues = ww == 'confidence'
        p_lo, p_hi = (1 - args.interval) / 2, (1 + args.interval) / 2
        if args.exact:
            thresholds = [set() for _ in range(D)]
            for (_a, _b, _c, groups), gi in zip(links, plan):
                for g, i in zip(groups, gi):
                    if 0 < g['g'] < 1:
                        thresholds[i].add(g['g'])
            states = []
            total = 1
            for t in thresholds:
                t = sorted(t)
                reps = [0.0] + t
                probs = [hi - lo for lo, hi in zip(reps, t + [1.0])]
                states.append(list(zip(reps, probs)))
                total *= len(reps)
            if total > 65536:
                raise SystemExit('oracle: --exact: %d worlds' % total)
            worlds = []
            for combo in itertools.product(*reversed(states)):  # key 0 varies fastest
                combo = combo[::-1]
                pw = 1.0
                for _u, pr in combo:
                    pw *= pr
                worlds.append(([u for u, _p in combo], pw))
        else:
            worlds = ((world_uniforms(args.seed, w, D), 1.0 / args.samples) for w in range(args.samples))
        psum = [0.0] * n
        r2sum = [0.0] * n
        vsum = [0.0] * n
        track_r2 = {v: [] for v in tracked}
        nworlds = 0
        t_worlds = time.perf_counter()
        for u, pw in worlds:
            wl = world_links(links, plan, u, ww)
            vals = measure_values(n, wl, args.directed, measure, wvalues)
            r2, mem = midranks(rank_keys(vals), k)
            for v in range(n):
                psum[v] += pw * mem[v] if args.exact else mem[v]
                r2sum[v] += pw * r2[v] if args.exact else r2[v]
                vsum[v] += pw * vals[v] if args.exact else vals[v]
            for v in tracked:
                track_r2[v].append((r2[v], pw))
            nworlds += 1
        N = nworlds
        mc = {'worlds': N, 'exact': bool(args.exact), 'draws': D, 'seconds': time.perf_counter() - t_worlds,
              'p_top_k_halfwidth': 0.0 if args.exact else math.sqrt(math.log(2 * n / 0.05) / (2 * N)),
              'unresolved': []}
        if not args.exact:
            ci_lo, ci_hi = order_stat_ci(N, p_lo), order_stat_ci(N, p_hi)
        for v in range(n):
            e = ent[v]
            if args.exact:
                e['p_top_k'], e['mean_rank'], e['mean_value'] = psum[v], r2sum[v] / 2, vsum[v]
            else:
                e['p_top_k'], e['mean_rank'], e['mean_value'] = psum[v] / N, r2sum[v] / (2 * N), vsum[v] / N
            e['tracked'] = v in track_r2
            if v not in track_r2:
                continue
            xs = sorted(track_r2[v])
            if args.exact:
                def q(p):
                    acc = 0.0
                    for x, pr in xs:
                        acc += pr
                        if acc >= p - 1e-12:
                            return x / 2
                    return xs[-1][0] / 2
                e['median_rank'], e['rank_lo'], e['rank_hi'] = q(0.5), q(p_lo), q(p_hi)
                e['rank_lo_ci'] = [e['rank_lo'], e['rank_lo']]
                e['rank_hi_ci'] = [e['rank_hi'], e['rank_hi']]
                e['resolved'] = True
            else:
                r = [x for x, _p in xs]
                e['median_rank'] = r[q_index(0.5, N) - 1] / 2
                e['rank_lo'] = r[q_index(p_lo, N) - 1] / 2
                e['rank_hi'] = r[q_index(p_hi, N) - 1] / 2
                e['rank_lo_ci'] = [r[ci_lo[0] - 1] / 2, r[ci_lo[1] - 1] / 2]
                e['rank_hi_ci'] = [r[ci_hi[0] - 1] / 2, r[ci_hi[1] - 1] / 2]
                e['resolved'] = (e['rank_lo_ci'][1] - e['rank_lo_ci'][0] <= 2 and
                                 e['rank_hi_ci'][1] - e['rank_hi_ci'][0] <= 2)
                if not e['resolved']:
                    mc['unresolved'].append(ids[v])
        mc['unresolved'] = [ids[v] for v in tracked if ids[v] in set(mc['unresolved'])]

    # ---- leave one unit out
    accepted = [c for c in data.claims if flt.accepts(data, c)]
    units = []  # (name, predicate)
    lo = args.leave_out
    if lo == 'source':
        for s in sorted({c['source'] for c in accepted}):
            units.append((data.source_ids[s], (lambda s: lambda c: c['source'] == s)(s)))
    elif lo == 'family':
        for f in sorted({data.family[c['source']] for c in accepted}):
            name = '+'.join(data.source_ids[s] for s in range(len(data.source_ids)) if data.family[s] == f)
            units.append((name, (lambda f: lambda c: data.family[c['source']] == f)(f)))
    elif lo == 'origin':
        for o in sorted({c['origin'] for c in accepted if c['origin'] is not None}, key=lambda s: s.encode()):
            units.append((o, (lambda o: lambda c: c['origin'] == o)(o)))
    elif lo == 'anonymous':
        if any(c['anonymous'] for c in accepted):
            units.append(('anonymous', lambda c: c['anonymous']))
    full_links = {(a, b): c for a, b, c, _g in links}
    top_full = [ids[v] for v in order[:kk]]
    unit_rows = []
    unit_r2 = []
    for name, pred in units:
        vals, ls = values_without(pred)
        keys = rank_keys(vals)
        r2, _ = midranks(keys, k)
        unit_r2.append(r2)
        red = {(a, b): c for a, b, c, _g in ls}
        top = [ids[v] for v in table_order(keys, ids)[:kk]]
        tau = stats.kendalltau(pub_keys, keys).correlation
        moves = sorted((v for v in range(n) if r2[v] != pub_r2[v]),
                       key=lambda v: (-abs(r2[v] - pub_r2[v]), pub_pos[v]))[:3]
        unit_rows.append({
            'unit': name,
            'claims_removed': sum(1 for c in accepted if pred(c)),
            'links_lost': sum(1 for l in full_links if l not in red),
            'links_weakened': sum(1 for l, c in full_links.items() if l in red and red[l] < c),
            'top_k': top,
            'entered': [x for x in top if x not in top_full],
            'left': [x for x in top_full if x not in top],
            'overlap': len(set(top) & set(top_full)) / kk if kk else 1.0,
            'kendall_tau': None if tau is None or math.isnan(tau) else float(tau),
            'moved': [{'id': ids[v], 'from': pub_r2[v] / 2, 'to': r2[v] / 2} for v in moves],
        })
    for v in range(n):
        e = ent[v]
        if units:
            worst = max(range(len(units)), key=lambda i: (unit_r2[i][v], -i))
            e['worst_rank_loo'] = unit_r2[worst][v] / 2
            e['critical_unit'] = units[worst][0] if unit_r2[worst][v] > pub_r2[v] else None
            e['drops_without'] = [units[i][0] for i in range(len(units))
                                  if unit_r2[i][v] > 2 * k and unit_r2[i][v] > pub_r2[v]]
            e['robust_top_k'] = pub_r2[v] <= 2 * k and all(unit_r2[i][v] <= 2 * k for i in range(len(units)))
        else:
            e['worst_rank_loo'] = None
            e['critical_unit'] = None
            e['drops_without'] = []
            e['robust_top_k'] = None
        if pub_pos[v] <= kk:
            if e['drops_without']:
                e['verdict'] = 'rests_on_one_unit'
            elif mc is None:
                e['verdict'] = 'robust' if units else None
            elif e['p_top_k'] >= 0.9:
                e['verdict'] = 'robust'
            elif e['p_top_k'] >= 0.5:
                e['verdict'] = 'uncertain'
            else:
                e['verdict'] = 'doubtful'
        else:
            e['verdict'] = None

    # ---- Shapley attribution over sources
    shapley = None
    if args.attribution == 'shapley':
        players = sorted({c['source'] for c in accepted if c['supports']})
        S = len(players)
        if S > 16:
            raise SystemExit('oracle: exact Shapley only up to 16 sources')
        v_of = {}
        for mask in range(1 << S):
            keep = {players[i] for i in range(S) if mask >> i & 1}
            v_of[mask], _ = values_without(lambda c, keep=keep: c['source'] not in keep)
        fact = [math.factorial(i) for i in range(S + 1)]
        phi = [[0.0] * S for _ in range(n)]
        for i in range(S):
            for mask in range(1 << S):
                if mask >> i & 1:
                    continue
                t = bin(mask).count('1')
                wgt = fact[t] * fact[S - t - 1] / fact[S]
                with_i = v_of[mask | (1 << i)]
                for v in range(n):
                    phi[v][i] += wgt * (with_i[v] - v_of[mask][v])
        full, empty = v_of[(1 << S) - 1], v_of[0]
        eff = max((abs(sum(phi[v]) - (full[v] - empty[v])) for v in range(n)), default=0.0)
        shapley = {'players': [data.source_ids[s] for s in players], 'efficiency_max_error': eff,
                   'rows': [{'entity': ids[v], 'unit': data.source_ids[players[i]], 'value': phi[v][i]}
                            for v in order for i in range(S)]}

    # ---- breaking sets
    breaking = None
    if args.breaking_sets:
        if lo == 'none':
            bunits = [(data.source_ids[s], (lambda s: lambda c: c['source'] == s)(s))
                      for s in sorted({c['source'] for c in accepted})]
        else:
            bunits = units
        memo = {}

        def r2_without(sel):
            key = tuple(sorted(sel))
            if key not in memo:
                preds = [bunits[i][1] for i in key]
                vals, _ = values_without((lambda c: any(p(c) for p in preds)) if preds else None)
                memo[key] = midranks(rank_keys(vals), k)[0]
            return memo[key]
        breaking = []
        for v in order[:kk]:
            sel = []
            cur = r2_without(sel)[v]
            while cur <= 2 * k and len(sel) < len(bunits):
                best, best_r = None, None
                for i in range(len(bunits)):
                    if i in sel:
                        continue
                    r = r2_without(sel + [i])[v]
                    if best_r is None or r > best_r:
                        best, best_r = i, r
                sel.append(best)
                cur = best_r
            breaking.append({'entity': ids[v], 'units': [bunits[i][0] for i in sel],
                             'rank_after': cur / 2, 'breaks': cur > 2 * k})

    return {
        'params': {'measure': measure, 'samples': args.samples, 'exact': bool(args.exact), 'seed': args.seed,
                   'rng': 'splitmix64-worlds-v1', 'top': k, 'interval': args.interval,
                   'dependence': args.dependence, 'world_weights': args.world_weights,
                   'published': 'unweighted' if args.unweighted else 'weighted', 'directed': bool(args.directed),
                   'leave_out': lo, 'attribution': args.attribution, 'breaking_sets': bool(args.breaking_sets)},
        'graph': {'entities': n, 'links': len(links), 'groups': sum(len(l[3]) for l in links),
                  'draws': D if mc is not None else 0},
        'monte_carlo': mc,
        'entities': [ent[v] for v in order],
        'units': unit_rows,
        'shapley': shapley,
        'breaking_sets': breaking,
    }


def parse(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('data', nargs='*')
    ap.add_argument('--measure', default='pagerank')
    ap.add_argument('--samples', type=int, default=None)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--top', type=int, default=10)
    ap.add_argument('--dependence', default='independent', choices=['independent', 'source'])
    ap.add_argument('--world-weights', default='unit', choices=['unit', 'confidence'])
    ap.add_argument('--interval', type=float, default=0.9)
    ap.add_argument('--track', type=int, default=100)
    ap.add_argument('--directed', action='store_true')
    ap.add_argument('--unweighted', action='store_true')
    ap.add_argument('--grading')
    ap.add_argument('--min-confidence', type=float, default=0.0)
    ap.add_argument('--source', action='append', default=[])
    ap.add_argument('--exclude-source', action='append', default=[])
    ap.add_argument('--source-kind', action='append', default=[])
    ap.add_argument('--status', action='append', default=[])
    ap.add_argument('--leave-out', default='source', choices=['source', 'family', 'origin', 'anonymous', 'none'])
    ap.add_argument('--attribution', default='none', choices=['none', 'shapley'])
    ap.add_argument('--breaking-sets', action='store_true')
    ap.add_argument('--exact', action='store_true')
    ap.add_argument('--json')
    ap.add_argument('--selftest', action='store_true')
    a = ap.parse_args(argv)
    if a.samples is None:
        a.samples = 20000 if a.measure in ('betweenness', 'harmonic', 'closeness') else 10000
    if a.exact:
        a.samples = 0
    return a


# ---------------------------------------------------------------- self-test

SELFTEST = [
    {"type": "source", "id": "a", "title": "A", "kind": "news", "reliability": "B"},
    {"type": "source", "id": "b", "title": "B", "kind": "news", "reliability": "C", "cites": ["a"]},
    {"type": "source", "id": "c", "title": "C", "kind": "ngo_report", "reliability": "A"},
    {"type": "source", "id": "d", "title": "D", "kind": "other", "reliability": "D"},
] + [{"type": "entity", "id": x, "name": x.upper(), "kind": "person"} for x in "pqrstuv"] + [
    {"type": "claim", "id": "k1", "subject": "p", "relation": "associate_of", "object": "q", "source": "a", "credibility": 2},
    {"type": "claim", "id": "k2", "subject": "q", "relation": "funds", "object": "p", "source": "b", "credibility": 3},
    {"type": "claim", "id": "k3", "subject": "p", "relation": "family_of", "object": "q", "source": "b", "credibility": 2},
    {"type": "claim", "id": "k4", "subject": "r", "relation": "associate_of", "object": "s", "source": "d", "credibility": 3, "origin": "x"},
    {"type": "claim", "id": "k5", "subject": "s", "relation": "funds", "object": "r", "source": "c", "credibility": 4, "origin": "x"},
    {"type": "claim", "id": "k6", "subject": "p", "relation": "associate_of", "object": "r", "source": "c", "credibility": 2},
    {"type": "claim", "id": "k7", "subject": "t", "relation": "associate_of", "object": "u", "source": "c", "stance": "refutes"},
    {"type": "claim", "id": "k8", "subject": "q", "relation": "leads", "object": "t", "source": "d", "credibility": 2},
    {"type": "claim", "id": "k9", "subject": "q", "relation": "leads", "object": "t", "source": "d", "credibility": 3},
    {"type": "claim", "id": "k10", "subject": "u", "relation": "member_of", "object": "v", "source": "a", "credibility": 3},
    {"type": "claim", "id": "k11", "subject": "s", "relation": "associate_of", "object": "v", "source": "a", "credibility": 4},
]


def selftest():
    import tempfile
    fails = []
    u = world_uniforms(1, 0, 2) + world_uniforms(1, 1, 1)
    if u != [0.74974824135803009, 0.37239342287916577, 0.43085019681450065]:
        fails.append('stream: %r' % u)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'd.jsonl')
        with open(path, 'w') as f:
            for r in SELFTEST:
                f.write(json.dumps(r) + '\n')
        data = Data([path])
        links = build_links(data, Filter(), False)
        byp = {(data.entity_ids[a], data.entity_ids[b]): (c, g) for a, b, c, g in links}
        c, g = byp[('p', 'q')]
        if len(g) != 1 or abs(c - 0.68) > 1e-12:  # a cites b: one group, best claim B2 = 0.68
            fails.append('p-q: %r %r' % (c, g))
        c, g = byp[('r', 's')]
        if len(g) != 1 or abs(c - max(0.30, 0.3325)) > 1e-12:  # origin x joins d and c
            fails.append('r-s: %r %r' % (c, g))
        if ('t', 'u') in byp:
            fails.append('a refutation made a link')
        c, g = byp[('q', 't')]
        if len(g) != 1 or abs(c - 0.4) > 1e-12:
            fails.append('q-t: %r' % c)
        # exact enumeration: probabilities sum to 1, E[degree] = strength
        a = parse(['--measure', 'degree', '--exact', '--top', '2', '--leave-out', 'none', path])
        res = analyse(data, a)
        strength = measure_values(data.n, [(x, y, cc) for x, y, cc, _g in links], False, 'strength', True)
        for e in res['entities']:
            v = data.entity_ids.index(e['id'])
            if abs(e['mean_value'] - strength[v]) > 1e-12:
                fails.append('E[degree] %s: %r != %r' % (e['id'], e['mean_value'], strength[v]))
        if abs(sum(e['p_top_k'] for e in res['entities']) - 2) > 1e-12:
            fails.append('memberships do not sum to k')
        # Monte-Carlo against exact, both dependence modes
        for dep in ('independent', 'source'):
            ex = analyse(data, parse(['--measure', 'degree', '--exact', '--top', '2', '--leave-out', 'none',
                                      '--dependence', dep, path]))
            mc = analyse(data, parse(['--measure', 'degree', '--samples', '3000', '--top', '2', '--leave-out',
                                      'none', '--dependence', dep, path]))
            hw = mc['monte_carlo']['p_top_k_halfwidth']
            for x, y in zip(ex['entities'], mc['entities']):
                if abs(x['p_top_k'] - y['p_top_k']) > hw:
                    fails.append('%s %s: exact %.4f, sampled %.4f' % (dep, x['id'], x['p_top_k'], y['p_top_k']))
        # link marginals in both modes
        plan, D = draw_plan(links, 'source')
        cnt = [0] * len(links)
        W = 4000
        for w in range(W):
            uu = world_uniforms(7, w, D)
            for i, (l, gi) in enumerate(zip(links, plan)):
                if any(uu[j] < g['g'] for g, j in zip(l[3], gi)):
                    cnt[i] += 1
        for i, l in enumerate(links):
            se = math.sqrt(l[2] * (1 - l[2]) / W)
            if abs(cnt[i] / W - l[2]) > 4.5 * se:
                fails.append('source-mode marginal of link %d: %.4f vs %.4f' % (i, cnt[i] / W, l[2]))
        # Shapley efficiency
        res = analyse(data, parse(['--measure', 'betweenness', '--samples', '0', '--attribution', 'shapley', path]))
        if res['shapley']['efficiency_max_error'] > 1e-9:
            fails.append('Shapley efficiency %g' % res['shapley']['efficiency_max_error'])
    for f in fails:
        print('FAIL', f)
    print('selftest: %d failures' % len(fails))
    return 1 if fails else 0


def main(argv):
    a = parse(argv)
    if a.selftest:
        return selftest()
    table = None
    if a.grading:
        with open(a.grading) as f:
            g = json.load(f)
        table = [g[r] for r in 'ABCDEF']
    data = Data(a.data, table)
    res = analyse(data, a)
    text = json.dumps(res, indent=1, ensure_ascii=False)
    if a.json:
        with open(a.json, 'w') as f:
            f.write(text + '\n')
    else:
        print(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
