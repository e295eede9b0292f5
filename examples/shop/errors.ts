import { defineCodes, StranglerError, type CodeOf } from '../../proxy/errors/index.js';

/** Errors of the example shop and the demo launcher (examples/start.ts). */
export const EXAMPLE_ERRORS = defineCodes({
  STRANGLER_EXAMPLE_LISTEN: { meaning: 'the demo (`npm start`): the example shop cannot bind its port (`SHOP_PORT`)' },
});

export const EXAMPLE_LISTEN = 'STRANGLER_EXAMPLE_LISTEN' satisfies CodeOf<typeof EXAMPLE_ERRORS>;

/** The shop could not bind its port (in use, not permitted). */
export class ShopListenError extends StranglerError {
  constructor(host: string, port: number, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'address already in use' : code === 'EACCES' ? 'permission denied' : (cause as Error).message;
    super(EXAMPLE_LISTEN, `cannot start the shop monolith on ${host}:${port}: ${reason}`, { cause });
    this.name = 'ShopListenError';
  }
}
