import { stringify } from 'yaml';
import type { ClassifiedField } from './classify.js';

/** Learned noise turned into plan rules, for a person to review and copy into the route's `shadow.compare`. */
export interface NoiseProposal {
  /** Body field paths to add to `compare.ignore`. */
  ignore: string[];
  /** Header names to add to `compare.ignoreHeaders`. */
  ignoreHeaders: string[];
  /** Fields that are noisy but cannot be ignored by a rule (the status code): worth a look. */
  notIgnorable: string[];
  /** A YAML snippet to paste under the route (empty when nothing was learned). */
  yaml: string;
}

/**
 * Proposes ignore rules for the fields classified as noise. Proposals are never applied automatically: a field
 * that is noisy in the monolith may still matter to clients, so a person decides.
 */
export function proposeIgnoreRules(routeId: string, fields: readonly ClassifiedField[]): NoiseProposal {
  const noisy = fields
    .filter((f) => f.verdict === 'noise')
    .map((f) => f.field)
    .sort();
  const ignore = noisy.filter((f) => f.startsWith('$'));
  const ignoreHeaders = noisy.filter((f) => f.startsWith('headers.')).map((f) => f.slice('headers.'.length));
  const notIgnorable = noisy.filter((f) => !f.startsWith('$') && !f.startsWith('headers.'));
  const compare: Record<string, string[]> = {};
  if (ignore.length > 0) compare.ignore = ignore;
  if (ignoreHeaders.length > 0) compare.ignoreHeaders = ignoreHeaders;
  const yaml =
    Object.keys(compare).length === 0
      ? ''
      : `# learned noise for route ${routeId}: review, then merge into the route in the plan\n${stringify({ shadow: { compare } })}`;
  return { ignore, ignoreHeaders, notIgnorable, yaml };
}
