#!/usr/bin/env python3
"""End-to-end tests of the claimgraph command-line tool: help, exit codes, inputs (files,
directories, stdin), and atomic outputs (no partial or empty file on failure).
Usage: test_cli.py BINARY SOURCE_DIR"""
import os
import resource
import signal
import subprocess
import sys
import tempfile
import unittest

BIN = sys.argv[1]
ROOT = sys.argv[2]

SRC = '{"type":"source","id":"s1","title":"Report","kind":"news","reliability":"B"}\n'
ENTS = ('{"type":"entity","id":"a","name":"Alpha","kind":"person"}\n'
        '{"type":"entity","id":"b","name":"Beta","kind":"organization"}\n')
CLAIM = '{"type":"claim","id":"c1","subject":"a","relation":"member_of","object":"b","source":"s1"}\n'
VALID = SRC + ENTS + CLAIM
INVALID = SRC + ENTS + CLAIM.replace('"b"', '"zz"')


def run(args, stdin=None, cwd=None, preexec=None):
    return subprocess.run([BIN] + args, input=stdin, capture_output=True, cwd=cwd, timeout=120,
                          preexec_fn=preexec)


class Help(unittest.TestCase):
    COMMANDS = ['check', 'stats', 'edges', 'explain', 'centrality', 'dot', 'render', 'locate', 'audit']

    def test_main_help(self):
        p = run(['--help'])
        self.assertEqual(p.returncode, 0)
        self.assertIn(b'Usage: claimgraph COMMAND', p.stdout)
        for c in self.COMMANDS:
            self.assertIn(c.encode(), p.stdout)

    def test_command_help(self):
        for c in self.COMMANDS:
            p = run([c, '--help'])
            self.assertEqual(p.returncode, 0, c)
            self.assertTrue(p.stdout.startswith(b'Usage: claimgraph ' + c.encode()), c)
            self.assertEqual(p.stderr, b'')

    def test_version(self):
        p = run(['--version'])
        self.assertEqual(p.returncode, 0)
        self.assertRegex(p.stdout.decode(), r'^claimgraph \d+\.\d+\.\d+\n$')

    def test_usage_errors(self):
        p = run([])
        self.assertEqual(p.returncode, 2)
        p = run(['chek'])
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"did you mean 'check'", p.stderr)
        p = run(['stats', '--fromat', 'json'])
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"did you mean '--format'", p.stderr)
        p = run(['stats', '--format'])
        self.assertEqual(p.returncode, 2)
        p = run(['stats', '--format', 'xml'], stdin=VALID.encode())
        self.assertEqual(p.returncode, 2)
        self.assertTrue(p.stderr.startswith(b'claimgraph stats: error:'))


class Inputs(unittest.TestCase):
    def test_stdin(self):
        for args in (['check'], ['check', '-']):
            p = run(args, stdin=VALID.encode())
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn(b'ok: 1 source, 2 entities, 1 claim', p.stdout)
        p = run(['check'], stdin=INVALID.encode())
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"<stdin>:4:", p.stderr)

    def test_stdin_columns_match_file(self):
        # Standard input cannot be read again, so the columns a claim's errors may need are found
        # while it is parsed (all five in one pass over the line); a file's are found afterwards by
        # reading the line again. Both must name the same columns: members in any order, text with
        # multi-byte characters before and after the references, every kind of unknown reference,
        # duplicate ids; several blocks' worth of lines so that the threads share them.
        import random
        rnd = random.Random(8)
        ents = ['e%d' % i for i in range(20)]
        lines = [SRC] + ['{"type":"entity","id":"%s","name":"Ë %s","kind":"person"}\n' % (e, e) for e in ents]
        for i in range(4000):
            a, b = rnd.sample(ents, 2)
            rel, src, cid = 'associate_of', 's1', 'c%d' % (i if i % 97 else 3)
            k = i % 41
            if k == 1: a = 'nobody%d' % i
            elif k == 2: b = 'nobody%d' % i
            elif k == 3: rel = 'knows_nobody'
            elif k == 4: src = 'nowhere'
            members = ['"subject":"%s"' % a, '"relation":"%s"' % rel, '"object":"%s"' % b,
                       '"source":"%s"' % src, '"id":"%s"' % cid, '"summary":"%s"' % ('żółw ' * rnd.randrange(1, 6)),
                       '"type":"claim"']
            rnd.shuffle(members)
            lines.append('{' + ','.join(members) + '}\n')
        text = ''.join(lines)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'cols.jsonl')
            with open(path, 'w') as f:
                f.write(text)
            for t in ('1', '2'):
                from_file = run(['check', '--threads', t, path])
                from_stdin = run(['check', '--threads', t, '-'], stdin=text.encode())
                self.assertEqual(from_file.returncode, 1)
                want = from_file.stderr.decode().replace(path, '<stdin>').splitlines()
                for kind in ("subject 'nobody", "object 'nobody", "relation 'knows_nobody", "source 'nowhere",
                             'duplicate claim id'):
                    self.assertTrue(any(kind in l for l in want), kind)
                # c3 is claims 0, 3, 97, 194, ...: 42 duplicates of line 22 (the claim index grows
                # while the claims come, from standard input without an expected count)
                dups = [l for l in want if 'duplicate claim id' in l]
                self.assertEqual(len(dups), 42, dups)
                self.assertTrue(all("claim 'c3': duplicate claim id (first defined at %s:22)" % path in l
                                    for l in from_file.stderr.decode().splitlines() if 'duplicate claim id' in l))
                self.assertEqual(from_stdin.stderr.decode().splitlines(), want, '--threads ' + t)

    def test_directory_and_order(self):
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, 'sub'))
            # the claim comes first (sorted: a-claims.jsonl < b-... < sub/...)
            open(os.path.join(d, 'a-claims.jsonl'), 'w').write(CLAIM)
            open(os.path.join(d, 'b-sources.jsonl'), 'w').write(SRC)
            open(os.path.join(d, 'sub', 'entities.jsonl'), 'w').write(ENTS)
            open(os.path.join(d, 'notes.txt'), 'w').write('not a dataset file')
            p = run(['check', d])
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn(b'in 3 files', p.stdout)

    def test_missing_file(self):
        p = run(['check', '/nonexistent/x.jsonl'])
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'/nonexistent/x.jsonl: error: cannot read', p.stderr)


