/**
 * Uncertain inputs of the cost-benefit chain, each defined by its quantile function so that
 * one uniform number per draw can drive several inputs together (comonotone) or apart.
 */
import { InputError } from "../errors";

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
 * Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9,
 * refined by one Halley step on erfc), for p in (0, 1).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`normalQuantile needs p in [0, 1], got ${p}`);
  }
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let x: number;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pl) {
    const q = p - 0.5, r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Complementary error function (W. J. Cody's rational approximations, ~1e-15 relative). */
export function erfc(x: number): number {
  // Double-precision accuracy matters for the Halley refinement of normalQuantile.
  const ax = Math.abs(x);
  let r: number;
  if (ax < 0.5) {
    const t = x * x;
    const num = (((0.1857777061846032 * t + 3.161123743870566) * t + 113.8641541510502) * t + 377.485237685302) * t + 3209.377589138469;
    const den = (((t + 23.60129095234412) * t + 244.0246379344442) * t + 1282.616526077372) * t + 2844.236833439171;
    return 1 - (x * num) / den;
  } else if (ax < 4) {
    const num = (((((((2.15311535474403846e-8 * ax + 0.5641884969886701) * ax + 8.883149794388376) * ax + 66.11919063714163) * ax + 298.6351381974001) * ax + 881.952221241769) * ax + 1712.047612634071) * ax + 2051.078377826071) * ax + 1230.339354797997;
    const den = (((((((ax + 15.74492611070983) * ax + 117.6939508913125) * ax + 537.1811018620099) * ax + 1621.389574566690) * ax + 3290.799235733460) * ax + 4362.619090143247) * ax + 3439.367674143722) * ax + 1230.339354803749;
    r = (Math.exp(-ax * ax) * num) / den;
  } else {
    const z = 1 / (ax * ax);
    const num = ((((0.01631538713730985 * z + 0.3053266349612323) * z + 0.3603448999498044) * z + 0.1257817261112292) * z + 0.01608378514874228) * z + 0.0006587491615298378;
    const den = ((((z + 2.568520192289822) * z + 1.872952849923460) * z + 0.5279051029514284) * z + 0.06051834131244132) * z + 0.002335204976268692;
    r = (Math.exp(-ax * ax) / ax) * (1 / Math.sqrt(Math.PI) - (z * num) / den);
  }
  return x < 0 ? 2 - r : r;
}

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * Quantile function of τ + exp(μ + σZ) with median m, m − a at the lower and m + b at the upper
 * CI point (z = its normal quantile). Right-skewed when b > a; a left skew is the mirror image.
 * From (m + b − τ)(m − a − τ) = (m − τ)²: m − τ = ab / (b − a).
 */
function shiftedLognormal(a: number, m: number, b: number, z: number): (p: number) => number {
  if (b < a) { const f = shiftedLognormal(b, -m, a, z); return (p) => -f(1 - p); }
  const d = (a * b) / (b - a);
  const sigma = Math.log((d + b) / d) / z;
  return (p) => m - d + d * Math.exp(sigma * normalQuantile(p));
}

/** Checks an Uncertain input and returns its quantile function u ∈ (0,1) → value. */
export function quantileFunction(u: Uncertain, what: string): (p: number) => number {
  const bad = (msg: string) => new InputError(`${what}: ${msg}`);
  const finite = (...xs: number[]) => xs.every(Number.isFinite);
  switch (u.kind) {
    case "fixed":
      if (!finite(u.value)) throw bad(`value must be finite, got ${u.value}`);
      return () => u.value;
    case "draws": {
      const n = u.draws.length;
      if (n === 0) throw bad("no draws");
      const sorted = Float64Array.from(u.draws).sort();
      if (!finite(sorted[0], sorted[n - 1])) throw bad("draws must all be finite (found NaN or infinity)");
      // Resampling the draws uniformly = their empirical quantile at a uniform p.
      return (p) => sorted[Math.min(n - 1, Math.floor(p * n))];
    }
    case "normal":
      if (!finite(u.mean) || !(u.sd >= 0)) throw bad(`normal needs a finite mean and sd ≥ 0, got ${u.mean}, ${u.sd}`);
      return (p) => u.mean + u.sd * normalQuantile(p);
    case "ci": {
      const level = u.level ?? 0.95;
      const [lo, hi] = u.ci;
      if (!finite(u.estimate, lo, hi) || !(lo <= u.estimate && u.estimate <= hi)) throw bad(`CI [${lo}, ${hi}] must contain the estimate ${u.estimate}`);
      if (!(level > 0 && level < 1)) throw bad(`CI level must be in (0, 1), got ${level}`);
      const z = normalQuantile(0.5 + level / 2);
      const sLo = (u.estimate - lo) / z, sHi = (hi - u.estimate) / z;
      if (u.shape === "shifted lognormal" && sLo !== sHi) return shiftedLognormal(u.estimate - lo, u.estimate, hi - u.estimate, z);
      if (u.shape !== undefined && u.shape !== "two-piece normal" && u.shape !== "shifted lognormal") throw bad(`unknown CI shape "${u.shape}"`);
      return (p) => {
        const q = normalQuantile(p);
        return u.estimate + (q < 0 ? sLo : sHi) * q;
      };
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
