/**
 * The dashboard's stylesheet, inlined into the page (a .ts module rather than a .css file so it ships in dist/
 * with the compiled code: tsc copies no other files, and the package publishes dist/ only).
 */
export const DASHBOARD_CSS = `
:root {
  --bg: #f6f7f9; --panel: #fff; --ink: #1d2330; --muted: #677085; --line: #e3e6ec; --accent: #2f6fde;
  --mono: #8a6d3b; --lambda: #e07b24; --ok: #1f8a4c; --bad: #c23b32; --warn: #b7791f;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
header { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; padding: 14px 24px; background: #1d2330; color: #fff; }
header h1 { margin: 0; font-size: 17px; font-weight: 600; letter-spacing: .2px; }
header .meta { color: #b8c0d0; font-size: 12.5px; }
header .live { margin-left: auto; font-size: 12px; color: #b8c0d0; }
header .live::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; background: #3ccf7a; margin-right: 6px; vertical-align: 1px; }
header .live.stale::before { background: #e0a030; }
main { padding: 20px 24px 40px; max-width: 1500px; margin: 0 auto; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 0; margin-bottom: 20px; overflow: hidden; }
.panel > h2 { margin: 0; padding: 12px 16px; font-size: 14px; font-weight: 600; border-bottom: 1px solid var(--line); display: flex; gap: 12px; align-items: baseline; }
.panel > h2 small { color: var(--muted); font-weight: 400; font-size: 12.5px; }
.banner { padding: 10px 14px; border-radius: 6px; margin-bottom: 16px; background: #fdecea; color: #8a1f17; border: 1px solid #f3c2bd; }
.hidden { display: none !important; }
table { width: 100%; border-collapse: collapse; }
.scroll { overflow-x: auto; }
th, td { padding: 9px 10px; text-align: left; border-bottom: 1px solid var(--line); white-space: nowrap; vertical-align: middle; }
th { font-size: 11.5px; text-transform: uppercase; letter-spacing: .4px; color: var(--muted); font-weight: 600; background: #fafbfc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:last-child td { border-bottom: 0; }
#overview tbody tr { cursor: pointer; }
#overview tbody tr:hover { background: #f3f6fc; }
#overview tbody tr.selected { background: #eaf1fd; }
.route-id { font-weight: 600; color: var(--accent); }
.route-path { display: block; color: var(--muted); font-size: 12px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; background: #eceff4; color: #3b4456; }
.stage-off { background: #eceff4; color: #4a5366; }
.stage-dualwrite { background: #f3e8fd; color: #6b2fa3; }
.stage-shadow { background: #e8ecfd; color: #3446a8; }
.stage-live { background: #fdf0e3; color: #a3520f; }
.stage-rampdown { background: #fff6d6; color: #7d5d00; }
.stage-complete { background: #e3f5ea; color: #17663a; }
.source { display: block; color: var(--muted); font-size: 12px; margin-top: 2px; }
.pin { color: var(--bad); font-weight: 600; }
.split { display: flex; align-items: center; gap: 8px; }
.bar { display: inline-flex; width: 90px; height: 8px; border-radius: 4px; overflow: hidden; background: #eceff4; }
.bar .m { background: var(--mono); }
.bar .l { background: var(--lambda); }
.split .txt { font-variant-numeric: tabular-nums; font-size: 12.5px; }
.reqs { display: block; color: var(--muted); font-size: 12px; }
.spark { display: block; margin-top: 3px; }
.dash { color: #a6adbb; }
.good { color: var(--ok); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.warnc { color: var(--warn); font-weight: 600; }
.legend { color: var(--muted); font-size: 12px; padding: 8px 16px; border-top: 1px solid var(--line); background: #fafbfc; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px; vertical-align: -1px; }
.legend i.lg-m { background: var(--mono); }
.legend i.lg-l { background: var(--lambda); }
#detail .body { padding: 14px 16px; }
#detail h3 { font-size: 13px; margin: 18px 0 8px; text-transform: uppercase; letter-spacing: .4px; color: var(--muted); }
#detail h3:first-child { margin-top: 0; }
.close { margin-left: auto; font-size: 12.5px; color: var(--accent); text-decoration: none; font-weight: 400; }
.checks li { margin: 4px 0; list-style: none; }
.checks { padding: 0; margin: 0; }
.checks .mark { display: inline-block; width: 18px; font-weight: 700; }
.gate-head { font-weight: 600; margin-bottom: 6px; }
.sample { border: 1px solid var(--line); border-radius: 6px; margin-bottom: 12px; overflow: hidden; }
.sample .head { padding: 8px 12px; background: #fafbfc; border-bottom: 1px solid var(--line); font-size: 12.5px; display: flex; gap: 14px; flex-wrap: wrap; }
.sample .head code { font-size: 12.5px; }
.diff { table-layout: fixed; }
.diff th:first-child, .diff td:first-child { width: 28%; }
.diff td { white-space: pre-wrap; word-break: break-word; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; vertical-align: top; }
.diff td.monolith-side { background: #f8f4ec; }
.diff td.lambda-side { background: #fff0e3; }
.diff td.absent { color: #a6adbb; font-style: italic; font-family: inherit; }
.fields { display: flex; gap: 8px; flex-wrap: wrap; }
.fields span { background: #eceff4; border-radius: 4px; padding: 2px 8px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.empty { color: var(--muted); padding: 6px 0; }
#login { max-width: 420px; margin: 60px auto; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 22px 24px; }
#login h2 { margin: 0 0 8px; font-size: 16px; }
#login p { color: var(--muted); margin: 0 0 14px; }
#login input { width: 100%; padding: 8px 10px; border: 1px solid #c8ced9; border-radius: 6px; font: inherit; }
#login button { margin-top: 12px; padding: 8px 16px; border: 0; border-radius: 6px; background: var(--accent); color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
#login .err { color: var(--bad); margin-top: 10px; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 10px; }
/* The Migration map (client/migration-map.ts). */
.share-chart { width: 100%; height: 60px; display: block; background: #f6f7f9; }
ul.stages { list-style: none; padding: 0; margin: 0; }
ul.stages li { margin: 4px 0; }
#unmatched code { white-space: nowrap; }
`;
