import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real servers and child processes: give them room on a 2-core machine, and keep
    // files isolated so a crash in one suite cannot take the others with it.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Some suites build dist/ first (CLI and child-process tests run the compiled code).
    globalSetup: ['test/global-setup.ts'],
  },
});
