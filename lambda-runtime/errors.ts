import { codeOptions, defineCodes, StranglerError, type CodeOf } from '../proxy/errors/index.js';
import type { PlanErrorCode } from '../proxy/plan/errors.js';

/**
 * Errors the local Lambda service raises to its own caller (start-up, configuration). Errors of an invocation are
 * not thrown: they travel on the wire exactly as AWS sends them (see aws-errors.ts).
 */
export const LAMBDA_SERVICE_ERRORS = defineCodes({
  STRANGLER_LAMBDA_SERVICE_CONFIG: {
    meaning: 'the local Lambda service was given an invalid function (field named), a duplicate name, or `runtimeClient: aws-lambda-ric` without the package',
  },
  STRANGLER_LAMBDA_SERVICE_CODE: {
    meaning:
      "start-up: a function's `code:` artifact does not exist, is not a zip, has an entry that would land outside its folder, or unzips to more than 250 MB",
  },
  STRANGLER_LAMBDA_SERVICE_LISTEN: { meaning: 'the local Lambda service cannot bind its port (e.g. `EADDRINUSE`)' },
});

export type LambdaServiceCode = CodeOf<typeof LAMBDA_SERVICE_ERRORS>;

/** Short names of LAMBDA_SERVICE_ERRORS' codes. */
export const LAMBDA_SERVICE_CODES = {
  /** A function definition (or a functions file) is invalid. */
  CONFIG: 'STRANGLER_LAMBDA_SERVICE_CONFIG',
  /** A function's `code:` artifact is missing, not a zip, or unsafe to unzip. */
  CODE: 'STRANGLER_LAMBDA_SERVICE_CODE',
  /** The service could not bind its port. */
  LISTEN: 'STRANGLER_LAMBDA_SERVICE_LISTEN',
} as const satisfies Record<string, LambdaServiceCode>;

/**
 * Errors reading functions from an AWS SAM template (`functions: { samTemplate: FILE }`): raised as a PlanError
 * (the plan's problem list), so their codes are the plan's table's (PLAN_ERRORS).
 */
export const SAM_TEMPLATE_CODES = {
  /** The template cannot be read, is not YAML/JSON, or a function in it cannot run locally (field named). */
  INVALID: 'STRANGLER_SAM_TEMPLATE_INVALID',
  /** A property strangler needs uses an intrinsic function that only CloudFormation can resolve (`!GetAtt`, `!ImportValue`...). */
  UNRESOLVED: 'STRANGLER_SAM_UNRESOLVED_INTRINSIC',
} as const satisfies Record<string, PlanErrorCode>;

export class LambdaServiceError extends StranglerError {
  declare readonly code: LambdaServiceCode;
  constructor(code: LambdaServiceCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, codeOptions(LAMBDA_SERVICE_ERRORS, code, options));
    this.name = 'LambdaServiceError';
  }
}
