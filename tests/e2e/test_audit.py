#!/usr/bin/env python3
"""End-to-end tests of `claimgraph audit`: exit codes, the documented JSON keys, HTML that parses
and carries hostile data only escaped, atomic -o, --strict, --allow-unsourced, filters.
Usage: test_audit.py BINARY SOURCE_DIR"""
import hashlib
import html.parser
import json
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

BIN = sys.argv[1]
ROOT = sys.argv[2]

TIP = 'The report finds that Alpha leads Beta. Officials in the Café district protect the network.\n'.encode()
KOHA = 'Koha relays the report: Alpha leads Beta, the Δ group says.\n'.encode()
HOSTILE_QUOTE = '"><img src=x onerror=alert(1)> and <script>alert(1)</script>'

# The keys README "Audit" documents, in order.
SUMMARY_KEYS = ['line', 'passed', 'strict', 'allow_unsourced', 'publication_threshold', 'filters', 'claims',
                'claims_filtered_out', 'spans', 'spans_verified', 'spans_failed', 'spans_unchecked', 'errors',
                'findings', 'files_hashed', 'files_skipped', 'texts_expected', 'texts_found', 'by_kind']
KINDS = ['text_missing', 'no_text_hash', 'no_evidence', 'span_out_of_bounds', 'span_not_on_boundary',
         'span_hash_mismatch', 'span_not_utf8', 'single_origin', 'all_anonymous', 'collapsed_corroboration',
         'possible_common_origin', 'cites_cycle', 'unused_entity', 'unused_source', 'disputed', 'alleged_only']
TEXT_KEYS = ['source', 'text_sha256', 'file']
ERROR_KEYS = ['kind', 'claim', 'source', 'span', 'message', 'text_now', 'claims']
SPAN_REF_KEYS = ['index', 'start', 'end', 'sha256']
FINDING_KEYS = ['kind', 'message', 'edge', 'claims', 'sources', 'chain', 'chain_omitted', 'entity', 'shared_wording']
EDGE_KEYS = ['subject', 'relation', 'object', 'directed', 'confidence', 'refute_confidence', 'origins', 'status',
             'claims']
CLAIM_KEYS = ['id', 'subject', 'relation', 'object', 'source', 'voice', 'anonymous', 'status', 'stance', 'summary',
              'caveat', 'source_caveat', 'notes', 'spans']
SPAN_KEYS = ['start', 'end', 'sha256', 'verified', 'result', 'quote']


def sha(b):
    return hashlib.sha256(b).hexdigest()


def span(text, passage):
    p = passage.encode() if isinstance(passage, str) else passage
    start = text.index(p)
    return {'start': start, 'end': start + len(p), 'sha256': sha(p)}


def records(tip=TIP, koha=KOHA, extra=()):
    r = [
        {'type': 'entity', 'id': 'alpha', 'name': 'Alpha', 'kind': 'person'},
        {'type': 'entity', 'id': 'beta', 'name': 'Beta', 'kind': 'organization'},
        {'type': 'entity', 'id': 'gamma', 'name': 'Gamma', 'kind': 'person'},
        {'type': 'source', 'id': 'tip', 'title': 'TIP', 'kind': 'government_report', 'text_sha256': sha(tip)},
        {'type': 'source', 'id': 'koha', 'title': 'Koha', 'kind': 'news', 'cites': ['tip'], 'text_sha256': sha(koha)},
        {'type': 'claim', 'id': 'tip-1', 'subject': 'alpha', 'relation': 'leads', 'object': 'beta', 'source': 'tip',
         'evidence': [span(TIP, 'Alpha leads Beta')], 'summary': 'Alpha leads Beta.', 'confidence': 0.6},
        {'type': 'claim', 'id': 'tip-2', 'subject': 'gamma', 'relation': 'protects', 'object': 'beta',
         'source': 'tip', 'evidence': [span(TIP, 'Officials in the Café district protect')], 'confidence': 0.3},
        {'type': 'claim', 'id': 'koha-1', 'subject': 'alpha', 'relation': 'leads', 'object': 'beta',
         'source': 'koha', 'evidence': [span(KOHA, 'Alpha leads Beta')], 'confidence': 0.5},
    ]
    return r + list(extra)


def run(args, cwd=None):
    return subprocess.run([BIN] + args, capture_output=True, timeout=120, cwd=cwd)


