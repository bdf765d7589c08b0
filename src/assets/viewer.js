(function () {
'use strict';
/* claimgraph's HTML viewer. The page's data is one JSON block (#cg-data); every string from the
 * data is put into the page with textContent (never as HTML), links only for http(s) URLs.
 * Pan and zoom: @panzoom/panzoom (embedded above this script). Filters regroup the shown claims
 * exactly as the library does (same origin or same cites family; noisy-OR over the groups, in
 * the same order), so the page's numbers equal `claimgraph edges` with the same filters. */
var D = JSON.parse(document.getElementById('cg-data').textContent);
function $(id) { return document.getElementById(id); }
var viewport = $('viewport'), svg = viewport.querySelector('svg'), panel = $('panel-body');
var narrow = window.matchMedia('(max-width: 799px)');
var EDGE_IDS = Object.keys(D.edges), ENTITY_IDS = Object.keys(D.entities);
var SVG_NS = 'http://www.w3.org/2000/svg';

/* ---- small helpers ---- */
function el(tag, text, cls) {
  var e = document.createElement(tag);
  if (text != null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}
function svgEl(tag, attrs) {
  var e = document.createElementNS(SVG_NS, tag);
  Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
  return e;
}
function button(text, label, cls) {
  var b = el('button', text, cls);
  b.type = 'button';
  if (label) b.setAttribute('aria-label', label);
  return b;
}
function num(x) { return (Math.round(x * 1000) / 1000).toFixed(3); }
function link(url, text) {
  if (typeof url === 'string' && /^https?:\/\//.test(url)) {
    var a = el('a', text);
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }
  return el('span', text);
}
function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
function fold(s) { return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); }
var entityKeyById = new Map();
ENTITY_IDS.forEach(function (k) { entityKeyById.set(D.entities[k].id, k); });
var STATUS_RANK = new Map();
D.statuses.forEach(function (s, i) { STATUS_RANK.set(s, i); });

/* ---- dates (README "Time"): a partial date names a period, "2011" is all of 2011 ---- */
function lastDay(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }
function dateValid(s) {
  var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s || '');
  if (!m) return false;
  if (m[2] && (+m[2] < 1 || +m[2] > 12)) return false;
  if (m[3] && (+m[3] < 1 || +m[3] > lastDay(+m[1], +m[2]))) return false;
  return true;
}
function dlo(d) { return d.length === 4 ? d + '-01-01' : d.length === 7 ? d + '-01' : d; }
function dhi(d) { return d.length === 4 ? d + '-12-31' : d.length === 7 ? d + '-31' : d; }
function claimStart(c) { return c.valid_from || D.sources[c.source].published || null; }
function inForce(c, q) {
  var s = claimStart(c);
  if (s && dlo(s) > dhi(q)) return false;
  if (c.valid_to && dhi(c.valid_to) < dlo(q)) return false;
  return true;
}
var DAY = 86400000;
function dayOf(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / DAY; }
function dayStr(n) { return new Date(n * DAY).toISOString().slice(0, 10); }
function realHi(d) { /* the true last day of a partial date's period */
  if (d.length === 4) return d + '-12-31';
  if (d.length === 7) return d + '-' + String(lastDay(+d.slice(0, 4), +d.slice(5, 7))).padStart(2, '0');
  return d;
}

/* ---- filters: which claims count, and what they make of each edge ---- */
var F = {minconf: 0, asof: null, sources: new Set(), statuses: new Set(), hideAnon: false};
var SOURCE_IDS = Object.keys(D.sources).sort();
var STATUSES_USED = D.statuses.filter(function (s) {
  return Object.keys(D.claims).some(function (c) { return D.claims[c].status === s; });
}).reverse();
function resetFilters() {
  F.minconf = 0;
  F.asof = null;
  F.sources = new Set(SOURCE_IDS);
  F.statuses = new Set(STATUSES_USED);
  F.hideAnon = false;
}
resetFilters();

/* Why a claim does not count under the filters (null: it counts). */
function hiddenBecause(cid) {
  var c = D.claims[cid];
  if (!F.sources.has(c.source)) return 'source ' + c.source + ' is not selected';
  if (!F.statuses.has(c.status)) return 'status ' + c.status + ' is not selected';
  if (F.asof && !inForce(c, F.asof)) return 'not in force as of ' + F.asof;
  return null;
}

/* Origin groups of claims (ascending input order), as the library forms them: same explicit
 * origin, or sources in one cites family (which includes the same source). */
function groupsOf(ids) {
  var parent = ids.map(function (_, i) { return i; });
  function find(x) { while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; } return x; }
  function union(a, b) { a = find(a); b = find(b); if (a !== b) parent[Math.max(a, b)] = Math.min(a, b); }
  var first = new Map();
  ids.forEach(function (cid, i) {
    var c = D.claims[cid], keys = ['f' + D.sources[c.source].family];
    if (c.origin != null) keys.push('o' + c.origin);
    keys.forEach(function (k) { if (first.has(k)) union(first.get(k), i); else first.set(k, i); });
  });
  var groups = [], index = new Map();
  ids.forEach(function (cid, i) {
    var r = find(i);
    if (!index.has(r)) { index.set(r, groups.length); groups.push({confidence: -1, claims: []}); }
    var g = groups[index.get(r)], p = D.claims[cid].confidence;
    g.claims.push(cid);
    if (p > g.confidence) g.confidence = p;
  });
  return groups;
}
function noisyOr(groups) {
  var q = 1;
  groups.forEach(function (g) { q *= 1 - g.confidence; });
  return 1 - q;
}

/* An edge under the current filters. */
function evaluate(eid) {
  var e = D.edges[eid], sup = [], ref = [], hidden = [];
  e.claims.forEach(function (cid) {
    var why = hiddenBecause(cid);
    if (why) hidden.push({claim: cid, why: why});
    else (D.claims[cid].stance === 'refutes' ? ref : sup).push(cid);
  });
  var r = {sup: sup, ref: ref, hidden: hidden, groups: groupsOf(sup), refute_groups: groupsOf(ref)};
  r.confidence = sup.length ? noisyOr(r.groups) : 0;
  r.refute_confidence = ref.length ? noisyOr(r.refute_groups) : 0;
  var best = -1, pool = sup.length ? sup : ref;
  pool.forEach(function (cid) { best = Math.max(best, STATUS_RANK.get(D.claims[cid].status)); });
  r.status = best >= 0 ? D.statuses[best] : e.status;
  r.all_anonymous = sup.length > 0 && sup.every(function (cid) { return D.claims[cid].anonymous; });
  r.refute_only = sup.length === 0;
  /* shown: drawn, still what it was drawn as (a link, or a denial drawn apart), at or above the
   * minimum confidence (denials, of confidence 0, only without one), not hidden as anonymous-only */
  r.shown = e.drawn && (e.refute_only ? ref.length > 0 && sup.length === 0 : sup.length > 0) &&
            !(F.minconf > 0 && r.confidence < F.minconf) && !(F.hideAnon && r.all_anonymous);
  return r;
}
function filtersActive() {
  return F.minconf > 0 || F.asof !== null || F.hideAnon || F.sources.size !== SOURCE_IDS.length ||
         F.statuses.size !== STATUSES_USED.length;
}

