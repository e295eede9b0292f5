// What the process-based benchmarks (passthrough.mjs, workers.mjs) share: CPU time from /proc, a load run
// (autocannon, or wrk when asked for and installed), a median.
//
// `cpuSeconds` takes one pid or several (nginx: its master and worker processes).
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

// wrk (https://github.com/wg/wrk), a C load generator: at one connection autocannon (JavaScript, in the driver's
// process) is slower than the proxies it measures and shares their two cores, so `BENCH_LOADGEN=wrk` measures
// with wrk when the binary is installed (issue 17 was measured with it). The benchmark installs nothing.
export const WRK_INSTALL_HINT = 'wrk not found: using autocannon (Debian/Ubuntu: `apt-get install -y wrk`; macOS: `brew install wrk`)';
const WRK_SCRIPT = fileURLToPath(new URL('./wrk-report.lua', import.meta.url));

export function findWrk() {
  try {
    return execFileSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** One wrk run, reported in the shape `run` gives (the fields the benchmarks read). */
export function runWrk(binary, url, duration, connections) {
  return new Promise((resolve, reject) => {
    execFile(binary, ['-t1', `-c${connections}`, `-d${duration}s`, '-s', WRK_SCRIPT, url], { encoding: 'utf8' }, (err, stdout, stderr) => {
      const line = /WRK_JSON (\{.*\})/.exec(stdout ?? '');
      if (err || line === null) return reject(new Error(`wrk failed: ${err?.message ?? ''} ${stderr ?? ''} ${stdout ?? ''}`.trim()));
      const r = JSON.parse(line[1]);
      const seconds = r.durationUs / 1e6;
      resolve({
        requests: { total: r.requests, average: r.requests / seconds },
        fine: { p50: r.p50 / 1000, p99: r.p99 / 1000, max: r.max / 1000 },
        errors: r.connect + r.read + r.write,
        timeouts: r.timeout,
        non2xx: r.status,
      });
    });
  });
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
