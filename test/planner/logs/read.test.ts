import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessRecord } from '../../../planner/logs/formats.js';
import { readAccessLog } from '../../../planner/logs/read.js';
import { tempDir, type TempDir } from '../../helpers/index.js';

const fixture = (name: string): string => new URL(`../../fixtures/logs/${name}`, import.meta.url).pathname;

describe('readAccessLog', () => {
  let tmp: TempDir | undefined;
  afterEach(() => tmp?.remove());

  it('reads every line, and names the unparsable ones by line number', async () => {
    const records: AccessRecord[] = [];
    const summary = await readAccessLog(fixture('combined.log'), { format: 'combined' }, (r) => records.push(r));
    expect(summary).toEqual({ lines: 6, records: 5, skipped: 0, unparsable: 1, examples: [{ line: 4, text: 'this is not an access log line' }] });
    expect(records.map((r) => r.path)).toEqual(['/apache_pb.gif', '/products/42', '/cart/items', '/products/7', '/health']);
  });

  it('reads gzip by its magic bytes, whatever the name, and reports progress up to the file size', async () => {
    tmp = tempDir();
    const file = tmp.path('access.log');
    const gz = gzipSync(readFileSync(fixture('alb.log')));
    writeFileSync(file, gz);
    const progress: number[] = [];
    const summary = await readAccessLog(file, { format: 'alb', onProgress: (read, total) => progress.push(read / total) }, () => {});
    expect(summary.records).toBe(4);
    expect(summary.unparsable).toBe(1);
    expect(summary.examples[0]!.line).toBe(5);
    expect(progress.at(-1)).toBe(1);
  });

  it("skips records older than since; strangler's lifecycle lines are neither records nor errors", async () => {
    const summary = await readAccessLog(fixture('strangler.log'), { format: 'strangler', since: 1796264010500 }, () => {});
    expect(summary).toMatchObject({ records: 2, skipped: 1, unparsable: 1, examples: [{ line: 4, text: 'not json' }] });
  });
});
