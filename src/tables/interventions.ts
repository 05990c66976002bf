/**
 * Chapter 7 tables of planned, delivered and reached interventions (Tables 7.2–7.5), with the
 * counts and percentages exactly as printed.
 */
import type { CsvTable } from "../io/csv";
import { InputError } from "../errors";
import { cellNumber, cellString, readReportCsv, reportPath, splitTotalRow } from "./read";

/** One printed count with its printed percentage (in percent, e.g. 9.5). */
export interface CountRow { label: string; number: number; percent: number }
/** A column of counts over categories plus the printed Total row. */
export interface CountColumn { rows: CountRow[]; total: CountRow }

export const TARGET_GROUPS = [
  "Level 4: Involved in crime/violence",
  "Level 3: Known risk/to services",
  "Level 2: Potentially high risk",
  "Level 1: Universal",
  "Other",
] as const;

function countColumn(t: CsvTable, label: string, num: string, pct: string): CountColumn {
  const { body, total } = splitTotalRow(t, label);
  const row = (i: number): CountRow => ({
    label: cellString(t, i, label),
    number: cellNumber(t, i, num),
    percent: cellNumber(t, i, pct),
  });
  return { rows: body.map(row), total: row(total) };
}

export interface TwoYearCounts { year1: CountColumn; year2: CountColumn }

const TWO_YEAR_COLUMNS = ["target_group", "year1_number", "year1_percent", "year2_number", "year2_percent"] as const;

function twoYear(path: string): TwoYearCounts {
  const t = readReportCsv(path, TWO_YEAR_COLUMNS);
  return {
    year1: countColumn(t, "target_group", "year1_number", "year1_percent"),
    year2: countColumn(t, "target_group", "year2_number", "year2_percent"),
  };
}

/** Table 7.2: planned interventions by target group, years 1 and 2. */
export const loadTable72 = (path = reportPath("table-7-2-planned-by-target-group.csv")): TwoYearCounts => twoYear(path);

/** Table 7.5: individuals supported by target group, years 1 and 2. */
export const loadTable75 = (path = reportPath("table-7-5-individuals-reached.csv")): TwoYearCounts => twoYear(path);

/** Table 7.4: interventions delivered in year 2 by target group. */
export function loadTable74(path = reportPath("table-7-4-delivered-by-target-group.csv")): CountColumn {
  return countColumn(readReportCsv(path, ["target_group", "number", "percent"]), "target_group", "number", "percent");
}

export const DELIVERY_MODELS = ["Prevention", "Early intervention", "Therapeutic", "Desistance", "Unknown"] as const;
const MODEL_COLUMNS = ["prevention", "early_intervention", "therapeutic", "desistance", "unknown"] as const;

/** Table 7.3: planned interventions, target group (rows) × delivery model (columns). */
export interface CrossTable {
  rowLabels: string[];
  colLabels: string[];
  /** counts[i][j]: row i, column j. */
  counts: number[][];
  /** The printed Total row (column totals), or null if none is printed. */
  printedColTotals: number[] | null;
}

export function loadTable73(path = reportPath("table-7-3-target-group-by-delivery-model.csv")): CrossTable {
  const t = readReportCsv(path, ["target_group", ...MODEL_COLUMNS]);
  const { body, total } = splitTotalRow(t, "target_group");
  const counts = body.map((i) => MODEL_COLUMNS.map((c) => cellNumber(t, i, c)));
  for (const [i, r] of counts.entries()) {
    if (r.some((v) => !Number.isInteger(v) || v < 0)) throw new InputError(`${path}: row ${i + 2} has a count that is not a whole number ≥ 0`);
  }
  return {
    rowLabels: body.map((i) => cellString(t, i, "target_group")),
    colLabels: [...DELIVERY_MODELS],
    counts,
    printedColTotals: MODEL_COLUMNS.map((c) => cellNumber(t, total, c)),
  };
}
