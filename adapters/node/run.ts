import type { IncomingMessage, ServerResponse } from 'node:http';
import { AdapterError, AdapterErrorCode } from '../errors.js';
import type { AppResponse, DecodedRequest } from '../events/http.js';
import type { LambdaInvocation } from './request.js';
import { createRequest } from './request.js';
import { collectResponse, createResponse } from './response.js';
import { LambdaSocket } from './socket.js';

/** A Node request listener, the shape `http.createServer` takes; it may return a promise. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Runs a Node handler on a decoded request and resolves with its response as soon as the response finishes
 * (nothing waits for the app's timers or open sockets). Rejects when the handler throws or its promise rejects
 * before the response finished, and with `STRANGLER_ADAPTER_RESPONSE_ABORTED` when the app destroys the response.
 */
export function runNodeHandler(handler: NodeHandler, decoded: DecodedRequest, invocation: LambdaInvocation | undefined): Promise<AppResponse> {
  return new Promise<AppResponse>((resolve, reject) => {
    const socket = new LambdaSocket(decoded.remoteAddress, decoded.encrypted);
    const req = createRequest(decoded, socket);
    if (invocation !== undefined) req.lambda = invocation;
    const res = createResponse(req, socket);
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    socket.onDestroy = (err) => {
      fail(new AdapterError(AdapterErrorCode.RESPONSE_ABORTED, 'the app destroyed the response before finishing it', { cause: err }));
    };
    // A listener keeps an 'error' on the response (write after end...) from crashing the execution environment.
    res.on('error', fail);
    res.once('finish', () => {
      if (settled) return;
      settled = true;
      resolve(collectResponse(res, socket));
      // Node's server emits 'close' after 'finish'; on-finished style listeners rely on it.
      res.emit('close');
    });
    try {
      const out = handler(req, res);
      if (out !== null && typeof out === 'object' && typeof (out as PromiseLike<unknown>).then === 'function') {
        (out as PromiseLike<unknown>).then(undefined, fail);
      }
    } catch (err) {
      fail(err);
    }
  });
}
