import { z } from 'zod';

/** The faults the soak injects. `throttle` is a Lambda service answer (429), the others are the function's doing. */
export const FAULTS = ['throw', 'timeout', 'crash', 'throttle', 'malformed', 'status', 'slow'] as const;
export type Fault = (typeof FAULTS)[number] | 'none';

export const DEFAULT_DURATION_S = 60;
export const DEFAULT_FAULT_RATE = 0.2;
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_SEED = 1;
/**
 * RSS may peak this much above its size at the end of the warm-up: generous, because a collected heap saw-tooths
 * (the proxy's swings by ~60 MiB at 50 requests/s on the development VM).
 */
export const DEFAULT_RSS_GROWTH_MB = 128;
/** The floor the RSS comes back to (lowest sample per fifth of the run) may rise this much from first to last fifth. */
export const DEFAULT_RSS_FLOOR_GROWTH_MB = 32;

/**
 * The soak's options: the single source of truth for their names, types and defaults. Each is also an environment
 * variable (`SOAK_` + the name in capitals with `_`, e.g. `SOAK_FAULT_RATE`) and a command-line flag (`--fault-rate`).
 */
export const SoakOptionsSchema = z.strictObject({
  /** Seconds of traffic (a bounded run), at least 2 (the flags file stays damaged for 15% of it). Default 60. */
  duration: z.coerce.number().min(2).max(86_400).default(DEFAULT_DURATION_S),
  /** Fraction of requests that get a fault, spread evenly over FAULTS. Default 0.2. */
  faultRate: z.coerce.number().min(0).max(1).default(DEFAULT_FAULT_RATE),
  /** Requests in flight at once (fixed). Default 8. */
  concurrency: z.coerce.number().int().min(1).max(256).default(DEFAULT_CONCURRENCY),
  /** Seed of the request mix and fault choice: the same seed gives the same n-th request. Default 1. */
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(DEFAULT_SEED),
  /** Cap on requests per second over all callers; 0: as fast as the callers go. Default 0. */
  maxRps: z.coerce.number().min(0).default(0),
  /** Seconds at the start whose memory is the baseline of the RSS check. Default: a third of the run, at most 20 (the proxy's RSS floor rose for the first ~40 s of a run on the development VM, then levelled). */
  warmup: z.coerce.number().min(0).optional(),
  /** Allowed RSS growth (MiB) from the end of the warm-up to the peak, per process. Default 128. */
  rssGrowthMb: z.coerce.number().positive().default(DEFAULT_RSS_GROWTH_MB),
  /** Allowed rise (MiB) of the RSS floor from the first to the last fifth after the warm-up, per process. Default 32. */
  rssFloorGrowthMb: z.coerce.number().positive().default(DEFAULT_RSS_FLOOR_GROWTH_MB),
});
export type SoakOptionsInput = z.input<typeof SoakOptionsSchema>;
export type SoakOptions = z.output<typeof SoakOptionsSchema>;

/** A bad soak option (value or name). Exit code 2, as a usage mistake of the CLI. */
export class SoakOptionError extends Error {
  readonly code = 'STRANGLER_SOAK_INVALID_OPTION';
  constructor(message: string) {
    super(message);
    this.name = 'SoakOptionError';
  }
}

const FLAG_NAMES = Object.keys(SoakOptionsSchema.shape) as Array<keyof SoakOptions>;
const toFlag = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const toEnv = (name: string): string => `SOAK_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/**
 * Options from the environment, overridden by `--name value` / `--name=value` flags; every problem names the flag
 * or variable it came from.
 * @example
 *   parseSoakOptions(['--duration', '10'], { SOAK_FAULT_RATE: '0.3' }) // { duration: 10, faultRate: 0.3, ... }
 */
export function parseSoakOptions(argv: readonly string[], env: NodeJS.ProcessEnv): SoakOptions {
  const raw: Record<string, string> = {};
  const source: Record<string, string> = {};
  for (const name of FLAG_NAMES) {
    const value = env[toEnv(name)];
    if (value !== undefined && value !== '') {
      raw[name] = value;
      source[name] = toEnv(name);
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const name = m === null ? undefined : FLAG_NAMES.find((n) => toFlag(n) === m[1]);
    if (m === null || name === undefined) {
      throw new SoakOptionError(`unknown argument ${JSON.stringify(arg)}; options: ${FLAG_NAMES.map((n) => `--${toFlag(n)}`).join(', ')}`);
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new SoakOptionError(`--${toFlag(name)} needs a value`);
    raw[name] = value;
    source[name] = `--${toFlag(name)}`;
  }
  const parsed = SoakOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      return `${source[name] ?? name} ${JSON.stringify(raw[name])}: ${issue.message}`;
    });
    throw new SoakOptionError(`invalid soak option: ${problems.join('; ')}`);
  }
  return parsed.data;
}
