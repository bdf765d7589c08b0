#!/usr/bin/env python3
"""Regression tests for the red team's findings (../shared/reviews/redteam.md, issue 15), one
class per finding or group, each named by its finding id. Each test failed on the code the red
team attacked (91610fb) and passes now. The loader's findings (M1, M5, M7, m6, m9) are in
test_redteam_loader.py; the super-linear ones are timed on hostile structures by
tests/hostile/run.py.
Usage: test_redteam.py BINARY SOURCE_DIR"""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

BIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
KOSOVO = os.path.join(ROOT, 'datasets', 'kosovo')
NODE = shutil.which('node')
NODE_MODULES = os.path.join(ROOT, 'tests', 'node_modules')
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'


def run(args, **kw):
    return subprocess.run([BIN] + args, capture_output=True, timeout=kw.pop('timeout', 300), **kw)


def write_jsonl(path, records):
    with open(path, 'w', encoding='utf-8') as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')


def small_dataset(path, url='https://example.org/a'):
    write_jsonl(path, [
        {"type": "source", "id": "s1", "title": "One", "kind": "news", "reliability": "B", "url": url},
        {"type": "source", "id": "s2", "title": "Two", "kind": "news", "reliability": "C"},
        {"type": "entity", "id": "a", "name": "Alpha", "kind": "person"},
        {"type": "entity", "id": "b", "name": "Bravo", "kind": "organization"},
        {"type": "entity", "id": "c", "name": "Charlie", "kind": "company"},
        {"type": "claim", "id": "c1", "subject": "a", "relation": "member_of", "object": "b", "source": "s1"},
        {"type": "claim", "id": "c2", "subject": "a", "relation": "member_of", "object": "b", "source": "s2"},
        {"type": "claim", "id": "c3", "subject": "b", "relation": "controls", "object": "c", "source": "s2",
         "stance": "refutes"},
        {"type": "claim", "id": "c4", "subject": "b", "relation": "funds", "object": "c", "source": "s1"},
    ])


class Tmp(unittest.TestCase):
    def setUp(self):
        self._d = tempfile.TemporaryDirectory()
        self.d = self._d.name

    def tearDown(self):
        self._d.cleanup()

    def p(self, *names):
        return os.path.join(self.d, *names)


# ---- S1: style files are an allow-list of attributes with typed values ----

HOSTILE_STYLES = {
    # the red team's payloads: markup in fontname, a URL that closes the href, javascript: links,
    # a meta refresh, a DOT string breakout (M10), and what else a style could smuggle
    'fontname_script': {"node": {"fontname": "Helvetica\"/><script>window.__pwned_font=1;alert(\"font\")</script><text x=\"0"}},
    'node_url': {"node": {"URL": "https://x/\"><script>window.__pwned_href=1</script><a href=\""}},
    'graph_url_js': {"graph": {"URL": "javascript:window.__pwned_url=1"}},
    'meta_refresh': {"graph": {"fontname": "x\"/><meta http-equiv=\"refresh\" content=\"0;url=phish.html\"><text x=\"0"}},
    'escstring_breakout': {"edges": {"color": "white\\\u0001\"]; n0 -> n1 [label=<FABRICATED> color=red penwidth=6]; //"}},
    'kind_href': {"kinds": {"person": {"href": "javascript:alert(1)"}}},
    'edge_tooltip': {"edge": {"tooltip": "\"><script>alert(1)</script>"}},
    'id_class': {"node": {"id": "x\" onmouseover=\"alert(1)", "class": "y"}},
    'image': {"node": {"image": "/etc/passwd"}},
    'shapefile': {"node": {"shape": "custom", "shapefile": "/etc/passwd"}},
    'stylesheet': {"graph": {"stylesheet": "https://evil.example/x.css"}},
    'fontpath': {"graph": {"fontpath": "/etc"}},
    'fontsize_attr': {"edge": {"fontsize": "8\" onload=\"alert(1)"}},
    'color_markup': {"node": {"fillcolor": "#fff\"><script>alert(1)</script>"}},
    'style_func': {"edges": {"corroborated_style": "setlinewidth(9\")"}},
    'legend_url': {"legend": {"URL": "https://x/", "label": "ok"}},
    'dpi_absurd': {"graph": {"dpi": 100000}},
    'shape_epsf': {"node": {"shape": "epsf"}},
    'number_nan': {"node": {"penwidth": "nan"}},
    'arrow_markup': {"edge": {"arrowhead": "normal\"><x"}},
}

