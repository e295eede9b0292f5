/**
 * Per-route stages from feature flags: the plan's static stages, a local flags file, or LaunchDarkly; sticky
 * percentage rollouts; admin pins (kill switch) with an audit line per change; migration op events.
 */
export { createStageResolver, type StageResolverOptions } from './create.js';
export { FlagStageResolver, type StageChange, type StageChangeSource } from './stage-resolver.js';
export { FleetPins, FLEET_PIN_POLL_MS, type PinStore, type SharedPin } from './fleet-pins.js';
export { contextBuilder, anonymousKey } from './context.js';
export {
  parseFlagFile,
  summarizeFlag,
  assignStage,
  renderFlagFile,
  type FlagFile,
  type FlagConfig,
  type FlagSummary,
  type StageAssignment,
} from './flag-file.js';
export { setFlagStage, type FlagStageSet } from './set-stage.js';
export { FlagsError, type FlagsErrorCode } from './errors.js';
export { FlagsSchema, RouteFlagSchema, flagKeyOf, FLAG_KEY_PREFIX, type FlagsConfig, type ContextConfig } from '../schemas/flags.js';
