#!/usr/bin/env python3
"""The vendored front-end files in src/assets/vendor/ are byte-identical to the ones of the
package version pinned in tests/package.json (and its lock file), as installed by `npm ci` under
tests/node_modules. Exit 77 (skipped) when tests/node_modules is not installed.
Usage: vendored_assets.py SOURCE_DIR"""
import json
import os
import sys

root = sys.argv[1]
tests = os.path.join(root, 'tests')
# (package, file in the package, file in src/assets/vendor)
FILES = [('@panzoom/panzoom', 'dist/panzoom.min.js', 'panzoom.min.js'),
         ('@panzoom/panzoom', 'MIT-License.txt', 'panzoom.LICENSE.txt')]

pinned = json.load(open(os.path.join(tests, 'package.json'), encoding='utf-8'))['dependencies']
lock = json.load(open(os.path.join(tests, 'package-lock.json'), encoding='utf-8'))['packages']
failures = []
for pkg, _, _ in FILES:
    want = pinned.get(pkg)
    if not want or not want[0].isdigit():
        failures.append(f'{pkg} is not pinned to an exact version in tests/package.json ({want!r})')
    elif lock.get('node_modules/' + pkg, {}).get('version') != want:
        failures.append(f'{pkg}: tests/package-lock.json does not lock version {want}')
notice = open(os.path.join(root, 'NOTICE'), encoding='utf-8').read()
for pkg in sorted({f[0] for f in FILES}):
    if f'{pkg} {pinned.get(pkg)}' not in notice:
        failures.append(f'NOTICE does not credit {pkg} {pinned.get(pkg)}')

modules = os.path.join(tests, 'node_modules')
if not os.path.isdir(modules):
    for f in failures:
        print('FAIL: ' + f)
    if failures:
        sys.exit(1)
    print('skipped: tests/node_modules is not installed (run .ci/deps, which runs npm ci in tests/)')
    sys.exit(77)
for pkg, inner, vendored in FILES:
    meta = os.path.join(modules, pkg, 'package.json')
    if not os.path.exists(meta):
        failures.append(f'{pkg} is not installed under tests/node_modules (run npm ci in tests/)')
        continue
    got = json.load(open(meta, encoding='utf-8'))['version']
    if got != pinned.get(pkg):
        failures.append(f'{pkg}: tests/node_modules has {got}, tests/package.json pins {pinned.get(pkg)} (run npm ci)')
        continue
    a = open(os.path.join(modules, pkg, inner), 'rb').read()
    b = open(os.path.join(root, 'src', 'assets', 'vendor', vendored), 'rb').read()
    if a != b:
        failures.append(f'src/assets/vendor/{vendored} differs from {pkg}@{got}/{inner} '
                        f'({len(b)} and {len(a)} bytes): copy the file from tests/node_modules')
    else:
        print(f'ok: src/assets/vendor/{vendored} == {pkg}@{got}/{inner} ({len(a)} bytes)')
for f in failures:
    print('FAIL: ' + f)
sys.exit(1 if failures else 0)
