import { z } from 'zod';
import { HttpUrlSchema, MillisSchema } from './common.js';

/**
 * The plan's `flags` section: where each route's stage comes from.
 *
 * - `static` (default when the section is absent): each route's `stage` field, nothing else.
 * - `file`: a local flags file in LaunchDarkly's flag format, evaluated by the LaunchDarkly SDK and reloaded on change.
 * - `launchdarkly`: LaunchDarkly itself (or a Relay Proxy), with the SDK key read from an environment variable.
 *
 * With `file` and `launchdarkly`, the route's `stage` is the default used while flags are unavailable, when the
 * route's flag is missing, or when it returns something that is not a stage.
 */

/** The default per-route flag key: `strangler-route-<route id>`. */
export const FLAG_KEY_PREFIX = 'strangler-route-';
export const DEFAULT_FLAGS_FILE = 'flags.json';
export const DEFAULT_SDK_KEY_ENV = 'LAUNCHDARKLY_SDK_KEY';
export const DEFAULT_INIT_TIMEOUT_MS = 5_000;
export const DEFAULT_CONTEXT_KIND = 'user';
/** The context kind strangler adds for targeting on the request itself (route id, method, path). */
export const REQUEST_CONTEXT_KIND = 'request';

const EnvNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');

/** RFC 9110 §5.1 field-name (a token); stored lower-case because Node lower-cases incoming header names. */
const HeaderNameSchema = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name')
  .transform((name) => name.toLowerCase());

/** RFC 6265 §4.1.1 cookie-name (a token). */
const CookieNameSchema = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a cookie name');

/**
 * Where the end user's context key comes from. Requests without it get the anonymous key.
 * `claim` reads a JWT the monolith already issues (from `Authorization: Bearer`, or the `header`/`cookie` named)
 * without verifying it: the key only picks a side for bucketing, and both sides still authenticate the request.
 */
export const ContextKeySchema = z.discriminatedUnion('from', [
  z.strictObject({
    from: z.literal('header').describe('Read the key from a request header.'),
    /** Header name, e.g. `x-user-id`. */ name: HeaderNameSchema.describe('Header name, e.g. `x-user-id`.'),
  }),
  z.strictObject({
    from: z.literal('cookie').describe('Read the key from a cookie.'),
    /** Cookie name, e.g. `session_id`. */ name: CookieNameSchema.describe('Cookie name, e.g. `session_id`.'),
  }),
  z.strictObject({
    from: z.literal('claim').describe('Read the key from a claim of a JWT (not verified: it only picks a side).'),
    /** Claim name; a dotted path reaches nested claims (`user.id`). */
    claim: z.string().min(1).describe('Claim name; a dotted path reaches nested claims (`user.id`).'),
    /** Header carrying the JWT (an optional `Bearer ` prefix is stripped). Default `authorization`. */
    header: HeaderNameSchema.optional().describe('Header carrying the JWT (an optional `Bearer ` prefix is stripped). Default `authorization`.'),
    /** Cookie carrying the JWT instead of a header. */
    cookie: CookieNameSchema.optional().describe('Cookie carrying the JWT instead of a header.'),
  }),
]);
export type ContextKeyConfig = z.infer<typeof ContextKeySchema>;

/** One input of the anonymous key: the client address, its User-Agent, or any request header. */
export const AnonymousInputSchema = z.union([
  z.enum(['ip', 'user-agent']),
  z.strictObject({ /** Header name. */ header: HeaderNameSchema.describe('Header name.') }),
]);
export type AnonymousInput = z.infer<typeof AnonymousInputSchema>;

export const ContextSchema = z
  .strictObject({
    /**
     * LaunchDarkly context kind of the end user. Default `user`. Percentage rollouts bucket by this kind
     * (`strangler flags set --percent` writes it as the rollout's `contextKind`).
     */
    kind: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, ".", "_" or "-"')
      .refine((k) => !['kind', 'multi', REQUEST_CONTEXT_KIND].includes(k), 'is reserved (kind, multi, request)')
      .default(DEFAULT_CONTEXT_KIND)
      .describe(
        "LaunchDarkly context kind of the end user. Default `user`. Percentage rollouts bucket by this kind (`strangler flags set --percent` writes it as the rollout's `contextKind`).",
      ),
    /** Where the context key comes from. Default: none, every request uses the anonymous key. */
    key: ContextKeySchema.optional().describe('Where the context key comes from. Default: none, every request uses the anonymous key.'),
    anonymous: z
      .strictObject({
        /**
         * What the anonymous key hashes (SHA-256): the same client keeps the same key, hence the same side, across
         * requests, restarts and replicas. Default `[ip, user-agent]`.
         */
        from: z
          .array(AnonymousInputSchema)
          .min(1)
          .default(['ip', 'user-agent'])
          .describe(
            'What the anonymous key hashes (SHA-256): the same client keeps the same key, hence the same side, across requests, restarts and replicas. Default `[ip, user-agent]`.',
          ),
      })
      .prefault({})
      .describe('How requests without a context key get a stable anonymous one.'),
  })
  .prefault({})
  .describe(
    'The LaunchDarkly context each request is evaluated with: the end user (bucketed by `kind` and `key`) plus a `request` context (route id, method, path).',
  );
