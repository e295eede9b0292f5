/**
 * Code tables: every concept declares its error codes once, as a table of code → HTTP status (when the code is
 * answered over HTTP) and meaning. The concept's error classes take their code from the table (a code not in it
 * does not compile) and their default status from it; docs/errors.md is generated from the tables
 * (`npm run docs`). Model: undici's documented code table (docs/docs/api/Errors.md).
 */

/** One code's entry. */
export interface CodeInfo {
  /** What a client gets when this error answers a request; absent for codes never answered over HTTP (start-up, CLI, logs). */
  readonly status?: number;
  /** When the code is raised, in one sentence (docs/errors.md prints it). */
  readonly meaning: string;
}

/** A concept's codes. Keys are the stable code strings users and tests match on. */
export type CodeTable = { readonly [code: `STRANGLER_${string}`]: CodeInfo };

/** The codes of a table, as a string union. */
export type CodeOf<T> = Extract<keyof T, string>;

/**
 * Declares a concept's code table (frozen; the literal keys stay typed).
 * @example
 *   export const FORWARD_ERRORS = defineCodes({ STRANGLER_MONOLITH_TIMEOUT: { status: 504, meaning: 'the monolith did not answer in time' } });
 *   type ForwardErrorCode = CodeOf<typeof FORWARD_ERRORS>; // 'STRANGLER_MONOLITH_TIMEOUT'
 */
export function defineCodes<const T extends CodeTable>(table: T): T {
  return Object.freeze(table);
}

/**
 * The options a table's error hands to StranglerError: the status the raiser gives, else the table's.
 * @example
 *   super(code, message, codeOptions(FLAGS_ERRORS, code, options));
 */
export function codeOptions<T extends CodeTable>(
  table: T,
  code: CodeOf<T>,
  options: { statusCode?: number; cause?: unknown } = {},
): { statusCode?: number; cause?: unknown } {
  const statusCode = options.statusCode ?? statusOf(table, code);
  return { ...(statusCode !== undefined ? { statusCode } : {}), ...(options.cause !== undefined ? { cause: options.cause } : {}) };
}

/** The HTTP status a table gives a code; undefined for codes never answered over HTTP. */
export function statusOf<T extends CodeTable>(table: T, code: CodeOf<T>): number | undefined {
  return (table[code] as CodeInfo | undefined)?.status;
}
