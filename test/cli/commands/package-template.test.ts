import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli, tempDir } from '../../helpers/index.js';
import { checkTemplate } from '../../helpers/cfn-spec.js';

// `strangler package` and `strangler template` as users run them (the compiled CLI in a child process).
const SHOP = fileURLToPath(new URL('../../../migration-plans/shop.yaml', import.meta.url));
const tmp = tempDir('strangler-cli-package-');
afterAll(() => tmp.remove());

async function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const run = spawnCli(args, { cwd: tmp.dir });
  const { code } = await run.exited;
  return { code, out: run.stdout(), err: run.stderr() };
}

describe('strangler package and template', () => {
  it("package --all writes each handler function's zip and prints its summary; template points CodeUri at it", async () => {
    const packaged = await cli(['package', '--all', '--plan', SHOP, '--out', 'build']);
    expect(packaged.err).toBe('');
    expect(packaged.code).toBe(0);
    expect(packaged.out).toMatch(/^shop-catalog: .*build\/shop-catalog\.zip$/m);
    expect(packaged.out).toMatch(/^ {2}handler {3}index\.handler \(nodejs22\.x\)$/m);
    expect(packaged.out).toMatch(/^ {2}size {6}[\d.]+ KB zipped, [\d.]+ (KB|MB) unzipped/m);
    // Ten largest inputs, one line each.
    expect(packaged.out.split('largest inputs:\n')[1]!.trimEnd().split('\n')).toHaveLength(10);
    expect(existsSync(tmp.path('build/shop-catalog.zip'))).toBe(true);

    const written = await cli(['template', '--plan', SHOP, '--package-dir', 'build', '--out', 'template.yaml']);
    expect(written.code).toBe(0);
    const template = parse(readFileSync(tmp.path('template.yaml'), 'utf8')) as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    expect(template.Resources.ShopCatalogFunction!.Properties.CodeUri).toBe('build/shop-catalog.zip');
    expect(checkTemplate(template)).toEqual([]);
  });

  it.each([
    [['package', 'nope', '--plan', SHOP], 1, /STRANGLER_PACKAGE_UNKNOWN_FUNCTION: function "nope" is not in .* \(functions: shop-catalog\)/],
    [['package', '--plan', SHOP], 2, /name one FUNCTION or give --all/],
    [['template', '--plan', SHOP, '--format', 'terraform'], 2, /--format must be sam or cloudformation/],
  ])('strangler %j exits %i with a message saying what is wrong', async (args, exit, message) => {
    const r = await cli(args);
    expect(r.code).toBe(exit);
    expect(r.err).toMatch(message);
  });
});