# Values at the edge of what is allowed: every one is accepted and harmless.
EDGY_STYLE = {
    "graph": {"rankdir": "lr", "fontname": "DejaVu Sans, Helvetica:bold", "bgcolor": "#ffffff00:0.1 0.2 0.9;0.5",
              "size": "20,20!", "ratio": "auto", "splines": "true", "dpi": 96, "overlap": "prism", "pad": 0.2},
    "node": {"fontname": "Helvetica", "fontsize": 11, "style": "filled, rounded", "fillcolor": "/blues9/3:red",
             "color": "0.650 0.700 0.700", "penwidth": "1.5", "margin": "0.1,0.05", "shape": "MDIAMOND"},
    "edge": {"arrowhead": "lteeoldiamond", "style": "bold", "fontcolor": "#123456", "labelfontname": "Times-Roman"},
    "kinds": {"person": {"shape": "ellipse", "peripheries": 2}},
    "edges": {"color": "black", "disputed_color": "#c0392bff", "corroborated_style": "solid,bold"},
    "legend": {"label": "Legend\"/><script>window.__pwned_label=1</script><meta http-equiv=\"refresh\" "
                        "content=\"0;url=phish.html\"> & \\N", "fontname": "Helvetica", "style": "rounded,dashed"},
}


class S1_StyleAllowList(Tmp):
    def setUp(self):
        super().setUp()
        self.data = self.p('d.jsonl')
        small_dataset(self.data)

    def style(self, name, obj):
        path = self.p(name + '.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(obj, f)
        return path

    def test_hostile_styles_refused(self):
        for name, obj in HOSTILE_STYLES.items():
            st = self.style(name, obj)
            for fmt in ('svg', 'html'):
                out = self.p('%s.%s' % (name, fmt))
                p = run(['render', '--format', fmt, '--style', st, self.data, '-o', out])
                with self.subTest(style=name, fmt=fmt):
                    self.assertEqual(p.returncode, 1, p.stderr)
                    self.assertFalse(os.path.exists(out), 'an output was written')
                    # file:line:col: error: attribute "..."
                    self.assertRegex(p.stderr.decode('utf-8', 'replace'),
                                     r'%s:\d+:\d+: error: ' % re.escape(st))
            p = run(['dot', '--style', st, self.data])
            self.assertEqual(p.returncode, 1, name)
            self.assertEqual(p.stdout, b'', name)

    def test_messages_name_the_attribute(self):
        p = run(['dot', '--style', self.style('u', {"node": {"URL": "x"}}), self.data])
        self.assertIn(b'attribute "URL" is not an attribute a style may set for nodes', p.stderr)
        p = run(['dot', '--style', self.style('f', {"node": {"fontname": "a\"b"}}), self.data])
        self.assertIn(b'attribute "fontname" must be a font name', p.stderr)
        p = run(['dot', '--style', self.style('t', {"node": {"fontsiz": 3}}), self.data])
        self.assertIn(b'(did you mean "fontsize"?)', p.stderr)

    def test_edgy_style_renders_inert(self):
        st = self.style('edgy', EDGY_STYLE)
        d = run(['dot', '--style', st, self.data])
        self.assertEqual(d.returncode, 0, d.stderr)
        self.assertIn(b'shape="Mdiamond"', d.stdout)          # canonical spelling
        self.assertIn(b'rankdir="LR"', d.stdout)
        self.assertIn(b'style="filled,rounded"', d.stdout)
        # the real dot reads it; the fabricated edge of M10 cannot exist
        g = subprocess.run(['dot', '-Tsvg'], input=d.stdout, capture_output=True, timeout=120)
        self.assertEqual(g.returncode, 0, g.stderr)
        pages = []
        for fmt in ('svg', 'html'):
            out = self.p('edgy.' + fmt)
            p = run(['render', '--format', fmt, '--style', st, self.data, '-o', out])
            self.assertEqual(p.returncode, 0, p.stderr)
            pages.append(out)
        root = ET.parse(pages[0]).getroot()
        for el in root.iter():
            self.assertFalse(el.tag.endswith('script'), 'script element in the SVG')
            for k, v in el.attrib.items():
                self.assertFalse(k.lower().startswith('on'), 'event attribute %s' % k)
                if k.endswith('href'):
                    self.assertRegex(v, r'^https?://')
                if k == 'font-family':
                    self.assertRegex(v, r'^[A-Za-z0-9 ,._:-]+$')
        texts = ''.join(t for el in root.iter() if el.text for t in [el.text])
        self.assertIn('<script>window.__pwned_label=1</script>', texts)  # the legend label, as text
        if not NODE or not os.path.isdir(os.path.join(NODE_MODULES, 'playwright-core')):
            self.skipTest('node or tests/node_modules/playwright-core missing (run .ci/deps and npm ci in tests/)')
        if not os.path.exists(CHROMIUM):
            self.skipTest('chromium missing (run .ci/deps)')
        c = subprocess.run([NODE, os.path.join(ROOT, 'tests', 'e2e', 'hostile_pages.mjs'), CHROMIUM] + pages,
                           capture_output=True, timeout=300, cwd=os.path.join(ROOT, 'tests'))
        self.assertEqual(c.returncode, 0, c.stdout + c.stderr)

    def test_default_style_is_within_the_list(self):
        # viz/style.json is itself a style file: it loads with --style like any other
        p = run(['dot', '--style', os.path.join(ROOT, 'viz', 'style.json'), KOSOVO])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout, run(['dot', KOSOVO]).stdout)


if __name__ == '__main__':
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=2)
