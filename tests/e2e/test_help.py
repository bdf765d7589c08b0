#!/usr/bin/env python3
"""`claimgraph help` and the manual pages: every command's page (generated from the same option
tables as --help) lists every option --help lists and renders without a groff warning; `help
COMMAND` is `COMMAND --help`; every help topic prints; an unknown topic is a usage error.
Usage: test_help.py BINARY BUILD_DIR"""
import os
import re
import shutil
import subprocess
import sys
import unittest

BIN, BUILD = sys.argv[1], sys.argv[2]
MAN = os.path.join(BUILD, 'man')


def run(args):
    return subprocess.run([BIN] + args, capture_output=True, text=True, timeout=60)


def commands():
    out = run(['--help']).stdout
    block = out.split('Commands:\n')[1].split('\n\n')[0]
    return [l.split()[0] for l in block.splitlines() if l.strip()]


class Help(unittest.TestCase):
    def test_topics(self):
        out = run(['help']).stdout
        topics = re.findall(r'^  ([a-z-]+) ', out.split('Help topics')[1], re.M)
        self.assertEqual(set(topics), {'data-model', 'grading', 'independence', 'exit-codes'})
        for t in topics:
            p = run(['help', t])
            self.assertEqual(p.returncode, 0)
            self.assertGreater(len(p.stdout), 200)
        self.assertIn('B2 = 0.85 x 0.80 = 0.68', run(['help', 'grading']).stdout)
        p = run(['help', 'no-such-topic'])
        self.assertEqual(p.returncode, 2)
        self.assertIn("no command or help topic 'no-such-topic'", p.stderr)

    def test_help_command_is_command_help(self):
        for c in commands():
            self.assertEqual(run(['help', c]).stdout, run([c, '--help']).stdout, c)

    def test_man_pages_match_help(self):
        cmds = commands()
        self.assertTrue(os.path.exists(os.path.join(MAN, 'claimgraph.1')))
        for c in cmds:
            page = open(os.path.join(MAN, 'claimgraph-%s.1' % c), encoding='utf-8').read()
            self.assertEqual(page, run(['help', '--man', c]).stdout)
            for opt in re.findall(r'^  (?:-\w, |    )--([a-z0-9-]+)', run([c, '--help']).stdout, re.M):
                self.assertIn('\\-\\-' + opt.replace('-', '\\-'), page, '%s --%s' % (c, opt))
        main = open(os.path.join(MAN, 'claimgraph.1'), encoding='utf-8').read()
        for c in cmds:
            self.assertIn('claimgraph\\-%s' % c.replace('-', '\\-'), main)

    def test_man_pages_render(self):
        if not shutil.which('groff'):
            self.skipTest('groff is not installed (Debian package groff-base)')
        for f in sorted(os.listdir(MAN)):
            p = subprocess.run(['groff', '-man', '-Tutf8', '-ww', '-z', os.path.join(MAN, f)], capture_output=True,
                               text=True)
            self.assertEqual(p.returncode, 0, f)
            self.assertEqual(p.stderr, '', f)


if __name__ == '__main__':
    unittest.main(argv=sys.argv[:1], verbosity=2)
