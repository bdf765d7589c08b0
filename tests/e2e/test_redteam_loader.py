#!/usr/bin/env python3
"""The loader's red-team findings (issue 15), end to end: long arrays on one line load in linear
time (M1), DATA folders with symbolic links are walked once (M5), many tiny files take little
memory each (M7), old Mac line endings are named (m6), an endless input stops (m9).
Timings compare two sizes of the same input in the same run, with generous bounds.
Usage: test_redteam_loader.py BINARY SOURCE_DIR"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import unittest

BIN, ROOT = sys.argv[1], sys.argv[2]


def run(args, **kw):
    return subprocess.run([BIN] + args, capture_output=True, timeout=kw.pop('timeout', 120), **kw)


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def best_time(args, repeat=2, **kw):
    """Least CPU time (user + system: less sensitive than wall time to a busy machine) of `repeat`
    runs of claimgraph ARGS, and the last result."""
    best, p = None, None
    for _ in range(repeat):
        t = cpu_seconds()
        p = run(args, **kw)
        t = cpu_seconds() - t
        best = t if best is None else min(best, t)
    return best, p


SRC = '{"type":"source","id":"%s","title":"T","kind":"news"}\n'


class LinearArrays(unittest.TestCase):
    """M1: a position is computed only for a message that is shown, and an array's elements are
    located in one pass: 8 times the elements must not take 64 times as long."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return path

    def cites_file(self, n):
        ids = ['s%d' % i for i in range(n)]
        head = {"type": "source", "id": "top", "title": "T", "kind": "news", "cites": ids}
        return self.write('cites%d.jsonl' % n, json.dumps(head) + '\n' + ''.join(SRC % i for i in ids))

    def aliases_file(self, n):
        # one entity whose aliases are n empty arrays (n errors, 100 shown) and a valid string
        line = ('{"type":"entity","id":"e","name":"E","kind":"person","aliases":[' + '[],' * n + '"ok"]}\n')
        return self.write('aliases%d.jsonl' % n, SRC % 's' + line)

    def assert_linear(self, small, big, ratio, what):
        # linear: about `ratio` times as long; quadratic: ratio^2. Allow 3x the linear ratio, and
        # count the small size as no less than 50 ms (process start-up dominates below that).
        self.assertLess(big, 3 * ratio * max(small, 0.05),
                        '%s: %.3fs for the small input, %.3fs for %dx as many elements' % (what, small, big, ratio))

    def test_valid_cites(self):
        t1, p1 = best_time(['check', self.cites_file(25000)])
        t2, p2 = best_time(['check', self.cites_file(200000)])
        self.assertEqual(p1.returncode, 0, p1.stderr)
        self.assertEqual(p2.returncode, 0, p2.stderr)
        self.assert_linear(t1, t2, 8, 'cites')

    def test_bad_aliases(self):
        t1, p1 = best_time(['check', self.aliases_file(25000)])
        t2, p2 = best_time(['check', self.aliases_file(200000)])
        self.assertEqual(p2.returncode, 1)
        err = p2.stderr.decode()
        # the shown messages keep their columns: element i starts at column 55 + 3*i
        head = len('{"type":"entity","id":"e","name":"E","kind":"person","aliases":[')
        for i in (0, 1, 50):
            self.assertIn('aliases%d.jsonl:2:%d: error: entity \'e\': "aliases"[%d] must be a non-empty string'
                          % (200000, head + 1 + 3 * i, i), err)
        self.assertIn('(200000 error(s) in all)', err)
        self.assert_linear(t1, t2, 8, 'aliases')

    def test_cites_unknown_column(self):
        # the column kept for every cites element (reported when the id is unknown) is right
        # after many elements too, also with multi-byte characters before it
        ids = ['s%d' % i for i in range(3000)] + ['nope']
        head = '{"type":"source","id":"top","title":"\u00e9\u00e9","kind":"news","cites":['
        line = head + ','.join('"%s"' % i for i in ids) + ']}\n'
        path = self.write('unknown.jsonl', line + ''.join(SRC % i for i in ids[:-1]))
        p = run(['check', path])
        self.assertEqual(p.returncode, 1)
        col = len(line) - len('"nope"]}\n') + 1
        self.assertIn('unknown.jsonl:1:%d: error:' % col, p.stderr.decode())


