/**
 * Import-cycle check (`npm run cycles`): no module may reach itself through its imports. Type-only imports count
 * (`tsPreCompilationDeps: true`): a cycle made of types still ties two concepts together, and the house rule is that
 * types lower layers need live in a leaf module below them. How to read a finding and fix it: docs/development.md.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Two modules import each other, directly or through others. Move what both need into a leaf module below them.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // Compiled output and tests are not source: bench scripts load dist/, tests may import anything.
    exclude: { path: '^(dist|node_modules|test)/' },
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
