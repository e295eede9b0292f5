/** The traffic server: createProxy, per-request exchange, the dispatch point, plan watching. */
export { createProxy, type Proxy, type ProxyOptions, type ListenAddresses, type ReloadResult } from './create.js';
export { createPlanProxy, type PlanProxyOptions } from './from-plan.js';
export { dispatch } from './dispatch.js';
export { createTargets, lambdaNextOf, type Target, type Targets } from './targets.js';
export { Exchange, MONOLITH_ONLY } from '../exchange/index.js';
export { Generation } from './generation.js';
export { watchPlan, type PlanWatcher, type WatchPlanOptions } from './watch.js';
export { requestIdOf } from './request-id.js';
export { admitRequest, type Admission } from './inbound.js';
export {
  ListenError,
  ShuttingDownError,
  UpgradeUnsupportedError,
  RejectedRequestError,
  FRONT_DOOR_CODES,
  LISTEN_FAILED,
  SHUTTING_DOWN,
  UPGRADE_UNSUPPORTED,
  type FrontDoorKind,
} from './errors.js';
