import { statSync } from 'node:fs';
import { functionsOfPlan } from '../../lambda-runtime/plan.js';
import { buildRouter } from '../../proxy/routing/router.js';
import { parseWindow } from '../../proxy/shadow/report/index.js';
import type { LoadedPlan } from '../../proxy/plan/index.js';
import {
  analyze,
  AnalyzeError,
  ANALYZE_ERROR_CODES,
  DEFAULT_COLD_START_TARGET,
  DEFAULT_IDLE_LIFETIME_S,
  DEFAULT_MEMORY_MB,
  formatAnalysis,
  LogRollup,
  STEADY_HIGH_RATE_PER_S,
  type AnalyzeSettings,
  type PlanRouteInfo,
} from '../../planner/analyze/index.js';
import { MINUTE_MS, type TrafficAggregate } from '../../planner/inventory/index.js';
import { loadAppRoutes } from '../../planner/app-routes/index.js';
import { LOG_FORMATS, type LogFormat } from '../../planner/logs/formats.js';
import { readAccessLog, type ReadLogSummary } from '../../planner/logs/read.js';
import { DEFAULT_INVENTORY_SINCE, readInventory } from './analyze-inventory.js';
import { loadPlanForCommand, parseCommandArgs, UsageError, type Command, type CommandIO } from '../command.js';

