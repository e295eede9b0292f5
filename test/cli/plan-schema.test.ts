import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { planJsonSchemaText } from '../../proxy/plan/json-schema.js';

describe('strangler plan schema', () => {
  it('prints the JSON Schema generated from the zod plan schema', async () => {
    let out = '';
    const code = await main(['plan', 'schema'], { out: (t) => (out += t), err: () => undefined });
    expect(code).toBe(0);
    expect(out).toBe(planJsonSchemaText());
    expect(JSON.parse(out)).toMatchObject({ title: 'strangler migration plan', type: 'object', required: ['monolith'] });
  });

  it('takes no FILE argument', async () => {
    let err = '';
    const code = await main(['plan', 'schema', 'extra'], { out: () => undefined, err: (t) => (err += t) });
    expect(code).toBe(2);
    expect(err).toContain('Usage: strangler plan schema');
  });
});
