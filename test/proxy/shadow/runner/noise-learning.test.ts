import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ShadowRunner } from '../../../../proxy/shadow/runner/index.js';
import type { ShadowStore } from '../../../../proxy/shadow/store/index.js';
import { classifyFields, proposeIgnoreRules } from '../../../../proxy/shadow/noise/index.js';
import { DEFAULT_NOISE } from '../../../../proxy/schemas/shadow.js';
import { drained, job, json, memoryStore, shadowRoute } from './helpers.js';

describe('noise learning (Diffy)', () => {
  let store: ShadowStore;
  let runner: ShadowRunner;
  afterEach(async () => {
    await runner.close();
    store.close();
  });

  it('marks a random field as noise and still reports a real difference', async () => {
    // prepare: the monolith puts a random nonce in every answer; the Lambda gets the price wrong on 1 request in 3
    store = memoryStore();
    runner = new ShadowRunner({ store, maxConcurrent: 8, noiseRefreshMs: 0 });
    const route = shadowRoute({ noise: 'learn' });
    const monolith = () => json({ id: 7, nonce: randomUUID(), price: 10 });

    // act: 60 noise-sampled requests, one at a time
    for (let i = 0; i < 60; i++) {
      const base = job(route, async () => json({ id: 7, nonce: randomUUID(), price: i % 3 === 0 ? 11 : 10 }), { served: monolith() });
      runner.submit({ ...base, decision: { ...base.decision, noise: true }, callMonolithAgain: async () => monolith() });
      await drained(runner);
    }

    // assert: the store has Diffy's counts
    const [s] = store.stats('products');
    expect(s!.noiseSamples).toBe(60);
    const fields = Object.fromEntries(s!.fields.map((f) => [f.field, f]));
    expect(fields['$.nonce']).toMatchObject({ diffs: 60, raw: 60, noise: 60 });
    expect(fields['$.price']).toMatchObject({ diffs: 20, raw: 20, noise: 0 });
    const verdicts = Object.fromEntries(classifyFields(s!.noiseSamples, s!.fields, DEFAULT_NOISE).map((f) => [f.field, f.verdict]));
    expect(verdicts).toEqual({ '$.nonce': 'noise', '$.price': 'difference' });
    // Once 20 noise samples were in, answers differing only in the nonce count as matched (noisy).
    // The first 20 all mismatch (nothing learned yet); after that only the 13 wrong prices (i = 21, 24, … 57) do.
    expect(s!.mismatched).toBe(20 + 13);
    expect(s!.noisy).toBe(s!.matched);
    expect(s!.matched).toBe(60 - 33);
    expect(s!.samples.slice(0, 13).every((x) => x.diffs.some((d) => d.path === '$.price' && d.monolith === 10 && d.lambda === 11))).toBe(true);
    // The proposal is a rule to copy into the plan.
    const proposal = proposeIgnoreRules('products', classifyFields(s!.noiseSamples, s!.fields, DEFAULT_NOISE));
    expect(proposal.ignore).toEqual(['$.nonce']);
    expect(proposal.yaml).toContain('shadow:\n  compare:\n    ignore:\n      - $.nonce\n');
  });

  it.each([
    // [samples, raw, noise, verdict]
    [1000, 500, 480, 'noise'], // |20| / 980 = 2 % relative: noise
    [1000, 500, 100, 'difference'], // 67 % relative, 40 % absolute
    [1000, 30, 0, 'difference'], // never differs between monoliths
    [100000, 20, 10, 'noise'], // 33 % relative but 0.01 % absolute < 0.03 %
    [1000, 100, 120, 'noise'], // the Lambda differs less than the monolith from itself
    [10, 10, 10, 'difference'], // under minSamples: nothing is noise yet
  ])('classify: %i samples, raw %i, noise %i → %s', (samples, raw, noise, verdict) => {
    expect(classifyFields(samples, [{ field: '$.x', raw, noise }], DEFAULT_NOISE)[0]!.verdict).toBe(verdict);
  });
});
