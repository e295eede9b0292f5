import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { seededRandom } from '../../examples/shop/random.js';
import { FAULTS, type Fault } from './options.js';

/** GET (safe, may always fall back), POST without a key (must never run twice), POST with an Idempotency-Key. */
export type RequestKind = 'get' | 'post' | 'postKey';

export interface SoakRequest {
  n: number;
  /** Sent as `x-request-id`; the proxy keeps it, so both sides record the execution under it. */
  id: string;
  kind: RequestKind;
  fault: Fault;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  key?: string;
}

/** What the client got: an answer, or no answer at all (a lost request). */
export type ClientAnswer =
  | { ok: true; status: number; servedBy?: string; fallback?: string; text: string; ms: number }
  | { ok: false; error: string; ms: number };

/** Throttles come from a route whose function has reservedConcurrency 0 (Lambda answers 429 before it runs). */
export const THROTTLED_PREFIX = '/api/throttled';

/**
 * The n-th request of a run: a pure function of (seed, n), so a run is reproducible whatever order the callers
 * take requests in. Half GETs, a quarter POSTs without a key, a quarter with one; a fault with probability
 * `faultRate`, spread evenly over FAULTS.
 * @example
 *   soakRequest(1, 0, 0.2) // { n: 0, id: 'soak-1-0', kind: 'get', fault: 'none', method: 'GET', path: '/api/items/…', … }
 */
export function soakRequest(seed: number, n: number, faultRate: number): SoakRequest {
  const rng = seededRandom((Math.imul(seed, 0x9e3779b1) + n) >>> 0);
  const r = rng.next();
  const kind: RequestKind = r < 0.5 ? 'get' : r < 0.75 ? 'post' : 'postKey';
  const fault: Fault = rng.next() < faultRate ? rng.pick(FAULTS) : 'none';
  const base = fault === 'throttle' ? THROTTLED_PREFIX : '/api';
  const id = `soak-${seed}-${n}`;
  const headers: Record<string, string> = { 'x-request-id': id, 'x-soak-fault': fault };
  if (kind === 'get') return { n, id, kind, fault, method: 'GET', path: `${base}/items/${rng.int(1, 1000)}`, headers };
  const body = JSON.stringify({ item: rng.int(1, 1000), quantity: rng.int(1, 5) });
  headers['content-type'] = 'application/json';
  if (kind === 'post') return { n, id, kind, fault, method: 'POST', path: `${base}/orders`, headers, body };
  const key = `key-${seed}-${n}`;
  headers['idempotency-key'] = key;
  return { n, id, kind, fault, method: 'POST', path: `${base}/orders`, headers, body, key };
}

export interface DriveOptions {
  durationS: number;
  concurrency: number;
  seed: number;
  faultRate: number;
  /** 0: no cap. */
  maxRps: number;
}

/**
 * Fixed-concurrency load: `concurrency` callers on one keep-alive undici Pool, each sending the next request as soon
 * as its previous one is answered (paced to `maxRps` when set), until `durationS` has passed. Every request's
 * answer (or its absence) goes to `onAnswer`. Resolves with the number of requests sent once all are answered.
 */
export async function drive(url: string, options: DriveOptions, onAnswer: (req: SoakRequest, answer: ClientAnswer) => void): Promise<number> {
  // A request unanswered for a minute is lost (the slowest documented path is a 2 s function timeout + fallback).
  const pool = new Pool(url, { connections: options.concurrency, pipelining: 1, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const started = performance.now();
  const until = started + options.durationS * 1000;
  let next = 0;
  let sent = 0;
  const caller = async (): Promise<void> => {
    while (performance.now() < until) {
      const n = next++;
      if (options.maxRps > 0) {
        const due = started + (n / options.maxRps) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (performance.now() >= until) break;
      }
      const req = soakRequest(options.seed, n, options.faultRate);
      sent++;
      const t = performance.now();
      try {
        const res = await pool.request({ path: req.path, method: req.method, headers: req.headers, body: req.body });
        const text = await res.body.text();
        const header = (name: string): string | undefined => {
          const v = res.headers[name];
          return typeof v === 'string' ? v : undefined;
        };
        onAnswer(req, {
          ok: true,
          status: res.statusCode,
          servedBy: header('x-strangler-served-by'),
          fallback: header('x-strangler-fallback'),
          text,
          ms: performance.now() - t,
        });
      } catch (err) {
        const e = err as { code?: string; message?: string };
        onAnswer(req, { ok: false, error: e.code ?? e.message ?? String(err), ms: performance.now() - t });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, caller));
  await pool.close();
  return sent;
}
