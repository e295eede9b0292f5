import { describe, expect, it } from 'vitest';
import { memoryFigures, rssMiB } from '../../../bench/soak/memory.js';

const series = (values: number[], stepMs = 500) => values.map((mib, i) => ({ t: i * stepMs, mib }));

describe('memoryFigures', () => {
  it('keeps the floor flat for a collected heap that saw-tooths (no leak)', () => {
    const sawTooth = series([100, 110, ...Array.from({ length: 40 }, (_, i) => 130 + (i % 8) * 8)]);
    const m = memoryFigures(sawTooth, 1000);
    expect(m.warmMiB).toBe(130);
    expect(m.peakMiB).toBe(186);
    expect(m.growthMiB).toBe(56);
    expect(m.floorsMiB).toEqual([130, 130, 130, 130, 130]);
    expect(m.floorGrowthMiB).toBe(0);
  });

  it('shows a leak as a rising floor', () => {
    const leak = series(Array.from({ length: 50 }, (_, i) => 100 + i * 2 + (i % 4) * 10));
    const m = memoryFigures(leak, 0);
    expect(m.floorsMiB).toEqual([100, 124, 140, 164, 180]);
    expect(m.floorGrowthMiB).toBe(80);
  });

  it('ignores the warm-up, and has no figures without samples after it', () => {
    expect(memoryFigures(series([500, 100, 100]), 500).peakMiB).toBe(100);
    expect(memoryFigures(series([100]), 10_000)).toEqual({
      warmMiB: undefined,
      peakMiB: undefined,
      growthMiB: undefined,
      floorsMiB: [],
      floorGrowthMiB: undefined,
    });
  });
});

describe.runIf(process.platform === 'linux')('rssMiB', () => {
  it('reads a live process and nothing for a gone one', () => {
    expect(rssMiB(process.pid)).toBeGreaterThan(10);
    expect(rssMiB(2 ** 22 + 12345)).toBeUndefined();
  });
});
