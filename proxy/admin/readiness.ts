import { connect } from 'node:net';

/** One readiness condition. `check` must settle quickly (it runs on every `/readyz`). */
export interface ReadinessCheck {
  name: string;
  check(): ReadinessResult | Promise<ReadinessResult>;
  /**
   * Whether failing takes the instance out of the load balancer (503). Default true. A non-critical check that fails
   * only marks the instance `degraded`: taking every replica out for a dependency they all share (the monolith,
   * LaunchDarkly) would turn a partial outage into a full one.
   */
  critical?: boolean;
}

export interface ReadinessResult {
  ok: boolean;
  /** Why it fails (or what it checked). */
  detail?: string;
}

/** The cap on the monolith reachability probe, whatever `monolith.timeoutMs` says: `/readyz` must answer fast. */
export const MONOLITH_PROBE_MAX_MS = 2_000;

/**
 * "Reachable" is a TCP connection to the monolith's host and port, without assuming the monolith has a health
 * endpoint (it is the application being migrated, and may not).
 */
export function probeTcp(url: string, timeoutMs: number): Promise<ReadinessResult> {
  const u = new URL(url);
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (result: ReadinessResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => finish({ ok: false, detail: `no connection to ${host}:${port} within ${timeoutMs} ms` }));
    socket.once('connect', () => finish({ ok: true, detail: `${host}:${port} accepts connections` }));
    socket.once('error', (err: NodeJS.ErrnoException) => finish({ ok: false, detail: `cannot connect to ${host}:${port}: ${err.code ?? err.message}` }));
  });
}

/** What `/readyz` answers: `ready` decides the status code; `status` adds whether a non-critical check fails. */
export interface ReadinessReport {
  ready: boolean;
  status: 'ready' | 'degraded' | 'not ready';
  /** Critical checks failing: the reasons for a 503. */
  failing: string[];
  /** Non-critical checks failing: served anyway. */
  degraded: string[];
  checks: Record<string, ReadinessResult>;
}

/** Runs every check (concurrently); a check that throws counts as failing. */
export async function runChecks(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c): Promise<[string, ReadinessResult]> => {
      try {
        return [c.name, await c.check()];
      } catch (err) {
        return [c.name, { ok: false, detail: `check failed: ${(err as Error).message}` }];
      }
    }),
  );
  const critical = new Map(checks.map((c) => [c.name, c.critical !== false]));
  const failing = results.filter(([n, r]) => !r.ok && critical.get(n)).map(([n]) => n);
  const degraded = results.filter(([n, r]) => !r.ok && !critical.get(n)).map(([n]) => n);
  const status = failing.length > 0 ? 'not ready' : degraded.length > 0 ? 'degraded' : 'ready';
  return { ready: failing.length === 0, status, failing, degraded, checks: Object.fromEntries(results) };
}