/* ---- the diagram: hit areas, ARIA, state classes ---- */
function gOf(key) { return document.getElementById(key); }
var drawnEdges = EDGE_IDS.filter(function (id) { return D.edges[id].drawn && gOf(id); });
var shownEntities = ENTITY_IDS.filter(function (id) { return gOf(id); });
var edgeTouch = new Map(); /* entity key -> drawn edge keys */
drawnEdges.forEach(function (id) {
  var e = D.edges[id];
  [e.subject, e.object].forEach(function (n) {
    if (!edgeTouch.has(n)) edgeTouch.set(n, []);
    edgeTouch.get(n).push(id);
  });
});
function edgeTitle(e) {
  var arrow = e.directed ? ' \u2192 ' : ' \u2014 ';
  return e.subject_name + arrow + e.relation + arrow + e.object_name;
}
/* A wide invisible stroke along every edge, so thin lines are easy to hit. They lie under
 * everything drawn (in a group before the first edge or node), so a label or an entity on top
 * of another edge's hit area still gets its own click. */
var hits = svgEl('g', {'class': 'cg-hits', 'aria-hidden': 'true'}), hitOf = new Map();
(function () {
  var graph = svg.querySelector('g.graph') || svg, before = null;
  for (var c = graph.firstElementChild; c; c = c.nextElementSibling) if (c.tagName === 'g') { before = c; break; }
  graph.insertBefore(hits, before);
}());
drawnEdges.forEach(function (id) {
  var path = gOf(id).querySelector('path');
  if (!path) return;
  var hit = svgEl('path', {d: path.getAttribute('d'), 'class': 'cg-hit'});
  hit.dataset.edge = id;
  hits.appendChild(hit);
  hitOf.set(id, hit);
});
/* keyboard order: entities by name, then links by title */
var collator = new Intl.Collator(undefined, {sensitivity: 'base'});
var NAV = shownEntities.slice().sort(function (a, b) {
  return collator.compare(D.entities[a].name, D.entities[b].name) || (a < b ? -1 : 1);
}).concat(drawnEdges.slice().sort(function (a, b) {
  return collator.compare(edgeTitle(D.edges[a]), edgeTitle(D.edges[b])) || (a < b ? -1 : 1);
}));
NAV.forEach(function (id) {
  var g = gOf(id);
  g.setAttribute('tabindex', '-1');
  g.setAttribute('role', 'button');
  g.querySelectorAll('a').forEach(function (a) { a.setAttribute('tabindex', '-1'); });
  var t = g.querySelector('title');
  if (t) t.remove(); /* Graphviz's internal node names are no label for a reader */
});
function describe(id) {
  if (D.entities[id]) {
    var n = D.entities[id], k = (edgeTouch.get(id) || []).filter(function (x) { return state.edges.get(x).shown; });
    return n.name + ', ' + n.kind.replace(/_/g, ' ') + ', ' + plural(k.length, 'link', 'links') + ' shown';
  }
  var e = D.edges[id], s = state.edges.get(id);
  if (e.refute_only) return 'Not a link: ' + edgeTitle(e) + ', denied or refuted, confidence ' + num(s.refute_confidence);
  return edgeTitle(e) + ', confidence ' + num(s.confidence) + ', ' +
         plural(s.groups.length, 'independent origin', 'independent origins') + (s.sup.length && D.edges[id].disputed ? ', disputed' : '');
}

var state = {edges: new Map(), entities: new Map(), hiddenEdges: 0, hiddenEntities: 0};
function refresh() {
  state.hiddenEdges = 0;
  EDGE_IDS.forEach(function (id) { state.edges.set(id, evaluate(id)); });
  drawnEdges.forEach(function (id) {
    var shown = state.edges.get(id).shown, s = state.edges.get(id);
    gOf(id).classList.toggle('cg-off', !shown);
    gOf(id).setAttribute('data-confidence', String(D.edges[id].refute_only ? s.refute_confidence : s.confidence));
    if (hitOf.has(id)) hitOf.get(id).classList.toggle('cg-off', !shown);
    if (!shown) state.hiddenEdges++;
  });
  state.hiddenEntities = 0;
  shownEntities.forEach(function (id) {
    var touching = edgeTouch.get(id) || [];
    var shown = !touching.length || touching.some(function (x) { return state.edges.get(x).shown; });
    state.entities.set(id, shown);
    gOf(id).classList.toggle('cg-off', !shown);
    if (!shown) state.hiddenEntities++;
  });
  NAV.forEach(function (id) { gOf(id).setAttribute('aria-label', describe(id)); });
  var msg = filtersActive()
    ? 'The filters hide ' + state.hiddenEdges + ' of ' + plural(drawnEdges.length, 'link', 'links') + ' and ' +
      state.hiddenEntities + ' of ' + plural(shownEntities.length, 'entity', 'entities') + ' (faded).'
    : 'All ' + plural(drawnEdges.length, 'link', 'links') + ' and ' + plural(shownEntities.length, 'entity', 'entities') +
      ' shown.';
  document.querySelectorAll('.cg-count').forEach(function (c) { c.textContent = msg; });
  /* the drawing is Graphviz's, from every claim: say so while the filters change what counts */
  document.querySelectorAll('.cg-note').forEach(function (n) { n.hidden = !filtersActive(); });
  var badge = $('filters-badge');
  if (badge) badge.textContent = filtersActive() ? ' (' + state.hiddenEdges + ' hidden)' : '';
  if (current) render(current);
  highlight();
}

/* ---- pan and zoom ---- */
var W0 = svg.width.baseVal.value, H0 = svg.height.baseVal.value;
svg.style.width = W0 + 'px';
svg.style.height = H0 + 'px';
var pz = null, fitted = true;
/* Panzoom is created once the controls are laid out, already at the fitted view, and always
 * paints its latest state: so the page never shows (nor reports) a frame that is not fitted. */
