// What the process-based benchmarks (passthrough.mjs, workers.mjs) share: CPU time from /proc, an autocannon run,
// a median.
//
// `cpuSeconds` takes one pid or several (nginx: its master and worker processes).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

// CPU time a server process used (Linux /proc; undefined elsewhere). CPU per request is less sensitive to other jobs
// on the machine than req/s: it is what the process spent, not what it was given.
let ticksPerSecond;
try {
  ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  ticksPerSecond = 100;
}
export function cpuSeconds(pid) {
  if (Array.isArray(pid)) {
    let total = 0;
    for (const p of pid) {
      const s = cpuSeconds(p);
      if (s === undefined) return undefined;
      total += s;
    }
    return total;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond; // utime + stime
  } catch {
    return undefined;
  }
}

// autocannon's own histogram rounds latencies to whole milliseconds, which hides everything at one connection (a
// 64 KiB answer takes ~0.3 ms): the run also records each response's time itself (its `response` event, in ms as
// a float) and adds `fine: { p50, p99, max }` in ms with microsecond resolution.
export function run(url, duration, connections) {
  return new Promise((resolve, reject) => {
    let times = new Float64Array(1 << 16);
    let n = 0;
    const instance = autocannon({ url, connections, duration, pipelining: 1 }, (err, result) => {
      if (err) return reject(err);
      const sorted = times.subarray(0, n).sort();
      const pct = (p) => (n === 0 ? NaN : sorted[Math.min(n - 1, Math.floor((p / 100) * n))]);
      resolve({ ...result, fine: { p50: pct(50), p99: pct(99), max: n === 0 ? NaN : sorted[n - 1] } });
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode < 200 || statusCode >= 300) return;
      if (n === times.length) {
        const grown = new Float64Array(times.length * 2);
        grown.set(times);
        times = grown;
      }
      times[n++] = responseTime;
    });
  });
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
