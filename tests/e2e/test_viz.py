#!/usr/bin/env python3
"""End-to-end tests of diagrams: DOT from a dataset of hostile names through the real `dot`,
determinism, views, rendering to SVG/PDF/PNG/HTML, and the Graphviz timeout.
Usage: test_viz.py BINARY SOURCE_DIR"""
import glob
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

BIN, ROOT = sys.argv[1], sys.argv[2]
KOSOVO = os.path.join(ROOT, 'datasets', 'kosovo')

HOSTILE = [
    'Quote " inside', "Single ' quote", 'Back\\slash', 'Trailing backslash\\', 'Double \\\\ backslash',
    'Escapes \\N \\G \\E \\T \\H \\L \\n \\l \\r', '{braces} [brackets] -> arrow -- edge;',
    '<b>bold</b> <i>x</i>', 'Amp & ersand', '&beta; entity &amp;', 'graph', 'node', 'edge', 'strict',
    'digraph', 'subgraph', '12345', '-3.5', 'Emoji \U0001F600 \U0001F1FD\U0001F1F0',
    'RTL \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627', 'Tha\u00e7i \u2014 \u201cquoted\u201d',
    'L' * 300, '</text><script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
    'javascript:alert(1)', '%s %n %x', '/* comment */ // too', '# hash', 'Tab\tinside',
]
CONTROL = 'Control\x01char\x07s\x1b[31m'
NEWLINE = 'Two\nlines'


def run(args, **kw):
    return subprocess.run([BIN] + args, capture_output=True, timeout=kw.pop('timeout', 120), **kw)


def hostile_dataset(path):
    recs = [
        {"type": "source", "id": "s1", "title": 'Title "with" <tags> & \\ backslash', "kind": "news",
         "reliability": "B", "url": "javascript:alert(document.cookie)"},
        {"type": "source", "id": "s2", "title": "Second \u00b7 source", "kind": "ngo_report", "reliability": "A",
         "url": "https://example.org/report?a=1&b=\"2\"<x>"},
    ]
    names = HOSTILE + [CONTROL, NEWLINE]
    for i, name in enumerate(names):
        recs.append({"type": "entity", "id": "h%02d" % i, "name": name, "kind": "person",
                     "description": "desc of " + name, "aliases": [name + " alias"]})
    for i in range(len(names)):
        j = (i + 1) % len(names)
        recs.append({"type": "claim", "id": "c%02d" % i, "subject": "h%02d" % i, "relation": "associate_of",
                     "object": "h%02d" % j, "source": "s1" if i % 2 else "s2", "credibility": 2,
                     "summary": names[i] + " <script>alert(2)</script>", "attributed_to": names[j]})
    recs.append({"type": "claim", "id": "c99", "subject": "h00", "relation": "associate_of", "object": "h01",
                 "source": "s1", "stance": "refutes", "status": "denied", "attributed_to": "\\\" voice"})
    with open(path, 'w', encoding='utf-8') as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')


def svg_texts(svg_bytes):
    root = ET.fromstring(svg_bytes)
    texts = []
    for el in root.iter():
        if el.tag.endswith('text') and el.text:
            texts.append(el.text)
    return texts