export type ContextConfig = z.infer<typeof ContextSchema>;

export const StaticFlagsSchema = z.strictObject({ source: z.literal('static').describe("Each route's `stage` field, nothing else (the default).") });

export const FileFlagsSchema = z.strictObject({
  source: z.literal('file').describe("A local flags file in LaunchDarkly's flag format, evaluated by the LaunchDarkly SDK and reloaded on change."),
  /**
   * The flags file, in LaunchDarkly's flag format (JSON, or YAML when it ends in `.yaml`/`.yml`), relative to the
   * plan's folder. Default `flags.json`. Reloaded on change; `strangler flags set` edits it.
   */
  path: z
    .string()
    .min(1)
    .default(DEFAULT_FLAGS_FILE)
    .describe(
      "The flags file, in LaunchDarkly's flag format (JSON, or YAML when it ends in `.yaml`/`.yml`), relative to the plan's folder. Default `flags.json`. Reloaded on change; `strangler flags set` edits it.",
    ),
  context: ContextSchema,
});

export const LaunchDarklyFlagsSchema = z.strictObject({
  source: z.literal('launchdarkly').describe('LaunchDarkly itself (or a Relay Proxy), with the SDK key read from an environment variable.'),
  /** Name of the environment variable holding the server-side SDK key (never the key itself). Default `LAUNCHDARKLY_SDK_KEY`. */
  sdkKeyEnv: EnvNameSchema.default(DEFAULT_SDK_KEY_ENV).describe(
    'Name of the environment variable holding the server-side SDK key (never the key itself). Default `LAUNCHDARKLY_SDK_KEY`.',
  ),
  /**
   * How long start-up waits for flags (`waitForInitialization({ timeout })`). After it, the proxy serves with each
   * route's default stage and readiness reports flags as not loaded until they arrive. Default 5000 ms.
   */
  initTimeoutMs: MillisSchema.default(DEFAULT_INIT_TIMEOUT_MS).describe(
    "How long start-up waits for flags (`waitForInitialization({ timeout })`). After it, the proxy serves with each route's default stage and readiness reports flags as not loaded until they arrive. Default 5000 ms.",
  ),
  /** Polling/base URL (Relay Proxy or tests). Default: LaunchDarkly's. */
  baseUri: HttpUrlSchema.optional().describe("Polling/base URL (Relay Proxy or tests). Default: LaunchDarkly's."),
  /** Streaming URL. Default: LaunchDarkly's. */
  streamUri: HttpUrlSchema.optional().describe("Streaming URL. Default: LaunchDarkly's."),
  /** Events URL. Default: LaunchDarkly's. */
  eventsUri: HttpUrlSchema.optional().describe("Events URL. Default: LaunchDarkly's."),
  /** Send evaluation and migration op events (LaunchDarkly's migration dashboard). Default true. */
  events: z.boolean().default(true).describe("Send evaluation and migration op events (LaunchDarkly's migration dashboard). Default true."),
  context: ContextSchema,
});

/** Where stages come from; see the section comment above. Default `{ source: static }`. */
export const FlagsSchema = z.discriminatedUnion('source', [StaticFlagsSchema, FileFlagsSchema, LaunchDarklyFlagsSchema]).prefault({ source: 'static' });
export type FlagsConfig = z.infer<typeof FlagsSchema>;
export type FileFlagsConfig = z.infer<typeof FileFlagsSchema>;
export type LaunchDarklyFlagsConfig = z.infer<typeof LaunchDarklyFlagsSchema>;

/** Per-route flag settings. */
export const RouteFlagSchema = z
  .strictObject({
    /** The flag key. Default: `strangler-route-<route id>`. */
    key: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'must be a LaunchDarkly flag key (letters, digits, ".", "_", "-")')
      .optional()
      .describe('The flag key. Default: `strangler-route-<route id>`.'),
  })
  .prefault({});

/** A route's flag key: its `flag.key`, else `strangler-route-<id>`. */
export function flagKeyOf(route: { id: string; flag?: { key?: string | undefined } }): string {
  return route.flag?.key ?? `${FLAG_KEY_PREFIX}${route.id}`;
}
