import { basename, dirname, relative, resolve } from 'node:path';
import { splitHandler } from '../lambda-runtime/launch.js';
import { functionsOfPlan } from '../lambda-runtime/plan.js';
import { ARCHITECTURES, DEFAULT_NODE_RUNTIME, DEFAULT_OS_RUNTIME, LATEST, type FunctionConfig } from '../proxy/schemas/functions.js';
import type { LoadedPlan } from '../proxy/plan/index.js';
import { TEMPLATE_CODES, TemplateError } from './errors.js';

/**
 * What a template describes, read from the plan once: each declared function with the code it deploys and the
 * qualifiers the proxy invokes, and the functions routes name that the plan does not declare (deployed elsewhere,
 * but the proxy still needs to invoke them). The two template formats are pure functions of this model.
 */

export interface DeployedFunction {
  name: string;
  /** CloudFormation logical id: letters and digits only (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html). */
  logicalId: string;
  /** The code: a zip or folder, relative to the template's folder (SAM resolves CodeUri against it). */
  codeUri: string;
  /** S3 key of the zip in `--format cloudformation` (the package's file name). */
  codeKey: string;
  handler: string;
  runtime: string;
  architectures: string[];
  memorySize: number;
  /** Whole seconds (the plan allows fractions; Lambda does not). */
  timeout: number;
  environment: Record<string, string>;
  reservedConcurrency: number | undefined;
  /** Provisioned concurrency, set on the function's first alias (AWS provisions an alias or a version, never $LATEST). */
  provisionedConcurrency: number | undefined;
  /** Aliases to create: the function's `aliases` and the qualifiers routes invoke, sorted. */
  aliases: string[];
  /** Published versions routes invoke (`qualifier: "3"`): granted, not created. */
  versions: string[];
}

export interface TemplateModel {
  functions: DeployedFunction[];
  /** Routed function names the plan does not declare, with the qualifiers routes use (`$LATEST` for none). */
  external: Array<{ name: string; qualifiers: string[] }>;
}

export interface ModelOptions {
  /** Where `strangler package` wrote the zips (absolute, or relative to the working directory). */
  packageDir: string;
  /** Folder of the template file: CodeUri paths are relative to it. */
  templateDir: string;
}

export function templateModel(loaded: LoadedPlan, options: ModelOptions): TemplateModel {
  const { functions, baseDir } = functionsOfPlan(loaded);
  const routed = new Map<string, Set<string>>();
  for (const route of loaded.plan.routes) {
    const set = routed.get(route.function.name) ?? new Set<string>();
    set.add(route.function.qualifier ?? LATEST);
    routed.set(route.function.name, set);
  }
  if (functions.length === 0 && routed.size === 0)
    throw new TemplateError(TEMPLATE_CODES.NO_FUNCTIONS, `${loaded.file} declares no functions and no route names one`);

  const ids = new Map<string, string>();
  const deployed = functions.map((fn) => {
    const logicalId = logicalIdOf(fn.name);
    const clash = ids.get(logicalId);
    if (clash !== undefined)
      throw new TemplateError(TEMPLATE_CODES.LOGICAL_ID, `functions "${clash}" and "${fn.name}" both become the logical id ${logicalId}: rename one`);
    ids.set(logicalId, fn.name);
    return deployedFunction(fn, logicalId, [...(routed.get(fn.name) ?? [])], baseDir, options);
  });
  const declared = new Set(functions.map((f) => f.name));
  const external = [...routed].filter(([name]) => !declared.has(name)).map(([name, q]) => ({ name, qualifiers: [...q].sort() }));
  return { functions: deployed, external };
}

function deployedFunction(fn: FunctionConfig, logicalId: string, qualifiers: string[], baseDir: string, options: ModelOptions): DeployedFunction {
  const invoked = qualifiers.filter((q) => q !== LATEST);
  const versions = invoked.filter((q) => /^\d+$/.test(q));
  const aliases = [...new Set([...fn.aliases, ...invoked.filter((q) => !/^\d+$/.test(q))])].sort();
  if ((fn.provisionedConcurrency ?? 0) > 0 && aliases.length === 0) {
    // https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html: configured on a version or alias.
    throw new TemplateError(
      TEMPLATE_CODES.PROVISIONED_NEEDS_ALIAS,
      `function "${fn.name}" sets provisionedConcurrency, which AWS configures on an alias or a version, never on $LATEST: add an alias (aliases: [live]) and route to it (function: { name: ${fn.name}, qualifier: live })`,
    );
  }
  const fromTemplate = (path: string): string => relative(options.templateDir, path) || '.';
  let codePath: string;
  let handler: string;
  if (fn.code !== undefined) {
    // Already packaged: deploy the artifact as it is, its handler as written.
    codePath = resolve(baseDir, fn.code);
    handler = fn.handler ?? fn.bootstrap!;
  } else if (fn.bootstrap !== undefined) {
    codePath = dirname(resolve(baseDir, fn.bootstrap));
    handler = basename(fn.bootstrap);
  } else {
    codePath = resolve(options.packageDir, `${fn.name}.zip`);
    handler = `index.${splitHandler(fn.handler!).exportName}`;
  }
  const environment = { ...fn.environment };
  // `strangler package` ships a source map; Node uses it for stack traces only with this flag
  // (https://docs.aws.amazon.com/lambda/latest/dg/typescript-exceptions.html).
  if (fn.code === undefined && fn.bootstrap === undefined && environment.NODE_OPTIONS === undefined) environment.NODE_OPTIONS = '--enable-source-maps';
  return {
    name: fn.name,
    logicalId,
    codeUri: fromTemplate(codePath),
    codeKey: basename(codePath),
    handler,
    runtime: fn.runtime ?? (fn.bootstrap !== undefined ? DEFAULT_OS_RUNTIME : DEFAULT_NODE_RUNTIME),
    architectures: fn.architectures ?? [ARCHITECTURES[0]],
    memorySize: fn.memorySize,
    timeout: Math.ceil(fn.timeout),
    environment,
    reservedConcurrency: fn.reservedConcurrency,
    provisionedConcurrency: fn.provisionedConcurrency,
    aliases,
    versions,
  };
}

/**
 * The properties `AWS::Serverless::Function` and `AWS::Lambda::Function` share, with the same names and types: how
 * the function runs, apart from where its code and role come from.
 */
export function runtimeProperties(fn: DeployedFunction): Record<string, unknown> {
  return {
    Handler: fn.handler,
    Runtime: fn.runtime,
    Architectures: fn.architectures,
    MemorySize: fn.memorySize,
    Timeout: fn.timeout,
    ...(Object.keys(fn.environment).length > 0 ? { Environment: { Variables: fn.environment } } : {}),
    ...(fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency }),
  };
}

/** `shop-catalog` → `ShopCatalogFunction`: each run of letters and digits capitalised, the rest dropped. */
export function logicalIdOf(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const id = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  // Logical ids start with a letter.
  return `${/^[A-Za-z]/.test(id) ? '' : 'Fn'}${id}Function`;
}
