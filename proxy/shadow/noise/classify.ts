import type { ResolvedNoise } from '../config.js';

/**
 * Noise learning, Diffy's method (https://github.com/opendiffy/diffy, `DifferencesFilterFactory`): a sample of
 * requests goes to the monolith twice and to the Lambda once. Per field, `noise` counts the requests where the two
 * monolith answers differed there and `raw` the requests (of the same sample) where the monolith and the Lambda
 * differed there. A field is a real difference only when the Lambda differs clearly more often than the monolith
 * differs from itself:
 *   raw > noise  and  |raw − noise| / (raw + noise) > relativeThreshold  and  |raw − noise| / requests > absoluteThreshold
 * Diffy expresses both thresholds in percent (defaults 20 and 0.03); here they are fractions (0.2 and 0.0003).
 */
export interface FieldNoiseStats {
  /** Generalised field path (`$.items[*].price`, `headers.etag`, `status`). */
  field: string;
  /** Noise-sampled requests where monolith and Lambda differed at this field. */
  raw: number;
  /** Noise-sampled requests where the two monolith answers differed at this field. */
  noise: number;
}

export type FieldVerdict = 'difference' | 'noise';

export interface ClassifiedField extends FieldNoiseStats {
  verdict: FieldVerdict;
  /** |raw − noise| / (raw + noise). */
  relative: number;
  /** |raw − noise| / noise-sampled requests. */
  absolute: number;
}

export type NoiseThresholds = Pick<ResolvedNoise, 'relativeThreshold' | 'absoluteThreshold' | 'minSamples'>;

/**
 * Classifies fields seen in `samples` noise-sampled requests. Before `minSamples` nothing is noise: every field
 * that differed is a difference (a person would rather see a false alarm than miss a real one).
 * @example
 *   classifyFields(100, [{ field: '$.nonce', raw: 100, noise: 98 }], DEFAULT_NOISE)[0].verdict // 'noise'
 */
export function classifyFields(samples: number, fields: readonly FieldNoiseStats[], t: NoiseThresholds): ClassifiedField[] {
  return fields.map((f) => {
    const delta = Math.abs(f.raw - f.noise);
    const relative = f.raw + f.noise === 0 ? 0 : delta / (f.raw + f.noise);
    const absolute = samples === 0 ? 0 : delta / samples;
    let verdict: FieldVerdict;
    if (samples < t.minSamples || f.noise === 0) verdict = 'difference';
    else verdict = f.raw > f.noise && relative > t.relativeThreshold && absolute > t.absoluteThreshold ? 'difference' : 'noise';
    return { ...f, verdict, relative, absolute };
  });
}
