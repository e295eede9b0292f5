import { z } from 'zod';
import { PlanSchema } from './schema.js';

/**
 * The JSON Schema of plan files as users write them (zod's input side: fields with defaults are optional),
 * generated from the zod schema so the two can never disagree. Committed as migration-plans/plan.schema.json;
 * a test fails when that file is stale (`npm run schema` rewrites it). The plan reference page
 * (docs/plan-reference.md) is generated from the same object.
 */
export function planJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PlanSchema, { io: 'input', unrepresentable: 'any' });
  return { ...schema, title: 'strangler migration plan' };
}

/** planJsonSchema() as the committed file's text. */
export function planJsonSchemaText(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}
