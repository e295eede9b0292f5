import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';

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
