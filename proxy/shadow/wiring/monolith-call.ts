import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { forwardRequestHeaders } from '../../forward/headers.js';
import type { Plan } from '../../plan/schema.js';
import type { CapturedResponse } from '../compare/compare.js';
import { ShadowError, SHADOW_ERROR_CODES } from '../errors.js';
import type { ShadowCall } from '../runner/runner.js';

export interface MonolithShadowCaller {
  call: ShadowCall;
  /** Closes the shadow connection pool. */
  close(): void;
}

/**
 * Calls the monolith for shadows (in `live`) and noise learning, on a keep-alive pool of its own (at most
 * `maxSockets`, the shadow cap), so shadows never take connections from client requests. Headers follow the
 * proxy's forwarding rules (proxy/forward/headers.ts): the Host is the client's unless `monolith.preserveHost` is
 * false, exactly as for the request the client's answer came from; the request id and `x-strangler-shadow: 1`
 * come from the shadow request. With `markShadow: false` (dual writes' second write, proxy/targets/second-write.ts)
 * the call is a real request and carries no marker.
 */
export function monolithShadowCaller(monolith: Plan['monolith'], maxSockets: number, maxBodyBytes: number, options: { markShadow?: boolean } = {}): MonolithShadowCaller {
  const markShadow = options.markShadow ?? true;
  const base = new URL(monolith.url);
  const https = base.protocol === 'https:';
  const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
  const agent = https ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const send = https ? httpsRequest : httpRequest;
  const hostOverride = monolith.preserveHost ? undefined : base.host;
  const prefix = base.pathname.replace(/\/$/, '');

  const call: ShadowCall = (req) =>
    new Promise<CapturedResponse>((resolve, reject) => {
      const headers = forwardRequestHeaders(req.headers, { remoteAddress: req.remoteAddress, proto: 'http', requestId: req.requestId, hostOverride });
      if (markShadow) headers['x-strangler-shadow'] = '1';
      delete headers['transfer-encoding'];
      headers['content-length'] = String(req.body.length);
      const outgoing = send({
        agent,
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port || (https ? 443 : 80),
        method: req.method,
        path: `${prefix}${req.url}`,
        headers,
        signal: req.signal,
      });
      outgoing.on('error', (err) => reject(req.signal.aborted ? req.signal.reason : err));
      outgoing.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes) {
            res.destroy(new ShadowError(SHADOW_ERROR_CODES.bodyTooLarge, `monolith shadow response is over shadow.maxBodyBytes (${maxBodyBytes} bytes)`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (err) => reject(req.signal.aborted ? req.signal.reason : err));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks, size) }));
      });
      outgoing.end(req.body);
    });

  return { call, close: () => agent.destroy() };
}
