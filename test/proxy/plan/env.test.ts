import { describe, expect, it } from 'vitest';
import { parsePlan, PlanError, type PlanProblem } from '../../../proxy/plan/index.js';
import { maskSecrets, MASK } from '../../../proxy/plan/env.js';

const plan = (body: string, env: NodeJS.ProcessEnv) => parsePlan(body, 'plan.yaml', { env });
function problems(body: string, env: NodeJS.ProcessEnv): PlanProblem[] {
  try {
    plan(body, env);
  } catch (err) {
    expect(err).toBeInstanceOf(PlanError);
    return (err as PlanError).problems;
  }
  throw new Error('plan loaded without problems');
}

describe('${NAME} in plan values', () => {
  it.each([
    ['${URL}', { URL: 'http://10.0.0.5:3000' }, 'http://10.0.0.5:3000'],
    ['http://${H}:${P}', { H: 'mono', P: '3000' }, 'http://mono:3000'],
    ['${URL:-http://127.0.0.1:3000}', {}, 'http://127.0.0.1:3000'],
    // `:-` takes the default for an empty value as well; `-` only for an unset one.
    ['${URL:-http://127.0.0.1:3000}', { URL: '' }, 'http://127.0.0.1:3000'],
    ['http://h:3000/${BASE-x}', { BASE: '' }, 'http://h:3000/'],
    ['http://h:3000/${BASE-x}', {}, 'http://h:3000/x'],
    // `$${` is a literal `${`.
    ['http://h:3000/$${KEEP}', { KEEP: 'no' }, 'http://h:3000/${KEEP}'],
  ])('%s with %j is %s', (value, env, expected) => {
    expect(plan(`monolith:\n  url: ${value}\n`, env).monolith.url).toBe(expected);
  });

  it('a plain scalar that is one reference takes its YAML type; a quoted one stays a string', () => {
    const p = plan('monolith:\n  url: http://h:1\nlisten:\n  port: ${PORT}\nroutes:\n  - id: "${ID}"\n    match: { path: /a }\n    function: { name: f }\n', {
      PORT: '8081',
      ID: '123',
    });
    expect(p.listen.port).toBe(8081);
    expect(p.routes[0]!.id).toBe('123');
  });

  it('keys are not substituted', () => {
    const list = problems('monolith:\n  url: http://h:1\n${X}: 1\n', { X: 'listen' });
    expect(list.map((p) => p.message)).toEqual([expect.stringContaining('unknown key "${X}"')]);
  });

  it('every unset variable is its own located problem, listed with the schema problems', () => {
    const list = problems('monolith:\n  url: ${A}\n  timeoutMs: soon\nlambda:\n  region: x-${B}-${C:-c}\n', {});
    expect(list.map((p) => `${p.line}:${p.col} ${p.path}`)).toEqual(['2:8 monolith.url', '3:14 monolith.timeoutMs', '5:13 lambda.region']);
    expect(list[0]!.message).toMatch(/^environment variable A is not set/);
    expect(list[2]!.message).toMatch(/^environment variable B is not set/);
  });

  it('is read again on every load, so a reload sees the environment of that moment', () => {
    const text = 'monolith:\n  url: ${URL}\n';
    expect(plan(text, { URL: 'http://a:1' }).monolith.url).toBe('http://a:1');
    expect(plan(text, { URL: 'http://b:2' }).monolith.url).toBe('http://b:2');
  });
});

describe('maskSecrets', () => {
  it('replaces each secret inside any string, deeply, and leaves the input untouched', () => {
    const value = { a: 'postgres://u:hunter2@db/x', b: ['hunter2', 'plain'], c: 3 };
    expect(maskSecrets(value, ['hunter2'])).toEqual({ a: `postgres://u:${MASK}@db/x`, b: [MASK, 'plain'], c: 3 });
    expect(value.a).toBe('postgres://u:hunter2@db/x');
  });
});
