import { StranglerError } from '../../proxy/errors.js';

/** The codes `strangler analyze` raises (docs/analyze.md lists them). */
export const ANALYZE_ERROR_CODES = {
  /** The access log cannot be opened (missing, a folder, no permission). */
  logUnreadable: 'STRANGLER_ANALYZE_LOG_UNREADABLE',
  /** `--app MODULE` cannot be imported, or exports neither an Express nor a Fastify app (nor a factory of one). */
  appUnreadable: 'STRANGLER_ANALYZE_APP_UNREADABLE',
  /** Neither a log nor the plan's store gave a single request to analyse. */
  noTraffic: 'STRANGLER_ANALYZE_NO_TRAFFIC',
} as const;

export type AnalyzeErrorCode = (typeof ANALYZE_ERROR_CODES)[keyof typeof ANALYZE_ERROR_CODES];

export class AnalyzeError extends StranglerError {
  constructor(code: AnalyzeErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'AnalyzeError';
  }
}
