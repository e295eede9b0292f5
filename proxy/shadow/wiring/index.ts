/**
 * How the proxy plugs shadowing in: body copies and the monolith shadow caller. The dispatch's shadow path, which
 * needs the Exchange and the monolith target, is proxy/targets/shadow-serve.ts (above the request core).
 */
export { teeBody } from './capture.js';
export { monolithShadowCaller, type MonolithShadowCaller } from './monolith-call.js';
