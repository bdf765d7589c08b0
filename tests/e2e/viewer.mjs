// The HTML viewer in Debian's Chromium (playwright-core), at 1920x1080 and at 390x844: the diagram
// opens fitted; zoom (buttons, wheel, keys, pinch) changes the scale; search without accents
// finds an entity, zooms to it and opens its panel; the confidence and time filters hide exactly
// the edges `claimgraph edges` leaves out with the same filters (and the page's recomputed
// confidences equal the library's); deep links restore selection and filters; keyboard
// navigation, wide hit areas, bottom sheet, legend contrast (computed), print; a page built from
// hostile names stays inert; no console error and no network request anywhere.
// Screenshots of every check go to the artifacts folder.
// Usage: node viewer.mjs SPEC.json [CHROMIUM]   (SPEC is written by test_viewer.py)
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf-8'));
const exe = process.argv[3] || '/usr/bin/chromium';
mkdirSync(spec.artifacts, { recursive: true });
let failures = 0;
const fail = (msg) => { console.error('FAIL: ' + msg); failures++; };
const ok = (msg) => console.log('ok: ' + msg);
const check = (cond, msg, detail = '') => { if (cond) ok(msg); else fail(msg + (detail ? ': ' + detail : '')); };
const url = (name, hash = '') => pathToFileURL(spec.pages[name]).href + hash;
const sameSet = (a, b) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
const diff = (a, b) => ({ missing: b.filter((x) => !a.includes(x)), extra: a.filter((x) => !b.includes(x)) });

const browser = await chromium.launch({
  executablePath: exe, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});

const problems = [];
async function open(name, vp, hash = '', touch = false) {
  const ctx = await browser.newContext({ viewport: vp, hasTouch: touch, deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${name}: console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`${name}: page error: ${e.message}`));
  page.on('dialog', async (d) => { problems.push(`${name}: dialog: ${d.message()}`); await d.dismiss(); });
  page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push(`${name}: network request: ${r.url()}`); });
  await page.goto(url(name, hash));
  await page.waitForSelector('#viewport.cg-ready', { state: 'attached' });
  await settle(page);
  return page;
}
async function settle(page, ms = 350) { // panzoom transitions last 200 ms and start on the next frame
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(ms);
  // on a loaded machine frames come late and a transition may still run: wait until the diagram
  // has stopped moving (the same box twice in a row), for up to 3 s more
  const box = () => page.evaluate(() => {
    const s = document.querySelector('#viewport svg');
    if (!s) return '';
    const r = s.getBoundingClientRect();
    return [r.x, r.y, r.width, r.height].join(',');
  });
  let prev = await box();
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(60);
    const cur = await box();
    if (cur === prev) return;
    prev = cur;
  }
}
// The scale once it is within a relative 1e-4 of `want`, or, after 3 s of waiting for that (a
// loaded machine can start a transition after settle() saw two equal boxes), the scale then.
async function scaleNear(page, want) {
  let s = await scale(page);
  for (let i = 0; i < 50 && Math.abs(s - want) >= 1e-4 * want; i++) {
    await page.waitForTimeout(60);
    s = await scale(page);
  }
  return s;
}
const shot = (page, vp, name) => page.screenshot({ path: join(spec.artifacts, `${vp.width}x${vp.height}-${name}.png`) });
const scale = (page) => page.evaluate(() => {
  const s = document.querySelector('#viewport svg');
  return s.getBoundingClientRect().width / s.width.baseVal.value;
});
const shownEdges = (page) => page.evaluate(() =>
  [...document.querySelectorAll('#viewport g.claim-edge')].filter((g) => !g.classList.contains('cg-off')).map((g) => g.id));
const confidences = (page) => page.evaluate(() => Object.fromEntries(
  [...document.querySelectorAll('#viewport g.claim-edge:not(.cg-off)')].map((g) => [g.id, +g.dataset.confidence])));
const panelText = (page) => page.textContent('#panel-body');

