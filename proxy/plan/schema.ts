import { z } from 'zod';
import FindMyWay from 'find-my-way';
import { FunctionsSectionSchema } from '../schemas/functions.js';
import { FallbackSchema } from '../schemas/fallback.js';
import { FlagsSchema, RouteFlagSchema } from '../schemas/flags.js';
import { GatesSchema, RouteShadowSchema, ShadowSettingsSchema } from '../schemas/shadow.js';
import { STAGES } from '../schemas/stages.js';
import { TracingSchema } from '../schemas/tracing.js';
import { InventorySchema } from '../schemas/inventory.js';
import { DEFAULT_CASE_SENSITIVE, DEFAULT_TRAILING_SLASH, HTTP_METHODS, HttpUrlSchema, MethodSchema, MillisSchema, PortSchema } from '../schemas/common.js';
import { defaultCaseSensitive, routeClashes } from './clashes.js';

/**
 * The migration plan: the single source of truth for its types (`Plan` is `z.infer` of this schema) and for
 * migration-plans/plan.schema.json. Every object is strict: a misspelt key is an error, not silently ignored.
 * Defaults are the named constants below.
 */

export const DEFAULT_LISTEN = { host: '127.0.0.1', port: 8080 } as const;
export const DEFAULT_ADMIN = { host: '127.0.0.1', port: 9901 } as const;
export const DEFAULT_MONOLITH_TIMEOUT_MS = 30_000;
export const DEFAULT_LAMBDA_TIMEOUT_MS = 10_000;
export const DEFAULT_GRACE_MS = 10_000;

export const MonolithSchema = z.strictObject({
  /** Base URL of the monolith, e.g. `http://127.0.0.1:3000`. Required. */
  url: HttpUrlSchema.describe('Base URL of the monolith, e.g. `http://127.0.0.1:3000`. Required.'),
  /** How long the monolith may take to start answering. Default 30000 ms. */
  timeoutMs: MillisSchema.default(DEFAULT_MONOLITH_TIMEOUT_MS).describe('How long the monolith may take to start answering. Default 30000 ms.'),
  /** Send the client's Host header to the monolith (true) or the monolith URL's host (false). Default true. */
  preserveHost: z.boolean().default(true).describe("Send the client's Host header to the monolith (true) or the monolith URL's host (false). Default true."),
  /** Keep-alive sockets per monolith (the connection pool's size). Default 256. */
  maxSockets: z.int().positive().default(256).describe("Keep-alive sockets per monolith (the connection pool's size). Default 256."),
});

/**
 * HTTPS for a listener: PEM files, relative to the plan file. Re-read on every reload (SIGHUP) and when a file
 * changes, so a renewed certificate needs no restart.
 */
export const TlsSchema = z
  .strictObject({
    /** The certificate chain (PEM): the server certificate first, then intermediates. Required. */
    cert: z.string().min(1).describe('The certificate chain (PEM): the server certificate first, then intermediates. Required.'),
    /** The private key (PEM) of the certificate. Required. */
    key: z.string().min(1).describe('The private key (PEM) of the certificate. Required.'),
    /** Extra CA certificates (PEM) to send or trust. Optional. */
    ca: z.string().min(1).optional().describe('Extra CA certificates (PEM) to send or trust. Optional.'),
  })
  .describe('HTTPS: PEM file paths relative to the plan; re-read on reload and on file change.');

export type TlsFiles = z.infer<typeof TlsSchema>;

export const ListenSchema = z
  .strictObject({
    /** Address the proxy binds. Default 127.0.0.1; set 0.0.0.0 to serve other machines. */
    host: z.string().min(1).default(DEFAULT_LISTEN.host).describe('Address the proxy binds. Default 127.0.0.1; set 0.0.0.0 to serve other machines.'),
    /** Port of the proxy. Default 8080. */
    port: PortSchema.default(DEFAULT_LISTEN.port).describe('Port of the proxy. Default 8080.'),
    /** Serve HTTPS with these PEM files. Default: plain HTTP. Turning TLS on or off needs a restart. */
    tls: TlsSchema.optional().describe('Serve HTTPS with these PEM files. Default: plain HTTP. Turning TLS on or off needs a restart.'),
  })
  .prefault({});

