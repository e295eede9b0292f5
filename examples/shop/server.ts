import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createShopApp, type ShopOptions } from './app.js';
import { ShopListenError } from './errors.js';

export interface StartShopOptions extends ShopOptions {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface RunningShop {
  /** `http://127.0.0.1:3000` */
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish, closes idle keep-alive connections. Idempotent. */
  close(): Promise<void>;
}

export const DEFAULT_SHOP_PORT = 3000;

/**
 * Runs the shop on a port. Rejects with ShopListenError (code STRANGLER_EXAMPLE_LISTEN) when the port is taken.
 * @example
 *   const shop = await startShop({ port: 0 });
 *   console.log(shop.url);
 *   await shop.close();
 */
export async function startShop(options: StartShopOptions = {}): Promise<RunningShop> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_SHOP_PORT;
  const server = createServer(createShopApp(options));
  // Longer than the proxy's pooled sockets stay idle, so the monolith never closes a socket the proxy reuses.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new ShopListenError(host, port, err)));
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
