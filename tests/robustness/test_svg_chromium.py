#!/usr/bin/python3
"""The rank-interval SVG of `claimgraph robustness` in Debian's headless Chromium (playwright-core
from tests/node_modules, svg_chromium.mjs): the Kosovo plot and a plot of hostile names. Skips
(exit 77) with a message when node, Chromium or playwright-core is missing; CI installs them.
Usage: test_svg_chromium.py BINARY SOURCE_DIR [OUT_DIR] (the screenshots; without it, they are
not kept; CTest keeps them in build/artifacts/robustness/)"""
import os
import shutil
import subprocess
import sys
import tempfile

BIN, ROOT = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from test_cli import HOSTILE, hostile_dataset  # noqa: E402

PW = os.path.abspath(os.path.join(ROOT, 'tests', 'node_modules', 'playwright-core'))


def main():
    node = shutil.which('node')
    missing = [what for what, ok in (('node', node), ('/usr/bin/chromium', os.path.exists('/usr/bin/chromium')),
                                     ('tests/node_modules/playwright-core (npm ci in tests/)', os.path.isdir(PW)))
               if not ok]
    if missing:
        print('SKIP: missing ' + ', '.join(missing))
        return 77
    out = sys.argv[3] if len(sys.argv) > 3 else None
    if out:
        os.makedirs(out, exist_ok=True)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        out = out or tmp
        hostile = os.path.join(tmp, 'h.jsonl')
        hostile_dataset(hostile)
        cases = [('kosovo', [os.path.join(ROOT, 'datasets', 'kosovo'), '--samples', '2000'], 20, []),
                 ('hostile', [hostile, '--samples', '300', '--top', '6'], 11, HOSTILE)]
        for name, args, rows, names in cases:
            svg = os.path.join(tmp, name + '.svg')
            p = subprocess.run([BIN, 'robustness', '--format', 'svg', '-o', svg] + args, capture_output=True)
            if p.returncode != 0:
                print('FAIL %s: claimgraph exit %d %s' % (name, p.returncode, p.stderr.decode()[:300]))
                failed += 1
                continue
            q = subprocess.run([node, os.path.join(HERE, 'svg_chromium.mjs'), PW, svg, str(rows),
                                os.path.join(out, name + '.png')] + names, capture_output=True, text=True,
                               timeout=240)
            print(name + ': ' + (q.stdout + q.stderr).strip()[-1500:])
            failed += q.returncode != 0
    print('%d passed, %d failed' % (2 - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
