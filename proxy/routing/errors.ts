import { defineCodes, type CodeOf } from '../errors/index.js';

/** Codes of routing: a request target the proxy refuses to route. */
export const ROUTING_ERRORS = defineCodes({
  STRANGLER_PATH_INVALID: {
    status: 400,
    meaning: 'the request path has an encoded slash or backslash (`%2F`, `%5C`; allowed with `routing.encodedSlashes: keep`) or a malformed percent-escape',
  },
});

export type RoutingErrorCode = CodeOf<typeof ROUTING_ERRORS>;