/** Files from this size up get a progress bar (when stderr is a terminal). */
export const PROGRESS_FROM_BYTES = 16 * 1024 * 1024;

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'route inventory from traffic: candidate functions, fitness for Lambda, cost and cold-start forecast',
  help: `Usage: strangler analyze --plan FILE [--store FILE]... [--since DURATION] [options]
       strangler analyze --log FILE [--format strangler|combined|alb] [--plan FILE] [--since DURATION] [options]
  options: [--app MODULE] [--memory MB] [--arch x86_64|arm64] [--idle-lifetime DURATION]
           [--cold-start-target RATIO] [--api-gateway] [--steady-rate N] [--json]

Takes per-minute traffic by route, either the proxy's own traffic inventory (the minutes the plan's results store
kept) or an access log rolled into the same minutes (the plan's routes where --plan is given, inferred path
templates otherwise), groups the routes into candidate functions, judges each route's fitness for Lambda
(payload size, duration against the timeout, WebSocket/SSE, binary bodies, load shape) and forecasts cost and
cold starts per candidate. docs/analyze.md describes the rules and the model.

  --plan FILE              the migration plan: matched traffic counts under its routes; functions' memory and
                           timeouts, routes' stages; without --log, its shadow.store is read (required then)
  --store FILE             without --log: read this store file instead of the plan's (repeat it to add up
                           several replicas' files)
  --log FILE               an access log instead of the store (gzip accepted, whatever its name)
  --format NAME            with --log: strangler (the proxy's JSON request log, default), combined (NGINX/Apache), alb
  --app MODULE[#EXPORT]    the monolith's Express 5 app or Fastify 5 instance (or a function returning one):
                           candidates follow its routers/plugins; EXPORT defaults to the default export
  --since DURATION         only requests of the last DURATION: 90s, 30m, 24h, 7d (default: ${DEFAULT_INVENTORY_SINCE} of the
                           store, the whole log)
  --memory MB              memory of every candidate (default: the plan's function, else ${DEFAULT_MEMORY_MB})
  --arch NAME              x86_64 (default) or arm64: the architecture the table's cost column shows
  --idle-lifetime DURATION how long an idle instance is kept (default ${DEFAULT_IDLE_LIFETIME_S / 60}m)
  --cold-start-target R    share of cold requests above which provisioned concurrency is proposed (default ${DEFAULT_COLD_START_TARGET})
  --api-gateway            the functions will sit behind API Gateway: durations also held against its 29 s
  --steady-rate N          req/s from which steady load is "cheaper in the monolith" (default ${STEADY_HIGH_RATE_PER_S})
  --json                   the report as JSON (where the traffic came from under "inventory" or "log")

Unparsable log lines are counted and the first few printed with their line numbers (stderr).
Exit codes: 0 ok, 1 an error (no store, unreadable log or app, no traffic, invalid plan), 2 usage.

Examples:
  strangler analyze --plan migration-plans/shop.yaml --since 7d
  strangler analyze --plan shop.yaml --store a/shadow-8080.sqlite --store b/shadow-8080.sqlite --json
  strangler analyze --log proxy.log --plan migration-plans/shop.yaml
  strangler analyze --log access.log.gz --format combined --since 24h --memory 512 --arch arm64
  strangler analyze --log alb.log --format alb --app dist/app.js#createApp --json`,
  async run(args, io) {
    const { values } = parseCommandArgs(
      args,
      {
        log: { type: 'string' },
        format: { type: 'string' },
        plan: { type: 'string' },
        app: { type: 'string' },
        store: { type: 'string', multiple: true },
        since: { type: 'string' },
        memory: { type: 'string' },
        arch: { type: 'string' },
        'idle-lifetime': { type: 'string' },
        'cold-start-target': { type: 'string' },
        'api-gateway': { type: 'boolean' },
        'steady-rate': { type: 'string' },
        json: { type: 'boolean' },
      },
      false,
    );
    const fromLog = values.log !== undefined;
    if (!fromLog && values.plan === undefined)
      throw new UsageError("--plan FILE is required to read the proxy's traffic inventory (or give --log FILE to read an access log)");
    if (fromLog && values.store !== undefined) throw new UsageError("--store reads the proxy's traffic inventory: use either --log or --store, not both");
    if (!fromLog && values.format !== undefined) throw new UsageError('--format applies to --log only');
    const format = (values.format ?? 'strangler') as LogFormat;
    if (!LOG_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${LOG_FORMATS.join(', ')} (got "${values.format}")`);
    const since = values.since === undefined ? undefined : Date.now() - duration(values.since, '--since');
    const memoryMb = values.memory === undefined ? undefined : wholeNumber('--memory', values.memory, 128, 10_240);
    const arch = values.arch ?? 'x86_64';
    if (arch !== 'x86_64' && arch !== 'arm64') throw new UsageError(`--arch must be x86_64 or arm64 (got "${arch}")`);
    const idleLifetimeS = values['idle-lifetime'] === undefined ? undefined : duration(values['idle-lifetime'], '--idle-lifetime') / 1000;
    const coldStartTarget = values['cold-start-target'] === undefined ? undefined : ratio('--cold-start-target', values['cold-start-target']);
    const steadyRatePerS = values['steady-rate'] === undefined ? undefined : positive('--steady-rate', values['steady-rate']);

    const loaded = values.plan === undefined ? undefined : loadPlanForCommand(values.plan, io);
    if (values.plan !== undefined && loaded === undefined) return 1;
    const appRoutes = values.app === undefined ? undefined : await loadAppRoutes(values.app);

    const traffic =
      values.log !== undefined
        ? await logTraffic(values.log, format, since, loaded, io)
        : // A log is read whole unless --since says otherwise; the store keeps days, so it is read for a window.
          await inventoryTraffic(loaded as LoadedPlan, values.store ?? [], values.since ?? DEFAULT_INVENTORY_SINCE);
    const settings: AnalyzeSettings = {
      ...(loaded === undefined ? {} : planSettings(loaded)),
      ...(appRoutes === undefined ? {} : { appRoutes }),
      ...(memoryMb === undefined ? {} : { memoryMb }),
      architecture: arch,
      ...(idleLifetimeS === undefined ? {} : { idleLifetimeS }),
      ...(coldStartTarget === undefined ? {} : { coldStartTarget }),
      apiGateway: values['api-gateway'] === true,
      ...(steadyRatePerS === undefined ? {} : { steadyRatePerS }),
    };
    const report = analyze(traffic.aggregates, settings);
    io.out(values.json ? `${JSON.stringify({ ...traffic.source, ...report }, null, 2)}\n` : formatAnalysis(report));
    return 0;
  },
};

/** What the analysis takes from the plan: its routes, and its functions' memory and timeouts. */
export function planSettings(loaded: LoadedPlan): Pick<AnalyzeSettings, 'planRoutes' | 'functionMemoryMb' | 'functionTimeoutMs'> {
  const planRoutes = new Map<string, PlanRouteInfo>();
  for (const r of loaded.plan.routes) {
    planRoutes.set(r.id, { id: r.id, path: r.match.path, methods: r.match.methods, functionName: r.function.name, stage: r.stage, timeoutMs: r.timeoutMs });
  }
  const functionMemoryMb = new Map<string, number>();
  const functionTimeoutMs = new Map<string, number>();
  for (const f of functionsOfPlan(loaded).functions) {
    functionMemoryMb.set(f.name, f.memorySize);
    functionTimeoutMs.set(f.name, f.timeout * 1000);
  }
  return { planRoutes, functionMemoryMb, functionTimeoutMs };
}

/** The aggregates to analyse, and what the JSON report says about where they came from. */
interface Traffic {
  aggregates: TrafficAggregate[];
  source: Record<string, unknown>;
}

/** An access log rolled into aggregates, under the plan's routes where a plan is given. */
async function logTraffic(file: string, format: LogFormat, since: number | undefined, loaded: LoadedPlan | undefined, io: CommandIO): Promise<Traffic> {
  const rollup = new LogRollup(loaded === undefined ? {} : { router: buildRouter(loaded.plan.routes, loaded.plan.routing) });
  const summary = await readLog(file, format, since, rollup, io);
  reportUnparsable(file, summary, io);
  const aggregates = rollup.aggregates();
  if (aggregates.length === 0) {
    throw new AnalyzeError(
      ANALYZE_ERROR_CODES.noTraffic,
      `${file}: no requests to analyse (${summary.lines} line(s), ${summary.unparsable} unparsable, ${summary.skipped} before --since)`,
    );
  }
  return { aggregates, source: { log: { file, format, ...summary } } };
}

/** The proxy's own traffic inventory of the last `window`: the minutes its store kept. */
async function inventoryTraffic(loaded: LoadedPlan, given: readonly string[], window: string): Promise<Traffic> {
  const since = Date.now() - duration(window, '--since');
  const { aggregates, stores } = await readInventory(loaded, given, since);
  if (aggregates.length === 0) {
    const off = loaded.plan.inventory.enabled ? '' : `; inventory.enabled is false in ${loaded.file}, so the proxy records none`;
    throw new AnalyzeError(
      ANALYZE_ERROR_CODES.noTraffic,
      `${stores.join(', ')}: no requests to analyse in the last ${window} (--since)${off}; a minute is stored once it ends or when the proxy stops`,
    );
  }
  return { aggregates, source: { inventory: { stores, since: new Date(since - (since % MINUTE_MS)).toISOString(), window } } };
}

async function readLog(file: string, format: LogFormat, since: number | undefined, rollup: LogRollup, io: CommandIO): Promise<ReadLogSummary> {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch (err) {
    throw new AnalyzeError(
      ANALYZE_ERROR_CODES.logUnreadable,
      `--log ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      { cause: err },
    );
  }
  const bar = showsProgress(process.stderr.isTTY === true, size) ? progressBar(file, io) : undefined;
  try {
    return await readAccessLog(file, { format, ...(since === undefined ? {} : { since }), ...(bar === undefined ? {} : { onProgress: bar.update }) }, (r) =>
      rollup.add(r),
    );
  } catch (err) {
    throw new AnalyzeError(ANALYZE_ERROR_CODES.logUnreadable, `--log ${file}: ${(err as Error).message}`, { cause: err });
  } finally {
    bar?.done();
  }
}

