import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareResponses, exactRules, type CapturedResponse } from '../../../../proxy/shadow/compare/index.js';
import { compileRedaction, type ComparisonRecord } from '../../../../proxy/shadow/store/index.js';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'strangler-shadow-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const json = (v: unknown, status = 200): CapturedResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(v)),
});

export const noRedaction = compileRedaction({ headers: ['authorization', 'cookie', 'set-cookie'], query: ['token'], body: [] });

export function record(route: string, a: unknown, b: unknown, over: Partial<ComparisonRecord> = {}): ComparisonRecord {
  return {
    route,
    at: Date.now(),
    servedBy: 'monolith',
    latencyMs: { monolith: 10, lambda: 20 },
    result: compareResponses(json(a), json(b), exactRules()),
    noiseOnly: false,
    request: { id: 'req-1', method: 'GET', url: '/p/1', headers: { accept: 'application/json' } },
    redaction: noRedaction,
    ...over,
  };
}
