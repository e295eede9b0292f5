#!/usr/bin/env node
import { isStranglerError } from '../proxy/errors/index.js';
import { UsageError, type Command, type CommandIO } from './command.js';
import { COMMANDS } from './commands/index.js';

const HELP = () => `Usage: strangler <command> [options]   (strangler <command> --help for details)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(22)} ${c.summary}`).join('\n')}
`;

/** Picks the command whose words start argv (longest name first) and runs it. Returns the exit code. */
export async function main(argv: string[], io: CommandIO): Promise<number> {
  const byLength = [...COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  const command: Command | undefined = byLength.find((c) => {
    const words = c.name.split(' ');
    return words.every((w, i) => argv[i] === w);
  });
  if (!command) {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.out(HELP());
      return argv.length === 0 ? 2 : 0;
    }
    io.err(`strangler: unknown command "${argv.join(' ')}"\n\n${HELP()}`);
    return 2;
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`strangler ${command.name}: ${err.message}\n\n${command.help}\n`);
      return 2;
    }
    if (isStranglerError(err)) {
      io.err(`strangler ${command.name}: ${err.code}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

// Run when executed as the `strangler` bin (not when imported by tests).
const invokedAs = process.argv[1] ?? '';
if (/(?:^|[\\/])(?:main\.js|strangler)$/.test(invokedAs)) {
  let settled = false;
  // A command still pending when the event loop empties waited on something that can no longer happen (an unref'd
  // timer, a promise nobody settles). Node would exit 0 here, which a supervisor reads as a clean stop.
  const stalled = (): void => {
    if (settled) return;
    settled = true;
    process.stderr.write('strangler: STRANGLER_INTERNAL: the command stopped before it finished (nothing left to wait for); this is a bug\n');
    process.exitCode = 1;
  };
  process.once('beforeExit', stalled);
  main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  }).then(
    (code) => {
      settled = true;
      // Long-running commands (proxy, lambda serve) return only when they have shut down.
      process.exitCode = code;
    },
    (err: unknown) => {
      settled = true;
      process.stderr.write(`strangler: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
