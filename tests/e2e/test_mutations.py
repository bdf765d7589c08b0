#!/usr/bin/env python3
"""Mutated inputs through the loader and the writers: hundreds of seeded variants of the invalid
and valid cases (byte flips, cuts, duplicated and swapped lines, injected NUL, invalid UTF-8,
odd numbers and types, deep nesting) run through check, edges (JSON), centrality (Markdown) and
dot. Every run must end with status 0 or 1, print no sanitizer report, and, when it succeeds,
produce output that parses.
Usage: test_mutations.py BINARY SOURCE_DIR [VARIANTS]"""
import glob
import json
import os
import random
import subprocess
import sys
import tempfile

BIN, ROOT = sys.argv[1], sys.argv[2]
VARIANTS = int(sys.argv[3]) if len(sys.argv) > 3 else 300
rng = random.Random(20261122)

seeds = [open(p, 'rb').read() for p in sorted(glob.glob(os.path.join(ROOT, 'tests/cases/*/*/input.jsonl')))]
valid = [open(p, 'rb').read() for p in sorted(glob.glob(os.path.join(ROOT, 'tests/cases/valid/*/input.jsonl')))]
valid.append(open(os.path.join(ROOT, 'tests/fuzz/corpus/writers/kosovo-slice'), 'rb').read())
valid.append(open(os.path.join(ROOT, 'datasets/reference/florentine.jsonl'), 'rb').read())
seeds += valid

TOKENS = [b'null', b'true', b'-0', b'1e999', b'-1', b'4294967296', b'18446744073709551617', b'0.5', b'"', b'\\',
          b'{}', b'[]', b'[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[', b'"\\u0000"', b'"\\ud800"', b'\x00', b'\xff\xfe',
          b'\xc3', b'\r', b'\n', b',', b':', b'"type":"claim"', b'"id":"c1"', b'"subject":"x"', b'"evidence":[{}]',
          b'"confidence":2', b'"cites":["s1","s1"]', b'"relation":"associate_of"']


HOSTILE = ['"\\', '<script>x</script>', '=cmd|', '\u202e', '\n\r\t', '&beta;', '\\N', 'x' * 5000, '|', '`',
           '\U0001F600', '\x01\x7f', '']


def mutate_values(data):
    """Keeps the JSON valid: hostile strings in string fields, odd numbers in numeric ones."""
    out = []
    for line in data.split(b'\n'):
        try:
            rec = json.loads(line)
        except ValueError:
            out.append(line)
            continue
        if isinstance(rec, dict):
            for k in ('name', 'title', 'summary', 'notes', 'description', 'attributed_to', 'origin', 'publisher',
                      'author', 'label', 'category', 'url'):
                if k in rec and rng.random() < 0.7:
                    rec[k] = rng.choice(HOSTILE) + rec[k] + rng.choice(HOSTILE)
                    if not rec[k].strip():
                        rec[k] = 'x' + rec[k]
            if rec.get('type') == 'claim' and rng.random() < 0.3:
                rec['confidence'] = rng.choice([0, 1, 0.0, 1.0, 0.999999, 1e-300])
        out.append(json.dumps(rec, ensure_ascii=rng.random() < 0.5).encode())
    return b'\n'.join(out)


def mutate(data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(8)
        if not data:
            data = bytearray(b'{}')
        i = rng.randrange(len(data))
        if op == 0:
            data[i] = rng.randrange(256)
        elif op == 1:
            del data[i:i + rng.randint(1, 40)]
        elif op == 2:
            data[i:i] = rng.choice(TOKENS)
        elif op == 3:
            lines = data.split(b'\n')
            j = rng.randrange(len(lines))
            lines.insert(j, lines[rng.randrange(len(lines))])
            data = bytearray(b'\n'.join(lines))
        elif op == 4:
            lines = data.split(b'\n')
            rng.shuffle(lines)
            data = bytearray(b'\n'.join(lines))
        elif op == 5:
            data = data[:i]
        elif op == 6:
            data[i:i] = data[max(0, i - 30):i]
        else:
            k = data.find(b'"', i)
            if k >= 0:
                data[k:k + 1] = rng.choice([b'"\\"', b'"\xe2\x80\xae', b'"<script>', b'"=cmd|', b'"a\\nb'])
    return bytes(data)


failures = []
ok_runs = 0
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, 'm.jsonl')
    for v in range(VARIANTS):
        data = mutate_values(rng.choice(valid)) if v % 2 else mutate(rng.choice(seeds))
        with open(path, 'wb') as f:
            f.write(data)
        for args in (['check'], ['edges', '--format', 'json'], ['centrality', '--format', 'md'], ['dot']):
            p = subprocess.run([BIN] + args + [path], capture_output=True, timeout=120)
            err = p.stderr.decode('utf-8', 'replace')
            if p.returncode not in (0, 1) or 'Sanitizer' in err or 'runtime error' in err:
                keep = os.path.join(os.environ.get('TMPDIR', '/tmp'), 'claimgraph-mutation-%d.jsonl' % v)
                with open(keep, 'wb') as f:
                    f.write(data)
                failures.append(f'variant {v} ({keep}): {" ".join(args)} exited {p.returncode}: {err[-400:]}')
                continue
            if p.returncode == 0:
                ok_runs += 1
                if args[0] == 'edges':
                    json.loads(p.stdout)
                if args[0] == 'dot':
                    g = subprocess.run(['dot', '-Tsvg'], input=p.stdout, capture_output=True, timeout=120)
                    if g.returncode != 0:
                        failures.append(f'variant {v}: dot rejected our DOT: {g.stderr[:300]!r}')

for f in failures[:20]:
    print('FAIL:', f)
print(f'{VARIANTS} mutated inputs x 4 commands: {ok_runs} runs succeeded, the others failed cleanly; '
      f'{len(failures)} problems')
sys.exit(1 if failures else 0)
