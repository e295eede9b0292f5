import type { Command } from '../command.js';
import { planSchema, planValidate } from './plan.js';

/** Every sub-command. Add new ones here (one import, one entry); order is the order of `strangler --help`. */
export const COMMANDS: Command[] = [planValidate, planSchema];
