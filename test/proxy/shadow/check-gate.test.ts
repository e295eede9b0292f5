import { describe, expect, it } from 'vitest';
import { checkGate, type GateInput } from '../../../proxy/shadow/index.js';

const input = (over: Partial<GateInput> = {}): GateInput => ({
  compared: 200,
  matchRate: 0.995,
  shadowErrorRate: 0.001,
  p99: { monolith: 100, lambda: 150 },
  ...over,
});

describe('checkGate', () => {
  it.each([
    [{ minSamples: 100 }, input(), []],
    [{ minSamples: 500 }, input(), ['200 comparisons; the gate needs at least 500 (minSamples)']],
    [{ minMatchRate: 0.999 }, input(), ['match rate 99.50%; the gate needs at least 99.90% (minMatchRate)']],
    [{ minMatchRate: 0.9 }, input({ compared: 0, matchRate: null }), ['no comparisons yet; the gate needs a match rate of at least 90.00% (minMatchRate)']],
    [{ maxShadowErrorRate: 0.0005 }, input(), ['shadow error rate 0.10%; the gate allows at most 0.05% (maxShadowErrorRate)']],
    [{ maxP99LatencyRatio: 1.2 }, input(), ['p99 latency ratio 1.50 (Lambda 150 ms / monolith 100 ms); the gate allows at most 1.2 (maxP99LatencyRatio)']],
    [{ maxP99LatencyRatio: 2 }, input(), []],
    [{ maxP99LatencyRatio: 2 }, input({ p99: { monolith: null, lambda: 3 } }), [expect.stringMatching(/^no latency data/)]],
    [{}, input({ compared: 0, matchRate: null, shadowErrorRate: null }), []],
  ])('%j', (gate, m, reasons) => {
    const r = checkGate('live', gate, m);
    expect(r.reasons).toEqual(reasons);
    expect(r.pass).toBe(reasons.length === 0);
  });
});
