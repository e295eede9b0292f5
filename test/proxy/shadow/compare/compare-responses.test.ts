import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compareResponses, compileRules, exactRules, type CapturedResponse } from '../../../../proxy/shadow/compare/index.js';

const res = (status: number, headers: Record<string, string>, body: string | Buffer): CapturedResponse => ({
  status,
  headers,
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
});
const json = (v: unknown, status = 200, extra: Record<string, string> = {}) => res(status, { 'content-type': 'application/json', ...extra }, JSON.stringify(v));

describe('compareResponses', () => {
  it('equal answers are equal', () => {
    const r = compareResponses(json({ a: [1, 2] }), json({ a: [1, 2] }), exactRules());
    expect(r).toMatchObject({ equal: true, diffs: [], bodyKind: 'json' });
  });

  it('reports status, header and body differences with both values', () => {
    const r = compareResponses(json({ total: 12 }), res(201, { 'content-type': 'application/problem+json' }, JSON.stringify({ total: 13 })), exactRules());
    expect(r.equal).toBe(false);
    expect(r.diffs.map(({ path, kind, a, b }) => ({ path, kind, a, b }))).toEqual([
      { path: 'status', kind: 'changed', a: 200, b: 201 },
      { path: 'headers.content-type', kind: 'changed', a: 'application/json', b: 'application/problem+json' },
      { path: '$.total', kind: 'changed', a: 12, b: 13 },
    ]);
  });

  it('compares only the configured headers; content-type is normalised', () => {
    const rules = compileRules({
      headers: ['content-type', 'cache-control', 'x-version'],
      ignoreHeaders: ['x-version'],
      ignore: [],
      sortArrays: [],
      tolerance: { absolute: 0, relative: 0 },
      equalPatterns: [],
    });
    const a = res(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'max-age=60', 'x-version': '1', date: 'Mon' }, '{}');
    const b = res(200, { 'Content-Type': 'Application/JSON;charset="UTF-8"', 'x-version': '2', date: 'Tue' }, '{}');
    expect(compareResponses(a, b, rules).diffs.map(({ path, kind }) => `${kind} ${path}`)).toEqual(['removed headers.cache-control']);
  });

  it('text bodies by equality, with excerpts around the first difference', () => {
    const a = res(200, { 'content-type': 'text/html' }, `<p>${'x'.repeat(500)}A</p>`);
    const b = res(200, { 'content-type': 'text/html' }, `<p>${'x'.repeat(500)}B</p>`);
    const r = compareResponses(a, b, exactRules());
    expect(r.bodyKind).toBe('text');
    expect(r.diffs).toHaveLength(1);
    expect(r.diffs[0]).toMatchObject({ path: '$', kind: 'changed' });
    expect(String(r.diffs[0]!.a)).toMatch(/^….*A<\/p>$/);
    expect(String(r.diffs[0]!.b)).toMatch(/B<\/p>$/);
    expect(compareResponses(a, a, exactRules()).equal).toBe(true);
  });

  it('binary bodies by SHA-256', () => {
    const a = res(200, { 'content-type': 'image/png' }, Buffer.from([1, 2, 3]));
    const b = res(200, { 'content-type': 'image/png' }, Buffer.from([1, 2, 4]));
    const r = compareResponses(a, b, exactRules());
    expect(r.bodyKind).toBe('binary');
    expect(r.diffs[0]!.a).toBe('sha256:039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81 (3 bytes)');
    expect(compareResponses(a, structuredClone(a), exactRules()).equal).toBe(true);
  });

  it('undoes Content-Encoding before comparing', () => {
    const body = JSON.stringify({ a: 1 });
    const a = res(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(body));
    const b = res(200, { 'content-type': 'application/json' }, body);
    expect(compareResponses(a, b, exactRules()).equal).toBe(true);
  });

  it('a JSON side that is not JSON is compared as text', () => {
    const r = compareResponses(json({ a: 1 }), res(200, { 'content-type': 'application/json' }, 'oops'), exactRules());
    expect(r.diffs).toMatchObject([{ path: '$', kind: 'changed', a: '{"a":1}', b: 'oops' }]);
  });

  it('two empty bodies are equal', () => {
    expect(compareResponses(res(204, {}, ''), res(204, {}, ''), exactRules())).toMatchObject({ equal: true, bodyKind: 'empty' });
  });
});
