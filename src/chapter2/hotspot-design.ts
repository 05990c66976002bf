/**
 * The report's hotspot design (section 2.3.2): treated = the areas with historically the
 * highest violence (top 10% of pre-period offences) in funded police force areas; controls =
 * areas in unfunded forces. Funded areas outside the top share are left out: they received
 * the funding too, so they are neither the treated group studied nor clean controls.
 */
import { InputError } from "../errors";
import type { Panel } from "../panel/panel";
import { treatmentStart } from "../panel/panel";
import type { MicrosynthData } from "../estimators/microsynth/data";

export interface HotspotOptions {
  /** Share of funded areas treated, by pre-period violence (default 0.1). */
  share?: number;
  /** 0/1 unit attribute marking funded areas (default "funded"). */
  funded?: string;
  /** Numeric unit attributes to keep as covariates (e.g. ["population"]). */
  covariates?: string[];
}

/** Builds the MicrosynthData of the hotspot design from one panel per outcome (same units and periods). */
export function hotspotDesign(panels: Panel[], opts: HotspotOptions = {}): MicrosynthData & { ranked: string; excluded: number } {
  if (panels.length === 0) throw new InputError("hotspotDesign needs at least one panel");
  const p0 = panels[0];
  const share = opts.share ?? 0.1;
  if (!(share > 0 && share <= 1)) throw new InputError(`share must be in (0, 1], got ${share}`);
  const fundedName = opts.funded ?? "funded";
  const fundedCol = p0.attributes[fundedName];
  if (!fundedCol) throw new InputError(`panel "${p0.outcome}" has no unit attribute "${fundedName}" (attributes: ${Object.keys(p0.attributes).join(", ") || "none"})`);
  const N = p0.units.length, T = p0.periods.length;
  for (const p of panels) {
    if (p.units.length !== N || p.periods.length !== T || p.units.some((u, i) => u !== p0.units[i]) || p.periods.some((t, k) => t !== p0.periods[k])) {
      throw new InputError(`panels "${p0.outcome}" and "${p.outcome}" have different units or periods`);
    }
  }
  const funded = fundedCol.map((v, i) => {
    const x = Number(v);
    if (x !== 0 && x !== 1) throw new InputError(`attribute "${fundedName}" of unit ${p0.units[i]} must be 0 or 1, got ${String(v)}`);
    return x;
  });
  const starts = treatmentStart(p0);
  let start = -1;
  starts.forEach((s) => { if (s >= 0) start = start < 0 ? s : Math.min(start, s); });
  if (start <= 0) throw new InputError(`panel "${p0.outcome}": no treated unit with a pre-period, so the intervention time is unknown`);
  // Rank funded areas by their pre-period offences summed over all outcomes.
  const pre = new Float64Array(N);
  for (const p of panels) for (let i = 0; i < N; i++) for (let t = 0; t < start; t++) pre[i] += p.y[i * T + t];
  const fundedIdx = [...Array(N).keys()].filter((i) => funded[i] === 1).sort((a, b) => pre[b] - pre[a] || a - b);
  const nTreated = Math.round(share * fundedIdx.length);
  if (nTreated === 0) throw new InputError(`no funded area in panel "${p0.outcome}" to treat`);
  const hot = new Set(fundedIdx.slice(0, nTreated));
  const keep = [...Array(N).keys()].filter((i) => funded[i] === 0 || hot.has(i));
  const outcomes: Record<string, Float64Array> = {};
  for (const p of panels) {
    const y = new Float64Array(keep.length * T);
    keep.forEach((i, k) => y.set(p.y.subarray(i * T, (i + 1) * T), k * T));
    outcomes[p.outcome] = y;
  }
  const covariates: Record<string, Float64Array> = {};
  for (const c of opts.covariates ?? []) {
    const col = p0.attributes[c];
    if (!col) throw new InputError(`panel "${p0.outcome}" has no unit attribute "${c}"`);
    covariates[c] = Float64Array.from(keep, (i) => Number(col[i]));
  }
  return {
    units: keep.map((i) => p0.units[i]),
    periods: p0.periods,
    outcomes,
    treated: Uint8Array.from(keep, (i) => (hot.has(i) ? 1 : 0)),
    start,
    covariates,
    source: `hotspot design on "${p0.outcome}"`,
    ...(p0.unit ? { unit: p0.unit } : {}),
    ranked: `top ${Math.round(share * 100)}% of funded areas by offences ${p0.periods[0]}–${p0.periods[start - 1]} (${panels.map((p) => p.outcome).join(" + ")})`,
    excluded: N - keep.length,
  };
}
