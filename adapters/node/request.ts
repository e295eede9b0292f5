import { IncomingMessage, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { DecodedRequest, RawHeaders } from '../events/http.js';
import type { LambdaSocket } from './socket.js';

/** What `req.lambda` (and Fastify's `request.lambda`) holds when `exposeLambda` is on. */
export interface LambdaInvocation {
  /** The event as Lambda delivered it. */
  event: unknown;
  /** The Lambda context object (`awsRequestId`, `getRemainingTimeInMillis()`...). */
  context: unknown;
  /** Which source sent the event. */
  source: string;
}

declare module 'node:http' {
  interface IncomingMessage {
    /** Set by `@strangler-toolkit/strangler/adapters` when `exposeLambda` is on (the default). */
    lambda?: LambdaInvocation;
  }
}

const kBody = Symbol('strangler.body');
type BodyRequest = IncomingMessage & { [kBody]?: Buffer | undefined };

// Own property, not a subclass method: Express swaps the prototype of every request (app.handle →
// Object.setPrototypeOf(req, app.request)), which would drop an override defined on a class.
function readBody(this: BodyRequest): void {
  const body = this[kBody];
  if (body !== undefined) {
    this[kBody] = undefined;
    this.push(body);
  }
  this.push(null);
}

/** What `_addHeaderLine` reads from its receiver: Node's default (duplicates of most headers joined). */
const NODE_DEFAULTS = { joinDuplicateHeaders: false };

const addHeaderLine = (IncomingMessage.prototype as unknown as { _addHeaderLine?: (name: string, value: string, dest: object) => void })._addHeaderLine;

/**
 * Header lines → Node's `req.headers` object, with Node's own rules (lower-case names; repeated values joined with
 * ", ", cookies with "; ", set-cookie as an array, duplicates of single-value fields such as content-type dropped),
 * so the app sees exactly what Node's HTTP server would give it.
 */
export function toIncomingHeaders(raw: RawHeaders, req: object = NODE_DEFAULTS): IncomingHttpHeaders {
  const dest: Record<string, string | string[]> = {};
  if (addHeaderLine) {
    for (let i = 0; i + 1 < raw.length; i += 2) addHeaderLine.call(req, raw[i]!, raw[i + 1]!, dest);
    return dest;
  }
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const prev = dest[name];
    if (name === 'set-cookie') dest[name] = Array.isArray(prev) ? [...prev, value] : [value];
    else if (prev === undefined) dest[name] = value;
    else dest[name] = `${prev as string}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return dest;
}

/** A real `http.IncomingMessage` carrying the decoded request, readable once for its body. */
export function createRequest(decoded: DecodedRequest, socket: LambdaSocket): IncomingMessage {
  const req = new IncomingMessage(socket as unknown as Socket) as BodyRequest;
  req.method = decoded.method;
  req.url = decoded.url;
  req.httpVersion = '1.1';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.rawHeaders = decoded.headers; // the decoder built this list for this request alone
  req.headers = toIncomingHeaders(decoded.headers, req);
  // The whole body is already here, as after Node's parser finished the message.
  req.complete = true;
  req[kBody] = decoded.body !== undefined && decoded.body.length > 0 ? decoded.body : undefined;
  req._read = readBody;
  return req;
}
