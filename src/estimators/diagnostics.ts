/**
 * Design diagnostics (issue 17 item 5): can the donors reproduce each treated unit, or is its
 * counterfactual an extrapolation? Computed from the panel's pre-period alone, plus (when an
 * Effect is given) the estimator's pre-period fit and donor weights.
 *
 * - **Region**: how many donors share the treated unit's region (a unit attribute). With none,
 *   shocks specific to the region cannot be learnt from any comparison unit.
 * - **Range**: the share of pre-periods in which the treated outcome lies above every donor or
 *   below every donor. A necessary condition for the outcome path to be a convex combination of
 *   donor paths is that this share is 0.
 * - **Convex hull**: whether the treated unit's point (pre-period mean, pre-period linear slope),
 *   each standardised by the donors' SD, lies in the convex hull of the donors' points (exact
 *   nearest point of the hull by Wolfe's algorithm, `optimize/simplex-ls`). This is a
 *   two-dimensional summary, not the hull of the full pre-period paths: in T0 > J dimensions
 *   almost no unit is inside that hull, so it would flag everything. A unit outside the
 *   level–trend hull cannot be matched by any weighting of donors, with or without V.
 * - **Pre-period fit ratio**: the estimator's pre-period RMSE for the unit (its `unitEffects`
 *   gaps before treatment) over the donors' spread: the RMSE of donor outcomes around their
 *   own pre-period mean plus the donors' average path (a two-way fixed-effects residual). A
 *   ratio near or above 1 means the fit is no better than a typical donor's distance from the
 *   parallel-trends counterfactual.
 * - **Effective number of donors**: 1 / Σ w² over the normalised weights, where the Effect has
 *   weights (SCM per treated unit; microsynth overall). gsynth has no donor weights.
 *
 * A treated unit is flagged **identified by extrapolation only** when it lies outside the
 * level–trend hull: whatever the method, its counterfactual is carried by the model (fixed
 * effects, factor loadings) beyond anything the donors show.
 */
import type { Effect } from "../effect";
import { InputError } from "../errors";
import { minNormPointInHull } from "../optimize/simplex-ls";
import { treatmentStart, type Panel } from "../panel/panel";

export interface DiagnosticsOptions {
  /** Unit attribute that defines regions (e.g. "region"); omit to skip the region check. */
  region?: string;
  /** Fit ratio above which a unit is flagged (default 1). */
  maxFitRatio?: number;
  /** Effective donors below which a unit is flagged (default 3). */
  minEffectiveDonors?: number;
}

export interface UnitDiagnostics {
  unit: string;
  region?: string;
  /** Donors in the same region (undefined without a region attribute). */
  donorsInRegion?: number;
  /** Share of pre-periods with the outcome above all donors, and below all donors. */
  aboveAllDonors: number;
  belowAllDonors: number;
  /** Pre-period mean and OLS slope per period: the point of the hull check. */
  level: number;
  slope: number;
  /** Distance (in donor SDs) of the unit's (level, slope) point from the donors' hull; 0 inside. */
  hullDistance: number;
  insideHull: boolean;
  /** Pre-period RMSE of the estimator's gap for this unit (needs an Effect with unitEffects). */
  preRmse?: number;
  fitRatio?: number;
  effectiveDonors?: number;
  extrapolation: boolean;
  flags: string[];
}

export interface DesignDiagnostics {
  donors: number;
  treated: number;
  preperiods: number;
  /** RMSE of donor pre-period outcomes around unit mean + period mean (the fit ratio's denominator). */
  donorSpread: number;
  /** Each donor's pre-period mean and slope (the hull's points). */
  donorPoints: { unit: string; level: number; slope: number }[];
  units: UnitDiagnostics[];
  /** One line per flagged problem, naming the unit. */
  warnings: string[];
}

/** Hull membership tolerance: the nearest-point distance (in donor SDs) below which a point counts as inside. */
const HULL_TOL = 1e-6;

