/**
 * A generated plan of `count` routes `GET /svcN/items/:id`, all `off`, as YAML (what a large monolith's plan looks
 * like to the router: thousands of distinct prefixes). Shared by the reload test and bench/plan-size.
 */
export function largePlanYaml(count: number, monolithUrl: string): string {
  const lines = [`monolith: { url: '${monolithUrl}' }`, 'server: { logLevel: info }', 'routes:'];
  for (let i = 0; i < count; i++) {
    lines.push(`  - id: svc${i}`, `    match: { methods: [GET], path: /svc${i}/items/:id }`, `    function: { name: svc${i} }`, '    stage: off');
  }
  return `${lines.join('\n')}\n`;
}
