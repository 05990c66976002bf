/**
 * Uncertain inputs of the cost-benefit chain, each defined by its quantile function (and, the
 * same thing, as a function of a standard normal score) so that one random number per draw can
 * drive several inputs together (comonotone) or apart.
 */
import { InputError } from "../errors";
import { normalCdf, normalQuantile } from "../stats/normal";

export type CiShape = "two-piece normal" | "shifted lognormal";

export type Uncertain =
  | { kind: "fixed"; value: number }
  /** Replicates of the quantity (e.g. a bootstrap of the cumulative effect in offences); resampled. */
  | { kind: "draws"; draws: ArrayLike<number> }
  | { kind: "normal"; mean: number; sd: number }
  /**
   * A point estimate with a CI at `level` (default 0.95), as a distribution whose median is the
   * estimate and whose quantiles match the two bounds; both shapes are a normal when the CI is
   * symmetric. "two-piece normal" (default): a normal with a different spread on each side
   * (its density jumps at the median). "shifted lognormal": τ + exp(μ + σZ), smooth and skewed.
   */
  | { kind: "ci"; estimate: number; ci: [number, number]; level?: number; shape?: CiShape }
  | { kind: "uniform"; min: number; max: number }
  | { kind: "triangular"; min: number; mode: number; max: number };

/**
 * τ + exp(μ + σz) as a function of a standard normal z, with median m, m − a at the lower and
 * m + b at the upper CI point (zc = its normal quantile). Right-skewed when b > a; a left skew is
 * the mirror image. From (m + b − τ)(m − a − τ) = (m − τ)²: m − τ = ab / (b − a).
 */
function shiftedLognormal(a: number, m: number, b: number, zc: number): (z: number) => number {
  if (b < a) { const f = shiftedLognormal(b, -m, a, zc); return (z) => -f(-z); }
  const d = (a * b) / (b - a);
  const sigma = Math.log((d + b) / d) / zc;
  return (z) => m - d + d * Math.exp(sigma * z);
}

/**
 * An input as a function of one standard normal draw z (its quantile at Φ(z)), so one z can drive
 * several inputs together (comonotone) and normal-based inputs skip the costly Φ⁻¹. Checks the input.
 */
export function normalScoreFunction(u: Uncertain, what: string): (z: number) => number {
  const bad = (msg: string) => new InputError(`${what}: ${msg}`);
  const finite = (...xs: number[]) => xs.every(Number.isFinite);
  switch (u.kind) {
    case "fixed":
      if (!finite(u.value)) throw bad(`value must be finite, got ${u.value}`);
      return () => u.value;
    case "normal":
      if (!finite(u.mean) || !(u.sd >= 0)) throw bad(`normal needs a finite mean and sd ≥ 0, got ${u.mean}, ${u.sd}`);
      return (z) => u.mean + u.sd * z;
    case "ci": {
      const level = u.level ?? 0.95;
      const [lo, hi] = u.ci;
      if (!finite(u.estimate, lo, hi) || !(lo <= u.estimate && u.estimate <= hi)) throw bad(`CI [${lo}, ${hi}] must contain the estimate ${u.estimate}`);
      if (!(level > 0 && level < 1)) throw bad(`CI level must be in (0, 1), got ${level}`);
      if (u.shape !== undefined && u.shape !== "two-piece normal" && u.shape !== "shifted lognormal") throw bad(`unknown CI shape "${u.shape}"`);
      const zc = normalQuantile(0.5 + level / 2);
      const sLo = (u.estimate - lo) / zc, sHi = (hi - u.estimate) / zc;
      if (u.shape === "shifted lognormal" && sLo !== sHi) return shiftedLognormal(u.estimate - lo, u.estimate, hi - u.estimate, zc);
      return (z) => u.estimate + (z < 0 ? sLo : sHi) * z;
    }
    default: {
      const q = quantileFunction(u, what);
      return (z) => q(normalCdf(z));
    }
  }
}

/** Checks an Uncertain input and returns its quantile function p ∈ (0,1) → value. */
export function quantileFunction(u: Uncertain, what: string): (p: number) => number {
  const bad = (msg: string) => new InputError(`${what}: ${msg}`);
  const finite = (...xs: number[]) => xs.every(Number.isFinite);
  switch (u.kind) {
    case "fixed":
    case "normal":
    case "ci": {
      const f = normalScoreFunction(u, what);
      return (p) => f(normalQuantile(p));
    }
    case "draws": {
      const n = u.draws.length;
      if (n === 0) throw bad("no draws");
      const sorted = Float64Array.from(u.draws).sort();
      if (!finite(sorted[0], sorted[n - 1])) throw bad("draws must all be finite (found NaN or infinity)");
      // Resampling the draws uniformly = their empirical quantile at a uniform p.
      return (p) => sorted[Math.min(n - 1, Math.floor(p * n))];
    }
    case "uniform":
      if (!finite(u.min, u.max) || u.min > u.max) throw bad(`uniform needs min ≤ max, got ${u.min}, ${u.max}`);
      return (p) => u.min + p * (u.max - u.min);
    case "triangular": {
      const { min, mode, max } = u;
      if (!finite(min, mode, max) || !(min <= mode && mode <= max) || min === max) throw bad(`triangular needs min ≤ mode ≤ max and min < max, got ${min}, ${mode}, ${max}`);
      const f = (mode - min) / (max - min);
      return (p) => (p < f ? min + Math.sqrt(p * (max - min) * (mode - min)) : max - Math.sqrt((1 - p) * (max - min) * (max - mode)));
    }
    default:
      throw bad(`unknown kind "${(u as { kind: string }).kind}"`);
  }
}
