import { StranglerError } from '../../proxy/errors.js';

/** Code of {@link LambdaBadResponseError}. */
export const LAMBDA_BAD_RESPONSE = 'STRANGLER_LAMBDA_BAD_RESPONSE';

/**
 * A function's result that API Gateway would refuse with 502 ("Malformed Lambda proxy response"): not JSON, no or
 * an invalid `statusCode` (1.0), a non-string header value or body, a malformed `cookies` list.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format
 * @example
 *   try { fromApiGatewayV1Result(payload) } catch (err) { if (err instanceof LambdaBadResponseError) ... err.code }
 */
export class LambdaBadResponseError extends StranglerError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(LAMBDA_BAD_RESPONSE, message, { statusCode: 502, ...options });
    this.name = 'LambdaBadResponseError';
  }
}
