import { describe, expect, it } from 'vitest';
import { anonymousKey, contextBuilder } from '../../../proxy/flags/index.js';
import { ContextSchema } from '../../../proxy/schemas/flags.js';
import { request } from './helpers.js';

const jwt = (payload: object) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
const build = (config: unknown) => contextBuilder(ContextSchema.parse(config));

describe('request contexts', () => {
  it('is a multi-kind context: the user and the request (route, method, path)', () => {
    const context = build({ key: { from: 'header', name: 'X-User-Id' } })(
      'orders',
      request({ method: 'POST', path: '/orders/7', headers: { 'x-user-id': 'u-1' } }),
    );
    expect(context).toEqual({
      kind: 'multi',
      user: { key: 'u-1' },
      request: { key: 'orders', route: 'orders', method: 'POST', path: '/orders/7' },
    });
  });

  it.each([
    ['a header', { from: 'header', name: 'x-user-id' }, { 'x-user-id': 'u-1' }, 'u-1'],
    ['a repeated header (first value)', { from: 'header', name: 'x-user-id' }, { 'x-user-id': ['u-1', 'u-2'] }, 'u-1'],
    ['a cookie', { from: 'cookie', name: 'sid' }, { cookie: 'a=1; sid=abc%20d; b=2' }, 'abc d'],
    ['a quoted cookie', { from: 'cookie', name: 'sid' }, { cookie: 'sid="q"' }, 'q'],
    ['a bearer token claim', { from: 'claim', claim: 'sub' }, { authorization: `Bearer ${jwt({ sub: 'u-9' })}` }, 'u-9'],
    ['a nested numeric claim', { from: 'claim', claim: 'user.id' }, { authorization: `Bearer ${jwt({ user: { id: 42 } })}` }, '42'],
    ['a claim from a header', { from: 'claim', claim: 'sub', header: 'X-Id-Token' }, { 'x-id-token': jwt({ sub: 'h' }) }, 'h'],
    ['a claim from a cookie', { from: 'claim', claim: 'sub', cookie: 'id_token' }, { cookie: `id_token=${jwt({ sub: 'c' })}` }, 'c'],
  ])('takes the key from %s', (_what, key, headers, expected) => {
    expect(build({ key })('r', request({ headers })).user).toEqual({ key: expected });
  });

  it.each([
    ['the header is missing', { from: 'header', name: 'x-user-id' }, {}],
    ['the header is empty', { from: 'header', name: 'x-user-id' }, { 'x-user-id': '' }],
    ['the cookie is missing', { from: 'cookie', name: 'sid' }, { cookie: 'other=1' }],
    ['the token is malformed', { from: 'claim', claim: 'sub' }, { authorization: 'Bearer not-a-jwt' }],
    ['the claim is an object', { from: 'claim', claim: 'sub' }, { authorization: `Bearer ${jwt({ sub: { a: 1 } })}` }],
  ])('falls back to the anonymous key when %s', (_what, key, headers) => {
    const user = build({ key })('r', request({ headers, ip: '10.0.0.1' })).user as { key: string; anonymous?: boolean };
    expect(user.anonymous).toBe(true);
    expect(user.key).toMatch(/^anon-[0-9a-f]{32}$/);
  });

  it('the anonymous key is stable per client address and User-Agent, and differs between clients', () => {
    const inputs = ContextSchema.parse({}).anonymous.from;
    const a = anonymousKey(inputs, { ip: '10.0.0.1', headers: { 'user-agent': 'Firefox' } });
    expect(anonymousKey(inputs, { ip: '10.0.0.1', headers: { 'user-agent': 'Firefox' } })).toBe(a);
    expect(anonymousKey(inputs, { ip: '10.0.0.2', headers: { 'user-agent': 'Firefox' } })).not.toBe(a);
    expect(anonymousKey(inputs, { ip: '10.0.0.1', headers: { 'user-agent': 'Chrome' } })).not.toBe(a);
    expect(a).not.toContain('10.0.0.1');
  });

  it('the anonymous key inputs are configurable', () => {
    const config = ContextSchema.parse({ anonymous: { from: [{ header: 'X-Device-Id' }] } });
    const key = (ip: string, device: string) => (contextBuilder(config)('r', request({ ip, headers: { 'x-device-id': device } })).user as { key: string }).key;
    expect(key('10.0.0.1', 'd1')).toBe(key('10.9.9.9', 'd1'));
    expect(key('10.0.0.1', 'd1')).not.toBe(key('10.0.0.1', 'd2'));
  });

  it('uses the configured context kind', () => {
    const context = build({ kind: 'session', key: { from: 'cookie', name: 'sid' } })('r', request({ headers: { cookie: 'sid=s1' } }));
    expect(context.session).toEqual({ key: 's1' });
    expect(context.user).toBeUndefined();
  });
});
