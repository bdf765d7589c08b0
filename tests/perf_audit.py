#!/usr/bin/env python3
"""Performance check for `claimgraph audit` (not part of CTest): builds a dataset with SPANS
evidence spans over a few MB of source text, plus unrelated files in the texts folder, and times
the audit in each format.
Usage: perf_audit.py BINARY [SPANS] (default 100000)"""
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time

BIN = sys.argv[1]
SPANS = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
N_TEXTS = 4
TEXT_BYTES = 1 << 20          # 1 MiB per text
N_NOISE = 16                  # unrelated 1 MiB files in the folder
N_ENTITIES = 2000

rng = random.Random(42)
WORDS = ['report', 'police', 'court', 'network', 'Prishtinë', 'Δelta', 'café', 'trafficking', 'the', 'of',
         'and', 'minister', 'officials', 'said', '“quoted”', 'victims', 'border', 'money']


def make_text(seed):
    r = random.Random(seed)
    out, n = [], 0
    while n < TEXT_BYTES:
        line = ' '.join(r.choice(WORDS) for _ in range(r.randint(6, 16))) + '.\n'
        out.append(line)
        n += len(line.encode())
    return ''.join(out).encode()


def boundaries(b):
    """Byte offsets that start a UTF-8 character."""
    return [i for i in range(0, len(b), 7) if (b[i] & 0xC0) != 0x80]


def main():
    with tempfile.TemporaryDirectory() as d:
        texts_dir = os.path.join(d, 'texts')
        os.makedirs(texts_dir)
        texts = [make_text(i) for i in range(N_TEXTS)]
        for i, t in enumerate(texts):
            with open(os.path.join(texts_dir, f'text{i}.txt'), 'wb') as f:
                f.write(t)
        for i in range(N_NOISE):
            with open(os.path.join(texts_dir, f'noise{i}.bin'), 'wb') as f:
                f.write(os.urandom(1 << 20))
        starts = [boundaries(t) for t in texts]
        data = os.path.join(d, 'data.jsonl')
        with open(data, 'w', encoding='utf-8') as f:
            for i in range(N_ENTITIES):
                f.write(json.dumps({'type': 'entity', 'id': f'e{i}', 'name': f'E{i}', 'kind': 'person'}) + '\n')
            for i, t in enumerate(texts):
                f.write(json.dumps({'type': 'source', 'id': f's{i}', 'title': f'S{i}', 'kind': 'news',
                                    'text_sha256': hashlib.sha256(t).hexdigest()}) + '\n')
            n_claims = SPANS // 2
            for c in range(n_claims):
                si = c % N_TEXTS
                t, b = texts[si], starts[si]
                ev = []
                for _ in range(2):
                    k = rng.randrange(len(b) - 40)
                    s, e = b[k], b[k + rng.randint(5, 30)]
                    ev.append({'start': s, 'end': e, 'sha256': hashlib.sha256(t[s:e]).hexdigest()})
                a, o = rng.sample(range(N_ENTITIES), 2)
                f.write(json.dumps({'type': 'claim', 'id': f'c{c}', 'subject': f'e{a}', 'relation': 'associate_of',
                                    'object': f'e{o}', 'source': f's{si}', 'evidence': ev}) + '\n')
        total = sum(os.path.getsize(os.path.join(texts_dir, n)) for n in os.listdir(texts_dir))
        print(f'{SPANS} spans in {n_claims} claims; texts folder {total / 1e6:.1f} MB '
              f'({N_TEXTS} texts of {TEXT_BYTES / 1e6:.1f} MB + {N_NOISE} unrelated files)')
        for fmt in ('json', 'md', 'html'):
            out = os.path.join(d, 'report.' + fmt)
            t0 = time.monotonic()
            p = subprocess.run([BIN, 'audit', data, '--texts', texts_dir, '--format', fmt, '-o', out],
                               capture_output=True)
            dt = time.monotonic() - t0
            print(f'  --format {fmt}: {dt:.2f} s, exit {p.returncode}, report {os.path.getsize(out) / 1e6:.1f} MB; '
                  + p.stderr.decode().strip().splitlines()[-1])
            if fmt == 'json':
                s = json.load(open(out))['summary']
                assert s['spans_verified'] == SPANS and s['errors'] == 0, s


if __name__ == '__main__':
    main()
