/**
 * Area selections of chapter 2: the funded population analysed, the funded-area aggregate
 * for the ITS, one funded PFA against the unfunded donors, and the reduced set of areas of
 * the stop-and-search analysis (footnote 8).
 */
import { InputError } from "../errors";
import type { Panel } from "../panel/panel";
import { treatedAndControls } from "../panel/panel";
import { subsetUnits } from "../panel/subset";
import type { CommonOptions } from "../estimators/options";
import { getEstimator } from "../estimators/registry";

/** Population of the treated units (the attribute `population` by default). */
export function treatedPopulation(p: Panel, attribute = "population"): number {
  const pop = p.attributes[attribute];
  if (!pop) throw new InputError(`the ${p.outcome} panel has no "${attribute}" attribute`);
  return treatedAndControls(p).treated.reduce((s, i) => s + Number(pop[i]), 0);
}

/** Sum over treated units of a per-cell array (e.g. integer counts behind a rate panel), per period. */
export function treatedTotal(p: Panel, values: Float64Array): Float64Array {
  const T = p.periods.length;
  const out = new Float64Array(T);
  for (const i of treatedAndControls(p).treated) for (let t = 0; t < T; t++) out[t] += values[i * T + t];
  return out;
}

/** PFA code of each unit: the `pfa` attribute for sub-areas, the unit id for PFA panels. */
function pfaOf(p: Panel): string[] {
  const a = p.attributes.pfa;
  return a ? a.map(String) : p.units;
}

/** Every control unit plus the treated units inside the given PFA(s). */
export function singleAreaPanel(p: Panel, pfaCodes: readonly string[]): Panel {
  const pfa = pfaOf(p);
  const { treated } = treatedAndControls(p);
  const isTreated = new Set(treated);
  const keep = (i: number) => !isTreated.has(i) || pfaCodes.includes(pfa[i]);
  if (!treated.some((i) => pfaCodes.includes(pfa[i]))) throw new InputError(`no treated unit of the ${p.outcome} panel lies in ${pfaCodes.join(", ")}`);
  return subsetUnits(p, keep);
}

/**
 * Footnote 8: "PFAs not included in the analysis were Humberside, Sussex, Kent, Wiltshire
 * (alongside Greater Manchester and Wales where offence data was unavailable)" — the areas
 * whose stop-and-search data were missing.
 */
export const FOOTNOTE_8_EXCLUDED_PFAS: readonly { name: string; code: string }[] = [
  { name: "Humberside", code: "E23000012" },
  { name: "Sussex", code: "E23000033" },
  { name: "Kent", code: "E23000032" },
  { name: "Wiltshire", code: "E23000038" },
  { name: "Greater Manchester", code: "E23000005" },
];

/** The panel without the footnote 8 areas and without Wales (PFA codes W15…). */
export function reducedAreaSet(p: Panel): Panel {
  const pfa = pfaOf(p);
  const out = new Set(FOOTNOTE_8_EXCLUDED_PFAS.map((x) => x.code));
  return subsetUnits(p, (i) => !out.has(pfa[i]) && !pfa[i].startsWith("W15"));
}

/** The areas (each a group of PFA codes) with at least one unit treated by the panel's last period. */
export function treatedAreas<A extends { name: string; codes: readonly string[] }>(p: Panel, areas: readonly A[]): A[] {
  const pfa = pfaOf(p), T = p.periods.length;
  const treatedPfas = new Set(p.units.flatMap((_, i) => (p.treatment[i * T + T - 1] === 1 ? [pfa[i]] : [])));
  return areas.filter((a) => a.codes.some((c) => treatedPfas.has(c)));
}

/**
 * One effect per area (Figure 2.3d's forest): the registered `method` fitted on each area's
 * treated units against every control (singleAreaPanel), in order; `onArea` after each fit.
 */
export async function perAreaEffects(p: Panel, areas: readonly { name: string; codes: readonly string[] }[], method: string, options: CommonOptions & Record<string, unknown>, onArea?: () => void): Promise<{ label: string; estimate: number; ci?: [number, number] }[]> {
  const estimator = getEstimator(method);
  const rows: { label: string; estimate: number; ci?: [number, number] }[] = [];
  for (const a of areas) {
    const e = await estimator.fit(singleAreaPanel(p, a.codes), options);
    rows.push({ label: a.name, estimate: e.att.estimate, ...(e.att.ci ? { ci: e.att.ci } : {}) });
    onArea?.();
  }
  return rows;
}
