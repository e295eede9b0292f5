import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StranglerError } from '../errors/index.js';

/**
 * The coded answer every error the proxy itself sends has: its status, the `{"error":{"code","message"}}` body, and
 * the content headers (a flat list for node's `writeHead`) to which callers add theirs.
 * @example
 *   const { status, body, headers } = errorAnswer(err);
 *   res.writeHead(status, [...headers, 'x-request-id', id]).end(body);
 */
export function errorAnswer(error: StranglerError): { status: number; body: string; headers: string[] } {
  const body = JSON.stringify(error.toJSON());
  return {
    status: error.statusCode ?? 500,
    body,
    headers: ['content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(body)), 'cache-control', 'no-store'],
  };
}

/**
 * Answers a connection that node's HTTP server has handed over (an upgrade or CONNECT: no ServerResponse exists)
 * with a coded JSON error, then closes it. `extra` is a flat header list; a `connection` entry in it is ignored
 * (the connection always closes).
 * @example
 *   writeRawError(socket, new ShuttingDownError(), ['x-request-id', id]); // HTTP/1.1 503 Service Unavailable …
 */
export function writeRawError(socket: Duplex, error: StranglerError, extra: readonly string[]): void {
  const { status, body, headers } = errorAnswer(error);
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n`;
  for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
  head += 'connection: close\r\n';
  for (let i = 0; i < extra.length; i += 2) if (extra[i] !== 'connection') head += `${extra[i]}: ${extra[i + 1]}\r\n`;
  socket.end(`${head}\r\n${body}`);
}
