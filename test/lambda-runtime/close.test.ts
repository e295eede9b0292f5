import { describe, expect, it } from 'vitest';
import { ServiceException } from '@aws-sdk/client-lambda';
import { clientFor, eventually, invoke, isGone, startService } from './helpers.js';

describe('close()', () => {
  it('lets running invocations finish within graceMs, then stops every instance', async () => {
    const service = await startService([{ name: 'scripted', handler: 'scripted.handler' }]);
    const client = clientFor(service);
    try {
      const running = invoke(client, 'scripted', { action: 'sleep', ms: 400 });
      while (!service.instances().some((i) => i.state === 'busy')) await new Promise((r) => setTimeout(r, 10));
      const [pid] = service.instances().map((i) => i.pid!);

      await service.close({ graceMs: 5000 });

      expect((await running).json).toMatchObject({ slept: 400 });
      expect(service.instances()).toEqual([]);
      expect(await eventually(() => isGone(pid!))).toBe(true);
    } finally {
      client.destroy();
      await service.close();
    }
  });

  it('answers what is still running after graceMs with ServiceException, and refuses new calls', async () => {
    const service = await startService([{ name: 'scripted', handler: 'scripted.handler' }]);
    const client = clientFor(service);
    try {
      const running = invoke(client, 'scripted', { action: 'sleep', ms: 30_000 }).catch((err: unknown) => err);
      while (!service.instances().some((i) => i.state === 'busy')) await new Promise((r) => setTimeout(r, 10));
      await service.close({ graceMs: 100 });
      const error = await running;
      expect(error).toBeInstanceOf(ServiceException);
      expect((error as ServiceException).$metadata.httpStatusCode).toBe(500);
      await expect(invoke(client, 'scripted', {})).rejects.toThrow();
    } finally {
      client.destroy();
      await service.close();
    }
  });
});
