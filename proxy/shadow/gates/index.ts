/** Promotion gates (checked by `strangler promote`) and automatic rollback (pins a failing route back to shadow). */
export { checkGate, type GateCheck, type GateInput, type GateResult } from './check.js';
export { RollbackMonitor, type PinFn, type RollbackMonitorOptions, type RouteOutcomeSample } from './rollback.js';
