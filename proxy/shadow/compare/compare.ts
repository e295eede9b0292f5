import { bodyKind, decodeBody, normaliseContentType, parseJson, sha256, textExcerpts, type BodyKind } from './body.js';
import { diffJson, type DiffSink, type FieldDiff } from './json-diff.js';
import type { CompiledRules } from './rules.js';

/** Header values as Node gives them (`IncomingHttpHeaders`, `OutgoingHttpHeaders`) or as a Lambda result has them. */
export type HeaderBag = Record<string, string | string[] | number | undefined>;

/** A complete response, as captured for comparison. */
export interface CapturedResponse {
  status: number;
  headers: HeaderBag;
  body: Buffer;
}

export interface ComparisonResult {
  /** True when nothing differs under the rules. */
  equal: boolean;
  /** Differences: `status`, then `headers.<name>`, then body paths (`$…`) in document order. */
  diffs: FieldDiff[];
  /** More differences than `rules.maxDiffs` were found; only the first ones are listed. */
  truncated: boolean;
  bodyKind: BodyKind;
  /** Both statuses (kept for samples even when they are equal). */
  status: { a: number; b: number };
}

/** A header's value as one string (repeated fields joined as RFC 9110 §5.3 allows), or undefined. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  let v = headers[name];
  if (v === undefined) {
    // Lambda results and hand-built objects may not be lower-cased.
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    v = key === undefined ? undefined : headers[key];
  }
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/**
 * Compares two responses: status, the configured headers, then the body (JSON by deep diff, text by equality,
 * anything else by SHA-256). Pure: no I/O, no clock.
 * @example
 *   const r = compareResponses(monolithResponse, lambdaResponse, compileRules(cfg.compare));
 *   if (!r.equal) console.log(r.diffs.map((d) => d.path));
 */
export function compareResponses(a: CapturedResponse, b: CapturedResponse, rules: CompiledRules, maxBodyBytes = 8 * 1_048_576): ComparisonResult {
  const sink: DiffSink = { diffs: [], truncated: false };
  const add = (diff: Omit<FieldDiff, 'field'> & { field?: string }): void => {
    if (sink.diffs.length >= rules.maxDiffs) sink.truncated = true;
    else sink.diffs.push({ field: diff.field ?? diff.path, ...diff } as FieldDiff);
  };

  if (a.status !== b.status) add({ path: 'status', kind: 'changed', a: a.status, b: b.status });

  for (const name of rules.headers) {
    let va = headerValue(a.headers, name);
    let vb = headerValue(b.headers, name);
    if (name === 'content-type') {
      va = va === undefined ? undefined : normaliseContentType(va);
      vb = vb === undefined ? undefined : normaliseContentType(vb);
    }
    if (va === vb) continue;
    const path = `headers.${name}`;
    if (vb === undefined) add({ path, kind: 'removed', a: va });
    else if (va === undefined) add({ path, kind: 'added', b: vb });
    else add({ path, kind: 'changed', a: va, b: vb });
  }

  const bodyA = decodeBody(a.body, headerValue(a.headers, 'content-encoding'), maxBodyBytes);
  const bodyB = decodeBody(b.body, headerValue(b.headers, 'content-encoding'), maxBodyBytes);
  const kind = bodyKind(bodyA, bodyB, headerValue(a.headers, 'content-type'), headerValue(b.headers, 'content-type'));
  if (kind === 'json') {
    const ja = parseJson(bodyA);
    const jb = parseJson(bodyB);
    if (ja.ok && jb.ok) diffJson(ja.value, jb.value, rules, sink);
    else compareText(bodyA, bodyB, add);
  } else if (kind === 'text') compareText(bodyA, bodyB, add);
  else if (kind === 'binary' && !bodyA.equals(bodyB)) {
    add({ path: '$', kind: 'changed', a: `${sha256(bodyA)} (${bodyA.length} bytes)`, b: `${sha256(bodyB)} (${bodyB.length} bytes)` });
  }
  return {
    equal: sink.diffs.length === 0 && !sink.truncated,
    diffs: sink.diffs,
    truncated: sink.truncated,
    bodyKind: kind,
    status: { a: a.status, b: b.status },
  };
}

function compareText(a: Buffer, b: Buffer, add: (d: Omit<FieldDiff, 'field'>) => void): void {
  if (a.equals(b)) return;
  const ex = textExcerpts(a.toString('utf8'), b.toString('utf8'));
  add({ path: '$', kind: 'changed', a: ex.a, b: ex.b });
}
