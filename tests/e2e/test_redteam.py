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
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
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


# ---- S3, m1, m2: -o semantics ----

class S3_OutputTargets(Tmp):
    """-o onto what is not a regular file is written in place; through a link into /proc (as
    /dev/stdout is) the open file is written, never replaced; -o - is standard output. The red team
    ran `-o /dev/stdout` with stdout to a file in a private mount namespace; the same path, a link
    to /proc/self/fd/1, is made here in a temporary folder, so /dev is never at risk."""

    def setUp(self):
        super().setUp()
        self.data = self.p('d.jsonl')
        small_dataset(self.data)
        self.want = run(['edges', self.data]).stdout
        self.assertTrue(self.want)

    def test_proc_fd_link_with_stdout_to_a_file(self):
        for target in ('/proc/self/fd/1', '/dev/fd/1', self.p('stdout-link')):
            if target.endswith('stdout-link'):
                os.symlink('/proc/self/fd/1', target)  # what /dev/stdout is
            with open(self.p('redirect.csv'), 'wb') as f:
                p = subprocess.run([BIN, 'edges', self.data, '-o', target], stdout=f, stderr=subprocess.PIPE, timeout=60)
            with self.subTest(target=target):
                self.assertEqual(p.returncode, 0, p.stderr)
                with open(self.p('redirect.csv'), 'rb') as f:
                    self.assertEqual(f.read(), self.want)
        st = os.lstat(self.p('stdout-link'))
        self.assertTrue(stat.S_ISLNK(st.st_mode), 'the link was replaced')
        self.assertEqual(sorted(os.listdir(self.d)), ['d.jsonl', 'redirect.csv', 'stdout-link'])

    def test_appending_redirect_is_appended_to(self):
        # never the real /dev/stdout with standard output to a file: a binary with the bug would
        # replace it for the whole machine (as root); this link is the same thing
        link = self.p('stdout-link')
        os.symlink('/proc/self/fd/1', link)
        with open(self.p('log'), 'wb') as f:
            f.write(b'before\n')
        with open(self.p('log'), 'ab') as f:
            p = subprocess.run([BIN, 'edges', self.data, '-o', link], stdout=f, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(self.p('log'), 'rb') as f:
            self.assertEqual(f.read(), b'before\n' + self.want)

    def test_dash_and_pipes(self):
        p = run(['edges', self.data, '-o', '-'])
        self.assertEqual((p.returncode, p.stdout), (0, self.want))
        p = run(['edges', self.data, '-o', '/dev/stdout'])  # a pipe here (safe with any binary)
        self.assertEqual((p.returncode, p.stdout), (0, self.want))
        self.assertTrue(os.path.islink('/dev/stdout'))
        fifo = self.p('fifo')
        os.mkfifo(fifo)
        reader = subprocess.Popen(['cat', fifo], stdout=subprocess.PIPE)
        p = run(['edges', self.data, '-o', fifo])
        got = reader.communicate(timeout=60)[0]
        self.assertEqual((p.returncode, got), (0, self.want))
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode))

    def test_device_written_in_place(self):
        p = run(['edges', self.data, '-o', '/dev/null'])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(stat.S_ISCHR(os.stat('/dev/null').st_mode))


