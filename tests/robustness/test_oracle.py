#!/usr/bin/python3
"""`claimgraph robustness` against the independent oracle (oracle.py, Python + NetworkX) and the
invariants of the design (../shared/design/robustness.md, section 4.10):

  1. the oracle's self-test (stream values, origin groups, marginals, exact vs sampled);
  2. Kosovo, several measures and options: published ranks, Monte-Carlo summaries (same seed, same
     worlds: quantiles and interval ends equal, P(top k) and means to 1e-9), leave-one-unit-out
     tables, Shapley values and breaking sets, all compared field by field;
  3. small seeded datasets: --exact against the oracle's exact enumeration, every measure but
     eigenvector, undirected and directed, both dependence modes;
  4. the sampler against --exact: P(top k) within the printed Monte-Carlo half-width;
  5. E[world degree] = published strength (exactly with --exact; within 4.5 standard errors when
     sampled on Kosovo);
  6. leave-one-source-out = `claimgraph centrality --exclude-source S --top K`;
  7. byte-identical output for --threads 1, 2, 8 and for two runs with one seed (every format).
A comparison that cannot fail is no test: the comparator is also run on two different seeds and
must report differences.
Usage: test_oracle.py BINARY SOURCE_DIR"""
import json
import math
import os
import random
import subprocess
import sys
import tempfile

BIN, ROOT = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, 'oracle.py')
PY = sys.executable
KOSOVO = os.path.join(ROOT, 'datasets', 'kosovo')
failures = []
checks = 0


def fail(msg):
    failures.append(msg)
    print('FAIL', msg, flush=True)


def run_c(data, args, fmt='json'):
    p = subprocess.run([BIN, 'robustness', '--format', fmt] + data + args, capture_output=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError('claimgraph %s: exit %d: %s' % (' '.join(args), p.returncode, p.stderr.decode()[:800]))
    return json.loads(p.stdout) if fmt == 'json' else p.stdout


def run_oracle(data, args):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'o.json')
        p = subprocess.run([PY, ORACLE] + data + args + ['--json', out], capture_output=True, timeout=1200)
        if p.returncode != 0:
            raise RuntimeError('oracle %s: %s' % (' '.join(args), p.stderr.decode()[-800:]))
        with open(out) as f:
            return json.load(f)


def close(x, y, tol=1e-9):
    if x is None or y is None:
        return x is None and y is None
    return abs(x - y) <= tol * max(1.0, abs(x), abs(y))


