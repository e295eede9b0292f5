// nginx as a reference row of the pass-through benchmark (bench/passthrough.mjs): a mature C proxy forwarding to
// the same monolith, one worker process, keep-alive to the upstream, no access log. Used only when an `nginx`
// binary is on the PATH (or in /usr/sbin); the benchmark installs nothing and prints how to install it otherwise.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX_INSTALL_HINT = 'nginx not found: the reference row is skipped (Debian/Ubuntu: `apt-get install -y nginx`; macOS: `brew install nginx`)';

/** The nginx binary, or undefined when none is installed. */
export function findNginx() {
  try {
    return execFileSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' }).trim().split('\n')[0] || undefined;
  } catch {
    return undefined;
  }
}

// A free port: nginx cannot listen on port 0 and report the port it got.
async function freePort() {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts nginx in the foreground (`daemon off`) with a private prefix in $TMPDIR, proxying to `upstream`.
 * Returns its URL, `pids()` (master and workers, for CPU time) and `stop()`.
 */
export async function startNginx(binary, upstream) {
  const dir = mkdtempSync(join(tmpdir(), 'strangler-bench-nginx-'));
  const port = await freePort();
  const target = new URL(upstream);
  const user = process.getuid?.() === 0 ? 'user nobody nogroup;' : '';
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${user}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  upstream monolith { server ${target.host}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://monolith;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode} before it was ready`);
    const ok = await fetch(`${url}/1k`).then(
      (r) => r.arrayBuffer().then(() => r.ok),
      () => false,
    );
    if (ok) break;
    if (i > 100) throw new Error('nginx did not answer within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const pids = () => {
    const children = existsSync(`/proc/${child.pid}/task/${child.pid}/children`)
      ? readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
      : [];
    return [child.pid, ...children];
  };
  const stop = async () => {
    child.kill('SIGQUIT');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, pids, stop, exited };
}
