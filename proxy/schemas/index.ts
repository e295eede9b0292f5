/**
 * The plan's shared vocabulary: the zod schemas of the sections the plan composes (functions, fallback, flags, inventory,
 * shadow, tracing), the primitives they share, and the stages. A leaf: it imports nothing from the rest of
 * strangler, so the plan (proxy/plan/schema.ts), lambda-runtime, and the concepts that read their own section all
 * build on it without import loops. The plan's schema stays the single source of truth; these are its parts.
 */
export * from './common.js';
export * from './fallback.js';
export * from './field-paths.js';
export * from './flags.js';
export * from './functions.js';
export * from './inventory.js';
export * from './secret-headers.js';
export * from './shadow.js';
export * from './stages.js';
export * from './tracing.js';
