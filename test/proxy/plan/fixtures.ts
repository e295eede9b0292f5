import { fileURLToPath } from 'node:url';

/** The repository root (tests and child processes resolve fixture paths from it). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A plan fixture as a path relative to the repository root: what a user would type. */
export const fixture = (name: string): string => `test/fixtures/plans/${name}`;

/**
 * Every invalid fixture with each problem it must report: `LINE:COL field.path`, and a part of the message.
 * One table for the in-process loader and the CLI, so both are held to the same locations.
 */
export const INVALID: Array<[file: string, problems: Array<[at: string, message: string]>]> = [
  [
    'invalid-unknown-key.yaml',
    [
      ['3:3 monolith.timeoutMS', 'unknown key "timeoutMS"; did you mean "timeoutMs"?'],
      ['8:5 routes[0].stgae', 'unknown key "stgae"; did you mean "stage"?'],
      ['9:1 lisen', 'unknown key "lisen"; did you mean "listen"?'],
    ],
  ],
  [
    'invalid-bad-url.yaml',
    [
      ['2:8 monolith.url', 'must be an absolute http:// or https:// URL'],
      ['4:13 lambda.endpoint', 'must be an absolute http:// or https:// URL'],
    ],
  ],
  ['invalid-duplicate-route-id.yaml', [['7:9 routes[1].id', 'duplicate route id "catalog" (first at routes[0])']]],
  [
    'invalid-overlapping-match.yaml',
    [['8:12 routes[1].match', 'GET /products/:productId is already matched by routes[0] ("product"); this route would never match']],
  ],
  ['invalid-bad-stage.yaml', [['7:12 routes[0].stage', 'got "liv"; did you mean "live"?']]],
  [
    'invalid-bad-method.yaml',
    [['6:22 routes[0].match.methods[1]', 'expected one of "GET"|"HEAD"|"POST"|"PUT"|"PATCH"|"DELETE"|"OPTIONS"|"TRACE"; got "FETCH"']],
  ],
  [
    'invalid-bad-path.yaml',
    [
      ['5:20 routes[0].match.path', 'must start with "/"'],
      ['8:20 routes[1].match.path', 'invalid path: Wildcard must be the last character in the route'],
    ],
  ],
  // The YAML parser reports an unclosed flow map where it notices it: the first line that cannot belong to it.
  ['invalid-yaml-syntax.yaml', [['6:5 (plan)', 'YAML: Flow map in block collection must be sufficiently indented and end with a }']]],
  [
    'invalid-missing-required.yaml',
    [
      ['1:1 monolith', 'required (expected object)'],
      ['4:5 routes[0].function', 'required (expected object)'],
      ['5:12 routes[0].match.path', 'required (expected string)'],
    ],
  ],
  ['invalid-duplicate-function.yaml', [['6:11 functions[1].name', 'duplicate function name "catalog" (first at functions[0])']]],
  ['invalid-handler-and-bootstrap.yaml', [['4:5 functions[0]', 'set exactly one of handler or bootstrap']]],
  [
    'invalid-env-unset.yaml',
    [
      ['4:15 monolith.url', 'environment variable STRANGLER_TEST_UNSET_HOST is not set (set it, or give a default: ${STRANGLER_TEST_UNSET_HOST:-value})'],
      ['8:12 lambda.region', 'invalid environment reference "${STRANGLER TEST}"'],
    ],
  ],
];

export const VALID = ['valid-minimal.yaml', 'valid-full.yaml', 'valid-shop-like.yaml'];
