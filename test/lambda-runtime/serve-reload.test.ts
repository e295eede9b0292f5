import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ResourceNotFoundException, type LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaClient as Client } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnCli, tempDir, waitFor, type CliProcess, type TempDir } from '../helpers/index.js';
import { FUNCTIONS_DIR, invoke, isGone } from './helpers.js';

/**
 * `strangler lambda serve` reloads its functions when the plan changes, seen only through the Invoke API and the
 * processes: an added function answers, a changed one runs in a fresh environment while the invocation in flight
 * finishes on the old one, a removed one finishes what it runs and then answers ResourceNotFound.
 */

const HANDLER = `${FUNCTIONS_DIR}reload.handler`;
const SAM_CODE = fileURLToPath(new URL('../fixtures/sam/hello-world/', import.meta.url));

let cli: CliProcess | undefined;
let client: LambdaClient | undefined;
let tmp: TempDir | undefined;

afterEach(async () => {
  client?.destroy();
  await cli?.stop();
  tmp?.remove();
  cli = client = tmp = undefined;
});

interface Answer {
  pid: number;
  version: string | null;
}

function plan(functions: Array<{ name: string; version: string }>): string {
  const lines = functions.map((f) => `  - name: ${f.name}\n    handler: ${HANDLER}\n    environment: { VERSION: "${f.version}" }\n`);
  return `monolith:\n  url: http://127.0.0.1:3000\nfunctions:\n${lines.join('')}`;
}

/** Runs `strangler lambda serve --plan FILE` and points the client at it. */
async function serve(file: string, flag = '--plan'): Promise<{ serving: CliProcess; api: LambdaClient }> {
  const serving = (cli = spawnCli(['lambda', 'serve', flag, file, '--port', '0']));
  const [, endpoint] = await serving.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const api = (client = new Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 }));
  return { serving, api };
}

/** Starts `fn` with `hold` and resolves once the function runs it (it wrote the marker file). */
async function holding(name: string, ms: number): Promise<{ result: Promise<Answer>; pid: number }> {
  const path = tmp!.path(`${name}-${Date.now()}.started`);
  const result = invoke(client!, name, { hold: { path, ms } }).then((r) => {
    expect(r.output.FunctionError).toBeUndefined();
    return r.json as Answer;
  });
  await waitFor(() => existsSync(path), { timeoutMs: 10_000, what: `${name} to start the held invocation` });
  return { result, pid: Number(readFileSync(path, 'utf8')) };
}

describe("strangler lambda serve reloads the plan's functions", () => {
  it('added → answers; changed → fresh environment after the in-flight call; removed → drains, then ResourceNotFound', async () => {
    // Prepare: one function, version 1.
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', plan([{ name: 'orders', version: '1' }]));
    const { serving, api } = await serve(file);

    const first = (await invoke(api, 'orders', {})).json as Answer;
    expect(first.version).toBe('1');
    await expect(invoke(api, 'payments', {})).rejects.toBeInstanceOf(ResourceNotFoundException);

    // Act: while orders v1 holds an invocation, the plan changes orders and adds payments.
    const held = await holding('orders', 1500);
    expect(held.pid).toBe(first.pid);
    tmp.writePlan(
      'plan.yaml',
      plan([
        { name: 'orders', version: '2' },
        { name: 'payments', version: '1' },
      ]),
    );
    await serving.waitForOutput(/"event":"functions\.reload","added":\["payments"\],"changed":\["orders"\]/);

    // Assert: new calls run v2 in a new process at once; the held call finishes on the old one, which then stops.
    const second = (await invoke(api, 'orders', {})).json as Answer;
    expect(second).toEqual({ pid: expect.any(Number), version: '2' });
    expect(second.pid).not.toBe(first.pid);
    expect(await held.result).toEqual({ pid: first.pid, version: '1' });
    await waitFor(() => isGone(first.pid), { what: 'the old orders environment to stop' });
    expect(((await invoke(api, 'payments', {})).json as Answer).version).toBe('1');

    // Act: orders is removed while it holds an invocation.
    const last = await holding('orders', 1500);
    expect(last.pid).toBe(second.pid);
    tmp.writePlan('plan.yaml', plan([{ name: 'payments', version: '1' }]));
    await serving.waitForOutput(/"event":"functions\.reload","added":\[\],"changed":\[\],"removed":\["orders"\]/);

    // Assert: new calls are refused, the running one still gets its answer, then the environment stops.
    await expect(invoke(api, 'orders', {})).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(await last.result).toEqual({ pid: second.pid, version: '2' });
    await waitFor(() => isGone(second.pid), { what: "the removed function's environment to stop" });
    expect(((await invoke(api, 'payments', {})).json as Answer).version).toBe('1');
  });

  it('an invalid change is logged with its problems and the functions keep serving', async () => {
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', plan([{ name: 'orders', version: '1' }]));
    const { serving, api } = await serve(file);

    tmp.writePlan('plan.yaml', `${plan([{ name: 'orders', version: '2' }])}    timeout: 1000\n`);
    const [line] = await serving.waitForOutput(/\{[^\n]*"functions reload rejected[^\n]*\}/);
    const logged = JSON.parse(line) as { event: string; problems: string[] };
    expect(logged.event).toBe('functions.reload');
    expect(logged.problems).toEqual([expect.stringMatching(/plan\.yaml:\d+:\d+ functions\[0\]\.timeout: /)]);
    expect(((await invoke(api, 'orders', {})).json as Answer).version).toBe('1');
  });

  it('a SAM template given with --template: a function added to it answers, with Globals applied', async () => {
    tmp = tempDir();
    const template = (functions: string[]): string =>
      `Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: nodejs20.x\n    CodeUri: ${SAM_CODE}\n    Handler: app.lambdaHandler\n    Environment:\n      Variables:\n        STAGE: local\nResources:\n` +
      functions.map((id) => `  ${id}:\n    Type: AWS::Serverless::Function\n`).join('');
    const file = tmp.writePlan('template.yaml', template(['HelloFunction']));
    const { serving, api } = await serve(file, '--template');
    await expect(invoke(api, 'ByeFunction', {})).rejects.toBeInstanceOf(ResourceNotFoundException);

    tmp.writePlan('template.yaml', template(['HelloFunction', 'ByeFunction']));
    await serving.waitForOutput(/"event":"functions\.reload","added":\["ByeFunction"\],"changed":\[\],"removed":\[\],"unchanged":\["HelloFunction"\]/);
    const bye = await invoke(api, 'ByeFunction', {});
    expect(JSON.parse((bye.json as { body: string }).body)).toMatchObject({ message: 'hello world', stage: 'local' });
  });
});
