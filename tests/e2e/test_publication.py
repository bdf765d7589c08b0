#!/usr/bin/env python3
"""Publication safety, end to end: refute-only edges are never drawn or walked as links (unless
--show-denials draws them in their own style), supporting and refuting sources stay apart, internal
notes never reach a published output (DOT, SVG, PDF text, PNG metadata, HTML), caveats do, the
viewer shows verified passages (checked in Chromium with playwright-core), a changed text stops
`render`, and the audit's possible_common_origin finding (positive, negative, near miss).
Usage: test_publication.py BINARY SOURCE_DIR"""
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zlib

BIN, ROOT = sys.argv[1], sys.argv[2]
NODE = shutil.which('node')
NODE_MODULES = os.path.join(ROOT, 'tests', 'node_modules')
SECRET = 'SECRET-TOKEN-7f3a9c-witness-real-name'
HOSTILE = '</script><!-- "q" \\back\\ \u2028 <b>&amp;</b>'


def run(args, **kw):
    return subprocess.run([BIN] + args, capture_output=True, timeout=kw.pop('timeout', 120), **kw)


def span(text, passage, occurrence=1):
    b = text.encode('utf-8')
    p = passage.encode('utf-8')
    at = -1
    for _ in range(occurrence):
        at = b.index(p, at + 1)
    return {"start": at, "end": at + len(p), "sha256": hashlib.sha256(p).hexdigest()}


# Our own invented texts: three outlets, one of which relays an agency's sentence.
TEXT_A = ("Outlet A reported on Monday. Alpha Person denied any involvement with the Bravo Company, "
          "saying he had never met its owners. The reporters found no direct evidence of a link. "
          "Bravo Company works closely with Delta Group on shipping contracts, according to port records. "
          "Charlie Official protects Delta Group, two former employees told the outlet.\n")
TEXT_B = ("Outlet B, in a longer piece, wrote that Charlie Official has long protected Delta Group from "
          "inspections. A spokesman for Charlie Official called this false and said the official had "
          "never intervened in any inspection of the group.\n")
AGENCY = ("the agency found that officials in the ministry repeatedly warned the smuggling network "
          "before planned raids and shared inspection schedules with its leaders")
TEXT_C = ("In its yearly survey, which Outlet C summarised on Friday, " + AGENCY + ". Outlet C added "
          "that the ministry did not answer requests for comment.\n")
TEXT_D = ("Writing a year later, Outlet D noted: " + AGENCY.replace('repeatedly', 'often') +
          ", a finding the ministry has since disputed in parliament.\n")
# a near miss: eleven words in common, inside long passages that otherwise differ
NEAR = "the harbour master signed the permits on the same day every"
TEXT_E = ("Outlet E described the port in detail: boats came and went at night, crews changed often, and "
          + NEAR + " month while customs staff looked elsewhere, fishermen said in interviews.\n")
TEXT_F = ("Outlet F, reviewing court papers, found a quieter story: according to one clerk, " + NEAR +
          " quarter, which prosecutors later called routine paperwork rather than a sign of collusion.\n")
# unrelated passages on the same pair
TEXT_G = "Outlet G said the minister and the smuggling network both own land near the old mill.\n"
TEXT_H = "Outlet H recalled that the minister once opened a school that the network's leader attended.\n"

TEXTS = {'a': TEXT_A, 'b': TEXT_B, 'c': TEXT_C, 'd': TEXT_D, 'e': TEXT_E, 'f': TEXT_F, 'g': TEXT_G, 'h': TEXT_H}


