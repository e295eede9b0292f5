import { describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENCY, DEFAULT_DURATION_S, DEFAULT_FAULT_RATE } from '../../../bench/soak/options.js';
import { parseSoakOptions, SoakOptionError } from '../../../bench/soak/index.js';

describe('soak options', () => {
  it('has the documented defaults', () => {
    expect(parseSoakOptions([], {})).toMatchObject({
      duration: DEFAULT_DURATION_S,
      faultRate: DEFAULT_FAULT_RATE,
      concurrency: DEFAULT_CONCURRENCY,
      seed: 1,
      maxRps: 0,
    });
  });

  it('reads SOAK_* variables, and flags override them', () => {
    const env = { SOAK_DURATION: '30', SOAK_FAULT_RATE: '0.3', SOAK_RSS_GROWTH_MB: '100' };
    expect(parseSoakOptions(['--duration', '5', '--concurrency=2'], env)).toMatchObject({ duration: 5, faultRate: 0.3, concurrency: 2, rssGrowthMb: 100 });
  });

  it.each([
    [['--fault-rate', '1.5'], {}, '--fault-rate "1.5"'],
    [['--duration', '1'], {}, '--duration "1"'],
    [[], { SOAK_CONCURRENCY: 'many' }, 'SOAK_CONCURRENCY "many"'],
    [['--durration', '5'], {}, 'unknown argument "--durration"'],
    [['--seed'], {}, '--seed needs a value'],
  ])('refuses %j %j with a coded error naming the option', (argv, env, named) => {
    let error: unknown;
    try {
      parseSoakOptions(argv, env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SoakOptionError);
    expect((error as SoakOptionError).code).toBe('STRANGLER_SOAK_INVALID_OPTION');
    expect((error as Error).message).toContain(named);
  });
});