def compare(a, b, label):
    """a: claimgraph's JSON, b: the oracle's. Returns the number of differences."""
    global checks
    bad = []
    ea, eb = a['entities'], b['entities']
    if [e['id'] for e in ea] != [e['id'] for e in eb]:
        bad.append('published order differs')
    else:
        exact_keys = ['published_rank', 'published_midrank', 'tracked', 'median_rank', 'rank_lo', 'rank_hi',
                      'rank_lo_ci', 'rank_hi_ci', 'resolved', 'worst_rank_loo', 'critical_unit', 'drops_without',
                      'robust_top_k', 'verdict']
        for x, y in zip(ea, eb):
            for k in exact_keys:
                if k in y:
                    checks += 1
                    if x.get(k) != y.get(k):
                        bad.append('%s %s: %r vs oracle %r' % (x['id'], k, x.get(k), y.get(k)))
            for k in ['published_value', 'p_top_k', 'mean_rank', 'mean_value']:
                if k in y:
                    checks += 1
                    if not close(x.get(k), y.get(k)):
                        bad.append('%s %s: %r vs oracle %r' % (x['id'], k, x.get(k), y.get(k)))
    if len(a['units']) != len(b['units']):
        bad.append('units: %d vs %d' % (len(a['units']), len(b['units'])))
    for x, y in zip(a['units'], b['units']):
        for k in ['unit', 'claims_removed', 'links_lost', 'links_weakened', 'top_k', 'entered', 'left', 'moved']:
            checks += 1
            if x[k] != y[k]:
                bad.append('unit %s %s: %r vs oracle %r' % (x['unit'], k, x[k], y[k]))
        for k in ['overlap', 'kendall_tau']:
            checks += 1
            if not close(x[k], y[k]):
                bad.append('unit %s %s: %r vs oracle %r' % (x['unit'], k, x[k], y[k]))
    if b['shapley'] is not None:
        sa = {(r['entity'], r['unit']): r['value'] for r in a['shapley']}
        if a['attribution']['players'] != b['shapley']['players']:
            bad.append('Shapley players differ')
        for r in b['shapley']['rows']:
            checks += 1
            v = sa.get((r['entity'], r['unit']))
            if v is None or abs(v - r['value']) > 1e-9 * max(1.0, abs(r['value'])) + 1e-12:
                bad.append('Shapley %s/%s: %r vs oracle %r' % (r['entity'], r['unit'], v, r['value']))
        checks += 1
        if a['attribution']['efficiency_max_error'] > 1e-9:
            bad.append('Shapley efficiency %r' % a['attribution']['efficiency_max_error'])
    if b['breaking_sets'] is not None:
        checks += 1
        if a['breaking_sets'] != b['breaking_sets']:
            bad.append('breaking sets: %r vs oracle %r' % (a['breaking_sets'], b['breaking_sets']))
    if b['monte_carlo'] is not None:
        for k in ['worlds', 'unresolved']:
            checks += 1
            if a['monte_carlo'][k] != b['monte_carlo'][k]:
                bad.append('monte_carlo %s: %r vs oracle %r' % (k, a['monte_carlo'][k], b['monte_carlo'][k]))
        checks += 1
        if not close(a['monte_carlo']['p_top_k_halfwidth'], b['monte_carlo']['p_top_k_halfwidth']):
            bad.append('half-width differs')
    for k in ['entities', 'links', 'groups', 'draws']:
        checks += 1
        if a['graph'][k] != b['graph'][k]:
            bad.append('graph %s: %r vs oracle %r' % (k, a['graph'][k], b['graph'][k]))
    if bad and label:
        fail('%s: %d differences, e.g. %s' % (label, len(bad), '; '.join(bad[:4])))
    return len(bad)


def both(data, args, label):
    try:
        a, b = run_c(data, args), run_oracle(data, args)
    except RuntimeError as e:
        fail('%s: %s' % (label, e))
        return None, None
    compare(a, b, label)
    return a, b


# ---------------------------------------------------------------- small random datasets

def small_dataset(path, seed, n_ent=8, n_pairs=7, directed_share=0.4):
    """A few entities, four sources (b cites a), 1-3 claims per pair, explicit origins, directed
    and undirected relations, a refutation: at most ~10 uncertain origin groups."""
    rnd = random.Random(seed)
    recs = [{"type": "source", "id": "a", "title": "A", "kind": "news", "reliability": "B"},
            {"type": "source", "id": "b", "title": "B", "kind": "news", "reliability": "C", "cites": ["a"]},
            {"type": "source", "id": "c", "title": "C", "kind": "ngo_report", "reliability": "A"},
            {"type": "source", "id": "d", "title": "D", "kind": "other", "reliability": "D"}]
    recs += [{"type": "entity", "id": "e%d" % i, "name": "E%d" % i, "kind": "person"} for i in range(n_ent)]
    pairs = set()
    while len(pairs) < n_pairs:
        u, v = rnd.sample(range(n_ent), 2)
        pairs.add((u, v))
    cid = 0
    for u, v in sorted(pairs):
        for _ in range(rnd.choice([1, 1, 2, 3])):
            cid += 1
            rec = {"type": "claim", "id": "k%d" % cid, "subject": "e%d" % u, "object": "e%d" % v,
                   "relation": "funds" if rnd.random() < directed_share else "associate_of",
                   "source": rnd.choice("abcd"), "credibility": rnd.randint(1, 5)}
            if rnd.random() < 0.2:
                rec["origin"] = rnd.choice(["x", "y"])
            if rnd.random() < 0.15:
                rec["confidence"] = rnd.choice([0.3, 0.55, 0.9])
            recs.append(rec)
    cid += 1
    recs.append({"type": "claim", "id": "k%d" % cid, "subject": "e0", "object": "e1", "relation": "associate_of",
                 "source": "c", "stance": "refutes"})
    with open(path, 'w') as f:
        for r in recs:
            f.write(json.dumps(r) + '\n')


