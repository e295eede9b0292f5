import { describe, expect, it } from 'vitest';
import { coversPath, formatPath, matchesPath, parsePathPattern, PathSyntaxError } from '../../../../proxy/shadow/compare/index.js';

describe('field paths', () => {
  it.each([
    [[], '$'],
    [['items', 3, 'price'], '$.items[3].price'],
    [['a b', 0], "$['a b'][0]"],
    [['$ref', '_x'], '$.$ref._x'],
    [['x-y'], "$['x-y']"],
  ])('formats %j as %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });

  it.each([
    ['$.items[*].updatedAt', ['items', 4, 'updatedAt'], true],
    ['$.items[*].updatedAt', ['items', 4, 'price'], false],
    ['$.items[2]', ['items', 2], true],
    ['$.items[2]', ['items', 3], false],
    ['$..id', ['id'], true],
    ['$..id', ['a', 0, 'b', 'id'], true],
    ['$..id', ['a', 'id', 'x'], false],
    ['$.*', ['anything'], true],
    ["$['a.b']", ['a.b'], true],
    ['$["q\\"x"]', ['q"x'], true],
    ['$', [], true],
  ])('%s matches %j: %s', (pattern, path, expected) => {
    expect(matchesPath(parsePathPattern(pattern), path)).toBe(expected);
  });

  it('covers descendants', () => {
    expect(coversPath(parsePathPattern('$.meta'), ['meta', 'etag'])).toBe(true);
    expect(coversPath(parsePathPattern('$.meta'), ['other'])).toBe(false);
  });

  it.each(['items', '$.', '$[', "$['x", '$.a..', '$[x]', '$ .a'])('rejects %j with a message naming it', (bad) => {
    expect(() => parsePathPattern(bad)).toThrow(PathSyntaxError);
    expect(() => parsePathPattern(bad)).toThrow(JSON.stringify(bad));
  });
});
