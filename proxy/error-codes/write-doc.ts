import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERROR_TABLES, ERRORS_DOC_PATH, renderErrorsDoc } from './index.js';

/**
 * `npm run docs:errors`: writes docs/errors.md from the code tables (run from dist/, so the repository is three
 * folders up). Prints whether the page changed.
 */
const file = fileURLToPath(new URL(`../../../${ERRORS_DOC_PATH}`, import.meta.url));
const text = renderErrorsDoc(ERROR_TABLES);
let before = '';
try {
  before = readFileSync(file, 'utf8');
} catch {
  // First run: no page yet.
}
if (before === text) console.log(`${file}: up to date`);
else {
  writeFileSync(file, text);
  console.log(`${file}: written`);
}
