import type { CodeInfo, CodeTable } from '../errors/index.js';

/** One table with the heading docs/errors.md gives it and the file that declares it. */
export interface ErrorTableEntry {
  readonly title: string;
  readonly source: string;
  readonly table: CodeTable;
}

/** Where the generated page lives, relative to the repository. */
export const ERRORS_DOC_PATH = 'docs/errors.md';

/**
 * docs/errors.md: one section per code table, one row per code (HTTP status when the code is answered over HTTP).
 * Pure: the same tables give the same text, so a test can compare the committed page with a fresh rendering.
 * @example
 *   writeFileSync('docs/errors.md', renderErrorsDoc(ERROR_TABLES));
 */
export function renderErrorsDoc(tables: readonly ErrorTableEntry[]): string {
  const out = [
    '# Error codes',
    '',
    '<!-- Generated from the code tables (proxy/error-codes/index.ts) by `npm run docs`: edit the tables, not this page. -->',
    '',
    'Every error strangler raises on purpose has a stable `code` (match on it, never on the message). A code with an',
    'HTTP status is answered to the client with that status and the body',
    '`{"error":{"code":"STRANGLER_…","message":"…"}}`; the others end a start-up or a CLI command (exit 1, the',
    'message names what to fix), or are logged with the code in the `code` field.',
    '',
    'Each concept declares its codes once, in its `errors.ts`: `defineCodes({ STRANGLER_…: { status, meaning } })`',
    '(proxy/errors/codes.ts). Its errors take their code from that table (another code does not compile) and their',
    'default status from it. To add a code, add it to the table, then run `npm run docs`; a test fails while',
    'this page is out of date. The tables are exported together from proxy/error-codes/index.ts.',
    '',
  ];
  for (const { title, source, table } of tables) {
    out.push(`## ${title}`, '', `Declared in \`${source}\`.`, '', '| code | HTTP | meaning |', '| --- | --- | --- |');
    for (const [code, info] of Object.entries(table) as [string, CodeInfo][]) {
      out.push(`| \`${code}\` | ${info.status ?? ''} | ${info.meaning.replaceAll('|', '\\|')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
