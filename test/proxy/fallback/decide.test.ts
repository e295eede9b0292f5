import { describe, expect, it } from 'vitest';
import { fallsBack, mayFallBack, type FailureKind } from '../../../proxy/fallback/index.js';
import { planRequest, type Stage } from '../../../proxy/stages/plan.js';
import { testPlan } from '../../helpers/index.js';

// The fallback rule, table-tested: replay only what the stage and the method allow, except a throttle (the
// function never ran), which falls back whatever the method wherever the stage falls back at all.
const [route] = testPlan({
  monolith: { url: 'http://127.0.0.1:1' },
  routes: [{ id: 'r', match: { path: '/r' }, function: { name: 'fn' }, stage: 'live' }],
}).routes;

describe('fallsBack', () => {
  it.each([
    ['live', 'GET', 'functionError', true],
    ['live', 'POST', 'functionError', false],
    ['live', 'POST', 'status', false],
    ['live', 'POST', 'throttled', true],
    ['rampdown', 'DELETE', 'throttled', true],
    ['complete', 'GET', 'throttled', false],
    ['complete', 'POST', 'throttled', false],
  ] as const)('%s %s after %s → %s', (stage, method, kind, expected) => {
    const plan = planRequest(stage as Stage, method);
    expect(fallsBack({ kind: kind as FailureKind }, plan, mayFallBack(plan, route!, method, {}))).toBe(expected);
  });
});