// Compares what the page shows with `claimgraph edges` under the same filters (ids and confidences).
async function compareWithCli(page, expected, what) {
  const got = await shownEdges(page), want = Object.keys(expected);
  check(sameSet(got, want), `${what}: the page shows exactly the ${want.length} edges claimgraph edges lists`,
        JSON.stringify(diff(got, want)));
  const conf = await confidences(page);
  // claimgraph edges prints 6 decimals: the page's value must round to the same
  const off = want.filter((id) => id in conf && Math.abs(conf[id] - expected[id]) > 5e-7 + 1e-12);
  check(off.length === 0, `${what}: the page's recomputed confidences equal the library's (to its 6 printed decimals)`,
        off.map((id) => `${id}: page ${conf[id]} library ${expected[id]}`).join('; '));
}

async function setAsOf(page, date) { // moves the time slider to a day
  const min = await page.getAttribute('#asof', 'data-min');
  const days = Math.round((Date.parse(date + 'T00:00:00Z') - Date.parse(min + 'T00:00:00Z')) / 86400000);
  await page.locator('#asof').fill(String(days));
  await settle(page, 100);
  const out = await page.textContent('#asof-out');
  check(out === 'as of ' + date, `time slider reads "as of ${date}"`, out);
}

async function openBox(page, id) {
  if ((await page.getAttribute(`#${id}-toggle`, 'aria-expanded')) !== 'true') await page.click(`#${id}-toggle`);
}

function lum([r, g, b]) {
  const c = [r, g, b].map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };

