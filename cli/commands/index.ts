import type { Command } from '../command.js';
import { planSchema, planValidate } from './plan.js';
import { proxyCommand } from './proxy.js';
import { flagsSet, flagsShow } from './flags.js';
import { pin, unpin } from './pin.js';
import { lambdaServe } from './lambda.js';
import { packageCommand } from './package.js';
import { templateCommand } from './template.js';
import { report } from './report.js';
import { promote } from './promote.js';
import { status } from './status.js';
import { analyzeCommand } from './analyze.js';
import { shadowReset } from './shadow.js';

/** Every sub-command. Add new ones here (one import, one entry); order is the order of `strangler --help`. */
export const COMMANDS: Command[] = [
  proxyCommand,
  planValidate,
  planSchema,
  flagsSet,
  flagsShow,
  pin,
  unpin,
  lambdaServe,
  packageCommand,
  templateCommand,
  report,
  shadowReset,
  promote,
  status,
  analyzeCommand,
];
