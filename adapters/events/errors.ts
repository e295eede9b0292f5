import { codeOptions, defineCodes, StranglerError, type CodeOf } from '../../proxy/errors/index.js';

/** Codes of the event converters (the proxy's encoder and the adapters' decoder share them). */
export const EVENT_ERRORS = defineCodes({
  STRANGLER_LAMBDA_BAD_RESPONSE: {
    status: 502,
    meaning: 'a function result API Gateway would refuse: not JSON, missing (1.0) or invalid `statusCode`, a non-string header value, body or cookie',
  },
});

export type EventErrorCode = CodeOf<typeof EVENT_ERRORS>;

/** Code of {@link LambdaBadResponseError}. */
export const LAMBDA_BAD_RESPONSE = 'STRANGLER_LAMBDA_BAD_RESPONSE' satisfies EventErrorCode;

/**
 * A function's result that API Gateway would refuse with 502 ("Malformed Lambda proxy response"): not JSON, no or
 * an invalid `statusCode` (1.0), a non-string header value or body, a malformed `cookies` list.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format
 * @example
 *   try { fromApiGatewayV1Result(payload) } catch (err) { if (err instanceof LambdaBadResponseError) ... err.code }
 */
export class LambdaBadResponseError extends StranglerError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(LAMBDA_BAD_RESPONSE, message, codeOptions(EVENT_ERRORS, LAMBDA_BAD_RESPONSE, options));
    this.name = 'LambdaBadResponseError';
  }
}
