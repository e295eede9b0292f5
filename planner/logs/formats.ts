/**
 * Access-log lines as requests: pure parsers, one per format, each returning null for a line it cannot read (the
 * reader counts and reports those). Sizes and durations are undefined where a format does not carry them.
 */

export type LogFormat = 'strangler' | 'combined' | 'alb';
export const LOG_FORMATS: readonly LogFormat[] = ['strangler', 'combined', 'alb'];

/** One request as an access log tells it. */
export interface AccessRecord {
  /** Epoch ms when the request was received (or logged). */
  time: number;
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  durationMs?: number;
  requestBytes?: number;
  responseBytes?: number;
  /** Which side answered, where the log says (strangler's own log). */
  servedBy?: 'monolith' | 'lambda';
  /** A WebSocket handshake (or another upgrade). */
  upgrade?: boolean;
  /** The plan route that matched, where the log says (strangler's own log). */
  routeId?: string | null;
  /** Lambda's billed duration from the invocation's REPORT line, where the log says (strangler's own log, `lambdaBilledMs`). */
  billedDurationMs?: number;
}

export type LineParser = (line: string) => AccessRecord | null;

export const PARSERS: Record<LogFormat, LineParser> = { strangler: parseStranglerLine, combined: parseCombinedLine, alb: parseAlbLine };

/** strangler's own request log (README "Request log"): pino JSON, `msg: "request"`; other lines are not requests. */
export function parseStranglerLine(line: string): AccessRecord | null {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (o === null || typeof o !== 'object' || o.msg !== 'request') return null;
  const { time, method, path, status, durationMs, servedBy, upgrade, routeId, lambdaBilledMs } = o;
  if (typeof time !== 'number' || typeof method !== 'string' || typeof path !== 'string' || typeof status !== 'number') return null;
  return {
    time,
    method,
    path: stripQuery(path),
    status,
    ...(typeof durationMs === 'number' ? { durationMs } : {}),
    ...(servedBy === 'monolith' || servedBy === 'lambda' ? { servedBy } : {}),
    ...(typeof upgrade === 'string' ? { upgrade: true } : {}),
    ...(typeof routeId === 'string' || routeId === null ? { routeId } : {}),
    ...(typeof lambdaBilledMs === 'number' ? { billedDurationMs: lambdaBilledMs } : {}),
  };
}

/**
 * The NCSA combined format of Apache httpd and NGINX:
 * `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"` (https://httpd.apache.org/docs/2.4/logs.html#combined,
 * https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format). `%b` is `-` for an empty body. The common
 * format (no referer and user agent) is read too. No duration: the format has none.
 */
const COMBINED = /^\S+ \S+ \S+ \[([^\]]+)\] "([^"\\]*(?:\\.[^"\\]*)*)" (\d{3}) (\d+|-)(?: |$)/;

export function parseCombinedLine(line: string): AccessRecord | null {
  const m = COMBINED.exec(line);
  if (m === null) return null;
  const time = parseClfTime(m[1]!);
  const request = parseRequestLine(m[2]!);
  if (time === null || request === null) return null;
  return {
    time,
    method: request.method,
    path: request.path,
    status: Number(m[3]),
    ...(m[4] === '-' ? { responseBytes: 0 } : { responseBytes: Number(m[4]) }),
  };
}

/**
 * AWS Application Load Balancer access logs
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html#access-log-entry-format):
 * space-separated fields, some quoted: type, time, elb, client:port, target:port, the three processing times in
 * seconds (-1 when the request never reached a target), elb_status_code, target_status_code, received_bytes,
 * sent_bytes, "request", … The duration is the sum of the three times; `ws`/`wss` entries are WebSockets.
 */
export function parseAlbLine(line: string): AccessRecord | null {
  const f = splitQuoted(line);
  if (f === null || f.length < 13) return null;
  const [type, timeText, , , , reqTime, targetTime, respTime, elbStatus, , received, sent, request] = f as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^(https?|h2|grpcs|wss?)$/.test(type)) return null;
  const time = Date.parse(timeText);
  const status = Number(elbStatus);
  const parsed = parseRequestLine(request);
  if (Number.isNaN(time) || !Number.isInteger(status) || parsed === null) return null;
  const times = [reqTime, targetTime, respTime].map(Number);
  const durationMs = times.every((t) => Number.isFinite(t) && t >= 0) ? Math.round(times.reduce((a, b) => a + b, 0) * 1e6) / 1e3 : undefined;
  return {
    time,
    method: parsed.method,
    path: parsed.path,
    status,
    ...(durationMs === undefined ? {} : { durationMs }),
    ...(/^\d+$/.test(received) ? { requestBytes: Number(received) } : {}),
    ...(/^\d+$/.test(sent) ? { responseBytes: Number(sent) } : {}),
    ...(type === 'ws' || type === 'wss' ? { upgrade: true } : {}),
  };
}

/** `GET /a?b HTTP/1.1` or `GET http://host:80/a?b HTTP/1.1` → method and path (origin form, no query). */
function parseRequestLine(text: string): { method: string; path: string } | null {
  const m = /^([A-Z]+) (\S+)(?: HTTP\/[\d.]+)?$/.exec(text);
  if (m === null) return null;
  let target = m[2]!;
  if (!target.startsWith('/')) {
    try {
      target = new URL(target).pathname;
    } catch {
      return null;
    }
  }
  return { method: m[1]!, path: stripQuery(target) };
}

function stripQuery(path: string): string {
  const q = path.search(/[?#]/);
  return q === -1 ? path : path.slice(0, q);
}

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** `10/Oct/2000:13:55:36 -0700` → epoch ms. */
function parseClfTime(text: string): number | null {
  const m = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (m === null || MONTHS[m[2]!] === undefined) return null;
  const utc = Date.UTC(Number(m[3]), MONTHS[m[2]!]!, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  const offset = (Number(m[8]) * 60 + Number(m[9])) * 60_000 * (m[7] === '-' ? -1 : 1);
  return utc - offset;
}

/** Space-separated fields where `"…"` groups (with `\"` escapes) count as one; null for an unclosed quote. */
function splitQuoted(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    if (line[i] === '"') {
      let j = i + 1;
      let value = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        value += line[j];
        j++;
      }
      if (j >= line.length) return null;
      out.push(value);
      i = j + 1;
    } else {
      const j = line.indexOf(' ', i);
      out.push(j === -1 ? line.slice(i) : line.slice(i, j));
      i = j === -1 ? line.length : j;
    }
  }
  return out;
}
