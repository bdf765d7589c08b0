#!/usr/bin/python3
"""Benchmark of `claimgraph robustness` (issue 17): possible worlds per second, per measure, on the
Kosovo dataset and on a synthetic dataset of 10^4 claims (gen_dataset.py 10000 1), with 1 and 2
threads, next to the independent Python + NetworkX oracle (tests/robustness/oracle.py) doing the
same job (same worlds from the same stream, same ranks and summaries) in the same run.

Usage: tests/bench/robustness_bench.py [--bin build/claimgraph] [--out tests/bench/RESULTS.md]
                                        [--quick] [--measures M,...]

claimgraph's worlds/s come from its own `--timings` (the world phase alone: draws, world graphs,
the measure, ranks, summaries); "command" is the wall clock of the whole process (loading and the
published ranking included). The oracle's rate comes from its own timing of its world loop
(`monte_carlo.seconds` in its JSON), so its start-up (imports, loading, the published ranking) is
not counted against it; it runs fewer worlds, being slow. Every command runs with `--leave-out none`, i.e. the Monte-Carlo part only. The load
average (`/proc/loadavg`) is recorded before every run: other jobs on the machine slow both sides.
The section between the robustness markers of the report is replaced (or appended).
"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ORACLE = os.path.join(ROOT, 'tests', 'robustness', 'oracle.py')
START, END = '<!-- robustness-bench:start -->', '<!-- robustness-bench:end -->'
PATH_MEASURES = ('betweenness', 'closeness', 'harmonic')


def load():
    with open('/proc/loadavg') as f:
        return f.read().split()[0]


def run_c(binary, data, measure, worlds, threads):
    la = load()
    t0 = time.perf_counter()
    p = subprocess.run([binary, 'robustness', data, '--measure', measure, '--samples', str(worlds), '--leave-out',
                        'none', '--format', 'csv', '-o', '/dev/null', '--threads', str(threads), '--timings'],
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit('claimgraph failed: ' + p.stderr)
    t = json.loads(p.stderr.strip().splitlines()[-1])
    return {'worlds': worlds, 'threads': threads, 'worlds_s': t['worlds_s'], 'command_s': wall,
            'rate': worlds / t['worlds_s'], 'load': la, 'entities': t['entities'], 'links': t['links']}


def run_oracle(data, measure, n):
    """The oracle's own timing of its world loop (monte_carlo.seconds in its JSON), so its start-up
    (imports, loading, the published ranking) is not counted against it."""
    la = load()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'o.json')
        p = subprocess.run([sys.executable, ORACLE, data, '--measure', measure, '--samples', str(n), '--leave-out',
                            'none', '--json', out], capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit('oracle failed: ' + p.stderr[-500:])
        with open(out) as f:
            secs = json.load(f)['monte_carlo']['seconds']
    return {'worlds': n, 'seconds': secs, 'rate': n / secs, 'load': la}


def build_type(binary):
    cache = os.path.join(os.path.dirname(os.path.abspath(binary)), 'CMakeCache.txt')
    try:
        with open(cache) as f:
            m = re.search(r'^CMAKE_BUILD_TYPE:\w+=(\w*)', f.read(), re.M)
            return m.group(1) if m else '?'
    except OSError:
        return '?'


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--bin', default=os.path.join(ROOT, 'build', 'claimgraph'))
    ap.add_argument('--out', default=os.path.join(HERE, 'RESULTS.md'))
    ap.add_argument('--quick', action='store_true', help='fewer worlds everywhere (a smoke run)')
    ap.add_argument('--measures', default='degree,strength,coreness,pagerank,harmonic,betweenness,closeness')
    a = ap.parse_args()
    measures = a.measures.split(',')
    workdir = os.path.join(os.path.dirname(os.path.abspath(a.bin)), 'bench-datasets')
    os.makedirs(workdir, exist_ok=True)
    synth = os.path.join(workdir, 'claims-10000-seed1.jsonl')
    if not os.path.exists(synth):
        subprocess.run([sys.executable, os.path.join(HERE, 'gen_dataset.py'), '10000', '1', synth], check=True)
    kosovo = os.path.join(ROOT, 'datasets', 'kosovo')
    q = 10 if a.quick else 1
    # (dataset, claimgraph worlds for fast / path measures, oracle N1, N2 for fast / path measures)
    # (label, data, claimgraph worlds for fast / path measures, oracle worlds for fast / path measures)
    n_claims = sum(1 for f in sorted(os.listdir(kosovo)) if f.endswith('.jsonl')
                   for line in open(os.path.join(kosovo, f), encoding='utf-8') if '"type":"claim"' in line.replace(' ', ''))
    plan = [('Kosovo (%d claims)' % n_claims, kosovo, 10000 // q, 20000 // q, 1000 // q, 300 // q),
            ('synthetic 10^4 claims', synth, 2000 // q, 40 // min(q, 4), 40 // min(q, 4), 4 // min(q, 4))]
    started = datetime.datetime.now().isoformat(timespec='seconds')
    rows = []
    for label, data, nf, npth, of, op in plan:
        for m in measures:
            path = m in PATH_MEASURES
            n = npth if path else nf
            c1 = run_c(a.bin, data, m, n, 1)
            c2 = run_c(a.bin, data, m, n, 2)
            o = run_oracle(data, m, op if path else of)
            rows.append((label, m, c1, c2, o))
            print('%-22s %-12s C 1 thread %9.0f worlds/s, 2 threads %9.0f worlds/s, oracle %8.1f worlds/s, '
                  'ratio %6.0fx (load %s)' % (label, m, c1['rate'], c2['rate'], o['rate'], c2['rate'] / o['rate'],
                                              c2['load']), flush=True)
    ended = datetime.datetime.now().isoformat(timespec='seconds')
    commit = subprocess.run(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD'], capture_output=True,
                            text=True).stdout.strip()
    import networkx
    out = [START, '## Robustness worlds (issue 17)', '',
           'Written by `tests/bench/robustness_bench.py` (run %s to %s); one command: '
           '`tests/bench/robustness_bench.py [--bin build/claimgraph]`.' % (started, ended), '',
           '- %d cores, %s; claimgraph `%s` (%s build), commit %s; oracle: `tests/robustness/oracle.py` under '
           '%s %s, NetworkX %s (single-threaded)' %
           (os.cpu_count(), platform.platform(), os.path.relpath(a.bin, ROOT), build_type(a.bin), commit,
            sys.executable, platform.python_version(), networkx.__version__),
           '- Job: `claimgraph robustness DATA --measure M --samples N --leave-out none` (the Monte-Carlo part: '
           'draws, world graphs, the measure on every world, mid-ranks, summaries) and the oracle with the same '
           'arguments. claimgraph\'s rate is from its `--timings` world phase; "command" is the whole process. '
           'The oracle\'s rate is from its own timing of its world loop (`monte_carlo.seconds`; it runs fewer worlds, '
           'being slow), so its start-up is not counted either. The load '
           'average before each run is shown: the machine is shared, and load slows both sides.', '',
           '| data | measure | worlds | claimgraph 1 thread (worlds/s) | 2 threads (worlds/s) | 2 threads: command (s) '
           '| oracle worlds | oracle (worlds/s) | ratio (2 threads / oracle) | ratio per core (1 thread / oracle) | load before |',
           '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|']
    for label, m, c1, c2, o in rows:
        out.append('| %s | %s | %d | %.0f | %.0f | %.2f | %d | %.1f | %.0f× | %.0f× | %s / %s / %s |' % (
            label, m, c1['worlds'], c1['rate'], c2['rate'], c2['command_s'], o['worlds'], o['rate'], c2['rate'] / o['rate'],
            c1['rate'] / o['rate'], c1['load'], c2['load'], o['load']))
    out += ['', '**Targets** (issue 17):', '']
    kpr = [r for r in rows if r[0].startswith('Kosovo') and r[1] == 'pagerank']
    kbt = [r for r in rows if r[0].startswith('Kosovo') and r[1] == 'betweenness']
    if kpr:
        _l, _m, c1, c2, o = kpr[0]
        scale = 10000 / c2['worlds']
        out.append('- %d PageRank worlds on Kosovo in under 1 s on 2 cores: the command took %.2f s (world phase '
                   '%.2f s)%s: **%s**.' % (c2['worlds'], c2['command_s'], c2['worlds_s'],
                                            '' if scale == 1 else ' (a --quick run: %d worlds)' % c2['worlds'],
                                            'met' if c2['command_s'] * scale < 1 else 'not met'))
        out.append('- At least 30× faster than the reference: %.0f× (2 threads) and %.0f× per core: **%s**.' % (
            c2['rate'] / o['rate'], c1['rate'] / o['rate'], 'met' if c2['rate'] / o['rate'] >= 30 else 'not met'))
    if kbt:
        _l, _m, c1, c2, o = kbt[0]
        scale = 20000 / c2['worlds']
        out.append('- 20 000 betweenness worlds on Kosovo in under 5 s: %.2f s for %d worlds on 2 threads (world '
                   'phase %.2f s): **%s**.' % (c2['command_s'], c2['worlds'], c2['worlds_s'],
                                              'met' if c2['command_s'] * scale < 5 else 'not met'))
    out += ['', 'Notes. Per-world degree, strength, PageRank and coreness are claimgraph\'s own thread-safe kernels '
            '(Debian\'s igraph is not thread-safe, and its PRPACK solves graphs under 128 vertices by dense '
            'elimination, about 1 ms a world on Kosovo); PageRank solves y = 1 + d P^T y by the Chebyshev '
            'semi-iterative method (undirected) or plain iteration (directed) to an l1 residual of 1e-15 sum(y). The '
            'path measures are the Brandes kernel of `centrality`, one thread per world. The oracle\'s PageRank is '
            'NetworkX\'s power iteration run to an L1 change of about 1e-15, the precision that ranks compared as '
            'printed need. An earlier oracle solved the Google matrix densely (numpy); it split exact ties in the '
            'last bits, so it was dropped, but it was faster: measured once (2026-11-30, load 15, 300 Kosovo worlds, '
            'graph and PageRank only) 454 worlds/s against 43 for the NetworkX iteration and 139 for NetworkX\'s '
            'default tolerance. Against that dense variant\'s graph-and-PageRank time alone, claimgraph\'s whole '
            'world loop is still about 47x faster on 2 threads (21 468 worlds/s in the run of that day) and 34x on '
            'one. With the load average near or above the core count, the second thread gains little or nothing '
            '(other jobs hold the cores): rerun on a quiet machine for scaling figures. On the synthetic data (2 000 '
            'entities, 5 355 links) an exact unweighted betweenness world costs what `centrality --unweighted` costs '
            'on a graph of that size; there is no target for it.', END]
    section = '\n'.join(out) + '\n'
    try:
        with open(a.out, encoding='utf-8') as f:
            text = f.read()
    except OSError:
        text = '# claimgraph benchmark results\n'
    if START in text and END in text:
        text = text[:text.index(START)] + section.rstrip('\n') + text[text.index(END) + len(END):]
    else:
        text = text.rstrip('\n') + '\n\n' + section
    with open(a.out, 'w', encoding='utf-8') as f:
        f.write(text)
    print('wrote', a.out)


if __name__ == '__main__':
    main()
