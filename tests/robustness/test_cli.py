#!/usr/bin/python3
"""`claimgraph robustness` as a user meets it: usage errors (exit 2, a clear message, nothing
written), data errors (exit 1), atomic -o, --help in step with the options, the Markdown report a
journalist reads on the Kosovo data, and hostile entity names through every format, read back
with a real parser per format (json, csv, xml.etree for the SVG; the Markdown tables keep their
shape).
Usage: test_cli.py BINARY SOURCE_DIR"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

BIN, ROOT = sys.argv[1], sys.argv[2]
KOSOVO = os.path.join(ROOT, 'datasets', 'kosovo')
failures = []
checks = 0


def check(cond, msg):
    global checks
    checks += 1
    if not cond:
        failures.append(msg)
        print('FAIL', msg, flush=True)


def run(*args, timeout=300):
    return subprocess.run([BIN, 'robustness'] + list(args), capture_output=True, timeout=timeout)


HOSTILE = ['<script>alert(1)</script>', 'A "quoted", name', '=HYPERLINK("x")', 'a & b ]]> <![CDATA[',
           'pipe | in | name', '`tick` *star* _under_ [link](x)', 'line\nbreak', 'שלום עולם', 'emoji 🕵️‍♀️ end',
           'x' * 300, "it's </text><text>injected"]


def hostile_dataset(path):
    recs = [{"type": "source", "id": "s1", "title": "S1", "kind": "news", "reliability": "B"},
            {"type": "source", "id": "s2", "title": "S2", "kind": "ngo_report", "reliability": "C"}]
    for i, name in enumerate(HOSTILE):
        recs.append({"type": "entity", "id": "h%02d" % i, "name": name, "kind": "person"})
    n = len(HOSTILE)
    cid = 0
    for i in range(n):
        for j in (i + 1, i + 3):
            if j < n:
                cid += 1
                recs.append({"type": "claim", "id": "c%d" % cid, "subject": "h%02d" % i, "object": "h%02d" % j,
                             "relation": "associate_of", "source": "s1" if cid % 3 else "s2",
                             "credibility": 1 + cid % 5})
    with open(path, 'w') as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')


def main():
    # ---- usage errors: exit 2, a message naming the problem, nothing written
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'keep.md')
        with open(out, 'w') as f:
            f.write('old content\n')
        cases = [
            (['--samples', '0', '--leave-out', 'none'], 'nothing to do'),
            (['--top', '0'], '--top'),
            (['--measure', 'fame'], "unknown measure 'fame'"),
            (['--exact'], '--exact'),
            (['--format', 'svg', '--samples', '0'], 'needs worlds'),
            (['--exact', '--samples', '10'], 'leave out --samples'),
            (['--interval', '1'], '--interval'),
            (['--dependence', 'sometimes'], '--dependence must be one of independent, source'),
            (['--leave-out', 'everything'], '--leave-out must be one of'),
            (['--format', 'pdf'], '--format'),
            (['--samples', '-3'], '--samples'),
            (['--bogus'], "unknown option '--bogus'"),
        ]
        for args, msg in cases:
            p = run(*args, '-o', out, KOSOVO)
            err = p.stderr.decode()
            check(p.returncode == 2, '%s: exit %d (want 2): %s' % (args, p.returncode, err[:300]))
            check(msg in err, '%s: message %r not in %r' % (args, msg, err[:300]))
            with open(out) as f:
                check(f.read() == 'old content\n', '%s: the existing -o file was changed' % args)
        # --exact on too many groups says how to go on
        p = run('--exact', KOSOVO)
        check('uncertain' in p.stderr.decode() and '--samples' in p.stderr.decode(), '--exact message: %r' % p.stderr)
        # a data problem: exit 1, the file untouched
        p = run('--samples', '10', '--exclude-source', 'nope', '-o', out, KOSOVO)
        check(p.returncode == 1 and "no source 'nope'" in p.stderr.decode(), 'unknown source: %d %r' % (p.returncode, p.stderr))
        with open(out) as f:
            check(f.read() == 'old content\n', 'unknown source: the existing -o file was changed')
        # success replaces it (atomic write), same bytes as standard output
        p = run('--samples', '200', '-o', out, KOSOVO)
        q = run('--samples', '200', KOSOVO)
        with open(out, 'rb') as f:
            check(p.returncode == 0 and f.read() == q.stdout, '-o does not hold what standard output shows')
        check(not [x for x in os.listdir(tmp) if x != 'keep.md'], 'temporary files left: %r' % os.listdir(tmp))

    # ---- --help lists every option the parser accepts, and exits 0
    p = subprocess.run([BIN, 'robustness', '--help'], capture_output=True, text=True)
    check(p.returncode == 0, '--help exit %d' % p.returncode)
    for opt in ['--measure', '--samples', '--seed', '--top', '--dependence', '--world-weights', '--interval',
                '--track', '--exact', '--leave-out', '--attribution', '--shapley-permutations', '--breaking-sets',
                '--directed', '--unweighted', '--format', '--threads', '--output', '--min-confidence',
                '--exclude-source', '--source', '--source-kind', '--status', '--grading']:
        check(opt in p.stdout, '--help does not mention %s' % opt)
    readme = open(os.path.join(ROOT, 'README.md'), encoding='utf-8').read()
    sec = readme[readme.find('## Robustness'):]
    sec = sec[:sec.find('\n## ', 5)]
    for opt in re.findall(r'\{"([a-z-]+)", 0, "?', open(os.path.join(ROOT, 'src', 'cli', 'cmd_robustness.c')).read()):
        check('--' + opt in sec, 'README "Robustness" does not mention --%s' % opt)
    p = subprocess.run([BIN, '--help'], capture_output=True, text=True)
    check('robustness' in p.stdout, 'the main help does not list robustness')

    # ---- the report a journalist reads (Kosovo, the command)
    p = run('--measure', 'pagerank', '--attribution', 'shapley', '--breaking-sets', '--format', 'md', KOSOVO)
    md = p.stdout.decode()
    check(p.returncode == 0, 'md report: exit %d %s' % (p.returncode, p.stderr[:300]))
    check('If the grades are right and pieces of evidence fail independently' in md, 'md: no model sentence')
    check('not calibrated probabilities' in md and 'only false links are modelled' in md, 'md: assumptions missing')
    check(re.search(r'\*\*Robust\*\* \([^)]*\):[^\n]*Government of Kosovo', md) is not None, 'md: robust list')
    check(re.search(r'\*\*Rests on one source\*\*[^\n]*Hashim Thaçi \(without gp\)', md) is not None,
          'md: Thaçi does not rest on gp')
    check(re.search(r'\*\*Hashim Thaçi\*\* [^\n]*without gp it would rank \d', md) is not None, 'md: Thaçi sentence')
    check('**Verdict: rests on one source (gp).**' in md, 'md: verdict')
    block = readme.split('<!-- robustness-example -->', 1)[1].split('```', 2)[1]
    example = [line for line in block.split('\n') if line.strip()]
    check(len(example) >= 3, 'README: no example block')
    for line in example:
        check(line in md.split('\n'), 'README example line not in the output: %r' % line[:100])
    for sec in ['## In short', '## The published top 10, one by one', '## Table (published top 20)',
                '## What each source contributes', '## Which sources the values rest on', '## Breaking sets',
                '## How to read this']:
        check(sec in md, 'md: no section %r' % sec)
    # every table row has as many cells as its header
    for block in re.findall(r'((?:^\|.*\|\n)+)', md, re.M):
        rows = block.strip('\n').split('\n')
        widths = {len(re.split(r'(?<!\\)\|', r)) for r in rows}
        check(len(widths) == 1, 'md table with uneven rows: %r' % rows[0][:80])

    # ---- hostile names through every format
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, 'h.jsonl')
        hostile_dataset(data)
        common = ['--samples', '300', '--top', '4', '--attribution', 'shapley', '--breaking-sets', data]
        p = run('--format', 'json', *common)
        check(p.returncode == 0, 'hostile json: %r' % p.stderr[:300])
        doc = json.loads(p.stdout)
        names = {e['id']: e['name'] for e in doc['entities']}
        check(sorted(names.values()) == sorted(HOSTILE), 'hostile json: names do not round-trip')
        check(doc['params']['rng'] == 'splitmix64-worlds-v1' and doc['params']['seed'] == 1, 'json params')
        for key in ['id', 'published_rank', 'median_rank', 'rank_lo', 'rank_hi', 'p_top_k', 'mean_rank',
                    'worst_rank_loo', 'critical_unit']:
            check(key in doc['entities'][0], 'json: entities[] lacks %s' % key)
        for key in ['unit', 'top_k', 'overlap', 'kendall_tau']:
            check(key in doc['units'][0], 'json: units[] lacks %s' % key)
        check(set(doc['shapley'][0]) == {'entity', 'unit', 'value'}, 'json: shapley[] keys')

        p = run('--format', 'csv', *common)
        rows = list(csv.reader(io.StringIO(p.stdout.decode())))
        check(rows[0][:4] == ['id', 'name', 'kind', 'published_rank'] and len({len(r) for r in rows}) == 1,
              'csv shape')
        got = sorted(r[1] for r in rows[1:])
        want = sorted(("'" + h) if h[0] in '=+-@' else h for h in HOSTILE)
        check(got == want, 'hostile csv: names do not round-trip: %r' % got[:3])

        p = run('--format', 'svg', *common)
        svg = p.stdout.decode()
        try:
            root = ET.fromstring(svg)
            texts = ''.join(root.itertext())
            check('<script>alert(1)</script>' in texts, 'svg: the hostile name is not shown as text')
            check(not root.findall('.//{http://www.w3.org/2000/svg}script'), 'svg: a script element')
            gs = root.findall('.//{http://www.w3.org/2000/svg}g')
            check(len(gs) == 8, 'svg: %d entity rows, want 2k = 8' % len(gs))
        except ET.ParseError as e:
            check(False, 'svg is not XML: %s' % e)

        p = run('--format', 'md', *common)
        md = p.stdout.decode()
        check('<script>' not in md and '&lt;script&gt;' not in md.replace('\\<script\\>', ''),
              'md: raw markup from a name')
        for block in re.findall(r'((?:^\|.*\|\n)+)', md, re.M):
            rows = block.strip('\n').split('\n')
            widths = {len(re.split(r'(?<!\\)\|', r)) for r in rows}
            check(len(widths) == 1, 'hostile md table with uneven rows: %r' % rows[0][:80])

    print('%d passed, %d failed' % (checks - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
