import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { useStarted, type FixtureScope } from './lifecycle.js';

export interface Upstream {
  server: Server;
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Requests received so far (method, url, headers), in order. */
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  /** Closes the server and every connection to it (keep-alive ones included). Idempotent. */
  close(): Promise<void>;
}

/**
 * A tiny HTTP server on 127.0.0.1 and a free port, standing in for a monolith (or any upstream). Records each
 * request's head; `close` also drops open connections so tests never wait on keep-alive sockets.
 * @example
 *   const mono = await startUpstream((req, res) => res.end('hello'));
 *   // … plan with monolith.url = mono.url
 *   await mono.close();
 */
export async function startUpstream(handler: RequestListener = defaultHandler): Promise<Upstream> {
  const requests: Upstream['requests'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}

/** Answers JSON describing the request: `{ method, url, headers }`. */
export function echoHandler(req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify({ method: req.method, url: req.url, headers: req.headers });
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
}

function defaultHandler(req: IncomingMessage, res: ServerResponse): void {
  echoHandler(req, res);
}

/** A port nothing listens on (bound then released), for "monolith down" tests. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Registers a hook that closes every upstream started through the returned function (after each test, or after the
 * file with scope `all`).
 * @example
 *   const startUpstream = useUpstream();
 *   it('…', async () => { const mono = await startUpstream((req, res) => res.end('hello')); … });
 */
export function useUpstream(scope: FixtureScope = 'each'): (handler?: RequestListener) => Promise<Upstream> {
  return useStarted(startUpstream, scope);
}
