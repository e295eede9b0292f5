/**
 * HTTP header rules of a forwarding intermediary (hop-by-hop fields, the proxy's `x-strangler-*` namespace,
 * X-Forwarded-*, the client address), as pure functions. A leaf: it imports nothing from the rest of strangler, so
 * forward/, targets/, routing/, metrics/ and server/ all use it without import loops.
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
