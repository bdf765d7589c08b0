#!/usr/bin/env python3
"""`import sheets`, `export sheets`, templates and `reanchor`, end to end.

- tests/sheets/good (BOM, semicolons, multi-line cells, names for ids, accents, curly quotes,
  quotes across line breaks) imports to a dataset that passes `check` and `audit`;
- tests/sheets/bad prints every error of expected_errors (file, row, column) and writes nothing;
- export then import gives identical records: the Kosovo dataset (texts from SEEDS_DIR; skipped
  when it is absent), and a dataset of hostile strings (also read back by Python's csv module and
  by csv-parse when node is installed);
- reanchor after inserting a paragraph, changing whitespace and changing one word.
Usage: test_sheets.py BINARY SOURCE_DIR [SEEDS_DIR]"""
import csv
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SEEDS = sys.argv[3] if len(sys.argv) > 3 else os.path.join(ROOT, '..', 'shared', 'seeds')
SHEETS = os.path.join(ROOT, 'tests', 'sheets')


def run(args, **kw):
    return subprocess.run([BIN] + args, capture_output=True, timeout=kw.pop('timeout', 120), **kw)


def records(paths):
    """Records keyed by (type, id), key order normalised by the dict comparison."""
    out = {}
    for p in paths:
        with open(p, encoding='utf-8') as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    k = (r['type'], r['id'])
                    assert k not in out, k
                    out[k] = r
    return out


def span_of(text, passage):
    b = text.encode('utf-8')
    s = b.index(passage.encode('utf-8'))
    e = s + len(passage.encode('utf-8'))
    return {'start': s, 'end': e, 'sha256': hashlib.sha256(b[s:e]).hexdigest()}


