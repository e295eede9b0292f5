import { codeOptions, defineCodes, StranglerError, type CodeOf } from '../../proxy/errors/index.js';

/** The codes `strangler analyze` raises (docs/analyze.md lists them). */
export const ANALYZE_ERRORS = defineCodes({
  STRANGLER_ANALYZE_LOG_UNREADABLE: { meaning: '`--log FILE` cannot be opened (missing, a folder, no permission) or read' },
  STRANGLER_ANALYZE_APP_UNREADABLE: { meaning: '`--app MODULE` cannot be imported, or exports neither an Express nor a Fastify app (nor a factory of one)' },
  STRANGLER_ANALYZE_NO_TRAFFIC: { meaning: "neither the log nor the plan's store gave a single request to analyse" },
});

export type AnalyzeErrorCode = CodeOf<typeof ANALYZE_ERRORS>;

/** Short names of ANALYZE_ERRORS' codes. */
export const ANALYZE_ERROR_CODES = {
  logUnreadable: 'STRANGLER_ANALYZE_LOG_UNREADABLE',
  appUnreadable: 'STRANGLER_ANALYZE_APP_UNREADABLE',
  noTraffic: 'STRANGLER_ANALYZE_NO_TRAFFIC',
} as const satisfies Record<string, AnalyzeErrorCode>;

/** An error of `strangler analyze`. */
export class AnalyzeError extends StranglerError {
  declare readonly code: AnalyzeErrorCode;
  constructor(code: AnalyzeErrorCode, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(code, message, codeOptions(ANALYZE_ERRORS, code, options));
    this.name = 'AnalyzeError';
  }
}
