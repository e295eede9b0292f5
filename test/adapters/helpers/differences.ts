import { expect } from 'vitest';
import type { View } from './differential.js';

/**
 * The listed differences between our adapters and serverless-http / @fastify/aws-lambda, each with the reason
 * ours is right (README "Adapters" → "Differences from serverless-http and @fastify/aws-lambda"). A difference
 * asserts that it is really there, then patches the other adapter's view so the rest must still be equal.
 */
export interface Difference {
  title: string;
  /** Asserts the deviation, then removes it from `theirs` (mutates). */
  settle(ours: View, theirs: View): void;
}

const REPLACEMENT_CHAR = Buffer.from([0xef, 0xbf, 0xbd]);

export const DIFFERENCES = {
  'binary-as-text': {
    title: 'binary response bodies are sent as UTF-8 text unless the types are configured: bytes are replaced by U+FFFD',
    settle(ours, theirs) {
      expect(Buffer.from(theirs.client.body, 'base64').includes(REPLACEMENT_CHAR)).toBe(true);
      expect(Buffer.from(ours.client.body, 'base64').includes(REPLACEMENT_CHAR)).toBe(false);
      theirs.client.body = ours.client.body;
      theirs.client.headers['content-length'] = ours.client.headers['content-length']!;
    },
  },
  'comma-split-query': {
    title: 'payload 2.0 query values are split on commas (queryStringParameters), not read from rawQueryString',
    settle(ours, theirs) {
      expect(theirs.saw!.query.length).toBeGreaterThan(ours.saw!.query.length);
      expect(theirs.saw!.query.map(([, v]) => v).join(',')).toBe(ours.saw!.query.map(([, v]) => v).join(','));
      theirs.saw!.query = ours.saw!.query;
    },
  },
  'cookie-join': {
    title: 'the 2.0 cookies array is joined with ";" instead of "; " (RFC 6265 §5.4)',
    settle(ours, theirs) {
      expect(theirs.saw!.headers.cookie).toBe((ours.saw!.headers.cookie as string).replace(/; /g, ';'));
      theirs.saw!.headers.cookie = ours.saw!.headers.cookie;
    },
  },
  'stage-prefix': {
    title: 'a named 2.0 stage stays in the path, so the app 404s behind any stage but $default',
    settle(ours, theirs) {
      expect(theirs.saw!.path).toBe(`/prod${ours.saw!.path}`);
      theirs.saw!.path = ours.saw!.path;
    },
  },
  'decoded-path': {
    title: 'a path decoded by the HTTP API is not re-escaped: a raw space, or a decoded "?" cutting the path',
    settle(ours, theirs) {
      expect(theirs.saw!.path).not.toBe(ours.saw!.path);
      expect(decodeURIComponent(ours.saw!.path).startsWith(decodeURIComponent(theirs.saw!.path))).toBe(true);
      theirs.saw!.path = ours.saw!.path;
    },
  },
  'v1-last-header': {
    title: 'payload 1.0 repeated headers reach the app as the last value only (multiValueHeaders ignored)',
    settle(ours, theirs) {
      expect(ours.saw!.headers['x-tag']).toBe('a, b');
      expect(theirs.saw!.headers['x-tag']).toBe('b');
      theirs.saw!.headers['x-tag'] = ours.saw!.headers['x-tag'];
    },
  },
  'alb-plus': {
    title: 'ALB query values are decoded without turning "+" into a space',
    settle(ours, theirs) {
      expect(theirs.saw!.query).toEqual(ours.saw!.query.map(([k, v]) => [k, v.replace(/ /g, '+')]));
      theirs.saw!.query = ours.saw!.query;
    },
  },
  'alb-client-address': {
    title: "ALB events have no sourceIp: the client address is lost (serverless-http) or 127.0.0.1 (@fastify/aws-lambda) instead of ALB's X-Forwarded-For hop",
    settle(ours, theirs) {
      expect(ours.saw!.ip).toBe(ours.saw!.headers['x-forwarded-for']);
      expect(theirs.saw!.ip).not.toBe(ours.saw!.ip);
      theirs.saw!.ip = ours.saw!.ip;
    },
  },
  'alb-cookies-dropped': {
    title: 'ALB default mode: several Set-Cookie are all dropped (ours keeps the last; only multi-value mode can carry all)',
    settle(ours, theirs) {
      expect(theirs.client.headers['set-cookie']).toBeUndefined();
      expect(ours.client.headers['set-cookie']).toHaveLength(1);
      theirs.client.headers['set-cookie'] = ours.client.headers['set-cookie']!;
    },
  },
  'alb-multi-mode': {
    title: 'ALB multi-value mode is not detected from the event: single-value request headers and every response header but Set-Cookie are lost',
    settle(ours, theirs) {
      const lostResponse = Object.keys(ours.client.headers).filter((name) => name !== 'set-cookie' && !(name in theirs.client.headers));
      const lostRequest = ours.saw ? Object.keys(ours.saw.headers).filter((name) => !(name in theirs.saw!.headers)) : [];
      expect(lostResponse.length + lostRequest.length).toBeGreaterThan(0);
      for (const name of lostResponse) theirs.client.headers[name] = ours.client.headers[name]!;
      for (const name of lostRequest) theirs.saw!.headers[name] = ours.saw!.headers[name];
    },
  },
  'transfer-encoding': {
    title: 'transfer-encoding: chunked is left in the result (API Gateway answers 502 to it)',
    settle(ours, theirs) {
      expect(theirs.wire.transferEncoding).toBe(true);
      expect(ours.wire.transferEncoding).toBe(false);
      theirs.wire.transferEncoding = false;
    },
  },
  'content-length-chars': {
    title: "the app's content-length is passed through even when it is not the body's byte length",
    settle(ours, theirs) {
      expect(theirs.wire.contentLength).not.toEqual(ours.wire.contentLength);
      expect(ours.wire.contentLength).toEqual([String(Buffer.from(ours.client.body, 'base64').length)]);
      theirs.wire.contentLength = ours.wire.contentLength;
    },
  },
} satisfies Record<string, Difference>;

export type DifferenceId = keyof typeof DIFFERENCES;