class m1_m2_LinksAndModes(Tmp):
    def setUp(self):
        super().setUp()
        self.data = self.p('d.jsonl')
        small_dataset(self.data)
        self.want = run(['edges', self.data]).stdout

    def read(self, name):
        with open(self.p(name), 'rb') as f:
            return f.read()

    def test_link_kept_target_replaced(self):
        with open(self.p('real.csv'), 'w') as f:
            f.write('old\n')
        os.symlink('real.csv', self.p('link.csv'))
        p = run(['edges', self.data, '-o', self.p('link.csv')])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(os.path.islink(self.p('link.csv')))
        self.assertEqual(os.readlink(self.p('link.csv')), 'real.csv')
        self.assertEqual(self.read('real.csv'), self.want)
        # a chain of links, one of them absolute, into another folder
        os.mkdir(self.p('sub'))
        os.symlink(self.p('sub', 'deep.csv'), self.p('abs.csv'))
        os.symlink('abs.csv', self.p('chain.csv'))
        p = run(['edges', self.data, '-o', self.p('chain.csv')])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.read('sub/deep.csv'), self.want)
        self.assertTrue(os.path.islink(self.p('chain.csv')) and os.path.islink(self.p('abs.csv')))
        self.assertEqual(sorted(os.listdir(self.p('sub'))), ['deep.csv'])

    def test_dangling_link_creates_its_target(self):
        os.symlink('new.csv', self.p('dangling.csv'))
        p = run(['edges', self.data, '-o', self.p('dangling.csv')])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(os.path.islink(self.p('dangling.csv')))
        self.assertEqual(self.read('new.csv'), self.want)

    def test_link_loop_is_an_error(self):
        os.symlink('b', self.p('a'))
        os.symlink('a', self.p('b'))
        p = run(['edges', self.data, '-o', self.p('a')])
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'too many levels of symbolic links', p.stderr)

    def test_mode_kept(self):
        for mode in (0o600, 0o640, 0o755):
            out = self.p('private-%o.csv' % mode)
            with open(out, 'w') as f:
                f.write('old\n')
            os.chmod(out, mode)
            p = run(['edges', self.data, '-o', out])
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), mode)
            self.assertEqual(self.read(os.path.basename(out)), self.want)
        # a new file: 0666 less the umask
        old = os.umask(0o027)
        try:
            p = run(['edges', self.data, '-o', self.p('new.csv')])
        finally:
            os.umask(old)
        self.assertEqual(stat.S_IMODE(os.stat(self.p('new.csv')).st_mode), 0o640)

    def test_foreign_link_in_sticky_folder_not_followed(self):
        if os.geteuid() != 0:
            self.skipTest('needs root to make a link owned by someone else')
        sticky = self.p('sticky')
        os.mkdir(sticky)
        os.chmod(sticky, 0o1777)
        with open(self.p('victim.csv'), 'w') as f:
            f.write('precious\n')
        link = os.path.join(sticky, 'out.csv')
        os.symlink(self.p('victim.csv'), link)
        os.lchown(link, 65534, 65534)  # planted by "nobody"
        p = run(['edges', self.data, '-o', link])
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'refusing to follow the symbolic link', p.stderr)
        self.assertEqual(self.read('victim.csv'), b'precious\n')


# ---- m3: temporary files removed on the signals that end the process ----

def big_dataset(path, claims=60000):
    with open(path, 'w') as f:
        f.write('{"type":"source","id":"s","title":"t","kind":"other"}\n')
        n = 3000
        for i in range(n):
            f.write('{"type":"entity","id":"e%d","name":"Entity %d","kind":"person"}\n' % (i, i))
        for i in range(claims):
            f.write('{"type":"claim","id":"c%d","subject":"e%d","relation":"funds","object":"e%d","source":"s"}\n'
                    % (i, i % n, (i * 7 + 1) % n))


