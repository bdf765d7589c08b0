// The viewer in Chromium (playwright-core, Debian's chromium): clicking an edge shows its claims
// with their verified passages and caveats; an entity's panel lists denials apart from its links;
// no script runs from the data, no network request, no console error.
// Usage: node viewer_publication.mjs PAGE.html [CHROMIUM]
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [page_path, exe = '/usr/bin/chromium'] = process.argv.slice(2);
const fail = (msg) => { console.error('FAIL: ' + msg); process.exitCode = 1; };

const browser = await chromium.launch({
  executablePath: exe, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('dialog', async (d) => { problems.push('dialog: ' + d.message()); await d.dismiss(); });
  page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push('request: ' + r.url()); });
  await page.goto(pathToFileURL(page_path).href);

  // an edge: its claim, passage and caveat
  await page.click('#e-bravo_xcooperates__with_xdelta text', { force: true });
  let panel = await page.textContent('#panel');
  if (!panel.includes('Bravo Company works closely with Delta Group on shipping contracts')) fail('passage not in the panel: ' + panel);
  if (!panel.includes('Caveat: Port records seen by Outlet A only.')) fail('caveat not in the panel');
  if (!panel.includes('</script><!-- "q"')) fail('the hostile caveat is not shown as text');
  if (await page.locator('#panel mark').count() < 1) fail('passage not highlighted');
  if (panel.includes('SECRET-TOKEN')) fail('notes reached the panel');

  // a disputed edge: supporting and refuting sources apart
  await page.click('#e-charlie_xprotects_xdelta text', { force: true });
  panel = await page.textContent('#panel');
  if (!panel.includes('Supported by: a, b')) fail('supporting sources: ' + panel);
  if (!panel.includes('DISPUTED: refuted by b')) fail('refuting sources: ' + panel);

  // an entity: its denial apart from its links
  await page.click('#n-bravo text', { force: true });
  panel = await page.textContent('#panel');
  const links = panel.indexOf('Links (1)'), denials = panel.indexOf('Denied or refuted (1)');
  if (links < 0 || denials < 0 || denials < links) fail('entity panel sections: ' + panel);
  const linkPart = panel.slice(links, denials);
  if (linkPart.includes('involved in')) fail('a denial is listed among the links');

  // the refute-only edge (drawn with --show-denials) says it is not a link
  await page.click('#e-alpha_xinvolved__in_xbravo text', { force: true });
  panel = await page.textContent('#panel');
  if (!panel.includes('NOT A LINK')) fail('refute-only edge panel: ' + panel);
  if (!panel.includes('Alpha Person denied any involvement')) fail('denial passage missing');

  if (problems.length) fail(problems.join('\n'));
} finally {
  await browser.close();
}
if (!process.exitCode) console.log('ok: viewer shows passages, caveats, denials apart; nothing ran from the data');
