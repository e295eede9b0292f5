import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planJsonSchemaText } from '../../../proxy/plan/json-schema.js';
import { ROOT } from './fixtures.js';

describe('migration-plans/plan.schema.json', () => {
  it('is the JSON Schema generated from the zod plan schema (run `npm run schema` when this fails)', () => {
    const committed = readFileSync(join(ROOT, 'migration-plans/plan.schema.json'), 'utf8');
    const fresh = planJsonSchemaText();
    // One readable message instead of a 1000-line diff.
    expect(committed === fresh, 'migration-plans/plan.schema.json is stale: run `npm run schema` and commit the result').toBe(true);
  });

  it('describes the fields, so editors show the documentation while a plan is written', () => {
    const schema = JSON.parse(planJsonSchemaText()) as {
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, { description?: string; properties?: Record<string, { description?: string; default?: unknown }> }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['monolith']);
    expect(schema.properties.monolith?.properties?.url?.description).toMatch(/Base URL of the monolith/);
    expect(schema.properties.monolith?.properties?.timeoutMs).toMatchObject({ default: 30000, description: expect.stringMatching(/Default 30000 ms/) });
    expect(schema.properties.listen?.description).toBe('Where the proxy serves traffic.');
    for (const section of ['monolith', 'listen', 'admin', 'lambda', 'server', 'flags', 'shadow', 'functions', 'routes']) {
      expect(schema.properties[section]?.description, section).toBeTruthy();
    }
  });

  it('the shop plan points editors at it', () => {
    expect(readFileSync(join(ROOT, 'migration-plans/shop.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./plan.schema.json');
  });
});
