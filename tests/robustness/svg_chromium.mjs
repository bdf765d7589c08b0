// The rank-interval plot of `claimgraph robustness --format svg` in Debian's headless Chromium,
// driven by playwright-core (tests/node_modules): the file loads with no error, one row per entity,
// every hostile name is shown as text (no element or script injected), labels stay left of the
// plot, the bars sit inside it, and a screenshot can be taken.
// Usage: node svg_chromium.mjs PLAYWRIGHT_CORE_DIR SVG_FILE EXPECTED_ROWS SCREENSHOT_PNG [NAME...]
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [pwDir, svgFile, rowsArg, shot, ...names] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { chromium } = require(pwDir);
const problems = [];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('dialog', (d) => { problems.push('a dialog opened: ' + d.message()); d.dismiss(); });
  const resp = await page.goto(pathToFileURL(svgFile).href);
  if (!resp || !resp.ok()) problems.push('the file did not load');
  const info = await page.evaluate(() => {
    const svg = document.documentElement;
    const rows = [...document.querySelectorAll('g.entity')];
    const plotLeft = 400, width = Number(svg.getAttribute('width'));
    return {
      root: svg.tagName,
      rows: rows.length,
      scripts: document.querySelectorAll('script').length,
      foreign: document.querySelectorAll('foreignObject, iframe, a').length,
      text: svg.textContent,
      labelsOverflow: rows.filter((g) => { const t = g.querySelector('text'); const b = t.getBBox();
                                           return b.x + b.width > plotLeft - 2; }).length,
      barsOutside: rows.filter((g) => { const r = g.querySelector('rect'); const b = r.getBBox();
                                        return b.x < plotLeft - 1 || b.x + b.width > 851; }).length,
      tooWide: svg.getBBox().width > width + 1,
    };
  });
  if (info.root !== 'svg') problems.push('root element ' + info.root);
  if (info.rows !== Number(rowsArg)) problems.push(`${info.rows} rows, want ${rowsArg}`);
  if (info.scripts || info.foreign) problems.push('injected elements');
  if (info.labelsOverflow) problems.push(`${info.labelsOverflow} labels run into the plot`);
  if (info.barsOutside) problems.push(`${info.barsOutside} bars outside the plot`);
  if (info.tooWide) problems.push('the drawing is wider than the SVG');
  for (const n of names) {
    const shown = [...n].length > 38 ? n.slice(0, 20) : n;
    if (!info.text.includes(shown)) problems.push('name not shown as text: ' + JSON.stringify(n.slice(0, 40)));
  }
  await page.screenshot({ path: shot });
} finally {
  await browser.close();
}
if (problems.length) {
  console.log('FAIL ' + problems.join('\nFAIL '));
  process.exit(1);
}
console.log('svg ok in Chromium');
