import { z } from 'zod';
import { MillisSchema, RatioSchema } from './common.js';
import { parsePathPattern } from './field-paths.js';
import { SECRET_HEADERS } from './secret-headers.js';

/**
 * Shadow settings live in two places: the top-level `shadow:` section (global settings and `defaults` for every
 * route) and each route's `shadow:` (and `gates:`). A route field left out takes the global default, then the
 * built-in default below. Per field, a route setting either OVERRIDES the global one (scalars, `headers`,
 * `tolerance`) or MERGES with it (lists of rules: `ignore`, `ignoreHeaders`, `sortArrays`, `equalPatterns`,
 * `redact.*` are unions). Resolution is `resolveShadowConfig` / `resolveGates` in ./config.ts.
 */

export const DEFAULT_SAMPLE_RATE = 1;
export const DEFAULT_SHADOW_TIMEOUT_MS = 5_000;
export const DEFAULT_COMPARED_HEADERS = ['content-type'] as const;
export const DEFAULT_MAX_CONCURRENT = 64;
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
export const DEFAULT_STORE_PATH = '.strangler/shadow-{port}.sqlite';
export const DEFAULT_MAX_SAMPLES = 50;
export const DEFAULT_RETENTION_DAYS = 14;
export const DEFAULT_FLUSH_INTERVAL_MS = 1_000;
/** Diffy's defaults (`relativeThreshold` 20 %, `absoluteThreshold` 0.03 % of requests), as fractions. */
export const DEFAULT_NOISE = { mode: 'off', sampleRate: 0.1, relativeThreshold: 0.2, absoluteThreshold: 0.0003, minSamples: 20 } as const;
/** Headers always redacted from stored samples, whatever the plan says: the credential headers logs never show. */
export const ALWAYS_REDACTED_HEADERS = SECRET_HEADERS;
/** Query parameters redacted from stored request URLs by default (credentials that travel in URLs). */
export const DEFAULT_REDACTED_QUERY = [
  'access_token',
  'id_token',
  'token',
  'api_key',
  'apikey',
  'password',
  'secret',
  'signature',
  'x-amz-signature',
  'x-amz-security-token',
] as const;

/** A field path pattern such as `$.items[*].updatedAt` or `$..etag`, checked when the plan is loaded. */
export const FieldPathSchema = z.string().check((ctx) => {
  try {
    parsePathPattern(ctx.value);
  } catch (err) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: (err as Error).message });
  }
});

const HeaderNameSchema = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name (RFC 9110 §5.1)')
  .transform((s) => s.toLowerCase());

const RegexSchema = z.string().check((ctx) => {
  try {
    new RegExp(ctx.value);
  } catch (err) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: `invalid regular expression: ${(err as Error).message}` });
  }
});

/**
 * A union of a string shorthand and an object whose error says what went wrong inside the object (zod's default
 * for a failed union is a bare "Invalid input").
 */
function shorthandOr<S extends z.ZodType, O extends z.ZodType>(short: S, object: O, expected: string) {
  return z.union([short, object], {
    error: (iss) => {
      if (iss.code === 'invalid_union' && iss.input !== null && typeof iss.input === 'object') {
        const inner = iss.errors[1]?.[0];
        if (inner) return inner.path.length > 0 ? `${inner.path.join('.')}: ${inner.message}` : inner.message;
      }
      return `expected ${expected}`;
    },
  });
}

export const BUILTIN_PATTERNS = ['isoTimestamp', 'uuid'] as const;

/** Two strings that both match the pattern are equal (ids and clocks differ between two correct answers). */
export const EqualPatternSchema = shorthandOr(
  z.enum(BUILTIN_PATTERNS),
  z
    .strictObject({
      /** A built-in pattern: `isoTimestamp` (RFC 3339 date-time) or `uuid` (RFC 9562). */
      pattern: z.enum(BUILTIN_PATTERNS).optional().describe('A built-in pattern: `isoTimestamp` (RFC 3339 date-time) or `uuid` (RFC 9562).'),
      /** A JavaScript regular expression (anchor it with ^…$ to match whole values). */
      regex: RegexSchema.optional().describe('A JavaScript regular expression (anchor it with ^…$ to match whole values).'),
      /** Regex flags, e.g. `i`. */
      flags: z
        .string()
        .regex(/^[imsu]*$/, 'only the flags i, m, s, u are allowed')
        .optional()
        .describe('Regex flags, e.g. `i`.'),
      /** Apply only at these field paths (and below). Default: everywhere in the body. */
      paths: z.array(FieldPathSchema).optional().describe('Apply only at these field paths (and below). Default: everywhere in the body.'),
    })
    .refine((p) => (p.pattern === undefined) !== (p.regex === undefined), { message: 'set exactly one of pattern or regex' }),
  '"isoTimestamp", "uuid" or {pattern | regex, flags?, paths?}',
);

