/**
 * The dashboard's live view, part of the browser script inlined into the page (proxy/dashboard/assets/page.ts). A
 * classic script using only the helpers of ./dom.ts, compiled to ES2017 by tsc (proxy/dashboard/client/tsconfig.json)
 * into one file with them and the Migration map (./migration-map.ts) and shipped in dist/, so users have no build
 * step and nothing comes from a CDN (the admin listener often runs where there is no internet). It polls
 * the admin API every 2 s (`/routes`, `/stats`, `/shadow/report`), and for the selected route (`#route=ID`) its
 * mismatches and gate (`/shadow/report?route=ID`, `/routes/ID/gates`). Every value goes into the DOM as text, never
 * as HTML. The join of the three documents mirrors `buildOverview` (../overview.ts), which `strangler status` uses.
 */
// The admin API documents (./documents.d.ts). `import()` types, not an import statement: this stays a classic script.
type RoutesDoc = import('./documents').RoutesDoc;
type RouteRowDoc = import('./documents').RouteRowDoc;
type SideDoc = import('./documents').SideDoc;
type StatsDoc = import('./documents').StatsDoc;
type RouteStatsDoc = import('./documents').RouteStatsDoc;
type DiffDoc = import('./documents').DiffDoc;
type SampleDoc = import('./documents').SampleDoc;
type ShadowRouteDoc = import('./documents').ShadowRouteDoc;
type ShadowDoc = import('./documents').ShadowDoc;
type GatesDoc = import('./documents').GatesDoc;

