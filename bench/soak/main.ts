/**
 * `npm run soak`: the fault soak (bench/soak, bench/README.md). Options as flags or SOAK_* variables
 * (./options.ts): --duration S, --fault-rate R, --concurrency N, --seed N, --max-rps N, --warmup S, --rss-growth-mb N,
 * --rss-floor-growth-mb N.
 * Exit 0 when every invariant held, 1 when one broke, 2 for a bad option.
 */
import { formatSummary } from './report.js';
import { parseSoakOptions, SoakOptionError } from './options.js';
import { runSoak } from './run.js';

async function main(): Promise<number> {
  let options;
  try {
    options = parseSoakOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof SoakOptionError)) throw err;
    process.stderr.write(`${err.code}: ${err.message}\n`);
    return 2;
  }
  const summary = await runSoak(options);
  process.stdout.write(formatSummary(summary));
  return summary.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`soak failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
