import { StranglerError } from '../proxy/errors.js';

/** Why `strangler package` could not build a function's deployment package. */
export const PACKAGE_CODES = {
  /** The named function is not in the plan. */
  UNKNOWN_FUNCTION: 'STRANGLER_PACKAGE_UNKNOWN_FUNCTION',
  /** The function cannot be bundled: it is a custom-runtime `bootstrap` or already a packaged `code:` artifact. */
  NOT_SOURCE: 'STRANGLER_PACKAGE_NOT_SOURCE',
  /** The handler's module file does not exist. */
  ENTRY_NOT_FOUND: 'STRANGLER_PACKAGE_ENTRY_NOT_FOUND',
  /** esbuild reported errors (unresolved imports, syntax errors). */
  BUILD_FAILED: 'STRANGLER_PACKAGE_BUILD_FAILED',
  /** A native addon (`.node` file) is in the dependency graph. */
  NATIVE_MODULE: 'STRANGLER_PACKAGE_NATIVE_MODULE',
  /** The package is above Lambda's size limits (50 MB zipped for direct upload, 250 MB unzipped). */
  TOO_LARGE: 'STRANGLER_PACKAGE_TOO_LARGE',
} as const;

export type PackageCode = (typeof PACKAGE_CODES)[keyof typeof PACKAGE_CODES];

export class PackageError extends StranglerError {
  constructor(code: PackageCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'PackageError';
  }
}
