import { afterAll, afterEach } from 'vitest';

/** When a `use*` fixture stops what it started: after every test, or once after the file's last test. */
export type FixtureScope = 'each' | 'all';

interface Closeable {
  close(): Promise<void>;
}

/**
 * Wraps a start function so that everything it starts is stopped by a vitest hook registered now (`afterEach`, or
 * `afterAll` for scope `all`), newest first, even when the test failed half-way. Call it at the top of a `describe`
 * (or file), never inside a test: hooks registered inside a test are not run.
 * @example
 *   const startUpstream = useStarted(rawStartUpstream);
 *   it('…', async () => { const mono = await startUpstream(); … }); // closed after the test
 */
export function useStarted<A extends unknown[], T extends Closeable>(
  start: (...args: A) => Promise<T>,
  scope: FixtureScope = 'each',
): (...args: A) => Promise<T> {
  const started: T[] = [];
  const stopAll = async (): Promise<void> => {
    const errors: unknown[] = [];
    for (const item of started.splice(0).reverse()) {
      try {
        await item.close();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} fixtures failed to close`);
  };
  if (scope === 'all') afterAll(stopAll);
  else afterEach(stopAll);
  return async (...args: A): Promise<T> => {
    const item = await start(...args);
    started.push(item);
    return item;
  };
}
