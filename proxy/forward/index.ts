/** Forwarding to the monolith: undici's keep-alive pool (http-proxy for WebSocket upgrades), header rules, coded failures. */
export { MonolithTarget, type MonolithConfig, type MonolithServeOptions, type MonolithResponse, type UpgradeHooks } from './monolith.js';
export { MonolithUnavailableError, MonolithTimeoutError, MONOLITH_UNAVAILABLE, MONOLITH_TIMEOUT, toMonolithError, monolithErrorCode } from './errors.js';
export { HOP_BY_HOP, PROXY_RESPONSE_HEADERS, STRANGLER_HEADERS, isStranglerHeader, forwardRequestHeaders, forwardResponseHeaders, upstreamPath, hasNoBody, connectionTokens, clientAddress, type ForwardInfo } from './headers.js';