def strength_of(data, directed=False):
    args = [BIN, 'centrality', '--format', 'json', '--measures', 'strength'] + data + (['--directed'] if directed else [])
    rows = json.loads(subprocess.run(args, capture_output=True, check=True).stdout)['rows']
    return {r['id']: r['strength'] for r in rows}


def main():
    global checks
    # 1. the oracle's own self-test
    p = subprocess.run([PY, ORACLE, '--selftest'], capture_output=True, text=True, timeout=600)
    checks += 1
    if p.returncode != 0:
        fail('oracle self-test: ' + p.stdout[-800:])

    # 2. Kosovo
    k = [KOSOVO]
    configs = [
        ['--measure', 'pagerank', '--samples', '400', '--attribution', 'shapley', '--breaking-sets'],
        ['--measure', 'betweenness', '--samples', '150', '--leave-out', 'origin', '--top', '5'],
        ['--measure', 'degree', '--samples', '600', '--dependence', 'source', '--leave-out', 'family'],
        ['--measure', 'coreness', '--samples', '600', '--directed', '--leave-out', 'anonymous', '--seed', '9'],
        ['--measure', 'harmonic', '--samples', '150', '--world-weights', 'confidence', '--unweighted',
         '--interval', '0.8'],
        ['--measure', 'closeness', '--samples', '150', '--directed', '--dependence', 'source', '--track', '30'],
        ['--measure', 'strength', '--samples', '600', '--breaking-sets', '--leave-out', 'none', '--top', '3'],
        ['--measure', 'pagerank', '--samples', '600', '--world-weights', 'confidence', '--seed', '11',
         '--leave-out', 'none'],
        ['--measure', 'pagerank', '--samples', '300', '--directed', '--world-weights', 'confidence',
         '--exclude-source', 'koha', '--min-confidence', '0.3', '--status', 'alleged', '--status', 'reported',
         '--status', 'official_finding'],
        ['--measure', 'betweenness', '--samples', '0', '--attribution', 'shapley', '--breaking-sets',
         '--leave-out', 'family'],
    ]
    for args in configs:
        both(k, args, 'kosovo ' + ' '.join(args))
    # the comparator must see a difference between two seeds
    a = run_c(k, ['--measure', 'pagerank', '--samples', '300', '--leave-out', 'none'])
    b = run_oracle(k, ['--measure', 'pagerank', '--samples', '300', '--leave-out', 'none', '--seed', '2'])
    checks += 1
    if compare(a, b, None) == 0:
        fail('the comparator found no difference between seeds 1 and 2')

    with tempfile.TemporaryDirectory() as tmp:
        # 3 and 4: exact enumeration against the oracle, and the sampler against exact
        measures = ['degree', 'strength', 'betweenness', 'closeness', 'harmonic', 'pagerank', 'coreness']
        mi = 0
        for seed in (3, 11):
            path = os.path.join(tmp, 'small%d.jsonl' % seed)
            small_dataset(path, seed)
            for directed in (False, True):
                for dep in ('independent', 'source'):
                    m = measures[mi % len(measures)]
                    mi += 1
                    extra = ['--measure', m, '--top', '3', '--dependence', dep] + (['--directed'] if directed else [])
                    ex, _ = both([path], extra + ['--exact', '--leave-out', 'source'],
                                 'small seed %d exact %s' % (seed, ' '.join(extra)))
                    if ex is None:
                        continue
                    mc = run_c([path], extra + ['--samples', '4000', '--seed', str(seed), '--leave-out', 'none'])
                    hw = mc['monte_carlo']['p_top_k_halfwidth']
                    for x, y in zip(ex['entities'], mc['entities']):
                        checks += 1
                        if abs(x['p_top_k'] - y['p_top_k']) > hw:
                            fail('sampler vs exact, seed %d %s, %s: P(top 3) %.4f vs exact %.4f (half-width %.4f)' %
                                 (seed, ' '.join(extra), x['id'], y['p_top_k'], x['p_top_k'], hw))
                    # 5. E[unit-world strength] = published strength, exactly
                    st = run_c([path], ['--measure', 'strength', '--exact', '--leave-out', 'none', '--dependence', dep]
                               + (['--directed'] if directed else []))
                    pub = strength_of([path], directed)
                    for e in st['entities']:
                        checks += 1
                        if abs(e['mean_value'] - pub[e['id']]) > 1e-9:
                            fail('E[world strength] %s: %r vs published strength %r' % (e['id'], e['mean_value'],
                                                                                      pub[e['id']]))

    # 5. E[world degree] on Kosovo, sampled: within 4.5 standard errors of the strength (links are
    # independent in the independent mode, so Var(degree) = sum c (1 - c) over its links)
    N = 4000
    mc = run_c(k, ['--measure', 'degree', '--samples', str(N), '--leave-out', 'none', '--track', '1'])
    edges = json.loads(subprocess.run([BIN, 'centrality', '--format', 'json', '--measures', 'strength'] + k,
                                      capture_output=True, check=True).stdout)['rows']
    pub = {r['id']: r['strength'] for r in edges}
    var = {r['id']: 0.0 for r in edges}
    sys.path.insert(0, HERE)
    import oracle
    data = oracle.Data(k)
    for a_, b_, c_, _g in oracle.build_links(data, oracle.Filter(), False):
        for v in (a_, b_):
            var[data.entity_ids[v]] += c_ * (1 - c_)
    for e in mc['entities']:
        checks += 1
        se = math.sqrt(var[e['id']] / N)
        if abs(e['mean_value'] - pub[e['id']]) > 4.5 * se + 1e-12:
            fail('E[world degree] %s: %.4f vs strength %.4f (s.e. %.4f)' % (e['id'], e['mean_value'], pub[e['id']], se))

    # 6. leave one source out = centrality --exclude-source
    res = run_c(k, ['--samples', '0', '--top', '10'])
    for u in res['units']:
        rows = json.loads(subprocess.run([BIN, 'centrality', '--format', 'json', '--sort', 'pagerank', '--top', '10',
                                          '--exclude-source', u['unit']] + k, capture_output=True,
                                         check=True).stdout)['rows']
        checks += 1
        if [r['id'] for r in rows] != u['top_k']:
            fail('leave out %s: top 10 %r, centrality --exclude-source gives %r' % (u['unit'], u['top_k'],
                                                                                 [r['id'] for r in rows]))

    # 7. same bytes for any thread count, and for two runs with one seed
    for fmt in ('json', 'md', 'csv', 'svg'):
        args = ['--measure', 'betweenness', '--samples', '1000', '--attribution', 'shapley', '--breaking-sets']
        outs = [subprocess.run([BIN, 'robustness', '--format', fmt, '--threads', t] + args + k,
                               capture_output=True, check=True).stdout for t in ('1', '2', '8', '2')]
        checks += 1
        if len(set(outs)) != 1:
            fail('%s output differs between --threads 1, 2, 8 (or between two runs)' % fmt)
    s1 = subprocess.run([BIN, 'robustness', '--format', 'json', '--samples', '500', '--seed', '1'] + k,
                        capture_output=True, check=True).stdout
    s2 = subprocess.run([BIN, 'robustness', '--format', 'json', '--samples', '500', '--seed', '2'] + k,
                        capture_output=True, check=True).stdout
    checks += 1
    if s1 == s2:
        fail('seeds 1 and 2 gave the same output')

    print('%d passed, %d failed' % (checks - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
