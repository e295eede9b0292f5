/**
 * HTTP header rules of a forwarding intermediary (hop-by-hop fields, the proxy's `x-strangler-*` namespace,
 * X-Forwarded-*, the client address), as pure functions, and the raw error answers written when no fastify reply
 * exists (./raw-error.ts). Nearly a leaf: it imports only the errors/ leaf's types, so exchange/, forward/,
 * targets/, routing/, metrics/ and server/ all use it without import loops.
 */
export {
  HOP_BY_HOP,
  PROXY_RESPONSE_HEADERS,
  STRANGLER_HEADER_PREFIX,
  STRANGLER_HEADERS,
  isStranglerHeader,
  startsWithLower,
  forwardRequestHeaders,
  forwardResponseHeaders,
  upstreamPath,
  hasNoBody,
  connectionTokens,
  clientAddress,
  type ForwardInfo,
} from './headers.js';
export { writeRawError, errorAnswer } from './raw-error.js';
