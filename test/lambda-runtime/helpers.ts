import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { InvokeCommand, type InvokeCommandInput, type InvokeCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda';
import { pino, type Logger } from 'pino';

// The service and its client come from the shared fixture (test/helpers/lambda-service.ts); re-exported for this folder.
export { clientFor, FUNCTIONS_DIR, startService } from '../helpers/lambda-service.js';

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
