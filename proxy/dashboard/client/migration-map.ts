/**
 * The dashboard's "Migration map" panel (issue 14), part of the browser script (see ./dashboard.ts): from
 * `GET /traffic` (proxy/inventory), the share of traffic served by functions per minute, routes by stage, and the
 * unmatched traffic inventory. It polls every 15 s (the window is a day of minutes, not the 2 s live view), with the
 * token the live view keeps in sessionStorage, and leaves the login and the "admin API down" banner to the live view.
 * Candidate ranking comes from `strangler analyze` and is not shown yet. Values go into the DOM as text only.
 */
// `import()` types (./documents.d.ts), not an import statement: this stays a classic script.
type TrafficDoc = import('./documents').TrafficDoc;
type TemplateTrafficDoc = import('./documents').TemplateTrafficDoc;

(() => {
  const MAP_REFRESH_MS = 15000;
  const SINCE = '24h';
  let timer: ReturnType<typeof setTimeout> | undefined;

  const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
  const share = (n: number, of: number): string => (of ? percent(n / of) : DASH);
  const msText = (v: number | null): string => (v === null ? DASH : String(v));

  function shareChart(minutes: TrafficDoc['minutes']): SVGSVGElement {
    const w = 720;
    const hgt = 60;
    const svg = svgElement('svg', {
      class: 'share-chart',
      viewBox: `0 0 ${w} ${hgt}`,
      preserveAspectRatio: 'none',
      role: 'img',
      'aria-label': 'requests per minute, the part served by functions in orange',
    });
    const columns = minutes.map((m) => ({ monolith: m.requests - m.lambda, lambda: m.lambda, attrs: { 'data-minute': m.minute } }));
    drawStackedBars(svg, columns, { width: w, height: hgt, gap: 0.5 });
    return svg;
  }

  function stageList(t: TrafficDoc): HTMLElement {
    const byStage: Record<string, TrafficDoc['routes']> = {};
    for (const r of t.routes) (byStage[r.stage] ??= []).push(r);
    // The stages in migration order, then any the plan names that this script does not know.
    const names = STAGES.filter((s) => byStage[s]).concat(Object.keys(byStage).filter((s) => STAGES.indexOf(s) === -1));
    if (names.length === 0) return h('p', { class: 'empty', text: 'The plan has no routes yet.' });
    return h(
      'ul',
      { class: 'stages' },
      names.map((s) => {
        const routes = byStage[s] ?? [];
        return h('li', { 'data-stage': s }, [
          h('span', { class: `badge stage-${s}`, text: s }),
          h('span', { 'data-k': 'count', text: ` ${routes.length} ` }),
          h('span', { class: 'route-path', text: routes.map((r) => `${r.id} (${r.requests} req)`).join(', ') }),
        ]);
      }),
    );
  }

  function templateRow(t: TemplateTrafficDoc): HTMLElement {
    return h('tr', { 'data-template': t.template }, [
      h('td', { 'data-col': 'template' }, [h('code', { text: t.template })]),
      h('td', { class: 'num', 'data-col': 'requests', text: t.requests }),
      h('td', { class: 'num', 'data-col': 'share', text: percent(t.share) }),
      h('td', { class: 'num', 'data-col': 'status', text: `${t.status['2xx']} / ${t.status['3xx']} / ${t.status['4xx']} / ${t.status['5xx']}` }),
      h('td', { class: 'num', 'data-col': 'latency', text: `${msText(t.p50Ms)} / ${msText(t.p99Ms)}` }),
    ]);
  }

  function unmatchedTable(u: TrafficDoc['unmatched']): HTMLElement {
    if (u.templates.length === 0) return h('p', { class: 'empty', text: 'Every request in the window matched a plan route.' });
    const head = h('tr', {}, [
      h('th', { text: 'Template' }),
      h('th', { class: 'num', text: 'Requests' }),
      h('th', { class: 'num', text: 'Share' }),
      h('th', { class: 'num', text: '2xx / 3xx / 4xx / 5xx' }),
      h('th', { class: 'num', title: 'upper bounds of the histogram buckets', text: 'p50 / p99 ms \u2264' }),
    ]);
    return h('div', { class: 'scroll' }, [h('table', { id: 'unmatched' }, [h('thead', {}, [head]), h('tbody', {}, u.templates.map(templateRow))])]);
  }

  function render(t: TrafficDoc): void {
    const kept = t.store ? '' : ' (this proxy keeps the last hour in memory only)';
    const body = h('div', { class: 'body' }, [
      h('p', { 'data-k': 'share', text: `${share(t.lambda, t.requests)} of ${t.requests} requests served by functions over the last ${SINCE}${kept}` }),
      shareChart(t.minutes),
      h('div', { class: 'legend' }, [h('i', { class: 'lg-m' }), 'monolith', h('i', { class: 'lg-l' }), 'functions \u00b7 one bar per minute']),
      h('h3', { text: 'Routes by stage' }),
      stageList(t),
      h('h3', { text: `Unmatched traffic (${t.unmatched.requests} requests, ${percent(t.unmatched.share)})` }),
      unmatchedTable(t.unmatched),
      t.enabled ? null : h('p', { class: 'empty', text: 'The inventory is off (plan inventory.enabled: false): no new minutes are counted.' }),
    ]);
    const panel = $('migration-map');
    const old = panel.querySelector('.body');
    if (old) panel.replaceChild(body, old);
    else panel.appendChild(body);
    panel.classList.remove('hidden');
  }

  function refresh(): void {
    clearTimeout(timer);
    const headers: Record<string, string> = { accept: 'application/json' };
    const t = token();
    if (t) headers.authorization = `Bearer ${t}`;
    fetch(`/traffic?since=${SINCE}`, { headers, cache: 'no-store' })
      // 401: the live view asks for the token; 404: a proxy without the inventory.
      .then((res) => (res.ok ? (res.json() as Promise<TrafficDoc>) : null))
      .then(
        (doc) => {
          if (doc) render(doc);
        },
        () => {
          // The live view reports the admin API being down.
        },
      )
      .then(() => {
        timer = setTimeout(refresh, MAP_REFRESH_MS);
      });
  }

  $('login-form').addEventListener('submit', () => {
    // After the live view's handler has stored the token.
    setTimeout(refresh, 0);
  });
  refresh();
})();
