/**
 * A small RFC 4180 CSV reader for files that fit comfortably in memory (reference data,
 * report tables, fixtures). Large inputs (millions of rows) go through DuckDB instead:
 * see src/panel/load.ts.
 */
import { InputError } from "../errors";
import { readText } from "./text";
import { checkMagnitude, parseNumber } from "./values";

export interface CsvTable {
  header: string[];
  /** Rows of raw string fields, header excluded. */
  rows: string[][];
  /** Where the table came from, for error messages. */
  source: string;
}

/** Parses CSV text. Quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string, source = "<csv>"): CsvTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM
  const records: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += ch; i++; continue;
    }
    if (ch === '"') { quoted = true; i++; continue; }
    if (ch === ",") { row.push(field); field = ""; i++; continue; }
    if (ch === "\r") { i++; continue; }
    if (ch === "\n") { row.push(field); records.push(row); row = []; field = ""; i++; continue; }
    field += ch; i++;
  }
  if (quoted) throw new InputError(`${source}: unterminated quoted field at end of file`);
  if (field !== "" || row.length > 0) { row.push(field); records.push(row); }
  if (records.length === 0) throw new InputError(`${source}: empty file, expected a header row`);
  const header = records[0].map((h) => h.trim());
  const rows = records.slice(1).filter((r) => !(r.length === 1 && r[0] === ""));
  rows.forEach((r, k) => {
    if (r.length !== header.length) {
      throw new InputError(`${source}: row ${k + 2} has ${r.length} fields, the header has ${header.length}`);
    }
  });
  return { header, rows, source };
}

/** Reads a CSV file: gzip (by its magic bytes), UTF-8 or Windows-1252 (see text.ts). */
export function readCsv(path: string): CsvTable {
  return parseCsv(readText(path).text, path);
}

/** Index of a column, or an error naming the file and the columns it does have. */
export function columnIndex(t: CsvTable, name: string): number {
  const j = t.header.indexOf(name);
  if (j < 0) throw new InputError(`${t.source}: missing column "${name}" (columns: ${t.header.join(", ")})`);
  return j;
}

/**
 * A numeric column. Empty fields and NA become NaN (missing); any other non-number, and any
 * value too large to square (values.ts), is an error naming the row and column.
 */
export function numericColumn(t: CsvTable, name: string): Float64Array {
  const j = columnIndex(t, name);
  const out = new Float64Array(t.rows.length);
  for (let i = 0; i < t.rows.length; i++) {
    const v = parseNumber(t.rows[i][j]);
    if (v === undefined) throw new InputError(`${t.source}: row ${i + 2}, column "${name}": "${t.rows[i][j].trim()}" is not a number`, { file: t.source, column: name });
    checkMagnitude(v, `${t.source}: row ${i + 2}, column "${name}"`, { file: t.source, column: name });
    out[i] = v;
  }
  return out;
}

export function stringColumn(t: CsvTable, name: string): string[] {
  const j = columnIndex(t, name);
  return t.rows.map((r) => r[j]);
}

/** Writes rows as CSV text (quotes fields that need it). */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  const esc = (v: string | number): string => {
    const s = typeof v === "number" ? (Number.isNaN(v) ? "" : String(v)) : v;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(esc).join(",")).join("\n") + "\n";
}