for (const vp of [{ width: 1920, height: 1080 }, { width: 390, height: 844 }]) {
  const tag = `${vp.width}x${vp.height}`, phone = vp.width < 800;
  const page = await open('kosovo', vp, '', phone);

  // 1. the whole diagram is visible after load
  const box = await page.evaluate(() => {
    const r = document.querySelector('#viewport svg').getBoundingClientRect(), v = document.getElementById('viewport').getBoundingClientRect();
    return { r: [r.left, r.top, r.right, r.bottom], v: [v.left, v.top, v.right, v.bottom], w: innerWidth, h: innerHeight };
  });
  const inside = box.r[0] >= box.v[0] - 0.5 && box.r[1] >= box.v[1] - 0.5 && box.r[2] <= box.v[2] + 0.5 && box.r[3] <= box.v[3] + 0.5 &&
                 box.r[2] <= box.w && box.r[3] <= box.h && box.r[2] - box.r[0] > vp.width * 0.5;
  check(inside, `${tag}: the whole Kosovo diagram is inside the window after load`, JSON.stringify(box));
  await shot(page, vp, '01-load');
  check((await page.$eval('#legend', (e) => e.classList.contains('collapsed'))) === phone,
        `${tag}: the legend starts ${phone ? 'collapsed' : 'open'}`);

  // 2. zoom in and out: buttons, wheel, keys (and pinch on the phone); the fitted scale is read
  // once the page has stopped moving (on a loaded machine its first fit may still be running)
  await settle(page);
  const s0 = await scale(page);
  await page.click('#zoom-in');
  await settle(page);
  const s1 = await scale(page);
  await shot(page, vp, '02-zoom-in');
  await page.click('#zoom-out');
  await page.click('#zoom-out');
  await settle(page);
  const s2 = await scale(page);
  check(s1 > s0 * 1.2 && s2 < s1 / 1.5, `${tag}: + and - buttons change the scale`, `${s0} -> ${s1} -> ${s2}`);
  const vr = await page.$eval('#viewport', (e) => { const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; });
  await page.mouse.move(vr[0], vr[1]);
  await page.mouse.wheel(0, -400);
  await settle(page);
  const s3 = await scale(page);
  check(s3 > s2, `${tag}: the mouse wheel zooms in`, `${s2} -> ${s3}`);
  await page.focus('#viewport');
  await page.keyboard.press('-');
  await settle(page);
  check((await scale(page)) < s3, `${tag}: the - key zooms out`);
  if (phone) { // two fingers moving apart
    const cdp = await page.context().newCDPSession(page);
    const before = await scale(page);
    const pts = (d) => [{ x: vr[0] - d, y: vr[1], id: 1 }, { x: vr[0] + d, y: vr[1], id: 2 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: pts(20) });
    for (let d = 30; d <= 140; d += 10) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: pts(d) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await settle(page);
    const after = await scale(page);
    check(after > before * 1.3, `${tag}: a pinch zooms in`, `${before} -> ${after}`);
    await shot(page, vp, '02-pinch');
  }
  await page.click('#zoom-fit');
  await settle(page);
  const sf = await scaleNear(page, s0);
  check(Math.abs(sf - s0) < 1e-4 * s0, `${tag}: Fit returns to the fitted scale`, `${s0} -> ${sf}`);
  await page.click('#zoom-reset');
  await settle(page);
  check(Math.abs((await scaleNear(page, 1)) - 1) < 1e-4, `${tag}: 1:1 shows the diagram at actual size`);
  await page.click('#zoom-fit');
  await settle(page);

  // 3. search without the accent, choose, the entity is zoomed to, highlighted, its panel open
  await page.fill('#search', 'thaci');
  const items = await page.$$eval('#results li', (l) => l.map((x) => x.textContent));
  check(items.length > 0 && items[0] === 'Hashim Tha\u00e7i', `${tag}: "thaci" suggests Hashim Tha\u00e7i first`, JSON.stringify(items));
  await shot(page, vp, '03-search-suggestions');
  await page.keyboard.press('Enter');
  await settle(page, 500);
  let text = await panelText(page);
  check(text.includes('Hashim Tha\u00e7i') && text.includes('pagerank'), `${tag}: choosing it opens his panel`);
  const hl = await page.evaluate(() => {
    const g = document.getElementById('n-hashim__thaci'), r = g.getBoundingClientRect(), v = document.getElementById('viewport').getBoundingClientRect();
    const p = document.getElementById('panel').getBoundingClientRect();
    return { sel: g.classList.contains('cg-selected'), related: document.querySelectorAll('g.claim-edge.cg-related').length,
             inView: r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= Math.min(v.bottom, p.top > v.top + 50 ? p.top : v.bottom),
             big: r.width, hash: location.hash };
  });
  check(hl.sel && hl.related >= 5, `${tag}: he and his links are highlighted`, JSON.stringify(hl));
  check(hl.inView && hl.big > 40, `${tag}: the diagram zoomed to him (node ${Math.round(hl.big)} px wide, in view)`, JSON.stringify(hl));
  check(hl.hash === '#entity=hashim_thaci', `${tag}: the URL links to the selection`, hl.hash);
  const sheet = await page.$eval('#panel', (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });
  if (phone) check(sheet[0] === 0 && sheet[2] === vp.width && Math.abs(sheet[3] - vp.height) < 1 && sheet[1] > vp.height * 0.3,
                   `${tag}: the panel is a bottom sheet`, JSON.stringify(sheet));
  else check(Math.abs(sheet[2] - vp.width) < 1 && sheet[0] > vp.width * 0.7, `${tag}: the panel is beside the diagram`, JSON.stringify(sheet));
  await shot(page, vp, '04-search-selected');
  await page.keyboard.press('Escape');
  await page.click('#zoom-fit');
  await settle(page);

  // 4. minimum confidence 0.6
  await openBox(page, 'filters');
  await page.locator('#minconf').fill('0.6');
  await settle(page, 150);
  await compareWithCli(page, spec.expect.kosovo.minconf, `${tag}: confidence slider at 0.6`);
  const count = await page.textContent('#filters .cg-count');
  check(count.includes(`hide ${spec.expect.kosovo.drawn - Object.keys(spec.expect.kosovo.minconf).length} of ${spec.expect.kosovo.drawn} links`),
        `${tag}: the counter says how many links are hidden`, count);
  await shot(page, vp, '05-minconf-0.6');
  // only one source
  await page.click('#filters button[aria-label="Only source gp"]');
  await settle(page, 150);
  await compareWithCli(page, spec.expect.kosovo.minconf_gp, `${tag}: minimum 0.6 and only source gp`);
  await page.click('#filters button:has-text("Reset filters")');
  await settle(page, 150);
  check((await shownEdges(page)).length === spec.expect.kosovo.drawn, `${tag}: Reset filters shows every edge again`);
  await page.click('#filters-toggle');

  // 5. the time slider (Kosovo has validity dates on some claims)
  for (const d of Object.keys(spec.expect.kosovo.asof)) {
    await setAsOf(page, d);
    await compareWithCli(page, spec.expect.kosovo.asof[d], `${tag}: Kosovo as of ${d}`);
  }
  await shot(page, vp, '06-kosovo-asof');
  await page.click('#time-all');
  await settle(page, 100);
  check((await shownEdges(page)).length === spec.expect.kosovo.drawn, `${tag}: "All dates" shows every edge again`);

  // 6. keyboard: into the diagram, through the entities, open one
  await page.focus('#viewport');
  await page.keyboard.press('Escape'); // no selection: Enter goes to the first entity by name
  await page.keyboard.press('Enter');
  const firstId = await page.evaluate(() => document.activeElement.id);
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => {
    const a = document.activeElement, shape = a.querySelector('ellipse, polygon');
    const data = JSON.parse(document.getElementById('cg-data').textContent).entities;
    const names = [...document.querySelectorAll('#viewport g.entity')].map((g) => data[g.id].name);
    names.sort(new Intl.Collator(undefined, { sensitivity: 'base' }).compare);
    return { id: a.id, entity: a.classList.contains('entity'), label: a.getAttribute('aria-label'),
             stroke: shape && getComputedStyle(shape).stroke, second: names[1], name: data[a.id] && data[a.id].name };
  });
  check(firstId.startsWith('n-') && focused.entity && focused.id !== firstId && focused.name === focused.second &&
        focused.label.startsWith(focused.name + ', '),
        `${tag}: Enter then ArrowDown focuses the second entity by name`, JSON.stringify(focused));
  check(focused.stroke === 'rgb(11, 87, 208)', `${tag}: the focused entity has a visible focus ring`, focused.stroke);
  check(/, \d+ links? shown$/.test(focused.label || ''), `${tag}: entities have ARIA labels`, focused.label);
  await shot(page, vp, '07-keyboard-focus');
  await page.keyboard.press('Enter');
  await settle(page);
  text = await panelText(page);
  check(text.includes(focused.name), `${tag}: Enter opens the focused entity's panel`);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  // 7. a thin edge is hit 5 px beside its line
  const hit = await page.evaluate(() => {
    for (const h of document.querySelectorAll('.cg-hits path')) {
      const line = document.getElementById(h.dataset.edge).querySelector('path');
      const L = line.getTotalLength();
      if (L < 60) continue;
      const m = line.getScreenCTM(), p0 = line.getPointAtLength(L / 2 - 1), p1 = line.getPointAtLength(L / 2 + 1);
      const a = new DOMPoint(p0.x, p0.y).matrixTransform(m), b = new DOMPoint(p1.x, p1.y).matrixTransform(m);
      const len = Math.hypot(b.x - a.x, b.y - a.y) || 1, nx = -(b.y - a.y) / len, ny = (b.x - a.x) / len;
      const x = (a.x + b.x) / 2 + 5 * nx, y = (a.y + b.y) / 2 + 5 * ny;
      if (document.elementFromPoint(x, y) === h) return { id: h.dataset.edge, x, y };
    }
    return null;
  });
  if (!hit) fail(`${tag}: found no edge whose hit area is free 5 px beside its line`);
  else {
    await page.mouse.click(hit.x, hit.y);
    await settle(page, 100);
    const sel = await page.$eval(`[id="${hit.id}"]`, (g) => g.classList.contains('cg-selected'));
    check(sel, `${tag}: a click 5 px beside a thin edge selects it (${hit.id})`);
    await shot(page, vp, '08-hit-area');
  }
  await page.keyboard.press('Escape');

  // 8. legend colours: computed contrast (text 4.5:1, lines and borders 3:1, WCAG AA)
  await openBox(page, 'legend');
  const contrast = await page.evaluate(() => {
    const rgb = (s) => (s.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
    const color = (c) => { const t = document.createElement('span'); t.style.color = c; document.body.appendChild(t); const v = getComputedStyle(t).color; t.remove(); return rgb(v); };
    const out = { text: [], lines: [], diagramText: [], diagramLines: [] };
    const lg = document.getElementById('legend'), bg = rgb(getComputedStyle(lg).backgroundColor);
    lg.querySelectorAll('.swatch').forEach((s) => out.text.push([s.textContent, rgb(getComputedStyle(s).color), rgb(getComputedStyle(s).backgroundColor)]));
    lg.querySelectorAll('.body p, .body h3, .lines span').forEach((s) => out.text.push([s.textContent.slice(0, 30), rgb(getComputedStyle(s).color), bg]));
    lg.querySelectorAll('.lines li').forEach((li) => {
      const l = li.querySelector('line');
      if (l.getAttribute('opacity')) return; // the "faded: hidden" sample is meant to recede
      out.lines.push([li.textContent, color(l.getAttribute('stroke')), bg]);
    });
    lg.querySelectorAll('.shape > *').forEach((s) => out.lines.push(['shape border', color(s.getAttribute('stroke')), bg]));
    const white = [255, 255, 255];
    document.querySelectorAll('#viewport g.entity').forEach((g) => {
      const shape = g.querySelector('ellipse, polygon'), t = g.querySelector('text');
      if (shape && t) out.diagramText.push([g.id, rgb(getComputedStyle(t).fill), rgb(getComputedStyle(shape).fill)]);
    });
    document.querySelectorAll('#viewport g.claim-edge').forEach((g) => {
      const p = g.querySelector('path'), t = g.querySelector('text');
      out.diagramLines.push([g.id, rgb(getComputedStyle(p).stroke), white]);
      if (t) out.diagramText.push([g.id + ' label', rgb(getComputedStyle(t).fill), white]);
    });
    return out;
  });
  for (const [kind, min] of [['text', 4.5], ['lines', 3], ['diagramText', 4.5], ['diagramLines', 3]]) {
    const bad = contrast[kind].filter(([, a, b]) => ratio(a, b) < min);
    const worst = Math.min(...contrast[kind].map(([, a, b]) => ratio(a, b)));
    check(contrast[kind].length > 0 && bad.length === 0,
          `${tag}: ${kind} contrast at least ${min}:1 (${contrast[kind].length} checked, lowest ${worst.toFixed(2)}:1)`,
          JSON.stringify(bad.slice(0, 5)));
  }
  await shot(page, vp, '09-legend');
  await page.context().close();

  // 9. deep links restore the selection and the filters
  const p2 = await open('kosovo', vp, '#edge=' + spec.expect.kosovo.edge + '&minconf=0.6&asof=' + spec.expect.kosovo.deep_date);
  text = await panelText(p2);
  check(text.includes(spec.expect.kosovo.edge_title), `${tag}: #edge= opens that edge's panel`, text.slice(0, 120));
  check(await p2.$eval(`[id="${spec.expect.kosovo.edge}"]`, (g) => g.classList.contains('cg-selected')), `${tag}: #edge= highlights it`);
  check((await p2.inputValue('#minconf')) === '0.6' && (await p2.textContent('#asof-out')) === 'as of ' + spec.expect.kosovo.deep_date,
        `${tag}: #minconf= and #asof= set the controls`);
  await compareWithCli(p2, spec.expect.kosovo.deep, `${tag}: deep link minconf 0.6 as of ${spec.expect.kosovo.deep_date}`);
  await shot(p2, vp, '10-deep-link-edge');
  await p2.context().close();
  const p3 = await open('kosovo', vp, '#select=n-xhavit__haliti');
  check((await panelText(p3)).includes('Xhavit Haliti'), `${tag}: the older #select= still works`);
  await p3.context().close();

  // 10. a dataset with validity and publication dates: the slider, partial dates, step buttons
  const p4 = await open('dated', vp, '#asof=2011');
  await compareWithCli(p4, spec.expect.dated.asof['2011'], `${tag}: dated, deep link #asof=2011 (partial date)`);
  await p4.evaluate(() => { location.hash = '#asof=2008-01-01'; }); // before the slider's first day
  await settle(p4, 100);
  check((await p4.textContent('#asof-out')) === 'as of 2008-01-01', `${tag}: a changed #asof= is applied`);
  await compareWithCli(p4, spec.expect.dated.asof['2008-01-01'], `${tag}: dated, #asof=2008-01-01`);
  for (const d of Object.keys(spec.expect.dated.asof).filter((x) => x.length === 10 && x > '2009')) {
    await setAsOf(p4, d);
    await compareWithCli(p4, spec.expect.dated.asof[d], `${tag}: dated, as of ${d}`);
    await shot(p4, vp, `11-dated-${d}`);
  }
  await setAsOf(p4, '2011-05-16');
  await p4.click('#time-next');
  await settle(p4, 100);
  check((await p4.textContent('#asof-out')) === 'as of 2011-05-17', `${tag}: "next" steps to the next change (2011-05-17)`);
  await compareWithCli(p4, spec.expect.dated.asof['2011-05-17'], `${tag}: dated, after a step`);
  await p4.click('#time-play');
  await p4.waitForTimeout(1500);
  const played = await p4.textContent('#asof-out');
  await p4.click('#time-play');
  check(played !== 'as of 2011-05-17', `${tag}: play moves through the dates`, played);
  await p4.click('#e-b_xfunds_xc text', { force: true });
  await settle(p4);
  await setAsOf(p4, '2014-01-01');
  text = await panelText(p4);
  check(text.includes('Hidden by the current filters') && text.includes('NOT A LINK') && text.includes('Hidden by the filters (1)'),
        `${tag}: a supported edge whose support is not in force shows only its denial, and says what is hidden`, text.slice(0, 300));
  await shot(p4, vp, '12-dated-denial-left');
  await p4.context().close();
}

