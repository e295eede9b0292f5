import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Tags } from 'yaml';
import { formatPath, PlanError, type PlanProblem } from '../proxy/plan/errors.js';
import { SAM_TEMPLATE_CODES } from './errors.js';
import { FunctionSchema, type FunctionConfig, type FunctionInput } from '../proxy/schemas/functions.js';

/**
 * Reads the functions of an AWS SAM template, so a team that already has one does not write its functions twice.
 * `AWS::Serverless::Function` resources become local functions (the logical id, or `FunctionName`, is the name);
 * `Globals.Function` gives defaults the way SAM applies them (a resource's own value wins; `Environment.Variables`
 * merge key by key): https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
 *
 * Intrinsic functions are resolved only where the answer is known offline: `!Ref` to a parameter (its `Default`),
 * the pseudo parameters AWS::Region, AWS::AccountId, AWS::Partition and AWS::URLSuffix, `!Sub` and `!Join` over
 * those. Anything else (`!GetAtt`, `!ImportValue`, `!Ref` to a resource, `!If`...) exists only at deploy time, so it
 * is reported at its FILE:LINE:COL instead of guessed, and only where strangler reads it (a `!GetAtt` in `Events`
 * or `Outputs` is none of our business).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */

export const SAM_FUNCTION_TYPE = 'AWS::Serverless::Function';

export interface SamTemplateOptions {
  /** The value of AWS::Region. Default us-east-1. */
  region?: string;
  /** The value of AWS::AccountId. Default 000000000000 (the local service's account). */
  accountId?: string;
}

/** Every CloudFormation intrinsic with a YAML short form (`!Name`), as the long form names it. */
const INTRINSICS = [
  'Ref',
  'Condition',
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
];
const longName = (short: string): string => (short === 'Ref' || short === 'Condition' ? short : `Fn::${short}`);
const shortName = (long: string): string => long.replace(/^Fn::/, '');

/** The short forms as YAML tags of every node kind, kept on the node so the walk below sees them (no "Unresolved tag"). */
const CFN_TAGS: Tags = INTRINSICS.flatMap((name) => [
  { tag: `!${name}`, identify: () => false, resolve: (text: string) => text },
  { tag: `!${name}`, identify: () => false, collection: 'seq' as const },
  { tag: `!${name}`, identify: () => false, collection: 'map' as const },
]);

/** Marks a value that could not be resolved (a problem was recorded where it was found). */
const UNRESOLVED = Symbol('unresolved');
type Value = unknown;
type Path = Array<string | number>;

interface Walk {
  file: string;
  lines: LineCounter;
  params: Map<string, unknown>;
  pseudo: Record<string, string>;
  problems: PlanProblem[];
  unresolved: number;
}

/**
 * The functions of a SAM template, validated like a plan's `functions:` (paths relative to the template's folder).
 * Throws PlanError with code STRANGLER_SAM_UNRESOLVED_INTRINSIC when only intrinsics stood in the way, else
 * STRANGLER_SAM_TEMPLATE_INVALID, listing every problem as FILE:LINE:COL path: message.
 * @example
 *   const functions = loadSamTemplate('template.yaml');   // [{ name: 'HelloWorldFunction', handler: 'hello-world/app.lambdaHandler', ... }]
 */
export function loadSamTemplate(file: string, options: SamTemplateOptions = {}): FunctionConfig[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    fail([{ file, line: 1, col: 1, path: '(template)', message: `cannot read SAM template: ${reason}` }], 0);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, customTags: CFN_TAGS, uniqueKeys: true });
  if (doc.errors.length > 0) {
    fail(
      doc.errors.map((e) => ({ file, ...lines.linePos(e.pos[0]), path: '(template)', message: `YAML: ${e.message.split('\n')[0]}` })),
      0,
    );
  }
  const walk: Walk = {
    file,
    lines,
    params: new Map(),
    pseudo: {
      'AWS::Region': options.region ?? 'us-east-1',
      'AWS::AccountId': options.accountId ?? '000000000000',
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
    },
    problems: [],
    unresolved: 0,
  };
  const root = doc.contents;
  if (!isMap(root)) fail([{ file, line: 1, col: 1, path: '(template)', message: 'a SAM template is a mapping with Resources' }], 0);
  for (const [name, param] of entries(child(root, 'Parameters'))) {
    const fallback = child(param, 'Default');
    if (fallback !== undefined && isScalar(fallback)) walk.params.set(name, fallback.value);
    else walk.params.set(name, UNRESOLVED);
  }
  const globals = child(child(root, 'Globals'), 'Function');
  const resources = child(root, 'Resources');
  if (!isMap(resources)) problem(walk, resources ?? root, ['Resources'], 'required: the template has no Resources mapping');

  const functions: FunctionConfig[] = [];
  const names = new Map<string, string>();
  for (const [id, resource] of entries(resources)) {
    const type = child(resource, 'Type');
    if (!isScalar(type) || type.value !== SAM_FUNCTION_TYPE) continue;
    const fn = readFunction(walk, id, child(resource, 'Properties'), globals);
    if (fn === undefined) continue;
    const first = names.get(fn.name);
    if (first !== undefined) problem(walk, resource!, ['Resources', id], `duplicate function name "${fn.name}" (first: Resources.${first})`);
    else names.set(fn.name, id);
    functions.push(fn);
  }
  if (walk.problems.length > 0) fail(walk.problems, walk.unresolved);
  return functions;
}