def dataset(notes=True):
    recs = []
    for sid, t in TEXTS.items():
        r = {"type": "source", "id": sid, "title": "Outlet " + sid.upper(), "kind": "news",
             "text_sha256": hashlib.sha256(t.encode()).hexdigest()}
        if notes:
            r["notes"] = SECRET + " (source " + sid + ")"
        if sid == 'b':
            r["caveat"] = "Outlet B relies on one unnamed former official."
        recs.append(r)
    for eid, name, kind in [("alpha", "Alpha Person", "person"), ("bravo", "Bravo Company", "company"),
                            ("delta", "Delta Group", "criminal_group"), ("charlie", "Charlie Official", "person"),
                            ("ministry", "The Ministry", "government_body"), ("network", "Smuggling Network", "criminal_group"),
                            ("harbour", "Harbour Master", "person"), ("minister", "The Minister", "person")]:
        recs.append({"type": "entity", "id": eid, "name": name, "kind": kind})
    claims = [
        # A denies involvement with B; the reporters found no evidence: refute-only
        ("c1", "alpha", "involved_in", "bravo", "a", "Alpha Person denied any involvement with the Bravo Company",
         {"stance": "refutes", "status": "denied", "attributed_to": "Alpha Person"}),
        ("c2", "alpha", "involved_in", "bravo", "a", "The reporters found no direct evidence of a link",
         {"stance": "refutes", "attributed_to": "the reporters"}),
        # a supported edge B - D
        ("c3", "bravo", "cooperates_with", "delta", "a", "Bravo Company works closely with Delta Group on shipping contracts",
         {"attributed_to": "port records", "caveat": "Port records seen by Outlet A only. " + HOSTILE}),
        # disputed: supported by a and b, refuted by b's spokesman quote (b) -- refuting source only b
        ("c4", "charlie", "protects", "delta", "a", "Charlie Official protects Delta Group",
         {"attributed_to": "two former employees", "anonymous": True, "credibility": 3}),
        ("c5", "charlie", "protects", "delta", "b", "Charlie Official has long protected Delta Group from inspections",
         {"attributed_to": "the outlet", "credibility": 3}),
        ("c6", "charlie", "protects", "delta", "b", "A spokesman for Charlie Official called this false",
         {"stance": "refutes", "status": "denied", "attributed_to": "a spokesman for Charlie Official"}),
        # one agency sentence relayed by two outlets (slightly reworded)
        ("c7", "ministry", "protects", "network", "c", AGENCY, {"attributed_to": "the agency"}),
        ("c8", "ministry", "protects", "network", "d", AGENCY.replace('repeatedly', 'often'), {"attributed_to": "the agency"}),
        # near miss
        ("c9", "harbour", "protects", "network", "e", TEXT_E.strip(), {}),
        ("c10", "harbour", "protects", "network", "f", TEXT_F.strip(), {}),
        # unrelated passages on one pair
        ("c11", "minister", "associate_of", "network", "g", "the minister and the smuggling network both own land", {}),
        ("c12", "minister", "associate_of", "network", "h", "the minister once opened a school that the network's leader attended", {}),
    ]
    for cid, s, r, o, src, passage, extra in claims:
        c = {"type": "claim", "id": cid, "subject": s, "relation": r, "object": o, "source": src,
             "evidence": [span(TEXTS[src], passage)], "summary": "Summary of " + cid + " in our words."}
        if notes:
            c["notes"] = SECRET + " (claim " + cid + ")"
        c.update(extra)
        recs.append(c)
    return recs


