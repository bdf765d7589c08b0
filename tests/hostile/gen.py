#!/usr/bin/env python3
"""Hostile structures for claimgraph (red team, issue 15): datasets whose shape, not whose size,
makes a super-linear algorithm take minutes, hours or gigabytes. Each class is a function
CLASS(out, n) that writes a dataset (a .jsonl file or a folder) under `out` and returns a
description: {"data": path, "edge": [subject, relation, object] for `explain`, "what": ...}.

    gen.py CLASS N OUT      writes one dataset, prints its description as JSON
    gen.py --list           the classes and their default sizes

Classes (default size: where the quadratic or worse algorithms the red team found needed minutes):
  star            one entity linked to N others (claims from 10 sources)
  chain           a path of N entities (eigenvector centrality does not converge: M6)
  ring            a cycle of N entities (M6)
  layered         N layers of 2 entities, each linked to both of the next: 2^(N-1) shortest
                  paths end to end (past 2^1024 for N > 1025: S2)
  cites_star_out  a source citing N others (in descending id order), N claims on one pair, one per
                  source (explain/audit were cubic: M2)
  cites_star_in   N sources citing one, N claims on one pair, one per source (quadratic: M2)
  cites_chain     N sources in one cites chain, 1000 claims on one pair spread along it (a chain per
                  join: gigabytes of explain/audit output, M3)
  cites_chain_dense  N sources in one cites chain, a claim on every 25th (M3 at two sizes)
  cites_cycle     N sources in one citation cycle, 10 N claims on one pair (M3: the repository's
                  own 20 000-source cycle gave 1.58 GB of explain output)
  cites_2cycles   N sources in N/2 pairs citing each other, a claim from each on one pair: N/2
                  origin groups on one edge (the audit's cycle search was quadratic: m10)
  sources_one_edge N claims on one pair from N distinct sources, in descending source order
                  (each edge's sources were insertion-sorted: M4)
  deep_dirs       a DATA folder nested N levels (at most 31, under the loader's limit of 32),
                  a file at every level
  symlink_loops   a DATA folder of N levels (at most 31) with two links to `.` at every level
                  (each walked twice, then again: an exponential walk, M5)
  tiny_files      N files of one record each in one folder (memory per file: M7)
  long_cites      a source citing N sources on one line (every element located again from the
                  start of the line: quadratic loading, M1); one claim per cited source
  long_aliases    an entity with N aliases on one line (M1)
  long_evidence   a claim with N evidence spans on one line (M1)
  long_external_ids  an entity with N external ids on one line, keys in descending order (they
                  were insertion-sorted: quadratic, src/records.c)
  bad_aliases     an entity whose `aliases` is a line of N empty arrays (each one an error; every
                  error was located at quadratic cost, M1): the commands fail, within seconds

Each class's `expect` says what the commands must do: "ok" (exit 0), "error" (exit 1 with a
message), "any" (0 or 1, a rule the loader chooses, e.g. which links in a DATA folder it follows).
"""
import json
import os
import sys


def _w(f, rec):
    f.write(json.dumps(rec, separators=(',', ':')) + '\n')


def _src(f, sid, cites=None, kind='news'):
    r = {"type": "source", "id": sid, "title": "Source " + sid, "kind": kind, "reliability": "C"}
    if cites:
        r["cites"] = cites
    _w(f, r)


def _ent(f, eid, kind='person'):
    _w(f, {"type": "entity", "id": eid, "name": "Entity " + eid, "kind": kind})


def _claim(f, cid, s, o, src, rel='associate_of', **kw):
    r = {"type": "claim", "id": cid, "subject": s, "relation": rel, "object": o, "source": src}
    r.update(kw)
    _w(f, r)


def _file(out, name):
    os.makedirs(out, exist_ok=True)
    return os.path.join(out, name)


def star(out, n):
    path = _file(out, 'star.jsonl')
    with open(path, 'w') as f:
        for k in range(10):
            _src(f, 's%d' % k)
        _ent(f, 'hub', 'organization')
        for i in range(n):
            _ent(f, 'e%d' % i)
            _claim(f, 'c%d' % i, 'hub', 'e%d' % i, 's%d' % (i % 10), credibility=1 + i % 6)
    return {"data": path, "edge": ["e0", "associate_of", "hub"], "what": "star of %d" % n}


