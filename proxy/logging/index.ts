import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { SECRET_HEADERS } from '../schemas/secret-headers.js';

/**
 * The proxy's structured logs: pino, one JSON object per line. Every module logs through the proxy's logger (or a
 * `child` of it), so redaction and the destination are decided once, here.
 */

// The credential headers are listed with the plan's schemas (proxy/schemas), whose shadow redaction uses them too.
export { SECRET_HEADERS };

/** Where modules put headers in log objects: `headers`, `req.headers`, `shadow.lambda.headers`… */
export const HEADER_HOLDERS = ['req', 'res', 'request', 'response', 'upstream', 'monolith', 'lambda', 'shadow.*'] as const;

/**
 * pino `redact` paths: the secret headers under a top-level `headers` object and under the holders above. Log
 * headers in one of these places and they are covered.
 *
 * No path starts with a wildcard on purpose: pino runs a leading-wildcard path on every key of every log call,
 * which cost a fifth of the proxy's CPU in the pass-through benchmark; these only run when a log call carries
 * one of the named keys (the per-request line carries headers at debug level only).
 */
export const REDACT_PATHS: readonly string[] = SECRET_HEADERS.flatMap((h) => [
  `headers["${h}"]`,
  ...HEADER_HOLDERS.map((holder) => `${holder}.headers["${h}"]`),
]);

/** The value that replaces a redacted field. */
export const REDACTED = '[Redacted]';

export interface LoggerOptions {
  /** Default `info`. */
  level?: LevelWithSilent;
  /**
   * Where lines go: a stream (tests pass a sink), a file path, or a file descriptor. Default: stdout. Paths and
   * descriptors get an asynchronous sonic-boom writer that batches lines (see LOG_BUFFER_BYTES).
   */
  destination?: DestinationStream | string | number;
}

/**
 * File and descriptor destinations buffer up to this many bytes before writing, and write at least every
 * LOG_FLUSH_MS: one write per request costs the proxy more than building the line (a system call handed to
 * libuv's thread pool), measured at ~10 % of pass-through throughput. Buffered lines are written on exit,
 * including crashes that reach `process.exit`; a SIGKILL loses at most this buffer.
 */
export const LOG_BUFFER_BYTES = 4096;
export const LOG_FLUSH_MS = 500;

/**
 * A pino logger with strangler's redaction.
 * @example
 *   const logger = createLogger({ level: 'debug', destination: '/var/log/strangler.log' });
 *   logger.info({ req: { headers } }, 'seen'); // authorization, cookie, set-cookie → "[Redacted]"
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const { destination } = options;
  const stream =
    destination === undefined ? buffered(1) : typeof destination === 'string' || typeof destination === 'number' ? buffered(destination) : destination;
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      // No per-line hostname: one process is one proxy; pid tells replicas on a host apart.
      base: { pid: process.pid },
    },
    stream,
  );
}

function buffered(dest: string | number): DestinationStream {
  return pino.destination({ dest, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_MS, mkdir: typeof dest === 'string' });
}

export type { Logger, DestinationStream, LevelWithSilent };