function startPanzoom() {
  var f = fitParams(0, 0, W0, H0, 1.5);
  svg.style.transformOrigin = '50% 50%';
  svg.style.transform = 'scale(' + f.s + ') translate(' + f.tx + 'px, ' + f.ty + 'px)';
  svg.style.setProperty('--px', String(1 / f.s));
  pz = window.Panzoom(svg, {canvas: true, minScale: Math.min(0.01, f.s), maxScale: 8, step: 0.25, cursor: 'grab',
                            startScale: f.s, startX: f.tx, startY: f.ty,
                            handleStartEvent: function (ev) { ev.preventDefault(); },
                            setTransform: function (elem) {
                              var p = pz.getPan();
                              elem.style.transform = 'scale(' + pz.getScale() + ') translate(' + p.x + 'px, ' + p.y + 'px)';
                            }});
  pz.pan(f.tx, f.ty, {force: true});
}
function scaleNow() { return svg.getBoundingClientRect().width / W0; }
function area() { /* the part of the viewport the controls leave free, in viewport coordinates */
  var vr = viewport.getBoundingClientRect(), left = 8, top = 8, right = vr.width - 8, bottom = vr.height - 8;
  var zb = $('zoombar').getBoundingClientRect(), tb = $('timebar'), side = $('side').getBoundingClientRect();
  if (zb.width && zb.left - vr.left > vr.width / 2) right = Math.min(right, zb.left - vr.left - 8);
  if (!tb.hidden) bottom = Math.min(bottom, tb.getBoundingClientRect().top - vr.top - 8);
  var pr = $('panel').getBoundingClientRect(); /* the bottom sheet, on narrow screens */
  if (narrow.matches && pr.top < vr.bottom) bottom = Math.min(bottom, pr.top - vr.top - 8);
  if (side.width && side.height) {
    var open = $('side').querySelector('.box:not(.collapsed)');
    if (open && side.width < vr.width / 2) left = Math.max(left, side.right - vr.left + 8);
    else if (!open) top = Math.max(top, side.bottom - vr.top + 8);
  }
  return {x: left, y: top, w: Math.max(right - left, 40), h: Math.max(bottom - top, 40)};
}
/* Shows the local rectangle (CSS px of the unscaled SVG) centred in the free area, at most at
 * scale `cap`. The transform is scale(s) translate(t) around the SVG's centre. */
function fitParams(x, y, w, h, cap) {
  var a = area(), s = Math.min(a.w / Math.max(w, 1), a.h / Math.max(h, 1));
  if (cap) s = Math.min(s, cap);
  s = Math.max(s, 0.001);
  return {s: s, tx: (a.x + a.w / 2 - W0 / 2) / s - (x + w / 2 - W0 / 2), ty: (a.y + a.h / 2 - H0 / 2) / s - (y + h / 2 - H0 / 2)};
}
function showRect(x, y, w, h, cap, animate, given) {
  var f = given || fitParams(x, y, w, h, cap);
  pz.setOptions({minScale: Math.min(0.01, f.s)});
  pz.zoom(f.s, {animate: !!animate, force: true});
  pz.pan(f.tx, f.ty, {animate: !!animate, force: true});
}
function fit(animate) { /* a small diagram is not blown up beyond 1.5 times its size */
  showRect(0, 0, W0, H0, 1.5, animate);
  fitted = true;
}
function localRect(elem) {
  var r = elem.getBoundingClientRect(), sr = svg.getBoundingClientRect(), s = sr.width / W0;
  return {x: (r.left - sr.left) / s, y: (r.top - sr.top) / s, w: r.width / s, h: r.height / s};
}
function union(rects) {
  var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  rects.forEach(function (r) { x0 = Math.min(x0, r.x); y0 = Math.min(y0, r.y); x1 = Math.max(x1, r.x + r.w); y1 = Math.max(y1, r.y + r.h); });
  return {x: x0, y: y0, w: x1 - x0, h: y1 - y0};
}
/* Zooms to an entity with its shown links and neighbours, or to an edge with its two ends. */
function zoomTo(key) {
  var parts = [gOf(key)];
  if (D.entities[key]) {
    (edgeTouch.get(key) || []).forEach(function (x) {
      if (!state.edges.get(x).shown) return;
      var e = D.edges[x];
      parts.push(gOf(e.subject === key ? e.object : e.subject));
    });
  } else if (D.edges[key]) {
    parts.push(gOf(D.edges[key].subject), gOf(D.edges[key].object));
  }
  var r = union(parts.filter(Boolean).map(localRect)), pad = 30, cap = Math.max(1.2, scaleNow());
  var f = fitParams(r.x - pad, r.y - pad, r.w + 2 * pad, r.h + 2 * pad, cap);
  if (f.s < 0.6) { /* its neighbours are far apart (or the screen is small): the entity itself, readable */
    r = localRect(gOf(key));
    f = fitParams(r.x + r.w / 2 - 1, r.y + r.h / 2 - 1, 2, 2, Math.min(0.6, cap));
  }
  showRect(r.x, r.y, r.w, r.h, 0, true, f);
  fitted = false;
}
/* Pans just enough to bring an element into the free area (keyboard focus). */
function reveal(elem) {
  var a = area(), vr = viewport.getBoundingClientRect(), r = elem.getBoundingClientRect(), s = scaleNow();
  var dx = 0, dy = 0, left = r.left - vr.left, top = r.top - vr.top;
  if (left < a.x) dx = a.x - left + 20;
  else if (left + r.width > a.x + a.w) dx = a.x + a.w - left - r.width - 20;
  if (top < a.y) dy = a.y - top + 20;
  else if (top + r.height > a.y + a.h) dy = a.y + a.h - top - r.height - 20;
  if (dx || dy) { var p = pz.getPan(); pz.pan(p.x + dx / s, p.y + dy / s, {animate: true, force: true}); fitted = false; }
}
function zoomBy(k) { /* around the centre of the free area */
  var a = area(), vr = viewport.getBoundingClientRect();
  pz.zoomToPoint(pz.getScale() * k, {clientX: vr.left + a.x + a.w / 2, clientY: vr.top + a.y + a.h / 2});
  fitted = false;
}
function panBy(dx, dy) { var p = pz.getPan(), s = pz.getScale(); pz.pan(p.x + dx / s, p.y + dy / s, {force: true}); fitted = false; }
viewport.addEventListener('scroll', function () { /* only pan and zoom move the diagram (not scrollIntoView) */
  viewport.scrollTop = 0;
  viewport.scrollLeft = 0;
});
viewport.addEventListener('wheel', function (ev) { pz.zoomWithWheel(ev); fitted = false; }, {passive: false});
svg.addEventListener('panzoomstart', function () { fitted = false; });
svg.addEventListener('panzoomchange', function (ev) { /* hit areas and highlights keep their on-screen width */
  svg.style.setProperty('--px', String(1 / ev.detail.scale));
});
$('zoom-in').addEventListener('click', function () { zoomBy(1.4); });
$('zoom-out').addEventListener('click', function () { zoomBy(1 / 1.4); });
$('zoom-fit').addEventListener('click', function () { fit(true); });
$('zoom-reset').addEventListener('click', function () {
  var a = area(), vr = viewport.getBoundingClientRect();
  pz.zoomToPoint(1, {clientX: vr.left + a.x + a.w / 2, clientY: vr.top + a.y + a.h / 2});
  fitted = false;
});
function layout() { /* the side boxes stop above the time bar */
  var tb = $('timebar');
  $('graph').style.setProperty('--timebar', tb.hidden ? '0px' : tb.getBoundingClientRect().height + 'px');
}
var resizeTimer = null;
window.addEventListener('resize', function () {
  layout();
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(function () { if (fitted) fit(false); }, 100);
});

/* A click that ends a drag is not a selection. */
var down = null;
viewport.addEventListener('pointerdown', function (ev) { down = {x: ev.clientX, y: ev.clientY}; }, true);
function wasDrag(ev) { return down && Math.abs(ev.clientX - down.x) + Math.abs(ev.clientY - down.y) > 6; }