(() => {
  const REFRESH_MS = 2000;
  let selected: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastDetail = '';
  let loginShown = false;

  function dash(text: string): Node {
    return text === DASH ? h('span', { class: 'dash', text: DASH }) : document.createTextNode(text);
  }

  // Same formats as proxy/dashboard/overview.ts (strangler status).
  const pct = (r: number | null | undefined): string => (r === null || r === undefined ? DASH : `${(r * 100).toFixed(1)}%`);
  const ms = (v: number | null | undefined): string => (v === null || v === undefined ? DASH : v < 10 ? v.toFixed(1) : String(Math.round(v)));
  const lat = (side: SideDoc | null | undefined): string => (!side || side.p50 === null || side.p50 === undefined ? DASH : `${ms(side.p50)}/${ms(side.p99)}`);
  const splitText = (s: RouteStatsDoc['split'] | undefined): string => (s ? `${Math.round(s.monolith * 100)}/${Math.round(s.lambda * 100)}` : DASH);
  const matchText = (sh: ShadowRouteDoc | null): string => (!sh?.compared ? DASH : `${pct(sh.matchRate)} (${sh.compared})`);
  function breakerText(b: unknown): string {
    if (typeof b === 'string') return b;
    if (b && typeof b === 'object' && typeof (b as { state?: unknown }).state === 'string') return (b as { state: string }).state;
    return DASH;
  }
  const coldText = (l: RouteRowDoc['lambda']): string => (l && typeof l.coldStartRate === 'number' ? pct(l.coldStartRate) : DASH);
  // A route without a methods list matches them all: say so rather than listing eight verbs.
  const methodsText = (m: string[]): string => (m.length >= 8 ? 'any' : m.join(','));
  const rateClass = (r: number | null | undefined, warn: number, bad: number): string =>
    r === null || r === undefined ? '' : r >= bad ? 'bad' : r >= warn ? 'warnc' : '';

  class Unauthorized {
    readonly message = 'unauthorized';
  }
  function api<T>(path: string, optional?: boolean): Promise<T | null> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const t = token();
    if (t) headers.authorization = `Bearer ${t}`;
    return fetch(path, { headers, cache: 'no-store' }).then((res) => {
      if (res.status === 401) throw new Unauthorized();
      if (res.status === 404 && optional) return null;
      return res
        .json()
        .catch(() => null)
        .then((body: { error?: { code: string; message: string } } | null) => {
          if (!res.ok) {
            const e = body?.error ? `: ${body.error.code}: ${body.error.message}` : '';
            throw new Error(`${path} answered ${res.status}${e}`);
          }
          return body as T | null;
        });
    });
  }

  function setError(message: string | null): void {
    const el = $('error');
    el.textContent = message || '';
    el.classList.toggle('hidden', !message);
  }
  function markLive(ok: boolean): void {
    const el = $('live');
    el.classList.toggle('stale', !ok);
    el.textContent = `${ok ? 'live' : 'stale'} \u00b7 updated ${new Date().toLocaleTimeString()} \u00b7 every ${REFRESH_MS / 1000} s`;
  }

  function showLogin(message: string | null): void {
    loginShown = true;
    $('app').classList.add('hidden');
    $('login').classList.remove('hidden');
    const err = $('login-error');
    err.textContent = message || '';
    err.classList.toggle('hidden', !message);
    $('token').focus();
  }
  function showApp(): void {
    loginShown = false;
    $('login').classList.add('hidden');
    $('app').classList.remove('hidden');
    $('signout').classList.toggle('hidden', !token());
  }

  function sparkline(series: RouteStatsDoc['series']): SVGSVGElement {
    const w = 90;
    const hgt = 16;
    const svg = svgElement('svg', { class: 'spark', width: w, height: hgt, viewBox: `0 0 ${w} ${hgt}`, 'aria-hidden': 'true' });
    svg.appendChild(svgElement('rect', { x: 0, y: hgt - 1, width: w, height: 1, fill: '#dfe3ea' }));
    const columns = series.monolith.map((monolith, i) => ({ monolith, lambda: series.lambda[i] ?? 0 }));
    drawStackedBars(svg, columns, { width: w, height: hgt, gap: 1 });
    return svg;
  }

  function stageCell(row: RouteRowDoc): HTMLElement {
    const plain = STAGES.indexOf(row.stage) !== -1;
    const source = `source: ${row.source}${row.flag ? ` \u00b7 ${row.flag}` : ''}`;
    return h('td', { 'data-col': 'stage' }, [
      h('span', { class: `badge ${plain ? `stage-${row.stage}` : ''}`, 'data-k': 'stage', text: row.stage }),
      h('span', { class: 'source', 'data-k': 'source', text: source }),
      row.pin ? h('span', { class: 'source pin', 'data-k': 'pin', text: `pinned to ${row.pin.stage}: ${row.pin.reason}` }) : null,
    ]);
  }

  function splitCell(st: RouteStatsDoc | null): HTMLElement {
    const split = st ? st.split : null;
    const bar = h('span', { class: 'bar' });
    if (split) {
      const m = h('span', { class: 'm' });
      const l = h('span', { class: 'l' });
      m.style.width = `${(split.monolith * 100).toFixed(1)}%`;
      l.style.width = `${(split.lambda * 100).toFixed(1)}%`;
      bar.appendChild(m);
      bar.appendChild(l);
    }
    return h('td', { 'data-col': 'split' }, [
      h('div', { class: 'split' }, [bar, h('span', { class: 'txt', 'data-k': 'split', text: splitText(split) })]),
      h('span', { class: 'reqs', 'data-k': 'requests', text: `${st ? st.requests : 0} req` }),
      st ? sparkline(st.series) : null,
    ]);
  }

  function num(col: string, text: string, cls?: string): HTMLElement {
    return h('td', { class: `num ${cls || ''}`, 'data-col': col }, [dash(text)]);
  }

  function matchClass(sh: ShadowRouteDoc | null): string {
    if (!sh?.compared || sh.matchRate === null) return '';
    return sh.gate?.checks.some((c) => c.name === 'minMatchRate' && !c.pass) ? 'bad' : 'good';
  }

  function renderOverview(routes: RoutesDoc, stats: StatsDoc | null, shadow: ShadowDoc | null): void {
    $('meta').textContent = `plan ${routes.plan} \u00b7 generation ${routes.generation} \u00b7 monolith ${routes.monolith}`;
    $('window').textContent = stats
      ? `requests over the last ${Math.round(stats.windowSeconds / 60)} min; match rate over all kept comparisons`
      : 'this proxy has no /stats: traffic columns are empty';
    const byStats: Record<string, RouteStatsDoc> = {};
    const byShadow: Record<string, ShadowRouteDoc> = {};
    for (const r of stats?.routes ?? []) byStats[r.route] = r;
    for (const r of shadow?.routes ?? []) byShadow[r.route] = r;
    const body = h('tbody');
    for (const row of routes.routes) {
      const st = byStats[row.id] || null;
      const sh = byShadow[row.id] || null;
      const tr = h('tr', { 'data-route': row.id, class: row.id === selected ? 'selected' : '', tabindex: '0', title: `show ${row.id}: mismatches and gate` }, [
        h('td', { 'data-col': 'route' }, [
          h('span', { class: 'route-id', text: row.id }),
          h('span', { class: 'route-path', text: `${methodsText(row.methods)} ${row.path}` }),
        ]),
        stageCell(row),
        splitCell(st),
        num('match', matchText(sh), matchClass(sh)),
        num('mono', lat(st?.monolith)),
        num('lambda', lat(st?.lambda)),
        num('fallback', pct(st ? st.fallbackRate : null), rateClass(st?.fallbackRate, 0.01, 0.1)),
        // Throttles (Lambda's 429) are capacity, not failures: their own column, and they never open the breaker.
        num('throttled', pct(st ? st.throttleRate : null), rateClass(st?.throttleRate, 0.01, 0.1)),
        num('errors', pct(st ? st.errorRate : null), rateClass(st?.errorRate, 0.01, 0.05)),
        h('td', { 'data-col': 'breaker', class: breakerText(row.breaker) === 'open' ? 'bad' : '' }, [dash(breakerText(row.breaker))]),
        num('cold', coldText(row.lambda)),
      ]);
      tr.addEventListener('click', () => select(row.id));
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') select(row.id);
      });
      body.appendChild(tr);
    }
    if (routes.routes.length === 0) {
      body.appendChild(h('tr', {}, [h('td', { colspan: '11', class: 'empty', text: 'The plan has no routes: every request goes to the monolith.' })]));
    }
    const table = $<HTMLTableElement>('overview');
    const old = table.tBodies[0];
    if (old) table.replaceChild(body, old);
    else table.appendChild(body);
  }

  function select(id: string): void {
    location.hash = `#route=${encodeURIComponent(id)}`;
  }
  function selectedFromHash(): string | null {
    const m = /^#route=(.+)$/.exec(location.hash);
    return m?.[1] ? decodeURIComponent(m[1]) : null;
  }

  function value(d: DiffDoc, side: 'monolith' | 'lambda'): HTMLElement {
    // A side without the field (`in`: the document is parsed JSON, so there are no inherited keys to mistake).
    if (!(side in d)) return h('td', { class: `absent ${side}-side`, text: 'absent' });
    return h('td', { class: `${side}-side`, text: JSON.stringify(d[side]) });
  }

  function gateSection(gates: GatesDoc | null): HTMLElement[] {
    if (!gates) return [h('p', { class: 'empty', text: 'No shadow results on this proxy, so no gate.' })];
    if (!gates.gate) return [h('p', { class: 'empty', 'data-k': 'gate', text: `Stage ${gates.stage}: no further gate.` })];
    const g = gates.gate;
    return [
      h('div', { class: 'gate-head', 'data-k': 'gate' }, [`to ${g.stage}: `, h('span', { class: g.pass ? 'good' : 'bad', text: g.pass ? 'PASS' : 'FAIL' })]),
      g.checks.length === 0
        ? h('p', { class: 'empty', text: 'The gate sets no checks.' })
        : h(
            'ul',
            { class: 'checks' },
            g.checks.map((c) =>
              h('li', { 'data-check': c.name, 'data-pass': String(c.pass) }, [
                h('span', { class: `mark ${c.pass ? 'good' : 'bad'}`, text: c.pass ? '\u2713' : '\u2717' }),
                c.message,
              ]),
            ),
          ),
    ];
  }

  function sampleBlock(s: SampleDoc): HTMLElement {
    const status = (v: number | undefined): string => (v === undefined ? DASH : String(v));
    const head = h('div', { class: 'head' }, [
      h('code', { text: `${s.method} ${s.url}` }),
      h('span', { text: new Date(s.at).toLocaleString() }),
      s.requestId ? h('span', { text: `request ${s.requestId}` }) : null,
      h('span', { text: `status monolith ${status(s.status.monolith)} / lambda ${status(s.status.lambda)}` }),
      h('span', { text: `served by ${s.servedBy}` }),
    ]);
    const rows = s.diffs.map((d) => h('tr', { 'data-path': d.path }, [h('td', { text: d.path }), value(d, 'monolith'), value(d, 'lambda')]));
    const table = h('table', { class: 'diff' }, [
      h('thead', {}, [h('tr', {}, [h('th', { text: 'Field' }), h('th', { text: 'Monolith' }), h('th', { text: 'Lambda' })])]),
      h('tbody', {}, rows),
    ]);
    return h('div', { class: 'sample', 'data-sample': String(s.id) }, [
      head,
      table,
      s.truncated ? h('p', { class: 'empty', text: ' more differences were not recorded (truncated).' }) : null,
    ]);
  }

  function renderDetail(id: string, report: ShadowDoc | null, gates: GatesDoc | null): void {
    const r = report?.routes ? report.routes.filter((x) => x.route === id)[0] : undefined;
    const panel = $('detail');
    panel.classList.remove('hidden');
    $('detail-title').textContent = `Route ${id}`;
    $('detail-stage').textContent = gates?.stage ? `stage ${gates.stage}` : '';
    const body = h('div', { class: 'body' });
    body.appendChild(h('h3', { text: 'Gate for the next stage' }));
    for (const n of gateSection(gates)) body.appendChild(n);
    body.appendChild(h('h3', { text: 'Shadow comparisons' }));
    if (!r) body.appendChild(h('p', { class: 'empty', text: 'No shadow results for this route.' }));
    else {
      const summary = `${r.compared} compared \u00b7 ${r.matched} matched \u00b7 ${r.mismatched} mismatched \u00b7 match rate ${pct(r.matchRate)} \u00b7 ${r.shadowErrors} shadow errors`;
      body.appendChild(h('p', { 'data-k': 'summary', text: summary }));
      if (r.fields.length > 0)
        body.appendChild(
          h(
            'div',
            { class: 'fields' },
            r.fields.map((f) => h('span', { text: `${f.field} \u00d7${f.count}` })),
          ),
        );
      body.appendChild(h('h3', { text: `Recent mismatches (${r.samples.length})` }));
      if (r.samples.length === 0) body.appendChild(h('p', { class: 'empty', text: 'No mismatches recorded.' }));
      for (const s of r.samples) body.appendChild(sampleBlock(s));
    }
    const old = panel.querySelector('.body');
    if (old) panel.replaceChild(body, old);
    else panel.appendChild(body);
  }

  function loadDetail(id: string): Promise<void> {
    const enc = encodeURIComponent(id);
    return Promise.all([api<ShadowDoc>(`/shadow/report?route=${enc}&samples=10`, true), api<GatesDoc>(`/routes/${enc}/gates`, true)]).then(
      ([report, gates]) => {
        if (id !== selected) return;
        const key = JSON.stringify([report?.routes, gates]);
        if (key === lastDetail) return;
        lastDetail = key;
        renderDetail(id, report, gates);
      },
    );
  }

  function refresh(): void {
    clearTimeout(timer);
    Promise.all([api<RoutesDoc>('/routes'), api<StatsDoc>('/stats', true), api<ShadowDoc>('/shadow/report?samples=0', true)])
      .then(([routes, stats, shadow]) => {
        showApp();
        // `/routes` is not optional: api() answers null only for an optional 404, so routes is a document here.
        renderOverview(routes as RoutesDoc, stats, shadow);
        setError(null);
        markLive(true);
        return selected ? loadDetail(selected) : null;
      })
      .catch((err: unknown) => {
        if (err instanceof Unauthorized) return showLogin(token() ? 'That token was refused.' : null);
        setError(`Cannot load data: ${err instanceof Error && err.message ? err.message : String(err)}`);
        markLive(false);
      })
      .then(() => {
        if (!loginShown) timer = setTimeout(refresh, REFRESH_MS);
      });
  }

  function onHash(): void {
    selected = selectedFromHash();
    lastDetail = '';
    if (!selected) $('detail').classList.add('hidden');
    for (const tr of Array.from(document.querySelectorAll('#overview tbody tr'))) {
      tr.classList.toggle('selected', tr.getAttribute('data-route') === selected);
    }
    if (selected && !loginShown) loadDetail(selected).catch((err: unknown) => setError(err instanceof Error && err.message ? err.message : String(err)));
  }

  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $<HTMLInputElement>('token');
    const value = input.value.trim();
    if (!value) return;
    try {
      sessionStorage.setItem(TOKEN_KEY, value);
    } catch {
      // Private mode: the token is kept for this page only.
    }
    input.value = '';
    refresh();
  });
  $('signout').addEventListener('click', (e) => {
    e.preventDefault();
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // Nothing was stored.
    }
    location.reload();
  });
  window.addEventListener('hashchange', onHash);
  selected = selectedFromHash();
  refresh();
})();
