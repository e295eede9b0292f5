import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { albLine, stranglerLine } from '../../planner/analyze/log-lines.js';
import { progressBar, PROGRESS_FROM_BYTES, showsProgress } from '../../../cli/commands/analyze.js';
import { run } from './shadow-cli-helpers.js';

const T0 = Date.UTC(2026, 11, 3);

describe('strangler analyze', () => {
  let dir: string;
  let log: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'strangler-analyze-'));
    log = join(dir, 'proxy.log');
    const lines = [];
    for (let m = 0; m < 5; m++)
      for (let i = 0; i < 20; i++) lines.push(stranglerLine({ time: T0 + m * 60_000 + i * 1000, method: 'GET', path: `/products/${i}` }));
    lines.push('{"level":30,"msg":"strangler proxy listening"}', 'garbage line', stranglerLine({ time: T0, method: 'POST', path: '/checkout' }));
    writeFileSync(log, `${lines.join('\n')}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the routes and candidates tables, and a summary of unparsable lines on stderr', async () => {
    const r = await run(['analyze', '--log', log]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Traffic: 101 requests over 5 minute\(s\) from 2026-12-03T00:00:00.000Z/);
    expect(r.out).toMatch(/^ {2}GET \/products\/:param +- +- +100 +99%/m);
    expect(r.out).toMatch(/^ {2}products +resource products +1 +99%/m);
    expect(r.out).toContain('path: /products/:id');
    // The lifecycle line is not a request and not an error; the garbage line is reported with its number.
    expect(r.err).toBe(`strangler analyze: ${log}: 1 of 103 line(s) could not be read; the first:\n  line 102: garbage line\n`);
  });

  it('reads gzip whatever the name, and ALB logs', async () => {
    const file = join(dir, 'alb.txt');
    writeFileSync(
      file,
      gzipSync(
        `${[albLine({ time: T0, method: 'GET', path: '/orders/7', seconds: 0.25 }), albLine({ time: T0 + 1000, method: 'GET', path: '/orders/8?x=1', seconds: 0.35, sentBytes: 7_000_000 })].join('\n')}\n`,
      ),
    );
    const r = await run(['analyze', '--log', file, '--format', 'alb', '--json']);
    expect(r.err).toBe('');
    const report = JSON.parse(r.out);
    expect(report.log).toMatchObject({ format: 'alb', records: 2, unparsable: 0 });
    expect(report.routes).toMatchObject([
      { key: 'GET /orders/:param', requests: 2, monolithMeanMs: 300, maxResponseBytes: 7_000_000, fitness: { verdict: 'unfit' } },
    ]);
  });

  it('--since skips older requests', async () => {
    const recent = join(dir, 'recent.log');
    const now = Date.now();
    writeFileSync(
      recent,
      `${[stranglerLine({ time: now - 3 * 3_600_000, method: 'GET', path: '/old' }), stranglerLine({ time: now - 60_000, method: 'GET', path: '/new' })].join('\n')}\n`,
    );
    const report = JSON.parse((await run(['analyze', '--log', recent, '--since', '1h', '--json'])).out);
    expect(report.log).toMatchObject({ records: 1, skipped: 1 });
    expect(report.routes.map((x: { key: string }) => x.key)).toEqual(['GET /new']);
  });

  it.each([
    [[], /--plan FILE is required to read the proxy's traffic inventory/],
    [['--log', 'x', '--format', 'w3c'], /--format must be one of strangler, combined, alb \(got "w3c"\)/],
    [['--log', 'x', '--arch', 'mips'], /--arch must be x86_64 or arm64/],
    [['--log', 'x', '--memory', '64'], /--memory must be a whole number from 128 to 10240 \(got "64"\)/],
    [['--log', 'x', '--cold-start-target', '2'], /--cold-start-target must be a ratio between 0 and 1/],
    [['--log', 'x', '--idle-lifetime', '10 minutes'], /--idle-lifetime must be a duration/],
    [['--log', 'x', '--steady-rate', '0'], /--steady-rate must be a positive number/],
    [['--log', 'x', '--bogus'], /Unknown option '--bogus'/],
  ])('usage error %o → exit 2 with the help', async (args, message) => {
    const r = await run(['analyze', ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('Usage: strangler analyze');
    expect(r.out).toBe('');
  });

  it('a missing log is STRANGLER_ANALYZE_LOG_UNREADABLE, exit 1', async () => {
    const r = await run(['analyze', '--log', join(dir, 'missing.log')]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`strangler analyze: STRANGLER_ANALYZE_LOG_UNREADABLE: --log ${join(dir, 'missing.log')}: no such file\n`);
  });

  it('a log without requests is STRANGLER_ANALYZE_NO_TRAFFIC, exit 1', async () => {
    const empty = join(dir, 'empty.log');
    writeFileSync(empty, 'nothing here\n');
    const r = await run(['analyze', '--log', empty]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/STRANGLER_ANALYZE_NO_TRAFFIC: .*no requests to analyse \(1 line\(s\), 1 unparsable, 0 before --since\)/);
  });

  it('an invalid plan is reported with its problems, exit 1', async () => {
    const plan = join(dir, 'bad.yaml');
    writeFileSync(plan, 'routes: 3\n');
    const r = await run(['analyze', '--log', log, '--plan', plan]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.yaml: invalid: \d+ problem\(s\)/);
  });

  it('--help lists every flag', async () => {
    const r = await run(['analyze', '--help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--log',
      '--format',
      '--plan',
      '--store',
      '--app',
      '--since',
      '--memory',
      '--arch',
      '--idle-lifetime',
      '--cold-start-target',
      '--api-gateway',
      '--steady-rate',
      '--json',
    ])
      expect(r.out).toContain(flag);
  });
});

describe('the progress bar', () => {
  it('shows on a terminal for a large log only', () => {
    expect(showsProgress(true, PROGRESS_FROM_BYTES)).toBe(true);
    expect(showsProgress(true, PROGRESS_FROM_BYTES - 1)).toBe(false);
    expect(showsProgress(false, 10 * PROGRESS_FROM_BYTES)).toBe(false);
  });

  it('redraws one line, at most once per percent, and ends it', () => {
    let err = '';
    const bar = progressBar('big.log', { out: () => {}, err: (t) => (err += t) });
    const total = 100 * 1024 * 1024;
    for (const read of [0, 1024, 2048, total / 4, total / 4 + 10, total]) bar.update(read, total);
    bar.done();
    expect(err.split('\r').filter((s) => s !== '')).toEqual([
      `reading big.log [${' '.repeat(25)}] 0% of 100 MB`,
      `reading big.log [${'#'.repeat(6)}${' '.repeat(19)}] 25% of 100 MB`,
      `reading big.log [${'#'.repeat(25)}] 100% of 100 MB\n`,
    ]);
  });
});
