#!/usr/bin/env python3
"""The HTML viewer as readers use it, in Debian's Chromium driven by playwright-core
(tests/e2e/viewer.mjs), at 1920x1080 and 390x844. This script renders the pages (the Kosovo
dataset, a small dataset with validity and publication dates, hostile names), asks `claimgraph
edges` which edges (and confidences) each filter leaves, hands both to the browser script, then
checks that printing gives one page. Screenshots of every check are kept in ARTIFACTS.
Skips (exit 77) with a message when node, tests/node_modules/playwright-core or chromium is
missing; CI installs them (.ci/deps).
Usage: test_viewer.py BINARY SOURCE_DIR ARTIFACTS [CHROMIUM]"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

BIN, ROOT, ART = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
CHROMIUM = sys.argv[4] if len(sys.argv) > 4 else (shutil.which('chromium') or '/usr/bin/chromium')
NODE = shutil.which('node')
KOSOVO = os.path.join(ROOT, 'datasets', 'kosovo')
DATED = os.path.join(ROOT, 'tests', 'cases', 'valid', 'as_of', 'input.jsonl')


def skip(why):
    print('skipped: ' + why)
    sys.exit(77)


if not NODE or not os.path.isdir(os.path.join(ROOT, 'tests', 'node_modules', 'playwright-core')):
    skip('node or tests/node_modules/playwright-core missing (run .ci/deps, which runs npm ci in tests/)')
if not os.path.exists(CHROMIUM):
    skip('chromium missing (run .ci/deps)')


def run(args):
    p = subprocess.run([BIN] + args, capture_output=True, timeout=300)
    if p.returncode != 0:
        sys.exit(f'claimgraph {" ".join(args)} failed: {p.stderr.decode()}')
    return p.stdout.decode()


def enc(i):
    return i.replace('_', '__').replace('.', '_d').replace(':', '_c')


def edges(data, *filters):
    """{page edge id: confidence} of the supported edges `claimgraph edges` lists with the filters."""
    out = {}
    for e in json.loads(run(['edges', '--format', 'json'] + list(filters) + [data])):
        if not e['refute_only']:
            out[f"e-{enc(e['subject'])}_x{enc(e['relation'])}_x{enc(e['object'])}"] = e['confidence']
    return out


os.makedirs(ART, exist_ok=True)
for f in os.listdir(ART):
    if f.endswith('.png') or f.endswith('.pdf'):
        os.remove(os.path.join(ART, f))
with tempfile.TemporaryDirectory() as tmp:
    pages = {n: os.path.join(tmp, n + '.html') for n in ('kosovo', 'dated', 'hostile', 'plain')}
    # no dates, no legend: no time bar, no legend box
    plain = os.path.join(tmp, 'plain.jsonl')
    with open(plain, 'w', encoding='utf-8') as f:
        f.write('{"type":"source","id":"s","title":"S","kind":"news"}\n')
        for e in ('a', 'b', 'c'):
            f.write(json.dumps({"type": "entity", "id": e, "name": "Entity " + e.upper(), "kind": "person"}) + '\n')
        for i, (x, y) in enumerate((('a', 'b'), ('b', 'c'))):
            f.write(json.dumps({"type": "claim", "id": "p%d" % i, "subject": x, "relation": "funds", "object": y,
                                "source": "s"}) + '\n')
    run(['render', '--format', 'html', '--no-legend', '-o', pages['plain'], plain])
    # the Kosovo page exactly as viz/regenerate.sh makes it
    run(['render', '--format', 'html', '--engine', 'sfdp', '--size-by', 'pagerank', '--title',
         'Kosovo: trafficking and corruption claims (click an edge for its evidence)', '-o', pages['kosovo'], KOSOVO])
    run(['render', '--format', 'html', '--title', 'Dated claims', '-o', pages['dated'], DATED])
    hostile = os.path.join(tmp, 'hostile.jsonl')
    evil = ['<img src=x onerror="document.title=\'pwned\'">', '</script><script>document.title="pwned"</script>',
            '"><svg onload="document.title=\'pwned\'">', '\u2028</script>x']
    with open(hostile, 'w', encoding='utf-8') as f:
        f.write(json.dumps({"type": "source", "id": "s", "title": "<script>document.title='pwned'</script>",
                            "kind": "news", "url": "javascript:document.title='pwned'", "published": "2011"}) + '\n')
        for i, n in enumerate(evil):
            f.write(json.dumps({"type": "entity", "id": "x%d" % i, "name": n, "kind": "person", "aliases": [n],
                                "description": n}) + '\n')
        for i in range(len(evil)):
            f.write(json.dumps({"type": "claim", "id": "c%d" % i, "subject": "x%d" % i, "relation": "associate_of",
                                "object": "x%d" % ((i + 1) % len(evil)), "source": "s", "summary": evil[i],
                                "attributed_to": evil[i], "origin": evil[i], "caveat": evil[i],
                                "valid_from": "2010"}) + '\n')
    run(['render', '--format', 'html', '--title', '<b>title</b>', '-o', pages['hostile'], hostile])

    page = open(pages['kosovo'], encoding='utf-8').read()
    vendored = open(os.path.join(ROOT, 'src', 'assets', 'vendor', 'panzoom.min.js'), encoding='utf-8').read()
    if vendored not in page or 'Permission is hereby granted' not in page:
        sys.exit('FAIL: the page does not embed the vendored pan and zoom library with its licence')
    print('ok: the page embeds src/assets/vendor/panzoom.min.js unmodified, with its licence')

    ko_all = edges(KOSOVO)
    edge = 'e-hashim__thaci_xleads_xpdk'
    spec = {
        'artifacts': ART,
        'pdf': os.path.join(ART, 'print.pdf'),
        'pages': pages,
        'expect': {
            'kosovo': {
                'drawn': len(ko_all),
                'minconf': edges(KOSOVO, '--min-confidence', '0.6'),
                'minconf_gp': edges(KOSOVO, '--min-confidence', '0.6', '--source', 'gp'),
                'asof': {d: edges(KOSOVO, '--as-of', d) for d in ('2008-01-01', '2013-06-15')},
                'deep_date': '2013-06-15',
                'deep': edges(KOSOVO, '--min-confidence', '0.6', '--as-of', '2013-06-15'),
                'edge': edge,
                'edge_title': 'Hashim Tha\u00e7i \u2192 leads \u2192 Democratic Party of Kosovo',
            },
            'dated': {
                'asof': {d: edges(DATED, '--as-of', d)
                         for d in ('2011', '2008-01-01', '2010-06-01', '2011-05-16', '2011-05-17', '2014-01-01')},
            },
        },
    }
    # the filters must really hide something, or the comparisons prove little
    assert 0 < len(spec['expect']['kosovo']['minconf']) < len(ko_all)
    assert len(spec['expect']['kosovo']['asof']['2008-01-01']) < len(ko_all)
    assert len({json.dumps(sorted(v)) for v in spec['expect']['dated']['asof'].values()}) >= 4
    specfile = os.path.join(tmp, 'spec.json')
    with open(specfile, 'w', encoding='utf-8') as f:
        json.dump(spec, f)
    p = subprocess.run([NODE, os.path.join(ROOT, 'tests', 'e2e', 'viewer.mjs'), specfile, CHROMIUM],
                       cwd=os.path.join(ROOT, 'tests'), timeout=600)
    status = p.returncode

    # printing: one page, diagram and legend
    pdf = spec['pdf']
    if not os.path.exists(pdf):
        print('FAIL: no PDF was printed')
        status = 1
    elif shutil.which('pdfinfo'):
        info = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout
        pages_n = [l.split()[-1] for l in info.splitlines() if l.startswith('Pages:')]
        if pages_n != ['1']:
            print(f'FAIL: printing gives {pages_n} pages, not 1')
            status = 1
        else:
            print('ok: printing gives one page')
        if shutil.which('pdftoppm'):
            subprocess.run(['pdftoppm', '-png', '-r', '60', '-f', '1', '-l', '1', pdf, os.path.join(ART, 'print')])
        text = subprocess.run(['pdftotext', pdf, '-'], capture_output=True, text=True).stdout
        if 'Legend' not in text or 'two or more independent origins' not in text:
            print('FAIL: the printed page has no legend')
            status = 1
        else:
            print('ok: the printed page has the legend')
    else:
        print('FAIL: pdfinfo (poppler-utils) missing, cannot count the printed pages')
        status = 1
print(f'screenshots in {ART}')
sys.exit(status)
