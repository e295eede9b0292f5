import { codeOptions, defineCodes, StranglerError, type CodeOf } from '../proxy/errors/index.js';

/** Why `strangler package` could not build a function's deployment package. */
export const PACKAGE_ERRORS = defineCodes({
  STRANGLER_PACKAGE_UNKNOWN_FUNCTION: { meaning: '`strangler package NAME`: the plan has no such function (the ones it has are listed)' },
  STRANGLER_PACKAGE_NOT_SOURCE: { meaning: '`strangler package NAME` on a `bootstrap` or `code:` function: only handler functions are bundled' },
  STRANGLER_PACKAGE_ENTRY_NOT_FOUND: { meaning: "the handler's module file does not exist (not built yet?)" },
  STRANGLER_PACKAGE_BUILD_FAILED: { meaning: 'esbuild failed (unresolved import, syntax error); its messages are listed as `file:line:col`' },
  STRANGLER_PACKAGE_NATIVE_MODULE: {
    meaning:
      'a native addon (`.node` file, or a package with one or a `binding.gyp`) is in the dependency graph; named with its file: it must be built for Amazon Linux and shipped beside the bundle',
  },
  STRANGLER_PACKAGE_TOO_LARGE: { meaning: 'the zip is over 50 MB (direct upload) or the unzipped package over 250 MB; nothing is written' },
});

export type PackageCode = CodeOf<typeof PACKAGE_ERRORS>;

/** Short names of PACKAGE_ERRORS' codes. */
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
} as const satisfies Record<string, PackageCode>;

export class PackageError extends StranglerError {
  declare readonly code: PackageCode;
  constructor(code: PackageCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, codeOptions(PACKAGE_ERRORS, code, options));
    this.name = 'PackageError';
  }
}
