import type { GatedStage } from './config.js';
import type { StageGate } from '../schemas/shadow.js';

// Gates are judged on shadow results (the report's counts), so they live under shadow/; promotion imports them.

/** The numbers a gate is checked against (from a route's report). */
export interface GateInput {
  compared: number;
  /** matched / compared, null without comparisons. */
  matchRate: number | null;
  /** shadow errors / shadow calls, null without shadow calls. */
  shadowErrorRate: number | null;
  p99: { monolith: number | null; lambda: number | null };
}

export interface GateCheck {
  name: keyof StageGate;
  required: number;
  actual: number | null;
  pass: boolean;
  /** Why it fails (or what it checked), in words. */
  message: string;
}

export interface GateResult {
  stage: GatedStage;
  pass: boolean;
  checks: GateCheck[];
  /** The failing checks' messages. */
  reasons: string[];
}

const pct = (r: number): string => `${(r * 100).toFixed(2)}%`;

/**
 * Checks one stage's gate. Unset thresholds are not checked; a threshold that needs data the store does not have
 * (no comparisons, no latency) fails, so a route cannot be promoted on no evidence.
 * @example
 *   checkGate('live', { minSamples: 100, minMatchRate: 0.99 }, input).reasons
 *   // ['40 comparisons; the gate needs at least 100 (minSamples)']
 */
export function checkGate(stage: GatedStage, gate: StageGate, m: GateInput): GateResult {
  const checks: GateCheck[] = [];
  if (gate.minSamples !== undefined) {
    const pass = m.compared >= gate.minSamples;
    checks.push({
      name: 'minSamples',
      required: gate.minSamples,
      actual: m.compared,
      pass,
      message: `${m.compared} comparisons; the gate needs at least ${gate.minSamples} (minSamples)`,
    });
  }
  if (gate.minMatchRate !== undefined) {
    const r = m.matchRate;
    const pass = r !== null && r >= gate.minMatchRate;
    checks.push({
      name: 'minMatchRate',
      required: gate.minMatchRate,
      actual: r,
      pass,
      message:
        r === null
          ? `no comparisons yet; the gate needs a match rate of at least ${pct(gate.minMatchRate)} (minMatchRate)`
          : `match rate ${pct(r)}; the gate needs at least ${pct(gate.minMatchRate)} (minMatchRate)`,
    });
  }
  if (gate.maxShadowErrorRate !== undefined) {
    const r = m.shadowErrorRate;
    const pass = r !== null && r <= gate.maxShadowErrorRate;
    checks.push({
      name: 'maxShadowErrorRate',
      required: gate.maxShadowErrorRate,
      actual: r,
      pass,
      message:
        r === null
          ? `no shadow calls yet; the gate allows a shadow error rate of at most ${pct(gate.maxShadowErrorRate)} (maxShadowErrorRate)`
          : `shadow error rate ${pct(r)}; the gate allows at most ${pct(gate.maxShadowErrorRate)} (maxShadowErrorRate)`,
    });
  }
  if (gate.maxP99LatencyRatio !== undefined) {
    const { monolith, lambda } = m.p99;
    const ratio = monolith !== null && lambda !== null && monolith > 0 ? lambda / monolith : null;
    const pass = ratio !== null && ratio <= gate.maxP99LatencyRatio;
    checks.push({
      name: 'maxP99LatencyRatio',
      required: gate.maxP99LatencyRatio,
      actual: ratio === null ? null : Math.round(ratio * 100) / 100,
      pass,
      message:
        ratio === null
          ? `no latency data for both sides; the gate allows a p99 ratio (Lambda / monolith) of at most ${gate.maxP99LatencyRatio} (maxP99LatencyRatio)`
          : `p99 latency ratio ${ratio.toFixed(2)} (Lambda ${lambda} ms / monolith ${monolith} ms); the gate allows at most ${gate.maxP99LatencyRatio} (maxP99LatencyRatio)`,
    });
  }
  const reasons = checks.filter((c) => !c.pass).map((c) => c.message);
  return { stage, pass: reasons.length === 0, checks, reasons };
}
