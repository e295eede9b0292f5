import { describe, expect, it } from 'vitest';
import { FallbackSchema } from '../../../proxy/fallback/index.js';

describe('fallback section', () => {
  it('fills the defaults', () => {
    expect(FallbackSchema.parse({})).toEqual({
      methods: ['GET', 'HEAD', 'OPTIONS'],
      idempotencyKey: false,
      serverErrors: 'fail',
      onStatus: [],
      breaker: { failureRatio: 0.5, minimumRequests: 20, windowMs: 30_000, halfOpenAfterMs: 10_000 },
    });
  });

  it.each([
    [{ breaker: { failureRatio: 0 } }, ['breaker', 'failureRatio']],
    [{ breaker: { failureRatio: 1.5 } }, ['breaker', 'failureRatio']],
    [{ onStatus: [404] }, ['onStatus', 0]],
    [{ serverErrors: 'ignore' }, ['serverErrors']],
    [{ methods: ['FETCH'] }, ['methods', 0]],
    [{ breaker: { windowMs: 0 } }, ['breaker', 'windowMs']],
  ])('rejects %j at its field', (input, path) => {
    const result = FallbackSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
  });
});
