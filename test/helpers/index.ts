/**
 * Shared test helpers. Each is documented where it is defined:
 * - logSink: a pino destination collecting parsed log lines (`waitFor` a line);
 * - startUpstream / echoHandler / closedPort: a stand-in monolith on 127.0.0.1:0, and a port nobody listens on;
 * - testPlan / testPlanInput / route / tempDir / loaded: plans with test listeners, plan files on disk;
 * - startProxy: a running proxy with its logs in a sink;
 * - useProxy / useUpstream / useStarted: start on demand, stopped by an afterEach/afterAll hook they register;
 * - send: one raw HTTP request (any header, no pooled socket); sendRaw: raw bytes on a fresh connection;
 * - spawnCli: `node dist/cli/main.js …` as a child process, with output matching;
 * - waitFor / deferred: polling and hand-over signals;
 * - generatedBody / countBody / peakRss: large bodies generated and counted as they stream, a process's peak RSS.
 * Not re-exported here (they load the local Lambda service): startLambdaProxy / metricValue in ./lambda-proxy.ts,
 * useLambdaService / startService / clientFor / FUNCTIONS_DIR in ./lambda-service.ts.
 */
export { logSink, type LogSink, type LogLine } from './log-sink.js';
export { startUpstream, useUpstream, echoHandler, closedPort, type Upstream } from './upstream.js';
export { testPlan, testPlanInput, route, tempDir, loaded, type TempDir } from './plans.js';
export { startProxy, useProxy, type RunningProxy } from './proxy.js';
export { useStarted, type FixtureScope } from './lifecycle.js';
export { send, sendRaw, type RawResponse, type RawReply } from './http.js';
export { spawnCli, CLI, type CliProcess } from './cli.js';
export { waitFor, deferred } from './wait.js';
export { generatedBody, countBody, peakRss } from './bodies.js';
