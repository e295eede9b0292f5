import { renameSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadPlanFile, type PlanError } from '../../../proxy/plan/index.js';
import { watchPlan, type PlanWatcher } from '../../../proxy/index.js';
import {
  deferred,
  route,
  send,
  startProxy,
  startUpstream,
  tempDir,
  testPlanInput,
  type RunningProxy,
  type TempDir,
  type Upstream,
} from '../../helpers/index.js';

describe('hot reload', () => {
  let mono: Upstream;
  let running: RunningProxy | undefined;
  let watcher: PlanWatcher | undefined;
  let tmp: TempDir;

  afterEach(async () => {
    watcher?.close();
    watcher = undefined;
    await running?.close();
    running = undefined;
    await mono?.close();
    tmp?.remove();
  });

  async function setup(routes = [route('old', '/old')]) {
    const slowStarted = deferred();
    const finishSlow = deferred();
    mono = await startUpstream((req, res) => {
      if (req.url === '/slow') {
        slowStarted.resolve();
        void finishSlow.promise.then(() => res.end('slow done'));
      } else res.end(`monolith ${req.url}`);
    });
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', testPlanInput({ monolith: { url: mono.url }, routes }));
    running = await startProxy(loadPlanFile(file));
    return { file, slowStarted, finishSlow };
  }

  const routeOf = async (path: string) => (await send(`${running!.url}${path}`)).headers['x-strangler-route'];

  it('swaps routes atomically with proxy.reload while a request in flight finishes', async () => {
    const { file, slowStarted, finishSlow } = await setup([route('old', '/old'), route('slow', '/slow')]);
    const inFlight = send(`${running!.url}/slow`);
    await slowStarted.promise;

    writeFileSync(file, JSON.stringify(testPlanInput({ monolith: { url: mono.url }, routes: [route('new', '/new')] })));
    expect(running!.proxy.reload(loadPlanFile(file))).toEqual({ generation: 2, routes: 1 });
    expect(await routeOf('/new')).toBe('new');
    expect(await routeOf('/old')).toBeUndefined();

    finishSlow.resolve();
    const slow = await inFlight;
    expect(slow.status).toBe(200);
    expect(slow.text).toBe('slow done');
    // It finished under the generation it started in.
    expect(slow.headers['x-strangler-route']).toBe('slow');
  });

  it('reloads when the file is replaced the way editors save (write elsewhere, rename over)', async () => {
    const { file } = await setup();
    watcher = watchPlan(running!.proxy, file, { signal: false, debounceMs: 50 });
    const temp = tmp.path('.plan.yaml.swp');
    writeFileSync(temp, JSON.stringify(testPlanInput({ monolith: { url: mono.url }, routes: [route('renamed', '/renamed')] })));
    renameSync(temp, file);
    const line = await running!.logs.waitFor((l) => l.msg === 'plan reloaded');
    expect(line).toMatchObject({ generation: 2, routes: 1 });
    expect(await routeOf('/renamed')).toBe('renamed');

    // And keeps watching after the rename.
    writeFileSync(file, JSON.stringify(testPlanInput({ monolith: { url: mono.url }, routes: [route('again', '/again')] })));
    await running!.logs.waitFor((l) => l.msg === 'plan reloaded' && l.generation === 3);
    expect(await routeOf('/again')).toBe('again');
  });

  it('rejects an invalid plan with the `plan validate` problem list, and keeps serving the old one', async () => {
    const { file } = await setup();
    watcher = watchPlan(running!.proxy, file, { signal: false, debounceMs: 50 });
    writeFileSync(
      file,
      [
        'monolith:',
        `  url: ${mono.url}`,
        'routes:',
        '  - id: broken',
        '    match: { path: no-slash }',
        '    function: { name: f }',
        '    stagee: live',
        '',
      ].join('\n'),
    );
    const line = await running!.logs.waitFor((l) => l.event === 'plan.reload' && Array.isArray(l.problems));
    expect(line.level).toBe(50);
    expect(line.problems).toEqual([
      `${file}:5:20 routes[0].match.path: must start with "/"`,
      expect.stringContaining(`${file}:7:5 routes[0].stagee: unknown key "stagee"`),
    ]);
    // Exactly what `strangler plan validate` prints for the file.
    let validate: string[] = [];
    try {
      loadPlanFile(file);
    } catch (err) {
      validate = (err as PlanError).problems.map(formatProblem);
    }
    expect(line.problems).toEqual(validate);
    expect(running!.proxy.generation).toBe(1);
    expect(await routeOf('/old')).toBe('old');
    const metrics = await running!.proxy.metrics.metrics();
    expect(metrics).toMatch(/strangler_plan_reloads_total\{result="failure"\} 1/);
  });

  it('reloads on SIGHUP', async () => {
    const { file } = await setup();
    watcher = watchPlan(running!.proxy, file, { watchFile: false });
    writeFileSync(file, JSON.stringify(testPlanInput({ monolith: { url: mono.url }, routes: [route('hup', '/hup')] })));
    process.kill(process.pid, 'SIGHUP');
    await running!.logs.waitFor((l) => l.msg === 'plan reloaded');
    expect(await routeOf('/hup')).toBe('hup');
  });
});
