import { codeOptions, defineCodes, statusOf, StranglerError, type CodeOf } from '../errors/index.js';

/** Errors of the proxy's own lifecycle (listening, shutting down) and of requests refused at the front door. */
export const SERVER_ERRORS = defineCodes({
  STRANGLER_LISTEN_FAILED: {
    meaning: 'start-up: the proxy or the admin API cannot bind its address (`address already in use`, `permission denied`…); `strangler proxy` exits 1',
  },
  STRANGLER_SHUTTING_DOWN: { status: 503, meaning: 'a WebSocket handshake arrived while the proxy drains for shutdown' },
  STRANGLER_UPGRADE_UNSUPPORTED: { status: 400, meaning: 'a protocol upgrade other than WebSocket (e.g. `h2c`) on a request with a body' },
  STRANGLER_CONNECT_UNSUPPORTED: { status: 405, meaning: 'a `CONNECT` request: strangler is a reverse proxy and opens no tunnels' },
  STRANGLER_TLS_INVALID: {
    meaning: 'start-up: a `listen.tls` / `admin.tls` file cannot be read, or the key does not belong to the certificate; `strangler proxy` exits 1',
  },
  STRANGLER_BAD_REQUEST: {
    status: 400,
    meaning: "node's HTTP parser rejected the request (malformed request line, header field or framing; the parser's reason is in the message)",
  },
  STRANGLER_HEADERS_TOO_LARGE: { status: 431, meaning: "the request line and header fields are over node's `maxHeaderSize` (16 KiB)" },
  STRANGLER_REQUEST_TIMEOUT: { status: 408, meaning: "the request head did not arrive within node's `headersTimeout`" },
  STRANGLER_BAD_HOST: {
    status: 400,
    meaning: 'an HTTP/1.1 request without `Host`, more than one `Host` field line, or an invalid `Host` value (RFC 9112 §3.2)',
  },
  STRANGLER_TLS_RELOAD_FAILED: {
    meaning:
      'a renewed `listen.tls` / `admin.tls` file could not be read or does not fit its key (logged as `"event":"tls.reload"`); the previous certificate keeps serving',
  },
});

export type ServerErrorCode = CodeOf<typeof SERVER_ERRORS>;

export const LISTEN_FAILED = 'STRANGLER_LISTEN_FAILED' satisfies ServerErrorCode;
export const SHUTTING_DOWN = 'STRANGLER_SHUTTING_DOWN' satisfies ServerErrorCode;
export const UPGRADE_UNSUPPORTED = 'STRANGLER_UPGRADE_UNSUPPORTED' satisfies ServerErrorCode;
export const CONNECT_UNSUPPORTED = 'STRANGLER_CONNECT_UNSUPPORTED' satisfies ServerErrorCode;
export const TLS_INVALID = 'STRANGLER_TLS_INVALID' satisfies ServerErrorCode;

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
    super(SHUTTING_DOWN, 'the proxy is shutting down; retry on another instance', codeOptions(SERVER_ERRORS, SHUTTING_DOWN));
    this.name = 'ShuttingDownError';
  }
}

/** A protocol upgrade other than WebSocket on a request with a body, which cannot be forwarded (400). */
export class UpgradeUnsupportedError extends StranglerError {
  constructor(protocol: string) {
    super(
      UPGRADE_UNSUPPORTED,
      `protocol upgrade to "${protocol}" with a request body is not supported; send the request without Upgrade`,
      codeOptions(SERVER_ERRORS, UPGRADE_UNSUPPORTED),
    );
    this.name = 'UpgradeUnsupportedError';
  }
}

/** A `CONNECT` request: strangler is a reverse proxy and opens no tunnels (405). */
export class ConnectUnsupportedError extends StranglerError {
  constructor() {
    super(
      CONNECT_UNSUPPORTED,
      'CONNECT is not supported: strangler is a reverse proxy in front of the monolith, not a forward proxy',
      codeOptions(SERVER_ERRORS, CONNECT_UNSUPPORTED),
    );
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
 * Each kind names its code in SERVER_ERRORS; the status is the table's.
 */
export const FRONT_DOOR_CODES = frontDoor({
  /** Node's HTTP parser refused the request (malformed request line, header or framing). */
  badRequest: 'STRANGLER_BAD_REQUEST',
  /** The request head is over node's `maxHeaderSize` (16 KiB by default). */
  headersTooLarge: 'STRANGLER_HEADERS_TOO_LARGE',
  /** The request head did not arrive within node's `headersTimeout`. */
  requestTimeout: 'STRANGLER_REQUEST_TIMEOUT',
  /** No Host, several Host field lines, or an invalid Host value (RFC 9112 §3.2 requires a 400). */
  badHost: 'STRANGLER_BAD_HOST',
});

function frontDoor<const K extends Record<string, ServerErrorCode>>(kinds: K): { readonly [k in keyof K]: { readonly code: K[k]; readonly status: number } } {
  return Object.fromEntries(Object.entries(kinds).map(([kind, code]) => [kind, { code, status: statusOf(SERVER_ERRORS, code) ?? 400 }])) as never;
}

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
