import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { AppResponse } from '../events/http.js';
import type { LambdaSocket } from './socket.js';

const writeHeadNative = ServerResponse.prototype.writeHead as (this: ServerResponse, statusCode: number, reason?: string) => ServerResponse;

/**
 * `res.writeHead` for in-memory responses (an own property, since Express swaps prototypes). Headers passed to
 * writeHead go through setHeader, so `getHeaders()` sees them (Node keeps writeHead-only headers out of it), and
 * `transfer-encoding` is removed: the result carries the whole body, never chunk framing.
 */
function writeHead(
  this: ServerResponse,
  statusCode: number,
  reason?: string | OutgoingHttpHeaders | OutgoingHttpHeader[],
  headers?: OutgoingHttpHeaders | OutgoingHttpHeader[],
): ServerResponse {
  const fields = typeof reason === 'string' ? headers : reason;
  if (fields !== undefined && fields !== null && !this.headersSent) {
    if (Array.isArray(fields)) {
      // Flat [name, value, name, value] form: repeated names are repeated lines, as on the wire.
      for (let i = 0; i + 1 < fields.length; i += 2) this.appendHeader(String(fields[i]), fields[i + 1] as string | string[]);
    } else {
      for (const name of Object.keys(fields)) {
        const value = fields[name];
        if (value !== undefined) this.setHeader(name, value);
      }
    }
  }
  if (!this.headersSent && this.hasHeader('transfer-encoding')) this.removeHeader('transfer-encoding');
  return typeof reason === 'string' ? writeHeadNative.call(this, statusCode, reason) : writeHeadNative.call(this, statusCode);
}

/** A real `http.ServerResponse` writing into the socket's memory. */
export function createResponse(req: IncomingMessage, socket: LambdaSocket): ServerResponse {
  const res = new ServerResponse(req);
  res.sendDate = false; // the source adds its own Date
  res.useChunkedEncodingByDefault = false;
  res.shouldKeepAlive = false;
  res.writeHead = writeHead as ServerResponse['writeHead'];
  res.assignSocket(socket as unknown as Socket);
  return res;
}

/** What the app answered, read back once the response finished. */
export function collectResponse(res: ServerResponse, socket: LambdaSocket): AppResponse {
  const chunks = socket.chunks;
  return {
    statusCode: res.statusCode,
    statusMessage: res.statusMessage,
    headers: res.getHeaders(),
    body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
  };
}
