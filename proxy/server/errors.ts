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
