/** How the proxy plugs shadowing in: body copies, the monolith shadow caller, the dispatch's shadow path. */
export { teeBody } from './capture.js';
export { monolithShadowCaller, type MonolithShadowCaller } from './monolith-call.js';
export { serveMonolithWithShadow } from './serve.js';