class Publication(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.data = os.path.join(d, 'data.jsonl')
        with open(cls.data, 'w', encoding='utf-8') as f:
            for r in dataset():
                f.write(json.dumps(r, ensure_ascii=False) + '\n')
        cls.texts = os.path.join(d, 'texts')
        os.mkdir(cls.texts)
        for sid, t in TEXTS.items():
            with open(os.path.join(cls.texts, 'copy-of-' + sid + '.txt'), 'w', encoding='utf-8') as f:
                f.write(t)
        p = run(['check', cls.data])
        assert p.returncode == 0, p.stderr

    def out(self, name):
        return os.path.join(self.tmp.name, name)

    def dot(self, *args):
        p = run(['dot', *args, self.data])
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.decode('utf-8')

    @staticmethod
    def edge_ids(dot_text):
        return set(re.findall(r'id="(e-[^"]+)"', dot_text))

    # -- refute-only edges --

    def test_refute_only_not_drawn_by_default(self):
        d = self.dot()
        self.assertNotIn('e-alpha_xinvolved__in_xbravo', self.edge_ids(d))
        self.assertIn('e-bravo_xcooperates__with_xdelta', self.edge_ids(d))
        self.assertNotIn('Alpha Person', d)  # an entity reached only through a denial is not in the view
        p = run(['render', '--format', 'svg', self.data])
        self.assertEqual(p.returncode, 0, p.stderr)
        svg = ET.fromstring(p.stdout)
        ids = {e.get('id') for e in svg.iter() if e.get('id')}
        self.assertNotIn('e-alpha_xinvolved__in_xbravo', ids)
        self.assertIn('e-bravo_xcooperates__with_xdelta', ids)

    def test_show_denials_draws_refuted_only(self):
        d = self.dot('--show-denials')
        m = re.search(r'id="e-alpha_xinvolved__in_xbravo"[^\n]*', d)
        self.assertIsNotNone(m)
        line = m.group(0)
        self.assertIn('class="claim-edge refuted-only', line)
        self.assertIn('label="denied: involved in', line)
        self.assertIn('dir="none"', line)
        self.assertNotIn('conf-', line)  # never the style of a supported link
        self.assertEqual(self.edge_ids(d), self.edge_ids(self.dot()) | {'e-alpha_xinvolved__in_xbravo'})
        p = run(['render', '--format', 'svg', '--show-denials', self.data])
        svg = ET.fromstring(p.stdout)
        g = [e for e in svg.iter() if e.get('id') == 'e-alpha_xinvolved__in_xbravo']
        self.assertEqual(len(g), 1)
        self.assertIn('refuted-only', g[0].get('class'))

    def test_focus_does_not_walk_denials(self):
        # from A, depth 2: A's only edge is a denial, so neither B nor D is reached
        for extra in ([], ['--show-denials']):
            d = self.dot('--focus', 'alpha', '--depth', '2', *extra)
            self.assertNotIn('Bravo Company', d)
            self.assertNotIn('Delta Group', d)
            self.assertIn('Alpha Person', d)  # the focus stays

    def test_path_does_not_walk_denials(self):
        p = run(['dot', '--path', 'alpha', 'delta', self.data])
        self.assertEqual(p.returncode, 1)
        self.assertIn('no path', p.stderr.decode())

    def test_max_nodes_does_not_count_denials(self):
        d = self.dot('--max-nodes', '2')
        self.assertNotIn('Alpha Person', d)

    def test_disputed_label_lists_refuting_source_after(self):
        d = self.dot()
        line = re.search(r'id="e-charlie_xprotects_xdelta"[^\n]*', d).group(0)
        label = re.search(r' label="([^"]*)"', line).group(1)
        self.assertRegex(label, r'^protects\\na, b \u00b7 0\.\d\d \| refuted by: b \u00b7 0\.\d\d\\ndenied \(b\)$')

    def test_edges_lists_refute_only_and_sources_apart(self):
        p = run(['edges', self.data])
        rows = [l.split(',') for l in p.stdout.decode().splitlines()]
        head = rows[0]
        self.assertEqual(head[-2:], ['refuting_sources', 'refute_only'])
        ab = [r for r in rows if r[0] == 'alpha'][0]
        self.assertEqual(ab[head.index('sources')], '')
        self.assertEqual(ab[head.index('refuting_sources')], 'a')
        self.assertEqual(ab[head.index('refute_only')], 'true')
        cd = [r for r in rows if r[0] == 'charlie'][0]
        self.assertEqual(cd[head.index('sources')], 'a;b')
        self.assertEqual(cd[head.index('refuting_sources')], 'b')
        j = json.loads(run(['edges', '--format', 'json', self.data]).stdout)
        ab = [e for e in j if e['subject'] == 'alpha'][0]
        self.assertTrue(ab['refute_only'])
        self.assertEqual(ab['refuting_sources'], ['a'])
        # edges is a team output: notes and caveats are there
        self.assertTrue(any(SECRET in n['text'] for e in j for n in e['notes']))
        self.assertTrue(any('Port records' in c['text'] for e in j for c in e['caveats']))

    # -- notes never published, caveats are --

    def test_notes_never_in_published_outputs(self):
        for extra in ([], ['--show-denials'], ['--focus', 'charlie'], ['--anonymous-only']):
            d = self.dot(*extra)
            self.assertNotIn(SECRET, d)
        outs = {}
        for fmt in ('svg', 'pdf', 'png', 'html'):
            o = self.out('pub.' + fmt)
            p = run(['render', '--format', fmt, '--show-denials', '-o', o, self.data])
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(o, 'rb') as f:
                outs[fmt] = f.read()
        o = self.out('pub-passages.html')
        p = run(['render', '--format', 'html', '--show-denials', '--texts', self.texts, '-o', o, self.data])
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(o, 'rb') as f:
            outs['html-passages'] = f.read()
        token = SECRET.encode()
        for fmt, data in outs.items():
            self.assertNotIn(token, data, fmt)
        # PDF: the text layer (pdftotext) and every decompressed stream
        pdf = outs['pdf']
        for m in re.finditer(rb'stream\r?\n(.*?)\r?\nendstream', pdf, re.S):
            try:
                self.assertNotIn(token, zlib.decompress(m.group(1)))
            except zlib.error:
                pass
        if shutil.which('pdftotext'):
            p = subprocess.run(['pdftotext', self.out('pub.pdf'), '-'], capture_output=True)
            self.assertEqual(p.returncode, 0)
            self.assertIn(b'Delta Group', p.stdout)  # the text layer is there to search
            self.assertNotIn(token, p.stdout)
        # PNG: every chunk, text chunks decompressed
        png = outs['png']
        self.assertEqual(png[:8], b'\x89PNG\r\n\x1a\n')
        pos = 8
        while pos < len(png):
            n, kind = struct.unpack('>I4s', png[pos:pos + 8])
            body = png[pos + 8:pos + 8 + n]
            if kind in (b'tEXt', b'iTXt'):
                self.assertNotIn(token, body)
            if kind == b'zTXt':
                self.assertNotIn(token, zlib.decompress(body.split(b'\0', 1)[1][1:]))
            pos += 12 + n

    def test_caveats_published(self):
        d = self.dot()
        line = re.search(r'id="e-bravo_xcooperates__with_xdelta"[^\n]*', d).group(0)
        tooltip = re.search(r' tooltip="([^"]*)"', line).group(1)
        self.assertIn('caveat: Port records seen by Outlet A only.', tooltip)
        line = re.search(r'id="e-charlie_xprotects_xdelta"[^\n]*', d).group(0)
        self.assertIn('Outlet B relies on one unnamed former official.', line)  # the source's caveat
        # the hostile caveat survives Graphviz as text and stays inert
        p = run(['render', '--format', 'svg', self.data])
        svg = ET.fromstring(p.stdout)
        titles = ' '.join(e.get('{http://www.w3.org/1999/xlink}title') or '' for e in svg.iter())
        self.assertIn('Port records seen by Outlet A only.', titles)
        self.assertIn('</script><!-- "q"', titles)
        p = run(['render', '--format', 'html', self.data])
        page = p.stdout.decode()
        self.assertIn('Port records seen by Outlet A only.', page)
        self.assertNotIn('</script><!--', page.split('<script type="application/json"')[1].split('</script>')[0])

    # -- passages in the viewer --

    def test_texts_missing_folder_is_usage_error(self):
        p = run(['render', '--format', 'html', '--texts', self.out('no-such-dir'), self.data])
        self.assertEqual(p.returncode, 2)
        p = run(['render', '--format', 'svg', '--texts', self.texts, self.data])
        self.assertEqual(p.returncode, 2)

    def test_flipped_byte_stops_render(self):
        bad = self.out('texts-flipped')
        shutil.copytree(self.texts, bad)
        path = os.path.join(bad, 'copy-of-a.txt')
        with open(path, 'rb') as f:
            b = bytearray(f.read())
        i = b.index(b'works closely')
        b[i] ^= 0x20
        # the file no longer has a's hash: a's text is missing, and the flipped copy is the closest
        with open(path, 'wb') as f:
            f.write(bytes(b))
        o = self.out('flipped.html')
        p = run(['render', '--format', 'html', '--texts', bad, '-o', o, self.data])
        self.assertEqual(p.returncode, 1)
        self.assertIn("claim 'c3'", p.stderr.decode())
        self.assertFalse(os.path.exists(o))

    def test_passages_embedded_and_cut(self):
        o = self.out('passages.html')
        p = run(['render', '--format', 'html', '--texts', self.texts, '--max-quote', '40', '--context', '20', '-o', o,
                 self.data])
        self.assertEqual(p.returncode, 0, p.stderr)
        page = open(o, encoding='utf-8').read()
        data = json.loads(page.split('<script type="application/json" id="cg-data">')[1].split('</script>')[0])
        c3 = data['claims']['c3']['passages'][0]
        self.assertTrue(c3['cut'])
        self.assertTrue(c3['text'].endswith('\u2026'))
        self.assertLessEqual(c3['shown'], 40)
        self.assertTrue(c3['before'].rstrip().endswith('link.'))  # context cut at words
        self.assertTrue(c3['before'].startswith('evidence'), c3['before'])
        self.assertEqual(data['passages'], 'shown')
        # denials stay in the entity data, apart from links
        charlie = [e for e in data['entities'].values() if e['id'] == 'charlie'][0]
        self.assertEqual(charlie['denials'], [])
        bravo = [e for e in data['entities'].values() if e['id'] == 'bravo'][0]
        self.assertEqual(len(bravo['denials']), 1)
        self.assertEqual(len(bravo['links']), 1)

    def test_viewer_in_chromium(self):
        if not NODE or not os.path.isdir(os.path.join(NODE_MODULES, 'playwright-core')):
            self.skipTest('node or tests/node_modules/playwright-core missing (run .ci/deps)')
        chromium = shutil.which('chromium') or '/usr/bin/chromium'
        if not os.path.exists(chromium):
            self.skipTest('chromium missing (run .ci/deps)')
        o = self.out('viewer.html')
        p = run(['render', '--format', 'html', '--show-denials', '--texts', self.texts, '-o', o, self.data])
        self.assertEqual(p.returncode, 0, p.stderr)
        p = subprocess.run([NODE, os.path.join(ROOT, 'tests', 'e2e', 'viewer_publication.mjs'), o, chromium],
                           capture_output=True, timeout=180, cwd=os.path.join(ROOT, 'tests'))
        self.assertEqual(p.returncode, 0, p.stdout.decode() + p.stderr.decode())

    # -- possible common origin --

    def audit(self, *extra):
        p = run(['audit', '--format', 'json', '--texts', self.texts, *extra, self.data])
        self.assertIn(p.returncode, (0, 1), p.stderr)
        return p.returncode, json.loads(p.stdout)

    def test_common_origin_found(self):
        rc, rep = self.audit()
        found = [f for f in rep['findings'] if f['kind'] == 'possible_common_origin']
        self.assertEqual([f['claims'] for f in found], [['c7', 'c8']])  # not c9/c10 (near miss), not c11/c12
        f = found[0]
        self.assertEqual(f['sources'], ['c', 'd'])
        w = f['shared_wording']
        self.assertGreaterEqual(w['words'], 12)
        self.assertGreater(w['overlap'], 0.8)
        text_c, text_d = TEXT_C.encode(), TEXT_D.encode()
        self.assertEqual(text_c[w['at'][0]:w['at'][0] + 6], b'warned')  # the longest run: 13 words from here
        self.assertEqual(text_d[w['at'][1]:w['at'][1] + 6], b'warned')
        self.assertIn('"origin"', f['message'])
        self.assertEqual(rc, 0)
        rc, rep = self.audit('--strict')
        self.assertEqual(rc, 1)
        # each rule alone: the run (14 words before "repeatedly"/"often") and the overlap
        _, rep = self.audit('--reuse-overlap', '0')
        self.assertEqual([f['claims'] for f in rep['findings'] if f['kind'] == 'possible_common_origin'], [['c7', 'c8']])
        _, rep = self.audit('--reuse-words', '0')
        self.assertEqual([f['claims'] for f in rep['findings'] if f['kind'] == 'possible_common_origin'], [['c7', 'c8']])
        _, rep = self.audit('--reuse-words', '0', '--reuse-overlap', '0')
        self.assertEqual([f for f in rep['findings'] if f['kind'] == 'possible_common_origin'], [])

    def test_common_origin_near_miss_and_threshold(self):
        # eleven shared words: below the default run of 12, and a small share of the word pairs
        _, rep = self.audit()
        self.assertNotIn(['c9', 'c10'], [f['claims'] for f in rep['findings']])
        _, rep = self.audit('--reuse-words', '11')
        self.assertIn(['c9', 'c10'], [f['claims'] for f in rep['findings'] if f['kind'] == 'possible_common_origin'])

    def test_common_origin_fixed_by_shared_origin(self):
        recs = dataset()
        for r in recs:
            if r.get('id') in ('c7', 'c8'):
                r['origin'] = 'agency-survey'
        path = self.out('fixed.jsonl')
        with open(path, 'w', encoding='utf-8') as f:
            for r in recs:
                f.write(json.dumps(r) + '\n')
        p = run(['audit', '--format', 'json', '--texts', self.texts, path])
        rep = json.loads(p.stdout)
        self.assertEqual([f for f in rep['findings'] if f['kind'] == 'possible_common_origin'], [])


if __name__ == '__main__':
    unittest.main(argv=sys.argv[:1], verbosity=2)
