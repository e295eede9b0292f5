import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The CLI, the local Lambda service's child processes and the demo run compiled JavaScript from dist/, as users
 * run them. Build once before the suite so those tests never see a stale dist/. Type errors do not stop the emit
 * here: `npm test` runs the strict type check on its own first, and fails there.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  // The same two projects as `npm run build`: the Node code, then the dashboard's browser script (typed for the DOM).
  for (const project of ['tsconfig.build.json', 'proxy/dashboard/client/tsconfig.json']) {
    const run = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', project], {
      cwd: root,
      encoding: 'utf8',
    });
    if (run.error) throw run.error;
    if (run.status !== 0) process.stderr.write(`[global-setup] tsc -p ${project} reported type errors; dist/ was emitted anyway\n`);
  }
}