class Locate(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.text = os.path.join(self.dir.name, 'text.txt')
        open(self.text, 'wb').write('He said \u201cthe big guys\nrun it\u201d and the big guys agreed.\n'.encode())

    def tearDown(self):
        self.dir.cleanup()

    def test_span(self):
        p = run(['locate', '--text', self.text, 'the big guys run it'])
        self.assertEqual(p.returncode, 0, p.stderr)
        import hashlib
        import json
        span = json.loads(p.stdout)
        data = open(self.text, 'rb').read()
        self.assertEqual(data[span['start']:span['end']], b'the big guys\nrun it')
        self.assertEqual(hashlib.sha256(data[span['start']:span['end']]).hexdigest(), span['sha256'])

    def test_not_found_and_ambiguous(self):
        p = run(['locate', '--text', self.text, 'the small guys'])
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'does not occur', p.stderr)
        p = run(['locate', '--text', self.text, 'the big guys'])
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'occurs 2 times', p.stderr)
        p = run(['locate', '--text', self.text, '--occurrence', '2', 'the big guys'])
        self.assertEqual(p.returncode, 0)
        self.assertIn(b'"start":38,', p.stdout)
        p = run(['locate', '--text', self.text, '--occurrence', '3', 'the big guys'])
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'only 2 times', p.stderr)

    def test_usage(self):
        self.assertEqual(run(['locate', 'x']).returncode, 2)
        self.assertEqual(run(['locate', '--text', self.text]).returncode, 2)
        self.assertEqual(run(['locate', '--text', '/nonexistent', 'x']).returncode, 1)


class Outputs(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.d = self.dir.name
        self.valid = os.path.join(self.d, 'valid.jsonl')
        self.invalid = os.path.join(self.d, 'invalid.jsonl')
        open(self.valid, 'w').write(VALID)
        open(self.invalid, 'w').write(INVALID)

    def tearDown(self):
        self.dir.cleanup()

    def listing(self):
        return sorted(os.listdir(self.d))

    def test_success_writes_file(self):
        out = os.path.join(self.d, 'stats.json')
        p = run(['stats', '--format', 'json', '-o', out, self.valid])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout, b'')
        self.assertIn('"claim": 1', open(out).read())
        self.assertEqual(self.listing(), ['invalid.jsonl', 'stats.json', 'valid.jsonl'])

    def test_failure_leaves_no_file(self):
        out = os.path.join(self.d, 'stats.json')
        p = run(['stats', '-o', out, self.invalid])
        self.assertEqual(p.returncode, 1)
        self.assertFalse(os.path.exists(out))
        self.assertEqual(self.listing(), ['invalid.jsonl', 'valid.jsonl'])

    def test_failure_keeps_old_file(self):
        out = os.path.join(self.d, 'stats.txt')
        open(out, 'w').write('previous content\n')
        p = run(['stats', '-o', out, self.invalid])
        self.assertEqual(p.returncode, 1)
        self.assertEqual(open(out).read(), 'previous content\n')
        self.assertEqual(self.listing(), ['invalid.jsonl', 'stats.txt', 'valid.jsonl'])

    def test_full_device(self):
        p = run(['stats', '-o', '/dev/full', self.valid])
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'/dev/full: error: cannot write', p.stderr)

    def test_file_size_limit_keeps_old_file(self):
        # A write that fails half-way (file size limit, like a full disk): the old file stays.
        out = os.path.join(self.d, 'stats.txt')
        open(out, 'w').write('previous content\n')

        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))
        p = run(['stats', '-o', out, self.valid], preexec=limit)
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'cannot write', p.stderr)
        self.assertEqual(open(out).read(), 'previous content\n')
        self.assertEqual(self.listing(), ['invalid.jsonl', 'stats.txt', 'valid.jsonl'])

    def test_output_is_directory(self):
        p = run(['stats', '-o', self.d, self.valid])
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'is a directory', p.stderr)