class Audit(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name
        self.texts = os.path.join(self.d, 'texts')
        os.makedirs(os.path.join(self.texts, 'sub'))
        self.write_text('reviewer copy of tip.txt', TIP)
        self.write_text('sub/k', KOHA)
        self.data = os.path.join(self.d, 'data.jsonl')
        self.write_data(records())

    def tearDown(self):
        self.tmp.cleanup()

    def write_text(self, rel, b):
        with open(os.path.join(self.texts, rel), 'wb') as f:
            f.write(b)

    def write_data(self, recs):
        with open(self.data, 'w', encoding='utf-8') as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + '\n')

    def audit(self, *args):
        return run(['audit', self.data, '--texts', self.texts] + list(args))

    def audit_json(self, *args):
        p = self.audit('--format', 'json', *args)
        return p, json.loads(p.stdout)

    # ---- exit codes ----

    def test_clean(self):
        p = self.audit()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(p.stdout.startswith(b'# claimgraph audit\n'))
        self.assertIn(b'audit: 3 claims, 3 of 3 spans verified, 0 errors,', p.stdout)
        self.assertIn(b'> Alpha leads Beta', p.stdout)  # the quote, read from the folder
        self.assertEqual(p.stderr, b'')

    def test_usage_and_io_errors(self):
        self.assertEqual(run(['audit', self.data]).returncode, 2)  # no --texts
        p = run(['audit', self.data, '--texts', os.path.join(self.d, 'missing')])
        self.assertEqual(p.returncode, 2)
        self.assertIn(b'cannot open the texts folder', p.stderr)
        self.assertEqual(run(['audit', self.data, '--texts', self.data]).returncode, 2)  # not a folder
        self.assertEqual(self.audit('--format', 'xml').returncode, 2)
        self.assertEqual(self.audit('--publication-threshold', '1.5').returncode, 2)
        self.assertEqual(self.audit('--source-kind', 'blog').returncode, 2)
        self.assertEqual(self.audit('--source', 'nope').returncode, 1)  # unknown source: a data error

    def test_invalid_dataset(self):
        with open(self.data, 'a') as f:
            f.write('{"type":"claim"}\n')
        self.assertEqual(self.audit().returncode, 1)

    def test_flipped_byte_in_text(self):
        # the reviewer's copy differs by one byte inside a quoted passage: its hash no longer
        # matches the source's text_sha256, and the closest file names the claim whose passage changed
        self.write_text('reviewer copy of tip.txt', TIP.replace(b'Alpha leads', b'Alpha Leads'))
        p = self.audit()
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"source 'tip': no file in the texts folder has exactly its text", p.stdout)
        self.assertIn(b'the closest file, reviewer copy of tip.txt, differs from it: 1 of 2 spans still match', p.stdout)
        self.assertIn(b"span\\_hash\\_mismatch**: claim 'tip-1', span 1", p.stdout)
        self.assertNotIn(b"claim 'tip-2', span", p.stdout)
        # the dataset updated to the new text but not the span: the claim and the span are named
        changed = TIP.replace(b'Alpha leads', b'Alpha Leads')
        recs = records(tip=changed)
        self.write_data(recs)
        p, j = self.audit_json()
        self.assertEqual(p.returncode, 1)
        self.assertEqual([e['kind'] for e in j['errors']], ['span_hash_mismatch'])
        e = j['errors'][0]
        self.assertEqual(e['claim'], 'tip-1')
        self.assertEqual(e['source'], 'tip')
        self.assertEqual(e['span']['start'], TIP.index(b'Alpha leads'))
        self.assertEqual(e['text_now'], 'Alpha Leads Beta')
        self.assertIn("claim 'tip-1'", e['message'])
        self.assertFalse(j['claims'][0]['spans'][0]['verified'])
        self.assertIsNone(j['claims'][0]['spans'][0]['quote'])

    def test_unsourced(self):
        self.write_data(records(extra=[{'type': 'claim', 'id': 'bare', 'subject': 'alpha', 'relation': 'funds',
                                        'object': 'gamma', 'source': 'tip'}]))
        p, j = self.audit_json()
        self.assertEqual(p.returncode, 1)
        self.assertEqual(j['errors'][0]['kind'], 'no_evidence')
        self.assertEqual(j['errors'][0]['claim'], 'bare')
        p = self.audit('--allow-unsourced')
        self.assertEqual(p.returncode, 0, p.stdout)

    def test_strict(self):
        p, j = self.audit_json()
        self.assertEqual(p.returncode, 0)
        self.assertGreater(j['summary']['findings'], 0)
        p, j = self.audit_json('--strict')
        self.assertEqual(p.returncode, 1)
        self.assertFalse(j['summary']['passed'])
        self.assertEqual(j['summary']['errors'], 0)

    # ---- JSON ----

    def test_json_keys(self):
        self.write_data(records(extra=[
            {'type': 'entity', 'id': 'lonely', 'name': 'Lonely', 'kind': 'person'},
            {'type': 'claim', 'id': 'oob', 'subject': 'alpha', 'relation': 'funds', 'object': 'gamma',
             'source': 'tip', 'evidence': [{'start': 5, 'end': 5000, 'sha256': '0' * 64}]}]))
        p, j = self.audit_json()
        self.assertEqual(p.returncode, 1)
        self.assertEqual(list(j), ['summary', 'texts', 'errors', 'findings', 'claims'])
        self.assertEqual(list(j['summary']), SUMMARY_KEYS)
        self.assertEqual(list(j['summary']['by_kind']), KINDS)
        s = j['summary']
        self.assertEqual((s['claims'], s['spans'], s['spans_verified'], s['spans_failed']), (4, 4, 3, 1))
        self.assertEqual((s['texts_expected'], s['texts_found'], s['files_hashed']), (2, 2, 2))
        self.assertEqual(s['line'].split(',')[0], 'audit: 4 claims')
        for t in j['texts']:
            self.assertEqual(list(t), TEXT_KEYS)
        self.assertEqual({t['source']: t['file'] for t in j['texts']},
                         {'koha': 'sub/k', 'tip': 'reviewer copy of tip.txt'})
        self.assertEqual(len(j['errors']), 1)
        for e in j['errors']:
            self.assertEqual(list(e), ERROR_KEYS)
            self.assertEqual(list(e['span']), SPAN_REF_KEYS)
        self.assertEqual(j['errors'][0]['kind'], 'span_out_of_bounds')
        self.assertEqual(j['errors'][0]['text_now'], TIP[5:].decode())
        kinds = set()
        for f in j['findings']:
            self.assertEqual(list(f), FINDING_KEYS)
            self.assertIn(f['kind'], KINDS)
            kinds.add(f['kind'])
            if f['edge'] is not None:
                self.assertEqual(list(f['edge']), EDGE_KEYS)
        self.assertTrue({'single_origin', 'collapsed_corroboration', 'unused_entity'} <= kinds)
        for c in j['claims']:
            self.assertEqual(list(c), CLAIM_KEYS)
            for sp in c['spans']:
                self.assertEqual(list(sp), SPAN_KEYS)
        self.assertEqual(j['claims'][1]['spans'][0]['quote'], 'Officials in the Café district protect')

    def test_collapsed_corroboration(self):
        p, j = self.audit_json()
        col = [f for f in j['findings'] if f['kind'] == 'collapsed_corroboration']
        self.assertEqual(len(col), 1)
        self.assertEqual(col[0]['claims'], ['tip-1', 'koha-1'])
        self.assertEqual(col[0]['chain'], ['tip', 'koha'])
        self.assertIn('tip is cited by koha', col[0]['message'])
        self.assertEqual(col[0]['edge']['origins'], 1)

    def test_filters(self):
        p, j = self.audit_json('--source', 'koha')
        self.assertEqual(p.returncode, 0)
        self.assertEqual(j['summary']['claims'], 1)
        self.assertEqual(j['summary']['claims_filtered_out'], 2)
        self.assertEqual(j['summary']['filters'], 'only sources koha')
        self.assertEqual([c['id'] for c in j['claims']], ['koha-1'])
        p = self.audit('--source', 'koha')
        self.assertIn(b'2 left out by the filters are not audited', p.stdout)

    # ---- HTML ----

    def hostile_setup(self):
        text = ('Intro. ' + HOSTILE_QUOTE + ' end.\n').encode()
        self.write_text('hostile.txt', text)
        self.write_data(records(extra=[
            {'type': 'source', 'id': 'h', 'title': '</title><script>alert(2)</script>', 'kind': 'news',
             'text_sha256': sha(text)},
            {'type': 'claim', 'id': 'h-1', 'subject': 'alpha', 'relation': 'funds', 'object': 'beta',
             'source': 'h', 'evidence': [span(text, HOSTILE_QUOTE)], 'summary': '<script>alert(1)</script>',
             'attributed_to': '"><img src=x onerror=alert(1)>'}]))

    def test_html_escaped(self):
        self.hostile_setup()
        p = self.audit('--format', 'html')
        self.assertEqual(p.returncode, 0, p.stderr)
        out = p.stdout.decode()
        self.assertNotIn('<script', out)
        self.assertNotIn('<img', out)
        self.assertNotIn('http://', out.replace('http://www.w3.org', ''))  # no external requests
        root = ET.fromstring(p.stdout)  # well-formed
        quotes = [''.join(b.itertext()) for b in root.iter('blockquote')]
        self.assertIn(HOSTILE_QUOTE, quotes)  # the exact passage, after unescaping
        texts = ''.join(root.itertext())
        self.assertIn('<script>alert(1)</script>', texts)

        class P(html.parser.HTMLParser):
            tags = []

            def handle_starttag(self, tag, attrs):
                self.tags.append(tag)
        parser = P()
        parser.feed(out)
        self.assertNotIn('script', parser.tags)
        self.assertNotIn('img', parser.tags)
        self.assertIn('blockquote', parser.tags)

    def test_md_and_json_hostile(self):
        self.hostile_setup()
        p = self.audit()
        md = p.stdout.decode()
        for i, ch in enumerate(md):
            if ch == '<':
                self.assertEqual(md[i - 1], '\\', md[i - 20:i + 20])
        p, j = self.audit_json()
        c = [c for c in j['claims'] if c['id'] == 'h-1'][0]
        self.assertEqual(c['spans'][0]['quote'], HOSTILE_QUOTE)
        self.assertEqual(c['summary'], '<script>alert(1)</script>')

    # ---- -o ----

    def test_output_atomic(self):
        out = os.path.join(self.d, 'report.md')
        # failures before the report exists leave no file
        p = run(['audit', self.data, '--texts', os.path.join(self.d, 'missing'), '-o', out])
        self.assertEqual(p.returncode, 2)
        self.assertFalse(os.path.exists(out))
        with open(self.data, 'a') as f:
            f.write('not json\n')
        p = self.audit('-o', out)
        self.assertEqual(p.returncode, 1)
        self.assertFalse(os.path.exists(out))
        self.write_data(records())
        # an existing file is kept when the audit cannot run
        with open(out, 'w') as f:
            f.write('old')
        run(['audit', self.data, '--texts', os.path.join(self.d, 'missing'), '-o', out])
        with open(out) as f:
            self.assertEqual(f.read(), 'old')
        # success: the report in the file, the summary line on stderr
        p = self.audit('-o', out, '--format', 'json')
        self.assertEqual(p.returncode, 0)
        self.assertTrue(p.stderr.startswith(b'audit: 3 claims, 3 of 3 spans verified, 0 errors'))
        with open(out) as f:
            self.assertTrue(json.load(f)['summary']['passed'])
        self.assertEqual([n for n in os.listdir(self.d) if n.startswith('.report')], [])  # no temp left

    def test_report_written_when_audit_fails(self):
        out = os.path.join(self.d, 'report.html')
        self.write_text('reviewer copy of tip.txt', b'something else')
        p = self.audit('-o', out, '--format', 'html')
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'1 error', p.stderr)
        ET.parse(out)

    # ---- the folder ----

    def test_symlinks_skipped_and_help(self):
        os.remove(os.path.join(self.texts, 'sub', 'k'))
        outside = os.path.join(self.d, 'outside')
        os.makedirs(outside)
        with open(os.path.join(outside, 'k'), 'wb') as f:
            f.write(KOHA)
        os.symlink(os.path.join(outside, 'k'), os.path.join(self.texts, 'k-link'))
        p, j = self.audit_json()
        self.assertEqual(p.returncode, 1)
        self.assertEqual(j['errors'][0]['kind'], 'text_missing')
        self.assertEqual(j['errors'][0]['source'], 'koha')
        self.assertEqual(j['summary']['files_skipped'], 1)
        h = run(['audit', '--help'])
        self.assertEqual(h.returncode, 0)
        self.assertIn(b'symbolic links are skipped', h.stdout)

    def test_deterministic(self):
        for fmt in ('md', 'json', 'html'):
            a = self.audit('--format', fmt).stdout
            b = run(['audit', self.data, '--texts', self.texts + '/', '--format', fmt]).stdout
            self.assertEqual(a, b, fmt)

    def test_kosovo_counts(self):
        seeds = os.path.join(ROOT, '..', 'shared', 'seeds')
        if not os.path.isdir(seeds):
            self.skipTest('no seed texts')
        p = run(['audit', os.path.join(ROOT, 'datasets', 'kosovo'), '--texts', seeds, '--format', 'json'])
        self.assertEqual(p.returncode, 0, p.stdout[:2000])
        s = json.loads(p.stdout)['summary']
        self.assertEqual(s['errors'], 0)
        self.assertEqual(s['spans'], s['spans_verified'])


if __name__ == '__main__':
    unittest.main(argv=sys.argv[:1], verbosity=2)
