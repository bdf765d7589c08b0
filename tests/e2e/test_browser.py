#!/usr/bin/env python3
"""Browser test of the HTML viewer in Debian's headless Chromium, driven over the DevTools
protocol (--remote-debugging-pipe, Python standard library only): load the page made by
`claimgraph render --format html`, click an edge label and an entity with real mouse events at
their on-screen positions, and check the side panel; also search for an entity, and check a page
built from hostile names runs no injected script.
Usage: test_browser.py BINARY SOURCE_DIR [CHROMIUM]"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

BIN, ROOT = sys.argv[1], sys.argv[2]
CHROMIUM = sys.argv[3] if len(sys.argv) > 3 else (shutil.which('chromium') or '/usr/bin/chromium')
KOSOVO = os.path.join(ROOT, 'datasets', 'kosovo')


class Browser:
    """A minimal DevTools-protocol client over Chromium's pipe (fd 3 in, fd 4 out)."""

    def __init__(self, profile):
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()

        def fds():
            # move both ends out of the way first, then onto 3 and 4 (Chromium's pipe protocol)
            a, b = os.dup(to_r), os.dup(from_w)
            a2, b2 = os.dup2(a, 100), os.dup2(b, 101)
            os.dup2(a2, 3)
            os.dup2(b2, 4)
        self.proc = subprocess.Popen(
            [CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync',
             '--disable-quic', '--remote-debugging-pipe', '--user-data-dir=' + profile,
             '--window-size=1600,1000', 'about:blank'],
            preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self.w = os.fdopen(to_w, 'wb', buffering=0)
        self.r = os.fdopen(from_r, 'rb', buffering=0)
        self.buf = b''
        self.next_id = 0
        self.session = None
        self.events = []

    def _read(self):
        while b'\0' not in self.buf:
            chunk = self.r.read(65536)
            if not chunk:
                raise RuntimeError('chromium closed the pipe')
            self.buf += chunk
        msg, self.buf = self.buf.split(b'\0', 1)
        return json.loads(msg)

    def call(self, method, params=None, session=True):
        self.next_id += 1
        msg = {'id': self.next_id, 'method': method, 'params': params or {}}
        if session and self.session:
            msg['sessionId'] = self.session
        self.w.write(json.dumps(msg).encode() + b'\0')
        while True:
            m = self._read()
            if m.get('id') == self.next_id:
                if 'error' in m:
                    raise RuntimeError(f'{method}: {m["error"]}')
                return m['result']
            self.events.append(m)

    def open(self, url):
        t = self.call('Target.createTarget', {'url': 'about:blank'}, session=False)
        a = self.call('Target.attachToTarget', {'targetId': t['targetId'], 'flatten': True}, session=False)
        self.session = a['sessionId']
        self.call('Runtime.enable')
        self.call('Page.enable')
        self.call('Page.navigate', {'url': url})
        for _ in range(200):
            if self.eval('document.readyState') == 'complete':
                return
            time.sleep(0.05)
        raise RuntimeError('page did not load')

    def eval(self, expr):
        r = self.call('Runtime.evaluate', {'expression': expr, 'returnByValue': True})
        if 'exceptionDetails' in r:
            raise RuntimeError(f'{expr}: {r["exceptionDetails"]}')
        return r['result'].get('value')

    def click(self, x, y):
        for t in ('mouseMoved', 'mousePressed', 'mouseReleased'):
            self.call('Input.dispatchMouseEvent', {'type': t, 'x': x, 'y': y, 'button': 'left', 'clickCount': 1})

    def click_element(self, js_selector):
        """Scrolls the element into view and clicks the middle of its bounding box."""
        rect = self.eval('(function(){var e=%s;e.scrollIntoView({block:"center",inline:"center"});'
                         'var r=e.getBoundingClientRect();return [r.left+r.width/2,r.top+r.height/2];})()' % js_selector)
        self.click(rect[0], rect[1])

    def type_text(self, text):
        self.call('Input.insertText', {'text': text})

    def close(self):
        try:
            self.call('Browser.close', session=False)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.w.close()
        self.r.close()


def render_html(data, out, *extra):
    p = subprocess.run([BIN, 'render', '--format', 'html', '-o', out] + list(extra) + [data],
                       capture_output=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.decode())


@unittest.skipUnless(os.path.exists(CHROMIUM), 'chromium is not installed')
class Viewer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.page = os.path.join(cls.tmp.name, 'kosovo.html')
        render_html(KOSOVO, cls.page, '--title', 'Kosovo')
        cls.b = Browser(os.path.join(cls.tmp.name, 'profile'))
        cls.b.open('file://' + cls.page)

    @classmethod
    def tearDownClass(cls):
        cls.b.close()
        cls.tmp.cleanup()

    def test_click_edge_shows_claims(self):
        b = self.b
        eid = 'e-pdk_xinvolved__in_xkosovo__traffickers'
        self.assertTrue(b.eval('!!document.getElementById(%s)' % json.dumps(eid)))
        b.click_element('document.getElementById(%s).querySelector("text")' % json.dumps(eid))
        panel = b.eval('document.getElementById("panel").textContent')
        self.assertIn('Democratic Party of Kosovo', panel)
        self.assertIn('involved in', panel)
        self.assertIn('gp-050', panel)          # the former NATO intelligence official's claim
        self.assertIn('anonymous', panel)
        self.assertIn('confidence', panel)
        self.assertIn('1 \u2212', panel)        # the arithmetic
        self.assertTrue(b.eval('document.getElementById(%s).classList.contains("cg-selected")' % json.dumps(eid)))

    def test_click_node_shows_centrality(self):
        b = self.b
        b.click_element('document.getElementById("n-hashim__thaci").querySelector("text")')
        panel = b.eval('document.getElementById("panel").textContent')
        self.assertIn('Hashim Tha\u00e7i', panel)
        self.assertIn('pagerank', panel)
        self.assertIn('Links (', panel)

    def test_search(self):
        b = self.b
        b.click_element('document.getElementById("search")')
        b.type_text('haliti')
        items = b.eval('Array.from(document.querySelectorAll("#results li")).map(function(l){return l.textContent;})')
        self.assertEqual(items, ['Xhavit Haliti'])
        b.click_element('document.querySelector("#results li")')
        self.assertIn('Xhavit Haliti', b.eval('document.getElementById("panel").textContent'))

    def test_no_network_no_errors(self):
        # the page made no request other than itself, and no script error was reported
        failed = [e for e in self.b.events if e.get('method') in ('Runtime.exceptionThrown',)]
        self.assertEqual(failed, [])
        n = self.b.eval('performance.getEntriesByType("resource").length')
        self.assertEqual(n, 0)


@unittest.skipUnless(os.path.exists(CHROMIUM), 'chromium is not installed')
class Hostile(unittest.TestCase):
    def test_hostile_names_inert(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, 'h.jsonl')
            evil = ['<img src=x onerror="document.title=\'pwned\'">', '</script><script>document.title="pwned"</script>',
                    '"><svg onload="document.title=\'pwned\'">', '\u2028</script>x']
            with open(data, 'w', encoding='utf-8') as f:
                f.write('{"type":"source","id":"s","title":"<script>document.title=\\"pwned\\"</script>","kind":"news",'
                        '"url":"javascript:document.title=\'pwned\'"}\n')
                for i, n in enumerate(evil):
                    f.write(json.dumps({"type": "entity", "id": "x%d" % i, "name": n, "kind": "person",
                                        "description": n}) + '\n')
                for i in range(len(evil)):
                    f.write(json.dumps({"type": "claim", "id": "c%d" % i, "subject": "x%d" % i,
                                        "relation": "associate_of", "object": "x%d" % ((i + 1) % len(evil)),
                                        "source": "s", "summary": evil[i], "attributed_to": evil[i]}) + '\n')
            page = os.path.join(tmp, 'h.html')
            render_html(data, page, '--title', '<b>title</b>')
            b = Browser(os.path.join(tmp, 'profile'))
            try:
                b.open('file://' + page)
                b.click_element('document.querySelector(".claim-edge text")')
                b.click_element('document.querySelector(".entity text")')
                self.assertEqual(b.eval('document.title'), '<b>title</b>')
                self.assertEqual(b.eval('document.querySelectorAll("img").length'), 0)
                self.assertEqual(b.eval('document.querySelectorAll("script").length'), 2)
                # the hostile strings are shown as text
                body = b.eval('document.body.textContent')
                self.assertIn('<img src=x onerror=', body)
                self.assertIn('"><svg onload=', body)
                links = b.eval('Array.from(document.querySelectorAll("a")).map(function(a){return a.getAttribute("href")||a.getAttribute("xlink:href")||"";})')
                for h in links:
                    self.assertFalse(h.lower().startswith('javascript'), h)
            finally:
                b.close()


if __name__ == '__main__':
    unittest.main(argv=[sys.argv[0], '-v'])
