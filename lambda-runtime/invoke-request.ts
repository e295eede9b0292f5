import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import {
  CLIENT_CONTEXT_LIMIT,
  EVENT_PAYLOAD_LIMIT,
  invalidParameter,
  invalidRequestContent,
  SYNC_PAYLOAD_LIMIT,
  type ServiceErrorReply,
} from './aws-errors.js';
import { FUNCTION_NAME, LATEST } from '../proxy/schemas/functions.js';

/**
 * Pure parsing of an Invoke request: `POST /2015-03-31/functions/{FunctionName}/invocations?Qualifier=`.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */

export const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

/** A function reference as a caller wrote it: name, `name:qualifier`, partial ARN or full ARN. */
export interface FunctionRef {
  name: string;
  /** The qualifier in the name or in `?Qualifier=`; undefined means unqualified (`$LATEST`). */
  qualifier: string | undefined;
}

export interface InvokeParams extends FunctionRef {
  invocationType: InvocationType;
  logTail: boolean;
  /** The decoded client context (JSON text), passed to the runtime as `Lambda-Runtime-Client-Context`. */
  clientContext: string | undefined;
  /** The caller's X-Ray header, passed to the runtime as `Lambda-Runtime-Trace-Id`. */
  traceId: string | undefined;
}

const QUALIFIER = /^(\$LATEST|[A-Za-z0-9_-]{1,128})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function validation(message: string): ServiceErrorReply {
  return { status: 400, type: 'ValidationException', body: { message } };
}

/**
 * `hello`, `hello:live`, `123456789012:function:hello[:live]`, `arn:aws:lambda:us-east-1:123456789012:function:hello[:live]`.
 * Region and account of an ARN are not checked: the local service answers for any.
 */
export function parseFunctionRef(raw: string): FunctionRef | ServiceErrorReply {
  const parts = raw.split(':');
  let rest: string[];
  if (parts[0] === 'arn') {
    if (parts.length < 7 || parts[2] !== 'lambda' || parts[5] !== 'function') return badName(raw);
    rest = parts.slice(6);
  } else if (parts.length >= 3 && parts[1] === 'function') {
    rest = parts.slice(2);
  } else {
    rest = parts;
  }
  const [name, qualifier, extra] = rest;
  if (name === undefined || extra !== undefined || !FUNCTION_NAME.test(name)) return badName(raw);
  if (qualifier !== undefined && !QUALIFIER.test(qualifier)) return badName(raw);
  return { name, qualifier };
}

function badName(raw: string): ServiceErrorReply {
  return validation(
    `1 validation error detected: Value '${raw}' at 'functionName' failed to satisfy constraint: Member must be a function name (1-64 letters, digits, hyphens or underscores), name:qualifier, or a function ARN`,
  );
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Everything but the body, checked in the order AWS reports problems: names and parameters first. */
export function parseInvokeParams(rawName: string, query: string, headers: IncomingHttpHeaders): InvokeParams | ServiceErrorReply {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawName);
  } catch {
    return badName(rawName);
  }
  const ref = parseFunctionRef(decoded);
  if ('status' in ref) return ref;

  const queried = query === '' ? null : new URLSearchParams(query).get('Qualifier');
  if (queried !== null) {
    if (!QUALIFIER.test(queried)) {
      return validation(
        `1 validation error detected: Value '${queried}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)`,
      );
    }
    if (ref.qualifier !== undefined && ref.qualifier !== queried) {
      return invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
    }
  }

  const type = header(headers, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') {
    return validation(
      `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
    );
  }
  const logType = header(headers, 'x-amz-log-type') ?? 'None';
  if (logType !== 'None' && logType !== 'Tail') {
    return validation(
      `1 validation error detected: Value '${logType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]`,
    );
  }

  const clientContext = decodeClientContext(header(headers, 'x-amz-client-context'));
  if (clientContext !== undefined && typeof clientContext !== 'string') return clientContext;

  return {
    name: ref.name,
    qualifier: queried ?? ref.qualifier,
    invocationType: type,
    // LogType applies to synchronous calls only (API_Invoke: "Set to Tail to include the execution log").
    logTail: logType === 'Tail' && type === 'RequestResponse',
    clientContext,
    traceId: header(headers, 'x-amzn-trace-id'),
  };
}

/** `X-Amz-Client-Context`: base64 of a JSON object, at most 3,583 bytes. */
export function decodeClientContext(value: string | undefined): string | undefined | ServiceErrorReply {
  if (value === undefined || value === '') return undefined;
  if (value.length > CLIENT_CONTEXT_LIMIT) {
    return invalidParameter(`Client context must be ${CLIENT_CONTEXT_LIMIT} bytes or less (got ${value.length}).`);
  }
  const invalid = invalidParameter('Client context must be a valid Base64-encoded JSON object.');
  if (!BASE64.test(value)) return invalid;
  const text = Buffer.from(value, 'base64').toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return invalid;
  } catch {
    return invalid;
  }
  return text;
}

/** The payload limit for an invocation type. */
export function payloadLimit(type: InvocationType): number {
  return type === 'Event' ? EVENT_PAYLOAD_LIMIT : SYNC_PAYLOAD_LIMIT;
}

/**
 * An empty payload is `{}` to the function (Lambda substitutes it); anything else must be JSON.
 * Returns the payload to deliver, or the error reply.
 */
export function checkPayload(body: Buffer): Buffer | ServiceErrorReply {
  if (body.length === 0) return EMPTY_EVENT;
  try {
    JSON.parse(body.toString('utf8'));
  } catch (err) {
    return invalidRequestContent(`Could not parse request body into json: ${(err as Error).message}`);
  }
  return body;
}
const EMPTY_EVENT = Buffer.from('{}');

/**
 * Reads a request body, keeping at most `limit` bytes. An oversized body is drained (so the caller still reads our
 * 413 on a healthy connection) unless it is far over the limit: then we answer at once and the connection closes.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      resolve({ body: tooLarge ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), tooLarge });
    };
    if (Number(req.headers['content-length'] ?? 0) > limit * 4) {
      req.resume();
      settle();
      return;
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        if (size > limit * 4) settle();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', settle);
    const fail = (err: Error): void => {
      if (!settled) reject(err);
      settled = true;
    };
    req.on('error', fail);
    req.on('close', () => {
      if (!req.complete) fail(new Error('the caller closed the connection before sending the whole request'));
    });
  });
}
const EMPTY = Buffer.alloc(0);

export { LATEST };