export function designDiagnostics(panel: Panel, effect?: Effect, opts: DiagnosticsOptions = {}): DesignDiagnostics {
  const T = panel.periods.length, N = panel.units.length;
  const start = treatmentStart(panel);
  const treated = [...start.keys()].filter((i) => start[i] >= 0);
  const donors = [...start.keys()].filter((i) => start[i] < 0);
  if (!treated.length) throw new InputError("design diagnostics: the panel's treatment column marks no treated unit");
  if (donors.length < 2) throw new InputError(`design diagnostics: ${donors.length} never-treated unit(s); at least 2 donors are needed`);
  const t0 = Math.min(...treated.map((i) => start[i]));
  if (t0 < 2) throw new InputError(`design diagnostics: treatment starts at period ${panel.periods[t0]}, leaving fewer than 2 pre-periods`);
  const regionOf = opts.region === undefined ? undefined : panel.attributes[opts.region];
  if (opts.region !== undefined && !regionOf) throw new InputError(`design diagnostics: the panel has no unit attribute "${opts.region}" (attributes: ${Object.keys(panel.attributes).join(", ") || "none"})`);
  if (N * T !== panel.y.length) throw new InputError("design diagnostics: panel.y does not have units × periods cells");

  const level = new Float64Array(N), slope = new Float64Array(N);
  for (let i = 0; i < N; i++) [level[i], slope[i]] = levelAndSlope(panel.y, i * T, t0);
  const sdL = sd(donors.map((j) => level[j])) || 1, sdS = sd(donors.map((j) => slope[j])) || 1;
  const donorSpread = twoWayResidualRmse(panel.y, T, donors, t0);
  const unitFx = new Map((effect?.unitEffects ?? []).map((u) => [u.unit, u.effects]));
  const prePositions = effect ? effect.periods.flatMap((p, k) => (p.relative < 0 ? [k] : [])) : [];
  const weightsByUnit = donorWeights(effect);
  const maxFit = opts.maxFitRatio ?? 1, minEff = opts.minEffectiveDonors ?? 3;

  const P = new Float64Array(2 * donors.length);
  const units = treated.map((i): UnitDiagnostics => {
    const unit = panel.units[i];
    let above = 0, below = 0;
    for (let t = 0; t < t0; t++) {
      const v = panel.y[i * T + t];
      let lo = Infinity, hi = -Infinity;
      for (const j of donors) { const d = panel.y[j * T + t]; if (d < lo) lo = d; if (d > hi) hi = d; }
      if (v > hi) above++; else if (v < lo) below++;
    }
    donors.forEach((j, k) => { P[2 * k] = (level[j] - level[i]) / sdL; P[2 * k + 1] = (slope[j] - slope[i]) / sdS; });
    const hullDistance = Math.sqrt(minNormPointInHull(P, 2, donors.length).loss);
    const insideHull = hullDistance < HULL_TOL;
    const region = regionOf ? String(regionOf[i]) : undefined;
    const donorsInRegion = regionOf ? donors.filter((j) => String(regionOf[j]) === region).length : undefined;
    const gaps = unitFx.get(unit);
    const preRmse = gaps && prePositions.length ? Math.sqrt(mean(prePositions.map((k) => gaps[k] ** 2).filter(Number.isFinite))) : undefined;
    const fitRatio = preRmse !== undefined && donorSpread > 0 ? preRmse / donorSpread : undefined;
    const w = weightsByUnit.get(unit) ?? weightsByUnit.get("");
    const effectiveDonors = w ? effectiveNumber(w) : undefined;
    const flags: string[] = [];
    if (donorsInRegion === 0) flags.push(`no donor in its ${opts.region} (${region})`);
    if (above + below > 0) flags.push(`outside the donors' range in ${above + below} of ${t0} pre-periods (${above} above all, ${below} below all)`);
    if (!insideHull) flags.push(`outside the donors' convex hull of (pre-period level, slope), ${hullDistance.toFixed(2)} donor SDs away`);
    if (fitRatio !== undefined && fitRatio > maxFit) flags.push(`pre-period fit ratio ${fitRatio.toFixed(2)} > ${maxFit}`);
    if (effectiveDonors !== undefined && effectiveDonors < minEff) flags.push(`effective number of donors ${effectiveDonors.toFixed(1)} < ${minEff}`);
    return {
      unit, ...(region !== undefined ? { region, donorsInRegion } : {}),
      level: level[i], slope: slope[i], aboveAllDonors: above / t0, belowAllDonors: below / t0, hullDistance, insideHull,
      ...(preRmse !== undefined ? { preRmse } : {}), ...(fitRatio !== undefined ? { fitRatio } : {}),
      ...(effectiveDonors !== undefined ? { effectiveDonors } : {}),
      extrapolation: !insideHull, flags,
    };
  });
  const warnings = units.flatMap((u) => [
    ...(u.extrapolation ? [`${u.unit} is identified by extrapolation only: no weighting of donors reaches its pre-period level and trend`] : []),
    ...u.flags.filter((f) => !f.startsWith("outside the donors' convex hull")).map((f) => `${u.unit}: ${f}`),
  ]);
  const donorPoints = donors.map((j) => ({ unit: panel.units[j], level: level[j], slope: slope[j] }));
  return { donors: donors.length, treated: treated.length, preperiods: t0, donorSpread, donorPoints, units, warnings };
}