export const SortArraySchema = shorthandOr(
  FieldPathSchema,
  z.strictObject({
    path: FieldPathSchema.describe('Field path of the arrays to sort, e.g. `$.items`.'),
    /** Sort arrays of objects by this key; default: by each element's canonical JSON. */
    by: z.string().min(1).optional().describe("Sort arrays of objects by this key; default: by each element's canonical JSON."),
  }),
  'a field path or {path, by?}',
);

/** How two answers are compared. */
export const CompareSchema = z
  .strictObject({
    /** Response headers compared. Default `[content-type]`. A route's list OVERRIDES the global one. */
    headers: z.array(HeaderNameSchema).optional().describe("Response headers compared. Default `[content-type]`. A route's list OVERRIDES the global one."),
    /** Headers never compared (removed from `headers`). MERGED with the global list. */
    ignoreHeaders: z.array(HeaderNameSchema).default([]).describe('Headers never compared (removed from `headers`). MERGED with the global list.'),
    /** Body field paths (and everything below them) never compared, wildcards allowed. MERGED. */
    ignore: z.array(FieldPathSchema).default([]).describe('Body field paths (and everything below them) never compared, wildcards allowed. MERGED.'),
    /** Arrays at these paths are sorted on both sides before comparing (order is not significant). MERGED. */
    sortArrays: z
      .array(SortArraySchema)
      .default([])
      .describe('Arrays at these paths are sorted on both sides before comparing (order is not significant). MERGED.'),
    /**
     * Numbers are equal when they differ by at most `absolute`, or by at most `relative` × the larger magnitude.
     * Default 0 (exact). OVERRIDES the global tolerance as a whole.
     */
    tolerance: z
      .strictObject({
        absolute: z.number().nonnegative().default(0).describe('Largest absolute difference of two equal numbers. Default 0.'),
        relative: z.number().nonnegative().default(0).describe('Largest difference of two equal numbers, as a fraction of the larger magnitude. Default 0.'),
      })
      .optional()
      .describe(
        'Numbers are equal when they differ by at most `absolute`, or by at most `relative` × the larger magnitude. Default 0 (exact). OVERRIDES the global tolerance as a whole.',
      ),
    /** Value patterns treated as equal: `isoTimestamp`, `uuid`, or `{regex}`; optionally limited to `paths`. MERGED. */
    equalPatterns: z
      .array(EqualPatternSchema)
      .default([])
      .describe('Value patterns treated as equal: `isoTimestamp`, `uuid`, or `{regex}`; optionally limited to `paths`. MERGED.'),
  })
  .prefault({});

const NoiseObjectSchema = z.strictObject({
  /** `off` (default) or `learn`: send a sample of safe requests to the monolith twice to learn what is noise. */
  mode: z
    .enum(['off', 'learn'])
    .optional()
    .describe('`off` (default) or `learn`: send a sample of safe requests to the monolith twice to learn what is noise.'),
  /** Fraction of shadowed safe requests that also get the second monolith call. Default 0.1. */
  sampleRate: RatioSchema.optional().describe('Fraction of shadowed safe requests that also get the second monolith call. Default 0.1.'),
  /** Diffy's relative threshold, as a fraction: |diff − noise| / (diff + noise) must exceed it. Default 0.2. */
  relativeThreshold: RatioSchema.optional().describe("Diffy's relative threshold, as a fraction: |diff − noise| / (diff + noise) must exceed it. Default 0.2."),
  /** Diffy's absolute threshold, as a fraction of requests: |diff − noise| / requests must exceed it. Default 0.0003. */
  absoluteThreshold: RatioSchema.optional().describe(
    "Diffy's absolute threshold, as a fraction of requests: |diff − noise| / requests must exceed it. Default 0.0003.",
  ),
  /** Noise samples needed before any field is treated as noise. Default 20. */
  minSamples: z.int().positive().optional().describe('Noise samples needed before any field is treated as noise. Default 20.'),
});

/** `noise: learn` is short for `noise: {mode: learn}`. Each field OVERRIDES the global one. */
export const NoiseSchema = shorthandOr(
  z.enum(['off', 'learn']),
  NoiseObjectSchema,
  '"off", "learn" or {mode, sampleRate, relativeThreshold, absoluteThreshold, minSamples}',
).optional();

/** What is removed from stored samples. Authorization, Proxy-Authorization, Cookie and Set-Cookie always are. */
export const RedactSchema = z
  .strictObject({
    /** More headers to redact. MERGED with the global list and the built-in ones. */
    headers: z.array(HeaderNameSchema).default([]).describe('More headers to redact. MERGED with the global list and the built-in ones.'),
    /** Query parameters to redact (besides the built-in credential names). MERGED. */
    query: z.array(z.string().min(1)).default([]).describe('Query parameters to redact (besides the built-in credential names). MERGED.'),
    /** Body field paths whose values are replaced by "[REDACTED]", wildcards allowed. MERGED. */
    body: z.array(FieldPathSchema).default([]).describe('Body field paths whose values are replaced by "[REDACTED]", wildcards allowed. MERGED.'),
  })
  .prefault({});

