import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { mayFallBack } from '../../../proxy/fallback/index.js';
import { planRequest, STAGES, type Stage } from '../../../proxy/index.js';
import { testPlan } from '../../helpers/index.js';

// mayFallBack: the stage must allow a fallback (live, rampdown) and replaying must not run an effect twice: the
// method is in the route's fallback.methods (default GET, HEAD, OPTIONS), or the route set idempotencyKey and the
// request carries a non-blank Idempotency-Key (draft-ietf-httpapi-idempotency-key-header).
const routes = testPlan({
  monolith: { url: 'http://127.0.0.1:1' },
  routes: [
    { id: 'default', match: { path: '/d' }, function: { name: 'fn' }, stage: 'live' },
    { id: 'methods', match: { path: '/m' }, function: { name: 'fn' }, stage: 'live', fallback: { methods: ['GET', 'PUT'] } },
    { id: 'idem', match: { path: '/i' }, function: { name: 'fn' }, stage: 'live', fallback: { idempotencyKey: true } },
  ],
}).routes;
const route = (id: string) => routes.find((r) => r.id === id)!;

const KEY: IncomingHttpHeaders = { 'idempotency-key': 'order-42' };
const BLANK_KEY: IncomingHttpHeaders = { 'idempotency-key': '   ' };
const NO_KEY: IncomingHttpHeaders = {};

/** [route, method, headers, may fall back in live/rampdown]: in every other stage the answer is false. */
const ROWS: Array<[string, string, IncomingHttpHeaders, boolean]> = [
  ['default', 'GET', NO_KEY, true],
  ['default', 'HEAD', NO_KEY, true],
  ['default', 'OPTIONS', NO_KEY, true],
  ['default', 'TRACE', NO_KEY, false],
  ['default', 'POST', NO_KEY, false],
  ['default', 'PUT', NO_KEY, false],
  ['default', 'DELETE', NO_KEY, false],
  ['default', 'POST', KEY, false],
  ['methods', 'GET', NO_KEY, true],
  ['methods', 'PUT', NO_KEY, true],
  ['methods', 'HEAD', NO_KEY, false],
  ['methods', 'POST', NO_KEY, false],
  ['methods', 'POST', KEY, false],
  ['idem', 'GET', NO_KEY, true],
  ['idem', 'POST', KEY, true],
  ['idem', 'PATCH', KEY, true],
  ['idem', 'DELETE', KEY, true],
  ['idem', 'POST', NO_KEY, false],
  ['idem', 'POST', BLANK_KEY, false],
  ['idem', 'POST', { 'idempotency-key': '' }, false],
];

const FALLS_BACK: ReadonlySet<Stage> = new Set(['live', 'rampdown']);

describe('mayFallBack (table)', () => {
  it.each(STAGES.flatMap((stage) => ROWS.map(([id, method, headers, expected]) => [stage, id, method, headers, FALLS_BACK.has(stage) && expected] as const)))(
    '%s, route %s, %s %o → %s',
    (stage, id, method, headers, expected) => {
      expect(mayFallBack(planRequest(stage, method), route(id), method, headers)).toBe(expected);
    },
  );

  it('the stages that fall back at all are exactly those whose plan says so', () => {
    expect(STAGES.filter((s) => planRequest(s, 'GET').fallback)).toEqual([...FALLS_BACK]);
  });
});