export const AdminSchema = z
  .strictObject({
    /** Address of the admin API. Default 127.0.0.1. A non-loopback address requires `tokenEnv`. */
    host: z.string().min(1).default(DEFAULT_ADMIN.host).describe('Address of the admin API. Default 127.0.0.1. A non-loopback address requires `tokenEnv`.'),
    /** Port of the admin API. Default 9901. */
    port: PortSchema.default(DEFAULT_ADMIN.port).describe('Port of the admin API. Default 9901.'),
    /** Name of the environment variable holding the admin bearer token (never the token itself). */
    tokenEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
      .optional()
      .describe('Name of the environment variable holding the admin bearer token (never the token itself).'),
    /** Serve the admin API over HTTPS with these PEM files. Default: plain HTTP. */
    tls: TlsSchema.optional().describe('Serve the admin API over HTTPS with these PEM files. Default: plain HTTP.'),
  })
  .prefault({});

export const LambdaSchema = z
  .strictObject({
    /** AWS region. Default us-east-1. */
    region: z.string().min(1).default('us-east-1').describe('AWS region. Default us-east-1.'),
    /** Invoke endpoint: the local Lambda service's URL; omit for AWS. */
    endpoint: HttpUrlSchema.optional().describe("Invoke endpoint: the local Lambda service's URL; omit for AWS."),
    /** SDK attempts per invocation. Default 1: the proxy owns retries, the SDK must never run a write twice. */
    maxAttempts: z
      .int()
      .min(1)
      .max(10)
      .default(1)
      .describe('SDK attempts per invocation. Default 1: the proxy owns retries, the SDK must never run a write twice.'),
    /** Ask for each invocation's log tail (`LogType: Tail`) to count cold starts and billed time per route. Default false; a route's `function.logTail` overrides. */
    logTail: z
      .boolean()
      .default(false)
      .describe(
        "Ask for each invocation's log tail (`LogType: Tail`) to count cold starts and billed time per route. Default false; a route's `function.logTail` overrides.",
      ),
  })
  .prefault({});

export const ServerSchema = z
  .strictObject({
    /** Add `x-strangler-route` and `x-strangler-served-by` to responses. Default true. */
    responseHeaders: z.boolean().default(true).describe('Add `x-strangler-route` and `x-strangler-served-by` to responses. Default true.'),
    /** On SIGTERM, how long in-flight requests may take to finish. Default 10000 ms. */
    gracePeriodMs: MillisSchema.default(DEFAULT_GRACE_MS).describe('On SIGTERM, how long in-flight requests may take to finish. Default 10000 ms.'),
    /** pino log level. Default info. */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level. Default info.'),
  })
  .prefault({});

const CaseSensitiveSchema = z.boolean();
const TrailingSlashSchema = z.enum(['ignore', 'strict']);

export const RoutingSchema = z
  .strictObject({
    /** Match static path segments case-sensitively. Default false (`/PRODUCTS/7` matches `/products/:id`, as in Express); a route's `match.caseSensitive` overrides. */
    caseSensitive: CaseSensitiveSchema.default(DEFAULT_CASE_SENSITIVE).describe(
      "Match static path segments case-sensitively. Default false (`/PRODUCTS/7` matches `/products/:id`, as in Express); a route's `match.caseSensitive` overrides.",
    ),
    /** `ignore` (default): `/products/7/` matches `/products/:id` (Express without `strict`); `strict`: it does not. A route\'s `match.trailingSlash` overrides. */
    trailingSlash: TrailingSlashSchema.default(DEFAULT_TRAILING_SLASH).describe(
      "`ignore` (default): `/products/7/` matches `/products/:id` (Express without `strict`); `strict`: it does not. A route's `match.trailingSlash` overrides.",
    ),
    /** Merge runs of slashes before matching and forwarding (`/products//7` → `/products/7`). Default true; global only. */
    mergeSlashes: z
      .boolean()
      .default(true)
      .describe('Merge runs of slashes before matching and forwarding (`/products//7` → `/products/7`). Default true; global only.'),
    /** `reject` (default): answer 400 STRANGLER_PATH_INVALID to an encoded slash or backslash (`%2F`, `%5C`) in the path; `keep`: match and forward it encoded, inside one segment. Global only. */
    encodedSlashes: z
      .enum(['reject', 'keep'])
      .default('reject')
      .describe(
        '`reject` (default): answer 400 STRANGLER_PATH_INVALID to an encoded slash or backslash (`%2F`, `%5C`) in the path; `keep`: match and forward it encoded, inside one segment. Global only.',
      ),
  })
  .prefault({});

