import { Agent, request, type IncomingHttpHeaders } from 'node:http';

/**
 * A Lambda Runtime API client: one keep-alive connection to `AWS_LAMBDA_RUNTIME_API`, one call at a time, as a
 * runtime inside an execution environment uses it.
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 */

export interface NextInvocation {
  requestId: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId: string | undefined;
  /** Decoded JSON text of the client context, if the caller sent one. */
  clientContext: string | undefined;
  cognitoIdentity: string | undefined;
  body: string;
}

export interface ErrorBody {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

const BASE = '/2018-06-01/runtime';

export class RuntimeClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly hostname: string;
  private readonly port: number;

  constructor(api: string) {
    const at = api.lastIndexOf(':');
    this.hostname = api.slice(0, at);
    this.port = Number(api.slice(at + 1));
  }

  async next(): Promise<NextInvocation> {
    const { status, headers, body } = await this.call('GET', `${BASE}/invocation/next`);
    if (status !== 200) throw new Error(`Runtime API /next answered ${status}: ${body}`);
    const h = (name: string): string | undefined => {
      const v = headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const clientContext = h('lambda-runtime-client-context');
    return {
      requestId: h('lambda-runtime-aws-request-id') ?? '',
      deadlineMs: Number(h('lambda-runtime-deadline-ms')),
      invokedFunctionArn: h('lambda-runtime-invoked-function-arn') ?? '',
      traceId: h('lambda-runtime-trace-id'),
      // Node reads header bytes as latin1; the bytes are UTF-8 JSON.
      clientContext: clientContext === undefined ? undefined : Buffer.from(clientContext, 'latin1').toString('utf8'),
      cognitoIdentity: h('lambda-runtime-cognito-identity'),
      body,
    };
  }

  async respond(requestId: string, body: string): Promise<void> {
    await this.call('POST', `${BASE}/invocation/${encodeURIComponent(requestId)}/response`, body);
  }

  async error(requestId: string, error: ErrorBody): Promise<void> {
    await this.call('POST', `${BASE}/invocation/${encodeURIComponent(requestId)}/error`, JSON.stringify(error), {
      'Lambda-Runtime-Function-Error-Type': error.errorType,
    });
  }

  async initError(error: ErrorBody): Promise<void> {
    await this.call('POST', `${BASE}/init/error`, JSON.stringify(error), { 'Lambda-Runtime-Function-Error-Type': error.errorType });
  }

  private call(
    method: string,
    path: string,
    body?: string,
    extra: Record<string, string> = {},
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...extra };
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = Buffer.byteLength(body);
      }
      const req = request({ hostname: this.hostname, port: this.port, path, method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
