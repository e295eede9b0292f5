import { describe, expect, it } from 'vitest';
import { allowedKeysAt, closest, levenshtein } from '../../../proxy/plan/hints.js';
import { parsePlan, type PlanError, PlanSchema } from '../../../proxy/plan/index.js';

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['stage', 'stage', 0],
    ['stgae', 'stage', 1],
    ['lisen', 'listen', 1],
    ['timeoutMS', 'timeoutMs', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s → %s is %i', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
  });
});

describe('closest', () => {
  const keys = ['url', 'timeoutMs', 'preserveHost', 'maxSockets'];
  it.each([
    ['timeoutMS', 'timeoutMs'],
    ['timeout', 'timeoutMs'],
    ['retries', undefined],
    ['preservehost', 'preserveHost'],
    ['maxSocket', 'maxSockets'],
    ['uri', 'url'],
    ['colour', undefined],
  ])('%s → %s', (word, expected) => {
    expect(closest(word, keys)).toBe(expected);
  });

  it('matches enum values regardless of case', () => {
    expect(closest('get', ['GET', 'HEAD', 'POST'])).toBe('GET');
  });
});

describe('allowedKeysAt', () => {
  it('finds the keys of nested objects through defaults, arrays and wrappers', () => {
    expect(allowedKeysAt(PlanSchema, ['monolith'], {})).toEqual(['url', 'timeoutMs', 'preserveHost', 'maxSockets']);
    expect(allowedKeysAt(PlanSchema, ['routes', 0, 'match'], {})).toEqual(['methods', 'path', 'caseSensitive', 'trailingSlash']);
    expect(allowedKeysAt(PlanSchema, ['routes', 0, 'fallback', 'breaker'], {})).toContain('failureRatio');
  });

  it('picks the option of a discriminated union by the value written in the plan', () => {
    const keys = allowedKeysAt(PlanSchema, ['flags'], { flags: { source: 'file' } });
    expect(keys).toContain('path');
    expect(keys).not.toContain('sdkKeyEnv');
  });

  it('is empty where the path leads to no object', () => {
    expect(allowedKeysAt(PlanSchema, ['monolith', 'url'], {})).toEqual([]);
    expect(allowedKeysAt(PlanSchema, ['nope'], {})).toEqual([]);
  });
});

describe('hints in plan problems', () => {
  const messages = (text: string): string[] => {
    try {
      parsePlan(text, 'p.yaml');
    } catch (err) {
      return (err as PlanError).problems.map((p) => `${p.path}: ${p.message}`);
    }
    return [];
  };

  it('lists the allowed keys when nothing is close', () => {
    expect(messages('monolith: { url: "http://a", colour: red }')).toEqual([
      'monolith.colour: unknown key "colour" (allowed here: url, timeoutMs, preserveHost, maxSockets)',
    ]);
  });

  it('suggests the upper-case method for a lower-case one', () => {
    expect(messages('monolith: { url: "http://a" }\nroutes: [{ id: a, match: { path: /a, methods: [get] }, function: { name: f } }]')).toEqual([
      'routes[0].match.methods[0]: Invalid option: expected one of "GET"|"HEAD"|"POST"|"PUT"|"PATCH"|"DELETE"|"OPTIONS"|"TRACE"; got "get"; did you mean "GET"?',
    ]);
  });

  it('reaches keys inside other sections (flags, fallback)', () => {
    expect(messages('monolith: { url: "http://a" }\nflags: { source: file, pth: f.json }')).toEqual(['flags.pth: unknown key "pth"; did you mean "path"?']);
  });
});
