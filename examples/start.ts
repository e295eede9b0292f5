#!/usr/bin/env node
import { relative } from 'node:path';
import { isStranglerError } from '../proxy/errors/index.js';
import { formatProblem, PlanError } from '../proxy/plan/index.js';
import { SHOP_PLAN, startDemo, type Demo } from './demo.js';

/**
 * `npm start`: the example shop monolith, the local Lambda service and the strangler proxy with
 * migration-plans/shop.yaml. Prints the URLs and commands to try; SIGINT (Ctrl-C) or SIGTERM stops everything and
 * exits 0 (a second signal exits at once with 1).
 *
 * Environment (ports: 0 picks a free one):
 *   PORT           the proxy (default: the plan's listen.port, 8080)
 *   ADMIN_PORT     the admin API (default: the plan's admin.port, 9901)
 *   SHOP_PORT      the shop monolith (default: the port of the plan's monolith.url, 3000)
 *   LAMBDA_PORT    the local Lambda service (default: the port of the plan's lambda.endpoint, 9001)
 *   STRANGLER_PLAN another plan file (default migration-plans/shop.yaml)
 */

const PORT_VARIABLES = { proxy: 'PORT', admin: 'ADMIN_PORT', shop: 'SHOP_PORT', lambda: 'LAMBDA_PORT' } as const;

function fail(message: string, code: number): never {
  process.stderr.write(`strangler demo: ${message}\n`);
  process.exit(code);
}

function portsFromEnv(env: NodeJS.ProcessEnv): { shop?: number; lambda?: number; proxy?: number; admin?: number } {
  const ports: Record<string, number> = {};
  for (const [part, name] of Object.entries(PORT_VARIABLES)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) fail(`${name} must be a port number 0-65535, got "${value}"`, 2);
    ports[part] = Number(value);
  }
  return ports;
}

function banner(demo: Demo, planFile: string): string {
  const p = demo.proxyUrl;
  const plan = relative(process.cwd(), planFile) || planFile;
  const stages = new Map<string, number>();
  for (const r of demo.plan.plan.routes) stages.set(r.stage, (stages.get(r.stage) ?? 0) + 1);
  const summary = [...stages].map(([stage, n]) => `${n} ${stage}`).join(', ');
  return `
strangler demo: the example shop behind the strangler proxy

  shop monolith (direct)  ${demo.shopUrl}
  local Lambda service    ${demo.lambdaEndpoint ?? '(not started: the plan has no local lambda.endpoint or no functions)'}${demo.functions.length > 0 ? `   functions: ${demo.functions.join(', ')}` : ''}
  strangler proxy         ${p}
  admin API               ${demo.adminUrl}
  plan                    ${plan}   (${demo.plan.plan.routes.length} routes: ${summary})

Try (through the proxy; see the x-strangler-route and x-strangler-served-by headers):
  curl -i '${p}/products?category=books&sort=-price&pageSize=3'
  curl -i ${p}/products/7
  curl -s '${p}/products/search?q=wooden'
  curl -s -c cart.txt -b cart.txt -H 'content-type: application/json' -d '{"productId":7,"quantity":2}' ${p}/cart/items
  curl -s -c cart.txt -b cart.txt -H 'content-type: application/json' -d '{"email":"ada@example.com"}' ${p}/checkout
  curl -s ${demo.adminUrl}/routes
  curl -s ${demo.adminUrl}/metrics | grep '^strangler_'

Change a route's stage in ${plan} and save: the proxy reloads it (or send SIGHUP).
Ctrl-C stops everything.

`;
}

async function run(): Promise<void> {
  // Relative to the working directory when below it: problems and log lines then name the file as a user would.
  const fromCwd = relative(process.cwd(), SHOP_PLAN);
  const planFile = process.env.STRANGLER_PLAN || (fromCwd.startsWith('..') ? SHOP_PLAN : fromCwd);
  const ports = portsFromEnv(process.env);
  let demo: Demo;
  try {
    demo = await startDemo({ planFile, ports });
  } catch (err) {
    if (err instanceof PlanError) fail(`${planFile} is invalid:\n${err.problems.map(formatProblem).join('\n')}`, 1);
    if (isStranglerError(err)) {
      const hint = /in use/.test(err.message)
        ? `\nSet ${Object.values(PORT_VARIABLES).join(', ')} to other ports (0 picks a free one), or stop what uses it.`
        : '';
      fail(`${err.code}: ${err.message}${hint}`, 1);
    }
    throw err;
  }
  process.stdout.write(banner(demo, planFile));

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`strangler demo: ${signal} again: exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`strangler demo: ${signal}: stopping the proxy, the Lambda service and the shop\n`);
    demo.close().then(
      () => {
        process.stderr.write('strangler demo: stopped\n');
        process.exitCode = 0;
        // Everything is closed; should a stray handle keep the event loop alive, do not hang on it.
        setTimeout(() => process.exit(0), 2_000).unref();
      },
      (err: unknown) => fail(`stopping failed: ${(err as Error).stack ?? String(err)}`, 1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

run().catch((err: unknown) => fail(`unexpected error: ${(err as Error).stack ?? String(err)}`, 1));