/** A progress bar only on a terminal (a redirected stderr would fill with redraws) and only for a large log. */
export function showsProgress(stderrIsTty: boolean, bytes: number): boolean {
  return stderrIsTty && bytes >= PROGRESS_FROM_BYTES;
}

/** A one-line bar on stderr, redrawn at most every 1%. */
export function progressBar(file: string, io: CommandIO): { update: (read: number, total: number) => void; done: () => void } {
  let shown = -1;
  return {
    update(read, total) {
      const pct = Math.floor((read / Math.max(1, total)) * 100);
      if (pct === shown) return;
      shown = pct;
      const filled = Math.round(pct / 4);
      io.err(`\rreading ${file} [${'#'.repeat(filled)}${' '.repeat(25 - filled)}] ${pct}% of ${(total / 1024 / 1024).toFixed(0)} MB`);
    },
    done: () => io.err('\n'),
  };
}

function reportUnparsable(file: string, summary: ReadLogSummary, io: CommandIO): void {
  if (summary.unparsable === 0) return;
  io.err(`strangler analyze: ${file}: ${summary.unparsable} of ${summary.lines} line(s) could not be read; the first:\n`);
  for (const e of summary.examples) io.err(`  line ${e.line}: ${e.text}\n`);
}

function duration(text: string, flag: string): number {
  try {
    return parseWindow(text, flag);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got "${text}")`);
  return n;
}

function ratio(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n >= 1) throw new UsageError(`${flag} must be a ratio between 0 and 1, e.g. 0.01 (got "${text}")`);
  return n;
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number (got "${text}")`);
  return n;
}