class m3_Signals(Tmp):
    def setUp(self):
        super().setUp()
        self.data = self.p('big.jsonl')
        big_dataset(self.data)

    def interrupt(self, sig, folder):
        """Starts `dot -o FOLDER/out.dot`, stops it while its temporary file exists, sends sig, lets
        it go on; returns the exit status. Retries when the write finished first."""
        out = os.path.join(folder, 'out.dot')
        with open(out, 'w') as f:
            f.write('old\n')
        for attempt in range(20):
            p = subprocess.Popen([BIN, 'dot', '--no-legend', '-o', out, self.data], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            caught = False
            while p.poll() is None:
                temps = [f for f in os.listdir(folder) if f.startswith('out.dot.tmp-')]
                if temps:
                    p.send_signal(signal.SIGSTOP)
                    caught = os.path.exists(os.path.join(folder, temps[0]))
                    if caught:
                        p.send_signal(sig)
                    p.send_signal(signal.SIGCONT)
                    break
            p.wait(timeout=120)
            if caught:
                return p.returncode
            with open(out, 'w') as f:
                f.write('old\n')
        self.fail('could not catch the write in progress')

    def test_signals_leave_no_temporary_file(self):
        for sig in (signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM, signal.SIGTERM, signal.SIGINT,
                    signal.SIGHUP, signal.SIGPIPE, signal.SIGVTALRM, signal.SIGPROF):
            with self.subTest(signal=sig.name):
                folder = self.p(sig.name)
                os.mkdir(folder)
                rc = self.interrupt(sig, folder)
                self.assertEqual(rc, -sig)
                self.assertEqual(os.listdir(folder), ['out.dot'])
                with open(os.path.join(folder, 'out.dot')) as f:
                    self.assertEqual(f.read(), 'old\n')

    def test_file_size_limit_is_an_error(self):
        out = self.p('out.dot')
        with open(out, 'w') as f:
            f.write('old\n')
        limit = 1 << 20
        p = subprocess.run([BIN, 'dot', '--no-legend', '-o', out, self.data], capture_output=True, timeout=120,
                           preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn(b'File too large', p.stderr)
        self.assertEqual(sorted(os.listdir(self.d)), ['big.jsonl', 'out.dot'])
        with open(out) as f:
            self.assertEqual(f.read(), 'old\n')

    def test_graphviz_dies_with_us(self):
        data = self.p('dense.jsonl')  # a layout dot cannot finish soon (as in test_viz's timeout test)
        with open(data, 'w') as f:
            f.write('{"type":"source","id":"s","title":"t","kind":"other"}\n')
            n, k = 160, 0
            for i in range(n):
                f.write('{"type":"entity","id":"e%d","name":"E%d","kind":"person"}\n' % (i, i))
            for i in range(n):
                for j in range(i + 1, n):
                    f.write('{"type":"claim","id":"c%d","subject":"e%d","relation":"associate_of","object":"e%d",'
                            '"source":"s"}\n' % (k, i, j))
                    k += 1
        p = subprocess.Popen([BIN, 'render', '--format', 'svg', '--engine', 'dot', '--timeout', '600', '-o',
                              self.p('dense.svg'), data], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        child = None
        deadline = time.time() + 120
        while child is None and time.time() < deadline and p.poll() is None:
            for pid in os.listdir('/proc'):
                if pid.isdigit():
                    try:
                        with open('/proc/%s/stat' % pid) as f:
                            fields = f.read().rsplit(')', 1)[1].split()
                    except OSError:
                        continue
                    if int(fields[1]) == p.pid:
                        child = int(pid)
            time.sleep(0.05)
        self.assertIsNotNone(child, 'Graphviz did not start')
        p.kill()  # SIGKILL: no handler of ours runs
        p.wait(timeout=60)
        deadline = time.time() + 10
        while time.time() < deadline and os.path.exists('/proc/%d' % child):
            try:
                with open('/proc/%d/stat' % child) as f:
                    if f.read().rsplit(')', 1)[1].split()[0] == 'Z':
                        break
            except OSError:
                break
            time.sleep(0.05)
        alive = False
        try:
            with open('/proc/%d/stat' % child) as f:
                alive = f.read().rsplit(')', 1)[1].split()[0] != 'Z'
        except OSError:
            pass
        if alive:  # (do not leave it running: the test is to fail, not to leak)
            os.kill(child, signal.SIGKILL)
        self.assertFalse(alive, 'Graphviz (pid %d) outlived claimgraph' % child)


# ---- M8, m4, m5: write failures are errors with a reason ----

class M8_m4_m5_WriteFailures(Tmp):
    def setUp(self):
        super().setUp()
        self.data = self.p('d.jsonl')
        small_dataset(self.data)
        os.mkdir(self.p('texts'))

    def test_full_device(self):
        # Kosovo: outputs larger than stdio's buffer, so writes fail while the writers run (a small
        # output fails only at the final flush, which was always reported)
        cmds = [['dot'], ['edges'], ['centrality'], ['stats'], ['render', '--format', 'svg'],
                ['render', '--format', 'html'], ['audit', '--allow-unsourced', '--texts', self.p('texts')]]
        for cmd in cmds:
            args = cmd + [KOSOVO]
            for how in ('-o', '>'):
                with self.subTest(cmd=cmd[0], how=how):
                    if how == '-o':
                        p = run(args + ['-o', '/dev/full'])
                    else:
                        with open('/dev/full', 'wb') as f:
                            p = subprocess.run([BIN] + args, stdout=f, stderr=subprocess.PIPE, timeout=120)
                    self.assertEqual(p.returncode, 1, p.stderr)
                    self.assertIn(b'No space left on device', p.stderr)
                    if how == '-o':
                        self.assertIn(b'/dev/full', p.stderr)

    def test_check_and_help_to_full_device(self):
        for args in (['check', self.data], ['--help'], ['--version'], ['check', '--help'], ['help', 'grading']):
            with self.subTest(args=args):
                with open('/dev/full', 'wb') as f:
                    p = subprocess.run([BIN] + args, stdout=f, stderr=subprocess.PIPE, timeout=60)
                self.assertEqual(p.returncode, 1, p.stderr)
                self.assertIn(b'cannot write to standard output: No space left on device', p.stderr)


# ---- M9: no escape sequence from the data reaches a terminal ----

CONTROLS = re.compile(rb'[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]')
EVIL = '\x1b]0;PWNED\x07\x1b[2J\x1b[31m\r\x1b[2Kok: fake\x1b[8m\x08\u009b31m\u202e'


def on_terminal(args, stdin=None):
    """Runs the tool with standard output on a pseudo-terminal; returns (status, what the terminal
    got, stderr)."""
    import pty
    master, slave = pty.openpty()
    p = subprocess.Popen([BIN] + args, stdout=slave, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    os.close(slave)
    got = b''
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        got += chunk
    err = p.stderr.read()
    p.stderr.close()
    p.wait(timeout=120)
    os.close(master)
    return p.returncode, got, err


class M9_TerminalEscapes(Tmp):
    def setUp(self):
        super().setUp()
        self.data = self.p('evil.jsonl')
        write_jsonl(self.data, [
            {"type": "source", "id": "s1", "title": "T" + EVIL, "kind": "news", "reliability": "B"},
            {"type": "entity", "id": "a", "name": "A" + EVIL, "kind": "person", "aliases": [EVIL]},
            {"type": "entity", "id": "b", "name": "B", "kind": "organization"},
            {"type": "claim", "id": "c1", "subject": "a", "relation": "member_of", "object": "b", "source": "s1",
             "summary": EVIL, "notes": EVIL, "attributed_to": EVIL},
        ])

    def test_error_messages(self):
        bad = self.p('bad.jsonl')
        with open(bad, 'w', encoding='utf-8') as f:
            f.write(json.dumps({"type": "entity", "id": "a", "name": "x", "kind": EVIL + "person"}) + '\n')
            f.write(json.dumps({"type": "entity", "id": "b", "name": "x", "kind": "person", EVIL: 1}) + '\n')
            f.write(json.dumps({"type": "claim", "id": "c", "subject": "a" + EVIL, "relation": "x", "object": "b",
                                "source": "s"}) + '\n')
        folder = self.p('dir')
        os.mkdir(folder)
        shutil.copy(bad, os.path.join(folder, 'name\x1b[2J\x07.jsonl'))
        for args in (['check', bad], ['check', folder], ['edges', bad], ['check', self.p('no\x1b[31mfile.jsonl')],
                     ['nosuch\x1b[2Jcommand'], ['edges', '--format', 'x\x1b[2J', bad]):
            p = run(args)
            with self.subTest(args=args):
                self.assertNotEqual(p.returncode, 0)
                self.assertTrue(p.stderr)
                self.assertIsNone(CONTROLS.search(p.stderr), p.stderr)
                self.assertEqual(p.stderr.count(b'\n'), len(p.stderr.splitlines()))
        p = run(['check', bad])
        self.assertIn(b'\\x1B]0;PWNED\\x07\\x1B[2J', p.stderr)   # shown, made visible
        self.assertIn(b'\\r\\x1B[2Kok: fake', p.stderr)

    def test_outputs_on_a_terminal(self):
        for args in (['centrality', self.data], ['edges', self.data, '--format', 'md'],
                     ['explain', self.data, 'a', 'member_of', 'b'], ['stats', self.data],
                     ['centrality', self.data, '--format', 'md']):
            rc, got, err = on_terminal(args)
            with self.subTest(args=args[0]):
                self.assertEqual(rc, 0, err)
                self.assertTrue(got)
                # the terminal turns \n into \r\n: only those CRs are allowed
                self.assertIsNone(CONTROLS.search(got.replace(b'\r\n', b'\n')), got)
        rc, got, err = on_terminal(['explain', self.data, 'a', 'member_of', 'b'])
        self.assertIn(b'\\x1B]0;PWNED\\x07', got)

    def test_files_and_pipes_keep_the_bytes(self):
        # data fidelity: only terminals get the visible escapes
        p = run(['explain', self.data, 'a', 'member_of', 'b'])
        self.assertIn(EVIL.encode('utf-8'), p.stdout)
        out = self.p('x.json')
        run(['centrality', self.data, '--format', 'json', '-o', out])
        with open(out, encoding='utf-8') as f:
            self.assertEqual(json.load(f)['rows'][0]['name'][1:], EVIL)

    def test_locate_show(self):
        text = self.p('t.txt')
        with open(text, 'w', encoding='utf-8') as f:
            f.write('before \x1b]0;PWNED\x07\x1b[2Jpassage\x07 after\n')
        p = run(['locate', '--show', '--text', text, 'PWNED\x07\x1b[2Jpassage\x07'])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIsNone(CONTROLS.search(p.stderr), p.stderr)
        self.assertIn(b'PWNED\\x07\\x1B[2Jpassage\\x07', p.stderr)


# ---- M12: warnings never hide an error ----

class M12_WarningsAndErrors(Tmp):
    def test_error_after_many_warnings(self):
        data = self.p('w.jsonl')
        recs = [{"type": "source", "id": "s%d" % i, "title": "t", "kind": "news", "url": "ftp://x/%d" % i}
                for i in range(150)]
        recs.append({"type": "entity", "id": "e", "name": "E", "kind": "persn"})
        write_jsonl(data, recs)
        p = run(['check', data])
        self.assertEqual(p.returncode, 1)
        err = p.stderr.decode()
        self.assertEqual(err.count(': error: '), 1, err[-500:])
        self.assertIn('"kind" has unknown value "persn"', err)
        self.assertEqual(err.count(': warning: '), 100)
        self.assertIn('50 more warning(s) or note(s) not shown (1 error(s) in all)', err)

    def test_errors_capped_apart(self):
        data = self.p('e.jsonl')
        recs = [{"type": "source", "id": "s%d" % i, "title": "t", "kind": "news", "url": "ftp://x/%d" % i}
                for i in range(120)]
        recs += [{"type": "entity", "id": "e%d" % i, "name": "E", "kind": "persn"} for i in range(130)]
        write_jsonl(data, recs)
        err = run(['check', data]).stderr.decode()
        self.assertEqual(err.count(': error: '), 100)
        self.assertIn('30 more error(s) and ', err)
        self.assertIn('(130 error(s) in all)', err)


# ---- S2: betweenness past the range of a double; M6: eigenvector that does not converge ----

def layered_dataset(path, layers):
    recs = [{"type": "source", "id": "s", "title": "t", "kind": "news"}]
    recs += [{"type": "entity", "id": "v%d_%d" % (i, k), "name": "V", "kind": "person"}
             for i in range(layers) for k in range(2)]
    c = 0
    for i in range(layers - 1):
        for k in range(2):
            for l in range(2):
                recs.append({"type": "claim", "id": "c%d" % c, "subject": "v%d_%d" % (i, k), "relation": "associate_of",
                             "object": "v%d_%d" % (i + 1, l), "source": "s"})
                c += 1
    write_jsonl(path, recs)


def chain_dataset(path, n, ring=False):
    recs = [{"type": "source", "id": "s", "title": "t", "kind": "news"}]
    recs += [{"type": "entity", "id": "e%d" % i, "name": "E%d" % i, "kind": "person"} for i in range(n)]
    recs += [{"type": "claim", "id": "c%d" % i, "subject": "e%d" % i, "relation": "associate_of",
              "object": "e%d" % ((i + 1) % n), "source": "s"} for i in range(n - 1 + int(ring))]
    write_jsonl(path, recs)


class S2_BetweennessOverflow(Tmp):
    def test_both_sides_of_the_boundary(self):
        for L in (1000, 1030, 1100):
            data = self.p('l%d.jsonl' % L)
            layered_dataset(data, L)
            for extra in ([], ['--unweighted']):
                p = run(['centrality', data, '--measures', 'betweenness', '--format', 'json', '--no-progress'] + extra)
                with self.subTest(layers=L, args=extra):
                    self.assertEqual(p.returncode, 0, p.stderr)
                    self.assertEqual(p.stderr, b'')
                    rows = json.loads(p.stdout)['rows']
                    self.assertEqual(len(rows), 2 * L)
                    for r in rows:
                        i = int(r['id'][1:].split('_')[0])
                        want = 2.0 * i * (L - 1 - i) + (1 / (4 if i + 2 <= L - 1 else 2) if i + 1 <= L - 1 else 0) \
                            + (1 / (4 if i >= 2 else 2) if i >= 1 else 0)
                        got = float(r['betweenness'])
                        self.assertAlmostEqual(got, want, delta=1e-9 * (want + 1), msg=r['id'])


class M6_EigenvectorChains(Tmp):
    def test_centrality_and_diagrams_on_a_chain(self):
        data = self.p('chain.jsonl')
        chain_dataset(data, 3000)
        p = run(['centrality', data, '--no-progress'])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(b'warning: eigenvector centrality could not be computed', p.stderr)
        lines = p.stdout.decode().splitlines()
        header = lines[0].split(',')
        self.assertIn('eigenvector', header)
        col = header.index('eigenvector')
        self.assertTrue(all(l.split(',')[col] == '' for l in lines[1:]))  # empty cells, not numbers
        self.assertEqual(len(lines), 3001)
        p = run(['centrality', data, '--no-progress', '--format', 'json'])
        self.assertTrue(all(r['eigenvector'] is None for r in json.loads(p.stdout)['rows']))
        p = run(['centrality', data, '--no-progress', '--sort', 'eigenvector'])
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'cannot sort by eigenvector', p.stderr)
        # diagrams compute only what they draw: no eigenvector, no warning
        for args in (['dot', data], ['dot', '--focus', 'e10', '--depth', '2', data],
                     ['render', '--format', 'svg', '--focus', 'e10', '--depth', '2', data]):
            p = run(args)
            with self.subTest(args=args[:3]):
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertNotIn(b'eigenvector', p.stderr)
        # the viewer shows every measure: eigenvector left out with a warning, the page written
        p = run(['render', '--format', 'html', '--focus', 'e10', '--depth', '2', data, '-o', self.p('v.html')])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(b'eigenvector centrality could not be computed', p.stderr)

    def test_bounded_time_on_a_ring(self):
        data = self.p('ring.jsonl')
        chain_dataset(data, 20000, ring=True)
        p = subprocess.run([sys.executable, '-c', CPU_WRAPPER, BIN, 'centrality', data, '--measures', 'eigenvector',
                            '--no-progress', '-o', self.p('out.csv')], capture_output=True, timeout=600)
        rc, cpu = p.stdout.split()
        self.assertEqual(int(rc), 0, p.stderr)
        self.assertLess(float(cpu), 15.0)  # the red team measured 19.4 s before failing


# CPU time of one child (user + system), insensitive to other load on the machine
CPU_WRAPPER = ('import resource, subprocess, sys\n'
               'p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n'
               'r = resource.getrusage(resource.RUSAGE_CHILDREN)\n'
               'sys.stdout.write("%d %.3f" % (p.returncode, r.ru_utime + r.ru_stime))\n')


class m8_NegativeZero(Tmp):
    def test_no_negative_zero(self):
        data = self.p('z.jsonl')
        write_jsonl(data, [
            {"type": "source", "id": "s", "title": "t", "kind": "news"},
            {"type": "entity", "id": "a", "name": "A", "kind": "person"},
            {"type": "entity", "id": "b", "name": "B", "kind": "person"},
            {"type": "claim", "id": "c1", "subject": "a", "relation": "funds", "object": "b", "source": "s",
             "confidence": -0.0},
            {"type": "claim", "id": "c2", "subject": "a", "relation": "funds", "object": "b", "source": "s",
             "confidence": 0.5}])
        for args in (['dot', data], ['explain', data, 'a', 'funds', 'b'], ['edges', data, '--format', 'json'],
                     ['render', '--format', 'html', data]):
            p = run(args)
            with self.subTest(args=args[0]):
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertNotRegex(p.stdout, rb'-0\.0|"-0"| -0[^.0-9]')


class Hostile_LongDotStrings(Tmp):
    """Found by tests/hostile (long_aliases): Graphviz refuses a quoted string over 16384 bytes, so
    an entity with a few thousand aliases (its tooltip) or a huge name made `render` fail. The DOT
    writer now joins quoted pieces with `+`; the SVG carries the whole string."""

    def test_long_tooltip_and_name(self):
        data = self.p('long.jsonl')
        aliases = ['alias \\ "%d" \u00e9' % i for i in range(3000)]  # backslashes, quotes, UTF-8 at piece ends
        name = 'N\u00e9' * 12000
        write_jsonl(data, [
            {"type": "source", "id": "s", "title": "t", "kind": "news"},
            {"type": "entity", "id": "a", "name": name, "kind": "person", "aliases": aliases},
            {"type": "entity", "id": "b", "name": "B", "kind": "person"},
            {"type": "claim", "id": "c1", "subject": "a", "relation": "funds", "object": "b", "source": "s"}])
        p = run(['render', '--format', 'svg', data])
        self.assertEqual(p.returncode, 0, p.stderr[-500:])
        import xml.etree.ElementTree as ET
        root = ET.fromstring(p.stdout)
        titles = [a.get('{http://www.w3.org/1999/xlink}title') for a in root.iter('{http://www.w3.org/2000/svg}a')]
        tip = [t for t in titles if t and '\nalso: ' in t]
        self.assertEqual(len(tip), 1, 'no tooltip for the entity')
        self.assertTrue(tip[0].startswith(name + ' (person, id a)\nalso: '), 'the name is cut')
        self.assertTrue(tip[0].endswith('also: ' + '; '.join(aliases)), 'the aliases are cut or changed')
        p = run(['dot', data])  # written in pieces
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(b'" + "', p.stdout)


class Hostile_CollapsedPerEdge(Tmp):
    """Found by tests/hostile (cites_2cycles): one collapsed_corroboration finding per origin group,
    each carrying the edge with all its claims, made the audit report quadratic (6000 sources in
    2-cycles with a claim each on one pair: 202 MB). At most 10 such findings per edge now; the
    last counts the rest."""

    def test_collapsed_findings_capped_per_edge(self):
        data = self.p('c2.jsonl')
        n = 2000
        recs = []
        for i in range(0, n, 2):
            recs.append({"type": "source", "id": "s%05d" % i, "title": "t", "kind": "news", "cites": ["s%05d" % (i + 1)]})
            recs.append({"type": "source", "id": "s%05d" % (i + 1), "title": "t", "kind": "news", "cites": ["s%05d" % i]})
        recs += [{"type": "entity", "id": "a", "name": "A", "kind": "person"},
                 {"type": "entity", "id": "b", "name": "B", "kind": "organization"}]
        recs += [{"type": "claim", "id": "c%05d" % i, "subject": "a", "relation": "member_of", "object": "b",
                  "source": "s%05d" % i} for i in range(n)]
        write_jsonl(data, recs)
        texts = self.p('texts')
        os.mkdir(texts)
        out = self.p('a.json')
        p = run(['audit', '--allow-unsourced', '--texts', texts, '--format', 'json', data, '-o', out])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertLess(os.path.getsize(out), 4 * os.path.getsize(data))  # 24 times before
        with open(out) as f:
            rep = json.load(f)
        col = [x for x in rep['findings'] if x['kind'] == 'collapsed_corroboration']
        self.assertEqual(len(col), 10)
        self.assertIn('(and 990 more claims of this edge joined to their origin groups through cites, in 990 origin '
                      'groups, not listed)', col[-1]['message'])
        self.assertEqual(len([x for x in rep['findings'] if x['kind'] == 'cites_cycle']), n // 2)  # every cycle named


if __name__ == '__main__':
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=2)
