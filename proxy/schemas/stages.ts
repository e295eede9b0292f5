/**
 * The migration stages a route can be in. The six stages are LaunchDarkly's migration-flag model
 * (https://docs.launchdarkly.com/home/flag-types/migration-flags), so a LaunchDarkly migration flag can drive a route
 * unchanged; what each means for a request is proxy/routing/stages.ts.
 */
export const STAGES = ['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete'] as const;
export type Stage = (typeof STAGES)[number];
