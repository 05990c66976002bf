/**
 * The cost base of the report's cost-benefit ratio (£121,952,973), rebuilt from Table 1.1
 * under footnote 14's rule: "Year 1 funding + 50% of year 2 funding. Excludes Greater
 * Manchester and South Wales VRUs, where offence data was not available."
 *
 * Table 1.1 gives two-year totals only. The report's text supplies the year split:
 *  - VRUs: "each VRU received the same amount of money in 2020 to 2021 as they did in
 *    2019 to 2020" → half each year (Table 7.1's year-2 allocations confirm this);
 *  - Surge: "£63m" in 2019 to 2020 and "£42m" in 2020 to 2021, national totals, rounded.
 * The per-PFA Surge split by year is not printed: we assume each PFA's Surge funding was
 * split between the years in the national proportion. That assumption, and the rounding
 * of £63m, are where a reconstruction can differ from the report.
 */
import { InputError } from "../errors";
import type { FundingRow as Table11Row, InterventionSpendRow } from "../tables/funding";
import { REPORT_233 } from "./report";

/** One row of Table 1.1 (two-year totals; loadTable11().rows from src/tables). */
export type FundingRow = Pick<Table11Row, "pfa" | "surge" | "vru">;

/** One row of Table 7.1 (a VRU's year-2 allocation; loadTable71() from src/tables). */
export type Year2VruRow = Pick<InterventionSpendRow, "vru" | "fundingAllocation">;

/** Areas footnote 14 excludes. */
export const FOOTNOTE_14_EXCLUDED = ["Greater Manchester", "South Wales"] as const;

/** The national Surge totals as the text prints them (section 1.1), in pounds. */
export const SURGE_BY_YEAR_PRINTED = { year1: 63_000_000, year2: 42_000_000, roundedTo: 1_000_000 } as const;

export interface CostBaseOptions {
  /** National Surge funding in year 1 (2019 to 2020), pounds. Default: the text's £63m. */
  surgeYear1Total?: number;
  /** Share of year-2 funding counted (footnote 14: 0.5, i.e. April to September 2020). */
  year2Share?: number;
  /** PFAs whose funding is left out (default: Greater Manchester and South Wales). */
  exclude?: readonly string[];
  /** "vru": only their VRU funding is left out (footnote's words); "pfa": all their SV funding. */
  excludeScope?: "vru" | "pfa";
  /** Which funding counts: all SV funding (report), VRU only, or Surge only. */
  include?: "sv" | "vru" | "surge";
}

export interface CostBaseArea {
  pfa: string;
  vruYear1: number;
  vruYear2: number;
  surgeYear1: number;
  surgeYear2: number;
  /** What this area adds to the cost base under the options. */
  counted: number;
}

export interface CostBase {
  total: number;
  vru: number;
  surge: number;
  areas: CostBaseArea[];
  options: Required<CostBaseOptions>;
}

const sameName = (a: string, b: string) => norm(a) === norm(b);
const norm = (s: string) => s.toLowerCase().replace(/&/g, "and").replace(/[^a-z]/g, "");

/** Table 1.1's PFA rows (its "Total" row dropped), checked for sense. */
function areaRows(rows: readonly FundingRow[]): FundingRow[] {
  const areas = rows.filter((r) => !/^total$/i.test(r.pfa.trim()));
  if (areas.length === 0) throw new InputError("Table 1.1 funding rows are empty");
  for (const r of areas) {
    if (!(Number.isFinite(r.surge) && r.surge >= 0 && Number.isFinite(r.vru) && r.vru >= 0)) {
      throw new InputError(`Table 1.1 row "${r.pfa}": Surge and VRU funding must be non-negative numbers (got ${r.surge}, ${r.vru})`);
    }
  }
  return areas;
}

/** The cost base under the given reading of footnote 14. */
export function costBase(rows: readonly FundingRow[], options: CostBaseOptions = {}): CostBase {
  const opts: Required<CostBaseOptions> = {
    surgeYear1Total: options.surgeYear1Total ?? SURGE_BY_YEAR_PRINTED.year1,
    year2Share: options.year2Share ?? 0.5,
    exclude: options.exclude ?? FOOTNOTE_14_EXCLUDED,
    excludeScope: options.excludeScope ?? "pfa",
    include: options.include ?? "sv",
  };
  const areas = areaRows(rows);
  for (const name of opts.exclude) {
    if (!areas.some((r) => sameName(r.pfa, name))) throw new InputError(`cannot exclude "${name}": no such PFA in Table 1.1 (${areas.map((r) => r.pfa).join(", ")})`);
  }
  const surgeTotal = areas.reduce((s, r) => s + r.surge, 0);
  if (!(opts.surgeYear1Total >= 0 && opts.surgeYear1Total <= surgeTotal)) throw new InputError(`surgeYear1Total must lie between 0 and the two-year Surge total £${surgeTotal}, got ${opts.surgeYear1Total}`);
  if (!(opts.year2Share >= 0 && opts.year2Share <= 1)) throw new InputError(`year2Share must lie in [0, 1], got ${opts.year2Share}`);
  const y1Share = surgeTotal > 0 ? opts.surgeYear1Total / surgeTotal : 0;
  let vru = 0, surge = 0;
  const out = areas.map((r) => {
    const excluded = opts.exclude.some((n) => sameName(n, r.pfa));
    const a = { pfa: r.pfa, vruYear1: r.vru / 2, vruYear2: r.vru / 2, surgeYear1: r.surge * y1Share, surgeYear2: r.surge * (1 - y1Share) };
    const v = excluded || opts.include === "surge" ? 0 : a.vruYear1 + opts.year2Share * a.vruYear2;
    const s = (excluded && opts.excludeScope === "pfa") || opts.include === "vru" ? 0 : a.surgeYear1 + opts.year2Share * a.surgeYear2;
    vru += v;
    surge += s;
    return { ...a, counted: v + s };
  });
  return { total: vru + surge, vru, surge, areas: out, options: opts };
}

