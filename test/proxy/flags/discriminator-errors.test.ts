import { describe, expect, it } from 'vitest';
import { parsePlan, PlanError } from '../../../proxy/plan/index.js';

/** Issue 16 item 13: a bad `flags.source` or `key.from` is worded like every other enum field: got … did you mean. */
describe('flag source discriminator errors', () => {
  const problems = (flags: string) => {
    try {
      parsePlan(`monolith: { url: "http://a" }\nflags: ${flags}\n`, 'p.yaml');
    } catch (err) {
      if (err instanceof PlanError) return err.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
      throw err;
    }
    throw new Error('the plan was accepted');
  };

  it.each([
    ['{ source: fil }', '2:18 flags.source: Invalid option: expected one of "static"|"file"|"launchdarkly"; got "fil"; did you mean "file"?'],
    [
      '{ source: LaunchDarkly }',
      '2:18 flags.source: Invalid option: expected one of "static"|"file"|"launchdarkly"; got "LaunchDarkly"; did you mean "launchdarkly"?',
    ],
    ['{ source: redis }', '2:18 flags.source: Invalid option: expected one of "static"|"file"|"launchdarkly"; got "redis"'],
    ['{ source: 3 }', '2:18 flags.source: Invalid option: expected one of "static"|"file"|"launchdarkly"'],
    ['{ context: {} }', '2:8 flags.source: required (expected one of "static"|"file"|"launchdarkly")'],
    [
      '{ source: file, context: { key: { from: headr, name: x-user-id } } }',
      '2:48 flags.context.key.from: Invalid option: expected one of "header"|"cookie"|"claim"; got "headr"; did you mean "header"?',
    ],
  ])('flags: %s', (flags, expected) => {
    expect(problems(flags)).toEqual([expected]);
  });

  it('leaves valid sources alone', () => {
    expect(parsePlan('monolith: { url: "http://a" }\nflags: { source: file }\n', 'p.yaml').flags).toMatchObject({ source: 'file', path: 'flags.json' });
  });
});
