/** Pure response comparison: status, headers, bodies (JSON deep diff with field paths, text, binary by hash). */
export { compareResponses, headerValue, type CapturedResponse, type ComparisonResult, type HeaderBag } from './compare.js';
export { diffJson, canonicalJson, type FieldDiff } from './json-diff.js';
export { compileRules, exactRules, DEFAULT_MAX_DIFFS, type CompiledRules } from './rules.js';
export {
  parsePathPattern,
  formatPath,
  generalisePath,
  matchesPath,
  coversPath,
  PathSyntaxError,
  type PathPattern,
  type PathSegment,
} from '../../schemas/field-paths.js';
export { normaliseContentType, sha256, type BodyKind } from './body.js';
