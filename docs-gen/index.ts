/**
 * The reference pages generated from their single source (the plan's zod schema, the metric registry, each
 * command's `--help`, the error-code tables). `npm run docs` writes them; test/docs-gen/stale.test.ts regenerates them in memory and fails
 * when a committed page differs.
 */
import { ERROR_TABLES, ERRORS_DOC_PATH, renderErrorsDoc } from '../proxy/error-codes/index.js';
import { cliReferencePage } from './cli-reference.js';
import { metricsReferencePage } from './metrics-reference.js';
import type { GeneratedPage } from './page.js';
import { planReferencePage } from './plan-reference.js';

export { DOCS_COMMAND, generatedHeader, type GeneratedPage } from './page.js';
export { planFields, planReference, type FieldRow } from './plan-reference.js';
export { metricDefinitions, metricsReference, type MetricRow } from './metrics-reference.js';
export { cliReference } from './cli-reference.js';

/** The error-code reference: its renderer lives with the code tables (proxy/error-codes). */
const errorsReferencePage: GeneratedPage = { path: ERRORS_DOC_PATH, generate: () => renderErrorsDoc(ERROR_TABLES) };

export const GENERATED_PAGES: GeneratedPage[] = [planReferencePage, metricsReferencePage, cliReferencePage, errorsReferencePage];
