import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLambdaService, type LambdaService } from '../../../lambda-runtime/index.js';
import { tempDir } from '../../proxy/shadow/store/helpers.js';
import { run, seed, writePlan } from './shadow-cli-helpers.js';

// `strangler promote --prewarm N` (issue 14): the route's function is invoked N times with the warm-up event through
// the plan's `lambda:` client configuration before the flag changes; a failed warm-up stops the promotion.
let lambda: LambdaService;
beforeAll(async () => {
  lambda = await startLambdaService({
    baseDir: 'test/fixtures/functions',
    functions: [
      { name: 'products', handler: 'warmup.handler' },
      { name: 'cart', handler: 'init-throw.handler' },
    ],
  });
});
afterAll(async () => {
  await lambda?.close();
});

describe('strangler promote --prewarm', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((f) => f()));
  const setup = () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const plan = writePlan(t.dir);
    writeFileSync(plan, `flags:\n  source: file\nlambda:\n  endpoint: ${lambda.endpoint}\n${readFileSync(plan, 'utf8')}`);
    return { dir: t.dir, plan };
  };
  const audit = (dir: string) =>
    readFileSync(join(dir, '.strangler', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

  it('warms the function, reports the cold starts absorbed, then promotes and audit-logs it', async () => {
    const { dir, plan } = setup();
    seed(dir, 'products', 20, 0);

    const r = await run(['promote', 'products', '--to', 'live', '--prewarm', '2', '--plan', plan]);

    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/products: prewarmed products: 2\/2 invocations answered, 2 cold start\(s\) absorbed, Init Duration up to \d+(\.\d+)? ms\n/);
    expect(r.out).toContain('products: gates for live pass');
    const flags = JSON.parse(readFileSync(join(dir, 'flags.json'), 'utf8'));
    const flag = flags.flags['strangler-route-products'];
    expect(flag.variations[flag.fallthrough.variation]).toBe('live');
    expect(audit(dir)).toEqual([expect.objectContaining({ event: 'promote', to: 'live', prewarm: { requested: 2, invoked: 2, coldStarts: 2, failed: 0 } })]);
  });

  it('a failed warm-up stops the promotion (exit 1, nothing written) unless --force', async () => {
    const { dir, plan } = setup();

    // `cart` fails at init: moving back is not gated, so only the prewarm can refuse
    const refused = await run(['promote', 'cart', '--to', 'off', '--prewarm', '2', '--plan', plan]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('strangler promote: STRANGLER_PROMOTE_PREWARM_FAILED: 2 of 2 warm-up invocations of cart failed:');
    expect(refused.err).toContain('  - prewarm: 2 × STRANGLER_LAMBDA_FUNCTION_ERROR:');
    expect(existsSync(join(dir, 'flags.json'))).toBe(false);
    expect(existsSync(join(dir, '.strangler', 'audit.jsonl'))).toBe(false);

    const forced = await run(['promote', 'cart', '--to', 'off', '--prewarm', '2', '--force', '--plan', plan]);
    expect(forced.code).toBe(0);
    expect(forced.err).toContain('FORCED: cart enters off although its prewarm failed:');
    expect(audit(dir)).toEqual([
      expect.objectContaining({ event: 'promote-forced', route: 'cart', prewarm: { requested: 2, invoked: 0, coldStarts: 0, failed: 2 } }),
    ]);
    expect(existsSync(join(dir, 'flags.json'))).toBe(true);
  });

  it.each(['0', '1001', 'ten', '1.5'])('--prewarm %s is a usage error (exit 2)', async (n) => {
    const { plan } = setup();
    const r = await run(['promote', 'products', '--to', 'live', '--prewarm', n, '--plan', plan]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--prewarm must be a whole number from 1 to 1000');
  });
});
