import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { closedPort, send, spawnCli, startUpstream, tempDir, type CliProcess, type TempDir, type Upstream } from '../helpers/index.js';

/** Environment-driven plans as users run them: the compiled CLI in a child process with its own environment. */
describe('plans from the environment (CLI)', () => {
  let tmp: TempDir | undefined;
  let cli: CliProcess | undefined;
  let mono: Upstream | undefined;

  afterEach(async () => {
    await cli?.stop();
    cli = undefined;
    await mono?.close();
    mono = undefined;
    tmp?.remove();
    tmp = undefined;
  });

  const PLAN = [
    'monolith:',
    '  url: ${MONOLITH_URL}',
    'lambda:',
    '  region: ${AWS_REGION:-eu-west-1}',
    'shadow:',
    '  store:',
    '    path: /var/lib/strangler/${DB_PASSWORD}.sqlite',
    '',
  ].join('\n');

  it('plan validate --print shows the resolved plan with secret-named values masked', async () => {
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', PLAN);
    cli = spawnCli(['plan', 'validate', file, '--print'], { env: { MONOLITH_URL: 'http://mono.internal:3000', DB_PASSWORD: 'hunter2' } });
    expect((await cli.exited).code).toBe(0);
    const [summary, ...rest] = cli.stdout().split('\n');
    expect(summary).toMatch(/: valid: 0 route\(s\), 0 function\(s\), monolith http:\/\/mono\.internal:3000$/);
    const printed = parse(rest.join('\n'));
    // Defaults are filled in, variables resolved, the secret never shown.
    expect(printed.monolith.url).toBe('http://mono.internal:3000');
    expect(printed.lambda.region).toBe('eu-west-1');
    expect(printed.listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(printed.shadow.store.path).toBe('/var/lib/strangler/****.sqlite');
    expect(cli.stdout()).not.toContain('hunter2');
  });

  it('plan validate names each unset variable at FILE:LINE:COL and exits 1', async () => {
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', PLAN);
    cli = spawnCli(['plan', 'validate', file], { env: { MONOLITH_URL: '', DB_PASSWORD: undefined } });
    expect((await cli.exited).code).toBe(1);
    // An empty MONOLITH_URL is set (only `:-` treats empty as unset), so it fails as a URL; DB_PASSWORD is unset.
    expect(cli.stderr()).toContain(`${file}:2:8 monolith.url: must be an absolute http:// or https:// URL`);
    expect(cli.stderr()).toContain(`${file}:7:30 shadow.store.path: environment variable DB_PASSWORD is not set`);
    expect(cli.stderr()).toContain(`${file}: invalid: 2 problem(s)`);
  });

  it('strangler proxy takes PORT and HOST from the environment, and the plan from ${…} on start and on reload', async () => {
    mono = await startUpstream((req, res) => res.end(`first ${req.url}`));
    const other = await startUpstream((req, res) => res.end(`second ${req.url}`));
    try {
      tmp = tempDir();
      const file = tmp.writePlan('plan.yaml', 'monolith:\n  url: ${MONOLITH_URL}\n');
      const port = await closedPort();
      // 127.0.0.2 is loopback too: the printed URL proves HOST was used rather than the plan's 127.0.0.1.
      cli = spawnCli(['proxy', '--plan', file, '--admin-port', '0'], { env: { PORT: String(port), HOST: '127.0.0.2', MONOLITH_URL: mono.url } });
      const [, url] = await cli.waitForOutput(/strangler proxy\s+(http:\/\/\S+)/);
      expect(url).toBe(`http://127.0.0.2:${port}`);
      expect((await send(`${url}/a`)).text).toBe('first /a');
      // Start-up writes nothing to stderr: no runtime deprecation warning (.ci/run runs this on Node 20 and 22).
      // On Node 20 the AWS SDK rightly announces that it will require Node 22: the one line allowed there.
      const major = Number(process.versions.node.split('.')[0]);
      const sdkNotice = /\(node:\d+\) Warning: NodeVersionSupportWarning:[\s\S]*?https:\/\/a\.co\/\S+\n(\(Use `node --trace-warnings[^\n]*\n)?/;
      expect(major >= 22 ? cli.stderr() : cli.stderr().replace(sdkNotice, '')).toBe('');

      // The environment of the running process is fixed, so a reload re-reads the same values: changing the
      // plan text to use another variable that is set proves the reload resolves references again.
      writeFileSync(file, `monolith:\n  url: \${OTHER_URL:-${other.url}}\n`);
      cli.child.kill('SIGHUP');
      await cli.waitForOutput(/"msg":"plan reloaded"/);
      expect((await send(`${url}/b`)).text).toBe('second /b');
    } finally {
      await other.close();
    }
  });

  it('a flag wins over its environment variable', async () => {
    mono = await startUpstream((_req, res) => res.end('ok'));
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', `monolith:\n  url: ${mono.url}\n`);
    const envPort = await closedPort();
    cli = spawnCli(['proxy', '--plan', file, '--port', '0', '--admin-port', '0', '--host', '127.0.0.1'], { env: { PORT: String(envPort), HOST: '127.0.0.3' } });
    const [, url] = await cli.waitForOutput(/strangler proxy\s+(http:\/\/\S+)/);
    const { hostname, port } = new URL(url!);
    expect(hostname).toBe('127.0.0.1');
    expect(Number(port)).not.toBe(envPort);
  });

  it('a bad PORT is a usage error that names the variable', async () => {
    cli = spawnCli(['proxy', '--plan', 'x.yaml'], { env: { PORT: 'eighty' } });
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr()).toContain('PORT (environment) must be a port number 0-65535, got "eighty"');
  });
});
