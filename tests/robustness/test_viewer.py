#!/usr/bin/python3
"""`render --format html --robustness`: every entity's panel data equals `claimgraph robustness`
(the same defaults, every entity tracked), and in Chromium (playwright-core) the panel of Hashim
Thaci shows his rank interval and critical source. The Chromium part skips (with a message) when
node, Chromium or tests/node_modules is missing; CI installs them.
Usage: test_viewer.py BINARY SOURCE_DIR"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

BIN, ROOT = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
KOSOVO = os.path.join(ROOT, 'datasets', 'kosovo')
PW = os.path.abspath(os.path.join(ROOT, 'tests', 'node_modules', 'playwright-core'))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, 'k.html')
        subprocess.run([BIN, 'render', '--format', 'html', '--robustness', '-o', page, KOSOVO], check=True)
        text = open(page, encoding='utf-8').read()
        data = json.loads(text.split('<script type="application/json" id="cg-data">')[1].split('</script>')[0])
        n = sum(1 for l in open(os.path.join(KOSOVO, 'entities.jsonl')) if l.strip())
        rob = json.loads(subprocess.run([BIN, 'robustness', '--format', 'json', '--track', str(n), KOSOVO],
                                        check=True, capture_output=True).stdout)
        ref = {e['id']: e for e in rob['entities']}
        checked = 0
        for ent in data['entities'].values():
            r, e = ent['robustness'], ref[ent['id']]
            assert r is not None, ent['id']
            for k in ('published_rank', 'median_rank', 'rank_lo', 'rank_hi'):
                assert float(r[k]) == float(e[k]), (ent['id'], k, r[k], e[k])
            assert abs(r['p_top_k'] - e['p_top_k']) < 5e-4, (ent['id'], r['p_top_k'], e['p_top_k'])
            assert r['critical_source'] == e['critical_unit'], (ent['id'], r['critical_source'], e['critical_unit'])
            checked += 1
        print('%d entities: the page agrees with claimgraph robustness' % checked)
        missing = [w for w, ok in (('node', shutil.which('node')), ('/usr/bin/chromium', os.path.exists('/usr/bin/chromium')),
                                   ('tests/node_modules/playwright-core', os.path.isdir(PW))) if not ok]
        if missing:
            print('SKIP the Chromium part: missing ' + ', '.join(missing))
            return 0
        p = subprocess.run(['node', os.path.join(HERE, 'viewer_robustness.mjs'), PW, page], capture_output=True,
                           text=True, timeout=240)
        print((p.stdout + p.stderr).strip()[-2000:])
        return p.returncode


if __name__ == '__main__':
    sys.exit(main())
