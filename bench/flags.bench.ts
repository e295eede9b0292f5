/**
 * Per-request cost of picking a route's stage (`npm run bench:flags`): `decide()` as the proxy calls it for every
 * matched request, for each flag source and context shape, next to the SDK's bare `migrationVariation` (no
 * strangler context building, no evaluation-detail hook) as the floor. Results: bench/README.md.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init, type LDMigrationStage } from '@launchdarkly/node-server-sdk';
import { TestData } from '@launchdarkly/node-server-sdk/integrations';
import { pino } from 'pino';
import { afterAll, bench, describe } from 'vitest';
import { assignStage, createStageResolver, renderFlagFile } from '../proxy/flags/index.js';
import { parsePlan } from '../proxy/plan/index.js';
import type { StageRequest } from '../proxy/stages/resolver.js';

const OPTIONS = { time: 2_000, warmupTime: 500 };
const logger = pino({ level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'strangler-bench-flags-'));

// Two flags: one stage for everyone, and a 25 % rollout (the common shapes of a migration).
let text = renderFlagFile(null, 'flags.json', assignStage('strangler-route-uniform', undefined, { stage: 'shadow', contextKind: 'user' }));
text = renderFlagFile(
  text,
  'flags.json',
  assignStage('strangler-route-rollout', undefined, { stage: 'live', percent: 25, rest: 'shadow', contextKind: 'user' }),
);
writeFileSync(join(dir, 'flags.json'), text);

const planText = (flags: string) => `monolith: { url: http://127.0.0.1:3000 }
flags: ${flags}
routes:
  - { id: uniform, match: { path: /uniform }, function: { name: f } }
  - { id: rollout, match: { path: /rollout }, function: { name: f } }
  - { id: pinned, match: { path: /pinned }, function: { name: f } }
`;
const fileFlags = '{ source: file, context: { key: { from: header, name: x-user-id } } }';
const plan = (flags: string) => ({ plan: parsePlan(planText(flags), 'bench.yaml'), dir });
const [uniform, rollout, pinned] = plan('{ source: static }').plan.routes as [never, never, never];

const staticResolver = await createStageResolver(plan('{ source: static }'), { logger });
const fileResolver = await createStageResolver(plan(fileFlags), { logger });
fileResolver.pin('pinned', 'off', 'bench');
const anonymousResolver = await createStageResolver(plan('{ source: file }'), { logger });

const td = new TestData();
await td.usePreconfiguredFlag(JSON.parse(text).flags['strangler-route-rollout']);
const bare = init('bench', { updateProcessor: td.getFactory(), sendEvents: false, logger: { error() {}, warn() {}, info() {}, debug() {} } });
await bare.waitForInitialization({ timeout: 5 });

afterAll(async () => {
  await Promise.all([staticResolver.close(), fileResolver.close(), anonymousResolver.close()]);
  bare.close();
});

// Distinct users, cycled, so the SDK never sees one context over and over.
const requests: StageRequest[] = Array.from({ length: 1024 }, (_, i) => ({
  method: 'GET',
  path: '/rollout',
  ip: `10.0.${i >> 8}.${i & 255}`,
  headers: { 'x-user-id': `user-${i}`, 'user-agent': `Mozilla/5.0 bench-${i % 16}`, accept: 'application/json' },
}));
let n = 0;
const next = () => requests[n++ & 1023]!;

describe('stage decision per request', () => {
  bench(
    'static (plan stages)',
    () => {
      staticResolver.decide(rollout, next());
    },
    OPTIONS,
  );
  bench(
    'pinned route',
    async () => {
      await fileResolver.decide(pinned, next());
    },
    OPTIONS,
  );
  bench(
    'file flag: one stage, key from a header',
    async () => {
      await fileResolver.decide(uniform, next());
    },
    OPTIONS,
  );
  bench(
    'file flag: 25% rollout, key from a header',
    async () => {
      await fileResolver.decide(rollout, next());
    },
    OPTIONS,
  );
  bench(
    'file flag: 25% rollout, anonymous key (SHA-256 of ip + user-agent)',
    async () => {
      await anonymousResolver.decide(rollout, next());
    },
    OPTIONS,
  );
  bench(
    'floor: SDK migrationVariation alone (single-kind context, no hook)',
    async () => {
      const r = next();
      await bare.migrationVariation('strangler-route-rollout', { kind: 'user', key: r.headers['x-user-id'] as string }, 'off' as LDMigrationStage);
    },
    OPTIONS,
  );
});
