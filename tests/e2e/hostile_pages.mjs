// Opens pages (SVG or HTML files) in Chromium (playwright-core, Debian's chromium) and fails if
// anything ran or moved: a dialog (alert, confirm...), a global named __pwned*, a navigation away
// from the file, a request outside file:, a <script> or an on* attribute in the document, a link
// whose scheme is not http(s). Used by test_redteam.py for hostile style files (red team S1).
// Usage: node hostile_pages.mjs CHROMIUM FILE...
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [exe, ...files] = process.argv.slice(2);
const fail = (msg) => { console.error('FAIL: ' + msg); process.exitCode = 1; };

const browser = await chromium.launch({
  executablePath: exe, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  for (const file of files) {
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems = [];
    page.on('dialog', async (d) => { problems.push('dialog: ' + d.message()); await d.dismiss(); });
    page.on('request', (r) => { if (r.url() !== url && !r.url().startsWith('data:')) problems.push('request: ' + r.url()); });
    page.on('framenavigated', (f) => { if (f === page.mainFrame() && f.url() !== url) problems.push('navigated to ' + f.url()); });
    await page.goto(url);
    await page.waitForTimeout(700); // a meta refresh of 0 s or a timer would have fired
    if (page.url() !== url) problems.push('the page is now ' + page.url());
    else {
      const found = await page.evaluate(() => {
        const out = [];
        for (const k of Object.keys(window)) if (k.startsWith('__pwned')) out.push('global ' + k);
        // the viewer's own script is allowed (one <script>, allowed by its CSP hash; its data is JSON)
        const scripts = Array.from(document.querySelectorAll('script')).filter((s) => s.type !== 'application/json');
        const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
        if (scripts.length > (csp ? 1 : 0)) out.push(scripts.length + ' script elements');
        for (const m of document.querySelectorAll('meta[http-equiv]'))
          if (m.getAttribute('http-equiv').toLowerCase() !== 'content-security-policy') out.push('meta ' + m.outerHTML);
        for (const el of document.querySelectorAll('*')) {
          for (const a of el.attributes) {
            if (/^on/i.test(a.name)) out.push('attribute ' + a.name + ' on <' + el.tagName + '>');
            if (/href$/i.test(a.name) && !/^https?:/i.test(a.value) && !a.value.startsWith('#'))
              out.push('link ' + a.value);
          }
        }
        return out;
      });
      problems.push(...found);
    }
    if (problems.length) fail(file + ':\n  ' + problems.join('\n  '));
    await page.close();
  }
} finally {
  await browser.close();
}
if (!process.exitCode) console.log('ok: ' + files.length + ' page(s), nothing ran, nothing navigated');
