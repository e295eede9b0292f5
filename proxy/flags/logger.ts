import { format } from 'node:util';
import type { LDLogger } from '@launchdarkly/node-server-sdk';
import type { Logger } from 'pino';

/** The part of a pino logger the flags code uses (a pino `Logger` or a child fits). */
export type FlagsLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

/**
 * The SDK's log lines, as pino lines tagged `component: launchdarkly`. Its `info` lines (stream connected,
 * initializing …) go to debug: they are noise at the proxy's default level.
 */
export function sdkLogger(logger: FlagsLogger): LDLogger {
  const tag = { component: 'launchdarkly' };
  return {
    error: (...args: unknown[]) => logger.error(tag, format(...args)),
    warn: (...args: unknown[]) => logger.warn(tag, format(...args)),
    info: (...args: unknown[]) => logger.debug(tag, format(...args)),
    debug: (...args: unknown[]) => logger.debug(tag, format(...args)),
  };
}