export const RouteSchema = z.strictObject({
  /** Unique id; used in logs, metrics, flags and the admin API. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"')
    .describe('Unique id; used in logs, metrics, flags and the admin API.'),
  /** Which requests the route takes. Required. */
  match: z
    .strictObject({
      /** Methods matched. Default: all of them. */
      methods: z
        .array(MethodSchema)
        .min(1)
        .default([...HTTP_METHODS])
        .describe('Methods matched. Default: all of them.'),
      /** find-my-way path: `/products/:id`, `/static/*`. */
      path: z.string().startsWith('/', 'must start with "/"').describe('find-my-way path: `/products/:id`, `/static/*`.'),
      /** Overrides `routing.caseSensitive` for this route. Default: the global setting. */
      caseSensitive: CaseSensitiveSchema.optional().describe('Overrides `routing.caseSensitive` for this route. Default: the global setting.'),
      /** Overrides `routing.trailingSlash` for this route. Default: the global setting. */
      trailingSlash: TrailingSlashSchema.optional().describe('Overrides `routing.trailingSlash` for this route. Default: the global setting.'),
    })
    .describe('Which requests the route takes. Required.'),
  /** The Lambda function that takes over this route. */
  function: z
    .strictObject({
      /** Function name, as in AWS. Required. */
      name: z.string().min(1).describe('Function name, as in AWS. Required.'),
      /** Alias or version. Default: unqualified ($LATEST). */
      qualifier: z.string().min(1).optional().describe('Alias or version. Default: unqualified ($LATEST).'),
      /** `LogType: Tail` for this route's invocations (cold starts, billed time). Default: `lambda.logTail`. */
      logTail: z.boolean().optional().describe("`LogType: Tail` for this route's invocations (cold starts, billed time). Default: `lambda.logTail`."),
    })
    .describe('The Lambda function that takes over this route. Required.'),
  /** Static stage; with flags, the default when the flag cannot be evaluated. Default `off`. */
  stage: z.enum(STAGES).default('off').describe('Static stage; with flags, the default when the flag cannot be evaluated. Default `off`.'),
  /** API Gateway payload format of the event the function receives. Default 2.0. */
  payloadFormat: z.enum(['2.0', '1.0']).default('2.0').describe('API Gateway payload format of the event the function receives. Default 2.0.'),
  /** Deadline of one Lambda invocation from the proxy. Default 10000 ms. */
  timeoutMs: MillisSchema.default(DEFAULT_LAMBDA_TIMEOUT_MS).describe('Deadline of one Lambda invocation from the proxy. Default 10000 ms.'),
  /** `single` (default): writes go to the authoritative side only; `dual`: the function owns separate data. */
  writes: z
    .enum(['single', 'dual'])
    .default('single')
    .describe('`single` (default): writes go to the authoritative side only; `dual`: the function owns separate data.'),
  flag: RouteFlagSchema.describe("The route's flag (with `flags.source` file or launchdarkly). Default key `strangler-route-<id>`."),
  fallback: FallbackSchema.describe(
    'What happens when the function fails in `live`/`rampdown`: which requests fall back to the monolith, the circuit breaker.',
  ),
  shadow: RouteShadowSchema.describe('Shadow settings of this route; fields left out come from the top-level `shadow.defaults`.'),
  gates: GatesSchema.describe('Promotion gates and automatic rollback of this route; fields left out come from `shadow.gates`.'),
});

