import { Document, parse as parseYaml, parseDocument } from 'yaml';
import { z } from 'zod';
import { formatPath } from '../plan/load.js';
import { isStage, STAGES, type Stage } from '../stages/plan.js';
import { FlagsError } from './errors.js';

/**
 * The flags file: LaunchDarkly's flag data format (the same objects its SDKs and Relay Proxy exchange), so a file
 * used locally can later be imported into LaunchDarkly unchanged.
 * https://docs.launchdarkly.com/sdk/features/flags-from-files
 *
 * Only the fields strangler reads or writes are checked here; everything else is passed through to the SDK.
 */

/** Rollout weights are in thousandths of a percent: 100000 = 100 %. */
export const WEIGHT_SCALE = 100_000;

const VariationOrRollout = z.looseObject({
  variation: z.int().min(0).optional(),
  rollout: z
    .looseObject({
      variations: z.array(z.looseObject({ variation: z.int().min(0), weight: z.number().min(0).max(WEIGHT_SCALE) })).min(1),
      contextKind: z.string().optional(),
      bucketBy: z.string().optional(),
    })
    .optional(),
});

const FlagSchema = z.looseObject({
  key: z.string().min(1),
  on: z.boolean().default(true),
  variations: z.array(z.unknown()).min(1),
  offVariation: z.int().min(0).optional(),
  fallthrough: VariationOrRollout.optional(),
  version: z.int().min(0).default(1),
  salt: z.string().optional(),
  targets: z.array(z.unknown()).optional(),
  contextTargets: z.array(z.unknown()).optional(),
  rules: z.array(z.unknown()).optional(),
  prerequisites: z.array(z.unknown()).optional(),
});
export type FlagConfig = z.infer<typeof FlagSchema>;

const FlagFileSchema = z.looseObject({
  flags: z.record(z.string(), FlagSchema).optional(),
  flagValues: z.record(z.string(), z.unknown()).optional(),
  segments: z.record(z.string(), z.unknown()).optional(),
});
export type FlagFile = z.infer<typeof FlagFileSchema>;

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/**
 * Parses and checks flags file text. Throws STRANGLER_FLAGS_FILE_INVALID naming the file and the field.
 * An empty file is invalid (it is what a truncated write looks like), not "no flags".
 */
