/**
 * The dashboard's browser script, inlined into the page. Plain ES2017 with no dependencies and no build step
 * (the admin listener often runs where there is no internet, so nothing comes from a CDN). It polls the admin
 * API every 2 s (`/routes`, `/stats`, `/shadow/report`), and for the selected route (`#route=ID`) its mismatches
 * and gate (`/shadow/report?route=ID`, `/routes/ID/gates`). Every value goes into the DOM as text, never as HTML.
 * The join of the three documents mirrors `buildOverview` (../overview.ts), which `strangler status` uses.
 *
 * Kept in a .ts module so it ships in dist/; written without backticks or "${" so it can live in String.raw.
 */
export const DASHBOARD_JS = String.raw`
(function () {
  'use strict';
  var TOKEN_KEY = 'strangler.adminToken';
  var REFRESH_MS = 2000;
  var DASH = '\u2013';
  var STAGES = ['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete'];
  var selected = null;
  var timer = null;
  var lastDetail = '';
  var loginShown = false;

  function $(id) { return document.getElementById(id); }
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = String(v);
      else el.setAttribute(k, v === true ? '' : String(v));
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return el;
  }
  function dash(text) { return text === DASH ? h('span', { class: 'dash', text: DASH }) : document.createTextNode(text); }

  // Same formats as proxy/dashboard/overview.ts (strangler status).
  function pct(r) { return r === null || r === undefined ? DASH : (r * 100).toFixed(1) + '%'; }
  function ms(v) { return v === null || v === undefined ? DASH : v < 10 ? v.toFixed(1) : String(Math.round(v)); }
  function lat(side) { return !side || side.p50 === null || side.p50 === undefined ? DASH : ms(side.p50) + '/' + ms(side.p99); }
  function splitText(s) { return s ? Math.round(s.monolith * 100) + '/' + Math.round(s.lambda * 100) : DASH; }
  function matchText(sh) { return !sh || !sh.compared ? DASH : pct(sh.matchRate) + ' (' + sh.compared + ')'; }
  function breakerText(b) {
    if (typeof b === 'string') return b;
    if (b && typeof b === 'object' && typeof b.state === 'string') return b.state;
    return DASH;
  }
  function coldText(l) { return l && typeof l.coldStartRate === 'number' ? pct(l.coldStartRate) : DASH; }
  // A route without a methods list matches them all: say so rather than listing eight verbs.
  function methodsText(m) { return m.length >= 8 ? 'any' : m.join(','); }
  function rateClass(r, warn, bad) { return r === null || r === undefined ? '' : r >= bad ? 'bad' : r >= warn ? 'warnc' : ''; }

  function token() { try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }

  function Unauthorized() { this.message = 'unauthorized'; }
  function api(path, optional) {
    var headers = { accept: 'application/json' };
    var t = token();
    if (t) headers.authorization = 'Bearer ' + t;
    return fetch(path, { headers: headers, cache: 'no-store' }).then(function (res) {
      if (res.status === 401) throw new Unauthorized();
      if (res.status === 404 && optional) return null;
      return res.json().catch(function () { return null; }).then(function (body) {
        if (!res.ok) {
          var e = body && body.error ? ': ' + body.error.code + ': ' + body.error.message : '';
          throw new Error(path + ' answered ' + res.status + e);
        }
        return body;
      });
    });
  }

  function setError(message) {
    var el = $('error');
    el.textContent = message || '';
    el.classList.toggle('hidden', !message);
  }
  function markLive(ok) {
    var el = $('live');
    el.classList.toggle('stale', !ok);
    el.textContent = (ok ? 'live' : 'stale') + ' \u00b7 updated ' + new Date().toLocaleTimeString() + ' \u00b7 every ' + REFRESH_MS / 1000 + ' s';
  }

  function showLogin(message) {
    loginShown = true;
    $('app').classList.add('hidden');
    $('login').classList.remove('hidden');
    var err = $('login-error');
    err.textContent = message || '';
    err.classList.toggle('hidden', !message);
    $('token').focus();
  }
  function showApp() {
    loginShown = false;
    $('login').classList.add('hidden');
    $('app').classList.remove('hidden');
    $('signout').classList.toggle('hidden', !token());
  }

  function sparkline(series) {
    var ns = 'http://www.w3.org/2000/svg';
    var n = series.monolith.length;
    var w = 90, hgt = 16, bw = w / n;
    var max = 1;
    for (var i = 0; i < n; i++) max = Math.max(max, series.monolith[i] + series.lambda[i]);
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('width', String(w));
    svg.setAttribute('height', String(hgt));
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + hgt);
    svg.setAttribute('aria-hidden', 'true');
    var base = document.createElementNS(ns, 'rect');
    base.setAttribute('x', '0');
    base.setAttribute('y', String(hgt - 1));
    base.setAttribute('width', String(w));
    base.setAttribute('height', '1');
    base.setAttribute('fill', '#dfe3ea');
    svg.appendChild(base);
    for (var k = 0; k < n; k++) {
      var mh = (series.monolith[k] / max) * hgt, lh = (series.lambda[k] / max) * hgt;
      [[lh, hgt - lh, '#e07b24'], [mh, hgt - lh - mh, '#8a6d3b']].forEach(function (r) {
        if (r[0] <= 0) return;
        var rect = document.createElementNS(ns, 'rect');
        rect.setAttribute('x', String(k * bw));
        rect.setAttribute('y', String(r[1]));
        rect.setAttribute('width', String(Math.max(1, bw - 1)));
        rect.setAttribute('height', String(r[0]));
        rect.setAttribute('fill', r[2]);
        svg.appendChild(rect);
      });
    }
    return svg;
  }

  function stageCell(row) {
    var plain = STAGES.indexOf(row.stage) !== -1;
    var source = 'source: ' + row.source + (row.flag ? ' \u00b7 ' + row.flag : '');
    return h('td', { 'data-col': 'stage' }, [
      h('span', { class: 'badge ' + (plain ? 'stage-' + row.stage : ''), 'data-k': 'stage', text: row.stage }),
      h('span', { class: 'source', 'data-k': 'source', text: source }),
      row.pin ? h('span', { class: 'source pin', 'data-k': 'pin', text: 'pinned to ' + row.pin.stage + ': ' + row.pin.reason }) : null,
    ]);
  }

  function splitCell(st) {
    var split = st ? st.split : null;
    var bar = h('span', { class: 'bar' });
    if (split) {
      var m = h('span', { class: 'm' }), l = h('span', { class: 'l' });
      m.style.width = (split.monolith * 100).toFixed(1) + '%';
      l.style.width = (split.lambda * 100).toFixed(1) + '%';
      bar.appendChild(m);
      bar.appendChild(l);
    }
    return h('td', { 'data-col': 'split' }, [
      h('div', { class: 'split' }, [bar, h('span', { class: 'txt', 'data-k': 'split', text: splitText(split) })]),
      h('span', { class: 'reqs', 'data-k': 'requests', text: (st ? st.requests : 0) + ' req' }),
      st ? sparkline(st.series) : null,
    ]);
  }

  function num(col, text, cls) { return h('td', { class: 'num ' + (cls || ''), 'data-col': col }, [dash(text)]); }

  function renderOverview(routes, stats, shadow) {
    $('meta').textContent = 'plan ' + routes.plan + ' \u00b7 generation ' + routes.generation + ' \u00b7 monolith ' + routes.monolith;
    $('window').textContent = stats ? 'requests over the last ' + Math.round(stats.windowSeconds / 60) + ' min; match rate over all kept comparisons' : 'this proxy has no /stats: traffic columns are empty';
    var byStats = {}, byShadow = {};
    ((stats && stats.routes) || []).forEach(function (r) { byStats[r.route] = r; });
    ((shadow && shadow.routes) || []).forEach(function (r) { byShadow[r.route] = r; });
    var body = h('tbody');
    routes.routes.forEach(function (row) {
      var st = byStats[row.id] || null, sh = byShadow[row.id] || null;
      var tr = h('tr', { 'data-route': row.id, class: row.id === selected ? 'selected' : '', tabindex: '0', title: 'show ' + row.id + ': mismatches and gate' }, [
        h('td', { 'data-col': 'route' }, [h('span', { class: 'route-id', text: row.id }), h('span', { class: 'route-path', text: methodsText(row.methods) + ' ' + row.path })]),
        stageCell(row),
        splitCell(st),
        num('match', matchText(sh), sh && sh.compared && sh.matchRate !== null ? (sh.gate && sh.gate.checks.some(function (c) { return c.name === 'minMatchRate' && !c.pass; }) ? 'bad' : 'good') : ''),
        num('mono', lat(st && st.monolith)),
        num('lambda', lat(st && st.lambda)),
        num('fallback', pct(st ? st.fallbackRate : null), rateClass(st && st.fallbackRate, 0.01, 0.1)),
        // Throttles (Lambda's 429) are capacity, not failures: their own column, and they never open the breaker.
        num('throttled', pct(st ? st.throttleRate : null), rateClass(st && st.throttleRate, 0.01, 0.1)),
        num('errors', pct(st ? st.errorRate : null), rateClass(st && st.errorRate, 0.01, 0.05)),
        h('td', { 'data-col': 'breaker', class: breakerText(row.breaker) === 'open' ? 'bad' : '' }, [dash(breakerText(row.breaker))]),
        num('cold', coldText(row.lambda)),
      ]);
      tr.addEventListener('click', function () { select(row.id); });
      tr.addEventListener('keydown', function (e) { if (e.key === 'Enter') select(row.id); });
      body.appendChild(tr);
    });
    if (routes.routes.length === 0) body.appendChild(h('tr', {}, [h('td', { colspan: '11', class: 'empty', text: 'The plan has no routes: every request goes to the monolith.' })]));
    var table = $('overview');
    table.replaceChild(body, table.tBodies[0]);
  }

  function select(id) { location.hash = '#route=' + encodeURIComponent(id); }
  function selectedFromHash() {
    var m = /^#route=(.+)$/.exec(location.hash);
    return m ? decodeURIComponent(m[1]) : null;
  }

  function value(d, side) {
    if (!Object.prototype.hasOwnProperty.call(d, side)) return h('td', { class: 'absent ' + side + '-side', text: 'absent' });
    return h('td', { class: side + '-side', text: JSON.stringify(d[side]) });
  }

  function gateSection(gates) {
    if (!gates) return [h('p', { class: 'empty', text: 'No shadow results on this proxy, so no gate.' })];
    if (!gates.gate) return [h('p', { class: 'empty', 'data-k': 'gate', text: 'Stage ' + gates.stage + ': no further gate.' })];
    var g = gates.gate;
    return [
      h('div', { class: 'gate-head', 'data-k': 'gate' }, ['to ' + g.stage + ': ', h('span', { class: g.pass ? 'good' : 'bad', text: g.pass ? 'PASS' : 'FAIL' })]),
      g.checks.length === 0 ? h('p', { class: 'empty', text: 'The gate sets no checks.' }) : h('ul', { class: 'checks' }, g.checks.map(function (c) {
        return h('li', { 'data-check': c.name, 'data-pass': String(c.pass) }, [h('span', { class: 'mark ' + (c.pass ? 'good' : 'bad'), text: c.pass ? '\u2713' : '\u2717' }), c.message]);
      })),
    ];
  }

  function sampleBlock(s) {
    var head = h('div', { class: 'head' }, [
      h('code', { text: s.method + ' ' + s.url }),
      h('span', { text: new Date(s.at).toLocaleString() }),
      s.requestId ? h('span', { text: 'request ' + s.requestId }) : null,
      h('span', { text: 'status monolith ' + (s.status.monolith === undefined ? DASH : s.status.monolith) + ' / lambda ' + (s.status.lambda === undefined ? DASH : s.status.lambda) }),
      h('span', { text: 'served by ' + s.servedBy }),
    ]);
    var rows = s.diffs.map(function (d) {
      return h('tr', { 'data-path': d.path }, [h('td', { text: d.path }), value(d, 'monolith'), value(d, 'lambda')]);
    });
    var table = h('table', { class: 'diff' }, [
      h('thead', {}, [h('tr', {}, [h('th', { text: 'Field' }), h('th', { text: 'Monolith' }), h('th', { text: 'Lambda' })])]),
      h('tbody', {}, rows),
    ]);
    return h('div', { class: 'sample', 'data-sample': String(s.id) }, [head, table, s.truncated ? h('p', { class: 'empty', text: ' more differences were not recorded (truncated).' }) : null]);
  }

  function renderDetail(id, report, gates) {
    var r = report && report.routes ? report.routes.filter(function (x) { return x.route === id; })[0] : null;
    var panel = $('detail');
    panel.classList.remove('hidden');
    $('detail-title').textContent = 'Route ' + id;
    $('detail-stage').textContent = gates && gates.stage ? 'stage ' + gates.stage : '';
    var body = h('div', { class: 'body' });
    body.appendChild(h('h3', { text: 'Gate for the next stage' }));
    gateSection(gates).forEach(function (n) { body.appendChild(n); });
    body.appendChild(h('h3', { text: 'Shadow comparisons' }));
    if (!r) body.appendChild(h('p', { class: 'empty', text: 'No shadow results for this route.' }));
    else {
      body.appendChild(h('p', { 'data-k': 'summary', text: r.compared + ' compared \u00b7 ' + r.matched + ' matched \u00b7 ' + r.mismatched + ' mismatched \u00b7 match rate ' + pct(r.matchRate) + ' \u00b7 ' + r.shadowErrors + ' shadow errors' }));
      if (r.fields.length > 0) body.appendChild(h('div', { class: 'fields' }, r.fields.map(function (f) { return h('span', { text: f.field + ' \u00d7' + f.count }); })));
      body.appendChild(h('h3', { text: 'Recent mismatches (' + r.samples.length + ')' }));
      if (r.samples.length === 0) body.appendChild(h('p', { class: 'empty', text: 'No mismatches recorded.' }));
      r.samples.forEach(function (s) { body.appendChild(sampleBlock(s)); });
    }
    var old = panel.querySelector('.body');
    if (old) panel.replaceChild(body, old); else panel.appendChild(body);
  }

  function loadDetail(id) {
    var enc = encodeURIComponent(id);
    return Promise.all([api('/shadow/report?route=' + enc + '&samples=10', true), api('/routes/' + enc + '/gates', true)]).then(function (r) {
      if (id !== selected) return;
      var key = JSON.stringify([r[0] && r[0].routes, r[1]]);
      if (key === lastDetail) return;
      lastDetail = key;
      renderDetail(id, r[0], r[1]);
    });
  }

  function refresh() {
    clearTimeout(timer);
    Promise.all([api('/routes'), api('/stats', true), api('/shadow/report?samples=0', true)]).then(function (r) {
      showApp();
      renderOverview(r[0], r[1], r[2]);
      setError(null);
      markLive(true);
      return selected ? loadDetail(selected) : null;
    }).catch(function (err) {
      if (err instanceof Unauthorized) return showLogin(token() ? 'That token was refused.' : null);
      setError('Cannot load data: ' + (err && err.message ? err.message : String(err)));
      markLive(false);
    }).then(function () {
      if (!loginShown) timer = setTimeout(refresh, REFRESH_MS);
    });
  }

  function onHash() {
    selected = selectedFromHash();
    lastDetail = '';
    if (!selected) $('detail').classList.add('hidden');
    Array.prototype.forEach.call(document.querySelectorAll('#overview tbody tr'), function (tr) {
      tr.classList.toggle('selected', tr.getAttribute('data-route') === selected);
    });
    if (selected && !loginShown) loadDetail(selected).catch(function (err) { setError(err.message || String(err)); });
  }

  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var value = $('token').value.trim();
    if (!value) return;
    try { sessionStorage.setItem(TOKEN_KEY, value); } catch (err) { /* private mode: kept for this page only */ }
    $('token').value = '';
    refresh();
  });
  $('signout').addEventListener('click', function (e) {
    e.preventDefault();
    try { sessionStorage.removeItem(TOKEN_KEY); } catch (err) { /* nothing stored */ }
    location.reload();
  });
  window.addEventListener('hashchange', onHash);
  selected = selectedFromHash();
  refresh();
})();
`;
