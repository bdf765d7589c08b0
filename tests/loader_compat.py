#!/usr/bin/python3
"""Old loader against new: the same inputs through two claimgraph binaries, compared byte for byte
(standard output, standard error, exit status).

Usage: loader_compat.py OLD_BINARY NEW_BINARY [--mutations N] [--root DIR]

Inputs: every invalid case (`tests/cases/invalid/*`, with its `args`), every file of the fuzz
corpus (`tests/fuzz/corpus/*/*`), the valid cases, the reference datasets and the Kosovo dataset,
and N seeded mutations of them (default 1000: byte flips, cuts, duplicated and shuffled lines,
injected tokens such as \\u0000, NUL, lone surrogates, big numbers, duplicate keys, deep nesting,
and hostile but valid values). Every input runs through `check` with 1 and 2 threads, and also
through `--max-line-bytes 64` (the line limit; the nesting limit, 32, is reached by mutations). Inputs that load also run through
`stats --format json`, `edges --format json` and `centrality --format csv`.

Build the old binary from the commit before the change, e.g.
    git worktree add /tmp/old main && cmake -S /tmp/old -B /tmp/build-old && cmake --build /tmp/build-old
Exit status 0 when every run is identical."""
import glob
import json
import os
import random
import subprocess
import sys
import tempfile


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    old, new = os.path.abspath(args[0]), os.path.abspath(args[1])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    nmut = 1000
    rest = args[2:]
    while rest:
        if rest[0] == '--mutations':
            nmut = int(rest[1])
            rest = rest[2:]
        elif rest[0] == '--root':
            root = rest[1]
            rest = rest[2:]
        else:
            sys.exit('unknown option ' + rest[0])

    inputs = []  # (label, bytes or path, extra args)
    for case in sorted(glob.glob(os.path.join(root, 'tests/cases/invalid/*'))):
        extra = []
        if os.path.exists(os.path.join(case, 'args')):
            extra = open(os.path.join(case, 'args'), encoding='utf-8').read().split()
        src = os.path.join(case, 'input.jsonl')
        if not os.path.exists(src):
            src = os.path.join(case, 'input')
        inputs.append(('invalid/' + os.path.basename(case), src, extra))
    for f in sorted(glob.glob(os.path.join(root, 'tests/fuzz/corpus/*/*'))):
        inputs.append(('corpus/' + os.path.relpath(f, os.path.join(root, 'tests/fuzz/corpus')), f, []))
    valid = sorted(glob.glob(os.path.join(root, 'tests/cases/valid/*/input.jsonl')))
    valid += sorted(glob.glob(os.path.join(root, 'datasets/reference/*.jsonl')))
    for f in valid:
        inputs.append(('valid/' + os.path.relpath(f, root), f, []))
    inputs.append(('datasets/kosovo', os.path.join(root, 'datasets/kosovo'), []))

    rng = random.Random(16)
    seeds = [open(p, 'rb').read() for _, p, _ in inputs if os.path.isfile(p)]
    valid_bytes = [open(p, 'rb').read() for p in valid]
    tokens = [b'null', b'true', b'-0', b'1e999', b'1e-400', b'-1', b'4294967296', b'9223372036854775808',
              b'18446744073709551617', b'0.5', b'2.0', b'1E0', b'"', b'\\', b'{}', b'[]', b'[' * 40,
              b'"\\u0000"', b'\\u0000', b'"\\ud800"', b'"\\udc00"', b'"\\ud83d\\ude00"', b'\x00', b'\xff\xfe',
              b'\xc3', b'\xed\xa0\x80', b'\r', b'\n', b',', b':', b'\t', b' ', b'"type":"claim"', b'"id":"c1"',
              b'"subject":"x"', b'"evidence":[{}]', b'"confidence":2', b'"confidence":1',
              b'"cites":["s1","s1"]', b'"relation":"associate_of"', b'"id":"a","id":"a"', b'"type":"entity"',
              b'"external_ids":{"a":"1","a":"2"}', b'"external_ids":{"":"x"}', b'"url":"ftp://x"',
              b'"caveat":"' + b'x' * 501 + b'"', b'"valid_from":"2020","valid_to":"2019"', b'\xef\xbb\xbf']
    hostile = ['"\\', '<script>', '\u202e', '\n\r\t', '\\N', 'x' * 3000, '\U0001F600', '\x01\x7f', ' ', '\u0000']

    def mutate(data):
        data = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            if not data:
                data = bytearray(b'{}')
            i = rng.randrange(len(data))
            op = rng.randrange(8)
            if op == 0:
                data[i] = rng.randrange(256)
            elif op == 1:
                del data[i:i + rng.randint(1, 40)]
            elif op in (2, 3):
                data[i:i] = rng.choice(tokens)
            elif op == 4:
                lines = data.split(b'\n')
                lines.insert(rng.randrange(len(lines)), lines[rng.randrange(len(lines))])
                data = bytearray(b'\n'.join(lines))
            elif op == 5:
                lines = data.split(b'\n')
                rng.shuffle(lines)
                data = bytearray(b'\n'.join(lines))
            elif op == 6:
                data = data[:i]
            else:
                k = data.find(b'"', i)
                if k >= 0:
                    data[k + 1:k + 1] = rng.choice(tokens)
        return bytes(data)

    def mutate_values(data):
        out = []
        for line in data.split(b'\n'):
            try:
                rec = json.loads(line)
            except ValueError:
                out.append(line)
                continue
            if isinstance(rec, dict):
                for k in list(rec):
                    if isinstance(rec[k], str) and rng.random() < 0.3:
                        rec[k] = rng.choice(hostile) + rec[k] + rng.choice(hostile)
                    elif isinstance(rec[k], (int, float)) and not isinstance(rec[k], bool) and rng.random() < 0.3:
                        rec[k] = rng.choice([0, 1, -1, 0.0, 1.0, 6, 7, 2 ** 63, 1e-300, 3.5])
                if rng.random() < 0.2:
                    rec = dict(reversed(list(rec.items())))
            out.append(json.dumps(rec, ensure_ascii=rng.random() < 0.5).encode())
        return b'\n'.join(out)

    runs = same = 0
    diffs = []
    with tempfile.TemporaryDirectory() as tmp:
        def run_both(label, path, argv):
            nonlocal runs, same
            res = []
            for b in (old, new):
                p = subprocess.run([b] + argv + [os.path.basename(path) if os.path.isfile(path) else path],
                                   cwd=os.path.dirname(path) if os.path.isfile(path) else None,
                                   capture_output=True, timeout=300)
                res.append((p.returncode, p.stdout, p.stderr))
            runs += 1
            if res[0] == res[1]:
                same += 1
            else:
                diffs.append((label, argv, res))
            return res[1][0]

        def check_input(label, path, extra):
            rc = 0
            for t in ('1', '2'):
                rc = run_both(label, path, ['check', '--threads', t] + extra)
            run_both(label, path, ['check', '--max-line-bytes', '64'] + extra)
            if rc == 0:
                for argv in (['stats', '--format', 'json'], ['edges', '--format', 'json'],
                             ['centrality', '--format', 'csv']):
                    run_both(label, path, argv)

        for label, path, extra in inputs:
            check_input(label, path, extra)
        for v in range(nmut):
            data = mutate_values(rng.choice(valid_bytes)) if v % 3 == 2 else mutate(rng.choice(seeds))
            path = os.path.join(tmp, 'm%d.jsonl' % v)
            with open(path, 'wb') as f:
                f.write(data)
            check_input('mutation %d' % v, path, [])
            os.unlink(path) if not any(d[0] == 'mutation %d' % v for d in diffs) else None

        for label, argv, res in diffs[:10]:
            print('DIFFERENT: %s: %s' % (label, ' '.join(argv)))
            for name, (rc, out, err) in zip(('old', 'new'), res):
                print('  %s: exit %d\n  stdout %r\n  stderr %r' % (name, rc, out[:300], err[:600]))
    n_inputs = len(inputs) + nmut
    print('%d inputs (%d invalid cases, %d corpus files, %d valid datasets, %d mutations): %d runs, %d identical, '
          '%d different' % (n_inputs, sum(1 for l, _, _ in inputs if l.startswith('invalid/')),
                            sum(1 for l, _, _ in inputs if l.startswith('corpus/')),
                            sum(1 for l, _, _ in inputs if l.startswith(('valid/', 'datasets/'))), nmut, runs, same,
                            runs - same))
    sys.exit(1 if diffs else 0)


if __name__ == '__main__':
    main()
