import { format } from 'node:util';

/**
 * Console output in Lambda's format, one line per call (newlines inside a message become `\r`, so CloudWatch keeps it
 * one event): `<ISO timestamp>\t<request id>\t<LEVEL>\t<message>`, or a JSON object with AWS_LAMBDA_LOG_FORMAT=JSON.
 * Same format as aws-lambda-ric, so logs compare equal under both runtime clients.
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
 */

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
type Level = (typeof LEVELS)[number];

let requestId: string | undefined;

/** The request id printed on each line from now on (the last one stays until the next invocation, as in Lambda). */
export function setRequestId(id: string): void {
  requestId = id;
}

export function patchConsole(env: NodeJS.ProcessEnv = process.env): void {
  const json = env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';
  const wanted = env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase() as Level | undefined;
  const min = wanted !== undefined && LEVELS.includes(wanted) ? LEVELS.indexOf(wanted) : 0;
  const make = (level: Level) => {
    if (LEVELS.indexOf(level) < min) return () => {};
    return (message?: unknown, ...params: unknown[]): void => {
      const timestamp = new Date().toISOString();
      const text = format(message, ...params);
      const line = json
        ? JSON.stringify({ timestamp, level, requestId: requestId ?? '-', message: params.length === 0 ? message : text })
        : [timestamp, requestId ?? '-', level, text].join('\t');
      process.stdout.write(`${line.replace(/\n/g, '\r')}\n`);
    };
  };
  const target = console as unknown as Record<string, unknown>;
  target.trace = make('TRACE');
  target.debug = make('DEBUG');
  target.info = make('INFO');
  target.warn = make('WARN');
  target.error = make('ERROR');
  target.fatal = make('FATAL');
  target.log = target.info;
}
