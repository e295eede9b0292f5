import { z } from 'zod';

/**
 * The `functions:` section of a plan: the functions the local Lambda service runs. This file is the single source
 * of truth for it (types come from `z.infer`, defaults are the named constants below).
 *
 * Limits follow AWS: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
 */

/** Lambda's own naming rule for function names (1-64 chars of letters, digits, hyphens, underscores). */
export const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Alias names: AWS's pattern minus the leading-digit rule (a qualifier of digits only is a version, not an alias). */
export const ALIAS_NAME = /^(?!^[0-9]+$)[A-Za-z0-9_-]{1,128}$/;
/** AWS: environment variable keys start with a letter and hold only letters, digits and underscores. */
export const ENV_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

export const DEFAULT_TIMEOUT_S = 3;
export const DEFAULT_MEMORY_MB = 128;
export const DEFAULT_RUNTIME_CLIENT = 'builtin';
export const LATEST = '$LATEST';
/** Runtime of a handler function in `strangler template` and esbuild's target in `strangler package` (nodejs20.x follows Node 20's end of life). */
export const DEFAULT_NODE_RUNTIME = 'nodejs22.x';
/** Runtime of a bootstrap function in `strangler template`: the OS-only runtime. */
export const DEFAULT_OS_RUNTIME = 'provided.al2023';
/** Lambda's CPU architectures: https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html */
export const ARCHITECTURES = ['x86_64', 'arm64'] as const;

