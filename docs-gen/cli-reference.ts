import { COMMANDS } from '../cli/commands/index.js';
import { generatedHeader, type GeneratedPage } from './page.js';

/** `strangler --help` and every command's `--help`, as the CLI prints them. */
export function cliReference(): string {
  const out = [
    generatedHeader('CLI reference', "each command's `--help` text (cli/commands/)"),
    '[Command line](command-line.md) has the commands in one table with links to the pages that explain them, and the',
    'exit codes (0 success, 1 failure, 2 a usage mistake).',
    '',
    '| command | what it does |',
    '| --- | --- |',
    ...COMMANDS.map((c) => `| [\`strangler ${c.name}\`](#strangler-${c.name.replace(/ /g, '-')}) | ${c.summary.replace(/\|/g, '\\|')} |`),
    '',
  ];
  for (const c of COMMANDS) out.push(`## strangler ${c.name}`, '', '```text', c.help, '```', '');
  return out.join('\n');
}

export const cliReferencePage: GeneratedPage = { path: 'docs/cli.md', generate: cliReference };
