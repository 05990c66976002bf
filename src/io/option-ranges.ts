/**
 * The range of every numeric command-line option, declared once: Flags.number / Flags.integer
 * check each value against this table, so `--max-pre-mspe-ratio -1` or `--alpha 5` is exit 2
 * in every command that takes the option. Keyed by flag name (a name means one thing everywhere).
 */
export interface OptionRange {
  integer?: boolean;
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  /** Exclusive bounds. */
  above?: number;
  below?: number;
}

const COUNT: OptionRange = { integer: true, min: 1 };

export const OPTION_RANGES: Record<string, OptionRange> = {
  alpha: { above: 0, below: 1 },
  seed: { integer: true, min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
  threads: COUNT,
  jobs: COUNT,
  replicates: COUNT,
  nboots: { integer: true, min: 2 },
  perm: COUNT,
  bootstrap: { integer: true, min: 99 },
  "jackknife-groups": { integer: true, min: 2 },
  block: COUNT,
  "min-pre-periods": COUNT,
  r: { integer: true, min: 0 },
  lambda: { above: 0 },
  "max-pre-mspe-ratio": { above: 0 },
  "effect-scale": { min: 0 },
  reference: { integer: true },
};

/** "an integer ≥ 1", "a number in (0, 1)" … */
export function describeRange(r: OptionRange): string {
  const parts: string[] = [];
  const lo = r.above !== undefined ? `> ${r.above}` : r.min !== undefined && r.min > -Number.MAX_SAFE_INTEGER ? `≥ ${r.min}` : "";
  const hi = r.below !== undefined ? `< ${r.below}` : r.max !== undefined && r.max < Number.MAX_SAFE_INTEGER ? `≤ ${r.max}` : "";
  if (r.above !== undefined && r.below !== undefined) parts.push(`in (${r.above}, ${r.below})`);
  else {
    if (lo) parts.push(lo);
    if (hi) parts.push(hi);
  }
  if (r.integer && r.max === Number.MAX_SAFE_INTEGER) parts.push("with |value| ≤ 2^53 − 1");
  return `${r.integer ? "an integer" : "a number"}${parts.length ? " " + parts.join(" and ") : ""}`;
}

/** Whether `x` lies in the range. */
export function inRange(x: number, r: OptionRange): boolean {
  if (r.integer && !Number.isSafeInteger(x)) return false;
  if (r.min !== undefined && x < r.min) return false;
  if (r.max !== undefined && x > r.max) return false;
  if (r.above !== undefined && !(x > r.above)) return false;
  if (r.below !== undefined && !(x < r.below)) return false;
  return true;
}