/**
 * Keys Lambda sets itself and rejects in a function's configuration ("reserved keys"):
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export const RESERVED_ENV_KEYS: ReadonlySet<string> = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/** `path/to/module.export` with AWS's split: the module is the file name up to its first dot, the rest the export. */
const HANDLER = /^(?:.*\/)?[^/.]+\.[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

/**
 * Lambda's runtime identifiers this toolkit deploys to: Node.js managed runtimes and the OS-only ones for a
 * `bootstrap`. https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
const RUNTIME = /^(?:nodejs\d{2}\.x|provided\.al20(?:23|2))$/;

/**
 * A function the local Lambda service runs. Paths (`handler`'s file, `bootstrap`, `code`) are relative to the file
 * that declares the function (the plan, or the functions file it points to). Exactly one of `handler` or
 * `bootstrap`; with `code`, that path is inside the artifact instead.
 */
export const FunctionSchema = z
  .strictObject({
    /** Function name, as in AWS. Required; unique in the plan. */
    name: z
      .string()
      .regex(FUNCTION_NAME, 'must be 1-64 letters, digits, hyphens or underscores')
      .describe('Function name, as in AWS. Required; unique in the plan.'),
    /**
     * `path/to/file.exportName` (ESM or CommonJS; `.js`, `.mjs` or `.cjs` is found as Lambda does), resolved against
     * the declaring file's folder. The file's folder becomes `LAMBDA_TASK_ROOT` and the working directory.
     */
    handler: z
      .string()
      .regex(HANDLER, 'must be path/to/file.exportName (the file name without extension, then the export)')
      .optional()
      .describe(
        "`path/to/file.exportName` (ESM or CommonJS; `.js`, `.mjs` or `.cjs` is found as Lambda does), resolved against the declaring file's folder. The file's folder becomes `LAMBDA_TASK_ROOT` and the working directory. Exactly one of `handler` or `bootstrap`.",
      ),
    /**
     * A custom-runtime executable that speaks the Runtime API itself (any language), like a `provided.al2023`
     * function's `bootstrap`. Its folder becomes `LAMBDA_TASK_ROOT` and the working directory.
     */
    bootstrap: z
      .string()
      .min(1)
      .optional()
      .describe(
        "A custom-runtime executable that speaks the Runtime API itself (any language), like a `provided.al2023` function's `bootstrap`. Its folder becomes `LAMBDA_TASK_ROOT` and the working directory.",
      ),
    /**
     * Runtime client for `handler` functions: `builtin` (default; ours, no native code) or `aws-lambda-ric` (AWS's own
     * client, an optional dependency). Not allowed with `bootstrap`.
     */
    runtimeClient: z
      .enum(['builtin', 'aws-lambda-ric'])
      .optional()
      .describe(
        "Runtime client for `handler` functions: `builtin` (default; ours, no native code) or `aws-lambda-ric` (AWS's own client, an optional dependency). Not allowed with `bootstrap`.",
      ),
    /** Timeout in seconds. Default 3, as in AWS; at most 900. Fractions are allowed here (AWS takes whole seconds). */
    timeout: z
      .number()
      .positive()
      .max(900)
      .default(DEFAULT_TIMEOUT_S)
      .describe('Timeout in seconds. Default 3, as in AWS; at most 900. Fractions are allowed here (AWS takes whole seconds).'),
    /** Memory size in MB (128-10240). Default 128, as in AWS. Sizes Node's heap like Lambda's Node runtime does. */
    memorySize: z
      .int()
      .min(128)
      .max(10240)
      .default(DEFAULT_MEMORY_MB)
      .describe("Memory size in MB (128-10240). Default 128, as in AWS. Sizes Node's heap like Lambda's Node runtime does."),
    /** Maximum concurrent invocations; over it synchronous calls get 429 and events wait. Default: no own limit. */
    reservedConcurrency: z
      .int()
      .min(0)
      .max(1000)
      .optional()
      .describe('Maximum concurrent invocations; over it synchronous calls get 429 and events wait. Default: no own limit.'),
    /**
     * Instances initialised when the service starts (or the function is loaded) and kept warm, as Lambda's
     * provisioned concurrency: invocations they take report no `Init Duration`; beyond N, on-demand instances start as
     * usual. At most `reservedConcurrency` when both are set (AWS requires it). Default none.
     * https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
     */
    provisionedConcurrency: z
      .int()
      .min(0)
      .max(1000)
      .optional()
      .describe(
        "Instances initialised when the service starts and kept warm, as Lambda's provisioned concurrency: invocations on them report no Init Duration; beyond N, on-demand instances start as usual. At most reservedConcurrency when both are set.",
      ),
    /** Environment variables of the function. Keys Lambda reserves (AWS_REGION, _HANDLER, ...) are rejected. */
    environment: z
      .record(z.string().regex(ENV_KEY), z.string(), {
        error: (issue) =>
          issue.code === 'invalid_key' ? 'invalid variable name: must start with a letter and hold only letters, digits and underscores' : undefined,
      })
      .default({})
      .describe('Environment variables of the function. Keys Lambda reserves (AWS_REGION, _HANDLER, ...) are rejected.'),
    /** Aliases (qualifiers) that may be invoked besides `$LATEST`; all run the same code. Default none. */
    aliases: z
      .array(z.string().regex(ALIAS_NAME, 'must be 1-128 letters, digits, hyphens or underscores, not only digits'))
      .default([])
      .describe('Aliases (qualifiers) that may be invoked besides `$LATEST`; all run the same code. Default none.'),
    /**
     * A packaged artifact instead of source: a `.zip` as `strangler package` writes it, or a folder holding the
     * unzipped layout. `handler` (or `bootstrap`) is then a path inside the artifact, as in AWS
     * (`handler: index.handler`). The local service unzips a `.zip` once into a cache folder keyed by its SHA-256.
     * Default: none (run the source in place).
     */
    code: z
      .string()
      .min(1)
      .optional()
      .describe(
        'A packaged artifact instead of source: a `.zip` as `strangler package` writes it, or a folder holding the unzipped layout. `handler` (or `bootstrap`) is then a path inside the artifact, as in AWS (`handler: index.handler`). The local service unzips a `.zip` once into a cache folder keyed by its SHA-256. Default: none (run the source in place).',
      ),
    /**
     * Lambda runtime identifier for `strangler template` (`nodejs22.x`, `provided.al2023` ...). Default: `nodejs22.x`
     * for a handler, `provided.al2023` for a bootstrap. The local service always runs this machine's Node.
     */
    runtime: z
      .string()
      .regex(RUNTIME, 'must be a Lambda runtime identifier such as nodejs22.x or provided.al2023')
      .optional()
      .describe(
        "Lambda runtime identifier for `strangler template` (`nodejs22.x`, `provided.al2023` ...). Default: `nodejs22.x` for a handler, `provided.al2023` for a bootstrap. The local service always runs this machine's Node.",
      ),
    /** Instruction set for `strangler template`: `[x86_64]` or `[arm64]` (Lambda takes exactly one). Default `[x86_64]`. */
    architectures: z
      .array(z.enum(ARCHITECTURES))
      .length(1, 'Lambda takes exactly one architecture')
      .optional()
      .describe('Instruction set for `strangler template`: `[x86_64]` or `[arm64]` (Lambda takes exactly one). Default `[x86_64]`.'),
  })
  .superRefine((f, ctx) => {
    if ((f.handler === undefined) === (f.bootstrap === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'set exactly one of handler or bootstrap' });
    }
    if (f.runtime !== undefined && f.bootstrap !== undefined && f.runtime.startsWith('nodejs')) {
      ctx.addIssue({ code: 'custom', path: ['runtime'], message: 'a bootstrap runs on an OS-only runtime (provided.al2023 or provided.al2)' });
    }
    if (f.provisionedConcurrency !== undefined && f.reservedConcurrency !== undefined && f.provisionedConcurrency > f.reservedConcurrency) {
      ctx.addIssue({ code: 'custom', path: ['provisionedConcurrency'], message: `must be at most reservedConcurrency (${f.reservedConcurrency})` });
    }
    if (f.bootstrap !== undefined && f.runtimeClient !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['runtimeClient'],
        message: 'runtimeClient applies to handler functions only; a bootstrap is its own runtime client',
      });
    }
    for (const key of Object.keys(f.environment)) {
      if (RESERVED_ENV_KEYS.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['environment', key], message: `"${key}" is reserved by Lambda and set by the service` });
      }
    }
    const seen = new Set<string>();
    f.aliases.forEach((alias, i) => {
      if (alias === LATEST || seen.has(alias)) {
        ctx.addIssue({
          code: 'custom',
          path: ['aliases', i],
          message: alias === LATEST ? '$LATEST always exists; do not list it' : `duplicate alias "${alias}"`,
        });
      }
      seen.add(alias);
    });
  });
