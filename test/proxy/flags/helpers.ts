import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { parsePlan } from '../../../proxy/plan/index.js';
import type { Plan } from '../../../proxy/plan/index.js';
import type { StageRequest } from '../../../proxy/stages/resolver.js';

/** A pino logger whose lines are kept as parsed objects (pino's own test/helper.js `sink()` idea). */
export function logSink(): { logger: Logger; lines: Record<string, unknown>[]; audit: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  return { logger, lines, audit: () => lines.filter((l) => l.event === 'stage_change') };
}

/** A plan from YAML text, with `dir` for resolving the flags file. */
export function planFrom(yaml: string, dir = process.cwd()): { plan: Plan; dir: string; file: string } {
  return { plan: parsePlan(yaml, 'test.yaml'), dir, file: `${dir}/test.yaml` };
}

/** A plan with routes `products` (GET /products) and `orders` (POST /orders), and the given flags section. */
export function twoRoutePlan(flags: string, extra = ''): string {
  return `monolith: { url: http://127.0.0.1:3000 }
flags: ${flags}
routes:
  - { id: products, match: { path: /products }, function: { name: products } }
  - { id: orders, match: { path: /orders, methods: [POST] }, function: { name: orders }, stage: shadow }
${extra}`;
}

export function request(overrides: Partial<StageRequest> = {}): StageRequest {
  return { method: 'GET', path: '/products', headers: {}, ip: '127.0.0.1', ...overrides };
}

/** Polls `check` until it returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, ms = 5_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** test/fixtures/flags/NAME */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/flags/${name}`, import.meta.url));
}

/**
 * A fresh temp folder holding copies of fixtures (`{ 'plan.yaml': 'plan-file.yaml' }`), since tests edit them.
 * Returns the folder and a cleanup function.
 */
export function tempFixtures(files: Record<string, string>): { dir: string; path: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'strangler-flags-'));
  for (const [as, name] of Object.entries(files)) copyFileSync(fixture(name), join(dir, as));
  return { dir, path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
