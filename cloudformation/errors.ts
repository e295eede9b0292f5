import { StranglerError } from '../proxy/errors.js';

/** Why `strangler template` could not describe the plan's functions for AWS. */
export const TEMPLATE_CODES = {
  /** The plan declares no functions and routes to none. */
  NO_FUNCTIONS: 'STRANGLER_TEMPLATE_NO_FUNCTIONS',
  /** A SAM function would need more than one alias (SAM publishes one: AutoPublishAlias). */
  ALIASES: 'STRANGLER_TEMPLATE_ALIASES',
  /** A function sets provisionedConcurrency but has no alias to configure it on ($LATEST cannot be provisioned). */
  PROVISIONED_NEEDS_ALIAS: 'STRANGLER_TEMPLATE_PROVISIONED_NEEDS_ALIAS',
  /** Two function names map to the same CloudFormation logical id. */
  LOGICAL_ID: 'STRANGLER_TEMPLATE_LOGICAL_ID',
} as const;

export type TemplateCode = (typeof TEMPLATE_CODES)[keyof typeof TEMPLATE_CODES];

export class TemplateError extends StranglerError {
  constructor(code: TemplateCode, message: string) {
    super(code, message);
    this.name = 'TemplateError';
  }
}
