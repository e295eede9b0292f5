/** Forwarding to the monolith: http-proxy with a keep-alive pool, header rules, coded failures. */
export { MonolithTarget, type MonolithConfig, type MonolithServeOptions, type UpgradeHooks } from './monolith.js';
export { MonolithUnavailableError, MonolithTimeoutError, MONOLITH_UNAVAILABLE, MONOLITH_TIMEOUT, toMonolithError } from './errors.js';
export { HOP_BY_HOP, PROXY_RESPONSE_HEADERS, forwardRequestHeaders, forwardResponseHeaders, connectionTokens, clientAddress, type ForwardInfo } from './headers.js';
