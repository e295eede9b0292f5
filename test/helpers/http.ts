import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Header names and values as received (case and repeats kept). */
  rawHeaders: string[];
  body: Buffer;
  text: string;
  /** The body parsed as JSON (throws if it is not). */
  json<T = unknown>(): T;
}

/**
 * One HTTP request with node's client and no connection reuse (`agent: false`), so tests can send headers fetch
 * forbids (Connection, TE, Keep-Alive, Host) and never leave a pooled socket open.
 * @example
 *   const res = await send(`${url}/x`, { headers: { connection: 'x-secret', 'x-secret': '1' } });
 *   expect(res.status).toBe(200);
 */
export function send(url: string, options: { method?: string; headers?: OutgoingHttpHeaders; body?: string | Buffer } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body,
          text,
          json: <T>() => JSON.parse(text) as T,
        });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** What `sendRaw` read back: the status line's code, the header fields (lower-case names) and the body text. */
export interface RawReply {
  /** 0 when the proxy closed the connection without an answer. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything received, as text. */
  text: string;
}

/**
 * Writes `bytes` on a fresh TCP connection and resolves with everything received once the other side closes it:
 * for requests no HTTP client will send (malformed heads, two Host fields, CONNECT, bad percent-encoding).
 * @example
 *   const reply = await sendRaw(url, 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n');
 *   expect(reply.status).toBe(400);
 */
export function sendRaw(url: string, bytes: string | Buffer): Promise<RawReply> {
  const { port, hostname } = new URL(url);
  return new Promise<RawReply>((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const split = text.indexOf('\r\n\r\n');
      const head = split === -1 ? text : text.slice(0, split);
      const lines = head.split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status, headers, body: split === -1 ? '' : text.slice(split + 4), text });
    });
  });
}
