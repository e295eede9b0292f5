#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_PAGES } from './index.js';

/**
 * `npm run docs`: rewrites every generated reference page (from dist/, so ROOT is two folders up). Prints one line
 * per page: written or up to date.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

for (const page of GENERATED_PAGES) {
  const file = join(ROOT, page.path);
  const text = await page.generate();
  let old = '';
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    // a page written for the first time
  }
  if (old !== text) writeFileSync(file, text);
  process.stdout.write(`${page.path}: ${old === text ? 'up to date' : 'written'}\n`);
}
