import { describe, expect, it } from 'vitest';
import { AdapterErrorCode, compileBinaryTypes, isBinaryBody } from '../../../adapters/index.js';
import { GZIPPED, PNG, UNICODE } from '../helpers/apps.js';

const text = Buffer.from(UNICODE);
const latin1 = Buffer.from('caf\xe9', 'latin1');

describe('isBinaryBody: the one rule for text vs base64', () => {
  it.each([
    ['text/plain', undefined, text, false],
    ['text/html; charset=utf-8', undefined, text, false],
    ['application/json', undefined, text, false],
    ['Application/JSON; charset=UTF-8', undefined, text, false],
    ['application/javascript', undefined, text, false],
    ['application/xml', undefined, text, false],
    ['application/problem+json', undefined, text, false],
    ['application/atom+xml', undefined, text, false],
    ['application/openapi+yaml', undefined, text, false],
    ['image/png', undefined, PNG, true],
    ['application/octet-stream', undefined, text, true],
    ['application/pdf', undefined, text, true],
    [undefined, undefined, text, true], // no type: bytes of unknown meaning
    ['application/json', 'gzip', GZIPPED, true],
    ['text/plain', 'br', text, true],
    ['text/plain', 'zstd', text, true], // any encoding, not a fixed list (serverless-http#312)
    ['text/plain', 'identity', text, false],
    ['text/plain; charset=iso-8859-1', undefined, latin1, true], // not UTF-8: base64 keeps the bytes
    ['image/png', undefined, Buffer.alloc(0), false], // nothing to encode
  ] as const)('content-type %s, content-encoding %s → binary %s', (type, encoding, body, binary) => {
    expect(isBinaryBody(type, encoding, body)).toBe(binary);
  });

  it('configured binary types force base64 even for text types', () => {
    const matcher = compileBinaryTypes(['text/csv', 'application/vnd.*']);
    expect(isBinaryBody('text/csv', undefined, text, matcher)).toBe(true);
    expect(isBinaryBody('application/vnd.api+json', undefined, text, matcher)).toBe(true);
    expect(isBinaryBody('text/plain', undefined, text, matcher)).toBe(false);
    expect(isBinaryBody('text/plain', undefined, text, compileBinaryTypes(['*/*']))).toBe(true);
  });

  it.each([['image'], ['*'], ['image/png/x'], [''], [42]])('rejects the binary type %j with a code', (pattern) => {
    expect(() => compileBinaryTypes([pattern as string])).toThrow(expect.objectContaining({ code: AdapterErrorCode.INVALID_OPTION }));
  });
});
