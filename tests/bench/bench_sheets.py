#!/usr/bin/env python3
"""Benchmark of `claimgraph import sheets`: 10^5 claim rows with quotes over 100 texts of 100 kB
(the target of issue 18: under 5 seconds). One command:

    tests/bench/bench_sheets.py build/claimgraph [--rows 100000] [--texts 100] [--text-kb 100] [--repeat 3]

Generates the texts (random words from a fixed vocabulary, seeded), sources.csv (text_file),
entities.csv (1000 entities) and claims.csv (subject/object as ids or names, each quote a window of
15-30 words of its text copied with its line breaks as spaces, so the whitespace-tolerant matcher is
exercised), then times the import (best of --repeat runs, wall clock, peak RSS) and, as a peer in the
same run, a plain Python converter (csv module + str.find per quote, exact matches only, no
validation). Prints one Markdown table row per tool and the machine load (uptime)."""
import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time


def generate(d, n_rows, n_texts, text_kb, seed=1):
    rng = random.Random(seed)
    vocab = ['w%05d' % i for i in range(20000)] + ['Thaçi', 'Prishtinë', 'l’UNMIK', '“quoted”']
    tdir = os.path.join(d, 'texts')
    os.makedirs(tdir)
    texts = []
    for t in range(n_texts):
        words, size = [], 0
        while size < text_kb * 1024:
            w = rng.choice(vocab)
            words.append(w)
            size += len(w.encode()) + 1
        lines = [' '.join(words[i:i + 12]) for i in range(0, len(words), 12)]
        text = '\n'.join(lines) + '\n'
        texts.append((words, text))
        with open(os.path.join(tdir, 'text%03d.txt' % t), 'w', encoding='utf-8') as f:
            f.write(text)
    with open(os.path.join(d, 'sources.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f)
        w.writerow(['id', 'title', 'kind', 'reliability', 'text_file'])
        for t in range(n_texts):
            w.writerow(['s%03d' % t, 'Source %d' % t, 'news', 'BCDE'[t % 4], 'text%03d.txt' % t])
    n_ent = 1000
    with open(os.path.join(d, 'entities.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f)
        w.writerow(['id', 'name', 'kind', 'aliases'])
        for e in range(n_ent):
            w.writerow(['e%04d' % e, 'Person Nümber %d' % e, 'person', 'P%d|Alias %d' % (e, e)])
    with open(os.path.join(d, 'claims.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f)
        w.writerow(['id', 'from', 'relation', 'to', 'source', 'quote', 'attributed_to', 'credibility', 'status'])
        for i in range(n_rows):
            t = rng.randrange(n_texts)
            words = texts[t][0]
            k = rng.randint(15, 30)
            a = rng.randrange(len(words) - k)
            quote = ' '.join(words[a:a + k])
            s, o = rng.sample(range(n_ent), 2)
            subj = 'e%04d' % s if i % 2 else 'person nUmber %d' % s  # names, case and accents differ
            w.writerow(['c%06d' % i if i % 10 else '', subj, 'associate_of', 'e%04d' % o, 's%03d' % t, quote,
                        'voice %d' % (i % 50), 1 + i % 6, 'reported'])


def timed(cmd):
    best, rss, cpu = None, 0, None
    for _ in range(ARGS.repeat):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True)
        dt = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        c = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        cpu = c if cpu is None else min(cpu, c)
        if p.returncode != 0:
            sys.exit('failed: %s\n%s' % (' '.join(cmd), p.stderr.decode()[:3000]))
        best = dt if best is None else min(best, dt)
        rss = max(rss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return best, rss, cpu


PEER = r'''
import csv, sys, os
d = sys.argv[1]
texts = {}
for r in csv.DictReader(open(os.path.join(d, 'sources.csv'), encoding='utf-8')):
    texts[r['id']] = open(os.path.join(d, 'texts', r['text_file']), encoding='utf-8').read().replace('\n', ' ')
n = 0
for r in csv.DictReader(open(os.path.join(d, 'claims.csv'), encoding='utf-8')):
    t = texts[r['source']]
    i = t.find(r['quote'])
    if i < 0 or t.find(r['quote'], i + 1) >= 0:
        sys.exit('not unique: %s' % r['quote'][:40])
    n += 1
print(n)
'''


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument('binary')
    ap.add_argument('--rows', type=int, default=100000)
    ap.add_argument('--texts', type=int, default=100)
    ap.add_argument('--text-kb', type=int, default=100)
    ap.add_argument('--repeat', type=int, default=3)
    ARGS = ap.parse_args()
    binary = os.path.abspath(ARGS.binary)
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        generate(d, ARGS.rows, ARGS.texts, ARGS.text_kb)
        gen = time.perf_counter() - t0
        size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d) if f.endswith('.csv'))
        out = os.path.join(d, 'out.jsonl')
        ours, rss, ours_cpu = timed([binary, 'import', 'sheets', d, '--texts', os.path.join(d, 'texts'), '-o', out])
        audit = subprocess.run([binary, 'audit', out, '--texts', os.path.join(d, 'texts'), '--allow-unsourced',
                                '--format', 'json', '-o', os.devnull], capture_output=True)
        ok = 'audit passed' if audit.returncode == 0 else 'AUDIT FAILED'
        peer, _, peer_cpu = timed([sys.executable, '-c', PEER, d])
        load = subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()
        print('# %d claim rows (%.1f MB of CSV) over %d texts of %d kB; generated in %.1f s; %s' %
              (ARGS.rows, size / 1e6, ARGS.texts, ARGS.text_kb, gen, ok))
        print('| tool | wall, best of %d (s) | CPU user+sys, best (s) | peak RSS (MB) | wall ratio |' % ARGS.repeat)
        print('|---|---:|---:|---:|---:|')
        print('| claimgraph import sheets (validated, located, audited spans) | %.2f | %.2f | %.0f | 1.00 |' %
              (ours, ours_cpu, rss / 1024))
        print('| Python csv + str.find (exact match only, no validation) | %.2f | %.2f | - | %.2f |' %
              (peer, peer_cpu, peer / ours))
        print('load: %s' % load)
        if ours >= 5.0:
            print('TARGET MISSED: %.2f s >= 5 s' % ours)


if __name__ == '__main__':
    main()
