import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { forwardResponseHeaders } from '../http/headers.js';

/**
 * What a call needs of the request it forwards (the proxy's Exchange has it): declared here, so forwarding stays
 * below the request core and never imports it.
 */
export interface ForwardedRequest {
  readonly res: ServerResponse;
  readonly clientGone: boolean;
  readonly finished: boolean;
  /** The request's trace (proxy/tracing), when tracing is on. */
  readonly trace: { monolithStatus(status: number): void; endMonolith(errorCode?: string): void } | undefined;
  /** The proxy's own response headers (request id, route, side), flat name/value pairs. */
  responseHeaders(): string[];
  /** The response headers sent, kept for debug-level logs. */
  sentHeaders: readonly string[] | undefined;
}

/**
 * The monolith's response as `MonolithServeOptions.onResponse` listeners see it: status, headers (lower-case names,
 * repeated fields as arrays) and the body as `data` events emitted while it streams to the client, then `end`, or
 * `close` without `end` when it stopped early. Listeners read alongside; they cannot pause or consume the body.
 */
export class MonolithResponse extends EventEmitter {
  readableEnded = false;
  constructor(
    readonly statusCode: number,
    readonly headers: IncomingHttpHeaders,
  ) {
    super();
  }
}

/**
 * How much of the monolith's body may wait in the client connection's buffers before the monolith connection is
 * paused. node's `write()` answers false past 16 KiB, and that count includes what node only holds (corked) until
 * the end of the current tick: pausing on it paused and resumed undici once per read and sent a 64 KiB answer in two
 * writes (bench/README.md, issue 17). Past this bound the call pauses until the client has taken everything
 * (`drain`), so a slow client still makes the proxy hold at most this much plus one read (64 KiB) per request.
 */
export const CLIENT_BUFFER_BYTES = 256 * 1024;

/** What a call reports back to the target that started it (MonolithTarget). */
export interface CallOwner<E extends ForwardedRequest = ForwardedRequest> {
  /** The call failed before the response started (it may retry it, or answers the client with the failure). */
  failed(call: MonolithCall<E>, err: Error): void;
  /** The call is over, whatever the outcome: its pooled connection is free again. */
  settled(call: MonolithCall<E>): void;
}

/**
 * One attempt at a monolith request, as an undici dispatch handler (https://undici.nodejs.org/#/docs/api/Dispatcher):
 * the response head goes to `ex.res.writeHead` with the proxy's header rules, body chunks to `ex.res.write` with
 * backpressure (a slow client pauses the monolith connection once CLIENT_BUFFER_BYTES wait for it), the end to
 * `ex.res.end`. No stream objects sit in between: this is the forwarding hot path.
 */
export class MonolithCall<E extends ForwardedRequest = ForwardedRequest> implements Dispatcher.DispatchHandler {
  controller: Dispatcher.DispatchController | undefined = undefined;
  /** The response head reached the client. */
  started = false;
  /** Abandoned before undici started it (client gone, queue timeout): abort as soon as it starts. */
  abandoned = false;
  /** Runs while the call waits for a pooled connection (the owner starts it when all are busy). */
  queueTimer: NodeJS.Timeout | undefined = undefined;
  private done = false;
  private view: MonolithResponse | undefined = undefined;
  private onDrain: (() => void) | undefined = undefined;

  constructor(
    readonly ex: E,
    private readonly owner: CallOwner<E>,
    private readonly onResponse: ((response: MonolithResponse, ex: E) => void) | undefined,
  ) {}

  /** Stops the call: before it started, it is dropped when undici gets to it; after, its connection is closed. */
  abort(reason: Error): void {
    this.abandoned = true;
    this.clearQueueTimer();
    if (this.controller !== undefined && !this.done) this.controller.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    this.clearQueueTimer();
    // undici calls this before writing the request head: aborting here means the monolith never sees it.
    if (this.abandoned || this.ex.clientGone) controller.abort(new Error('the client went away'));
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    // Informational answers (102, 103) precede the real one: the client gets the final response only, as before.
    if (statusCode < 200) return;
    const { ex } = this;
    const res = ex.res;
    if (this.abandoned || ex.finished || res.headersSent || res.destroyed) {
      controller.abort(new Error('the client is no longer waiting'));
      return;
    }
    ex.trace?.monolithStatus(statusCode);
    const out = forwardResponseHeaders(latin1(controller.rawHeaders), ex.responseHeaders());
    try {
      res.writeHead(statusCode, statusMessage, out);
    } catch (err) {
      // A header node refuses to send (undici parsed it from the monolith, so this should not happen).
      controller.abort(err as Error);
      return;
    }
    this.started = true;
    ex.sentHeaders = out;
    if (this.onResponse !== undefined) {
      this.view = new MonolithResponse(statusCode, headers);
      this.onResponse(this.view, ex);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.view?.emit('data', chunk);
    const res = this.ex.res;
    if (!res.write(chunk) && res.writableLength > CLIENT_BUFFER_BYTES) {
      controller.pause();
      res.once('drain', (this.onDrain ??= () => controller.resume()));
    }
  }

  onResponseEnd(): void {
    this.settle();
    const view = this.view;
    if (view !== undefined) {
      view.readableEnded = true;
      view.emit('end');
    }
    this.ex.trace?.endMonolith();
    this.ex.res.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.settle();
    if (this.onDrain !== undefined) this.ex.res.off('drain', this.onDrain);
    // Stopped by the proxy (client gone, queue timeout): whoever stopped it has answered or logged already.
    if (this.abandoned) {
      this.view?.emit('close');
      return;
    }
    if (this.started) {
      // The monolith stopped mid-body (reset, timeout): a truncated body must not pass for a complete one.
      this.view?.emit('close');
      this.ex.trace?.endMonolith('response-incomplete');
      this.ex.res.destroy();
      return;
    }
    this.owner.failed(this, err);
  }

  private settle(): void {
    if (this.done) return;
    this.done = true;
    this.clearQueueTimer();
    this.owner.settled(this);
  }

  private clearQueueTimer(): void {
    if (this.queueTimer === undefined) return;
    clearTimeout(this.queueTimer);
    this.queueTimer = undefined;
  }
}

/** undici's raw header list (Buffers) as strings, decoded as node's own HTTP parser does (latin1: bytes kept). */
function latin1(raw: Dispatcher.DispatchController['rawHeaders']): string[] {
  if (!Array.isArray(raw)) return [];
  const out = new Array<string>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]!;
    out[i] = typeof v === 'string' ? v : v.toString('latin1');
  }
  return out;
}
