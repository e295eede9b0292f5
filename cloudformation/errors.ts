import { codeOptions, defineCodes, StranglerError, type CodeOf } from '../proxy/errors/index.js';

/** Why `strangler template` could not describe the plan's functions for AWS. */
export const TEMPLATE_ERRORS = defineCodes({
  STRANGLER_TEMPLATE_NO_FUNCTIONS: { meaning: '`strangler template`: the plan declares no functions and no route names one' },
  STRANGLER_TEMPLATE_ALIASES: {
    meaning: "`--format sam` for a function with more than one alias (SAM's `AutoPublishAlias` makes one): use `--format cloudformation`",
  },
  STRANGLER_TEMPLATE_PROVISIONED_NEEDS_ALIAS: {
    meaning:
      'a function sets `provisionedConcurrency` but has no alias: AWS provisions an alias or a version, never `$LATEST` (add `aliases: [live]` and route to it)',
  },
  STRANGLER_TEMPLATE_LOGICAL_ID: { meaning: 'two function names become the same CloudFormation logical id (`shop-catalog`, `shop_catalog`)' },
});

export type TemplateCode = CodeOf<typeof TEMPLATE_ERRORS>;

/** Short names of TEMPLATE_ERRORS' codes. */
export const TEMPLATE_CODES = {
  /** The plan declares no functions and routes to none. */
  NO_FUNCTIONS: 'STRANGLER_TEMPLATE_NO_FUNCTIONS',
  /** A SAM function would need more than one alias (SAM publishes one: AutoPublishAlias). */
  ALIASES: 'STRANGLER_TEMPLATE_ALIASES',
  /** A function sets provisionedConcurrency but has no alias to configure it on ($LATEST cannot be provisioned). */
  PROVISIONED_NEEDS_ALIAS: 'STRANGLER_TEMPLATE_PROVISIONED_NEEDS_ALIAS',
  /** Two function names map to the same CloudFormation logical id. */
  LOGICAL_ID: 'STRANGLER_TEMPLATE_LOGICAL_ID',
} as const satisfies Record<string, TemplateCode>;

export class TemplateError extends StranglerError {
  declare readonly code: TemplateCode;
  constructor(code: TemplateCode, message: string) {
    super(code, message, codeOptions(TEMPLATE_ERRORS, code));
    this.name = 'TemplateError';
  }
}
