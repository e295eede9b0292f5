import { describe, expect, it } from 'vitest';
import { adminBaseUrl } from '../../cli/admin-api.js';
import { UsageError } from '../../cli/command.js';
import { testPlan } from '../helpers/index.js';

const planWith = (admin: Record<string, unknown>) => ({
  plan: testPlan({ monolith: { url: 'http://127.0.0.1:1' }, admin: admin as never }),
  file: 'plan.yaml',
});

describe('adminBaseUrl: where the CLI finds a running proxy', () => {
  it.each([
    [{ host: '127.0.0.1', port: 9901 }, 'http://127.0.0.1:9901/'],
    [{ host: '0.0.0.0', port: 9901 }, 'http://127.0.0.1:9901/'],
    [{ host: '::', port: 9901 }, 'http://[::1]:9901/'],
    [{ host: '127.0.0.1', port: 9443, tls: { cert: 'c.pem', key: 'k.pem' } }, 'https://127.0.0.1:9443/'],
  ])('plan admin %j → %s', (admin, url) => {
    expect(adminBaseUrl(planWith(admin), undefined).href).toBe(url);
  });

  it('--admin wins over the plan', () => {
    expect(adminBaseUrl(planWith({ port: 9901 }), 'https://proxy.internal:9443').href).toBe('https://proxy.internal:9443/');
  });

  it('a random admin port cannot be found: a usage error says to pass --admin', () => {
    expect(() => adminBaseUrl(planWith({ port: 0 }), undefined)).toThrow(UsageError);
  });
});
