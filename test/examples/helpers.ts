import type { Response } from 'supertest';
import { createShopApp, type ShopApp } from '../../examples/shop/index.js';

/** A fixed clock, so timestamps in answers are known. */
export const NOW = new Date('2025-03-01T12:00:00.000Z');

/** A shop whose clock is pinned; ids stay random UUIDs as in production. */
export function shop(): ShopApp {
  return createShopApp({ clock: () => NOW });
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** supertest's parser for binary bodies (it would otherwise leave `body` empty for image/png). */
export function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  // In Node, the response superagent hands a parser is the http.IncomingMessage stream.
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