const SharedShadowFields = {
  /** Fraction of eligible requests that are shadowed. Default 1. A route's value OVERRIDES the global default. */
  sampleRate: RatioSchema.optional().describe("Fraction of eligible requests that are shadowed. Default 1. A route's value OVERRIDES the global default."),
  /** Deadline of a shadow call. Default 5000 ms. OVERRIDES. */
  timeoutMs: MillisSchema.optional().describe('Deadline of a shadow call. Default 5000 ms. OVERRIDES.'),
  compare: CompareSchema.describe('How the two answers are compared (each field says whether a route setting OVERRIDES or MERGES).'),
  noise: NoiseSchema.describe(
    'Noise learning: `off` (default), `learn`, or `{mode, sampleRate, relativeThreshold, absoluteThreshold, minSamples}`; each field OVERRIDES the global one.',
  ),
  redact: RedactSchema.describe('What is removed from stored samples (Authorization, Proxy-Authorization, Cookie and Set-Cookie always are). MERGED.'),
};

/** Per-route shadow settings. Every field is optional: what is left out comes from the global `shadow.defaults`. */
export const RouteShadowSchema = z
  .strictObject({
    ...SharedShadowFields,
    /**
     * Unsafe methods (POST, PUT, …): `skip` (default) never shadows them; `dry-run` declares that the function
     * honours the dry-run contract and shadows them marked `x-strangler-shadow: 1`. Route only (no global default):
     * the contract is a promise about one function.
     */
    unsafe: z
      .enum(['skip', 'dry-run'])
      .default('skip')
      .describe(
        'Unsafe methods (POST, PUT, …): `skip` (default) never shadows them; `dry-run` declares that the function honours the dry-run contract and shadows them marked `x-strangler-shadow: 1`. Route only (no global default): the contract is a promise about one function.',
      ),
  })
  .prefault({});

/** Thresholds that must hold before a route may enter a stage. Unset fields are not checked. */
export const StageGateSchema = z.strictObject({
  /** Comparisons needed (matched + mismatched). */
  minSamples: z.int().nonnegative().optional().describe('Comparisons needed (matched + mismatched).'),
  /** matched / compared. */
  minMatchRate: RatioSchema.optional().describe('matched / compared.'),
  /** Shadow calls that failed or timed out / shadow calls made. */
  maxShadowErrorRate: RatioSchema.optional().describe('Shadow calls that failed or timed out / shadow calls made.'),
  /** p99 latency of the Lambda side / p99 of the monolith side. */
  maxP99LatencyRatio: z.number().positive().optional().describe('p99 latency of the Lambda side / p99 of the monolith side.'),
});

/** Automatic rollback: in `live`/`rampdown`, pin the route back to `shadow` when it misbehaves. */
export const RollbackSchema = z.strictObject({
  /** Default true. */
  enabled: z.boolean().optional().describe('Default true.'),
  /** Sliding window the rates are measured over. Default 60000 ms. */
  windowMs: MillisSchema.optional().describe('Sliding window the rates are measured over. Default 60000 ms.'),
  /** Requests needed in the window before the rates count. Default 20. */
  minRequests: z.int().positive().optional().describe('Requests needed in the window before the rates count. Default 20.'),
  /** Client-visible failures / requests above which the route is rolled back. Default 0.05. */
  maxFailureRate: RatioSchema.optional().describe('Client-visible failures / requests above which the route is rolled back. Default 0.05.'),
  /** Fallbacks to the monolith / requests above which the route is rolled back. Default 0.1. */
  maxFallbackRate: RatioSchema.optional().describe('Fallbacks to the monolith / requests above which the route is rolled back. Default 0.1.'),
});

/**
 * Promotion gates, keyed by the stage they guard (entering `live`, `rampdown`, `complete`), plus automatic rollback.
 * Moving a route back to an earlier stage is never gated. Each field OVERRIDES the global `shadow.gates` field,
 * which overrides the built-in defaults (`DEFAULT_GATES` in ./config.ts).
 */
export const GatesSchema = z
  .strictObject({
    live: StageGateSchema.optional().describe('Thresholds for entering `live`.'),
    rampdown: StageGateSchema.optional().describe('Thresholds for entering `rampdown`.'),
    complete: StageGateSchema.optional().describe('Thresholds for entering `complete`.'),
    rollback: RollbackSchema.optional().describe('Automatic rollback: in `live`/`rampdown`, pin the route back to `shadow` when it misbehaves.'),
  })
  .prefault({});

