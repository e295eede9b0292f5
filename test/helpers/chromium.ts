import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's `chromium` package puts its launcher here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** apt may download ~100 MB and unpack; allow for a slow mirror on a loaded machine. */
export const CHROMIUM_INSTALL_TIMEOUT_MS = 9 * 60_000;

/**
 * The switches every browser test starts Chromium with: headless, no sandbox (containers run as root), no GPU,
 * and none of the background traffic (component updates, sync, QUIC probes, first-run pages) a test machine
 * without internet would wait on. Add a fresh `--user-data-dir` per launch.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const LOCK = join(tmpdir(), 'strangler-chromium-install.lock');

/**
 * Makes sure Debian's `chromium` is installed, installing it with apt-get when it is missing (the tests run as
 * root, locally and in CI). The install runs under `flock` so parallel test files (or helpers) do not run apt at
 * the same time; the second one finds it installed. Throws an error that says what to do when it fails.
 * @example
 *   beforeAll(() => { ensureChromium(); }, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  // Re-checked under the lock: another test file may have installed it while this one waited.
  const script = [
    'set -e',
    `if [ -x ${CHROMIUM_PATH} ]; then exit 0; fi`,
    'export DEBIAN_FRONTEND=noninteractive',
    'apt-get update',
    'apt-get install -y --no-install-recommends chromium',
  ].join('\n');
  const run = spawnSync('flock', [LOCK, 'sh', '-c', script], { encoding: 'utf8', timeout: CHROMIUM_INSTALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  if (run.error !== undefined || run.status !== 0 || !existsSync(CHROMIUM_PATH)) {
    const why = run.error !== undefined ? run.error.message : `exit ${run.status ?? run.signal}`;
    const tail = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(
      `Chromium is needed for the browser tests and is not installed at ${CHROMIUM_PATH}; installing it with ` +
        `"apt-get install -y --no-install-recommends chromium" failed (${why}). Install it as root, then re-run.\n${tail}`,
    );
  }
  return CHROMIUM_PATH;
}

/** A fresh `--user-data-dir` for one launch (no profile state shared between tests). */
export function freshProfileDir(): string {
  const dir = join(tmpdir(), `strangler-chromium-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A headless Chromium page with its own profile, collecting script errors (a 401 console line is expected). */
export interface BrowserPage {
  context: BrowserContext;
  page: Page;
  /** `pageerror: …` and `console: …` errors seen so far. */
  errors: string[];
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium (installed by ensureChromium when missing) with a fresh profile, as the dashboard's
 * browser tests drive it.
 * @example
 *   const browser = await openBrowserPage();
 *   await browser.page.goto(adminUrl);
 *   await browser.close();
 */
export async function openBrowserPage(): Promise<BrowserPage> {
  const executablePath = ensureChromium();
  const profile = freshProfileDir();
  // Playwright takes the profile directory as an argument of launchPersistentContext (it refuses --user-data-dir in args).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/401 \(Unauthorized\)/.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