class Hostile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.data = os.path.join(cls.dir.name, 'hostile.jsonl')
        hostile_dataset(cls.data)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_dot_parses_and_names_survive(self):
        p = run(['dot', self.data])
        self.assertEqual(p.returncode, 0, p.stderr)
        g = subprocess.run(['dot', '-Tsvg'], input=p.stdout, capture_output=True, timeout=120)
        self.assertEqual(g.returncode, 0, g.stderr)
        self.assertEqual(g.stderr, b'', g.stderr)
        texts = svg_texts(g.stdout)
        joined = '\n'.join(texts)
        for name in HOSTILE:
            # Graphviz renders a tab as a space in text
            want = name.replace('\t', ' ')
            self.assertTrue(any(t == want for t in texts) or want in joined, 'name not intact in SVG: %r' % name)
        self.assertIn('Two', texts)
        self.assertIn('lines', texts)
        self.assertIn('Controlchars[31m', texts)  # control characters dropped, the rest intact
        for blob in (p.stdout, g.stdout):
            # the source's javascript: URL never reaches the output, and no link has that scheme
            # (an entity *named* "javascript:alert(1)" is text and must survive as text)
            self.assertNotIn(b'document.cookie', blob)
            self.assertIsNone(re.search(rb'(URL|href)\s*=\s*"\s*javascript:', blob, re.I))
        # the only link is the escaped https one; no raw quote or angle bracket reaches an href
        hrefs = re.findall(rb'xlink:href="([^"]*)"', g.stdout)
        self.assertTrue(hrefs)
        for h in hrefs:
            self.assertTrue(h.startswith(b'https://example.org/report?a=1&amp;b=%222%22%3Cx%3E'), h)
        # as an XML parser reads it: the URL's own '&' kept (red team M11), the rest encoded
        links = [v for el in ET.fromstring(g.stdout).iter() for k, v in el.attrib.items() if k.endswith('href')]
        self.assertEqual(set(links), {'https://example.org/report?a=1&b=%222%22%3Cx%3E'})

    def test_tooltips_survive(self):
        p = run(['dot', self.data])
        g = subprocess.run(['dot', '-Tsvg'], input=p.stdout, capture_output=True, timeout=120)
        root = ET.fromstring(g.stdout)
        titles = [v for el in root.iter() for k, v in el.attrib.items() if k.endswith('title')]
        joined = '\n'.join(titles)
        self.assertIn('Back\\slash', joined)
        self.assertIn('Trailing backslash\\', joined)
        self.assertIn('Escapes \\N \\G \\E', joined)
        self.assertIn('Title "with" <tags> & \\ backslash', joined)

    def test_deterministic(self):
        a = run(['dot', self.data]).stdout
        b = run(['dot', self.data]).stdout
        self.assertEqual(a, b)
        a = run(['dot', KOSOVO]).stdout
        b = run(['dot', KOSOVO]).stdout
        self.assertEqual(a, b)
        self.assertTrue(a.startswith(b'digraph'))

    def test_html_escaped(self):
        out = os.path.join(self.dir.name, 'h.html')
        p = run(['render', '--format', 'html', '-o', out, self.data])
        self.assertEqual(p.returncode, 0, p.stderr)
        page = open(out, encoding='utf-8').read()
        self.assertNotIn('<script>alert', page)
        self.assertNotIn('<img', page)
        self.assertNotIn('document.cookie', page)
        self.assertIsNone(re.search(r'href\s*=\s*"\s*javascript:', page, re.I))

        class Collect(html.parser.HTMLParser):
            def __init__(self):
                super().__init__()
                self.tags = []
                self.data_json = None
                self._in = False

            def handle_starttag(self, tag, attrs):
                self.tags.append(tag)
                self._in = dict(attrs).get('id') == 'cg-data'

            def handle_data(self, d):
                if self._in:
                    self.data_json = (self.data_json or '') + d

            def handle_endtag(self, tag):
                self._in = False
        c = Collect()
        c.feed(page)
        self.assertEqual(c.tags.count('script'), 2)
        self.assertNotIn('img', c.tags)
        data = json.loads(c.data_json)
        names = {e['name'] for e in data['entities'].values()}
        for n in HOSTILE:
            self.assertIn(n, names)
        self.assertEqual(data['sources']['s1']['url'], None)


class Views(unittest.TestCase):
    def dot(self, *args):
        p = run(['dot'] + list(args) + [KOSOVO])
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.decode()

    def nodes(self, dot):
        return set(re.findall(r'id="n-([^"]+)"', dot))

    def test_focus(self):
        whole = self.nodes(self.dot())
        ego = self.nodes(self.dot('--focus', 'hashim_thaci', '--depth', '1'))
        self.assertIn('hashim__thaci', ego)
        self.assertLess(len(ego), len(whole))
        ego2 = self.nodes(self.dot('--focus', 'hashim_thaci', '--depth', '2'))
        self.assertTrue(ego <= ego2)

    def test_path(self):
        d = self.dot('--path', 'anon_luan', 'hashim_thaci', '--k', '2')
        n = self.nodes(d)
        self.assertIn('anon__luan', n)
        self.assertIn('hashim__thaci', n)

    def test_filters(self):
        only = self.dot('--source', 'tip')
        for m in re.finditer(r'label="[^"\n]*\\n([^"]*) \u00b7', only):
            self.assertEqual(m.group(1), 'tip')
        anon = self.dot('--anonymous-only')
        self.assertIn('anonymous-only', anon)
        self.assertNotIn('conf-high status-reported', anon)
        hi = self.dot('--min-confidence', '0.6')
        for c in re.findall(r' \u00b7 ([0-9.]+)', hi):
            self.assertGreaterEqual(float(c), 0.6)

    def test_max_nodes(self):
        p = run(['dot', '--max-nodes', '10', KOSOVO])
        self.assertEqual(p.returncode, 0)
        self.assertLessEqual(len(self.nodes(p.stdout.decode())), 10)
        self.assertIn(b'not shown', p.stderr)
        self.assertIn('not shown', p.stdout.decode())

    def test_errors(self):
        p = run(['dot', '--focus', 'hashim_thac', KOSOVO])
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"did you mean 'hashim_thaci'", p.stderr)
        self.assertEqual(run(['dot', '--path']).returncode, 2)
        self.assertEqual(run(['dot', '--path', 'anon_luan']).returncode, 2)
        self.assertEqual(run(['dot', '--size-by', 'fame', KOSOVO]).returncode, 2)
        p = run(['dot', '--style', '/nonexistent.json', KOSOVO])
        self.assertEqual(p.returncode, 1)

    def test_style_errors(self):
        with tempfile.TemporaryDirectory() as d:
            bad = os.path.join(d, 'style.json')
            with open(bad, 'w') as f:
                f.write('{"edges": {"low_confidence": 2},\n "kinds": {"persn": {}}}\n')
            p = run(['dot', '--style', bad, KOSOVO])
            self.assertEqual(p.returncode, 1)
            err = p.stderr.decode()
            self.assertRegex(err, r'style\.json:1:\d+: error: "low_confidence" must be a number between 0 and 1')
            self.assertRegex(err, r'style\.json:2:\d+: error: unknown key "persn" \(did you mean "person"\?\)')


