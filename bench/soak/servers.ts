import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Execution, Ledger } from './ledger.js';

export interface SoakServer {
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<SoakServer> {
  // Keep-alive sockets from the proxy's pool would hold close() open: end them when closing.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const ITEM = /^\/api\/(?:throttled\/)?items\/[^/]+$/;
const ORDERS = /^\/api\/(?:throttled\/)?orders$/;

/**
 * The monolith: the safe side, which never fails. `GET /api/items/:id` and `POST /api/orders` (also under
 * `/api/throttled/`), each execution recorded in the ledger by the request id the proxy forwards (`x-request-id`);
 * a POST answers the order the ledger created (or found by Idempotency-Key). Any other path: 404.
 */
export function startMonolith(ledger: Ledger): Promise<SoakServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const isItem = req.method === 'GET' && ITEM.test(path);
    const isOrder = req.method === 'POST' && ORDERS.test(path);
    if (!isItem && !isOrder) {
      req.resume();
      return json(res, 404, { error: 'no such route on the soak monolith' });
    }
    void readBody(req).then(
      () => {
        const requestId = String(req.headers['x-request-id'] ?? '');
        const key = req.headers['idempotency-key'];
        const { orderId } = ledger.record({
          side: 'monolith',
          requestId,
          method: req.method!,
          path,
          key: typeof key === 'string' ? key : undefined,
          shadow: req.headers['x-strangler-shadow'] === '1',
        });
        json(res, isOrder ? 201 : 200, { side: 'monolith', requestId, ...(orderId === undefined ? {} : { orderId }) });
      },
      () => res.destroy(),
    );
  });
  server.keepAliveTimeout = 30_000;
  return listen(server);
}

/** The recorder the function reports to: `POST /executions` with an Execution as JSON, answered `{ orderId? }`. */
export function startRecorder(ledger: Ledger): Promise<SoakServer> {
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/executions') {
      req.resume();
      return json(res, 404, { error: 'POST /executions only' });
    }
    void readBody(req).then(
      (text) => {
        let e: Execution;
        try {
          e = JSON.parse(text) as Execution;
        } catch {
          return json(res, 400, { error: 'not JSON' });
        }
        if (typeof e.requestId !== 'string' || (e.side !== 'function' && e.side !== 'monolith'))
          return json(res, 400, { error: 'requestId and side required' });
        json(res, 200, ledger.record({ ...e, shadow: e.shadow === true }));
      },
      () => res.destroy(),
    );
  });
  return listen(server);
}
