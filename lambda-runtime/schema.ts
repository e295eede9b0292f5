import { z } from 'zod';

/** Lambda's own naming rule for function names (1-64 chars of letters, digits, hyphens, underscores). */
export const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A function the local Lambda service runs. Paths (`handler` file, `bootstrap`) are relative to the plan file.
 * Exactly one of `handler` or `bootstrap`.
 */
export const FunctionSchema = z
  .strictObject({
    /** Function name, as in AWS. */
    name: z.string().regex(FUNCTION_NAME, 'must be 1-64 letters, digits, hyphens or underscores'),
    /** `path/to/file.exportName` (ESM or CommonJS), resolved against the plan file's folder. */
    handler: z.string().regex(/^.+\.[A-Za-z_$][\w$]*$/, 'must be path/to/file.exportName').optional(),
    /** A custom-runtime executable that speaks the Runtime API (any language). */
    bootstrap: z.string().min(1).optional(),
    /** Runtime client for `handler` functions: `builtin` (default) or AWS's `aws-lambda-ric`. */
    runtimeClient: z.enum(['builtin', 'aws-lambda-ric']).default('builtin'),
    /** Timeout in seconds (1-900). Default 3, as in AWS. */
    timeout: z.number().positive().max(900).default(3),
    /** Memory size in MB (128-10240). Default 128, as in AWS. */
    memorySize: z.int().min(128).max(10240).default(128),
    /** Maximum concurrent instances; over it invocations are throttled (429). Default: unlimited. */
    reservedConcurrency: z.int().min(0).optional(),
    /** Environment variables for the function. */
    environment: z.record(z.string(), z.string()).default({}),
    /** Aliases (qualifiers) → version; every alias runs the same code here. `$LATEST` always exists. */
    aliases: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,128}$/)).default([]),
  })
  .refine((f) => (f.handler === undefined) !== (f.bootstrap === undefined), {
    message: 'set exactly one of handler or bootstrap',
  });
export type FunctionConfig = z.infer<typeof FunctionSchema>;