class ThreadsSamplingProgress(unittest.TestCase):
    """--threads never changes the output (parallel parsing and the parallel Brandes kernel merge
    in a fixed order); --samples/--epsilon/--seed estimates are reported as such and reproducible;
    --progress/--no-progress."""

    @classmethod
    def setUpClass(cls):
        cls.d = tempfile.mkdtemp()
        cls.data = os.path.join(cls.d, 'synthetic.jsonl')
        gen = os.path.join(ROOT, 'tests', 'bench', 'gen_dataset.py')
        subprocess.run([sys.executable, gen, '6000', '7', cls.data], check=True, capture_output=True, timeout=120)

    @classmethod
    def tearDownClass(cls):
        import shutil
        shutil.rmtree(cls.d)

    def centrality(self, *args):
        p = run(['centrality', '--format', 'csv', '--no-progress'] + list(args) + [self.data])
        self.assertEqual(p.returncode, 0, p.stderr[:500])
        return p

    def test_threads_do_not_change_output(self):
        base = self.centrality('--threads', '1')
        self.assertGreater(len(base.stdout.splitlines()), 1000)
        for t in ('2', '3', '8'):
            self.assertEqual(self.centrality('--threads', t).stdout, base.stdout, '--threads ' + t)
        for cmd in (['edges'], ['check'], ['dot', '--no-legend']):
            outs = {run(cmd + ['--threads', t, self.data]).stdout for t in ('1', '2', '5')}
            self.assertEqual(len(outs), 1, cmd[0])

    def test_duplicate_claims_at_scale(self):
        # 60 000 claims (the claim index is then filled by several threads, one table each),
        # some ids given again, three times for one, in shuffled order: every duplicate is
        # reported once, at its later line, naming the first definition, for any thread count
        import random
        rnd = random.Random(11)
        lines = [SRC] + ['{"type":"entity","id":"e%d","name":"E %d","kind":"person"}\n' % (i, i)
                         for i in range(50)]
        ids = ['c%d' % i for i in range(60000)]
        for _ in range(30):
            ids[rnd.randrange(1, 60000)] = ids[rnd.randrange(0, 60000)]
        ids[59999] = ids[59998] = ids[3]
        for cid in ids:
            a, b = rnd.sample(range(50), 2)
            lines.append('{"type":"claim","id":"%s","subject":"e%d","relation":"associate_of",'
                         '"object":"e%d","source":"s1"}\n' % (cid, a, b))
        rnd.shuffle(lines)
        path = os.path.join(self.d, 'dups.jsonl')
        with open(path, 'w') as f:
            f.write(''.join(lines))
        first, expected = {}, []
        for no, line in enumerate(lines, 1):
            if '"claim"' not in line:
                continue
            cid = line.split('"id":"')[1].split('"')[0]
            if cid in first:
                expected.append("dups.jsonl:%d:22: error: claim '%s': duplicate claim id (first defined at "
                                "dups.jsonl:%d)" % (no, cid, first[cid]))
            else:
                first[cid] = no
        self.assertGreater(len(expected), 25)
        for t in ('1', '2', '4'):
            p = run(['check', '--threads', t, 'dups.jsonl'], cwd=self.d)
            self.assertEqual(p.returncode, 1)
            got = [l for l in p.stderr.decode().splitlines() if 'duplicate claim id' in l]
            self.assertEqual(got, expected, '--threads ' + t)

    def test_long_reference_ids(self):
        # A claim's four references are looked up in the id pools when the next claim is stored,
        # from a copy of their text (up to 256 bytes; longer sets are looked up at once): ids of
        # 120 bytes and short ones, interleaved, give the links and errors they name
        import random
        rnd = random.Random(5)
        long_id = lambda tag, i: ('%s%d_' % (tag, i)) * 2 + 'L' * (120 - 2 * len('%s%d_' % (tag, i)))
        ents = ['e%d' % i for i in range(8)] + [long_id('ent', i) for i in range(8)]
        rel = long_id('rel', 0)
        src = long_id('src', 0)
        lines = [SRC, '{"type":"source","id":"%s","title":"Long","kind":"news"}\n' % src,
                 '{"type":"relation","id":"%s","label":"knows","directed":false}\n' % rel]
        lines += ['{"type":"entity","id":"%s","name":"N","kind":"person"}\n' % e for e in ents]
        want, errors = {}, []
        for i in range(3000):
            a, b = rnd.sample(ents, 2)
            r = rnd.choice(['associate_of', rel])
            s = rnd.choice(['s1', src])
            if i % 500 == 7:  # an unknown long subject
                a = long_id('nobody', i)
                errors.append((len(lines) + 1, 'c%d' % i, a))
            else:
                key = (r, tuple(sorted((a, b))))
                want[key] = want.get(key, 0) + 1
            lines.append('{"type":"claim","id":"c%d","subject":"%s","relation":"%s","object":"%s","source":"%s"}\n'
                         % (i, a, r, b, s))
        path = os.path.join(self.d, 'long.jsonl')
        with open(path, 'w') as f:
            f.write(''.join(lines))
        for t in ('1', '2'):
            p = run(['check', '--threads', t, 'long.jsonl'], cwd=self.d)
            self.assertEqual(p.returncode, 1)
            got = [l for l in p.stderr.decode().splitlines() if 'is not a known entity' in l]
            self.assertEqual(len(got), len(errors), got)
            for (no, cid, a), line in zip(errors, got):
                self.assertTrue(line.startswith('long.jsonl:%d:' % no), line)
                self.assertIn("claim '%s': subject '%s' is not a known entity" % (cid, a), line)
        ok = os.path.join(self.d, 'long-ok.jsonl')
        with open(ok, 'w') as f:
            f.write(''.join(l for l in lines if '"nobody' not in l))
        for t in ('1', '2'):
            p = run(['edges', '--threads', t, ok])
            self.assertEqual(p.returncode, 0, p.stderr[:300])
            rows = p.stdout.decode().splitlines()[1:]
            got = {}
            for row in rows:
                f = row.split(',')
                got[(f[1], tuple(sorted((f[0], f[2]))))] = int(f[5])
            self.assertEqual(got, want, '--threads ' + t)

    def test_samples_seed_and_epsilon(self):
        exact = self.centrality('--measures', 'betweenness')
        self.assertNotIn(b'ESTIMATES', exact.stderr)
        a = self.centrality('--measures', 'betweenness', '--samples', '300', '--seed', '5')
        self.assertIn(b'ESTIMATES from 300 of', a.stderr)
        self.assertIn(b'(seed 5)', a.stderr)
        self.assertEqual(self.centrality('--measures', 'betweenness', '--samples', '300', '--seed', '5',
                                         '--threads', '1').stdout, a.stdout)
        b = self.centrality('--measures', 'betweenness', '--samples', '300', '--seed', '6')
        self.assertNotEqual(a.stdout, b.stdout)
        self.assertNotEqual(a.stdout, exact.stdout)
        p = run(['centrality', '--format', 'json', '--no-progress', '--measures', 'betweenness',
                 '--epsilon', '0.2', '--delta', '0.1', self.data])
        self.assertEqual(p.returncode, 0, p.stderr[:300])
        import json
        import math
        doc = json.loads(p.stdout)
        n = doc['entities']
        self.assertTrue(doc['estimated'])
        self.assertEqual(doc['samples'], math.ceil(math.log(2 * n / 0.1) / (2 * 0.2 ** 2)))
        self.assertLess(doc['samples'], n)
        # above --sample-above the estimate is automatic; 0 means never
        self.assertIn(b'ESTIMATES', self.centrality('--measures', 'betweenness', '--sample-above', '100').stderr)
        self.assertEqual(self.centrality('--measures', 'betweenness', '--sample-above', '0').stdout, exact.stdout)
        for bad in (['--samples', '0'], ['--delta', '0.1'], ['--samples', '5', '--epsilon', '0.1'],
                    ['--epsilon', '2']):
            self.assertEqual(run(['centrality'] + bad + [self.data]).returncode, 2, bad)

    def test_progress(self):
        quiet = self.centrality('--measures', 'betweenness')
        self.assertNotIn(b'shortest paths', quiet.stderr)
        p = run(['centrality', '--format', 'csv', '--progress', '--threads', '2', '--measures', 'betweenness',
                 self.data])
        self.assertEqual(p.returncode, 0)
        self.assertRegex(p.stderr.decode(), r'shortest paths: (\d+) of \1 sources \(100%\)\n')
        self.assertEqual(p.stdout, quiet.stdout)


if __name__ == '__main__':
    unittest.main(argv=[sys.argv[0], '-v'])
