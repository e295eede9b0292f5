/** Background shadow calls: decide, submit, compare, record; bounded by a global concurrency cap. */
export { ShadowRunner, SHADOW_HEADER, type ShadowCall, type ShadowCallRequest, type ShadowJob, type ShadowResultEvent, type RunnerOptions } from './runner.js';
export { decideShadow, type ShadowDecision } from './decide.js';
export { compileShadowRoute, compileShadowRoutes, type ShadowRoute } from './routes.js';
export { NoiseModel } from './noise-model.js';
