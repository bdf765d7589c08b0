// Takes the README's screenshots of the viewer (not a test): a desktop window with an entity
// selected and a confidence filter, and a phone with the evidence sheet open.
// Usage (from the repository): node tests/e2e/screenshots.mjs viz/kosovo.html docs/ [CHROMIUM]
// then `pngquant --force --ext .png 64 docs/viewer-*.png` keeps them small.
import { chromium } from 'playwright-core';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [page_path, out, exe = '/usr/bin/chromium'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: exe, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const shots = [
  { name: 'viewer-desktop.png', viewport: { width: 1280, height: 760 }, hash: '#entity=hashim_thaci&minconf=0.5', filters: true },
  { name: 'viewer-phone.png', viewport: { width: 390, height: 760 }, hash: '#entity=hashim_thaci' },
];
for (const s of shots) {
  const page = await browser.newPage({ viewport: s.viewport });
  await page.goto(pathToFileURL(resolve(page_path)).href + s.hash);
  await page.waitForTimeout(600);
  if (s.filters) await page.click('#filters-toggle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, s.name) });
  await page.close();
}
await browser.close();
