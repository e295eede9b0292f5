/**
 * The fault soak: mixed traffic through `strangler proxy` to a fault-injecting function on the local Lambda
 * service and a recording monolith, every request judged against the documented fallback behaviour.
 * `npm run soak` runs ./main.ts; test/reliability/soak.test.ts runs a short one.
 */
export { runSoak, FAULT_STATUS } from './run.js';
export { summarise, type SoakSummary, type RunData } from './summary.js';
export { formatSummary } from './report.js';
export { parseSoakOptions, SoakOptionsSchema, SoakOptionError, FAULTS, type SoakOptions, type SoakOptionsInput, type Fault } from './options.js';
export { judge, FAULT_CODE, type Violation, type Verdict } from './oracle.js';
export { soakRequest, type SoakRequest, type ClientAnswer } from './traffic.js';
