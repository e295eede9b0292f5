import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StranglerError } from '../errors.js';

/**
 * Answers a connection that node's HTTP server has handed over (an upgrade or CONNECT: no ServerResponse exists)
 * with a coded JSON error, then closes it. `extra` is a flat header list; a `connection` entry in it is ignored
 * (the connection always closes).
 * @example
 *   writeRawError(socket, new ShuttingDownError(), ['x-request-id', id]); // HTTP/1.1 503 Service Unavailable …
 */
export function writeRawError(socket: Duplex, error: StranglerError, extra: readonly string[]): void {
  const status = error.statusCode ?? 500;
  const body = JSON.stringify(error.toJSON());
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n`;
  head += `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n`;
  for (let i = 0; i < extra.length; i += 2) if (extra[i] !== 'connection') head += `${extra[i]}: ${extra[i + 1]}\r\n`;
  socket.end(`${head}\r\n${body}`);
}
