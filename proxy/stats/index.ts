/** Rolling-window request statistics per route and side (the dashboard's and `strangler status`'s numbers). */
export {
  RollingStats,
  DEFAULT_BUCKET_MS,
  DEFAULT_BUCKETS,
  MAX_ROUTES,
  type RequestSample,
  type RouteWindowStats,
  type SideStats,
  type WindowStats,
} from './window.js';
export { isFallback, isThrottle } from './outcome.js';
