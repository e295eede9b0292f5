import { format } from 'node:util';
import type { LDLogger } from '@launchdarkly/node-server-sdk';
import type { Logger } from 'pino';

/** The part of a pino logger the flags code uses (a pino `Logger` or a child fits). */
export type FlagsLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

/**
 * What `createStageResolver` is given: the proxy's logger. It derives one child per origin, so each line carries
 * one `component` key (pino writes a child's bindings after its parent's, so tagging a `component: flags` logger
 * with `component: launchdarkly` produced the key twice: valid-looking JSON that strict parsers reject).
 */
export type FlagsRootLogger = Pick<Logger, 'child'>;

/** The resolver's own lines (`component: flags`) and the SDK's (`component: launchdarkly`). */
export function flagsLoggers(root: FlagsRootLogger): { flags: FlagsLogger; launchdarkly: FlagsLogger } {
  return { flags: root.child({ component: 'flags' }), launchdarkly: root.child({ component: 'launchdarkly' }) };
}

/**
 * The SDK's log lines, written to the `component: launchdarkly` logger. Its `info` lines (stream connected,
 * initializing …) go to debug: they are noise at the proxy's default level.
 */
export function sdkLogger(logger: FlagsLogger): LDLogger {
  return {
    error: (...args: unknown[]) => logger.error(format(...args)),
    warn: (...args: unknown[]) => logger.warn(format(...args)),
    info: (...args: unknown[]) => logger.debug(format(...args)),
    debug: (...args: unknown[]) => logger.debug(format(...args)),
  };
}
