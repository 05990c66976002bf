/**
 * "Report / here / truth" rows of the chapter 2 notebooks: the report's published estimate,
 * the estimate on the simulated data, and the true effect the simulation was built with.
 * Every row is recorded for out/reproduction.md with status "simulated".
 */
import type { Estimate } from "../effect";
import { recordReproduction } from "../io/reproduction";
import { loadHeadlines } from "../tables/index";
import { InputError } from "../errors";
import { calibrationNote } from "./designs";

/** A published chapter 2 estimate by its key in data/report/chapter-2-headline-estimates.csv. */
export function reportEstimate(key: string): Estimate & { unit: string; quantity: string; section: string } {
  const h = loadHeadlines().find((r) => r.item === key);
  if (!h) throw new InputError(`no headline estimate "${key}" in data/report/chapter-2-headline-estimates.csv`);
  return {
    estimate: h.estimate,
    ...(h.ciLower !== null && h.ciUpper !== null ? { ci: [h.ciLower, h.ciUpper] as [number, number] } : {}),
    unit: h.unit, quantity: h.quantity, section: h.section,
  };
}

const fmt = (x: number, digits: number) => (Object.is(Math.round(x * 10 ** digits), -0) ? 0 : x).toFixed(digits).replace("-", "−");

/** "−0.03 [−0.29, 0.25]" */
export function formatEstimate(e: Estimate, digits = 2): string {
  return e.ci ? `${fmt(e.estimate, digits)} [${fmt(e.ci[0], digits)}, ${fmt(e.ci[1], digits)}]` : fmt(e.estimate, digits);
}

export interface ComparisonRow {
  quantity: string;
  "report (real data)": string;
  "here (SIMULATED data)": string;
  "truth of the simulation": string;
  "truth inside CI": string;
  /** The calibration study's measurement of this row's default, and why it misses when it does. */
  "calibration (simulation study)"?: string;
}

/**
 * One comparison row, also recorded for out/reproduction.md. `published` may be absent when
 * the report gives no number for the quantity (then "not published").
 */
export function compareWithReport(o: {
  item: string; section: string; published?: Estimate; here: Estimate; truth: number; digits?: number; note?: string;
  /** Row key in the calibration study (designs.ts): its measured coverage and bias are printed with the row. */
  calibration?: string;
  /** false: display only, for a quantity another row already records (each estimate appears once in reproduction.md). */
  record?: boolean;
}): ComparisonRow {
  const d = o.digits ?? 2;
  const covered = o.here.ci ? o.truth >= o.here.ci[0] && o.truth <= o.here.ci[1] : undefined;
  const calibration = o.calibration ? calibrationNote(o.calibration, covered, d) : undefined;
  if (o.record !== false) recordReproduction({
    item: o.item, section: o.section,
    published: o.published ? formatEstimate(o.published, d) : "not published",
    here: formatEstimate(o.here, d),
    truth: fmt(o.truth, d),
    status: "simulated",
    ...(covered === undefined ? {} : { covers: covered }),
    note: [calibration, o.note].filter(Boolean).join("; ") || undefined,
  });
  return {
    quantity: o.item,
    "report (real data)": o.published ? formatEstimate(o.published, d) : "not published",
    "here (SIMULATED data)": formatEstimate(o.here, d),
    "truth of the simulation": fmt(o.truth, d),
    "truth inside CI": covered === undefined ? "–" : covered ? "yes" : "no",
    ...(calibration ? { "calibration (simulation study)": calibration } : {}),
  };
}

/** A simulation's true path as one value per period of an Effect (0 where the truth has none, i.e. before treatment). */
export function alignTruth(periods: readonly { time: string }[], truth: { periods: string[]; values: number[] }): number[] {
  const at = new Map(truth.periods.map((p, k) => [p, truth.values[k]]));
  return periods.map((p) => at.get(p.time) ?? 0);
}
