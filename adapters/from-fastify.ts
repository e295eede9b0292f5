import { randomBytes } from 'node:crypto';
import { AdapterError, AdapterErrorCode } from './errors.js';
import type { AppResponse, DecodedRequest, RawHeaders } from './events/http.js';
import { createLambdaHandler, type LambdaHttpHandler } from './handler.js';
import type { LambdaInvocation } from './node/request.js';
import { resolveOptions, type AdapterOptions } from './options.js';

/** The parts of light-my-request's response `fromFastify` reads. */
export interface InjectResponse {
  statusCode: number;
  statusMessage?: string;
  headers: Record<string, string | number | string[] | undefined>;
  rawPayload: Buffer;
}

/** What `fromFastify` needs from a Fastify instance (structural, so this module never loads fastify). */
export interface FastifyLike {
  inject(
    options: { method: string; url: string; headers: Record<string, string | string[] | undefined>; payload?: Buffer; remoteAddress?: string },
    callback: (err: Error | null | undefined, res?: InjectResponse) => void,
  ): unknown;
  ready(): PromiseLike<unknown>;
  decorateRequest?(name: string, value: unknown): unknown;
  hasRequestDecorator?(name: string): boolean;
  addHook?(name: 'onRequest', hook: (request: FastifyRequestLike, reply: unknown, done: () => void) => void): unknown;
}

/** The parts of a Fastify request the `request.lambda` plumbing touches. */
interface FastifyRequestLike {
  headers: Record<string, unknown>;
  raw: { headers: Record<string, unknown> };
  [kInvocation]?: LambdaInvocation | undefined;
}

/**
 * How an invocation reaches `request.lambda`: `inject` builds the request itself, so the adapter sends an id in a
 * private header, unguessable (random per execution environment) and stripped from client input, resolved through
 * a map of invocations in flight, then removed from the headers before app hooks run (the approach
 * @fastify/aws-lambda settled on after GHSA-m93c-jj3f-68ph: never trust a client-controllable header). No
 * AsyncLocalStorage: on Node 20 it installs promise hooks that slow every promise in the process.
 */
const INVOCATION_HEADER = 'x-strangler-lambda-invocation';
const kInvocation = Symbol('strangler.lambda');

/**
 * A Lambda handler from a Fastify instance, through `app.inject` (no socket). The app is readied once per
 * execution environment, on the first invocation, not per request. With `exposeLambda`, handlers read the
 * invocation as `request.lambda` (a request decorator and an onRequest hook, added when `fromFastify` is called:
 * call it before the app is readied, e.g. at module load).
 * @example
 *   import Fastify from 'fastify';
 *   import { fromFastify } from '@strangler-toolkit/strangler/adapters';
 *   const app = Fastify();
 *   app.get('/hello', async () => ({ hello: 'world' }));
 *   export const handler = fromFastify(app);
 */
export function fromFastify(app: FastifyLike, options?: AdapterOptions): LambdaHttpHandler {
  if (app === null || typeof app !== 'object' || typeof app.inject !== 'function' || typeof app.ready !== 'function') {
    throw new AdapterError(AdapterErrorCode.UNSUPPORTED_APP, 'fromFastify needs a Fastify instance (an object with inject() and ready())');
  }
  const resolved = resolveOptions(options);
  const inFlight = new Map<string, LambdaInvocation>();
  const prefix = randomBytes(12).toString('hex');
  let sequence = 0;
  const claim = (request: FastifyRequestLike): LambdaInvocation | undefined => {
    if (kInvocation in request) return request[kInvocation];
    const id = request.headers[INVOCATION_HEADER];
    const invocation = typeof id === 'string' ? inFlight.get(id) : undefined;
    request[kInvocation] = invocation;
    if (id !== undefined) {
      delete request.headers[INVOCATION_HEADER];
      delete request.raw.headers[INVOCATION_HEADER];
    }
    return invocation;
  };
  let exposing = false;
  if (resolved.exposeLambda && typeof app.decorateRequest === 'function' && app.hasRequestDecorator?.('lambda') !== true) {
    try {
      app.decorateRequest('lambda', {
        getter(this: FastifyRequestLike): LambdaInvocation | undefined {
          return claim(this);
        },
      });
      app.addHook?.('onRequest', (request, _reply, done) => {
        claim(request);
        done();
      });
      exposing = true;
    } catch {
      // The app was already started (decorators are closed): request.lambda stays unavailable.
    }
  }
  let ready: Promise<unknown> | undefined;
  let isReady = false;
  const start = (): Promise<unknown> =>
    (ready ??= Promise.resolve(app.ready()).then(
      () => (isReady = true),
      (err: unknown) => {
        ready = undefined; // a failed start is retried by the next invocation
        throw err;
      },
    ));

  const inject = (request: DecodedRequest, invocation: LambdaInvocation | undefined): Promise<AppResponse> =>
    new Promise<AppResponse>((resolve, reject) => {
      const headers = injectHeaders(request.headers);
      let id: string | undefined;
      if (exposing) {
        delete headers[INVOCATION_HEADER]; // a client cannot pick an invocation
        if (invocation !== undefined) {
          id = `${prefix}${++sequence}`;
          headers[INVOCATION_HEADER] = id;
          inFlight.set(id, invocation);
        }
      }
      // The callback form dispatches at once (the promise form waits until awaited).
      const done = (err: Error | null | undefined, res?: InjectResponse): void => {
        if (id !== undefined) inFlight.delete(id);
        if (err || res === undefined) reject(err ?? new Error('inject returned no response'));
        else resolve({ statusCode: res.statusCode, statusMessage: res.statusMessage, headers: res.headers, body: res.rawPayload });
      };
      try {
        app.inject({ method: request.method, url: request.url, headers, payload: request.body, remoteAddress: request.remoteAddress }, done);
      } catch (err) {
        done(err as Error);
      }
    });

  return createLambdaHandler((request, invocation) => (isReady ? inject(request, invocation) : start().then(() => inject(request, invocation))), resolved);
}

/** Header lines → inject's header object: lower-case names, an array for a repeated name (inject joins as Node does). */
function injectHeaders(raw: RawHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
  return out;
}
