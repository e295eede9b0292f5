export {
  TrafficAggregator,
  addSample,
  mergeAggregate,
  emptyAggregate,
  bucketOf,
  LATENCY_BOUNDS_MS,
  SIZE_BOUNDS_BYTES,
  MINUTE_MS,
  type TrafficAggregate,
  type TrafficSample,
  type Side,
} from './aggregate.js';
