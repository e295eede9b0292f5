import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLES, ERRORS_DOC_PATH, renderErrorsDoc } from '../../../proxy/error-codes/index.js';
import { ROOT } from '../plan/fixtures.js';

/** `STRANGLER_*` names in the sources that are not error codes (environment variables). */
const NOT_CODES = new Set(['STRANGLER_CLUSTER_PINS']);
const SOURCE_DIRS = ['proxy', 'adapters', 'lambda-runtime', 'cloudformation', 'packaging', 'cli', 'planner'];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const codes = ERROR_TABLES.flatMap(({ table }) => Object.keys(table));

describe('docs/errors.md and the code tables', () => {
  it('the committed page is what the tables render', () => {
    const committed = readFileSync(join(ROOT, ERRORS_DOC_PATH), 'utf8');
    expect(committed, `${ERRORS_DOC_PATH} is out of date: run \`npm run docs\` and commit it`).toBe(renderErrorsDoc(ERROR_TABLES));
  });

  it('lists every code with its status (STRANGLER_LAMBDA_TIMEOUT answers 504, STRANGLER_PLAN_INVALID is not answered over HTTP)', () => {
    const page = renderErrorsDoc(ERROR_TABLES);
    expect(page).toContain('| `STRANGLER_LAMBDA_TIMEOUT` | 504 |');
    expect(page).toContain('| `STRANGLER_PLAN_INVALID` |  |');
    for (const code of codes) expect(page).toContain(`| \`${code}\` |`);
  });

  it('every code is in exactly one table, spelt STRANGLER_*, with a meaning and a 4xx/5xx status if any', () => {
    expect(new Set(codes).size).toBe(codes.length);
    for (const { table } of ERROR_TABLES) {
      for (const [code, info] of Object.entries(table)) {
        expect(code).toMatch(/^STRANGLER_[A-Z0-9_]+$/);
        expect(info.meaning.length).toBeGreaterThan(10);
        if (info.status !== undefined) expect(info.status >= 400 && info.status <= 599, `${code}: ${info.status}`).toBe(true);
      }
    }
  });

  it('every STRANGLER_* code the sources use is declared in a table', () => {
    const used = new Map<string, string>();
    for (const file of SOURCE_DIRS.flatMap(sources)) {
      for (const [, code] of readFileSync(join(ROOT, file), 'utf8').matchAll(/'(STRANGLER_[A-Z0-9_]+)'/g)) used.set(code!, file);
    }
    // Positive control: the scan sees the codes the tables declare.
    expect(used.get('STRANGLER_MONOLITH_TIMEOUT')).toBe(join('proxy', 'forward', 'errors.ts'));
    const undeclared = [...used].filter(([code]) => !codes.includes(code) && !NOT_CODES.has(code)).map(([code, file]) => `${code} (${file})`);
    expect(undeclared).toEqual([]);
  });
});