/* ---- selection ---- */
var current = null; /* the key of the selected entity or edge */
function highlight() {
  svg.querySelectorAll('.cg-selected, .cg-related').forEach(function (g) { g.classList.remove('cg-selected', 'cg-related'); });
  svg.classList.toggle('cg-has-selection', !!current);
  if (!current || !gOf(current)) return;
  gOf(current).classList.add('cg-selected');
  if (D.entities[current]) {
    (edgeTouch.get(current) || []).forEach(function (x) {
      if (!state.edges.get(x).shown) return;
      gOf(x).classList.add('cg-related');
      var e = D.edges[x], other = gOf(e.subject === current ? e.object : e.subject);
      if (other) other.classList.add('cg-related');
    });
  } else if (D.edges[current]) {
    [D.edges[current].subject, D.edges[current].object].forEach(function (n) { if (gOf(n)) gOf(n).classList.add('cg-related'); });
  }
}
function select(key, how) {
  if (!D.edges[key] && !D.entities[key]) return;
  current = key;
  render(key);
  highlight();
  setRoving(key);
  openSheet(true);
  if (how && how.zoom && gOf(key)) zoomTo(key);
  announce('Evidence: ' + $('panel-toggle').textContent.replace(/^Evidence: /, ''));
  writeHash();
}
function clearSelection() {
  current = null;
  highlight();
  panel.textContent = '';
  panel.appendChild(el('p', 'Select an edge or an entity in the diagram, or search for an entity.'));
  openSheet(false);
  writeHash();
}
function render(key) {
  if (D.edges[key]) showEdge(key);
  else showNode(key);
  var t = $('panel-toggle');
  t.textContent = 'Evidence: ' + (D.edges[key] ? edgeTitle(D.edges[key]) : D.entities[key].name);
}
NAV.forEach(function (id) {
  gOf(id).addEventListener('click', function (ev) {
    ev.preventDefault();
    ev.stopPropagation();
    if (wasDrag(ev)) return;
    select(id);
  });
});
hits.addEventListener('click', function (ev) {
  ev.preventDefault();
  ev.stopPropagation();
  if (!wasDrag(ev) && ev.target.dataset.edge) select(ev.target.dataset.edge);
});
hits.addEventListener('pointerover', function (ev) { /* the edge under the pointer, as on its line */
  var id = ev.target.dataset && ev.target.dataset.edge;
  if (id) gOf(id).classList.add('cg-hover');
});
hits.addEventListener('pointerout', function (ev) {
  var id = ev.target.dataset && ev.target.dataset.edge;
  if (id) gOf(id).classList.remove('cg-hover');
});

/* ---- the evidence panel ---- */
function passageBox(p) {
  var q = el('blockquote', null, 'passage');
  if (p.before) q.appendChild(el('span', p.before, 'ctx'));
  var m = el('mark', p.text);
  if (p.cut) m.title = 'passage cut to ' + p.shown + ' of ' + p.chars + ' characters; the audit report has it whole';
  q.appendChild(m);
  if (p.after) q.appendChild(el('span', p.after, 'ctx'));
  return q;
}
function when(c) {
  var start = claimStart(c);
  if (!start && !c.valid_to) return null;
  var s = start ? 'from ' + start + (c.valid_from ? '' : ' (the source\u2019s date)') : 'undated start';
  return 'in force ' + s + (c.valid_to ? ' until ' + c.valid_to : ', no end date');
}
function claimBox(cid, why) {
  var c = D.claims[cid], s = D.sources[c.source], box = el('div', null, why ? 'claim filtered' : 'claim');
  var h = el('div', null);
  h.appendChild(el('b', cid + ' '));
  h.appendChild(el('span', (c.stance === 'refutes' ? 'REFUTES, ' : '') + c.status));
  box.appendChild(h);
  if (why) box.appendChild(el('div', 'Hidden by the filters: ' + why + '.', 'meta'));
  var src = el('div', null, 'meta');
  src.appendChild(document.createTextNode('source: '));
  src.appendChild(link(s.url, s.title));
  src.appendChild(document.createTextNode(' (' + c.source + ', ' + s.kind + (s.published ? ', ' + s.published : '') + ')'));
  box.appendChild(src);
  box.appendChild(el('div', 'voice: ' + (c.voice || 'not recorded') + (c.anonymous ? ' (anonymous)' : '') +
                     (c.origin ? '; origin ' + c.origin : ''), 'meta'));
  box.appendChild(el('div', 'confidence ' + num(c.confidence) +
                     (c.grade === 'explicit' ? ' (explicit)' : ' (grade ' + c.grade + ')'), 'meta'));
  var w = when(c);
  if (w) box.appendChild(el('div', w, 'meta'));
  if (c.caveat) box.appendChild(el('div', 'Caveat: ' + c.caveat, 'caveat'));
  if (s.caveat) box.appendChild(el('div', 'About ' + c.source + ': ' + s.caveat, 'caveat'));
  if (c.summary) box.appendChild(el('div', c.summary));
  if (c.passages && c.passages.length) {
    c.passages.forEach(function (p) { box.appendChild(passageBox(p)); });
  } else if (D.passages === 'audit' && c.spans) {
    box.appendChild(el('div', 'Quoted passage' + (c.spans === 1 ? '' : 's') +
                       ': in the audit report (claimgraph audit --texts DIR).', 'meta'));
  }
  return box;
}
function groups(title, gs, total) {
  var d = el('div', null);
  d.appendChild(el('h3', title + ': ' + plural(gs.length, 'independent origin', 'independent origins')));
  gs.forEach(function (g, i) {
    d.appendChild(el('div', 'G' + (i + 1) + ' = ' + num(g.confidence) + ' (max of ' + g.claims.join(', ') + ')', 'meta'));
    g.claims.forEach(function (cid) { d.appendChild(claimBox(cid)); });
  });
  if (gs.length)
    d.appendChild(el('p', '1 \u2212 ' + gs.map(function (g) { return '(1 \u2212 ' + num(g.confidence) + ')'; })
                               .join(' \u00d7 ') + ' = ' + num(total)));
  return d;
}
function sourcesOf(cids) {
  var s = new Set();
  cids.forEach(function (c) { s.add(D.claims[c].source); });
  return Array.from(s).sort();
}
function showEdge(id) {
  var e = D.edges[id], s = state.edges.get(id);
  panel.textContent = '';
  panel.appendChild(el('h2', edgeTitle(e)));
  if (e.drawn && !s.shown) panel.appendChild(el('p', 'Hidden by the current filters (faded in the diagram).', 'warn'));
  if (s.hidden.length) panel.appendChild(el('p', 'With the filters: ' + (e.claims.length - s.hidden.length) + ' of ' +
                                                 plural(e.claims.length, 'claim', 'claims') + ' count.', 'meta'));
  if (e.refute_only || (s.refute_only && s.ref.length)) {
    panel.appendChild(el('p', 'NOT A LINK: no claim ' + (e.refute_only ? '' : 'shown ') + 'supports this; ' +
                             plural(s.refute_groups.length, 'independent origin', 'independent origins') +
                             ' deny or refute it (confidence ' + num(s.refute_confidence) + ').', 'warn'));
    panel.appendChild(el('p', 'Denied or refuted by: ' + sourcesOf(s.ref).join(', '), 'meta'));
    panel.appendChild(groups('Refuting claims', s.refute_groups, s.refute_confidence));
  } else if (s.sup.length) {
    panel.appendChild(el('p', 'confidence ' + num(s.confidence) + ' from ' +
                             plural(s.groups.length, 'independent origin (single origin)', 'independent origins') +
                             '; status ' + s.status));
    panel.appendChild(el('p', 'Supported by: ' + sourcesOf(s.sup).join(', '), 'meta'));
    if (s.ref.length) {
      panel.appendChild(el('p', 'DISPUTED: refuted by ' + sourcesOf(s.ref).join(', ') +
                               ' (refuting confidence ' + num(s.refute_confidence) + ')', 'warn'));
    }
    if (s.all_anonymous) panel.appendChild(el('p', 'Every supporting voice is anonymous.', 'warn'));
    panel.appendChild(groups('Supporting claims', s.groups, s.confidence));
    if (s.ref.length) panel.appendChild(groups('Refuting claims', s.refute_groups, s.refute_confidence));
  } else {
    panel.appendChild(el('p', 'No claim about this counts with the current filters.', 'warn'));
  }
  if (s.hidden.length) {
    var d = el('div', null, 'hidden-claims');
    d.appendChild(el('h3', 'Hidden by the filters (' + s.hidden.length + ')'));
    s.hidden.forEach(function (h) { d.appendChild(claimBox(h.claim, h.why)); });
    panel.appendChild(d);
  }
}
function edgeList(ids) {
  var ul = el('ul', null, 'edges');
  ids.forEach(function (eid) {
    var e = D.edges[eid], s = state.edges.get(eid);
    var li = el('li', edgeTitle(e) + ' (' + (e.refute_only ? 'refuted ' + num(s.refute_confidence) : num(s.confidence)) + ')' +
                      (e.drawn && !s.shown ? ' \u2014 hidden by the filters' : ''));
    if (e.drawn && !s.shown) li.className = 'filtered';
    li.tabIndex = 0;
    li.setAttribute('role', 'button');
    li.addEventListener('click', function () { select(eid, {zoom: !!gOf(eid)}); });
    li.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(eid, {zoom: !!gOf(eid)}); }
    });
    ul.appendChild(li);
  });
  return ul;
}
/* The rank interval over possible worlds and the critical source (render --robustness). */
function robustnessBox(r) {
  var d = el('div', null, 'robustness');
  d.appendChild(el('h3', 'How robust is this rank?'));
  var pct = Math.round(r.interval * 100);
  d.appendChild(el('p', 'By ' + r.measure + ' it ranks ' + r.published_rank + '. In ' + pct + '% of ' +
                   r.worlds.toLocaleString('en') + ' possible worlds (each piece of evidence kept with its ' +
                   'confidence) it ranks between ' + r.rank_lo + ' and ' + r.rank_hi + ' (median ' + r.median_rank +
                   '); it is in the top ' + r.k + ' with probability ' + r.p_top_k.toFixed(2) + '.' +
                   (r.resolved ? '' : ' (The interval is not yet resolved to \u00b11 rank.)')));
  if (r.critical_source)
    d.appendChild(el('p', 'Critical source: without ' + r.critical_source + ' it would rank ' + r.rank_without_critical + '.',
                     'warn'));
  else d.appendChild(el('p', 'No single source moves it down when left out.', 'meta'));
  if (r.verdict) d.appendChild(el('p', 'Verdict for the top ' + r.k + ': ' + r.verdict.replace(/_/g, ' ') + '.', 'meta'));
  return d;
}

