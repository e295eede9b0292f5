import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { CLI, tempDir } from '../helpers/index.js';
import { fixture, INVALID, ROOT, VALID } from '../proxy/plan/fixtures.js';

/** `strangler ARGS` as users run it: the compiled CLI in a child process, from the repository root. */
function strangler(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  if (run.error) throw run.error;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The same through `main()` in this process. */
async function inProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('strangler plan validate (child process)', () => {
  it.each(VALID)('%s: exit 0 and a one-line summary', (name) => {
    const { code, stdout, stderr } = strangler('plan', 'validate', fixture(name));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(`^${fixture(name).replace(/[.]/g, '\\.')}: valid: \\d+ route\\(s\\).*, \\d+ function\\(s\\), monolith https?://\\S+\\n$`),
    );
  });

  it.each(INVALID)('%s: exit 1 and every problem as FILE:LINE:COL field.path: message', (name, expected) => {
    const file = fixture(name);
    const { code, stdout, stderr } = strangler('plan', 'validate', file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(expected.length + 1);
    expected.forEach(([at, message], i) => {
      expect(lines[i]!.startsWith(`${file}:${at}: `), lines[i]).toBe(true);
      expect(lines[i]).toContain(message);
    });
    expect(lines.at(-1)).toBe(`${file}: invalid: ${expected.length} problem(s)`);
  });

  it('migration-plans/shop.yaml is valid', () => {
    const { code, stdout } = strangler('plan', 'validate', 'migration-plans/shop.yaml');
    expect(code).toBe(0);
    expect(stdout).toBe('migration-plans/shop.yaml: valid: 15 route(s) (4 live, 1 shadow, 10 off), 1 function(s), monolith http://127.0.0.1:3000\n');
  });

  it('a missing file is a located problem, exit 1', () => {
    const { code, stderr } = strangler('plan', 'validate', 'test/fixtures/plans/nope.yaml');
    expect(code).toBe(1);
    expect(stderr).toBe('test/fixtures/plans/nope.yaml:1:1 (plan): cannot read plan: file not found\ntest/fixtures/plans/nope.yaml: invalid: 1 problem(s)\n');
  });

  it('without a FILE: usage error, exit 2', () => {
    const { code, stderr } = strangler('plan', 'validate');
    expect(code).toBe(2);
    expect(stderr).toContain('strangler plan validate: expected exactly one plan FILE');
    expect(stderr).toContain('Usage: strangler plan validate FILE');
  });

  it('--help prints the usage, exit 0', () => {
    const { code, stdout } = strangler('plan', 'validate', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: strangler plan validate FILE/);
  });
});

describe('strangler plan validate (in process, main())', () => {
  it.each(INVALID)('%s: the same problems as the child process', async (name, expected) => {
    const file = fixture(name);
    const { code, stdout, stderr } = await inProcess('plan', 'validate', `${ROOT}${file}`);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const prefix = `${ROOT}${file}:`;
    const lines = stderr.trimEnd().split('\n');
    expect(lines.slice(0, -1).every((l) => l.startsWith(prefix))).toBe(true);
    // `LINE:COL field.path`, then `: message`.
    expect(lines.slice(0, -1).map((l) => l.slice(prefix.length).split(': ')[0])).toEqual(expected.map(([at]) => at));
  });

  it.each(VALID)('%s: exit 0', async (name) => {
    const { code, stdout, stderr } = await inProcess('plan', 'validate', `${ROOT}${fixture(name)}`);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain(': valid: ');
  });

  it('rejects an unknown option with exit 2', async () => {
    const { code, stderr } = await inProcess('plan', 'validate', '--strict', 'x.yaml');
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--strict'");
  });
});

describe('strangler plan validate with `functions: FILE`', () => {
  const dir = `${ROOT}test/fixtures/functions/`;

  it('counts the functions of the file the plan points to', async () => {
    const { code, stdout } = await inProcess('plan', 'validate', `${dir}functions-file.plan.yaml`);
    expect(code).toBe(0);
    expect(stdout).toBe(`${dir}functions-file.plan.yaml: valid: 0 route(s), 2 function(s) (from functions.yaml), monolith http://127.0.0.1:3000\n`);
  });

  it('lists the problems of that file, located in it', async () => {
    const tmp = tempDir();
    try {
      const plan = tmp.writePlan('plan.yaml', { monolith: { url: 'http://127.0.0.1:3000' }, functions: `${dir}invalid-functions.yaml` });
      const { code, stderr } = await inProcess('plan', 'validate', plan);
      expect(code).toBe(1);
      const lines = stderr.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(2);
      for (const line of lines.slice(0, -1))
        expect(line).toMatch(new RegExp(`^${dir.replace(/[.]/g, '\\.')}invalid-functions\\.yaml:\\d+:\\d+ functions\\[\\d+\\]`));
      expect(lines.at(-1)).toMatch(/: invalid: \d+ problem\(s\)$/);
    } finally {
      tmp.remove();
    }
  });
});

describe('strangler plan validate: paths that differ only in case', () => {
  const routes = (first: Record<string, unknown>) => [
    { id: 'catalog', match: { methods: ['GET'], path: '/products/:id', ...first }, function: { name: 'catalog' } },
    { id: 'catalog-upper', match: { methods: ['GET'], path: '/Products/:id' }, function: { name: 'catalog' } },
  ];

  it('warns (exit 0) when the earlier route is case-sensitive: the later one still takes the other spellings', async () => {
    const dir = tempDir();
    try {
      const file = dir.writePlan('case.yaml', { monolith: { url: 'http://127.0.0.1:3000' }, routes: routes({ caseSensitive: true }) } as never);
      const { code, stdout, stderr } = await inProcess('plan', 'validate', file);
      expect(code).toBe(0);
      expect(stdout).toContain(': valid: 2 route(s)');
      expect(stderr).toBe(`${file}: warning: routes[1].match.path: GET /Products/:id differs only in case from routes[0] ("catalog") /products/:id\n`);
    } finally {
      dir.remove();
    }
  });

  it('is an error when the earlier route ignores case (the default): the later one would never match', async () => {
    const dir = tempDir();
    try {
      const file = dir.writePlan('case.yaml', { monolith: { url: 'http://127.0.0.1:3000' }, routes: routes({}) } as never);
      const { code, stderr } = await inProcess('plan', 'validate', file);
      expect(code).toBe(1);
      expect(stderr).toContain(
        'routes[1].match: GET /Products/:id is already matched by routes[0] ("catalog"), which ignores case; this route would never match',
      );
    } finally {
      dir.remove();
    }
  });
});
