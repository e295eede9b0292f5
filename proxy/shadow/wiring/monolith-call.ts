import { Pool, type Dispatcher } from 'undici';
import { forwardRequestHeaders, upstreamPath } from '../../http/headers.js';
import type { Plan } from '../../plan/schema.js';
import { ShadowError, SHADOW_ERROR_CODES } from '../errors.js';
import type { ShadowCall } from '../runner/runner.js';

export interface MonolithShadowCaller {
  call: ShadowCall;
  /** Closes the shadow connection pool. */
  close(): void;
}

/**
 * Calls the monolith for shadows (in `live`) and noise learning, on a keep-alive pool of its own (undici, like the
 * proxy's forwarding; at most `maxSockets`, the shadow cap), so shadows never take connections from client
 * requests. The request target is joined to `monolith.url`'s path as for forwarded requests. Headers follow the
 * proxy's forwarding rules (proxy/http/headers.ts): the Host is the client's unless `monolith.preserveHost` is
 * false, exactly as for the request the client's answer came from; the request id and `x-strangler-shadow: 1`
 * come from the shadow request. With `markShadow: false` (dual writes' second write, proxy/targets/second-write.ts)
 * the call is a real request and carries no marker.
 */
export function monolithShadowCaller(
  monolith: Plan['monolith'],
  maxSockets: number,
  maxBodyBytes: number,
  options: { markShadow?: boolean } = {},
): MonolithShadowCaller {
  const markShadow = options.markShadow ?? true;
  const base = new URL(monolith.url);
  const pool = new Pool(base.origin, { connections: maxSockets, pipelining: 1 });
  const hostOverride = monolith.preserveHost ? undefined : base.host;

  const call: ShadowCall = async (req) => {
    const headers = forwardRequestHeaders(req.headers, { remoteAddress: req.remoteAddress, proto: 'http', requestId: req.requestId, hostOverride });
    if (markShadow) headers['x-strangler-shadow'] = '1';
    // The body is buffered: undici frames it with its length.
    delete headers['content-length'];
    try {
      const res = await pool.request({
        path: upstreamPath(base.pathname, req.url),
        method: req.method as Dispatcher.HttpMethod,
        headers: headers as Record<string, string | string[]>,
        body: req.body,
        signal: req.signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBodyBytes) {
          res.body.destroy();
          throw new ShadowError(SHADOW_ERROR_CODES.bodyTooLarge, `monolith shadow response is over shadow.maxBodyBytes (${maxBodyBytes} bytes)`);
        }
        chunks.push(chunk);
      }
      return { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks, size) };
    } catch (err) {
      throw req.signal.aborted ? req.signal.reason : err;
    }
  };

  return { call, close: () => void pool.destroy().catch(() => {}) };
}
