import { headerValue } from './headers.js';
import type { HeaderPairs, LambdaHttpRequest } from './http.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** API Gateway's request time format, in UTC: `12/Mar/2020:19:03:58 +0000`. */
export function formatRequestTime(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

/** The request-context fields both payload formats share, with the documented defaults filled in. */
export interface ContextDefaults {
  accountId: string;
  apiId: string;
  domainName: string;
  domainPrefix: string;
  protocol: string;
  routeKey: string;
  stage: string;
  timeEpoch: number;
  userAgent: string;
}

export function contextDefaults(req: LambdaHttpRequest, headers: HeaderPairs): ContextDefaults {
  const host = headerValue(headers, 'host');
  const domainName = req.domainName ?? (host ? host.replace(/:\d+$/, '') : 'localhost');
  const dot = domainName.indexOf('.');
  return {
    accountId: req.accountId ?? '000000000000',
    apiId: req.apiId ?? 'strangler',
    domainName,
    domainPrefix: dot === -1 ? domainName : domainName.slice(0, dot),
    protocol: req.protocol ?? 'HTTP/1.1',
    routeKey: req.routeKey ?? '$default',
    stage: req.stage ?? '$default',
    timeEpoch: req.timeEpoch ?? Date.now(),
    userAgent: headerValue(headers, 'user-agent') ?? '',
  };
}

/** `pathParameters` as API Gateway sends them: omitted/null when empty. */
export function nonEmpty<T extends object>(map: T | undefined): T | undefined {
  if (map === undefined) return undefined;
  for (const _ in map) return map;
  return undefined;
}
