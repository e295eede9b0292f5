/**
 * The errors leaf: the base error, the code-table helper and the shared error answer. It imports nothing from
 * the rest of strangler, so every layer (plan, lambda-runtime, adapters, the proxy's concepts) can build on it.
 */
export { StranglerError, isStranglerError } from './strangler-error.js';
export { defineCodes, codeOptions, statusOf, type CodeInfo, type CodeTable, type CodeOf } from './codes.js';
export { replyWithError, type ErrorReply } from './answer.js';
export { CORE_ERRORS, internalError } from './internal.js';
