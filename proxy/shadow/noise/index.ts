/** Noise learning (Diffy's method): which differing fields are noise, and the ignore rules that would drop them. */
export { classifyFields, type ClassifiedField, type FieldNoiseStats, type FieldVerdict, type NoiseThresholds } from './classify.js';
export { proposeIgnoreRules, type NoiseProposal } from './proposal.js';
