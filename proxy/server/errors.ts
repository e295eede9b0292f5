import { StranglerError } from '../errors.js';

/** Errors of the proxy's own lifecycle (listening, shutting down). */

export const LISTEN_FAILED = 'STRANGLER_LISTEN_FAILED';
export const SHUTTING_DOWN = 'STRANGLER_SHUTTING_DOWN';
export const UPGRADE_UNSUPPORTED = 'STRANGLER_UPGRADE_UNSUPPORTED';
export const CONNECT_UNSUPPORTED = 'STRANGLER_CONNECT_UNSUPPORTED';
export const TLS_INVALID = 'STRANGLER_TLS_INVALID';

/** A listener could not bind its address (in use, not permitted, unknown host). */
export class ListenError extends StranglerError {
  constructor(what: string, host: string, port: number, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'address already in use' : code === 'EACCES' ? 'permission denied' : (cause as Error).message;
    super(LISTEN_FAILED, `cannot listen on ${host}:${port} (${what}): ${reason}`, { cause });
    this.name = 'ListenError';
  }
}

/** A new WebSocket arrived while the proxy drains for shutdown (503). */
export class ShuttingDownError extends StranglerError {
  constructor() {
    super(SHUTTING_DOWN, 'the proxy is shutting down; retry on another instance', { statusCode: 503 });
    this.name = 'ShuttingDownError';
  }
}

/** A protocol upgrade other than WebSocket on a request with a body, which cannot be forwarded (400). */
export class UpgradeUnsupportedError extends StranglerError {
  constructor(protocol: string) {
    super(UPGRADE_UNSUPPORTED, `protocol upgrade to "${protocol}" with a request body is not supported; send the request without Upgrade`, {
      statusCode: 400,
    });
    this.name = 'UpgradeUnsupportedError';
  }
}

/** A `CONNECT` request: strangler is a reverse proxy and opens no tunnels (405). */
export class ConnectUnsupportedError extends StranglerError {
  constructor() {
    super(CONNECT_UNSUPPORTED, 'CONNECT is not supported: strangler is a reverse proxy in front of the monolith, not a forward proxy', { statusCode: 405 });
    this.name = 'ConnectUnsupportedError';
  }
}

/** A listener's certificate, key or CA cannot be read or do not fit together (start-up fails with it). */
export class TlsError extends StranglerError {
  constructor(message: string, cause: unknown) {
    super(TLS_INVALID, message, { cause });
    this.name = 'TlsError';
  }
}

/**
 * Requests the proxy refuses before routing them (the front door): a client's malformed request gets one of these
 * (an unusable path is STRANGLER_PATH_INVALID, proxy/routing/path.ts, refused the same way),
 * with the documented `{"error":{"code","message"}}` body, a log line and `strangler_rejected_requests_total`.
 */
export const FRONT_DOOR_CODES = {
  /** Node's HTTP parser refused the request (malformed request line, header or framing). */
  badRequest: { code: 'STRANGLER_BAD_REQUEST', status: 400 },
  /** The request head is over node's `maxHeaderSize` (16 KiB by default). */
  headersTooLarge: { code: 'STRANGLER_HEADERS_TOO_LARGE', status: 431 },
  /** The request head did not arrive within node's `headersTimeout`. */
  requestTimeout: { code: 'STRANGLER_REQUEST_TIMEOUT', status: 408 },
  /** No Host, several Host field lines, or an invalid Host value (RFC 9112 §3.2 requires a 400). */
  badHost: { code: 'STRANGLER_BAD_HOST', status: 400 },
} as const;

export type FrontDoorKind = keyof typeof FRONT_DOOR_CODES;

/** A request refused at the front door (see FRONT_DOOR_CODES). */
export class RejectedRequestError extends StranglerError {
  readonly kind: FrontDoorKind;

  constructor(kind: FrontDoorKind, message: string, cause?: unknown) {
    const { code, status } = FRONT_DOOR_CODES[kind];
    super(code, message, { statusCode: status, cause });
    this.name = 'RejectedRequestError';
    this.kind = kind;
  }
}
