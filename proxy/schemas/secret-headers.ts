/**
 * Headers that carry credentials: never written to a log, whoever logs them, nor kept in stored shadow samples
 * (the shadow schema's ALWAYS_REDACTED_HEADERS is this list). Besides the standard ones: API keys (`x-api-key`, API
 * Gateway's), session tokens (`x-auth-token`) and AWS temporary credentials (`x-amz-security-token`).
 */
export const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token', 'x-amz-security-token'] as const;