// 11. print: the whole diagram and the legend on one page (the PDF's pages are counted by the caller)
{
  const vp = { width: 1920, height: 1080 };
  const page = await open('kosovo', vp, '#entity=hashim_thaci');
  await page.emulateMedia({ media: 'print' });
  await settle(page, 100);
  await page.screenshot({ path: join(spec.artifacts, 'print-media.png'), fullPage: true });
  await page.pdf({ path: spec.pdf, format: 'A4', landscape: true, printBackground: true });
  ok('print: PDF written');
  await page.context().close();
}

// 12. hostile names stay inert (no script runs, nothing is loaded, the strings are shown as text)
{
  const vp = { width: 1920, height: 1080 };
  const page = await open('hostile', vp);
  await page.fill('#search', '<img');
  await page.keyboard.press('Enter');
  await settle(page);
  await page.click('#viewport .claim-edge text', { force: true });
  const r = await page.evaluate(() => ({
    title: document.title, imgs: document.querySelectorAll('img').length, scripts: document.querySelectorAll('script').length,
    body: document.body.textContent,
  }));
  check(r.title === '<b>title</b>' && r.imgs === 0 && r.scripts === 2, 'hostile page: no script ran, no element injected', JSON.stringify(r).slice(0, 200));
  check(r.body.includes('<img src=x onerror='), 'hostile page: the hostile strings are shown as text');
  await shot(page, vp, 'hostile');
  await page.context().close();
}

// 13. a page without dates and without legend
{
  const vp = { width: 1280, height: 800 };
  const page = await open('plain', vp);
  const r = await page.evaluate(() => {
    const s = document.querySelector('#viewport svg').getBoundingClientRect(), v = document.getElementById('viewport').getBoundingClientRect();
    return { timebar: document.getElementById('timebar').hidden, legend: !!document.getElementById('legend'),
             inside: s.left >= v.left - 0.5 && s.right <= v.right + 0.5 && s.top >= v.top - 0.5 && s.bottom <= v.bottom + 0.5 };
  });
  check(r.timebar && !r.legend && r.inside, 'a page without dates or legend: no time bar, no legend, fitted', JSON.stringify(r));
  await page.fill('#search', 'entity');
  await shot(page, vp, 'plain');
  await page.context().close();
}

check(problems.length === 0, 'no console error or warning, no dialog, no network request on any page', problems.join('\n'));
await browser.close();
console.log(failures ? `${failures} checks failed` : 'all viewer checks passed');
process.exitCode = failures ? 1 : 0;
