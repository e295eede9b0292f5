import { describe, expect, it } from 'vitest';
import { compileRules, diffJson, exactRules, type FieldDiff } from '../../../../proxy/shadow/compare/index.js';
import type { ResolvedCompare } from '../../../../proxy/shadow/config.js';

const diff = (a: unknown, b: unknown, rules = exactRules()): Pick<FieldDiff, 'path' | 'kind' | 'a' | 'b'>[] => {
  const sink = { diffs: [] as FieldDiff[], truncated: false };
  diffJson(a, b, rules, sink);
  return sink.diffs.map(({ path, kind, a, b }) => ({ path, kind, ...(kind !== 'added' ? { a } : {}), ...(kind !== 'removed' ? { b } : {}) }));
};

const rules = (over: Partial<ResolvedCompare>) =>
  compileRules({
    headers: ['content-type'],
    ignoreHeaders: [],
    ignore: [],
    sortArrays: [],
    tolerance: { absolute: 0, relative: 0 },
    equalPatterns: [],
    ...over,
  });

describe('JSON deep diff: exact field paths', () => {
  it.each([
    ['equal objects', { a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }, []],
    ['root scalar', 1, 2, [{ path: '$', kind: 'changed', a: 1, b: 2 }]],
    [
      'nested price',
      { items: [{ price: 1 }, { price: 2 }, { price: 3 }, { price: 4 }] },
      { items: [{ price: 1 }, { price: 2 }, { price: 3 }, { price: 5 }] },
      [{ path: '$.items[3].price', kind: 'changed', a: 4, b: 5 }],
    ],
    ['missing key', { a: 1, b: 2 }, { a: 1 }, [{ path: '$.b', kind: 'removed', a: 2 }]],
    ['extra key', { a: 1 }, { a: 1, z: null }, [{ path: '$.z', kind: 'added', b: null }]],
    ['longer array', [1, 2, 3], [1, 2], [{ path: '$[2]', kind: 'removed', a: 3 }]],
    ['shorter array', [1], [1, { x: 1 }], [{ path: '$[1]', kind: 'added', b: { x: 1 } }]],
    ['type change', { a: '1' }, { a: 1 }, [{ path: '$.a', kind: 'changed', a: '1', b: 1 }]],
    ['object vs array', { a: {} }, { a: [] }, [{ path: '$.a', kind: 'changed', a: {}, b: [] }]],
    ['null vs object', { a: null }, { a: { b: 1 } }, [{ path: '$.a', kind: 'changed', a: null, b: { b: 1 } }]],
    [
      'odd keys are quoted',
      { 'a b': 1, "it's": 2 },
      { 'a b': 2, "it's": 3 },
      [
        { path: "$['a b']", kind: 'changed', a: 1, b: 2 },
        { path: "$['it\\'s']", kind: 'changed', a: 2, b: 3 },
      ],
    ],
    [
      'several differences in document order',
      { x: 1, y: { z: [true, false] } },
      { x: 2, y: { z: [true, true] } },
      [
        { path: '$.x', kind: 'changed', a: 1, b: 2 },
        { path: '$.y.z[1]', kind: 'changed', a: false, b: true },
      ],
    ],
    ['booleans', { ok: true }, { ok: false }, [{ path: '$.ok', kind: 'changed', a: true, b: false }]],
  ])('%s', (_name, a, b, expected) => {
    expect(diff(a, b)).toEqual(expected);
  });

  it('generalises indices in `field`', () => {
    const sink = { diffs: [] as FieldDiff[], truncated: false };
    diffJson({ items: [{ p: 1 }, { p: 1 }] }, { items: [{ p: 2 }, { p: 2 }] }, exactRules(), sink);
    expect(sink.diffs.map((d) => d.field)).toEqual(['$.items[*].p', '$.items[*].p']);
  });

  it('stops at maxDiffs and says so', () => {
    const a = Array.from({ length: 500 }, (_, i) => i);
    const sink = { diffs: [] as FieldDiff[], truncated: false };
    diffJson(
      a,
      a.map((x) => x + 1),
      compileRules({ headers: [], ignoreHeaders: [], ignore: [], sortArrays: [], tolerance: { absolute: 0, relative: 0 }, equalPatterns: [] }, 10),
      sink,
    );
    expect(sink.diffs).toHaveLength(10);
    expect(sink.truncated).toBe(true);
  });
});

