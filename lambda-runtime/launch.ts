import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeRoot } from './code-artifact.js';
import { LAMBDA_SERVICE_CODES, LambdaServiceError } from './errors.js';
import { DEFAULT_RUNTIME_CLIENT, LATEST, type FunctionConfig } from '../proxy/schemas/functions.js';

/**
 * How to start an execution environment of a function: the command, its working directory and the environment
 * Lambda gives a runtime (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
 */

/** A function ready to run: its configuration plus everything derived from it once. */
export interface ResolvedFunction {
  config: FunctionConfig;
  name: string;
  /** `arn:aws:lambda:REGION:ACCOUNT:function:NAME` (append `:QUALIFIER` for a qualified ARN). */
  arn: string;
  /** Qualifiers that exist: `$LATEST` and the aliases. */
  qualifiers: ReadonlySet<string>;
  timeoutMs: number;
  runtimeClient: 'builtin' | 'aws-lambda-ric' | 'bootstrap';
  command: string;
  args: string[];
  cwd: string;
  /** The file that must exist to start (shown in Runtime.InvalidEntrypoint and start-up warnings). */
  entrypoint: string;
  /** Environment without the per-instance variables (runtime API address, log stream). */
  env: Record<string, string>;
}

export interface ResolveOptions {
  baseDir: string;
  region: string;
  accountId: string;
  /** Where `code:` zips are unzipped. Default DEFAULT_CODE_CACHE_DIR. */
  codeCacheDir?: string;
}

/** Host variables a function still needs locally (a real Lambda has its own PATH and an execution role). */
const PASSED_THROUGH = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];

export function resolveFunction(config: FunctionConfig, options: ResolveOptions): ResolvedFunction {
  const arn = `arn:aws:lambda:${options.region}:${options.accountId}:function:${config.name}`;
  // With `code:`, handler and bootstrap are paths inside the artifact, as in AWS.
  const baseDir = config.code === undefined ? options.baseDir : codeRoot(absolute(options.baseDir, config.code), config.name, options.codeCacheDir);
  const base = {
    config,
    name: config.name,
    arn,
    qualifiers: new Set([LATEST, ...config.aliases]),
    timeoutMs: Math.round(config.timeout * 1000),
  };
  const lambdaEnv: Record<string, string> = {
    AWS_LAMBDA_FUNCTION_NAME: config.name,
    AWS_LAMBDA_FUNCTION_VERSION: LATEST,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.name}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    TZ: 'UTC',
  };
  const host: Record<string, string> = { LANG: 'en_US.UTF-8' };
  for (const key of PASSED_THROUGH) if (process.env[key] !== undefined) host[key] = process.env[key]!;

  if (config.bootstrap !== undefined) {
    const entrypoint = absolute(baseDir, config.bootstrap);
    // A zip keeps no file modes we read back; Lambda runs the bootstrap of a package as an executable.
    if (config.code !== undefined && baseDir !== absolute(options.baseDir, config.code) && existsSync(entrypoint)) chmodSync(entrypoint, 0o755);
    const cwd = dirname(entrypoint);
    return {
      ...base,
      runtimeClient: 'bootstrap',
      command: entrypoint,
      args: [],
      cwd,
      entrypoint,
      env: { ...host, ...config.environment, ...lambdaEnv, LAMBDA_TASK_ROOT: cwd, LAMBDA_RUNTIME_DIR: cwd, _HANDLER: basename(entrypoint) },
    };
  }

  // The handler's folder becomes the task root so that aws-lambda-ric (which rejects `..` in _HANDLER) and ours load
  // `file.export` from it alike.
  const handler = splitHandler(config.handler!);
  const taskRoot = absolute(baseDir, handler.dir);
  const client = config.runtimeClient ?? DEFAULT_RUNTIME_CLIENT;
  const entrypoint = client === 'aws-lambda-ric' ? ricEntrypoint(config.name) : builtinBootstrapPath();
  // Lambda's Node runtime sizes V8's heap from the memory setting (new space a tenth, old space the rest).
  const newSpace = Math.floor(config.memorySize / 10);
  return {
    ...base,
    runtimeClient: client,
    command: process.execPath,
    args: [`--max-semi-space-size=${Math.max(1, Math.floor(newSpace / 2))}`, `--max-old-space-size=${config.memorySize - newSpace}`, entrypoint],
    cwd: taskRoot,
    entrypoint,
    env: {
      ...host,
      ...config.environment,
      ...lambdaEnv,
      AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`,
      LAMBDA_TASK_ROOT: taskRoot,
      LAMBDA_RUNTIME_DIR: dirname(entrypoint),
      _HANDLER: `${handler.module}.${handler.exportName}`,
    },
  };
}

/** A handler string split as AWS does: `dir/file.export.path` → folder, module file name (no extension), export. */
export interface HandlerParts {
  /** Folder of the module (`.` when none); may be absolute. */
  dir: string;
  module: string;
  exportName: string;
}

/**
 * AWS splits `dir/file.export` at the last `/`, then the file name at its first dot.
 * @example
 *   splitHandler('../dist/fn/catalog.handler') // { dir: '../dist/fn', module: 'catalog', exportName: 'handler' }
 */
export function splitHandler(handler: string): HandlerParts {
  const slash = handler.lastIndexOf('/');
  const file = handler.slice(slash + 1);
  const dot = file.indexOf('.');
  return { dir: slash >= 0 ? handler.slice(0, slash) || '/' : '.', module: file.slice(0, dot), exportName: file.slice(dot + 1) };
}

/** Per-instance variables: the Runtime API address and a log stream name like Lambda's `2024/01/31/[$LATEST]hex`. */
export function instanceEnv(fn: ResolvedFunction, runtimeApi: string): Record<string, string> {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return { ...fn.env, AWS_LAMBDA_RUNTIME_API: runtimeApi, AWS_LAMBDA_LOG_STREAM_NAME: `${day}/[${LATEST}]${randomBytes(16).toString('hex')}` };
}

function absolute(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/**
 * Our bootstrap runs as compiled JavaScript: next to this file in dist/, or, when this file runs from source (tests),
 * in the dist/ the build emitted.
 */
export function builtinBootstrapPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, 'bootstrap/main.js'), resolve(here, '../dist/lambda-runtime/bootstrap/main.js')];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined) {
    throw new LambdaServiceError(LAMBDA_SERVICE_CODES.CONFIG, `the built-in bootstrap is not built (looked for ${candidates.join(', ')}): run npm run build`);
  }
  return found;
}

function ricEntrypoint(functionName: string): string {
  try {
    return createRequire(import.meta.url).resolve('aws-lambda-ric');
  } catch (err) {
    throw new LambdaServiceError(
      LAMBDA_SERVICE_CODES.CONFIG,
      `function "${functionName}" uses runtimeClient aws-lambda-ric, but the package is not installed: npm install --save-dev aws-lambda-ric`,
      { cause: err },
    );
  }
}
