#!/usr/bin/env python3
"""--as-of and --since through the commands whose output depends on Graphviz (so not in the
exact-output cases of tests/cases/valid/as_of/): `render` draws exactly the edges `edges` lists
with the same dates, its HTML page carries only the claims that count, with their dates, and
says which date it shows; usage errors leave nothing written; every command with the common
filters accepts both options.
Usage: test_time.py BINARY SOURCE_DIR"""
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

BIN, ROOT = sys.argv[1], sys.argv[2]
DATED = os.path.join(ROOT, 'tests', 'cases', 'valid', 'as_of', 'input.jsonl')
KOSOVO = os.path.join(ROOT, 'datasets', 'kosovo')


def run(args):
    return subprocess.run([BIN] + args, capture_output=True, timeout=300)


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def enc(i):
    return i.replace('_', '__').replace('.', '_d').replace(':', '_c')


def edge_ids(data, *filters):
    p = run(['edges', '--format', 'json'] + list(filters) + [data])
    assert p.returncode == 0, p.stderr
    return {f"e-{enc(e['subject'])}_x{enc(e['relation'])}_x{enc(e['object'])}"
            for e in json.loads(p.stdout) if not e['refute_only']}


class Data(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.json, self._in = '', False

    def handle_starttag(self, tag, attrs):
        self._in = dict(attrs).get('id') == 'cg-data'

    def handle_data(self, d):
        if self._in:
            self.json += d

    def handle_endtag(self, tag):
        self._in = False


class Time(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def out(self, name):
        return os.path.join(self.tmp.name, name)

    def test_render_svg_draws_what_edges_lists(self):
        for data, filters in ((DATED, ['--as-of', '2011']), (DATED, ['--as-of', '2014-01-01']),
                              (DATED, ['--since', '2012-06']), (KOSOVO, ['--as-of', '2008-01-01']),
                              (KOSOVO, ['--as-of', '2013-06-15', '--min-confidence', '0.5'])):
            o = self.out('g.svg')
            p = run(['render', '--format', 'svg', '-o', o] + filters + [data])
            self.assertEqual(p.returncode, 0, p.stderr)
            drawn = set(re.findall(r'<g id="(e&#45;[^"]+)" class="edge', read(o)))
            drawn = {d.replace('&#45;', '-') for d in drawn}
            self.assertEqual(drawn, edge_ids(data, *filters), filters)

    def test_html_carries_only_the_claims_that_count(self):
        o = self.out('p.html')
        p = run(['render', '--format', 'html', '--as-of', '2011-05-16', '-o', o, DATED])
        self.assertEqual(p.returncode, 0, p.stderr)
        page = read(o)
        d = Data()
        d.feed(page)
        data = json.loads(d.json)
        # as of 2011-05-16: c1 (2009..2011-06), c4 (undated), c5 (from 2010-03-15), c8 (from 2011);
        # c3 starts 2011-05-17, c2/c6 from 2012, c7 ended 2010
        self.assertEqual(sorted(data['claims']), ['c1', 'c4', 'c5', 'c8'])
        self.assertEqual(data['claims']['c1']['valid_from'], '2009')
        self.assertEqual(data['claims']['c1']['valid_to'], '2011-06')
        self.assertIsNone(data['claims']['c5']['valid_from'])
        self.assertEqual(data['sources']['s1']['published'], '2010-03-15')
        self.assertIn('claims in force as of 2011-05-16', page)

    def test_since_in_the_page_description(self):
        o = self.out('s.html')
        p = run(['render', '--format', 'html', '--since', '2013', '-o', o, DATED])
        self.assertEqual(p.returncode, 0, p.stderr)
        page = read(o)
        d = Data()
        d.feed(page)
        self.assertEqual(sorted(json.loads(d.json)['claims']), ['c3', 'c8'])
        self.assertIn('claims published since 2013', page)

    def test_bad_dates_write_nothing(self):
        for cmd in (['render', '--format', 'html'], ['render', '--format', 'svg'], ['dot'], ['edges'], ['centrality'],
                    ['audit', '--texts', os.path.dirname(DATED)]):
            for opt, bad in (('--as-of', '2011-02-29'), ('--as-of', '2011-1'), ('--since', 'soon'), ('--since', '')):
                o = self.out('bad.out')
                p = run(cmd + [opt, bad, '-o', o, DATED])
                self.assertEqual(p.returncode, 2, (cmd, opt, bad, p.stderr))
                self.assertIn(f"{opt}: '{bad}' is not a valid ISO 8601 date", p.stderr.decode())
                self.assertFalse(os.path.exists(o))

    def test_every_filtering_command_documents_both(self):
        for cmd in ('edges', 'explain', 'centrality', 'dot', 'render', 'audit'):
            h = run([cmd, '--help']).stdout.decode()
            self.assertIn('--as-of DATE', h, cmd)
            self.assertIn('--since DATE', h, cmd)

    def test_since_the_beginning_leaves_out_only_undated_sources(self):
        # s4 is the only source without a published date
        for cmd in (['edges'], ['centrality'], ['dot']):
            a = run(cmd + ['--since', '0001', DATED])
            b = run(cmd + ['--exclude-source', 's4', DATED])
            self.assertEqual(a.returncode, 0, a.stderr)
            self.assertEqual(a.stdout.replace(b'; claims published since 0001', b''),
                             b.stdout.replace(b'; without source s4', b''), cmd)


if __name__ == '__main__':
    unittest.main(argv=[sys.argv[0], '-v'])
