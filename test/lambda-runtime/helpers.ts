import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient, type InvokeCommandInput, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { pino, type Logger } from 'pino';
import { startLambdaService, type FunctionInput, type LambdaService, type LambdaServiceOptions } from '../../lambda-runtime/index.js';

/** The test functions (plain .mjs/.cjs files and a custom bootstrap), as a plan's folder would hold them. */
export const FUNCTIONS_DIR = fileURLToPath(new URL('../fixtures/functions/', import.meta.url));

/** Starts the service on 127.0.0.1:0 with the test functions. */
export function startService(functions: FunctionInput[], options: Partial<LambdaServiceOptions> = {}): Promise<LambdaService> {
  return startLambdaService({ functions, baseDir: FUNCTIONS_DIR, ...options });
}

/** The real SDK client, as the proxy builds it: endpoint set, dummy credentials, no SDK retries. */
export function clientFor(service: LambdaService): LambdaClient {
  return new LambdaClient({
    endpoint: service.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

export interface Invoked {
  output: InvokeCommandOutput;
  /** Payload parsed as JSON (undefined when empty). */
  json: unknown;
  /** Decoded X-Amz-Log-Result. */
  log: string;
}

export async function invoke(client: LambdaClient, name: string, event: unknown, extra: Partial<InvokeCommandInput> = {}): Promise<Invoked> {
  const output = await client.send(new InvokeCommand({ FunctionName: name, Payload: JSON.stringify(event), ...extra }));
  const text = Buffer.from(output.Payload ?? []).toString('utf8');
  return {
    output,
    json: text === '' ? undefined : JSON.parse(text),
    log: Buffer.from(output.LogResult ?? '', 'base64').toString('utf8'),
  };
}

/** A pino logger writing parsed JSON lines into `lines` (pino test/helper.js's sink()). */
export function sink(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

/**
 * True once no process with this pid exists. A zombie (dead, not yet reaped by an init that may never reap it) counts
 * as gone: it runs no code and holds nothing.
 */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? false;
  } catch {
    return true;
  }
}

/** Polls until `check` holds or `ms` pass; returns the last result. */
export async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}
