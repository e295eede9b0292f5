import { execFile, spawnSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import { createStageResolver, type FlagStageResolver } from '../../../proxy/flags/index.js';
import { loadPlanFile } from '../../../proxy/plan/index.js';
import type { Route } from '../../../proxy/plan/index.js';
import { eventually, fixture, logSink, request, tempFixtures } from './helpers.js';

// The file source under the failures the SDK's own watcher does not survive (docs/launchdarkly.md):
// deletion (unhandled ENOENT crash), truncation/corruption, replacement by rename (watch lost), missing at start.

const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
let files: ReturnType<typeof tempFixtures>;
let resolver: FlagStageResolver | undefined;
let sink: ReturnType<typeof logSink>;

beforeEach(() => {
  rejections.length = 0;
  process.on('unhandledRejection', onRejection);
  files = tempFixtures({ 'plan.yaml': 'plan-file.yaml', 'flags.json': 'flags.json' });
  sink = logSink();
});
afterEach(async () => {
  process.off('unhandledRejection', onRejection);
  await resolver?.close();
  resolver = undefined;
  files.cleanup();
});

async function start(): Promise<{ resolver: FlagStageResolver; products: Route; orders: Route }> {
  const loaded = loadPlanFile(files.path('plan.yaml'));
  resolver = await createStageResolver(loaded, { logger: sink.logger });
  const [products, orders] = loaded.plan.routes as [Route, Route];
  return { resolver, products, orders };
}

const stageOf = async (r: FlagStageResolver, route: Route) => (await r.decide(route, request())).stage;
const errors = (code: string) => sink.lines.filter((l) => l.event === 'flags_file_error' && (l.err as { code?: string } | undefined)?.code === code);
const flagsJson = (stage: number, version: number) =>
  JSON.stringify({
    flags: {
      'strangler-route-products': {
        key: 'strangler-route-products',
        on: true,
        variations: ['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete'],
        offVariation: 0,
        fallthrough: { variation: stage },
        version,
      },
    },
  });

describe('file source', () => {
  it('serves the file’s flags and the plan stage for routes without a flag', async () => {
    const { resolver, products, orders } = await start();
    expect(resolver.ready()).toBe(true);
    await expect(resolver.decide(products, request())).resolves.toMatchObject({ stage: 'shadow', source: 'flag' });
    await expect(resolver.decide(orders, request())).resolves.toMatchObject({ stage: 'shadow', source: 'default' });
  });

  it('reads YAML flags files', async () => {
    files.cleanup();
    files = tempFixtures({ 'plan.yaml': 'plan-file.yaml', 'flags.yaml': 'flags.yaml' });
    writeFileSync(files.path('plan.yaml'), readFileSync(files.path('plan.yaml'), 'utf8').replace('path: flags.json', 'path: flags.yaml'));
    const { resolver, products } = await start();
    expect(await stageOf(resolver, products)).toBe('live');
  });

  it('`strangler flags set` changes the decision within a second, with one audit line', async () => {
    const { resolver, products } = await start();
    const out: string[] = [];
    const written = Date.now();
    const code = await main(['flags', 'set', 'products', 'live', '--plan', files.path('plan.yaml')], { out: (t) => out.push(t), err: (t) => out.push(t) });
    expect(code).toBe(0);
    await eventually(async () => ((await stageOf(resolver, products)) === 'live' ? true : undefined), 1_000, 'the new stage');
    expect(Date.now() - written).toBeLessThan(1_000);
    expect(sink.audit()).toEqual([
      expect.objectContaining({
        route: 'products',
        oldStage: 'shadow',
        newStage: 'live',
        source: 'flag',
        flagVersion: 2,
        reason: `flags file ${files.path('flags.json')}: strangler-route-products version 2`,
      }),
    ]);
  });

  it('an edit that does not bump `version` is still loaded and audited', async () => {
    const { resolver, products } = await start();
    writeFileSync(files.path('flags.json'), flagsJson(5, 1));
    await eventually(async () => ((await stageOf(resolver, products)) === 'complete' ? true : undefined), 5_000, 'the edit');
    await eventually(() => (sink.audit().length === 1 ? true : undefined), 2_000, 'the audit line');
    expect(sink.audit()[0]).toMatchObject({ oldStage: 'shadow', newStage: 'complete' });
  });

  it('survives deletion: no crash, last good flags, one error line; reloads when the file is back', async () => {
    const { resolver, products } = await start();
    rmSync(files.path('flags.json'));
    await eventually(() => (errors('STRANGLER_FLAGS_FILE_UNREADABLE').length > 0 ? true : undefined), 5_000, 'the error line');
    expect(await stageOf(resolver, products)).toBe('shadow');
    expect(resolver.ready()).toBe(true);

    writeFileSync(files.path('flags.json'), flagsJson(3, 2));
    await eventually(async () => ((await stageOf(resolver, products)) === 'live' ? true : undefined), 5_000, 'recovery');
    expect(errors('STRANGLER_FLAGS_FILE_UNREADABLE')).toHaveLength(1);
    expect(sink.lines.find((l) => l.event === 'flags_file_loaded' && l.recovered === true)).toBeDefined();
    expect(rejections).toEqual([]);
  });

  it.each([
    ['truncated to nothing', ''],
    ['cut off mid-write', '{ "flags": { "strangler-route-products": { "key": "strangler-rou'],
    ['not the flag format', '{ "flags": { "strangler-route-products": { "key": "strangler-route-products", "variations": "live" } } }'],
  ])('survives a file %s: last good flags, one error line, recovery', async (_what, text) => {
    const { resolver, products } = await start();
    writeFileSync(files.path('flags.json'), text);
    await eventually(() => (errors('STRANGLER_FLAGS_FILE_INVALID').length > 0 ? true : undefined), 5_000, 'the error line');
    expect(await stageOf(resolver, products)).toBe('shadow');

    writeFileSync(files.path('flags.json'), flagsJson(4, 2));
    await eventually(async () => ((await stageOf(resolver, products)) === 'rampdown' ? true : undefined), 5_000, 'recovery');
    expect(errors('STRANGLER_FLAGS_FILE_INVALID')).toHaveLength(1);
    expect(rejections).toEqual([]);
  });

  it('an in-place write caught half-way (file empty for a moment) logs no error', async () => {
    // A generous confirmation delay, so a loaded machine cannot stretch the empty moment past it.
    const loaded = loadPlanFile(files.path('plan.yaml'));
    resolver = await createStageResolver(loaded, { logger: sink.logger, confirmFailureMs: 2_000 });
    const products = loaded.plan.routes[0]!;
    // Another process truncates the file, pauses, then writes: as a slow in-place save does.
    const writer = `const fs = require('node:fs'); const fd = fs.openSync(process.argv[1], 'w'); setTimeout(() => { fs.writeSync(fd, process.argv[2]); fs.closeSync(fd); }, 150);`;
    // Asynchronously: this process's watcher must run while the file is empty.
    await promisify(execFile)(process.execPath, ['-e', writer, files.path('flags.json'), flagsJson(3, 2)]);
    await eventually(async () => ((await stageOf(resolver!, products)) === 'live' ? true : undefined), 5_000, 'the new stage');
    expect(sink.lines.filter((l) => l.event === 'flags_file_error')).toEqual([]);
  });

  it('keeps watching when the file is replaced by rename, again and again (atomic saves)', async () => {
    const { resolver, products } = await start();
    for (const [stage, name] of [
      [3, 'live'],
      [4, 'rampdown'],
      [5, 'complete'],
    ] as const) {
      writeFileSync(files.path('flags.json.tmp'), flagsJson(stage, stage));
      renameSync(files.path('flags.json.tmp'), files.path('flags.json'));
      await eventually(async () => ((await stageOf(resolver, products)) === name ? true : undefined), 5_000, `stage ${name}`);
    }
    expect(sink.audit().map((l) => l.newStage)).toEqual(['live', 'rampdown', 'complete']);
  });

  it('missing at start: default stages and not ready, then loads when the file appears', async () => {
    rmSync(files.path('flags.json'));
    const { resolver, products } = await start();
    expect(resolver.ready()).toBe(false);
    expect(await resolver.decide(products, request())).toEqual({ stage: 'off', source: 'default', reason: 'flags not loaded' });
    expect(errors('STRANGLER_FLAGS_FILE_UNREADABLE')).toHaveLength(1);

    writeFileSync(files.path('flags.json'), flagsJson(3, 1));
    await eventually(() => (resolver.ready() ? true : undefined), 5_000, 'readiness');
    expect(await stageOf(resolver, products)).toBe('live');
    expect(sink.audit()).toEqual([expect.objectContaining({ route: 'products', oldStage: 'off', newStage: 'live', source: 'flag' })]);
  });
});

describe('file source in a real process', () => {
  it('deleting the flags file does not crash the process (no unhandled rejection), and it recovers', async () => {
    const run = spawnSync(process.execPath, [fixture('survive-deletion.mjs'), files.path('plan.yaml'), files.path('flags.json')], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ before: 'shadow', afterDelete: 'shadow', recovered: 'complete' });
  });
});