def _path(out, n, ring):
    path = _file(out, '%s.jsonl' % ('ring' if ring else 'chain'))
    with open(path, 'w') as f:
        _src(f, 's')
        for i in range(n):
            _ent(f, 'e%d' % i)
        for i in range(n - 1 + int(ring)):
            _claim(f, 'c%d' % i, 'e%d' % i, 'e%d' % ((i + 1) % n), 's')
    return {"data": path, "edge": ["e0", "associate_of", "e1"], "what": "%s of %d" % ('ring' if ring else 'chain', n)}


def chain(out, n):
    return _path(out, n, False)


def ring(out, n):
    return _path(out, n, True)


def layered(out, n):
    path = _file(out, 'layered.jsonl')
    with open(path, 'w') as f:
        _src(f, 's')
        for i in range(n):
            for k in range(2):
                _ent(f, 'v%d_%d' % (i, k))
        c = 0
        for i in range(n - 1):
            for k in range(2):
                for l in range(2):
                    _claim(f, 'c%d' % c, 'v%d_%d' % (i, k), 'v%d_%d' % (i + 1, l), 's')
                    c += 1
    return {"data": path, "edge": ["v0_0", "associate_of", "v1_0"], "what": "%d layers of 2" % n}


def _one_pair(f):
    _ent(f, 'a')
    _ent(f, 'b', 'organization')


def cites_star_out(out, n):
    path = _file(out, 'cites_star_out.jsonl')
    with open(path, 'w') as f:
        _src(f, 'hub', cites=['s%06d' % i for i in reversed(range(n))])
        for i in range(n):
            _src(f, 's%06d' % i)
        _one_pair(f)
        for i in range(n):
            _claim(f, 'c%06d' % i, 'a', 'b', 's%06d' % i, rel='member_of')
    return {"data": path, "edge": ["a", "member_of", "b"], "what": "a source citing %d" % n}


def cites_star_in(out, n):
    path = _file(out, 'cites_star_in.jsonl')
    with open(path, 'w') as f:
        _src(f, 'hub')
        for i in range(n):
            _src(f, 's%06d' % i, cites=['hub'])
        _one_pair(f)
        for i in range(n):
            _claim(f, 'c%06d' % i, 'a', 'b', 's%06d' % i, rel='member_of')
    return {"data": path, "edge": ["a", "member_of", "b"], "what": "%d sources citing one" % n}


