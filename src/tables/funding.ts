/**
 * Table 1.1 (SV funding by PFA, two years) and Table 7.1 (VRU intervention spend, year 2),
 * as printed in the report. Money is in pounds.
 */
import type { CsvTable } from "../io/csv";
import { cellNumber, cellString, readReportCsv, reportPath, splitTotalRow } from "./read";

export interface FundingRow {
  /** PFA name as printed in Table 1.1 (e.g. "Avon & Somerset"). */
  pfa: string;
  surge: number;
  vru: number;
  /** Printed "Total SV funding" (Surge + VRU). */
  total: number;
}

export interface Table11 {
  /** Rows in printed order (descending total SV funding). */
  rows: FundingRow[];
  /** The printed Total row. */
  total: { surge: number; vru: number; total: number };
}

export const TABLE_1_1_FILE = "table-1-1-funding.csv";
export const TABLE_7_1_FILE = "table-7-1-intervention-spend.csv";
const T11_COLUMNS = ["pfa", "surge", "vru", "total_sv_funding"] as const;
const T71_COLUMNS = ["vru", "funding_allocation", "intervention_spend_total", "percent_of_total_funding"] as const;

export function table11FromCsv(t: CsvTable): Table11 {
  const { body, total } = splitTotalRow(t, "pfa");
  const row = (i: number): FundingRow => ({
    pfa: cellString(t, i, "pfa"),
    surge: cellNumber(t, i, "surge"),
    vru: cellNumber(t, i, "vru"),
    total: cellNumber(t, i, "total_sv_funding"),
  });
  const tot = row(total);
  return { rows: body.map(row), total: { surge: tot.surge, vru: tot.vru, total: tot.total } };
}

/** Table 1.1, exactly as printed (data/report/table-1-1-funding.csv). */
export function loadTable11(path = reportPath(TABLE_1_1_FILE)): Table11 {
  return table11FromCsv(readReportCsv(path, T11_COLUMNS));
}

export interface InterventionSpendRow {
  /** VRU name as printed in Table 7.1 (e.g. "Avon and Somerset"). */
  vru: string;
  /** Year-2 VRU funding allocation (one year; half of Table 1.1's two-year VRU column). */
  fundingAllocation: number;
  interventionSpend: number;
  /** Printed "% of total funding", a whole number (e.g. 97 for 97%). */
  percentPrinted: number;
}

export function table71FromCsv(t: CsvTable): InterventionSpendRow[] {
  return t.rows.map((_, i) => ({
    vru: cellString(t, i, "vru"),
    fundingAllocation: cellNumber(t, i, "funding_allocation"),
    interventionSpend: cellNumber(t, i, "intervention_spend_total"),
    percentPrinted: cellNumber(t, i, "percent_of_total_funding"),
  }));
}

/** Table 7.1, as printed (18 VRUs in printed order: descending % spent on interventions). */
export function loadTable71(path = reportPath(TABLE_7_1_FILE)): InterventionSpendRow[] {
  return table71FromCsv(readReportCsv(path, T71_COLUMNS));
}
