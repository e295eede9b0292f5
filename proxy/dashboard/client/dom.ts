/**
 * What the dashboard's views share (./dashboard.ts, the live view; ./migration-map.ts, the Migration map): the page's
 * elements, element building with text-only values, the admin token, and the stacked traffic bars. Classic scripts:
 * tsc concatenates this file first and then the views into one script (tsconfig.json `outFile`), so these top-level
 * names are the page's own (its CSP allows that one script only) and each view keeps its state inside its function.
 */
// biome-ignore-all lint/correctness/noUnusedVariables: the views (other files of the same script) use these; Biome lints one file at a time.

const TOKEN_KEY = 'strangler.adminToken';
const DASH = '\u2013';
const STAGES = ['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete'];
const SVG_NS = 'http://www.w3.org/2000/svg';
/** The colours of the two sides, as in the legend (assets/style.ts `.lg-m`, `.lg-l`). */
const MONOLITH_FILL = '#8a6d3b';
const LAMBDA_FILL = '#e07b24';

type Attrs = Record<string, string | number | boolean | null | undefined>;
type Child = Node | string | null | undefined;

/** The page's elements by id: the page (assets/page.ts) always has them, so a missing one is a bug worth throwing on. */
function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`dashboard page has no #${id}`);
  return el as T;
}

function setAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const k of Object.keys(attrs)) {
    const v = attrs[k];
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.setAttribute('class', String(v));
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

/** An HTML element: `class`, `text` (set as text, never as HTML) and attributes, then its children. */
function h(tag: string, attrs?: Attrs | null, children?: Child[]): HTMLElement {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children ?? []) {
    if (c === null || c === undefined) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

/** An SVG element (SVG needs its namespace; `h` makes HTML elements). */
function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  return el;
}

/** The admin token the login form keeps in sessionStorage (this tab only); null without one or without storage. */
function token(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** One column of a traffic chart: its requests by side, and attributes for its bars (e.g. the minute it counts). */
interface BarColumn {
  monolith: number;
  lambda: number;
  attrs?: Attrs;
}

/**
 * Draws one stacked bar per column into `svg` (whose viewBox is `width` × `height`): the Lambda part at the bottom,
 * the monolith part above it, scaled to the tallest column; `gap` is the space between bars.
 */
function drawStackedBars(svg: SVGSVGElement, columns: BarColumn[], box: { width: number; height: number; gap: number }): void {
  let max = 1;
  for (const c of columns) max = Math.max(max, c.monolith + c.lambda);
  const bw = box.width / Math.max(columns.length, 1);
  columns.forEach((c, k) => {
    const lh = (c.lambda / max) * box.height;
    const mh = (c.monolith / max) * box.height;
    const bars: Array<[height: number, y: number, fill: string]> = [
      [lh, box.height - lh, LAMBDA_FILL],
      [mh, box.height - lh - mh, MONOLITH_FILL],
    ];
    for (const [height, y, fill] of bars) {
      if (height <= 0) continue;
      svg.appendChild(svgElement('rect', { x: k * bw, y, width: Math.max(1, bw - box.gap), height, fill, ...c.attrs }));
    }
  });
}
