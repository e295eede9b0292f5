import { describe, expect, it } from 'vitest';
import { checkPayload, decodeClientContext, parseFunctionRef, parseInvokeParams } from '../../lambda-runtime/invoke-request.js';

describe('parseFunctionRef', () => {
  it.each([
    ['hello', { name: 'hello', qualifier: undefined }],
    ['hello:live', { name: 'hello', qualifier: 'live' }],
    ['hello:$LATEST', { name: 'hello', qualifier: '$LATEST' }],
    ['123456789012:function:hello', { name: 'hello', qualifier: undefined }],
    ['123456789012:function:hello:3', { name: 'hello', qualifier: '3' }],
    ['arn:aws:lambda:eu-west-1:123456789012:function:hello', { name: 'hello', qualifier: undefined }],
    ['arn:aws-cn:lambda:cn-north-1:123456789012:function:hello:live', { name: 'hello', qualifier: 'live' }],
  ])('%s', (raw, expected) => {
    expect(parseFunctionRef(raw)).toEqual(expected);
  });

  it.each(['', 'bad name', 'a:b:c', 'arn:aws:s3:::bucket', 'arn:aws:lambda:us-east-1:1:layer:x', 'x'.repeat(65), 'hello:bad/qualifier'])(
    'rejects %j with ValidationException',
    (raw) => {
      expect(parseFunctionRef(raw)).toMatchObject({ status: 400, type: 'ValidationException' });
    },
  );
});

describe('parseInvokeParams', () => {
  it('defaults to RequestResponse without log, and reads the URL-encoded ARN', () => {
    expect(parseInvokeParams('arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Ahello', '', {})).toEqual({
      name: 'hello',
      qualifier: undefined,
      invocationType: 'RequestResponse',
      logTail: false,
      clientContext: undefined,
      traceId: undefined,
    });
  });

  it("takes the Qualifier parameter, and accepts it when it repeats the name's", () => {
    expect(parseInvokeParams('hello', 'Qualifier=live', {})).toMatchObject({ qualifier: 'live' });
    expect(parseInvokeParams('hello%3Alive', 'Qualifier=live', {})).toMatchObject({ qualifier: 'live' });
    expect(parseInvokeParams('hello%3Alive', 'Qualifier=other', {})).toMatchObject({ status: 400, type: 'InvalidParameterValueException' });
  });

  it('Tail applies to synchronous calls only', () => {
    expect(parseInvokeParams('hello', '', { 'x-amz-log-type': 'Tail' })).toMatchObject({ logTail: true });
    expect(parseInvokeParams('hello', '', { 'x-amz-log-type': 'Tail', 'x-amz-invocation-type': 'Event' })).toMatchObject({ logTail: false });
  });

  it.each([
    [{ 'x-amz-invocation-type': 'Later' }, 'invocationType'],
    [{ 'x-amz-log-type': 'Full' }, 'logType'],
  ])('rejects %j', (headers, field) => {
    const reply = parseInvokeParams('hello', '', headers);
    expect(reply).toMatchObject({ status: 400, type: 'ValidationException' });
    expect(JSON.stringify(reply)).toContain(field);
  });
});

describe('decodeClientContext', () => {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  it('decodes base64 JSON objects', () => {
    expect(decodeClientContext(b64('{"custom":{"a":"é"}}'))).toBe('{"custom":{"a":"é"}}');
    expect(decodeClientContext(undefined)).toBeUndefined();
  });
  it.each([
    ['not base64', '%%%'],
    ['not JSON', b64('hello')],
    ['a JSON array', b64('[1]')],
    ['over 3,583 bytes', b64(JSON.stringify({ pad: 'x'.repeat(2700) }))],
  ])('rejects %s', (_what, value) => {
    expect(decodeClientContext(value)).toMatchObject({ status: 400, type: 'InvalidParameterValueException' });
  });
  it('draws the line at 3,583 bytes of base64', () => {
    // {"pad":"xxx"} of 2,685 bytes is 3,580 base64 characters; one byte more makes 3,584.
    const at = (n: number): string => b64(JSON.stringify({ pad: 'x'.repeat(n - 10) }));
    expect(at(2685)).toHaveLength(3580);
    expect(typeof decodeClientContext(at(2685))).toBe('string');
    expect(at(2686)).toHaveLength(3584);
    expect(decodeClientContext(at(2686))).toMatchObject({ status: 400 });
  });
});

describe('checkPayload', () => {
  it('turns an empty payload into {} and passes JSON of any type', () => {
    expect(checkPayload(Buffer.alloc(0)).toString()).toBe('{}');
    for (const json of ['"text"', '42', 'null', '[1,2]', '{"a":1}']) expect(checkPayload(Buffer.from(json)).toString()).toBe(json);
  });
  it('rejects what is not JSON', () => {
    expect(checkPayload(Buffer.from('{oops'))).toMatchObject({ status: 400, type: 'InvalidRequestContentException' });
  });
});
