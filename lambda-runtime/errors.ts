import { StranglerError } from '../proxy/errors.js';

/**
 * Errors the local Lambda service raises to its own caller (start-up, configuration). Errors of an invocation are
 * not thrown: they travel on the wire exactly as AWS sends them (see aws-errors.ts).
 */
export const LAMBDA_SERVICE_CODES = {
  /** A function definition (or a functions file) is invalid. */
  CONFIG: 'STRANGLER_LAMBDA_SERVICE_CONFIG',
  /** A function's `code:` artifact is missing, not a zip, or unsafe to unzip. */
  CODE: 'STRANGLER_LAMBDA_SERVICE_CODE',
  /** The service could not bind its port. */
  LISTEN: 'STRANGLER_LAMBDA_SERVICE_LISTEN',
} as const;

/** Errors reading functions from an AWS SAM template (`functions: { samTemplate: FILE }`). */
export const SAM_TEMPLATE_CODES = {
  /** The template cannot be read, is not YAML/JSON, or a function in it cannot run locally (field named). */
  INVALID: 'STRANGLER_SAM_TEMPLATE_INVALID',
  /** A property strangler needs uses an intrinsic function that only CloudFormation can resolve (`!GetAtt`, `!ImportValue`...). */
  UNRESOLVED: 'STRANGLER_SAM_UNRESOLVED_INTRINSIC',
} as const;

export type LambdaServiceCode = (typeof LAMBDA_SERVICE_CODES)[keyof typeof LAMBDA_SERVICE_CODES];

export class LambdaServiceError extends StranglerError {
  constructor(code: LambdaServiceCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'LambdaServiceError';
  }
}