export function parseFlagFile(text: string, file: string): FlagFile {
  if (text.trim() === '') throw new FlagsError('STRANGLER_FLAGS_FILE_INVALID', `${file}: empty flags file (truncated?)`);
  let raw: unknown;
  try {
    raw = isYamlPath(file) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new FlagsError('STRANGLER_FLAGS_FILE_INVALID', `${file}: not valid ${isYamlPath(file) ? 'YAML' : 'JSON'}: ${(err as Error).message.split('\n')[0]}`, {
      cause: err,
    });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FlagsError('STRANGLER_FLAGS_FILE_INVALID', `${file}: expected an object with "flags", "flagValues" or "segments"`);
  }
  const result = FlagFileSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${file}: ${formatPath(i.path)}: ${i.message}`);
    throw new FlagsError('STRANGLER_FLAGS_FILE_INVALID', problems.join('\n'));
  }
  for (const [key, flag] of Object.entries(result.data.flags ?? {})) {
    // The SDK indexes flags by their own `key`; a mismatch would silently evaluate a different flag.
    if (flag.key !== key) throw new FlagsError('STRANGLER_FLAGS_FILE_INVALID', `${file}: flags.${key}.key: is "${flag.key}", must equal its map key "${key}"`);
    const n = flag.variations.length;
    const bad = [flag.offVariation, flag.fallthrough?.variation, ...(flag.fallthrough?.rollout?.variations ?? []).map((v) => v.variation)].find(
      (i) => i !== undefined && i >= n,
    );
    if (bad !== undefined) throw new FlagsError('STRANGLER_FLAGS_FILE_INVALID', `${file}: flags.${key}: variation index ${bad} out of range (${n} variations)`);
  }
  return result.data;
}

/** One slice of a flag's fallthrough: which stage, for what share of contexts. */
export interface StageShare {
  stage: Stage;
  percent: number;
}

/** What a flag says about a route, in words a person reads in `flags show`, `/routes` and audit lines. */
export interface FlagSummary {
  key: string;
  version: number;
  /** The stage everyone gets, or null for a rollout, targeting, or values that are not stages. */
  stage: Stage | null;
  /** The fallthrough split (one entry at 100 % when everyone gets the same stage). */
  shares: StageShare[];
  /** Individual targets and rules that take precedence over the fallthrough. */
  targeted: number;
  /** `live`, `live 25% / off 75%`, `off (flag off)`, `live (+2 rules/targets)`, `invalid: …`. */
  text: string;
}

/** The stage (or split) a flag serves, read from its JSON the way LaunchDarkly evaluates it. */
export function summarizeFlag(
  flag: Pick<FlagConfig, 'key' | 'on' | 'variations' | 'offVariation' | 'fallthrough' | 'version'> & Record<string, unknown>,
): FlagSummary {
  const base = { key: flag.key, version: flag.version ?? 0 };
  const stageAt = (i: number | undefined): Stage | null => {
    const value = i === undefined ? undefined : flag.variations[i];
    return isStage(value) ? value : null;
  };
  if (flag.on === false) {
    const stage = stageAt(flag.offVariation);
    if (stage === null) return { ...base, stage: null, shares: [], targeted: 0, text: 'invalid: flag off without a stage offVariation' };
    return { ...base, stage, shares: [{ stage, percent: 100 }], targeted: 0, text: `${stage} (flag off)` };
  }
  const targeted = arrayLength(flag.targets) + arrayLength(flag.contextTargets) + arrayLength(flag.rules) + arrayLength(flag.prerequisites);
  const suffix = targeted > 0 ? ` (+${targeted} rules/targets)` : '';
  const fallthrough = flag.fallthrough ?? {};
  let shares: StageShare[];
  if (fallthrough.rollout) {
    const byStage = new Map<Stage, number>();
    for (const slice of fallthrough.rollout.variations) {
      const stage = stageAt(slice.variation);
      if (stage === null) return { ...base, stage: null, shares: [], targeted, text: `invalid: rollout variation ${slice.variation} is not a stage` };
      byStage.set(stage, (byStage.get(stage) ?? 0) + slice.weight);
    }
    shares = [...byStage].filter(([, w]) => w > 0).map(([stage, w]) => ({ stage, percent: Math.round((w / WEIGHT_SCALE) * 100_000) / 1000 }));
    // Weights summing to less than 100 %: the SDK puts the remainder in the last slice.
    if (shares.length === 0) shares = [{ stage: stageAt(fallthrough.rollout.variations.at(-1)!.variation)!, percent: 100 }];
  } else {
    const stage = stageAt(fallthrough.variation);
    if (stage === null) return { ...base, stage: null, shares: [], targeted, text: 'invalid: fallthrough is not a stage' };
    shares = [{ stage, percent: 100 }];
  }
  const uniform = shares.length === 1 ? shares[0]!.stage : null;
  const text = uniform ?? shares.map((s) => `${s.stage} ${s.percent}%`).join(' / ');
  return { ...base, stage: targeted > 0 ? null : uniform, shares, targeted, text: `${text}${suffix}` };
}

function arrayLength(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/** What `strangler flags set` asks for: `stage` for `percent` % of contexts, `rest` for the others. */
export interface StageAssignment {
  stage: Stage;
  /** 0–100, up to three decimals. Omitted: everyone gets `stage`. */
  percent?: number;
  rest?: Stage;
  /** Context kind the rollout buckets by. */
  contextKind: string;
}

/**
 * A migration flag (or an updated copy of `existing`) serving `assignment`, with its version bumped.
 *
 * Stickiness when ramping: LaunchDarkly puts a context in the first rollout slice whose cumulative weight exceeds
 * its bucket value, so the ramped stage is written LAST: raising its weight only lowers the threshold, and every
 * context already on it stays on it (20 % → 40 % keeps the first 20 %).
 * https://docs.launchdarkly.com/home/releases/percentage-rollouts
 */
export function assignStage(key: string, existing: FlagConfig | undefined, assignment: StageAssignment): FlagConfig {
  const flag: FlagConfig = existing
    ? structuredClone(existing)
    : { key, on: true, variations: [...STAGES], offVariation: 0, fallthrough: {}, version: 0, salt: key, targets: [], rules: [] };
  const indexOf = (stage: Stage): number => {
    let i = flag.variations.indexOf(stage);
    if (i < 0) {
      flag.variations.push(stage);
      i = flag.variations.length - 1;
    }
    return i;
  };
  const { stage, percent, rest } = assignment;
  if (percent === undefined || percent >= 100 || rest === undefined || rest === stage) {
    flag.fallthrough = { variation: indexOf(stage) };
  } else if (percent <= 0) {
    flag.fallthrough = { variation: indexOf(rest) };
  } else {
    const weight = Math.round(percent * (WEIGHT_SCALE / 100));
    flag.fallthrough = {
      rollout: {
        contextKind: assignment.contextKind,
        variations: [
          { variation: indexOf(rest), weight: WEIGHT_SCALE - weight },
          { variation: indexOf(stage), weight },
        ],
      },
    };
  }
  flag.on = true;
  if (flag.offVariation === undefined) flag.offVariation = indexOf('off');
  flag.version = (existing?.version ?? 0) + 1;
  return flag;
}

/**
 * The file's text with `flag` stored under its key. YAML keeps the document's comments and layout; JSON is
 * written with two-space indentation.
 */
export function renderFlagFile(previousText: string | null, file: string, flag: FlagConfig): string {
  if (isYamlPath(file)) {
    const doc = previousText === null || previousText.trim() === '' ? new Document({}) : parseDocument(previousText);
    // A file holding only comments parses to empty contents.
    if (doc.contents === null) (doc as Document).contents = doc.createNode({});
    doc.setIn(['flags', flag.key], doc.createNode(flag));
    return doc.toString();
  }
  const data = previousText === null ? {} : (JSON.parse(previousText) as Record<string, unknown>);
  const flags = (data.flags ?? {}) as Record<string, unknown>;
  flags[flag.key] = flag;
  return `${JSON.stringify({ ...data, flags }, null, 2)}\n`;
}
