import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { functionsOfPlan, FunctionSchema, loadFunctionsFile, startLambdaService } from '../../lambda-runtime/index.js';
import { PlanError, type Plan } from '../../proxy/plan/index.js';
import { FUNCTIONS_DIR } from './helpers.js';

describe('FunctionSchema', () => {
  it('applies the AWS defaults', () => {
    expect(FunctionSchema.parse({ name: 'hello', handler: 'src/hello.handler' })).toEqual({
      name: 'hello',
      handler: 'src/hello.handler',
      timeout: 3,
      memorySize: 128,
      environment: {},
      aliases: [],
    });
  });

  it.each([
    ['neither handler nor bootstrap', { name: 'f' }, '', 'set exactly one of handler or bootstrap'],
    ['both handler and bootstrap', { name: 'f', handler: 'a.b', bootstrap: 'x' }, '', 'set exactly one'],
    ['a handler without export', { name: 'f', handler: 'index' }, 'handler', 'path/to/file.exportName'],
    ['a bad name', { name: 'my function', handler: 'a.b' }, 'name', 'letters, digits'],
    ['a zero timeout', { name: 'f', handler: 'a.b', timeout: 0 }, 'timeout', ''],
    ['a timeout over 900 s', { name: 'f', handler: 'a.b', timeout: 901 }, 'timeout', ''],
    ['too little memory', { name: 'f', handler: 'a.b', memorySize: 64 }, 'memorySize', ''],
    ['a reserved variable', { name: 'f', handler: 'a.b', environment: { AWS_REGION: 'x' } }, 'environment.AWS_REGION', 'reserved'],
    ['a bad variable name', { name: 'f', handler: 'a.b', environment: { '1X': 'x' } }, 'environment.1X', 'invalid variable name: must start with a letter'],
    ['$LATEST as an alias', { name: 'f', handler: 'a.b', aliases: ['$LATEST'] }, 'aliases.0', ''],
    ['a numeric alias', { name: 'f', handler: 'a.b', aliases: ['12'] }, 'aliases.0', 'not only digits'],
    ['a duplicate alias', { name: 'f', handler: 'a.b', aliases: ['live', 'live'] }, 'aliases.1', 'duplicate'],
    ['runtimeClient with a bootstrap', { name: 'f', bootstrap: 'b', runtimeClient: 'builtin' }, 'runtimeClient', 'handler functions only'],
    ['an unknown key', { name: 'f', handler: 'a.b', memory: 128 }, '', 'memory'],
  ])('rejects %s', (_what, input, path, message) => {
    const result = FunctionSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issues = (result as z.ZodSafeParseError<unknown>).error.issues;
    expect(issues.some((i) => i.path.join('.') === path && i.message.includes(message))).toBe(true);
  });
});

describe('functions of a plan', () => {
  it('reads a functions file with paths relative to it', () => {
    const loaded = { plan: { functions: 'functions.yaml' } as unknown as Plan, file: `${FUNCTIONS_DIR}functions-file.plan.yaml`, dir: FUNCTIONS_DIR };
    const { functions, baseDir } = functionsOfPlan(loaded);
    expect(functions.map((f) => f.name)).toEqual(['hello', 'echo']);
    expect(functions[1]).toMatchObject({ handler: 'http-echo.handler', aliases: ['live'], timeout: 3 });
    expect(baseDir).toBe(FUNCTIONS_DIR.replace(/\/$/, ''));
  });

  it('reports every problem of a functions file as FILE:LINE:COL field: message', () => {
    const error = (() => {
      try {
        loadFunctionsFile(`${FUNCTIONS_DIR}invalid-functions.yaml`);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(PlanError);
    const { problems, code } = error as PlanError;
    expect(code).toBe('STRANGLER_PLAN_INVALID');
    const at = (path: string): { line: number } | undefined => problems.find((p) => p.path === path);
    expect(at('functions[1].name')).toMatchObject({ line: 4 });
    expect(at('functions[1].handler')).toMatchObject({ line: 5 });
    expect(at('functions[1].timeout')).toMatchObject({ line: 6 });
    expect(at('functions[1].environment.AWS_REGION')).toMatchObject({ line: 8 });
    expect(at('functions[2].colour')).toMatchObject({ line: 12, message: 'unknown key "colour"' });
  });

  it('says which file is missing', () => {
    expect(() => loadFunctionsFile(`${FUNCTIONS_DIR}nope.yaml`)).toThrow(/file not found/);
  });
});

describe('startLambdaService configuration errors', () => {
  it('rejects invalid functions with STRANGLER_LAMBDA_SERVICE_CONFIG naming the field', async () => {
    await expect(startLambdaService({ functions: [{ name: 'f', handler: 'nope' }], baseDir: FUNCTIONS_DIR })).rejects.toMatchObject({
      code: 'STRANGLER_LAMBDA_SERVICE_CONFIG',
      message: expect.stringContaining('functions[0].handler'),
    });
  });

  it('rejects duplicate names', async () => {
    const f = { name: 'f', handler: 'hello.handler' };
    await expect(startLambdaService({ functions: [f, f], baseDir: FUNCTIONS_DIR })).rejects.toMatchObject({ code: 'STRANGLER_LAMBDA_SERVICE_CONFIG' });
  });

  it('says when the port is taken (STRANGLER_LAMBDA_SERVICE_LISTEN)', async () => {
    const first = await startLambdaService({ functions: [], baseDir: FUNCTIONS_DIR });
    try {
      await expect(startLambdaService({ functions: [], baseDir: FUNCTIONS_DIR, port: first.port })).rejects.toMatchObject({
        code: 'STRANGLER_LAMBDA_SERVICE_LISTEN',
        message: expect.stringContaining('EADDRINUSE'),
      });
    } finally {
      await first.close();
    }
  });
});