/** Where a function field comes from in the template, to place schema problems. */
const PROPERTY_OF: Record<string, string> = {
  name: 'FunctionName',
  handler: 'Handler',
  bootstrap: 'CodeUri',
  timeout: 'Timeout',
  memorySize: 'MemorySize',
  reservedConcurrency: 'ReservedConcurrentExecutions',
  provisionedConcurrency: 'ProvisionedConcurrencyConfig',
  environment: 'Environment',
  aliases: 'AutoPublishAlias',
};

function readFunction(walk: Walk, id: string, props: Node | undefined, globals: Node | undefined): FunctionConfig | undefined {
  const base: Path = ['Resources', id, 'Properties'];
  const before = walk.problems.length;
  // A resource's own property wins over Globals.Function; `where` remembers which node was used.
  const where = new Map<string, { node: Node; path: Path }>();
  const read = (key: string): Value => {
    const own = child(props, key);
    const node = own ?? child(globals, key);
    if (node === undefined) return undefined;
    const path: Path = own !== undefined ? [...base, key] : ['Globals', 'Function', key];
    where.set(key, { node, path });
    return resolve(walk, node, path);
  };
  const at = (key: string): { node: Node; path: Path } => where.get(key) ?? { node: props ?? globals!, path: base };

  const codeUri = read('CodeUri') ?? '.';
  const runtime = read('Runtime');
  const handler = read('Handler');
  const input: Record<string, unknown> = { name: read('FunctionName') ?? id };
  if (read('PackageType') === 'Image')
    problem(walk, at('PackageType').node, at('PackageType').path, 'container image functions cannot run in the local Lambda service (zip functions only)');
  else if (typeof codeUri !== 'string' || codeUri.startsWith('s3://')) {
    if (codeUri !== UNRESOLVED)
      problem(walk, at('CodeUri').node, at('CodeUri').path, 'CodeUri must be a local folder here (S3 locations are for deployed code)');
  } else if (typeof runtime === 'string' && runtime.startsWith('provided')) input.bootstrap = posix.join(codeUri, 'bootstrap');
  else if (runtime === undefined || (typeof runtime === 'string' && runtime.startsWith('nodejs'))) {
    if (typeof handler === 'string') input.handler = posix.join(codeUri, handler);
    else if (handler === undefined) problem(walk, props ?? globals ?? at('Runtime').node, base, 'required: Handler (module.export, relative to CodeUri)');
  } else if (runtime !== UNRESOLVED) {
    problem(
      walk,
      at('Runtime').node,
      at('Runtime').path,
      `runtime "${String(runtime)}" cannot run in the local Lambda service (nodejs*.x handlers and provided.* bootstraps only)`,
    );
  }
  for (const [field, key] of [
    ['timeout', 'Timeout'],
    ['memorySize', 'MemorySize'],
    ['reservedConcurrency', 'ReservedConcurrentExecutions'],
  ] as const) {
    const value = read(key);
    if (value !== undefined && value !== UNRESOLVED) input[field] = value;
  }
  const alias = read('AutoPublishAlias');
  if (typeof alias === 'string') input.aliases = [alias];
  // SAM's spec types the count as a string; a template may hold either.
  const provisioned = read('ProvisionedConcurrencyConfig');
  if (provisioned !== undefined && provisioned !== UNRESOLVED) {
    const count = (provisioned as { ProvisionedConcurrentExecutions?: unknown } | null)?.ProvisionedConcurrentExecutions;
    input.provisionedConcurrency = typeof count === 'string' && /^\d+$/.test(count) ? Number(count) : count;
  }
  // SAM merges Environment.Variables of Globals and the resource key by key (the resource's value wins).
  const ownVars = child(child(props, 'Environment'), 'Variables');
  const globalVars = child(child(globals, 'Environment'), 'Variables');
  const environment: Record<string, unknown> = {};
  for (const [vars, path] of [
    [globalVars, ['Globals', 'Function', 'Environment', 'Variables']],
    [ownVars, [...base, 'Environment', 'Variables']],
  ] as const) {
    for (const [key, node] of entries(vars)) {
      const value = resolve(walk, node!, [...path, key]);
      if (value === UNRESOLVED) continue;
      // CloudFormation takes numbers and booleans as variable values and passes them as strings.
      environment[key] = value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
      where.set(`Environment.${key}`, { node: node!, path: [...path, key] });
    }
  }
  input.environment = environment;
  if (walk.problems.length > before) return undefined;

  const result = FunctionSchema.safeParse(input as FunctionInput);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const [field, key] = issue.path;
    const place = (field === 'environment' && typeof key === 'string' ? where.get(`Environment.${key}`) : undefined) ?? at(PROPERTY_OF[String(field)] ?? '');
    problem(walk, place.node, place.path, issue.message);
  }
  return undefined;
}

