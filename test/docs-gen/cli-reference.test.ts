import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.js';
import { main } from '../../cli/main.js';
import { cliReference } from '../../docs-gen/index.js';

describe('CLI reference (docs/cli.md)', () => {
  it("holds each command's --help exactly as `strangler COMMAND --help` prints it", async () => {
    const page = cliReference();
    expect(COMMANDS.length).toBeGreaterThan(10);
    for (const command of COMMANDS) {
      let printed = '';
      const code = await main([...command.name.split(' '), '--help'], { out: (t) => (printed += t), err: () => {} });
      expect(code).toBe(0);
      expect(page).toContain(`## strangler ${command.name}\n\n\`\`\`text\n${printed.trimEnd()}\n\`\`\``);
    }
  });

  it("no help text holds a code fence (it would end the page's block early)", () => {
    expect(COMMANDS.filter((c) => c.help.includes('```')).map((c) => c.name)).toEqual([]);
  });
});
