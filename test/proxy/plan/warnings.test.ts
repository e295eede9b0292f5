import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import { closedPort, tempDir, type TempDir } from '../../helpers/index.js';
import { useLambdaService } from '../../helpers/lambda-service.js';

/** `strangler plan validate` warnings: printed as FILE:LINE:COL path: warning: message, exit status still 0. */

async function validate(file: string): Promise<{ code: number; stdout: string; warnings: string[] }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['plan', 'validate', file], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, warnings: stderr.split('\n').filter((l) => l !== '') };
}

let tmp: TempDir;
const startLambda = useLambdaService();
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  tmp.remove();
});

describe('a function whose timeout is longer than its route waits', () => {
  it("is a warning at the route's timeoutMs (or the route, when it keeps the default)", async () => {
    const file = tmp.writePlan(
      'plan.yaml',
      `monolith:
  url: http://127.0.0.1:3000
functions:
  - { name: slow, handler: app.handler, timeout: 30 }
  - { name: quick, handler: app.handler, timeout: 3 }
routes:
  - id: slow-default
    match: { path: /slow }
    function: { name: slow }
  - id: slow-short
    match: { path: /short }
    function: { name: slow }
    timeoutMs: 20000
  - id: slow-long
    match: { path: /long }
    function: { name: slow }
    timeoutMs: 30000
  - id: quick
    match: { path: /quick }
    function: { name: quick }
`,
    );
    const { code, stdout, warnings } = await validate(file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/: valid: 4 route\(s\).*, 2 warning\(s\)\n$/);
    expect(warnings).toEqual([
      `${file}:7:5 routes[0].timeoutMs: warning: function "slow" may run 30 s (its timeout) but this route waits 10000 ms: the proxy gives up while the function keeps running; raise timeoutMs or lower the function's timeout`,
      expect.stringMatching(
        new RegExp(`^${file}:13:16 routes\\[1\\]\\.timeoutMs: warning: function "slow" may run 30 s \\(its timeout\\) but this route waits 20000 ms`),
      ),
    ]);
  });
});

describe('a route naming a function the plan does not declare', () => {
  const planFor = (endpoint: string | undefined, stage = 'live', flags = ''): string =>
    `monolith:
  url: http://127.0.0.1:3000
${endpoint === undefined ? '' : `lambda:\n  endpoint: ${endpoint}\n`}${flags}routes:
  - id: remote
    match: { path: /remote }
    function: { name: remote }
    stage: ${stage}
  - id: ghost
    match: { path: /ghost }
    function: { name: ghost }
    stage: ${stage}
`;

  it('is asked of lambda.endpoint with a DryRun: a function the endpoint has is fine, one it lacks is a warning', async () => {
    const { service } = await startLambda([{ name: 'remote', handler: 'hello.handler' }]);
    const file = tmp.writePlan('plan.yaml', planFor(service.endpoint));
    const { code, warnings } = await validate(file);
    expect(code).toBe(0);
    expect(warnings).toEqual([
      `${file}:12:23 routes[1].function.name: warning: function "ghost" is not in functions: and ${service.endpoint} does not have it: its invocations will fail (ResourceNotFound)`,
    ]);
    // DryRun runs nothing: no execution environment was started to answer it.
    expect(service.instances()).toEqual([]);
  });

  it('is a warning for each such route when the endpoint cannot be reached', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const { warnings } = await validate(tmp.writePlan('plan.yaml', planFor(endpoint)));
    expect(warnings).toHaveLength(2);
    for (const w of warnings)
      expect(w).toMatch(
        new RegExp(
          `routes\\[\\d\\]\\.function\\.name: warning: function "\\w+" is not in functions: and ${endpoint} cannot be reached to check \\(ECONNREFUSED\\)`,
        ),
      );
  });

  it('is not checked for routes that stay off with static flags, nor without lambda.endpoint (functions in AWS)', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const off = await validate(tmp.writePlan('off.yaml', planFor(endpoint, 'off')));
    expect(off).toMatchObject({ code: 0, warnings: [] });
    // The same routes with flags from a file can be switched on at run time: checked.
    tmp.writePlan('flags.json', '{}');
    const flagged = await validate(tmp.writePlan('flagged.yaml', planFor(endpoint, 'off', 'flags:\n  source: file\n  path: flags.json\n')));
    expect(flagged.warnings).toHaveLength(2);
    const aws = await validate(tmp.writePlan('aws.yaml', planFor(undefined)));
    expect(aws).toMatchObject({ code: 0, warnings: [] });
  });
});

describe('a plan with functions: { samTemplate }', () => {
  it("counts the template's functions in the summary", async () => {
    const file = fileURLToPath(new URL('../../fixtures/sam/plan.yaml', import.meta.url));
    const { code, stdout, warnings } = await validate(file);
    expect({ code, warnings }).toEqual({ code: 0, warnings: [] });
    expect(stdout).toBe(`${file}: valid: 1 route(s) (1 off), 2 function(s) (from SAM template template.yaml), monolith http://127.0.0.1:3000\n`);
  });
});