function showNode(id) {
  var n = D.entities[id];
  panel.textContent = '';
  panel.appendChild(el('h2', n.name));
  panel.appendChild(el('p', n.kind + ', id ' + n.id, 'meta'));
  if (state.entities.get(id) === false) panel.appendChild(el('p', 'Hidden by the current filters: none of its links is shown.', 'warn'));
  if (n.aliases.length) panel.appendChild(el('p', 'also: ' + n.aliases.join('; ')));
  if (n.description) panel.appendChild(el('p', n.description));
  var t = el('table');
  Object.keys(n.centrality).forEach(function (k) {
    var r = el('tr');
    r.appendChild(el('td', k));
    r.appendChild(el('td', String(n.centrality[k])));
    t.appendChild(r);
  });
  panel.appendChild(el('h3', 'Centrality'));
  if (filtersActive()) panel.appendChild(el('p', 'Computed without the page\u2019s filters.', 'meta'));
  panel.appendChild(t);
  if (n.robustness) panel.appendChild(robustnessBox(n.robustness));
  panel.appendChild(el('h3', 'Links (' + n.links.length + ')'));
  panel.appendChild(edgeList(n.links));
  if (n.denials.length) {
    var h = el('h3', 'Denied or refuted (' + n.denials.length + ')');
    h.className = 'denials';
    panel.appendChild(h);
    panel.appendChild(el('p', 'Claims that deny or refute a link, with no claim supporting it: not links.', 'meta'));
    panel.appendChild(edgeList(n.denials));
  }
}

/* bottom sheet on narrow screens */
function openSheet(open) {
  if (open && narrow.matches) boxes.forEach(function (set) { set(false); });
  $('panel').classList.toggle('open', open);
  $('panel-toggle').setAttribute('aria-expanded', String(open));
}
$('panel-toggle').addEventListener('click', function () { openSheet(!$('panel').classList.contains('open')); });

