#!/usr/bin/env node
import { isStranglerError } from '../proxy/errors.js';
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
  main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  }).then(
    (code) => {
      // Long-running commands (proxy, lambda serve) return only when they have shut down.
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`strangler: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