class SymlinkFolders(unittest.TestCase):
    """M5: in a DATA folder each folder and each file is read once (by device and inode), so links
    to a parent, loops of links and links to a sibling add nothing; nesting deeper than 32 levels
    is one clear error."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def folder(self, rel, *records):
        d = os.path.join(self.root, rel)
        os.makedirs(d, exist_ok=True)
        if records:
            with open(os.path.join(d, 'r.jsonl'), 'w') as f:
                f.write(''.join(SRC % r for r in records))
        return d

    def check_ok(self, data, sources, files):
        p = run(['check', data], timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertIn('ok: %d source%s,' % (sources, '' if sources == 1 else 's'), p.stdout.decode())
        self.assertIn('in %d file%s' % (files, '' if files == 1 else 's'), p.stdout.decode())
        return p

    def test_two_self_links(self):
        d = self.folder('data', 's1')
        os.symlink('.', os.path.join(d, 'again'))
        os.symlink('.', os.path.join(d, 'more'))
        self.check_ok(d, 1, 1)

    def test_link_cycle(self):
        a = self.folder('data/a', 'sa')
        b = self.folder('data/b', 'sb')
        os.symlink('../b', os.path.join(a, 'to_b'))
        os.symlink('../a', os.path.join(b, 'to_a'))
        self.check_ok(os.path.join(self.root, 'data'), 2, 2)

    def test_link_to_sibling(self):
        self.folder('data/real', 's1', 's2')
        os.symlink('real', os.path.join(self.root, 'data', 'alias'))  # sorts first: read there, once
        os.symlink('real/r.jsonl', os.path.join(self.root, 'data', 'z.jsonl'))  # the same file again
        p = self.check_ok(os.path.join(self.root, 'data'), 2, 1)
        self.assertEqual(p.stderr, b'')
        # the same folder named twice on the command line is read once too
        p = run(['check', os.path.join(self.root, 'data'), os.path.join(self.root, 'data', 'real')])
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertIn('ok: 2 sources', p.stdout.decode())

    def test_too_deep(self):
        rel = '/'.join('d%d' % i for i in range(33))
        self.folder(rel + '/x', 's1')
        self.folder(rel + '/y', 's2')
        self.folder(rel + '/z', 's3')
        p = run(['check', os.path.join(self.root, 'd0')], timeout=30)
        self.assertEqual(p.returncode, 1)
        err = p.stderr.decode()
        self.assertEqual(err.count('nested more than 32 levels deep'), 1, err)
        self.assertIn(rel + '/x: error: folders nested more than 32 levels deep', err)
        # 32 levels below DATA are fine
        p = run(['check', os.path.join(self.root, 'd0', 'd1')], timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertIn('ok: 3 sources', p.stdout.decode())


class LineEndings(unittest.TestCase):
    """m6: a file whose lines end with CR alone is named as such (the case
    cases/invalid/cr_only_line_endings checks the message and column; here: every way in)."""

    def test_cr_only(self):
        recs = [SRC % 's1', '{"type":"entity","id":"a","name":"A","kind":"person"}\n']
        text = ''.join(r.rstrip('\n') + '\r' for r in recs).encode()
        want = b':1:%d: error: line ends with a carriage return only (old Mac line endings)' % len(recs[0])
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'mac.jsonl')
            with open(path, 'wb') as f:
                f.write(text)
            for args in (['check', path], ['check', '--threads', '1', path], ['stats', path]):
                p = run(args)
                self.assertEqual(p.returncode, 1)
                self.assertIn(b'mac.jsonl' + want, p.stderr)
            p = run(['check', '-'], input=text)  # standard input: read as a stream
            self.assertEqual(p.returncode, 1)
            self.assertIn(b'<stdin>' + want, p.stderr)
            # CR LF and CR CR LF stay fine; other trailing text keeps the JSON message
            for good in (text.replace(b'\r', b'\r\n'), text.replace(b'\r', b'\r\r\n')):
                p = run(['check', '-'], input=good)
                self.assertEqual(p.returncode, 0, p.stderr)
            p = run(['check', '-'], input=text.replace(b'\r', b' ', 1))
            self.assertNotIn(b'carriage return', p.stderr)
            self.assertIn(b'invalid JSON', p.stderr)


class EndlessInput(unittest.TestCase):
    """m9: an input that is not a regular file has no size: --max-input-bytes (16 GiB by default)
    bounds it, and reading stops with an error."""

    def test_dev_zero(self):
        p = run(['check', '--max-input-bytes', '50000000', '--max-line-bytes', '1000000', '/dev/zero'], timeout=60)
        self.assertEqual(p.returncode, 1)
        err = p.stderr.decode()
        self.assertIn('/dev/zero:1:1: error: line longer than 1000000 bytes', err)
        self.assertIn('/dev/zero: error: not a regular file, and longer than 50000000 bytes: reading stopped '
                      '(raise the limit with --max-input-bytes)', err)
        self.assertNotIn('read error', err)

    def test_dev_zero_default(self):
        # the default limit: 16 GiB of zeros, a few seconds
        p = run(['check', '/dev/zero'], timeout=300)
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'longer than 17179869184 bytes: reading stopped', p.stderr)

    def test_endless_pipe(self):
        # endless blank lines on standard input (each is valid and skipped)
        yes = subprocess.Popen(['yes', ''], stdout=subprocess.PIPE)
        try:
            p = subprocess.run([BIN, 'check', '--max-input-bytes', '20000000', '-'], stdin=yes.stdout,
                               capture_output=True, timeout=60)
        finally:
            yes.kill()
            yes.wait()
            yes.stdout.close()
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'<stdin>: error: not a regular file, and longer than 20000000 bytes', p.stderr)

    def test_regular_files_unbounded(self):
        # a regular file has a size: the limit does not apply to it; a stream under it loads
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'big.jsonl')
            with open(path, 'w') as f:
                f.write(''.join(SRC % ('s%d' % i) for i in range(20000)))
            p = run(['check', '--max-input-bytes', '1000', path])
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(path, 'rb') as f:
                data = f.read()
            p = run(['check', '--max-input-bytes', str(len(data)), '-'], input=data)
            self.assertEqual(p.returncode, 0, p.stderr)
            p = run(['check', '--max-input-bytes', str(len(data) - 1), '-'], input=data)
            self.assertEqual(p.returncode, 1)
            self.assertIn(b'longer than %d bytes' % (len(data) - 1), p.stderr)


def peak_rss_kb(args):
    """Peak resident memory (KB) of claimgraph ARGS, measured in a fresh process (getrusage of its
    children) so that earlier runs do not count. ASan's quarantine of freed memory is turned off
    for it: the quarantine (256 MB) would be counted as if the program kept that memory."""
    env = dict(os.environ)
    env['ASAN_OPTIONS'] = (env.get('ASAN_OPTIONS', '') + ':quarantine_size_mb=0').lstrip(':')
    code = ('import resource, subprocess, sys\n'
            'p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n'
            'sys.stderr.buffer.write(p.stderr)\n'
            'print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n')
    p = subprocess.run([sys.executable, '-c', code, BIN] + args, capture_output=True, env=env, timeout=600)
    rc, kb = p.stdout.split()
    return int(rc), int(kb), p.stderr


class ManyTinyFiles(unittest.TestCase):
    """M7: a folder of many one-record files: the chunks of every file share their arenas and
    pools, so each file costs its records, not tables of its own (it was about 48 KB a file)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def tree(self, n):
        root = os.path.join(self.tmp.name, 'tiny%d' % n)
        for i in range(n):
            sub = os.path.join(root, 'd%03d' % (i % 100))
            os.makedirs(sub, exist_ok=True)
            with open(os.path.join(sub, 'f%06d.jsonl' % i), 'w') as f:
                f.write(SRC % ('s%d' % i))
                if i % 2:  # claims too (their ids go to the id pools)
                    f.write('{"type":"claim","id":"c%d","subject":"e%d","relation":"associate_of",'
                            '"object":"e%d","source":"s%d"}\n' % (i, i - 1, i, i))
                f.write('{"type":"entity","id":"e%d","name":"E %d","kind":"person"}\n' % (i, i))
        return root

    def test_memory_per_file(self):
        # (sizes kept small for the sanitizer build, where a file costs a few ms of CPU)
        small, big = self.tree(800), self.tree(6000)
        rc1, kb1, err1 = peak_rss_kb(['check', small])
        rc2, kb2, err2 = peak_rss_kb(['check', big])
        self.assertEqual(rc1, 0, err1)
        self.assertEqual(rc2, 0, err2)
        per_file = (kb2 - kb1) / 5200
        self.assertLess(per_file, 4, 'peak RSS %d KB for 800 files, %d KB for 6000: %.1f KB a file' %
                        (kb1, kb2, per_file))

    def test_same_output_any_threads(self):
        data = self.tree(800)
        outs = [run(['stats', '--format', 'json', '--threads', t, data]) for t in ('1', '2', '5')]
        for p in outs:
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stdout, outs[0].stdout)
        outs = [run(['centrality', '--format', 'csv', '--threads', t, data]) for t in ('1', '3')]
        self.assertEqual(outs[0].returncode, 0, outs[0].stderr)
        self.assertEqual(outs[0].stdout, outs[1].stdout)


if __name__ == '__main__':
    unittest.main(argv=sys.argv[:1] + sys.argv[3:], verbosity=2)
