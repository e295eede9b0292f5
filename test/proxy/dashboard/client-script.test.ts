import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dashboardPage, DASHBOARD_ERROR_CODES } from '../../../proxy/dashboard/index.js';
import { dashboardScriptCandidates, readDashboardScript } from '../../../proxy/dashboard/assets/client.js';

const COMPILED = fileURLToPath(new URL('../../../dist/proxy/dashboard/client/dashboard.js', import.meta.url));

/** The browser script is TypeScript (proxy/dashboard/client/) compiled into dist/; the page inlines the compiled file. */
describe('dashboard client script', () => {
  it('the page inlines the compiled script from dist/ and its CSP hash allows exactly that script', async () => {
    const compiled = readFileSync(COMPILED, 'utf8');
    const page = dashboardPage();
    expect(page.html).toContain(`<script>${compiled}</script>`);
    const { createHash } = await import('node:crypto');
    expect(page.csp).toContain(`script-src 'sha256-${createHash('sha256').update(compiled, 'utf8').digest('base64')}'`);
    // Compiled for browsers: no module syntax and no TypeScript left in it.
    expect(compiled).not.toMatch(/^\s*(import|export)\s/m);
    expect(compiled).not.toMatch(/<\/script/i);
  });

  it.each([
    ['compiled (dist/)', 'file:///app/dist/proxy/dashboard/assets/client.js', ['/app/dist/proxy/dashboard/client/dashboard.js']],
    [
      'source (vitest)',
      'file:///repo/proxy/dashboard/assets/client.ts',
      ['/repo/proxy/dashboard/client/dashboard.js', '/repo/dist/proxy/dashboard/client/dashboard.js'],
    ],
  ])('loaded from %s, looks for the script at the build output', (_name, moduleUrl, expected) => {
    expect(dashboardScriptCandidates(moduleUrl)).toEqual(expected);
  });

  it('a missing build is a coded error naming where it looked', () => {
    const missing = fileURLToPath(new URL('../../fixtures/no-such-dashboard.js', import.meta.url));
    let caught: unknown;
    try {
      readDashboardScript([missing]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: DASHBOARD_ERROR_CODES.clientMissing });
    expect((caught as Error).message).toContain(missing);
    // Positive control: the same reader finds a file that exists.
    expect(readDashboardScript([missing, COMPILED])).toBe(readFileSync(COMPILED, 'utf8'));
  });
});
