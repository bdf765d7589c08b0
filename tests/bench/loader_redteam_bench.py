#!/usr/bin/python3
"""Loader red-team benchmark (issue 15, M1 and M7), one command, new binary against old.

Usage: tests/bench/loader_redteam_bench.py --bin NEW [--old-bin OLD] [--files N] [--claims N]
                                           [--repeat R] [--work DIR] [--out tests/bench/RESULTS.md]

Measures, each figure the best of R runs (default 3; wall clock and peak RSS of the process, by
wait4), with the load average before each group:
  * `check` on a folder of N one-record files (default 10^5; 100 folders of N/100 files, each file
    one source), the shape of the red-team's M7 (about 33-48 KB a file before the fix);
  * `check` on gen_dataset.py's file of N claims (default 3 x 10^5, seed 1): the ingest speed must
    not suffer;
  * `check` on one source citing 10^5 sources on one line (M1: quadratic before the fix; the old
    binary is capped at 60 s).
The report replaces the part of RESULTS.md between the loader-redteam markers (--out), and is
printed."""
import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BEGIN, END = '<!-- loader-redteam:begin -->', '<!-- loader-redteam:end -->'


def measure(args, cap):
    """(wall seconds, peak RSS in KB), or (None, None) past the cap."""
    t = time.monotonic()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - t > cap:
            p.kill()
            os.wait4(p.pid, 0)
            return None, None
        time.sleep(0.01)
    wall = time.monotonic() - t
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit('%s failed (%d)' % (' '.join(args), os.waitstatus_to_exitcode(status)))
    return wall, ru.ru_maxrss


def best(args, repeat, cap):
    runs = [measure(args, cap) for _ in range(repeat)]
    if any(r[0] is None for r in runs):
        return None, None
    return min(r[0] for r in runs), min(r[1] for r in runs)


def tiny_tree(root, n):
    if os.path.exists(os.path.join(root, 'done')):
        return
    for i in range(n):
        sub = os.path.join(root, 'd%03d' % (i % 100))
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, 'f%07d.jsonl' % i), 'w') as f:
            f.write('{"type":"source","id":"s%d","title":"T","kind":"news"}\n' % i)
    open(os.path.join(root, 'done'), 'w').close()


def cites_file(path, n):
    if os.path.exists(path):
        return
    ids = ['s%d' % i for i in range(n)]
    with open(path, 'w') as f:
        f.write('{"type":"source","id":"top","title":"T","kind":"news","cites":[%s]}\n' %
                ','.join('"%s"' % i for i in ids))
        for i in ids:
            f.write('{"type":"source","id":"%s","title":"T","kind":"news"}\n' % i)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--bin', required=True)
    ap.add_argument('--old-bin')
    ap.add_argument('--files', type=int, default=100000)
    ap.add_argument('--claims', type=int, default=300000)
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--work', default='/tmp/claimgraph-loader-redteam-bench')
    ap.add_argument('--out')
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    tree = os.path.join(a.work, 'tiny%d' % a.files)
    tiny_tree(tree, a.files)
    data = os.path.join(a.work, 'gen%d.jsonl' % a.claims)
    if not os.path.exists(data):
        subprocess.run([sys.executable, os.path.join(HERE, 'gen_dataset.py'), str(a.claims), '1', data], check=True)
    cites = os.path.join(a.work, 'cites100000.jsonl')
    cites_file(cites, 100000)
    bins = [('new', a.bin)] + ([('old', a.old_bin)] if a.old_bin else [])
    jobs = [('check on %d one-record files' % a.files, ['check', tree], 600),
            ('check on %d claims (gen_dataset.py %d 1, %.0f MB)' % (a.claims, a.claims, os.path.getsize(data) / 1e6),
             ['check', data], 600),
            ('check on one source citing 10^5 sources', ['check', cites], 60)]
    lines = ['## Loader: many files, long arrays (issue 15)', '',
             'Made by `tests/bench/loader_redteam_bench.py --bin NEW --old-bin OLD --repeat %d` (best of %d; '
             'peak RSS by wait4; "> cap" = stopped at the cap).' % (a.repeat, a.repeat), '',
             '| job | load before | ' + ' | '.join('%s wall | %s peak RSS' % (n, n) for n, _ in bins) + ' |',
             '|---|---|' + '---:|---:|' * len(bins)]
    for name, args, cap in jobs:
        load = '%.2f' % os.getloadavg()[0]
        cells = []
        for n, b in bins:
            wall, rss = best([b] + args, a.repeat, cap)
            cells += ['> %d s' % cap, '-'] if wall is None else ['%.2f s' % wall, '%.0f MB' % (rss / 1024)]
        lines.append('| %s | %s | %s |' % (name, load, ' | '.join(cells)))
    report = '\n'.join(lines) + '\n'
    print(report)
    if a.out:
        with open(a.out, encoding='utf-8') as f:
            text = f.read()
        block = BEGIN + '\n' + report + END
        if BEGIN in text:
            text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
        else:
            text = text.rstrip('\n') + '\n\n' + block + '\n'
        with open(a.out, 'w', encoding='utf-8') as f:
            f.write(text)


if __name__ == '__main__':
    main()
