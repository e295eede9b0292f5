import { describe, expect, it } from 'vitest';
import {
  AdapterErrorCode,
  detectEventSource,
  isAlbEvent,
  isAlbMultiValueEvent,
  isApiGatewayV1Event,
  isApiGatewayV2Event,
  isFunctionUrlEvent,
} from '../../../adapters/index.js';
import { FIXTURE_SOURCES, loadEvent } from '../helpers/events.js';

describe.each(FIXTURE_SOURCES)('detecting $fixture', ({ fixture, source }) => {
  const event = loadEvent(fixture);

  it(`is detected as ${source}`, () => {
    expect(detectEventSource(event)).toBe(source);
  });

  it('matches exactly the predicates of its source', () => {
    expect({
      v2: isApiGatewayV2Event(event),
      functionUrl: isFunctionUrlEvent(event),
      v1: isApiGatewayV1Event(event),
      alb: isAlbEvent(event),
      albMulti: isAlbMultiValueEvent(event),
    }).toEqual({
      v2: source === 'apiGatewayV2' || source === 'functionUrl',
      functionUrl: source === 'functionUrl',
      v1: source === 'apiGatewayV1',
      alb: source === 'alb' || source === 'albMultiValue',
      albMulti: source === 'albMultiValue',
    });
  });
});

describe('events that are not HTTP events', () => {
  it.each([
    ['an SQS batch', { Records: [{ eventSource: 'aws:sqs', body: 'x' }] }],
    ['a scheduled event', { source: 'aws.events', 'detail-type': 'Scheduled Event' }],
    ['a WebSocket event', { requestContext: { routeKey: '$connect', eventType: 'CONNECT' } }],
    ['an empty object', {}],
    ['null', null],
    ['a string', 'GET /'],
  ])('rejects %s with STRANGLER_ADAPTER_UNKNOWN_EVENT', (_, event) => {
    expect(() => detectEventSource(event)).toThrow(expect.objectContaining({ code: AdapterErrorCode.UNKNOWN_EVENT }));
  });
});