export const ShadowStoreSchema = z
  .strictObject({
    /**
     * `sqlite` (default): a file per proxy, `path`. `postgres`: one database shared by every replica (`url`), so the
     * report, the promotion gates and the dashboard see the whole fleet, and pins apply fleet-wide.
     */
    kind: z
      .enum(['sqlite', 'postgres'])
      .default('sqlite')
      .describe(
        '`sqlite` (default): a file per proxy, `path`. `postgres`: one database shared by every replica (`url`), so the report, the promotion gates and the dashboard see the whole fleet, and pins apply fleet-wide.',
      ),
    /**
     * With `kind: postgres`: `postgres://user:password@host:port/database`, usually `${STRANGLER_DATABASE_URL}`.
     * The proxy creates and migrates its tables (schema `strangler`) at start.
     */
    url: z
      .string()
      .min(1)
      .optional()
      .describe(
        'With `kind: postgres`: `postgres://user:password@host:port/database`, usually `${STRANGLER_DATABASE_URL}`. The proxy creates and migrates its tables (schema `strangler`) at start.',
      ),
    /**
     * SQLite file of results, relative to the plan's folder; `{port}` is the proxy's listen port (replicas on one
     * host keep separate files); `:memory:` keeps nothing across restarts. Default `.strangler/shadow-{port}.sqlite`.
     */
    path: z
      .string()
      .min(1)
      .default(DEFAULT_STORE_PATH)
      .describe(
        "SQLite file of results, relative to the plan's folder; `{port}` is the proxy's listen port (replicas on one host keep separate files); `:memory:` keeps nothing across restarts. Default `.strangler/shadow-{port}.sqlite`.",
      ),
    /** Mismatch samples kept per route (the most recent). Default 50. */
    maxSamples: z.int().nonnegative().default(DEFAULT_MAX_SAMPLES).describe('Mismatch samples kept per route (the most recent). Default 50.'),
    /** Days of counts and samples kept; older ones are pruned. Default 14. */
    retentionDays: z.int().positive().default(DEFAULT_RETENTION_DAYS).describe('Days of counts and samples kept; older ones are pruned. Default 14.'),
    /** Results are written in one transaction per interval, off the request path. Default 1000 ms. */
    flushIntervalMs: MillisSchema.default(DEFAULT_FLUSH_INTERVAL_MS).describe(
      'Results are written in one transaction per interval, off the request path. Default 1000 ms.',
    ),
  })
  .superRefine((store, ctx) => {
    if (store.kind === 'postgres' && store.url === undefined) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'kind: postgres needs url (e.g. url: ${STRANGLER_DATABASE_URL})' });
    } else if (store.kind === 'postgres' && !/^postgres(ql)?:\/\//.test(store.url!)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'url must be a postgres:// or postgresql:// URL' });
    } else if (store.kind === 'sqlite' && store.url !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'url is for kind: postgres (add kind: postgres, or remove url to keep the SQLite file)' });
    }
  })
  .prefault({});

/** The top-level `shadow:` section. */
export const ShadowSettingsSchema = z
  .strictObject({
    /** Shadow calls in flight at once, all routes together; over it a shadow is skipped (counted), never queued. Default 64. */
    maxConcurrent: z
      .int()
      .positive()
      .default(DEFAULT_MAX_CONCURRENT)
      .describe('Shadow calls in flight at once, all routes together; over it a shadow is skipped (counted), never queued. Default 64.'),
    /** Larger request or response bodies are not shadowed (skipped, counted). Default 1 MiB. */
    maxBodyBytes: z
      .int()
      .positive()
      .default(DEFAULT_MAX_BODY_BYTES)
      .describe('Larger request or response bodies are not shadowed (skipped, counted). Default 1 MiB.'),
    store: ShadowStoreSchema.describe('Where comparison results are kept: a SQLite file per proxy (default) or one PostgreSQL database for the fleet.'),
    /** Defaults for every route's `shadow:` (same fields except `unsafe`). */
    defaults: z.strictObject(SharedShadowFields).prefault({}).describe("Defaults for every route's `shadow:` (same fields except `unsafe`)."),
    /** Defaults for every route's `gates:`. */
    gates: GatesSchema.describe("Defaults for every route's `gates:`."),
  })
  .prefault({});

export type RouteShadowConfig = z.infer<typeof RouteShadowSchema>;
export type ShadowSettings = z.infer<typeof ShadowSettingsSchema>;
export type GatesConfig = z.infer<typeof GatesSchema>;
export type StageGate = z.infer<typeof StageGateSchema>;
export type CompareConfig = z.infer<typeof CompareSchema>;
export type EqualPattern = z.infer<typeof EqualPatternSchema>;
export type SortArrayRule = z.infer<typeof SortArraySchema>;
