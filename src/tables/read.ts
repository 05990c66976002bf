/**
 * Reading the report's transcribed tables (data/report/*.csv): every column is checked by
 * name and every number parsed strictly, so a mistyped cell fails loudly with its location.
 */
import { dataPath } from "../io/paths";
import { columnIndex, readCsv, type CsvTable } from "../io/csv";
import { InputError } from "../errors";

/** Path of a transcribed report table, e.g. reportPath("table-1-1-funding.csv"). */
export const reportPath = (file: string): string => dataPath("report", file);

/** Reads a CSV and checks that it has exactly the expected columns, in order. */
export function readReportCsv(path: string, columns: readonly string[]): CsvTable {
  const t = readCsv(path);
  const missing = columns.filter((c) => !t.header.includes(c));
  if (missing.length > 0) {
    throw new InputError(`${path}: missing column(s) ${missing.join(", ")} (columns: ${t.header.join(", ")})`);
  }
  return t;
}

/** A cell as a finite number; empty and non-numeric cells are errors naming row and column. */
export function cellNumber(t: CsvTable, row: number, column: string): number {
  const s = t.rows[row][columnIndex(t, column)].trim();
  const v = s === "" ? NaN : Number(s);
  if (!Number.isFinite(v)) throw new InputError(`${t.source}: row ${row + 2}, column "${column}": "${s}" is not a number`);
  return v;
}

/** A cell as a number, or null when empty (a value the report does not print). */
export function cellNumberOrNull(t: CsvTable, row: number, column: string): number | null {
  const s = t.rows[row][columnIndex(t, column)].trim();
  return s === "" ? null : cellNumber(t, row, column);
}

export function cellString(t: CsvTable, row: number, column: string): string {
  const s = t.rows[row][columnIndex(t, column)].trim();
  if (s === "") throw new InputError(`${t.source}: row ${row + 2}, column "${column}" is empty`);
  return s;
}

/** Splits off the printed "Total" row (label in `labelColumn`), which must be the last row. */
export function splitTotalRow(t: CsvTable, labelColumn: string): { body: number[]; total: number } {
  const j = columnIndex(t, labelColumn);
  const idx = t.rows.findIndex((r) => r[j].trim() === "Total");
  if (idx < 0) throw new InputError(`${t.source}: no "Total" row in column "${labelColumn}"`);
  if (idx !== t.rows.length - 1) throw new InputError(`${t.source}: the "Total" row (row ${idx + 2}) must be the last row`);
  return { body: Array.from({ length: idx }, (_, i) => i), total: idx };
}