/** Table 7.1's year-2 VRU allocations against half of Table 1.1's two-year VRU totals. */
export function checkVruYear2(rows11: readonly FundingRow[], rows71: readonly Year2VruRow[]): { vru: string; table71: number; halfTable11: number | undefined }[] {
  const areas = areaRows(rows11);
  return rows71.flatMap((r) => {
    const area = areas.find((a) => sameName(a.pfa, r.vru));
    const halfTable11 = area ? area.vru / 2 : undefined;
    return halfTable11 === r.fundingAllocation ? [] : [{ vru: r.vru, table71: r.fundingAllocation, halfTable11 }];
  });
}

export interface CostBaseReading {
  name: string;
  options: Required<CostBaseOptions>;
  total: number;
  /** total − £121,952,973. */
  gap: number;
  /** The year-1 Surge total that would make this reading hit the report exactly (linear in it). */
  surgeYear1ToMatch: number;
  /** Whether that value is compatible with the text's rounded "£63m" and "£42m". */
  matchWithinPrintedRounding: boolean;
}

/** The year-1 Surge totals compatible with "£63m" (year 1) and "£42m" (year 2), both rounded to £1m. */
export function surgeYear1Feasible(surgeTotal: number): [number, number] {
  const h = SURGE_BY_YEAR_PRINTED.roundedTo / 2;
  return [Math.max(SURGE_BY_YEAR_PRINTED.year1 - h, surgeTotal - (SURGE_BY_YEAR_PRINTED.year2 + h)), Math.min(SURGE_BY_YEAR_PRINTED.year1 + h, surgeTotal - (SURGE_BY_YEAR_PRINTED.year2 - h))];
}

/**
 * The readings of footnote 14 worth comparing with £121,952,973: its literal words (only the
 * two VRUs' funding left out) and the whole-area exclusion (their Surge too, as offence
 * data were missing for the whole area). For each: the total with the text's £63m, the gap,
 * and the year-1 Surge total that would close it, checked against the text's rounding.
 */
export function reconstructReportCostBase(rows: readonly FundingRow[], target: number = REPORT_233.cost): CostBaseReading[] {
  const surgeTotal = areaRows(rows).reduce((s, r) => s + r.surge, 0);
  const [lo, hi] = surgeYear1Feasible(surgeTotal);
  const readings: [string, CostBaseOptions][] = [
    ["footnote's words: GM and South Wales VRU funding excluded, their Surge kept", { excludeScope: "vru" }],
    ["whole areas excluded: GM and South Wales VRU and Surge funding", { excludeScope: "pfa" }],
  ];
  return readings.map(([name, o]) => {
    const base = costBase(rows, o);
    // The total is linear in the year-1 Surge total: solve from two evaluations.
    const t0 = costBase(rows, { ...o, surgeYear1Total: 0 }).total;
    const slope = (base.total - t0) / base.options.surgeYear1Total;
    const surgeYear1ToMatch = (target - t0) / slope;
    return { name, options: base.options, total: base.total, gap: base.total - target, surgeYear1ToMatch, matchWithinPrintedRounding: surgeYear1ToMatch >= lo && surgeYear1ToMatch <= hi };
  });
}

/** The cost bases the sensitivity analysis swings between (18 months, footnote-14 areas unless stated). */
export function costBaseAlternatives(rows: readonly FundingRow[], surgeYear1Total?: number): { name: string; total: number }[] {
  const s = surgeYear1Total === undefined ? {} : { surgeYear1Total };
  return [
    { name: "VRU funding only", total: costBase(rows, { ...s, include: "vru" }).total },
    { name: "Surge funding only", total: costBase(rows, { ...s, include: "surge" }).total },
    { name: "all SV funding (footnote 14 areas)", total: costBase(rows, s).total },
    { name: "all SV funding, all 18 areas", total: costBase(rows, { ...s, exclude: [] }).total },
    { name: "all SV funding, both years in full", total: costBase(rows, { ...s, exclude: [], year2Share: 1 }).total },
  ];
}
