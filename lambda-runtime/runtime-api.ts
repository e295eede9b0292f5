import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { RESPONSE_PAYLOAD_LIMIT } from './aws-errors.js';
import { readBody } from './invoke-request.js';

/**
 * The Lambda Runtime API one execution environment talks to: every instance gets its own server on 127.0.0.1, so
 * the address in `AWS_LAMBDA_RUNTIME_API` alone says which instance calls (aws-lambda-ric accepts only `host:port`
 * there, no path prefix).
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 */

const PREFIX = '/2018-06-01/runtime/';
const INVOCATION = /^invocation\/([^/]+)\/(response|error)$/;

/** What the instance does with each call; each returns the HTTP status for the runtime. */
export interface RuntimeApiTarget {
  /** `GET invocation/next`: answer now or hold `res` until there is an invocation (long poll). */
  next(res: ServerResponse): void;
  response(requestId: string, body: Buffer, tooLarge: boolean): RuntimeReply;
  error(requestId: string, body: Buffer, errorType: string | undefined): RuntimeReply;
  initError(body: Buffer, errorType: string | undefined): RuntimeReply;
}

export interface RuntimeReply {
  status: number;
  body: Record<string, string>;
}

export const ACCEPTED: RuntimeReply = { status: 202, body: { status: 'OK' } };

export function runtimeError(status: number, errorType: string, errorMessage: string): RuntimeReply {
  return { status, body: { errorMessage, errorType } };
}

/** Starts a Runtime API server for one instance on 127.0.0.1 and an OS-chosen port. */
export async function listenRuntimeApi(target: RuntimeApiTarget): Promise<{ server: Server; address: string }> {
  const server = createServer((req, res) => {
    handle(target, req, res).catch(() => res.destroy());
  });
  // A runtime keeps its connection between calls; never close it under it (Node's default idle limit is 5 s).
  server.keepAliveTimeout = 0;
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('runtime API server has no TCP address');
  return { server, address: `127.0.0.1:${address.port}` };
}

async function handle(target: RuntimeApiTarget, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '').split('?')[0]!;
  if (!path.startsWith(PREFIX)) return send(res, runtimeError(404, 'NotFound', `unknown Runtime API path ${path}`));
  const rest = path.slice(PREFIX.length);
  if (rest === 'invocation/next') {
    if (req.method !== 'GET') return send(res, runtimeError(405, 'MethodNotAllowed', 'use GET'));
    req.resume();
    return target.next(res);
  }
  if (req.method !== 'POST') return send(res, runtimeError(405, 'MethodNotAllowed', 'use POST'));
  const { body, tooLarge } = await readBody(req, RESPONSE_PAYLOAD_LIMIT);
  const errorType = req.headers['lambda-runtime-function-error-type'];
  const type = Array.isArray(errorType) ? errorType[0] : errorType;
  if (rest === 'init/error') return send(res, target.initError(body, type));
  const match = INVOCATION.exec(rest);
  if (!match) return send(res, runtimeError(404, 'NotFound', `unknown Runtime API path ${path}`));
  const requestId = decodeURIComponent(match[1]!);
  const reply = match[2] === 'response' ? target.response(requestId, body, tooLarge) : target.error(requestId, body, type);
  return send(res, reply);
}

function send(res: ServerResponse, reply: RuntimeReply): void {
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
