/**
 * `npm run bench:lambda-runtime`: the local Lambda service's cost, through the real SDK and through raw HTTP, for a
 * hello function under the built-in bootstrap and under aws-lambda-ric:
 *   - cold start: round trip of a function's first call, and the Init Duration of its REPORT line;
 *   - warm invoke round trip, sequential: p50/p99 and invokes/s;
 *   - warm invokes/s with 4 callers (4 instances);
 *   - the service's own overhead: raw HTTP round trip minus the REPORT Duration (the runtime client and handler).
 * BENCH_N sets the number of warm calls per measurement (default 2000). Prints a Markdown table.
 */
import { Agent, request } from 'node:http';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { pino } from 'pino';
import { parseReport, startLambdaService, type LambdaService } from '../lambda-runtime/index.js';

const N = Number(process.env.BENCH_N ?? 2000);
const COLD = Number(process.env.BENCH_COLD ?? 10);
const FUNCTIONS_DIR = fileURLToPath(new URL('../../test/fixtures/functions/', import.meta.url));
const CLIENTS = ['builtin', 'aws-lambda-ric'] as const;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (n: number): string => `${n.toFixed(2)} ms`;

/** REPORT durations from the service's pino log (what the runtime client and handler took per call). */
function durationSink(): { logger: pino.Logger; durations: number[] } {
  const durations: number[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      for (const line of chunk.toString().split('\n')) {
        if (!line.includes('"durationMs"')) continue;
        const entry = JSON.parse(line) as { durationMs?: number };
        if (typeof entry.durationMs === 'number') durations.push(entry.durationMs);
      }
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), durations };
}

function rawInvoker(endpoint: string): (name: string) => Promise<void> {
  const url = new URL(endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return (name) =>
    new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method: 'POST', path: `/2015-03-31/functions/${name}/invocations`, agent }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end('{}');
    });
}

async function timed(n: number, call: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

interface Row {
  client: string;
  coldRoundTrip: number;
  initDuration: number;
  sdkP50: number;
  sdkP99: number;
  sdkRate: number;
  rawP50: number;
  rawP99: number;
  overheadP50: number;
  parallelRate: number;
}

async function measure(runtimeClient: (typeof CLIENTS)[number]): Promise<Row> {
  const { logger, durations } = durationSink();
  const cold = Array.from({ length: COLD }, (_, i) => ({ name: `cold-${i}`, handler: 'hello.handler', runtimeClient }));
  const service: LambdaService = await startLambdaService({
    functions: [{ name: 'hello', handler: 'hello.handler', runtimeClient }, ...cold],
    baseDir: FUNCTIONS_DIR,
    logger,
  });
  const sdk = new LambdaClient({ endpoint: service.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' }, maxAttempts: 1 });
  const payload = Buffer.from('{}');
  try {
    // Cold starts: each function's first call.
    const coldTrips: number[] = [];
    const inits: number[] = [];
    for (const fn of cold) {
      const t = performance.now();
      const out = await sdk.send(new InvokeCommand({ FunctionName: fn.name, Payload: payload, LogType: 'Tail' }));
      coldTrips.push(performance.now() - t);
      inits.push(parseReport(Buffer.from(out.LogResult!, 'base64').toString())!.initDurationMs!);
    }
    coldTrips.sort((a, b) => a - b);
    inits.sort((a, b) => a - b);

    const sdkCall = (): Promise<unknown> => sdk.send(new InvokeCommand({ FunctionName: 'hello', Payload: payload }));
    await timed(Math.min(200, N), sdkCall);
    const sdkStart = performance.now();
    const sdkTimes = await timed(N, sdkCall);
    const sdkRate = N / ((performance.now() - sdkStart) / 1000);

    const raw = rawInvoker(service.endpoint);
    await timed(Math.min(200, N), () => raw('hello'));
    durations.length = 0;
    const rawTimes = await timed(N, () => raw('hello'));
    const runtime = [...durations].sort((a, b) => a - b);

    const parallel = 4;
    const parallelStart = performance.now();
    await Promise.all(Array.from({ length: parallel }, () => timed(Math.ceil(N / parallel), sdkCall)));
    const parallelRate = (Math.ceil(N / parallel) * parallel) / ((performance.now() - parallelStart) / 1000);

    return {
      client: runtimeClient,
      coldRoundTrip: percentile(coldTrips, 50),
      initDuration: percentile(inits, 50),
      sdkP50: percentile(sdkTimes, 50),
      sdkP99: percentile(sdkTimes, 99),
      sdkRate,
      rawP50: percentile(rawTimes, 50),
      rawP99: percentile(rawTimes, 99),
      overheadP50: percentile(rawTimes, 50) - percentile(runtime, 50),
      parallelRate,
    };
  } finally {
    sdk.destroy();
    await service.close();
  }
}

const rows: Row[] = [];
for (const client of CLIENTS) rows.push(await measure(client));

console.log(`\nlocal Lambda service, hello function, Node ${process.versions.node}, ${N} warm calls, ${COLD} cold starts (p50 unless noted)\n`);
console.log(
  '| runtime client | cold start round trip | Init Duration | warm SDK p50 | warm SDK p99 | warm SDK invokes/s | warm raw HTTP p50 | raw p99 | service overhead p50 | SDK invokes/s, 4 callers |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.client} | ${ms(r.coldRoundTrip)} | ${ms(r.initDuration)} | ${ms(r.sdkP50)} | ${ms(r.sdkP99)} | ${Math.round(r.sdkRate)} | ${ms(r.rawP50)} | ${ms(r.rawP99)} | ${ms(r.overheadP50)} | ${Math.round(r.parallelRate)} |`,
  );
}
console.log('\nservice overhead = raw HTTP round trip p50 − REPORT Duration p50 (the runtime client plus the handler).');
