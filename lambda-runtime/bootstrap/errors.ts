import type { ErrorBody } from './client.js';

/**
 * The runtime's error vocabulary and formats, named as AWS's Node runtime names them (errorType `Runtime.*`), so a
 * caller sees the same body under our bootstrap and under aws-lambda-ric.
 */

export class RuntimeError extends Error {
  constructor(type: string, message: string) {
    super(message);
    this.name = type;
  }
}

/** The handler module could not be found. */
export function importModuleError(cause: unknown): RuntimeError {
  return new RuntimeError('Runtime.ImportModuleError', String(cause));
}

/** The handler module does not parse; keeps the original stack (it points at the bad line). */
export function userCodeSyntaxError(cause: Error): RuntimeError {
  const err = new RuntimeError('Runtime.UserCodeSyntaxError', String(cause));
  err.stack = cause.stack;
  return err;
}

/** `{errorType, errorMessage, trace}`: the body of `/error`, `/init/error` and what the caller gets. */
export function formatError(error: unknown): ErrorBody {
  if (error instanceof Error) {
    return {
      errorType: clean(error.name),
      errorMessage: clean(error.message),
      trace: error.stack ? clean(error.stack).split('\n') : [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

/** The `Invoke Error` / `Init Error` log line's detail: the error as JSON with its own properties and stack lines. */
export function toLogged(error: unknown): string {
  try {
    return `\t${JSON.stringify(error, (_key, value: unknown) => {
      if (!(value instanceof Error)) return value;
      const out: Record<string, unknown> = { errorType: value.name, errorMessage: value.message, code: (value as NodeJS.ErrnoException).code, ...value };
      if (typeof value.stack === 'string') out.stack = value.stack.split('\n');
      return out;
    })}`;
  } catch {
    return `\t${JSON.stringify(formatError(error))}`;
  }
}

// Lambda's runtimes escape DEL, which its log pipeline treats as a separator.
function clean(text: string): string {
  return text.replaceAll('\x7F', '%7F');
}
