import { describe, expect, it } from 'vitest';
import { parsePlan, PlanError } from '../../../proxy/plan/index.js';
import { flagKeyOf } from '../../../proxy/flags/index.js';

const plan = (flags: string, route = '') => `monolith: { url: http://127.0.0.1:3000 }
flags: ${flags}
routes:
  - { id: products, match: { path: /products }, function: { name: products }${route} }
`;

function problems(text: string): string[] {
  try {
    parsePlan(text, 'p.yaml');
  } catch (err) {
    if (err instanceof PlanError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('plan flags section', () => {
  it('defaults to static stages when absent', () => {
    expect(parsePlan('monolith: { url: http://127.0.0.1:3000 }\n', 'p.yaml').flags).toEqual({ source: 'static' });
  });

  it('fills the file source defaults', () => {
    expect(parsePlan(plan('{ source: file }'), 'p.yaml').flags).toEqual({
      source: 'file',
      path: 'flags.json',
      context: { kind: 'user', anonymous: { from: ['ip', 'user-agent'] } },
    });
  });

  it('fills the launchdarkly source defaults', () => {
    expect(parsePlan(plan('{ source: launchdarkly }'), 'p.yaml').flags).toMatchObject({
      source: 'launchdarkly',
      sdkKeyEnv: 'LAUNCHDARKLY_SDK_KEY',
      initTimeoutMs: 5000,
      events: true,
    });
  });

  it('derives the flag key from the route id unless the route names one', () => {
    const [route] = parsePlan(plan('{ source: file }'), 'p.yaml').routes;
    expect(flagKeyOf(route!)).toBe('strangler-route-products');
    const [custom] = parsePlan(plan('{ source: file }', ', flag: { key: products-v2 }'), 'p.yaml').routes;
    expect(flagKeyOf(custom!)).toBe('products-v2');
  });

  it.each([
    ['{ source: unleash }', 'flags.source: Invalid option: expected one of "static"|"file"|"launchdarkly"; got "unleash"'],
    ['{ source: file, sdkKeyEnv: X }', 'flags.sdkKeyEnv: unknown key "sdkKeyEnv"'],
    ['{ source: launchdarkly, sdkKeyEnv: "sdk-123-abc" }', 'flags.sdkKeyEnv: must be an environment variable name'],
    ['{ source: launchdarkly, initTimeoutMs: 0 }', 'flags.initTimeoutMs:'],
    ['{ source: launchdarkly, baseUri: "ftp://x" }', 'flags.baseUri: must be an absolute http:// or https:// URL'],
    ['{ source: file, context: { kind: multi } }', 'flags.context.kind: is reserved (kind, multi, request)'],
    [
      '{ source: file, context: { key: { from: query, name: u } } }',
      'flags.context.key.from: Invalid option: expected one of "header"|"cookie"|"claim"; got "query"',
    ],
    ['{ source: file, context: { key: { from: header, name: "x user" } } }', 'flags.context.key.name: must be an HTTP header name'],
    ['{ source: file, context: { anonymous: { from: [] } } }', 'flags.context.anonymous.from:'],
  ])('%s is reported at its field', (flags, message) => {
    expect(problems(plan(flags)).join('\n')).toContain(message);
  });

  it('a route flag key must be a LaunchDarkly key', () => {
    expect(problems(plan('{ source: file }', ', flag: { key: "a b" }')).join('\n')).toContain('routes[0].flag.key: must be a LaunchDarkly flag key');
  });
});