describe('comparison rules', () => {
  it.each([
    [
      'wildcard index',
      ['$.items[*].updatedAt'],
      {
        items: [
          { updatedAt: 1, p: 1 },
          { updatedAt: 2, p: 1 },
        ],
      },
      {
        items: [
          { updatedAt: 3, p: 1 },
          { updatedAt: 4, p: 2 },
        ],
      },
      ['$.items[1].p'],
    ],
    ['descendant', ['$..etag'], { etag: 1, a: { etag: 2, b: [{ etag: 3 }] } }, { etag: 9, a: { etag: 8, b: [{ etag: 7 }] } }, []],
    ['subtree', ['$.meta'], { meta: { a: 1, b: 2 }, x: 1 }, { meta: { a: 2 }, x: 1 }, []],
    ['missing ignored key', ['$.debug'], { a: 1 }, { a: 1, debug: 'x' }, []],
    ['key wildcard', ['$.*.ts'], { a: { ts: 1, v: 1 }, b: { ts: 2 } }, { a: { ts: 3, v: 2 }, b: { ts: 4 } }, ['$.a.v']],
    ['bracket key', ["$['x-trace']"], { 'x-trace': 1, y: 1 }, { 'x-trace': 2, y: 1 }, []],
  ])('ignore: %s', (_n, ignore, a, b, paths) => {
    expect(diff(a, b, rules({ ignore })).map((d) => d.path)).toEqual(paths);
  });

  it('sorts arrays at a path (by canonical JSON, or by a key)', () => {
    const a = {
      tags: ['b', 'a', 'c'],
      items: [
        { id: 2, n: 'y' },
        { id: 1, n: 'x' },
      ],
      other: [2, 1],
    };
    const b = {
      tags: ['a', 'c', 'b'],
      items: [
        { id: 1, n: 'x' },
        { id: 2, n: 'y' },
      ],
      other: [1, 2],
    };
    expect(diff(a, b, rules({ sortArrays: [{ path: '$.tags' }, { path: '$.items', by: 'id' }] })).map((d) => d.path)).toEqual(['$.other[0]', '$.other[1]']);
    expect(diff([{ b: 1, a: 2 }, { a: 1 }], [{ a: 1 }, { a: 2, b: 1 }], rules({ sortArrays: [{ path: '$' }] }))).toEqual([]);
  });

  it('numeric tolerance: absolute and relative', () => {
    const abs = rules({ tolerance: { absolute: 0.01, relative: 0 } });
    expect(diff({ p: 9.99 }, { p: 9.995 }, abs)).toEqual([]);
    expect(diff({ p: 9.99 }, { p: 10.01 }, abs).map((d) => d.path)).toEqual(['$.p']);
    const rel = rules({ tolerance: { absolute: 0, relative: 0.001 } });
    expect(diff({ n: 100000 }, { n: 100050 }, rel)).toEqual([]);
    expect(diff({ n: 100000 }, { n: 100200 }, rel).map((d) => d.path)).toEqual(['$.n']);
    // Tolerance is for numbers only: "1" and 1 still differ.
    expect(diff({ n: '1' }, { n: 1 }, abs).map((d) => d.kind)).toEqual(['changed']);
  });

  it('value patterns: isoTimestamp, uuid, custom regex, scoped by path', () => {
    const r = rules({
      equalPatterns: [{ pattern: 'isoTimestamp' }, { pattern: 'uuid' }, { regex: '^tok_[a-z0-9]+$', paths: ['$.session'] }],
    });
    const a = { at: '2024-05-01T10:00:00Z', id: '123e4567-e89b-42d3-a456-426614174000', session: { t: 'tok_abc' }, other: 'tok_abc', day: '2024-05-01' };
    const b = {
      at: '2024-05-02T11:22:33.456+02:00',
      id: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
      session: { t: 'tok_zzz' },
      other: 'tok_zzz',
      day: '2024-05-02',
    };
    // `other` is outside the regex's paths; a bare date is not a timestamp.
    expect(diff(a, b, r).map((d) => d.path)).toEqual(['$.other', '$.day']);
    // One side matching is not enough.
    expect(diff({ at: '2024-05-01T10:00:00Z' }, { at: 'yesterday' }, r).map((d) => d.path)).toEqual(['$.at']);
  });
});