/** The template value of `node`, with the intrinsics that can be resolved offline resolved. */
function resolve(walk: Walk, node: Node, path: Path): Value {
  const tag = node.tag?.startsWith('!') ? node.tag.slice(1) : undefined;
  if (tag !== undefined) return intrinsic(walk, longName(tag), isScalar(node) ? node.value : node, node, path);
  if (isScalar(node)) return node.value;
  if (isSeq(node)) {
    const out = node.items.map((item, i) => resolve(walk, item as Node, [...path, i]));
    return out.includes(UNRESOLVED) ? UNRESOLVED : out;
  }
  if (isMap(node)) {
    const pairs = entries(node);
    // The long form: `{ Ref: X }`, `{ "Fn::GetAtt": [...] }` (JSON templates write only these).
    if (pairs.length === 1 && (pairs[0]![0] === 'Ref' || pairs[0]![0] === 'Condition' || pairs[0]![0].startsWith('Fn::'))) {
      const [name, arg] = pairs[0]!;
      return intrinsic(walk, name, isScalar(arg) ? arg.value : arg, node, path);
    }
    const out: Record<string, unknown> = {};
    let missing = false;
    for (const [key, value] of pairs) {
      out[key] = value === undefined ? null : resolve(walk, value, [...path, key]);
      missing ||= out[key] === UNRESOLVED;
    }
    return missing ? UNRESOLVED : out;
  }
  return null;
}

function intrinsic(walk: Walk, name: string, arg: unknown, node: Node, path: Path): Value {
  const unresolved = (why: string): typeof UNRESOLVED => {
    walk.unresolved++;
    problem(walk, node, path, `!${shortName(name)} ${why}`);
    return UNRESOLVED;
  };
  const value = (v: unknown, p: Path): Value => (v !== null && typeof v === 'object' ? resolve(walk, v as Node, p) : v);
  if (name === 'Ref' && typeof arg === 'string') {
    if (arg in walk.pseudo) return walk.pseudo[arg];
    if (!walk.params.has(arg))
      return unresolved(`${arg}: not a parameter with a Default; only CloudFormation knows a resource's or pseudo parameter's value at deploy time`);
    const fallback = walk.params.get(arg);
    return fallback === UNRESOLVED ? unresolved(`${arg}: the parameter has no Default (set one, or write the value)`) : fallback;
  }
  if (name === 'Fn::Sub') {
    const [template, vars] = isSeq(arg) ? [value(arg.items[0], [...path, 0]), value(arg.items[1], [...path, 1])] : [arg, {}];
    if (template === UNRESOLVED || vars === UNRESOLVED) return UNRESOLVED;
    if (typeof template !== 'string') return unresolved('needs a string (or [string, {variables}])');
    let failed: string | undefined;
    // `${!Literal}` writes `${Literal}`; `${Name.Attr}` is a GetAtt, known only at deploy time.
    const out = template.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, ref: string) => {
      if (bang === '!') return `\${${ref}}`;
      const own = (vars as Record<string, unknown> | null)?.[ref];
      const known = own ?? (ref in walk.pseudo ? walk.pseudo[ref] : walk.params.get(ref));
      if (known === undefined || known === UNRESOLVED) {
        failed ??= ref;
        return whole;
      }
      return String(known);
    });
    return failed === undefined
      ? out
      : unresolved(`\${${failed}}: only parameters with a Default and AWS::Region/AccountId/Partition/URLSuffix resolve locally`);
  }
  if (name === 'Fn::Join' && isSeq(arg)) {
    const [delimiter, items] = [value(arg.items[0], [...path, 0]), value(arg.items[1], [...path, 1])];
    if (delimiter === UNRESOLVED || items === UNRESOLVED) return UNRESOLVED;
    if (typeof delimiter === 'string' && Array.isArray(items)) return items.map(String).join(delimiter);
  }
  return unresolved('cannot be resolved locally: its value exists only once CloudFormation deploys the stack (write the value, or a parameter with a Default)');
}

/** The value node of `key` in a mapping (undefined when `node` is no mapping or lacks the key). */
function child(node: Node | undefined | null, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return (pair?.value as Node | null | undefined) ?? undefined;
}

/** A mapping's entries with string keys (none when `node` is no mapping). */
function entries(node: Node | undefined | null): Array<[string, Node | undefined]> {
  if (!isMap(node)) return [];
  return node.items.filter((p) => isScalar(p.key)).map((p) => [String((p.key as { value: unknown }).value), (p.value as Node | null) ?? undefined]);
}

function problem(walk: Walk, node: Node, path: Path, message: string): void {
  walk.problems.push({ file: walk.file, ...walk.lines.linePos(node.range?.[0] ?? 0), path: formatPath(path), message });
}

function fail(problems: PlanProblem[], unresolved: number): never {
  const sorted = problems.sort((a, b) => a.line - b.line || a.col - b.col);
  throw new PlanError(sorted, unresolved === problems.length ? SAM_TEMPLATE_CODES.UNRESOLVED : SAM_TEMPLATE_CODES.INVALID);
}
