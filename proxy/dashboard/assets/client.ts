import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DASHBOARD_ERROR_CODES, DashboardError } from '../errors.js';

/**
 * Where the compiled browser script lives. Its sources are proxy/dashboard/client/*.ts (the shared helpers, the live
 * view, the Migration map), typed for the DOM and compiled by their own tsconfig (`npm run build`) into one file
 * beside the compiled plugin: dist/proxy/dashboard/client/dashboard.js.
 * Loaded from dist/ that is the sibling folder; loaded from source (vitest, tsx) the sibling holds only .ts, so the
 * build output under dist/ is used (vitest's global setup builds it first).
 */
export function dashboardScriptCandidates(moduleUrl: string = import.meta.url): string[] {
  const sibling = fileURLToPath(new URL('../client/dashboard.js', moduleUrl));
  if (!moduleUrl.endsWith('.ts')) return [sibling];
  return [sibling, fileURLToPath(new URL('../../../dist/proxy/dashboard/client/dashboard.js', moduleUrl))];
}

/**
 * Reads the first of `candidates` that exists. Throws `STRANGLER_DASHBOARD_CLIENT_MISSING` when none does (a checkout
 * without `npm run build`), naming the paths it looked at.
 */
export function readDashboardScript(candidates: string[]): string {
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) {
    throw new DashboardError(
      DASHBOARD_ERROR_CODES.clientMissing,
      `the dashboard's compiled script is missing (looked at ${candidates.join(', ')}); run \`npm run build\``,
    );
  }
  return readFileSync(found, 'utf8');
}

let cached: string | undefined;

/** The dashboard's browser script (compiled JavaScript), read once per process. */
export function dashboardScript(): string {
  cached ??= readDashboardScript(dashboardScriptCandidates());
  return cached;
}