/* ---- search: accent- and case-insensitive, names and aliases ---- */
var input = $('search'), results = $('results'), active = -1;
var INDEX = shownEntities.map(function (k) {
  var n = D.entities[k];
  return {key: k, name: n.name, names: [n.name].concat(n.aliases).map(fold)};
});
function matches(q) {
  q = fold(q.trim());
  if (!q) return [];
  var out = [];
  INDEX.forEach(function (it) {
    var best = 9, alias = null;
    it.names.forEach(function (nm, i) {
      var at = nm.indexOf(q);
      if (at < 0) return;
      var rank = (at === 0 ? 0 : /[\s\-'(.]/.test(nm.charAt(at - 1)) ? 1 : 2) + (i ? 3 : 0);
      if (rank < best) { best = rank; alias = i ? D.entities[it.key].aliases[i - 1] : null; }
    });
    if (best < 9) out.push({key: it.key, rank: best, alias: alias});
  });
  out.sort(function (a, b) { return a.rank - b.rank || collator.compare(D.entities[a.key].name, D.entities[b.key].name); });
  return out.slice(0, 20);
}
function closeResults() {
  results.textContent = '';
  active = -1;
  input.setAttribute('aria-expanded', 'false');
  input.removeAttribute('aria-activedescendant');
}
function choose(key) {
  closeResults();
  input.value = '';
  select(key, {zoom: true});
}
function setActive(i) {
  var items = results.querySelectorAll('li');
  if (!items.length) return;
  active = (i + items.length) % items.length;
  items.forEach(function (li, j) { li.setAttribute('aria-selected', String(j === active)); });
  input.setAttribute('aria-activedescendant', items[active].id);
}
input.addEventListener('input', function () {
  closeResults();
  var m = matches(input.value);
  m.forEach(function (r, i) {
    var li = el('li', D.entities[r.key].name);
    li.id = 'result-' + i;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    if (r.alias) li.appendChild(el('span', ' (also: ' + r.alias + ')', 'alias'));
    li.addEventListener('mousedown', function (ev) { ev.preventDefault(); });
    li.addEventListener('click', function () { choose(r.key); });
    results.appendChild(li);
  });
  input.setAttribute('aria-expanded', String(m.length > 0));
});
input.addEventListener('keydown', function (ev) {
  var n = results.querySelectorAll('li').length;
  if (ev.key === 'ArrowDown' && n) { ev.preventDefault(); setActive(active + 1); }
  else if (ev.key === 'ArrowUp' && n) { ev.preventDefault(); setActive(active - 1); }
  else if (ev.key === 'Enter' && n) {
    ev.preventDefault();
    var m = matches(input.value);
    choose(m[Math.max(active, 0)].key);
  } else if (ev.key === 'Escape') { closeResults(); }
});
input.addEventListener('blur', function () { setTimeout(closeResults, 150); });

/* ---- keyboard in the diagram: roving focus over NAV ---- */
var rover = null;
function setRoving(key) {
  if (rover && gOf(rover)) gOf(rover).setAttribute('tabindex', '-1');
  rover = key && gOf(key) ? key : null;
  if (rover) gOf(rover).setAttribute('tabindex', '0');
}
function navVisible(id) { return D.entities[id] ? state.entities.get(id) !== false : state.edges.get(id).shown; }
function moveFocus(from, step) {
  var i = NAV.indexOf(from), n = NAV.length;
  for (var k = 1; k <= n; k++) {
    var j = step === 'home' ? k - 1 : step === 'end' ? n - k : (i + step * k + n * k) % n;
    if (navVisible(NAV[j])) { focusItem(NAV[j]); return; }
  }
}
function focusItem(id) {
  setRoving(id);
  gOf(id).focus({preventScroll: true});
  reveal(gOf(id));
}
viewport.addEventListener('keydown', function (ev) {
  var onItem = ev.target !== viewport && NAV.indexOf(ev.target.id) >= 0, k = ev.key;
  if (k === '+' || k === '=') { zoomBy(1.25); ev.preventDefault(); return; }
  if (k === '-' || k === '_') { zoomBy(0.8); ev.preventDefault(); return; }
  if (k === '0') { fit(true); ev.preventDefault(); return; }
  if (k === '1') { $('zoom-reset').click(); ev.preventDefault(); return; }
  if (!onItem) {
    var d = 60, moves = {ArrowLeft: [d, 0], ArrowRight: [-d, 0], ArrowUp: [0, d], ArrowDown: [0, -d]};
    if (moves[k]) { panBy(moves[k][0], moves[k][1]); ev.preventDefault(); }
    else if (k === 'Enter' || k === ' ') {
      ev.preventDefault();
      if (current && gOf(current) && navVisible(current)) focusItem(current);
      else moveFocus(NAV[NAV.length - 1], 1);
    }
    return;
  }
  var id = ev.target.id;
  if (k === 'ArrowDown' || k === 'ArrowRight') { moveFocus(id, 1); ev.preventDefault(); }
  else if (k === 'ArrowUp' || k === 'ArrowLeft') { moveFocus(id, -1); ev.preventDefault(); }
  else if (k === 'Home') { moveFocus(id, 'home'); ev.preventDefault(); }
  else if (k === 'End') { moveFocus(id, 'end'); ev.preventDefault(); }
  else if (k === 'Enter' || k === ' ') { select(id); ev.preventDefault(); }
  else if (k === 'Escape') { viewport.focus({preventScroll: true}); ev.preventDefault(); }
});
document.addEventListener('keydown', function (ev) {
  if (ev.key === 'Escape' && document.activeElement !== input && current) clearSelection();
});

/* ---- the side boxes: filters and legend ---- */
var boxes = [];
function box(id, title, open) {
  var sec = el('section', null, 'box'), h = el('h2'), b = button(title), body = el('div', null, 'body');
  sec.id = id;
  b.id = id + '-toggle';
  body.id = id + '-body';
  b.setAttribute('aria-controls', body.id);
  function set(o) { b.setAttribute('aria-expanded', String(o)); sec.classList.toggle('collapsed', !o); }
  set(open);
  b.addEventListener('click', function () {
    var opening = b.getAttribute('aria-expanded') !== 'true';
    set(opening);
    if (opening && narrow.matches) openSheet(false); /* one overlay at a time on a phone */
    if (fitted) fit(false);
  });
  boxes.push(set);
  h.appendChild(b);
  sec.appendChild(h);
  sec.appendChild(body);
  $('side').appendChild(sec);
  return {body: body, button: b, set: set};
}
var filters = box('filters', 'Filters', false), legend = D.legend ? box('legend', 'Legend', !narrow.matches) : null;
filters.button.appendChild(el('span', '', 'badge')).id = 'filters-badge';

function filterNote() {
  var n = el('p', 'Line styles and labels are drawn from all claims; the panel, the fading and the counts ' +
                  'follow the filters.', 'note cg-note');
  n.hidden = true;
  return n;
}
function buildFilters() {
  var b = filters.body;
  b.appendChild(el('p', '', 'cg-count'));
  b.appendChild(filterNote());
  var mc = el('label', null, 'row');
  mc.appendChild(document.createTextNode('Minimum confidence '));
  var out = el('output', '0.00');
  out.id = 'minconf-out';
  mc.appendChild(out);
  var r = el('input');
  r.type = 'range';
  r.id = 'minconf';
  r.min = '0';
  r.max = '1';
  r.step = '0.01';
  r.value = '0';
  mc.htmlFor = 'minconf';
  b.appendChild(mc);
  b.appendChild(r);
  r.addEventListener('input', function () { F.minconf = +r.value; changed(); });

  var an = el('label', null, 'row');
  var ac = el('input');
  ac.type = 'checkbox';
  ac.id = 'hide-anon';
  an.appendChild(ac);
  an.appendChild(document.createTextNode(' Hide links that rest only on anonymous voices'));
  b.appendChild(an);
  ac.addEventListener('change', function () { F.hideAnon = ac.checked; changed(); });

  var fs = el('fieldset');
  fs.appendChild(el('legend', 'Status'));
  STATUSES_USED.forEach(function (s) {
    var l = el('label', null, 'row'), c = el('input');
    c.type = 'checkbox';
    c.checked = true;
    c.dataset.status = s;
    c.addEventListener('change', function () { if (c.checked) F.statuses.add(s); else F.statuses.delete(s); changed(); });
    l.appendChild(c);
    l.appendChild(document.createTextNode(' ' + s.replace(/_/g, ' ')));
    fs.appendChild(l);
  });
  b.appendChild(fs);

  var ss = el('fieldset');
  ss.appendChild(el('legend', 'Sources'));
  SOURCE_IDS.forEach(function (id) {
    var row = el('div', null, 'row source'), l = el('label'), c = el('input');
    c.type = 'checkbox';
    c.checked = true;
    c.dataset.source = id;
    c.addEventListener('change', function () { if (c.checked) F.sources.add(id); else F.sources.delete(id); changed(); });
    l.appendChild(c);
    l.appendChild(document.createTextNode(' ' + id + ' \u2014 ' + D.sources[id].title));
    l.title = D.sources[id].title;
    row.appendChild(l);
    var only = button('only', 'Only source ' + id, 'only');
    only.addEventListener('click', function () { F.sources = new Set([id]); changed(); });
    row.appendChild(only);
    ss.appendChild(row);
  });
  var all = button('All sources', null, 'link');
  all.addEventListener('click', function () { F.sources = new Set(SOURCE_IDS); changed(); });
  ss.appendChild(all);
  b.appendChild(ss);
  var reset = button('Reset filters', null, 'link');
  reset.addEventListener('click', function () { resetFilters(); changed(); });
  b.appendChild(reset);
}
function syncControls() {
  $('minconf').value = String(F.minconf);
  $('minconf-out').textContent = F.minconf.toFixed(2);
  $('hide-anon').checked = F.hideAnon;
  document.querySelectorAll('#filters input[data-status]').forEach(function (c) { c.checked = F.statuses.has(c.dataset.status); });
  document.querySelectorAll('#filters input[data-source]').forEach(function (c) { c.checked = F.sources.has(c.dataset.source); });
  syncTime();
}
var pending = false;
function changed() {
  syncControls();
  if (pending) return;
  pending = true;
  requestAnimationFrame(function () {
    pending = false;
    refresh();
    writeHash();
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () { announce(document.querySelector('.cg-count').textContent); }, 600);
  });
}
/* what screen readers hear: a selection, or (once the controls rest) what the filters hide */
var announcer = el('p', null, 'sr-only'), announceTimer = null;
announcer.setAttribute('aria-live', 'polite');
$('graph').appendChild(announcer);
function announce(msg) { announcer.textContent = msg; }

/* ---- legend (colours and shapes from the style the diagram was drawn with) ---- */
function dash(style) { return /dotted/.test(style || '') ? '1,4' : /dashed/.test(style || '') ? '6,3' : null; }
function lineSample(color, style, extra) {
  var s = svgEl('svg', {width: '46', height: '12', 'aria-hidden': 'true', 'class': 'sample'});
  var l = svgEl('line', {x1: '2', y1: '6', x2: '44', y2: '6', stroke: color, 'stroke-width': '2'});
  var da = dash(style);
  if (da) l.setAttribute('stroke-dasharray', da);
  if (extra) Object.keys(extra).forEach(function (k) { l.setAttribute(k, extra[k]); });
  s.appendChild(l);
  return s;
}
function shapeSample(k, L) {
  var s = svgEl('svg', {width: '26', height: '16', 'aria-hidden': 'true', 'class': 'shape'}), a = {fill: k.fill, stroke: L.node_border};
  var sh = k.shape, node;
  if (/ellipse|oval|egg|circle/.test(sh)) node = svgEl('ellipse', {cx: '13', cy: '8', rx: '11', ry: '6.5'});
  else if (sh === 'hexagon') node = svgEl('polygon', {points: '2,8 7,1.5 19,1.5 24,8 19,14.5 7,14.5'});
  else if (sh === 'octagon') node = svgEl('polygon', {points: '2,5 6,1.5 20,1.5 24,5 24,11 20,14.5 6,14.5 2,11'});
  else if (sh === 'house') node = svgEl('polygon', {points: '13,1 24,6 24,15 2,15 2,6'});
  else node = svgEl('rect', {x: '2', y: '2', width: '22', height: '12', rx: /rounded/.test(k.style || '') ? '4' : '0'});
  Object.keys(a).forEach(function (x) { node.setAttribute(x, a[x]); });
  s.appendChild(node);
  return s;
}
function buildLegend() {
  var L = D.legend, b = legend.body;
  b.appendChild(el('p', '', 'cg-count'));
  b.appendChild(filterNote());
  b.appendChild(el('h3', 'Entities (shape and colour by kind)'));
  var ul = el('ul', null, 'kinds');
  L.kinds.forEach(function (k) {
    var li = el('li');
    li.appendChild(shapeSample(k, L));
    var sw = el('span', k.kind.replace(/_/g, ' '), 'swatch');
    sw.style.backgroundColor = k.fill;
    sw.style.color = L.node_font;
    sw.style.borderColor = L.node_border;
    li.appendChild(sw);
    ul.appendChild(li);
  });
  b.appendChild(ul);
  b.appendChild(el('h3', 'Links'));
  var rows = [
    [lineSample(L.color, L.corroborated_style), 'two or more independent origins'],
    [lineSample(L.color, L.single_origin_style), 'a single origin'],
    [lineSample(L.low_color, L.low_confidence_style), 'confidence below ' + L.low_confidence.toFixed(2)],
    [lineSample(L.disputed_color, L.single_origin_style), 'disputed: a claim refutes it (label: refuted by)']
  ];
  if (L.denials) rows.push([lineSample(L.refuted_only_color, L.refuted_only_style), 'NOT A LINK: only denied or refuted, no support']);
  rows.push([lineSample('#d35400', null, {'stroke-width': '4'}), 'selected, with its links']);
  rows.push([lineSample(L.color, L.corroborated_style, {opacity: '0.12'}), 'faded: hidden by the filters']);
  var tl = el('ul', null, 'lines');
  rows.forEach(function (r) {
    var li = el('li');
    li.appendChild(r[0]);
    li.appendChild(el('span', r[1]));
    tl.appendChild(li);
  });
  b.appendChild(tl);
  b.appendChild(el('p', 'Thicker lines have higher confidence; arrows point from subject to object. Labels: relation; ' +
                        'supporting source ids \u00b7 confidence | refuted by: ids \u00b7 confidence.', 'meta'));
  b.appendChild(el('p', 'confidence = 1 \u2212 product of (1 \u2212 g) over independent origins', 'meta'));
}

/* ---- time: the graph as of a date ---- */
function icon(name) {
  var s = svgEl('svg', {width: '14', height: '14', viewBox: '0 0 14 14', 'aria-hidden': 'true', fill: 'currentColor'});
  var shapes = {play: ['polygon', {points: '3,1 13,7 3,13'}], prev: ['polygon', {points: '13,1 5,7 13,13'}],
                next: ['polygon', {points: '1,1 9,7 1,13'}]};
  if (name === 'pause') {
    s.appendChild(svgEl('rect', {x: '2', y: '1', width: '3.5', height: '12'}));
    s.appendChild(svgEl('rect', {x: '8.5', y: '1', width: '3.5', height: '12'}));
  } else {
    s.appendChild(svgEl(shapes[name][0], shapes[name][1]));
    if (name !== 'play') s.appendChild(svgEl('rect', {x: name === 'prev' ? '1' : '10', y: '1', width: '3', height: '12'}));
  }
  return s;
}
var T = null;
function buildTime() {
  var lo = [], his = [];
  Object.keys(D.claims).forEach(function (cid) {
    var c = D.claims[cid], s = claimStart(c);
    if (s) lo.push(dlo(s));
    if (c.valid_to) his.push(realHi(c.valid_to));
  });
  if (!lo.length && !his.length) return;
  /* the days on which what counts changes: a start, or the day after an end */
  var changes = new Set(lo.map(dayOf).concat(his.map(function (d) { return dayOf(d) + 1; })));
  var days = Array.from(changes), min = Math.min.apply(null, days), max = Math.max.apply(null, days);
  T = {min: min, max: max, changes: days.sort(function (a, b) { return a - b; }), timer: null};
  var bar = $('timebar');
  bar.hidden = false;
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Time: the graph as of a date');
  var play = button(null, 'Play through the dates', 'play'), prev = button(null, 'Previous change'),
      next = button(null, 'Next change'), allb = button('All dates', 'Show all dates (no time filter)', 'link');
  play.appendChild(icon('play'));
  prev.appendChild(icon('prev'));
  next.appendChild(icon('next'));
  play.id = 'time-play';
  prev.id = 'time-prev';
  next.id = 'time-next';
  allb.id = 'time-all';
  var r = el('input');
  r.type = 'range';
  r.id = 'asof';
  r.min = '0';
  r.max = String(max - min);
  r.step = '1';
  r.value = r.max;
  r.dataset.min = dayStr(min);
  r.setAttribute('aria-label', 'Show the graph as of');
  var out = el('output', 'all dates');
  out.id = 'asof-out';
  var help = el('span', 'A claim counts from its valid_from date, else its source\u2019s publication date, until its ' +
                        'valid_to date; undated claims always count; \u201c2011\u201d means any time in 2011.', 'help');
  help.id = 'time-help';
  r.setAttribute('aria-describedby', 'time-help');
  [play, prev, r, next, out, allb, help].forEach(function (x) { bar.appendChild(x); });
  r.addEventListener('input', function () { stop(); F.asof = dayStr(T.min + +r.value); changed(); });
  allb.addEventListener('click', function () { stop(); F.asof = null; changed(); });
  prev.addEventListener('click', function () { stop(); step(-1); });
  next.addEventListener('click', function () { stop(); step(1); });
  play.addEventListener('click', function () {
    if (T.timer) { stop(); return; }
    if (!F.asof || dayOf(dlo(F.asof)) >= T.max) { F.asof = dayStr(T.min); changed(); }
    play.replaceChildren(icon('pause'));
    play.setAttribute('aria-label', 'Pause');
    T.timer = setInterval(function () { if (!step(1)) stop(); }, 1200);
  });
  function stop() {
    if (T.timer) clearInterval(T.timer);
    T.timer = null;
    play.replaceChildren(icon('play'));
    play.setAttribute('aria-label', 'Play through the dates');
  }
}
function step(dir) {
  var at = F.asof ? dayOf(dlo(F.asof)) : dir > 0 ? T.min - 1 : T.max + 1, c = T.changes, to = null;
  for (var i = 0; i < c.length; i++) {
    if (dir > 0 && c[i] > at) { to = c[i]; break; }
    if (dir < 0 && c[c.length - 1 - i] < at) { to = c[c.length - 1 - i]; break; }
  }
  if (to === null) return false;
  F.asof = dayStr(to);
  changed();
  return true;
}
function syncTime() {
  if (!T) return;
  var r = $('asof');
  r.value = String(F.asof ? Math.min(Math.max(dayOf(dlo(F.asof)) - T.min, 0), T.max - T.min) : T.max - T.min);
  $('asof-out').textContent = F.asof ? 'as of ' + F.asof : 'all dates';
  $('timebar').classList.toggle('active', !!F.asof);
}

/* ---- deep links: #entity=ID, #edge=ID, #asof=DATE, #minconf=X (and #select=ID) ---- */
var writing = false;
function writeHash() {
  var p = [];
  if (current) p.push(D.entities[current] ? 'entity=' + encodeURIComponent(D.entities[current].id) : 'edge=' + encodeURIComponent(current));
  if (F.asof) p.push('asof=' + F.asof);
  if (F.minconf > 0) p.push('minconf=' + F.minconf);
  if (F.hideAnon) p.push('anonymous=hide');
  if (F.sources.size !== SOURCE_IDS.length) p.push('sources=' + Array.from(F.sources).sort().join(','));
  if (F.statuses.size !== STATUSES_USED.length) p.push('status=' + Array.from(F.statuses).join(','));
  var h = p.length ? '#' + p.join('&') : '';
  if (h === location.hash || (!h && !location.hash)) return;
  writing = true;
  try { history.replaceState(null, '', h || location.pathname + location.search); } catch (e) { location.replace(h || '#'); }
  writing = false;
}
function readHash() {
  var p = new Map();
  location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
    var i = kv.indexOf('=');
    if (i <= 0) return;
    try { p.set(kv.slice(0, i), decodeURIComponent(kv.slice(i + 1))); } catch (e) { /* not a valid escape: ignored */ }
  });
  resetFilters();
  if (p.has('minconf') && /^(0(\.\d+)?|1(\.0*)?)$/.test(p.get('minconf'))) F.minconf = +p.get('minconf');
  if (p.has('asof') && dateValid(p.get('asof'))) F.asof = p.get('asof');
  if (p.get('anonymous') === 'hide') F.hideAnon = true;
  if (p.has('sources')) F.sources = new Set(p.get('sources').split(',').filter(function (s) { return D.sources[s]; }));
  if (p.has('status')) F.statuses = new Set(p.get('status').split(',').filter(function (s) { return STATUS_RANK.has(s); }));
  syncControls();
  refresh();
  var key = null;
  if (p.has('entity')) key = entityKeyById.get(p.get('entity')) || (D.entities[p.get('entity')] ? p.get('entity') : null);
  else if (p.has('edge') && D.edges[p.get('edge')]) key = p.get('edge');
  else if (p.has('select') && (D.edges[p.get('select')] || D.entities[p.get('select')])) key = p.get('select');
  if (key) select(key, {zoom: true});
  else if (current) clearSelection();
}
window.addEventListener('hashchange', function () { if (!writing) readHash(); });

/* ---- print: the whole diagram and the legend ---- */
var legendWasOpen = null;
window.addEventListener('beforeprint', function () {
  if (legend) { legendWasOpen = legend.button.getAttribute('aria-expanded') === 'true'; legend.set(true); }
});
window.addEventListener('afterprint', function () { if (legend && legendWasOpen !== null) legend.set(legendWasOpen); });

/* ---- start ---- */
buildFilters();
if (legend) buildLegend();
buildTime();
layout();
refresh();
setRoving(NAV[0]);
startPanzoom();
viewport.classList.add('cg-ready');
/* a deep link, once Panzoom has made its own first move (a timeout in its constructor) */
if (location.hash.length > 1) setTimeout(readHash, 0);
})();
