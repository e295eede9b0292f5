import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/index.js';
import { largePlanYaml } from '../../reliability/large-plan.js';
// The compiled module: its worker script (load-worker.js) exists only in dist/ (test/global-setup.ts builds it).
import { loadPlanFile, loadPlanFileOffThread } from '../../../dist/proxy/plan/index.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('loadPlanFileOffThread', () => {
  it('returns exactly what loadPlanFile returns, routes in order across the pieces they are sent in', async () => {
    const file = dir.path('large.yaml');
    writeFileSync(file, largePlanYaml(1_234, 'http://127.0.0.1:3000'));
    const loaded = await loadPlanFileOffThread(file);
    expect(loaded.plan.routes).toHaveLength(1_234);
    expect(loaded.plan.routes[1_233]!.id).toBe('svc1233');
    expect(loaded).toEqual(loadPlanFile(file));
  });

  it('rejects with the same coded problems as loadPlanFile', async () => {
    const file = dir.path('invalid.yaml');
    writeFileSync(file, 'monolith: { url: ftp://x }\nroutes:\n  - id: a\n    match: { path: nope }\n    function: { name: a }\n');
    let sync: unknown;
    try {
      loadPlanFile(file);
    } catch (err) {
      sync = err;
    }
    const off = await loadPlanFileOffThread(file).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(off).toMatchObject({ code: 'STRANGLER_PLAN_INVALID', problems: (sync as { problems: unknown[] }).problems });
    expect((off as { problems: unknown[] }).problems).toHaveLength(2);
  });

  it('a missing file is a located problem too', async () => {
    await expect(loadPlanFileOffThread(dir.path('missing.yaml'))).rejects.toMatchObject({
      code: 'STRANGLER_PLAN_INVALID',
      problems: [expect.objectContaining({ message: 'cannot read plan: file not found' })],
    });
  });
});
