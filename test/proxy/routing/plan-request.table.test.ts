import { describe, expect, it } from 'vitest';
// Through the package's public face (proxy/routing has no index.ts): a move of stages.ts does not break this file.
import { planRequest, STAGES, type RequestPlan, type Stage } from '../../../proxy/index.js';

// planRequest, every stage × method class × dualWrites: LaunchDarkly's migration-flag rules
// (https://docs.launchdarkly.com/home/flag-types/migration-flags); "old" is the monolith, "new" the Lambda.
const READS = ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'get'] as const;
const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE', 'post'] as const;

const plan = (serve: RequestPlan['serve'], fallback: boolean, shadow: RequestPlan['shadow'], secondWrite: RequestPlan['secondWrite']): RequestPlan => ({
  serve,
  fallback,
  shadow,
  secondWrite,
});

/** [stage, method class, dualWrites, expected plan]: written out, not computed. */
const EXPECTED: Array<[Stage, 'read' | 'write', boolean, RequestPlan]> = [
  ['off', 'read', false, plan('monolith', false, null, null)],
  ['off', 'read', true, plan('monolith', false, null, null)],
  ['off', 'write', false, plan('monolith', false, null, null)],
  ['off', 'write', true, plan('monolith', false, null, null)],
  ['dualwrite', 'read', false, plan('monolith', false, null, null)],
  ['dualwrite', 'read', true, plan('monolith', false, null, null)],
  ['dualwrite', 'write', false, plan('monolith', false, null, null)],
  ['dualwrite', 'write', true, plan('monolith', false, null, 'lambda')],
  ['shadow', 'read', false, plan('monolith', false, 'lambda', null)],
  ['shadow', 'read', true, plan('monolith', false, 'lambda', null)],
  ['shadow', 'write', false, plan('monolith', false, null, null)],
  ['shadow', 'write', true, plan('monolith', false, null, 'lambda')],
  ['live', 'read', false, plan('lambda', true, 'monolith', null)],
  ['live', 'read', true, plan('lambda', true, 'monolith', null)],
  ['live', 'write', false, plan('lambda', true, null, null)],
  ['live', 'write', true, plan('lambda', true, null, 'monolith')],
  ['rampdown', 'read', false, plan('lambda', true, null, null)],
  ['rampdown', 'read', true, plan('lambda', true, null, null)],
  ['rampdown', 'write', false, plan('lambda', true, null, null)],
  ['rampdown', 'write', true, plan('lambda', true, null, 'monolith')],
  ['complete', 'read', false, plan('lambda', false, null, null)],
  ['complete', 'read', true, plan('lambda', false, null, null)],
  ['complete', 'write', false, plan('lambda', false, null, null)],
  ['complete', 'write', true, plan('lambda', false, null, null)],
];

const ROWS = EXPECTED.flatMap(([stage, kind, dualWrites, expected]) =>
  (kind === 'read' ? READS : WRITES).map((method) => [stage, method, dualWrites, expected] as const),
);

describe('planRequest (table)', () => {
  it('the table covers every stage, both method classes and both dualWrites settings', () => {
    expect(new Set(EXPECTED.map(([stage, kind, dual]) => `${stage}/${kind}/${dual}`)).size).toBe(STAGES.length * 2 * 2);
  });

  it.each(ROWS)('%s %s dualWrites=%s', (stage, method, dualWrites, expected) => {
    expect(planRequest(stage, method, dualWrites)).toEqual(expected);
  });

  it.each(ROWS)('%s %s dualWrites=%s: no side is called twice, and a read never writes twice', (stage, method, dualWrites) => {
    const p = planRequest(stage, method, dualWrites);
    expect(p.shadow).not.toBe(p.serve);
    expect(p.secondWrite).not.toBe(p.serve);
    expect(p.shadow !== null && p.secondWrite !== null).toBe(false);
  });

  it.each(STAGES)('%s: dualWrites defaults to off', (stage) => {
    expect(planRequest(stage, 'POST')).toEqual(planRequest(stage, 'POST', false));
  });
});
