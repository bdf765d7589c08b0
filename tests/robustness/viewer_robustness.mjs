// The viewer's entity panel with `render --robustness`, in Debian's headless Chromium: Hashim
// Thaci's panel shows how robust his rank is and his critical source; no error, no request.
// Usage: node viewer_robustness.mjs PLAYWRIGHT_CORE_DIR PAGE.html
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [pwDir, pagePath] = process.argv.slice(2);
const { chromium } = createRequire(import.meta.url)(pwDir);
const problems = [];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push('request: ' + r.url()); });
  await page.goto(pathToFileURL(pagePath).href + '#entity=hashim_thaci');
  await page.waitForFunction(() => document.getElementById('panel').textContent.includes('Hashim'));
  const panel = await page.textContent('#panel');
  if (!panel.includes('How robust is this rank?')) problems.push('no robustness box: ' + panel.slice(0, 400));
  if (!/possible worlds .* ranks between/.test(panel)) problems.push('no rank interval: ' + panel.slice(0, 400));
  if (!panel.includes('Critical source: without gp')) problems.push('no critical source');
  if (problems.length) throw new Error(problems.join('\n'));
  console.log('ok: the panel shows the rank interval and the critical source');
} catch (e) {
  console.error('FAIL: ' + e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
