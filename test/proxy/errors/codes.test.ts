import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { codeOptions, defineCodes, internalError, replyWithError, statusOf, StranglerError } from '../../../proxy/errors/index.js';
import { FlagsError } from '../../../proxy/flags/errors.js';
import { ShadowError } from '../../../proxy/shadow/errors.js';

const TABLE = defineCodes({
  STRANGLER_TEST_ANSWERED: { status: 418, meaning: 'answered over HTTP' },
  STRANGLER_TEST_START_UP: { meaning: 'ends a start-up' },
});

describe('code tables', () => {
  it('a table is frozen and keeps its entries', () => {
    expect(Object.isFrozen(TABLE)).toBe(true);
    expect(statusOf(TABLE, 'STRANGLER_TEST_ANSWERED')).toBe(418);
    expect(statusOf(TABLE, 'STRANGLER_TEST_START_UP')).toBeUndefined();
  });

  it.each([
    ['the table status by default', 'STRANGLER_TEST_ANSWERED', {}, { statusCode: 418 }],
    ['the raiser status over the table', 'STRANGLER_TEST_ANSWERED', { statusCode: 400 }, { statusCode: 400 }],
    ['no status for a code not answered over HTTP', 'STRANGLER_TEST_START_UP', {}, {}],
    ['the cause kept', 'STRANGLER_TEST_START_UP', { cause: 'x' }, { cause: 'x' }],
  ] as const)('codeOptions: %s', (_name, code, options, expected) => {
    expect(codeOptions(TABLE, code, options)).toEqual(expected);
  });

  it('errors take their default status from their table', () => {
    expect(new FlagsError('STRANGLER_FLAGS_UNKNOWN_ROUTE', 'no route').statusCode).toBe(404);
    expect(new FlagsError('STRANGLER_FLAGS_SDK_KEY_MISSING', 'unset').statusCode).toBeUndefined();
    expect(new ShadowError('STRANGLER_SHADOW_STORE_UNAVAILABLE', 'down').statusCode).toBe(503);
  });

  it('a code not in the table does not compile', () => {
    // @ts-expect-error STRANGLER_SHADOW_TIMEOUT is the shadow table's, not the flags table's
    const err = new FlagsError('STRANGLER_SHADOW_TIMEOUT', 'wrong table');
    expect(err).toBeInstanceOf(StranglerError);
  });
});

describe('replyWithError', () => {
  /** A real fastify app whose one route answers with `error`. */
  async function answer(error: StranglerError): Promise<{ status: number; body: unknown }> {
    const app = Fastify();
    app.get('/', async (_request, reply) => replyWithError(reply, error));
    try {
      const res = await app.inject({ method: 'GET', url: '/' });
      return { status: res.statusCode, body: res.json() };
    } finally {
      await app.close();
    }
  }

  it('answers the error status and the documented body', async () => {
    expect(await answer(new ShadowError('STRANGLER_SHADOW_BAD_QUERY', 'samples must be an integer'))).toEqual({
      status: 400,
      body: { error: { code: 'STRANGLER_SHADOW_BAD_QUERY', message: 'samples must be an integer' } },
    });
  });

  it('answers 500 STRANGLER_INTERNAL for a bug, without its details', async () => {
    expect(await answer(internalError('internal error', new Error('secret detail')))).toEqual({
      status: 500,
      body: { error: { code: 'STRANGLER_INTERNAL', message: 'internal error' } },
    });
  });
});