/** One row per treated unit for `showTable` (numbers rounded for reading). */
export function diagnosticsRows(d: DesignDiagnostics): Record<string, string | number>[] {
  const r2 = (x: number | undefined) => (x === undefined ? "–" : Math.round(x * 100) / 100);
  return d.units.map((u) => ({
    unit: u.unit,
    ...(u.region !== undefined ? { region: u.region, "donors in region": u.donorsInRegion ?? "–" } : {}),
    "pre-periods outside donor range": `${Math.round(100 * (u.aboveAllDonors + u.belowAllDonors))}%`,
    "inside level–trend hull": u.insideHull ? "yes" : "no",
    "pre-fit ratio": r2(u.fitRatio),
    "effective donors": r2(u.effectiveDonors),
    "extrapolation only": u.extrapolation ? "YES" : "no",
  }));
}

/** Mean and OLS slope (per period) of x[off .. off+n). */
function levelAndSlope(y: Float64Array, off: number, n: number): [number, number] {
  let sy = 0, st = 0, k = 0;
  for (let t = 0; t < n; t++) { const v = y[off + t]; if (Number.isFinite(v)) { sy += v; st += t; k++; } }
  if (k < 2) return [NaN, NaN];
  const my = sy / k, mt = st / k;
  let sxy = 0, sxx = 0;
  for (let t = 0; t < n; t++) { const v = y[off + t]; if (Number.isFinite(v)) { sxy += (t - mt) * (v - my); sxx += (t - mt) ** 2; } }
  return [my, sxy / sxx];
}

/** RMSE of y_jt − ȳ_j − ȳ_t + ȳ over donors j and pre-periods t (balanced two-way residual). */
function twoWayResidualRmse(y: Float64Array, T: number, donors: number[], t0: number): number {
  const J = donors.length;
  const rowMean = donors.map((j) => { let s = 0; for (let t = 0; t < t0; t++) s += y[j * T + t]; return s / t0; });
  const colMean = new Float64Array(t0);
  for (const j of donors) for (let t = 0; t < t0; t++) colMean[t] += y[j * T + t] / J;
  const grand = mean(rowMean);
  let ss = 0;
  donors.forEach((j, k) => { for (let t = 0; t < t0; t++) ss += (y[j * T + t] - rowMean[k] - colMean[t] + grand) ** 2; });
  return Math.sqrt(ss / (J * t0));
}

/** Donor weights per treated unit (SCM with several treated units), or overall under "" (one SCM, microsynth). */
function donorWeights(effect?: Effect): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const units = (effect?.diagnostics?.units ?? []) as { unit?: string; weights?: { weight: number }[] }[];
  for (const u of units) if (u.unit && u.weights) out.set(u.unit, u.weights.map((w) => w.weight));
  if (!out.size && effect?.weights?.length) out.set("", effect.weights.map((w) => w.weight));
  return out;
}

/** 1 / Σ w² of the weights normalised to sum to 1 (in absolute value). */
export function effectiveNumber(w: readonly number[]): number {
  const s = w.reduce((a, v) => a + Math.abs(v), 0);
  if (!(s > 0)) return 0;
  return 1 / w.reduce((a, v) => a + (v / s) ** 2, 0);
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
function sd(v: readonly number[]): number {
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1));
}
