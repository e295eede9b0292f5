/**
 * Generic forwarding helpers (no imports from server/ or targets/): undici's dispatch handler for one call, the
 * WebSocket upgrade through http-proxy, coded failures. The monolith target that uses them lives in proxy/targets.
 * The header rules and raw error answers live in proxy/http (below metrics/, routing/ and exchange/, which use them
 * too) and are re-exported here for existing importers.
 */
export { MonolithCall, type MonolithResponse, type CallOwner } from './call.js';
export { MonolithUpgrader, type UpgradeHooks } from './websocket.js';
export { writeRawError, errorAnswer } from '../http/index.js';
export { MonolithUnavailableError, MonolithTimeoutError, MONOLITH_UNAVAILABLE, MONOLITH_TIMEOUT, toMonolithError, monolithErrorCode } from './errors.js';
export {
  HOP_BY_HOP,
  PROXY_RESPONSE_HEADERS,
  STRANGLER_HEADERS,
  isStranglerHeader,
  forwardRequestHeaders,
  forwardResponseHeaders,
  upstreamPath,
  hasNoBody,
  connectionTokens,
  clientAddress,
  type ForwardInfo,
} from '../http/index.js';
