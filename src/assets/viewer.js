(function () {
'use strict';
/* claimgraph's HTML viewer. The page's data is one JSON block (#cg-data); every string from the
 * data is put into the page with textContent (never as HTML), links only for http(s) URLs. */
var D = JSON.parse(document.getElementById('cg-data').textContent);
var panel = document.getElementById('panel');

function el(tag, text, cls) {
  var e = document.createElement(tag);
  if (text != null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
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

var selected = null;
function mark(id) {
  if (selected) selected.classList.remove('cg-selected');
  selected = document.getElementById(id);
  if (selected) selected.classList.add('cg-selected');
}

function passageBox(p) {
  var q = el('blockquote', null, 'passage');
  if (p.before) q.appendChild(el('span', p.before, 'ctx'));
  var m = el('mark', p.text);
  if (p.cut) m.title = 'passage cut to ' + p.shown + ' of ' + p.chars + ' characters; the audit report has it whole';
  q.appendChild(m);
  if (p.after) q.appendChild(el('span', p.after, 'ctx'));
  return q;
}

function claimBox(cid) {
  var c = D.claims[cid], s = D.sources[c.source], box = el('div', null, 'claim');
  var h = el('div', null);
  h.appendChild(el('b', cid + ' '));
  h.appendChild(el('span', (c.stance === 'refutes' ? 'REFUTES, ' : '') + c.status));
  box.appendChild(h);
  var src = el('div', null, 'meta');
  src.appendChild(document.createTextNode('source: '));
  src.appendChild(link(s.url, s.title));
  src.appendChild(document.createTextNode(' (' + c.source + ', ' + s.kind + (s.published ? ', ' + s.published : '') + ')'));
  box.appendChild(src);
  box.appendChild(el('div', 'voice: ' + (c.voice || 'not recorded') + (c.anonymous ? ' (anonymous)' : '') +
                     (c.origin ? '; origin ' + c.origin : ''), 'meta'));
  box.appendChild(el('div', 'confidence ' + num(c.confidence) +
                     (c.grade === 'explicit' ? ' (explicit)' : ' (grade ' + c.grade + ')'), 'meta'));
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

function edgeTitle(e) {
  var arrow = e.directed ? ' \u2192 ' : ' \u2014 ';
  return e.subject_name + arrow + e.relation + arrow + e.object_name;
}

function showEdge(id) {
  var e = D.edges[id];
  if (!e) return;
  mark(id);
  panel.textContent = '';
  panel.appendChild(el('h2', edgeTitle(e)));
  if (e.refute_only) {
    panel.appendChild(el('p', 'NOT A LINK: no claim supports this; ' +
                             plural(e.refute_groups.length, 'independent origin', 'independent origins') +
                             ' deny or refute it (confidence ' + num(e.refute_confidence) + ').', 'warn'));
    panel.appendChild(el('p', 'Denied or refuted by: ' + e.refuting_sources.join(', '), 'meta'));
    panel.appendChild(groups('Refuting claims', e.refute_groups, e.refute_confidence));
    return;
  }
  panel.appendChild(el('p', 'confidence ' + num(e.confidence) + ' from ' +
                           plural(e.groups.length, 'independent origin (single origin)', 'independent origins') +
                           '; status ' + e.status));
  panel.appendChild(el('p', 'Supported by: ' + e.sources.join(', '), 'meta'));
  if (e.disputed) {
    panel.appendChild(el('p', 'DISPUTED: refuted by ' + e.refuting_sources.join(', ') +
                             ' (refuting confidence ' + num(e.refute_confidence) + ')', 'warn'));
  }
  if (e.all_anonymous) panel.appendChild(el('p', 'Every supporting voice is anonymous.', 'warn'));
  panel.appendChild(groups('Supporting claims', e.groups, e.confidence));
  if (e.refute_groups.length) panel.appendChild(groups('Refuting claims', e.refute_groups, e.refute_confidence));
}

function edgeList(ids) {
  var ul = el('ul');
  ids.forEach(function (eid) {
    var e = D.edges[eid];
    var li = el('li', edgeTitle(e) + ' (' + (e.refute_only ? 'refuted ' + num(e.refute_confidence)
                                                             : num(e.confidence)) + ')');
    li.tabIndex = 0;
    li.style.cursor = 'pointer';
    li.addEventListener('click', function () { showEdge(eid); });
    ul.appendChild(li);
  });
  return ul;
}

function showNode(id) {
  var n = D.entities[id];
  if (!n) return;
  mark(id);
  panel.textContent = '';
  panel.appendChild(el('h2', n.name));
  panel.appendChild(el('p', n.kind + ', id ' + n.id, 'meta'));
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
  panel.appendChild(t);
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

function bind(id, fn) {
  var g = document.getElementById(id);
  if (!g) return;
  g.addEventListener('click', function (ev) { ev.preventDefault(); ev.stopPropagation(); fn(id); });
}
Object.keys(D.edges).forEach(function (id) { bind(id, showEdge); });
Object.keys(D.entities).forEach(function (id) { bind(id, showNode); });

var input = document.getElementById('search'), results = document.getElementById('results');
input.addEventListener('input', function () {
  results.textContent = '';
  var q = input.value.trim().toLowerCase();
  if (!q) return;
  Object.keys(D.entities).filter(function (id) {
    var n = D.entities[id];
    return n.name.toLowerCase().indexOf(q) >= 0 ||
           n.aliases.some(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
  }).slice(0, 20).forEach(function (id) {
    var li = el('li', D.entities[id].name);
    li.addEventListener('click', function () {
      results.textContent = '';
      input.value = '';
      showNode(id);
      var g = document.getElementById(id);
      if (g && g.scrollIntoView) g.scrollIntoView({block: 'center', inline: 'center'});
    });
    results.appendChild(li);
  });
});

var m = /^#select=(.+)$/.exec(location.hash);
if (m) {
  var id = decodeURIComponent(m[1]);
  if (D.edges[id]) showEdge(id);
  else if (D.entities[id]) showNode(id);
}
})();