def cites_chain(out, n):
    path = _file(out, 'cites_chain.jsonl')
    claims = min(1000, n)
    with open(path, 'w') as f:
        for i in range(n):
            _src(f, 's%07d' % i, cites=['s%07d' % (i + 1)] if i + 1 < n else None)
        _one_pair(f)
        for k in range(claims):
            _claim(f, 'c%05d' % k, 'a', 'b', 's%07d' % (k * n // claims), rel='member_of')
    return {"data": path, "edge": ["a", "member_of", "b"], "what": "a cites chain of %d, %d claims" % (n, claims)}


def cites_chain_dense(out, n):
    """A cites chain of N sources with a claim on every 25th: the claims grow with the chain, so
    output of claims x chain length grows as N^2 (M3 at two sizes)."""
    path = _file(out, 'cites_chain_dense.jsonl')
    with open(path, 'w') as f:
        for i in range(n):
            _src(f, 's%07d' % i, cites=['s%07d' % (i + 1)] if i + 1 < n else None)
        _one_pair(f)
        for i in range(0, n, 25):
            _claim(f, 'c%07d' % i, 'a', 'b', 's%07d' % i, rel='member_of')
    return {"data": path, "edge": ["a", "member_of", "b"], "what": "a cites chain of %d, %d claims" % (n, (n + 24) // 25)}


def cites_cycle(out, n):
    path = _file(out, 'cites_cycle.jsonl')
    with open(path, 'w') as f:
        for i in range(n):
            _src(f, 's%06d' % i, cites=['s%06d' % ((i + 1) % n)])
        _one_pair(f)
        for k in range(10 * n):
            _claim(f, 'c%07d' % k, 'a', 'b', 's%06d' % (k % n), rel='member_of')
    return {"data": path, "edge": ["a", "member_of", "b"], "what": "a cites cycle of %d, %d claims" % (n, 10 * n)}


def cites_2cycles(out, n):
    path = _file(out, 'cites_2cycles.jsonl')
    n -= n % 2
    with open(path, 'w') as f:
        for i in range(0, n, 2):
            _src(f, 's%07d' % i, cites=['s%07d' % (i + 1)])
            _src(f, 's%07d' % (i + 1), cites=['s%07d' % i])
        _one_pair(f)
        for i in range(n):
            _claim(f, 'c%07d' % i, 'a', 'b', 's%07d' % i, rel='member_of')
    return {"data": path, "edge": ["a", "member_of", "b"], "what": "%d sources in 2-cycles" % n}


def sources_one_edge(out, n):
    path = _file(out, 'sources_one_edge.jsonl')
    with open(path, 'w') as f:
        for i in range(n):
            _src(f, 's%07d' % i)
        _one_pair(f)
        for k, i in enumerate(reversed(range(n))):
            _claim(f, 'c%07d' % k, 'a', 'b', 's%07d' % i, rel='member_of')
    return {"data": path, "edge": ["a", "member_of", "b"], "what": "%d distinct sources on one edge" % n}


def deep_dirs(out, n):
    n = min(n, 31)
    root = os.path.join(out, 'deep')
    d = root
    for level in range(n):
        d = os.path.join(d, 'l%02d' % level)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'r.jsonl'), 'w') as f:
            _src(f, 's%d' % level)
            _ent(f, 'e%d' % level)
            if level:
                _claim(f, 'c%d' % level, 'e%d' % (level - 1), 'e%d' % level, 's%d' % level)
    return {"data": root, "edge": ["e0", "associate_of", "e1"], "what": "folders nested %d deep" % n}


def tiny_files(out, n):
    root = os.path.join(out, 'tiny')
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, 'a-source.jsonl'), 'w') as f:
        _src(f, 's')
    for i in range(n):
        with open(os.path.join(root, 'e%06d.jsonl' % i), 'w') as f:
            if i % 2:
                _claim(f, 'c%d' % i, 'x%d' % (i - 1), 'x%d' % i, 's')
            else:
                _ent(f, 'x%d' % i)
    for i in range(1, n, 2):  # the entities the claims name
        with open(os.path.join(root, 'f%06d.jsonl' % i), 'w') as f:
            _ent(f, 'x%d' % i)
    return {"data": root, "edge": ["x0", "associate_of", "x1"], "what": "%d one-record files" % (n + n // 2 + 1)}


def symlink_loops(out, n):
    d = deep_dirs(out, n)
    root = d['data']
    cur = root  # one chain of folders l00/l01/...
    while True:
        os.symlink('.', os.path.join(cur, 'loop_a'))
        os.symlink('.', os.path.join(cur, 'loop_b'))
        subs = [x for x in os.listdir(cur) if x.startswith('l') and os.path.isdir(os.path.join(cur, x))
                and not os.path.islink(os.path.join(cur, x))]
        if not subs:
            break
        cur = os.path.join(cur, subs[0])
    d['what'] = 'folders nested %d deep, two links to . in each' % min(n, 31)
    d['expect'] = 'any'
    return d


def long_cites(out, n):
    path = _file(out, 'long_cites.jsonl')
    with open(path, 'w') as f:
        _src(f, 'hub', cites=['s%07d' % i for i in range(n)])
        for i in range(n):
            _src(f, 's%07d' % i)
        _one_pair(f)
        for i in range(0, n, max(1, n // 1000)):
            _claim(f, 'c%07d' % i, 'a', 'b', 's%07d' % i, rel='member_of')
    return {"data": path, "edge": ["a", "member_of", "b"], "what": "a source citing %d on one line" % n}


def long_aliases(out, n):
    path = _file(out, 'long_aliases.jsonl')
    with open(path, 'w') as f:
        _src(f, 's')
        _w(f, {"type": "entity", "id": "a", "name": "Entity a", "kind": "person",
               "aliases": ['alias %d' % i for i in range(n)]})
        _ent(f, 'b', 'organization')
        _claim(f, 'c1', 'a', 'b', 's', rel='member_of')
    return {"data": path, "edge": ["a", "member_of", "b"], "what": "an entity with %d aliases on one line" % n}


def long_evidence(out, n):
    path = _file(out, 'long_evidence.jsonl')
    text = b'x' * 64
    import hashlib
    h = hashlib.sha256(text[0:8]).hexdigest()
    texts = os.path.join(out, 'texts')  # the source text, for the audit
    os.makedirs(texts, exist_ok=True)
    with open(os.path.join(texts, 's.txt'), 'wb') as f:
        f.write(text)
    with open(path, 'w') as f:
        _w(f, {"type": "source", "id": "s", "title": "Source s", "kind": "news", "reliability": "C",
               "text_sha256": hashlib.sha256(text).hexdigest()})
        _one_pair(f)
        _claim(f, 'c1', 'a', 'b', 's', rel='member_of',
               evidence=[{"start": 0, "end": 8, "sha256": h} for _ in range(n)])
    return {"data": path, "edge": ["a", "member_of", "b"], "what": "a claim with %d evidence spans on one line" % n,
            "texts": texts}


def long_external_ids(out, n):
    path = _file(out, 'long_external_ids.jsonl')
    with open(path, 'w') as f:
        _src(f, 's')
        _w(f, {"type": "entity", "id": "a", "name": "Entity a", "kind": "person",
               "external_ids": {'k%07d' % i: 'v%d' % i for i in reversed(range(n))}})
        _ent(f, 'b', 'organization')
        _claim(f, 'c1', 'a', 'b', 's', rel='member_of')
    return {"data": path, "edge": ["a", "member_of", "b"],
            "what": "an entity with %d external ids on one line, in descending order" % n}


def bad_aliases(out, n):
    path = _file(out, 'bad_aliases.jsonl')
    with open(path, 'w') as f:
        _src(f, 's')
        f.write('{"type":"entity","id":"a","name":"A","kind":"person","aliases":[' + ','.join(['[]'] * n) + ']}\n')
        _ent(f, 'b', 'organization')
        _claim(f, 'c1', 'a', 'b', 's', rel='member_of')
    return {"data": path, "edge": ["a", "member_of", "b"], "what": "a line of %d bad aliases" % n,
            "expect": "error"}


# class -> (function, default size)
CLASSES = {
    'star': (star, 200000),
    'chain': (chain, 20000),
    'ring': (ring, 20000),
    'layered': (layered, 1100),
    'cites_star_out': (cites_star_out, 20000),
    'cites_star_in': (cites_star_in, 50000),
    'cites_chain': (cites_chain, 200000),
    'cites_chain_dense': (cites_chain_dense, 100000),
    'cites_cycle': (cites_cycle, 20000),
    'cites_2cycles': (cites_2cycles, 320000),
    'sources_one_edge': (sources_one_edge, 100000),
    'deep_dirs': (deep_dirs, 31),
    'symlink_loops': (symlink_loops, 31),
    'tiny_files': (tiny_files, 100000),
    'long_cites': (long_cites, 100000),
    'long_aliases': (long_aliases, 200000),
    'long_evidence': (long_evidence, 100000),
    'long_external_ids': (long_external_ids, 100000),
    'bad_aliases': (bad_aliases, 1000000),
}


def generate(cls, out, n=None):
    fn, default = CLASSES[cls]
    d = fn(out, default if n is None else n)
    d['class'] = cls
    d.setdefault('expect', 'ok')
    return d


if __name__ == '__main__':
    if len(sys.argv) == 2 and sys.argv[1] == '--list':
        for k, (fn, n) in CLASSES.items():
            print('%-17s %d' % (k, n))
        sys.exit(0)
    if len(sys.argv) != 4 or sys.argv[1] not in CLASSES:
        sys.exit(__doc__)
    print(json.dumps(generate(sys.argv[1], sys.argv[3], int(sys.argv[2]))))