class Render(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def render(self, fmt, *extra):
        out = os.path.join(self.dir.name, 'out.' + fmt)
        p = run(['render', '--format', fmt, '-o', out] + list(extra) + [KOSOVO])
        self.assertEqual(p.returncode, 0, p.stderr)
        return open(out, 'rb').read()

    def test_svg(self):
        svg = self.render('svg')
        root = ET.fromstring(svg)
        self.assertTrue(root.tag.endswith('svg'))
        self.assertIn(b'class="edge claim-edge', svg.replace(b'&#45;', b'-'))

    def test_pdf(self):
        pdf = self.render('pdf')
        self.assertTrue(pdf.startswith(b'%PDF-'))
        self.assertIn(b'%%EOF', pdf[-1024:])

    def test_png(self):
        png = self.render('png', '--focus', 'hashim_thaci')
        self.assertTrue(png.startswith(b'\x89PNG\r\n\x1a\n'))
        w, h = int.from_bytes(png[16:20], 'big'), int.from_bytes(png[20:24], 'big')
        self.assertGreater(w, 100)
        self.assertGreater(h, 100)

    def test_html(self):
        page = self.render('html', '--title', 'Kosovo').decode()
        self.assertTrue(page.startswith('<!DOCTYPE html>'))
        self.assertNotIn('<?xml', page)
        self.assertNotRegex(page, r'<(script|link|img|iframe)[^>]*\ssrc=')
        self.assertNotIn('http-equiv="refresh"', page)
        self.assertIn("script-src 'sha256-", page)

    def test_engines(self):
        for eng in ('dot', 'neato', 'sfdp'):
            svg = self.render('svg', '--engine', eng, '--focus', 'pdk')
            ET.fromstring(svg)
        p = run(['render', '--format', 'svg', '--engine', 'sh', KOSOVO])
        self.assertEqual(p.returncode, 2)

    def test_timeout_kills_and_leaves_nothing(self):
        # a dense graph that dot cannot lay out within one second
        data = os.path.join(self.dir.name, 'dense.jsonl')
        with open(data, 'w') as f:
            f.write('{"type":"source","id":"s","title":"t","kind":"other"}\n')
            n = 160
            for i in range(n):
                f.write('{"type":"entity","id":"e%d","name":"E%d","kind":"person"}\n' % (i, i))
            k = 0
            for i in range(n):
                for j in range(i + 1, n):
                    f.write('{"type":"claim","id":"c%d","subject":"e%d","relation":"associate_of","object":"e%d","source":"s"}\n' % (k, i, j))
                    k += 1
        out = os.path.join(self.dir.name, 'dense.svg')
        # this test process adopts the orphans of its children (a subreaper), so a Graphviz left
        # running by claimgraph would show up as our child; other programs' dot processes do not
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        self.assertEqual(libc.prctl(36, 1, 0, 0, 0), 0)  # PR_SET_CHILD_SUBREAPER
        t0 = time.time()
        p = run(['render', '--format', 'svg', '--engine', 'dot', '--timeout', '1', '-o', out, data])
        took = time.time() - t0
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn(b'did not finish within 1 s', p.stderr)
        self.assertLess(took, 30)
        self.assertFalse(os.path.exists(out))
        self.assertEqual(sorted(os.listdir(self.dir.name)), ['dense.jsonl'])
        time.sleep(0.2)
        ps = subprocess.run(['ps', '-eo', 'ppid,stat,args'], capture_output=True).stdout.decode()
        for line in ps.splitlines()[1:]:
            ppid, stat, args = line.split(None, 2)
            if int(ppid) == os.getpid() and args.strip().endswith('dot -Tsvg'):
                self.assertTrue(stat.startswith('Z'), 'Graphviz still running after the timeout: ' + line)
        try:  # reap what was adopted
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass

    def test_failure_keeps_old_file(self):
        out = os.path.join(self.dir.name, 'old.svg')
        open(out, 'w').write('old')
        p = run(['render', '--format', 'svg', '--focus', 'nobody', '-o', out, KOSOVO])
        self.assertEqual(p.returncode, 1)
        self.assertEqual(open(out).read(), 'old')


if __name__ == '__main__':
    unittest.main(argv=[sys.argv[0], '-v'])
