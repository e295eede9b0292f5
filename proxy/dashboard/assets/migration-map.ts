/**
 * The dashboard's "Migration map" panel (issue 14): from `GET /traffic` (proxy/inventory), the share of traffic
 * served by functions per minute, routes by stage, and the unmatched traffic inventory. Its own script, appended to
 * the page's (one inline script, one CSP hash): it polls every 15 s (the window is a day of minutes, not the 2 s
 * live view), with the token the main script keeps in sessionStorage, and leaves the login to the main script.
 * Candidate ranking comes from `strangler analyze` and is not shown yet. Values go into the DOM as text only.
 *
 * Written without backticks or "${" so it can live in String.raw.
 */
export const MIGRATION_MAP_JS = String.raw`
(function () {
  'use strict';
  var TOKEN_KEY = 'strangler.adminToken';
  var REFRESH_MS = 15000;
  var SINCE = '24h';
  var DASH = '\u2013';
  var STAGES = ['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete'];
  var timer = null;

  function $(id) { return document.getElementById(id); }
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined) return;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = String(v);
      else el.setAttribute(k, String(v));
    });
    (children || []).forEach(function (c) { if (c) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return el;
  }
  function pct(n, d) { return d ? (n / d * 100).toFixed(1) + '%' : DASH; }
  function msText(v) { return v === null || v === undefined ? DASH : String(v); }
  function token() { try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }

  function shareChart(minutes) {
    var ns = 'http://www.w3.org/2000/svg';
    var w = 720, hgt = 60, n = Math.max(minutes.length, 1), bw = w / n, max = 1;
    minutes.forEach(function (m) { max = Math.max(max, m.requests); });
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'share-chart');
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + hgt);
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'requests per minute, the part served by functions in orange');
    minutes.forEach(function (m, k) {
      var total = m.requests / max * hgt, fn = m.lambda / max * hgt;
      [[total - fn, hgt - total, '#8a6d3b'], [fn, hgt - fn, '#e07b24']].forEach(function (r) {
        if (r[0] <= 0) return;
        var rect = document.createElementNS(ns, 'rect');
        rect.setAttribute('x', String(k * bw));
        rect.setAttribute('y', String(r[1]));
        rect.setAttribute('width', String(Math.max(1, bw - 0.5)));
        rect.setAttribute('height', String(r[0]));
        rect.setAttribute('fill', r[2]);
        rect.setAttribute('data-minute', String(m.minute));
        svg.appendChild(rect);
      });
    });
    return svg;
  }

  function stageList(t) {
    var byStage = {};
    t.routes.forEach(function (r) { (byStage[r.stage] = byStage[r.stage] || []).push(r); });
    var names = STAGES.filter(function (s) { return byStage[s]; }).concat(Object.keys(byStage).filter(function (s) { return STAGES.indexOf(s) === -1; }));
    if (names.length === 0) return h('p', { class: 'empty', text: 'The plan has no routes yet.' });
    return h('ul', { class: 'stages' }, names.map(function (s) {
      return h('li', { 'data-stage': s }, [
        h('span', { class: 'badge stage-' + s, text: s }),
        h('span', { 'data-k': 'count', text: ' ' + byStage[s].length + ' ' }),
        h('span', { class: 'route-path', text: byStage[s].map(function (r) { return r.id + ' (' + r.requests + ' req)'; }).join(', ') }),
      ]);
    }));
  }

  function unmatchedTable(u) {
    if (u.templates.length === 0) return h('p', { class: 'empty', text: 'Every request in the window matched a plan route.' });
    var rows = u.templates.map(function (t) {
      return h('tr', { 'data-template': t.template }, [
        h('td', { 'data-col': 'template' }, [h('code', { text: t.template })]),
        h('td', { class: 'num', 'data-col': 'requests', text: t.requests }),
        h('td', { class: 'num', 'data-col': 'share', text: (t.share * 100).toFixed(1) + '%' }),
        h('td', { class: 'num', 'data-col': 'status', text: t.status['2xx'] + ' / ' + t.status['3xx'] + ' / ' + t.status['4xx'] + ' / ' + t.status['5xx'] }),
        h('td', { class: 'num', 'data-col': 'latency', text: msText(t.p50Ms) + ' / ' + msText(t.p99Ms) }),
      ]);
    });
    return h('div', { class: 'scroll' }, [h('table', { id: 'unmatched' }, [
      h('thead', {}, [h('tr', {}, [h('th', { text: 'Template' }), h('th', { class: 'num', text: 'Requests' }), h('th', { class: 'num', text: 'Share' }),
        h('th', { class: 'num', text: '2xx / 3xx / 4xx / 5xx' }), h('th', { class: 'num', title: 'upper bounds of the histogram buckets', text: 'p50 / p99 ms \u2264' })])]),
      h('tbody', {}, rows),
    ])]);
  }

  function render(t) {
    var body = h('div', { class: 'body' }, [
      h('p', { 'data-k': 'share', text: pct(t.lambda, t.requests) + ' of ' + t.requests + ' requests served by functions over the last ' + SINCE + (t.store ? '' : ' (this proxy keeps the last hour in memory only)') }),
      shareChart(t.minutes),
      h('div', { class: 'legend' }, [h('i', { class: 'lg-m' }), 'monolith', h('i', { class: 'lg-l' }), 'functions \u00b7 one bar per minute']),
      h('h3', { text: 'Routes by stage' }),
      stageList(t),
      h('h3', { text: 'Unmatched traffic (' + t.unmatched.requests + ' requests, ' + (t.unmatched.share * 100).toFixed(1) + '%)' }),
      unmatchedTable(t.unmatched),
      t.enabled ? null : h('p', { class: 'empty', text: 'The inventory is off (plan inventory.enabled: false): no new minutes are counted.' }),
    ]);
    var panel = $('migration-map');
    var old = panel.querySelector('.body');
    if (old) panel.replaceChild(body, old); else panel.appendChild(body);
    panel.classList.remove('hidden');
  }

  function refresh() {
    clearTimeout(timer);
    var headers = { accept: 'application/json' };
    var t = token();
    if (t) headers.authorization = 'Bearer ' + t;
    fetch('/traffic?since=' + SINCE, { headers: headers, cache: 'no-store' }).then(function (res) {
      // 401: the main script asks for the token; 404: a proxy without the inventory.
      if (!res.ok) return null;
      return res.json();
    }).then(function (body) { if (body) render(body); }, function () { /* the main script reports the admin API being down */ })
      .then(function () { timer = setTimeout(refresh, REFRESH_MS); });
  }

  $('login-form').addEventListener('submit', function () { setTimeout(refresh, 0); });
  refresh();
})();
`;

/** The panel's styles, appended to the page's. */
export const MIGRATION_MAP_CSS = `
.share-chart { width: 100%; height: 60px; display: block; background: #f6f7f9; }
ul.stages { list-style: none; padding: 0; margin: 0; }
ul.stages li { margin: 4px 0; }
#unmatched code { white-space: nowrap; }
`;
