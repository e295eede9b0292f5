/** Access-log lines written from their documented formats, for tests that need a log of a chosen shape. */

/** strangler's own request log line (pino JSON, `msg: "request"`). */
export function stranglerLine(r: {
  time: number;
  method: string;
  path: string;
  status?: number;
  durationMs?: number;
  routeId?: string | null;
  servedBy?: 'monolith' | 'lambda';
  upgrade?: boolean;
}): string {
  return JSON.stringify({
    level: 30,
    time: r.time,
    routeId: r.routeId ?? null,
    stage: null,
    servedBy: r.servedBy ?? 'monolith',
    status: r.status ?? 200,
    durationMs: r.durationMs ?? 12,
    requestId: 'r',
    method: r.method,
    path: r.path,
    ...(r.upgrade === true ? { upgrade: 'websocket' } : {}),
    msg: 'request',
  });
}

/** An AWS ALB access log entry (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html). */
export function albLine(r: { time: number; method: string; path: string; status?: number; seconds?: number; sentBytes?: number }): string {
  const t = new Date(r.time).toISOString().replace('Z', '000Z');
  return `https ${t} app/lb/50dc6c495c0c9188 192.0.2.1:2817 10.0.0.1:80 0.000 ${(r.seconds ?? 0.01).toFixed(3)} 0.000 ${r.status ?? 200} ${r.status ?? 200} 120 ${r.sentBytes ?? 500} "${r.method} https://shop.example.com:443${r.path} HTTP/1.1" "curl/8.5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/t/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "shop.example.com" "-" 0 ${t} "forward" "-" "-" "10.0.0.1:80" "${r.status ?? 200}" "-" "-"`;
}
