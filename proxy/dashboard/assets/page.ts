import { createHash } from 'node:crypto';
import { dashboardScript } from './client.js';
import { DASHBOARD_CSS } from './style.js';

export interface DashboardPage {
  html: string;
  /** Content-Security-Policy allowing exactly the page's inline script and style (by hash) and same-origin fetches. */
  csp: string;
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The dashboard page: one HTML document with its CSS and script inline (no extra requests, so nothing else needs
 * to bypass the admin token). It is a shell without data: the script fetches everything with the token.
 */
export function dashboardPage(): DashboardPage {
  // One inline script (one CSP hash): the compiled client/ (the live view and the Migration map).
  const script = dashboardScript();
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>strangler · migration dashboard</title>
<style>${DASHBOARD_CSS}</style>
</head>
<body>
<header>
  <h1>strangler · migration dashboard</h1>
  <span class="meta" id="meta"></span>
  <span class="live stale" id="live">connecting…</span>
  <a href="#" id="signout" class="meta hidden">forget token</a>
</header>
<section id="login" class="hidden">
  <h2>Admin token</h2>
  <p>This admin API is protected by a bearer token (the variable named by <code>admin.tokenEnv</code>). It is kept in this tab only (sessionStorage).</p>
  <form id="login-form" autocomplete="off">
    <input id="token" type="password" placeholder="token" aria-label="admin token">
    <button type="submit">Open dashboard</button>
    <div id="login-error" class="err hidden"></div>
  </form>
</section>
<main id="app">
  <div id="error" class="banner hidden" role="alert"></div>
  <section class="panel">
    <h2>Routes <small id="window"></small></h2>
    <div class="scroll"><table id="overview">
      <thead><tr>
        <th>Route</th><th>Stage</th><th>Traffic monolith/Lambda %</th><th class="num">Shadow match (n)</th>
        <th class="num">Monolith p50/p99 ms</th><th class="num">Lambda p50/p99 ms</th><th class="num">Fallback</th>
        <th class="num" title="Lambda throttles (429): fell back, not breaker failures">Throttled</th><th class="num">Errors</th><th>Breaker</th><th class="num">Cold starts</th>
      </tr></thead>
      <tbody></tbody>
    </table></div>
    <div class="legend"><i class="lg-m"></i>monolith<i class="lg-l"></i>Lambda · click a route for its mismatches and its next gate</div>
  </section>
  <section class="panel hidden" id="detail">
    <h2><span id="detail-title"></span> <small id="detail-stage"></small><a class="close" href="#">close</a></h2>
  </section>
  <section class="panel hidden" id="migration-map">
    <h2>Migration map <small>traffic inventory, last 24 h</small></h2>
  </section>
</main>
<footer>strangler admin API · <code>GET /routes</code> · <code>GET /stats</code> · <code>GET /shadow/report</code> · <code>GET /routes/:id/gates</code> · <code>GET /traffic</code></footer>
<script>${script}</script>
</body>
</html>
`;
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(DASHBOARD_CSS)}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return { html, csp };
}