export const PlanSchema = z
  .strictObject({
    /** Points editors at plan.schema.json; ignored by strangler. */
    $schema: z.string().optional().describe('Points editors at plan.schema.json; ignored by strangler.'),
    monolith: MonolithSchema.describe('The monolith behind the proxy: every request no route takes to a function goes there. Required.'),
    listen: ListenSchema.describe('Where the proxy serves traffic.'),
    admin: AdminSchema.describe('The admin API: /healthz, /readyz, /routes, /metrics.'),
    lambda: LambdaSchema.describe('How the proxy invokes functions: region, endpoint (the local Lambda service), attempts.'),
    server: ServerSchema.describe('Proxy behaviour: response headers, graceful shutdown, log level.'),
    routing: RoutingSchema.describe(
      "How request paths are normalised and compared with route paths; `caseSensitive` and `trailingSlash` are defaults a route's `match` overrides.",
    ),
    flags: FlagsSchema.describe("Where each route's stage comes from: `static` (the route's `stage`, default), `file` or `launchdarkly`."),
    /** Shadow traffic: global settings and the defaults every route's `shadow:` and `gates:` start from. */
    shadow: ShadowSettingsSchema.describe("Shadow traffic: global settings and the defaults every route's `shadow:` and `gates:` start from."),
    /** Functions the local Lambda service runs. */
    functions: FunctionsSectionSchema.default([]).describe(
      "Functions the local Lambda service runs: the list, the path of a YAML file holding `functions: [...]`, or `{ samTemplate: FILE }` to read an AWS SAM template's `AWS::Serverless::Function` resources (paths relative to the plan).",
    ),
    /** Ordered; the first match wins. */
    routes: z.array(RouteSchema).default([]).describe('Ordered; the first match wins.'),
    /** The traffic inventory: per-minute counts by method and path template, for `strangler analyze` and the dashboard. */
    inventory: InventorySchema.describe(
      'The traffic inventory: per-minute request counts, status classes, latency and size histograms by method and path template (docs/traffic-inventory.md). Default on, kept 7 days.',
    ),
    tracing: TracingSchema.describe(
      'W3C Trace Context and OpenTelemetry spans over OTLP/HTTP. Default: on only when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set.',
    ),
  })
  // `when`: run the cross-field checks even when some field failed, so `plan validate` lists every problem at once.
  // The input may then be partly invalid, so the checks read it defensively.
  .superRefine((plan, ctx) => checkPlan(plan as unknown as Record<string, unknown>, ctx), { when: () => true });

export type Plan = z.infer<typeof PlanSchema>;
export type PlanInput = z.input<typeof PlanSchema>;
export type Route = Plan['routes'][number];

type Ctx = z.RefinementCtx;
type Loose = Record<string, unknown>;

function list(value: unknown): Loose[] {
  return Array.isArray(value) ? value.map((v) => (v !== null && typeof v === 'object' ? (v as Loose) : {})) : [];
}

function checkPlan(plan: Loose, ctx: Ctx): void {
  const routes = list(plan.routes);
  checkUnique(
    routes.map((r) => r.id),
    'routes',
    'id',
    'route id',
    ctx,
  );
  checkUnique(
    list(plan.functions).map((f) => f.name),
    'functions',
    'name',
    'function name',
    ctx,
  );
  checkRouteMatches(plan, routes, ctx);
}

function checkUnique(values: unknown[], section: string, field: string, what: string, ctx: Ctx): void {
  const seen = new Map<unknown, number>();
  values.forEach((value, i) => {
    if (typeof value !== 'string') return;
    const first = seen.get(value);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: [section, i, field], message: `duplicate ${what} "${value}" (first at ${section}[${first}])` });
    } else seen.set(value, i);
  });
}

/**
 * A path find-my-way rejects is an error at that route; a route that can never match because an earlier route with
 * a shared method takes all its requests (the same path, or the same path but for case when the earlier route
 * ignores case) is reported rather than left as dead configuration. Paths differing only in case where the later
 * route still matches something are `plan validate` warnings (./warnings.ts).
 */
function checkRouteMatches(plan: Loose, routes: Loose[], ctx: Ctx): void {
  // One router takes every path (a router per path cost 0.1 ms each: half a second for 5,000 routes); a path it
  // refuses is tried again alone, since the shared router also refuses one clashing with an earlier path.
  const shared = FindMyWay();
  routes.forEach((route, i) => {
    const path = ((route.match ?? {}) as Loose).path;
    if (typeof path !== 'string' || !path.startsWith('/')) return;
    try {
      shared.on('GET', path, noop);
    } catch {
      try {
        FindMyWay().on('GET', path, noop);
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['routes', i, 'match', 'path'], message: `invalid path: ${(err as Error).message}` });
      }
    }
  });
  for (const clash of routeClashes(routes, defaultCaseSensitive(plan))) {
    if (!clash.dead) continue;
    const path = String(((routes[clash.index]!.match ?? {}) as Loose).path);
    ctx.addIssue({
      code: 'custom',
      path: ['routes', clash.index, 'match'],
      message: `${clash.method} ${path} is already matched by routes[${clash.first}] ("${String(routes[clash.first]?.id)}")${clash.caseOnly ? ', which ignores case' : ''}; this route would never match`,
    });
  }
}

function noop(): void {}
