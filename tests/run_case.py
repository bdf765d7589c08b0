#!/usr/bin/env python3
"""Runs one data case directory against the claimgraph binary.

invalid/<name>/: `input.jsonl` (or `input/`), `expected_error` (lines that must each appear
    verbatim in stderr), optional `args` (extra options for `check`). The command must exit 1
    and every error line must name the input file and a line number.
valid/<name>/: `input.jsonl` (or `input/`); `check` must exit 0. Each `NAME.cmd` holds one
    command line (shell-quoted, without the program name, run in the case directory); its
    standard output must equal `NAME.out`, its exit status `NAME.rc` (default 0), and each
    line of `NAME.err`, if present, must appear in stderr.
"""
import os
import shlex
import subprocess
import sys

binary, case = sys.argv[1], sys.argv[2]
kind = os.path.basename(os.path.dirname(case))
inp = 'input.jsonl' if os.path.exists(os.path.join(case, 'input.jsonl')) else 'input'
failures = []


def run(args):
    return subprocess.run([binary] + args, cwd=case, capture_output=True, timeout=50)


if kind == 'invalid':
    extra = []
    if os.path.exists(os.path.join(case, 'args')):
        extra = shlex.split(open(os.path.join(case, 'args'), encoding='utf-8').read())
    p = run(['check'] + extra + [inp])
    err = p.stderr.decode('utf-8', 'replace')
    if p.returncode != 1:
        failures.append(f'exit status {p.returncode}, expected 1')
    if p.stdout:
        failures.append(f'unexpected stdout: {p.stdout[:200]!r}')
    want = [l for l in open(os.path.join(case, 'expected_error'), encoding='utf-8').read().splitlines() if l.strip()]
    if not want:
        failures.append('expected_error is empty')
    lines = err.splitlines()
    for w in want:
        if w not in lines:
            failures.append(f'missing error line: {w}')
    for l in lines:
        if ': error: ' in l and not l.startswith(inp + ':') and not l.startswith('claimgraph'):
            failures.append(f'error line does not name the input file: {l}')
    if failures:
        sys.stderr.write('stderr was:\n' + err)
else:
    p = run(['check', inp])
    if p.returncode != 0:
        failures.append(f'check exited {p.returncode}: {p.stderr.decode()[:2000]}')
    for f in sorted(os.listdir(case)):
        if not f.endswith('.cmd'):
            continue
        name = f[:-4]
        args = shlex.split(open(os.path.join(case, f), encoding='utf-8').read())
        p = run(args)
        rc_file = os.path.join(case, name + '.rc')
        want_rc = int(open(rc_file).read()) if os.path.exists(rc_file) else 0
        if p.returncode != want_rc:
            failures.append(f'{f}: exit status {p.returncode}, expected {want_rc}; stderr: {p.stderr.decode()[:2000]}')
        out_file = os.path.join(case, name + '.out')
        if os.path.exists(out_file):
            want = open(out_file, 'rb').read()
            if p.stdout != want:
                got_path = os.path.join(os.environ.get('TMPDIR', '/tmp'), f'claimgraph-case-{os.path.basename(case)}-{name}.out')
                open(got_path, 'wb').write(p.stdout)
                failures.append(f'{f}: output differs from {name}.out (got: {got_path}; diff -u {out_file} {got_path})')
        err_file = os.path.join(case, name + '.err')
        if os.path.exists(err_file):
            lines = p.stderr.decode('utf-8', 'replace').splitlines()
            for w in open(err_file, encoding='utf-8').read().splitlines():
                if w.strip() and w not in lines:
                    failures.append(f'{f}: missing stderr line: {w}')

for f in failures:
    print('FAIL:', f)
print(f'{os.path.basename(case)}: {"FAILED" if failures else "ok"}')
sys.exit(1 if failures else 0)
