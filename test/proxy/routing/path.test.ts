import { describe, expect, it } from 'vitest';
import { normaliseTarget, removeDotSegments, type PathOptions } from '../../../proxy/routing/path.js';

const DEFAULTS: PathOptions = { mergeSlashes: true, encodedSlashes: 'reject' };

describe('normaliseTarget', () => {
  it.each([
    ['/products/7', '/products/7'],
    ['/products/7?x=1&y=/../a', '/products/7?x=1&y=/../a'],
    ['/x/../products/1', '/products/1'],
    ['/x/%2E%2e/products/1', '/products/1'],
    ['/a/./b/.', '/a/b/'],
    ['/a/b/..', '/a/'],
    ['/../../a', '/a'],
    ['/a//b///c', '/a/b/c'],
    ['/%70roducts/%7e%41', '/products/~A'],
    ['/a%20b/%c3%a9', '/a%20b/%C3%A9'],
    ['/PRODUCTS/7/', '/PRODUCTS/7/'],
    ['http://shop.example/products/7?q=1', '/products/7?q=1'],
    ['https://user@shop.example:8443', '/'],
    ['http://shop.example?q=1', '/?q=1'],
  ])('%s → %s', (target, url) => {
    expect(normaliseTarget(target, DEFAULTS).url).toBe(url);
  });

  it('returns the authority of an absolute-form target (without userinfo)', () => {
    expect(normaliseTarget('http://u:p@shop.example:8080/a', DEFAULTS)).toEqual({ url: '/a', path: '/a', authority: 'shop.example:8080' });
    expect(normaliseTarget('/a', DEFAULTS)).toEqual({ url: '/a', path: '/a' });
  });

  it('keeps runs of slashes with mergeSlashes off (dot segments still go)', () => {
    expect(normaliseTarget('/a//b/./c', { ...DEFAULTS, mergeSlashes: false }).url).toBe('/a//b/c');
  });

  it.each(['/a%2Fb', '/a%2f..%2fb', '/a%5Cb', '/a/%zz', '/a/%4', 'products/7', 'mailto:x'])('%s → STRANGLER_PATH_INVALID', (target) => {
    expect(() => normaliseTarget(target, DEFAULTS)).toThrow(expect.objectContaining({ code: 'STRANGLER_PATH_INVALID', statusCode: 400 }));
  });

  it('keeps encoded slashes encoded with encodedSlashes: keep (so ".." inside them is not a segment)', () => {
    expect(normaliseTarget('/a%2f..%2fb', { ...DEFAULTS, encodedSlashes: 'keep' }).url).toBe('/a%2F..%2Fb');
  });
});

describe('removeDotSegments (RFC 3986 §5.2.4 examples on absolute paths)', () => {
  it.each([
    ['/a/b/c/./../../g', '/a/g'],
    ['/mid/content=5/../6', '/mid/6'],
    ['/./', '/'],
    ['/..', '/'],
    ['/a/..b/.c', '/a/..b/.c'],
  ])('%s → %s', (path, expected) => {
    expect(removeDotSegments(path)).toBe(expected);
  });
});
