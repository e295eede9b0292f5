import { AdapterError, AdapterErrorCode } from './errors.js';
import { compileBinaryTypes, type BinaryTypeMatcher } from './events/binary.js';
import type { DecodeOptions } from './events/options.js';

/** Options of `fromNodeHandler`, `fromExpress` and `fromFastify`. */
export interface AdapterOptions {
  /**
   * Media types always sent base64-encoded (`image/*`, `application/pdf`, `*\/*`), on top of the built-in rule
   * (anything not text, any content-encoding). Default `[]`.
   */
  binaryContentTypes?: readonly string[];
  /** A path prefix removed before the app sees the path (`/api`: `/api/items` → `/items`). Default none. */
  basePath?: string;
  /** Remove a named API Gateway 2.0 stage (`/prod`) from the front of the path. Default `true`. */
  stripStage?: boolean;
  /**
   * Expose the Lambda event and context to the app as `req.lambda` (`request.lambda` in Fastify):
   * `{ event, context, source }`. Default `true`.
   */
  exposeLambda?: boolean;
}

/** Options checked and compiled once, when the handler is created. */
export interface ResolvedOptions {
  decode: DecodeOptions;
  isBinaryType: BinaryTypeMatcher;
  exposeLambda: boolean;
}

const KNOWN = new Set(['binaryContentTypes', 'basePath', 'stripStage', 'exposeLambda']);

function invalid(message: string): never {
  throw new AdapterError(AdapterErrorCode.INVALID_OPTION, message);
}

/** Validates options (fail fast at init, naming the option) and compiles the binary-type matcher. */
export function resolveOptions(options: AdapterOptions | undefined): ResolvedOptions {
  if (options === undefined) return { decode: {}, isBinaryType: () => false, exposeLambda: true };
  if (options === null || typeof options !== 'object') invalid('options must be an object');
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) invalid(`unknown option "${key}" (known: ${[...KNOWN].join(', ')})`);
  }
  let basePath = options.basePath;
  if (basePath !== undefined) {
    if (typeof basePath !== 'string' || !basePath.startsWith('/')) invalid(`basePath must be a path starting with "/", got ${JSON.stringify(basePath)}`);
    while (basePath.length > 1 && basePath.endsWith('/')) basePath = basePath.slice(0, -1);
  }
  for (const key of ['stripStage', 'exposeLambda'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') invalid(`${key} must be true or false, got ${JSON.stringify(options[key])}`);
  }
  return {
    decode: { basePath: basePath === '/' ? undefined : basePath, stripStage: options.stripStage !== false },
    isBinaryType: compileBinaryTypes(options.binaryContentTypes),
    exposeLambda: options.exposeLambda !== false,
  };
}
