import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlanProxy, type Proxy } from '../../../proxy/index.js';
import { closedPort, waitFor } from '../../helpers/index.js';
import { planFrom, twoRoutePlan } from './helpers.js';

/**
 * The keys of every object in a JSON text that appear twice in that object. JSON.parse silently keeps the last of
 * duplicate keys, so a parsed-object assertion cannot see them: this reads the raw text.
 */
function duplicateKeys(text: string): string[] {
  const dupes: string[] = [];
  const stack: Array<Set<string> | null> = [];
  let i = 0;
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '{') stack.push(new Set()), i++;
    else if (c === '[') stack.push(null), i++;
    else if (c === '}' || c === ']') stack.pop(), i++;
    else if (c === '"') {
      const s = readString();
      const top = stack.at(-1);
      // A string directly followed by ':' inside an object is a key.
      let j = i;
      while (text[j] === ' ') j++;
      if (top && text[j] === ':') {
        if (top.has(s)) dupes.push(s);
        top.add(s);
      }
    } else i++;
  }
  return dupes;
}

describe('duplicateKeys (the checker itself)', () => {
  it.each([
    ['{"component":"flags","component":"launchdarkly"}', ['component']],
    ['{"a":{"b":1,"b":2},"c":"\\"b\\":"}', ['b']],
    ['{"a":1,"b":{"a":1},"c":[{"a":1},{"a":2}]}', []],
  ])('%s → %j', (text, expected) => {
    expect(duplicateKeys(text)).toEqual(expected);
  });
});

describe('LaunchDarkly log lines', () => {
  let proxy: Proxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('carry one component key: the SDK lines say launchdarkly, the resolver lines say flags', async () => {
    // Prepare: LaunchDarkly at a port nobody listens on, so the SDK logs connection errors.
    const url = `http://127.0.0.1:${await closedPort()}`;
    const raw: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        raw.push(
          ...chunk
            .toString('utf8')
            .split('\n')
            .filter((l) => l.trim() !== ''),
        );
        done();
      },
    });
    const plan = planFrom(twoRoutePlan(`{ source: launchdarkly, initTimeoutMs: 300, baseUri: "${url}", streamUri: "${url}", eventsUri: "${url}" }`));
    // Act
    proxy = await createPlanProxy(
      { ...plan, plan: { ...plan.plan, server: { ...plan.plan.server, logLevel: 'debug' } } },
      {
        logDestination: destination,
        flags: { env: { LAUNCHDARKLY_SDK_KEY: 'sdk-unreachable' } },
      },
    );
    // Assert: a line from the SDK itself and one from the resolver, each with exactly one `component`.
    await waitFor(() => raw.some((l) => l.includes('"component":"launchdarkly"')) && raw.some((l) => l.includes('"component":"flags"')), {
      what: 'log lines from the SDK and from the resolver',
    });
    for (const line of raw) {
      expect(duplicateKeys(line), line).toEqual([]);
      expect((line.match(/"component":/g) ?? []).length, line).toBeLessThanOrEqual(1);
    }
    expect(raw.map((l) => JSON.parse(l) as { component?: string; msg: string }).find((l) => l.msg.startsWith('flags not loaded (LaunchDarkly)'))).toMatchObject(
      {
        component: 'flags',
      },
    );
  });
});
