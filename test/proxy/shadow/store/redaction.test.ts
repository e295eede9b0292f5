import { afterEach, describe, expect, it } from 'vitest';
import { compareResponses, compileRules } from '../../../../proxy/shadow/compare/index.js';
import { compileRedaction, ShadowStore } from '../../../../proxy/shadow/store/index.js';
import { resolveShadowConfig } from '../../../../proxy/shadow/config.js';
import { ShadowSettingsSchema, RouteShadowSchema } from '../../../../proxy/schemas/shadow.js';
import { json, record } from './helpers.js';

describe('samples are redacted before they are stored', () => {
  let store: ShadowStore | undefined;
  afterEach(() => store?.close());

  it('auth headers, cookies, plan-listed body paths and credential query parameters', () => {
    const cfg = resolveShadowConfig(ShadowSettingsSchema.parse({ defaults: { redact: { body: ['$.user.email'] } } }), {
      shadow: RouteShadowSchema.parse({ compare: { headers: ['content-type', 'set-cookie'] }, redact: { body: ['$..card'], query: ['session'] } }),
    });
    const redaction = compileRedaction(cfg.redact);
    const a = {
      ...json({ user: { email: 'a@x.io', name: 'A' }, pay: [{ card: '4111', v: 1 }], token: 't1' }),
      headers: { 'content-type': 'application/json', 'set-cookie': 'sid=1' },
    };
    const b = {
      ...json({ user: { email: 'b@x.io', name: 'B' }, pay: [{ card: '4242', v: 2 }] }),
      headers: { 'content-type': 'application/json', 'set-cookie': 'sid=2' },
    };
    store = ShadowStore.open(':memory:', { maxSamples: 5, retentionDays: 1, flushIntervalMs: 0 });
    store.recordComparison(
      record('r', null, null, {
        result: compareResponses(a, b, compileRules(cfg.compare)),
        redaction,
        request: {
          id: 'x',
          method: 'GET',
          url: '/u?session=s3cr3t&token=abc&q=shoes',
          headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'proxy-authorization': 'Basic x', accept: '*/*' },
        },
      }),
    );
    const stored = JSON.stringify(store.stats('r')[0]!.samples);
    for (const secret of ['a@x.io', 'b@x.io', '4111', '4242', 'sid=1', 'sid=2', 'Bearer abc', 's3cr3t', 'abc', 'Basic x']) {
      expect(stored).not.toContain(secret);
    }
    const [sample] = store.stats('r')[0]!.samples;
    expect(sample!.url).toBe('/u?session=[REDACTED]&token=[REDACTED]&q=shoes');
    expect(sample!.headers).toEqual({ authorization: '[REDACTED]', cookie: '[REDACTED]', 'proxy-authorization': '[REDACTED]', accept: '*/*' });
    expect(sample!.diffs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'headers.set-cookie', monolith: '[REDACTED]', lambda: '[REDACTED]' }),
        expect.objectContaining({ path: '$.user.email', monolith: '[REDACTED]', lambda: '[REDACTED]' }),
        expect.objectContaining({ path: '$.user.name', monolith: 'A', lambda: 'B' }),
        expect.objectContaining({ path: '$.token', kind: 'removed', monolith: 't1' }),
      ]),
    );
  });

  it('redacts inside object values of a difference', () => {
    const redaction = compileRedaction({ headers: [], query: [], body: ['$.user.email'] });
    store = ShadowStore.open(':memory:', { maxSamples: 5, retentionDays: 1, flushIntervalMs: 0 });
    store.recordComparison(record('r', { a: 1 }, { a: 1, user: { email: 'x@y.z', id: 1 } }, { redaction }));
    const [sample] = store.stats('r')[0]!.samples;
    expect(sample!.diffs).toEqual([{ path: '$.user', field: '$.user', kind: 'added', lambda: { email: '[REDACTED]', id: 1 } }]);
  });
});
