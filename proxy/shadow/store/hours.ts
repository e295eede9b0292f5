/** Counts are kept per route and UTC hour (`hour` = hours since the epoch); retention keeps whole UTC days. */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS);
