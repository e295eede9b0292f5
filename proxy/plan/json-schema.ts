import { z } from 'zod';
import { PlanSchema } from './schema.js';

/**
 * The JSON Schema of plan files as users write them (zod's input side: fields with defaults are optional),
 * generated from the zod schema so the two can never disagree. Committed as migration-plans/plan.schema.json;
 * a test fails when that file is stale (`npm run schema` rewrites it).
 */
export function planJsonSchemaText(): string {
  const schema = z.toJSONSchema(PlanSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'strangler migration plan' }, null, 2)}\n`;
}
