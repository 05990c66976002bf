/**
 * Rows of out/reproduction.md: each notebook records the report items it reproduces.
 * Inside `npm run reproduce` rows are appended to out/reproduction/<notebook>.jsonl and the
 * runner collects them into one table; elsewhere they are only returned.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { notebookName, outSubdir } from "./run-output";

export type ReproductionStatus =
  /** Same value as printed (arithmetic). */
  | "exact"
  /** An estimate inside the report's confidence interval. */
  | "within CI"
  /** Differs from the report (explained in the note). */
  | "differs"
  /** From simulated data: compared with the simulation's true effect, not with the report. */
  | "simulated"
  /** Transcribed from the report and checked against its own totals/text. */
  | "transcribed";

export interface ReproductionRow {
  /** What the report item is, e.g. "Table 1.1 total funding" or "Figure 2.4 cumulative VWOI". */
  item: string;
  /** Report section, table or figure. */
  section: string;
  published: string | number;
  here: string | number;
  status: ReproductionStatus;
  /** For simulated rows: the simulation's true value. */
  truth?: string | number;
  /** For simulated rows with an interval: whether it contains the truth (computed unrounded by the caller). */
  covers?: boolean;
  note?: string;
}

/** A printed number as written by formatEstimate ("−3.97", "1,234.5"), or NaN. */
const parseNumber = (s: string) => Number(s.trim().replace(/[−–]/g, "-").replace(/,/g, ""));

/**
 * Whether a simulated row's interval covers its truth: the caller's unrounded `covers` when given,
 * else read from the printed "estimate [lower, upper]" and truth; undefined when the row has no
 * truth or no interval.
 */
export function rowCoverage(row: ReproductionRow): "covers" | "misses" | undefined {
  if (row.status !== "simulated" || row.truth === undefined || row.truth === "") return undefined;
  if (row.covers !== undefined) return row.covers ? "covers" : "misses";
  const m = /\[(.+?), (.+?)\]\s*$/.exec(String(row.here)); // ", " separates the bounds; thousands use "," alone
  const truth = parseNumber(String(row.truth));
  if (!m || !Number.isFinite(truth)) return undefined;
  const lo = parseNumber(m[1]), hi = parseNumber(m[2]);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return undefined;
  return truth >= lo && truth <= hi ? "covers" : "misses";
}

/** Records one row; returns nothing, so a cell ending with it shows no raw object. */
export function recordReproduction(row: ReproductionRow): void {
  const dir = outSubdir("reproduction");
  if (dir) appendFileSync(join(dir, `${notebookName()}.jsonl`), JSON.stringify({ notebook: notebookName(), ...row }) + "\n");
}