class Good(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_imports_checks_and_audits(self):
        out = os.path.join(self.d, 'out.jsonl')
        texts = os.path.join(SHEETS, 'good', 'texts')
        p = run(['import', 'sheets', os.path.join(SHEETS, 'good'), '--texts', texts, '-o', out])
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        p = run(['check', out])
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertIn(b'2 sources, 6 entities, 5 claims', p.stdout)
        p = run(['audit', out, '--texts', texts, '--format', 'json'])
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        rep = json.loads(p.stdout)
        self.assertEqual(rep['summary']['spans_verified'], 7)
        self.assertEqual(rep['summary']['errors'], 0)
        quotes = {c['id']: [s['quote'] for s in c['spans']] for c in rep['claims']}
        recs = records([out])
        c = {k[1]: v for k, v in recs.items() if k[0] == 'claim'}
        # names, case and accents resolved to ids
        self.assertEqual((c['c1']['subject'], c['c1']['object']), ('voss', 'marlin'))
        self.assertEqual((c['c4']['subject'], c['c4']['object']), ('nunez', 'example_ana'))
        self.assertEqual((c['c5']['subject'], c['c5']['object']), ('nunez', 'example_ana'))
        # the quote typed across a line break is the passage as the text has it
        self.assertEqual(quotes['c1'], ['awarded the dredging contract to Marlin Works\nwithout a tender, three officials said'])
        # straight quotes typed, curly ones in the text; a continuation row; [...] passages
        self.assertEqual(quotes['c3'], ['the award followed \u201call the usual rules\u201d',
                                        'denied any\nconflict of interest'])
        self.assertEqual(quotes['c5'], ['he \u2018did not believe a word of it\u2019', '\u201ca clerical error\u201d'])
        # multi-line cells and semicolons inside quoted cells are kept
        self.assertEqual(recs[('entity', 'marlin')]['description'], 'Dredging company;\nregistered in 2019')
        self.assertEqual(recs[('source', 'gazette')]['notes'], 'Reliability B: named reporter;\r\nmethod explained')
        # the derived id: SOURCE-12 hex, stable when rows move
        derived = [k for k in c if k.startswith('gazette-')]
        self.assertEqual(len(derived), 1)
        self.assertRegex(derived[0], r'^gazette-[0-9a-f]{12}$')
        moved = os.path.join(self.d, 'moved')
        shutil.copytree(os.path.join(SHEETS, 'good'), moved)
        with open(os.path.join(moved, 'claims.csv'), encoding='utf-8', newline='') as f:
            rows = list(csv.reader(f))
        with open(os.path.join(moved, 'claims.csv'), 'w', encoding='utf-8', newline='') as f:
            csv.writer(f).writerows([rows[0]] + rows[1:][::-1])
        out2 = os.path.join(self.d, 'out2.jsonl')
        p = run(['import', 'sheets', moved, '--texts', texts, '-o', out2])
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertEqual(records([out2]), recs)

    def test_out_dir_and_one_sheet_with_type(self):
        texts = os.path.join(SHEETS, 'good', 'texts')
        od = os.path.join(self.d, 'data')
        p = run(['import', 'sheets', os.path.join(SHEETS, 'good'), '--texts', texts, '--out-dir', od])
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertEqual(sorted(os.listdir(od)), ['claims.jsonl', 'entities.jsonl', 'relations.jsonl', 'sources.jsonl'])
        # the same records from one sheet with a `type` column
        one = os.path.join(self.d, 'all.csv')
        with open(one, 'w', encoding='utf-8', newline='') as f:
            w = csv.writer(f)
            w.writerow(['type', 'id', 'title', 'kind', 'text_file', 'name', 'subject', 'relation', 'object', 'source', 'quote'])
            w.writerow(['source', 'g', 'Gazette', 'news', 'harbour.txt', '', '', '', '', '', ''])
            w.writerow(['entity', 'v', '', 'person', '', 'Lena Voss', '', '', '', '', ''])
            w.writerow(['entity', 'm', '', 'company', '', 'Marlin Works', '', '', '', '', ''])
            w.writerow(['claim', 'k1', '', '', '', '', 'Lena Voss', 'involved_in', 'm', 'g', 'awarded the dredging contract'])
        out = os.path.join(self.d, 'one.jsonl')
        p = run(['import', 'sheets', one, '--texts', texts, '-o', out])
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertEqual(run(['audit', out, '--texts', texts]).returncode, 0)
        # a cell that does not belong to the row's type is an error with its column
        with open(one, 'a', encoding='utf-8', newline='') as f:
            csv.writer(f).writerow(['entity', 'x', 'A title', 'person', '', 'X', '', '', '', '', ''])
        p = run(['import', 'sheets', one, '--texts', texts, '-o', out])
        self.assertEqual(p.returncode, 1)
        self.assertIn(one + ':6:title: error: an entity has no \'title\'', p.stderr.decode())

    def test_template(self):
        t = os.path.join(self.d, 'tmpl')
        p = run(['import', 'sheets', '--template', t])
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        for name in ('sources.csv', 'entities.csv', 'relations.csv', 'claims.csv'):
            with open(os.path.join(t, name), encoding='utf-8', newline='') as f:
                rows = list(csv.reader(f))
            self.assertGreaterEqual(len(rows), 2, name)
            for r in rows:
                self.assertEqual(len(r), len(rows[0]), name)
        out = os.path.join(self.d, 't.jsonl')
        p = run(['import', 'sheets', t, '--texts', os.path.join(t, 'texts'), '-o', out])
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertEqual(run(['audit', out, '--texts', os.path.join(t, 'texts')]).returncode, 0)


class Bad(unittest.TestCase):
    def test_every_error_and_nothing_written(self):
        with tempfile.TemporaryDirectory() as d:
            shutil.copytree(os.path.join(SHEETS, 'bad'), os.path.join(d, 'bad'))
            out = os.path.join(d, 'out.jsonl')
            with open(out, 'w') as f:
                f.write('old content\n')
            p = run(['import', 'sheets', 'bad', '--texts', 'bad/texts', '-o', out], cwd=d)
            self.assertEqual(p.returncode, 1)
            got = sorted(l for l in p.stderr.decode().splitlines() if ': error: ' in l)
            with open(os.path.join(SHEETS, 'bad', 'expected_errors'), encoding='utf-8') as f:
                want = sorted(l for l in f.read().splitlines() if l)
            self.assertEqual(got, want)
            with open(out) as f:
                self.assertEqual(f.read(), 'old content\n')  # the old file is untouched
            od = os.path.join(d, 'outdir')
            p = run(['import', 'sheets', 'bad', '--texts', 'bad/texts', '--out-dir', od], cwd=d)
            self.assertEqual(p.returncode, 1)
            self.assertFalse(os.path.exists(od))
            self.assertEqual([f for f in os.listdir(d) if f not in ('bad', 'out.jsonl')], [])

    def test_workbook_and_utf16_are_refused(self):
        with tempfile.TemporaryDirectory() as d:
            x = os.path.join(d, 'claims.xlsx')
            with open(x, 'wb') as f:
                f.write(b'PK\x03\x04')
            p = run(['import', 'sheets', x])
            self.assertEqual(p.returncode, 1)
            self.assertIn('save each sheet as "CSV UTF-8"', p.stderr.decode())
            u = os.path.join(d, 'claims.csv')
            with open(u, 'wb') as f:
                f.write('id,subject\n'.encode('utf-16'))
            p = run(['import', 'sheets', u])
            self.assertIn('UTF-16', p.stderr.decode())


def export_import(test, data, texts, dialect=None):
    d = test.d
    out_dir = os.path.join(d, 'sheets')
    args = ['export', 'sheets'] + data + ['--out-dir', out_dir]
    if texts:
        args += ['--texts', texts]
    if dialect:
        args += ['--csv-dialect', dialect]
    p = run(args)
    test.assertEqual(p.returncode, 0, p.stderr.decode())
    back = os.path.join(d, 'back.jsonl')
    args = ['import', 'sheets', out_dir, '-o', back]
    if texts:
        args += ['--texts', texts]
    if dialect:
        args += ['--csv-dialect', dialect]
    p = run(args)
    test.assertEqual(p.returncode, 0, p.stderr.decode())
    return out_dir, back


class Kosovo(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name
        self.data = sorted(glob.glob(os.path.join(ROOT, 'datasets', 'kosovo', '*.jsonl')))

    def tearDown(self):
        self.tmp.cleanup()

    def test_round_trip_without_texts(self):
        _, back = export_import(self, self.data, None)
        self.assertEqual(records([back]), records(self.data))

    def test_round_trip_with_texts(self):
        if not os.path.isdir(SEEDS):
            self.skipTest('seed texts not found at %s (CMake CLAIMGRAPH_SEEDS_DIR)' % SEEDS)
        out_dir, back = export_import(self, self.data, SEEDS)
        self.assertEqual(records([back]), records(self.data))
        with open(os.path.join(out_dir, 'claims.csv'), encoding='utf-8', newline='') as f:
            rows = list(csv.DictReader(f))
        self.assertTrue(all(r['quote'] for r in rows if r['evidence']))
        p = run(['audit', back, '--texts', SEEDS])
        self.assertEqual(p.returncode, 0, p.stdout.decode()[:2000])


HOSTILE = ['=HYPERLINK("http://x","y")', '+SUM(A1:A2)', '-2+3', '@handle', '\tTabbed', 'Pipe | inside | cells',
           'Comma, "quoted"; semi', 'New\nline', 'CR\r\nLF', '<script>alert(1)</script>', '\\backslash\\', 'back\\|slash',
           'a=b', '&amp; &beta;', 'Tha\u00e7i \u2014 \u201cq\u201d', '\u202eRTL override', 'emoji \U0001F600', 'x' * 300,
           "'quoted'", '[...] elision', ' edge spaces ']


class Hostile(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name
        text = 'Intro. ' + ' '.join('Passage %d says %s here.' % (i, h.replace('\n', ' ')) for i, h in enumerate(HOSTILE)) + '\n'
        self.texts = os.path.join(self.d, 'texts')
        os.makedirs(self.texts)
        with open(os.path.join(self.texts, 't.txt'), 'w', encoding='utf-8') as f:
            f.write(text)
        H = HOSTILE
        recs = [{'type': 'source', 'id': 's1', 'title': H[0], 'kind': 'news', 'publisher': H[1], 'author': H[3],
                 'url': 'https://example.org/?q=' + H[6], 'published': '2020-01', 'reliability': 'C', 'cites': ['s2'],
                 'text_sha256': hashlib.sha256(text.encode()).hexdigest(), 'caveat': H[7], 'notes': H[8]},
                {'type': 'source', 'id': 's2', 'title': H[9], 'kind': 'other', 'notes': H[10]},
                {'type': 'relation', 'id': 'rel.x', 'label': H[11], 'directed': False, 'category': H[12]},
                {'type': 'relation', 'id': 'rel_y'}]
        for i, h in enumerate(H):
            e = {'type': 'entity', 'id': 'e%02d' % i, 'name': h if h.strip() else 'blank', 'kind': 'person'}
            if i % 3 == 0:
                e['aliases'] = [H[(i + 5) % len(H)].strip() or 'alias', 'plain alias %d' % i]
            if i % 4 == 0:
                e['description'] = H[(i + 2) % len(H)]
            if i % 5 == 0:
                e['external_ids'] = {'wikidata': 'Q%d' % i, 'k=' + H[i % len(H)].strip()[:20]: H[(i + 1) % len(H)]}
            recs.append(e)
        for i, h in enumerate(H):
            c = {'type': 'claim', 'id': 'c%02d' % i, 'subject': 'e%02d' % i, 'relation': 'rel.x' if i % 2 else 'associate_of',
                 'object': 'e%02d' % ((i + 1) % len(H)), 'source': 's1' if i % 3 else 's2', 'summary': h,
                 'attributed_to': H[(i + 3) % len(H)], 'origin': H[(i + 4) % len(H)], 'notes': H[(i + 6) % len(H)],
                 'caveat': H[(i + 7) % len(H)][:200]}
            if i % 3:
                c['evidence'] = [span_of(text, 'Passage %d says' % i)]
                if i % 2:
                    c['evidence'].append(span_of(text, 'Intro.'))
            if i % 4 == 0:
                c.update({'anonymous': True, 'credibility': 2, 'reliability': 'D', 'confidence': 0.7,
                          'stance': 'refutes', 'status': 'denied', 'valid_from': '2019', 'valid_to': '2021-02-03'})
            if i % 4 == 1:
                c.update({'anonymous': False, 'credibility': 6, 'stance': 'supports', 'status': 'reported',
                          'confidence': 0.1 + 0.2})
            recs.append(c)
        self.data = os.path.join(self.d, 'h.jsonl')
        with open(self.data, 'w', encoding='utf-8') as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + '\n')
        p = run(['check', self.data])
        assert p.returncode == 0, p.stderr.decode()

    def tearDown(self):
        self.tmp.cleanup()

    def test_round_trip_plain(self):
        out_dir, back = export_import(self, [self.data], self.texts)
        self.assertEqual(records([back]), records([self.data]))
        # a real CSV reader sees one row per record, the strings intact (no formula guard)
        with open(os.path.join(out_dir, 'entities.csv'), encoding='utf-8', newline='') as f:
            rows = list(csv.DictReader(f))
        names = {r['id']: r['name'] for r in rows}
        self.assertEqual(names['e00'], HOSTILE[0])
        self.assertEqual(names['e03'], '@handle')
        self.assertEqual(len(rows), len(HOSTILE))
        node = shutil.which('node')
        mod = os.path.join(ROOT, 'tests', 'node_modules', 'csv-parse')
        if node and os.path.isdir(mod):
            js = ("const {parse}=require(%s);const fs=require('fs');"
                  "const rows=parse(fs.readFileSync(process.argv[1]),{columns:true,bom:true});"
                  "process.stdout.write(JSON.stringify(rows.map(r=>r.name)));") % json.dumps(os.path.join(mod, 'dist', 'cjs', 'sync.cjs'))
            p = subprocess.run([node, '-e', js, os.path.join(out_dir, 'entities.csv')], capture_output=True, timeout=60)
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            self.assertEqual(json.loads(p.stdout), [names['e%02d' % i] for i in range(len(HOSTILE))])

    def test_round_trip_spreadsheet_dialect(self):
        out_dir, back = export_import(self, [self.data], None, dialect='spreadsheet')
        self.assertEqual(records([back]), records([self.data]))
        with open(os.path.join(out_dir, 'entities.csv'), encoding='utf-8', newline='') as f:
            names = {r['id']: r['name'] for r in csv.DictReader(f)}
        self.assertEqual(names['e00'], "'" + HOSTILE[0])  # guarded for spreadsheets


class Reanchor(unittest.TestCase):
    OLD = ("Harbour Gazette, 3 May 2023\n\n"
           "The port authority chief, Lena Voss, awarded the dredging contract to Marlin Works without a tender, three officials said.\n\n"
           "Marlin Works is owned by the chief's brother-in-law, Piet Kroon, according to the company register.\n\n"
           "A spokesman for the authority said the award followed \u201call the usual rules\u201d and denied any conflict of interest.\n")
    # a paragraph inserted, whitespace changed in the first passage, one word changed in the second
    NEW = ("Harbour Gazette, 3 May 2023 (updated 5 May)\n\nEditor's note: this article now includes a reply from Marlin Works.\n\n"
           "The port authority chief, Lena Voss, awarded the dredging contract to Marlin Works without a tender,\n  three officials said.\n\n"
           "Marlin Works is owned by the chief's brother-in-law, Piet Kroon, according to the land register.\n\n"
           "A spokesman for the authority said the award followed \u201call the usual rules\u201d and denied any conflict of interest.\n")

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        d = self.d = self.tmp.name
        for sub, t in (('old', self.OLD), ('new', self.NEW)):
            os.makedirs(os.path.join(d, sub))
            with open(os.path.join(d, sub, 'gazette.txt' if sub == 'old' else 'gazette-v2.txt'), 'w', encoding='utf-8') as f:
                f.write(t)
        with open(os.path.join(d, 'unrelated.txt'), 'w') as f:
            f.write('nothing to see')
        shutil.copy(os.path.join(d, 'unrelated.txt'), os.path.join(d, 'new', 'unrelated.txt'))
        os.makedirs(os.path.join(d, 'sheets'))
        with open(os.path.join(d, 'sheets', 'sources.csv'), 'w') as f:
            f.write('id,title,kind,text_file\ngz,Port contract,news,gazette.txt\n')
        with open(os.path.join(d, 'sheets', 'entities.csv'), 'w') as f:
            f.write('id,name,kind\nvoss,Lena Voss,person\nmarlin,Marlin Works,company\nkroon,Piet Kroon,person\n'
                    'authority,Port authority,government_body\n')
        with open(os.path.join(d, 'sheets', 'claims.csv'), 'w') as f:
            f.write('id,from,relation,to,source,quote\n'
                    'c1,voss,involved_in,marlin,gz,"awarded the dredging contract to Marlin Works without a tender, three officials said"\n'
                    'c2,kroon,controls,marlin,gz,"Marlin Works is owned by the chief\'s brother-in-law, Piet Kroon, according to the company register"\n'
                    'c3,authority,associate_of,marlin,gz,"said the award followed ""all the usual rules"""\n')
        p = run(['import', 'sheets', os.path.join(d, 'sheets'), '--texts', os.path.join(d, 'old'), '--out-dir', os.path.join(d, 'data')])
        assert p.returncode == 0, p.stderr.decode()
        # a second file whose bytes must not change at all
        with open(os.path.join(d, 'data', 'sources.jsonl'), 'ab') as f:
            f.write(b'\r\n')

    def tearDown(self):
        self.tmp.cleanup()

    def files(self):
        out = {}
        for p in sorted(glob.glob(os.path.join(self.d, 'data', '*.jsonl'))):
            with open(p, 'rb') as f:
                out[os.path.basename(p)] = f.read()
        return out

    def test_reanchor(self):
        d = self.d
        data = os.path.join(d, 'data')
        texts, old = os.path.join(d, 'new'), os.path.join(d, 'old')
        self.assertEqual(run(['audit', data, '--texts', texts]).returncode, 1)
        before = self.files()
        # report only: nothing written, exit 1 (a changed passage is not accepted)
        p = run(['reanchor', data, '--texts', texts, '--old-texts', old])
        self.assertEqual(p.returncode, 1, p.stderr.decode())
        rep = p.stdout.decode()
        self.assertIn('1 moved, 1 whitespace, 1 changed', rep)
        self.assertIn("claim 'c3' span 1: moved", rep)
        self.assertIn("claim 'c1' span 1: whitespace", rep)
        self.assertIn("claim 'c2' span 1: changed", rep)
        self.assertIn('old: "Marlin Works is owned by the chief\'s brother-in-law, Piet Kroon, according to the company register"', rep)
        self.assertIn('new: "Marlin Works is owned by the chief\'s brother-in-law, Piet Kroon, according to the land register"', rep)
        self.assertEqual(self.files(), before)
        # in place without --accept-changed: the others move, the changed one stays (audit still fails)
        p = run(['reanchor', data, '--texts', texts, '--old-texts', old, '--in-place'])
        self.assertEqual(p.returncode, 1)
        a = json.loads(run(['audit', data, '--texts', texts, '--format', 'json']).stdout)
        self.assertEqual([e['claim'] for e in a['errors']], ['c2'])
        # with --accept-changed the audit passes
        p = run(['reanchor', data, '--texts', texts, '--old-texts', old, '--in-place', '--accept-changed'])
        self.assertEqual(p.returncode, 0, p.stdout.decode() + p.stderr.decode())
        self.assertIn("claim 'c2' span 1: changed", p.stdout.decode())
        p = run(['audit', data, '--texts', texts])
        self.assertEqual(p.returncode, 0, p.stdout.decode())
        after = self.files()
        # only the changed values changed: the same lines, every other byte kept
        self.assertEqual(after['entities.jsonl'], before['entities.jsonl'])
        for name in ('sources.jsonl', 'claims.jsonl'):
            bl, al = before[name].split(b'\n'), after[name].split(b'\n')
            self.assertEqual(len(bl), len(al))
            for x, y in zip(bl, al):
                if x != y:
                    jx, jy = json.loads(x), json.loads(y)
                    changed = {k for k in set(jx) | set(jy) if jx.get(k) != jy.get(k)}
                    self.assertTrue(changed <= {'evidence', 'text_sha256'}, changed)
        self.assertTrue(after['sources.jsonl'].endswith(b'\r\n\r\n') or after['sources.jsonl'].endswith(b'\n\r\n'))
        # a second run finds every span unchanged
        p = run(['reanchor', data, '--texts', texts])
        self.assertEqual(p.returncode, 0)
        self.assertIn('3 unchanged', p.stdout.decode())

    def test_map_and_output_file(self):
        d = self.d
        data = os.path.join(d, 'data')
        out = os.path.join(d, 'fixed.jsonl')
        p = run(['reanchor', data, '--texts', os.path.join(d, 'new'), '--old-texts', os.path.join(d, 'old'),
                 '--map', 'gz=' + os.path.join(d, 'new', 'gazette-v2.txt'), '--accept-changed', '-o', out])
        self.assertEqual(p.returncode, 0, p.stdout.decode() + p.stderr.decode())
        self.assertEqual(run(['audit', out, '--texts', os.path.join(d, 'new')]).returncode, 0)
        # without the old texts only unmoved spans can be kept: the rest is reported lost
        p = run(['reanchor', data, '--texts', os.path.join(d, 'new')])
        self.assertEqual(p.returncode, 1)
        self.assertIn('lost', p.stdout.decode())
        p = run(['reanchor', data, '--texts', os.path.join(d, 'new'), '--map', 'nope=x'])
        self.assertEqual(p.returncode, 2)


if __name__ == '__main__':
    unittest.main(argv=[sys.argv[0]], verbosity=2)
