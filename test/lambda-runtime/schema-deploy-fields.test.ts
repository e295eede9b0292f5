import { describe, expect, it } from 'vitest';
import { FunctionSchema } from '../../lambda-runtime/index.js';

// The fields a function needs on AWS besides what the local service uses: code (a packaged artifact), runtime and
// architectures (read by strangler template and strangler package).
const base = { name: 'fn', handler: 'index.handler' };

describe('function fields for deployment', () => {
  it.each([
    [{ ...base, code: 'build/fn.zip' }],
    [{ ...base, runtime: 'nodejs22.x', architectures: ['arm64'] }],
    [{ name: 'fn', bootstrap: 'bootstrap', code: 'build/fn.zip', runtime: 'provided.al2023' }],
  ])('accepts %j', (input) => {
    expect(FunctionSchema.safeParse(input).success).toBe(true);
  });

  it.each([
    [{ ...base, runtime: 'node22' }, ['runtime'], /Lambda runtime identifier/],
    [{ name: 'fn', bootstrap: 'bootstrap', runtime: 'nodejs22.x' }, ['runtime'], /OS-only runtime/],
    [{ ...base, architectures: ['x86_64', 'arm64'] }, ['architectures'], /exactly one architecture/],
    [{ ...base, architectures: ['aarch64'] }, ['architectures', 0], /./],
    [{ ...base, code: '' }, ['code'], /./],
  ])('rejects %j at the field', (input, path, message) => {
    const result = FunctionSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => JSON.stringify(i.path) === JSON.stringify(path));
    expect(issue?.message).toMatch(message);
  });
});