export type FunctionConfig = z.infer<typeof FunctionSchema>;
export type FunctionInput = z.input<typeof FunctionSchema>;

/** The content of a functions file a plan may point to: `functions:` and nothing else. */
export const FunctionsFileSchema = z.strictObject({
  /** Points editors at a JSON Schema; ignored. */
  $schema: z.string().optional().describe('Points editors at a JSON Schema; ignored.'),
  functions: z.array(FunctionSchema),
});

/**
 * Functions read from an AWS SAM template: its `AWS::Serverless::Function` resources with `Globals.Function` applied
 * (see sam-template.ts). The path is relative to the plan; `CodeUri` and `Handler` relative to the template.
 */
export const SamTemplateSectionSchema = z.strictObject({
  /** Path of the SAM template (YAML or JSON), relative to the plan. Required. */
  samTemplate: z.string().min(1).describe('Path of the SAM template (YAML or JSON), relative to the plan. Required.'),
});

/**
 * The plan's `functions:` section: the list itself, the path of a YAML file holding `functions: [...]`, or
 * `{ samTemplate: FILE }` (paths relative to the plan). Default: no functions.
 */
export const FunctionsSectionSchema = z.union([z.array(FunctionSchema), z.string().min(1), SamTemplateSectionSchema]);
export type FunctionsSection = z.infer<typeof FunctionsSectionSchema>;
