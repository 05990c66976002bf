/**
 * Period labels: parsed, never ordered as text. Every loader reads its time column through
 * {@link parsePeriodColumn}, which decides one format for the whole column, gives each label its
 * canonical spelling (so "2019-1", "1/2019" and "2019-01" are one month, "1980.0" and "1980" one
 * year) and a numeric key to sort by. A label no format accepts, a column mixing formats, and a
 * day/month order the column cannot settle are errors that list the accepted formats.
 */
import { PeriodError, type ErrorContext } from "../errors";

export type PeriodKind = "number" | "month" | "quarter" | "date" | "financial-year";

export const ACCEPTED_PERIOD_FORMATS =
  "numbers (1980, 1980.0 = 1980), months (YYYY-MM, YYYY-M, M/YYYY, MM/YYYY, Jan 2019, January 2019), " +
  "quarters (YYYY-Qn, YYYY Qn, YYYYQn, Qn YYYY), dates (YYYY-MM-DD; DD/MM/YYYY or MM/DD/YYYY when the column settles the order) " +
  "and financial years (YYYY/YY, e.g. 2019/20)";

interface Reading {
  kind: PeriodKind | "date-dmy" | "date-mdy";
  key: number;
  label: string;
}

/** Order of preference when every label of a column reads several ways ("2011-12": a month before a financial year). */
const PRIORITY: Reading["kind"][] = ["number", "month", "quarter", "date", "financial-year", "date-dmy", "date-mdy"];

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const FULL_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

const pad2 = (n: number) => String(n).padStart(2, "0");
const month = (y: number, m: number): Reading | undefined =>
  m >= 1 && m <= 12 ? { kind: "month", key: y * 12 + m - 1, label: `${y}-${pad2(m)}` } : undefined;

function date(kind: Reading["kind"], y: number, m: number, d: number): Reading | undefined {
  if (m < 1 || m > 12 || d < 1) return undefined;
  const ms = Date.UTC(y, m - 1, d);
  if (new Date(ms).getUTCDate() !== d) return undefined; // 31 April, 29 February 2019
  return { kind, key: ms / 86400000, label: `${y}-${pad2(m)}-${pad2(d)}` };
}

function monthName(s: string): number {
  const k = s.toLowerCase();
  const i = MONTHS.indexOf(k);
  return i >= 0 ? i + 1 : FULL_MONTHS.indexOf(k) + 1;
}

/** Every way `raw` reads as a period (empty: no accepted format). */
function readings(raw: string): Reading[] {
  const s = raw.trim();
  let m: RegExpExecArray | null;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    const v = Number(s);
    return Number.isFinite(v) ? [{ kind: "number", key: v, label: String(v) }] : [];
  }
  const out: (Reading | undefined)[] = [];
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(s))) {
    out.push(month(+m[1], +m[2]));
    if (m[2].length === 2 && (+m[1] + 1) % 100 === +m[2]) out.push({ kind: "financial-year", key: +m[1], label: `${m[1]}/${m[2]}` });
  } else if ((m = /^(\d{1,2})\/(\d{4})$/.exec(s))) out.push(month(+m[2], +m[1]));
  else if ((m = /^([A-Za-z]{3,9})\.?[ -](\d{4})$/.exec(s))) out.push(month(+m[2], monthName(m[1])));
  else if ((m = /^(\d{4})[ -]([A-Za-z]{3,9})$/.exec(s))) out.push(month(+m[1], monthName(m[2])));
  else if ((m = /^(\d{4})[ -]?Q([1-4])$/i.exec(s)) || (m = /^Q([1-4])[ -](\d{4})$/i.exec(s))) {
    const [y, q] = m[1].length === 4 ? [+m[1], +m[2]] : [+m[2], +m[1]];
    out.push({ kind: "quarter", key: y * 4 + q - 1, label: `${y}-Q${q}` });
  } else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) out.push(date("date", +m[1], +m[2], +m[3]));
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) out.push(date("date-dmy", +m[3], +m[2], +m[1]), date("date-mdy", +m[3], +m[1], +m[2]));
  else if ((m = /^(\d{4})\/(\d{2})$/.exec(s)) && (+m[1] + 1) % 100 === +m[2]) out.push({ kind: "financial-year", key: +m[1], label: `${m[1]}/${m[2]}` });
  return out.filter((r): r is Reading => r !== undefined);
}

export interface PeriodColumn {
  kind: PeriodKind;
  /** The canonical label of each input value (aligned with the input). */
  labels: string[];
  /** The distinct canonical labels in time order. */
  periods: string[];
}

const where = (c: ErrorContext) => `${c.file ? `${c.file}: ` : ""}${c.column ? `column "${c.column}": ` : ""}`;

/**
 * Parses a column of period labels (numbers are taken as they are). Errors name the file,
 * column and offending label, and list the accepted formats.
 */
export function parsePeriodColumn(values: readonly (string | number)[], context: ErrorContext = {}): PeriodColumn {
  const distinct = [...new Set(values.map(String))];
  const read = new Map<string, Reading[]>();
  let kinds: Set<Reading["kind"]> | undefined;
  let first = "";
  for (const raw of distinct) {
    const r = readings(raw);
    if (r.length === 0) {
      throw new PeriodError(`${where(context)}period "${raw}" is not in an accepted format: ${ACCEPTED_PERIOD_FORMATS}`, { ...context, period: raw });
    }
    read.set(raw, r);
    const here = new Set(r.map((x) => x.kind));
    if (!kinds) { kinds = here; first = raw; continue; }
    const both = new Set([...kinds].filter((k) => here.has(k)));
    if (both.size === 0) {
      throw new PeriodError(`${where(context)}periods mix formats ("${first}" and "${raw}"); use one of: ${ACCEPTED_PERIOD_FORMATS}`, { ...context, period: raw });
    }
    kinds = both;
  }
  if (!kinds) throw new PeriodError(`${where(context)}no periods`, context);
  if (kinds.has("date-dmy") && kinds.has("date-mdy")) {
    throw new PeriodError(`${where(context)}dates like "${first}" are ambiguous (day/month or month/day: no day above 12 settles it); write them as YYYY-MM-DD. Accepted: ${ACCEPTED_PERIOD_FORMATS}`, { ...context, period: first });
  }
  const kind = PRIORITY.find((k) => kinds!.has(k))!;
  const chosen = new Map<string, Reading>();
  for (const [raw, r] of read) chosen.set(raw, r.find((x) => x.kind === kind)!);
  const byLabel = new Map<string, number>();
  for (const r of chosen.values()) byLabel.set(r.label, r.key);
  const periods = [...byLabel.keys()].sort((a, b) => byLabel.get(a)! - byLabel.get(b)!);
  return {
    kind: kind === "date-dmy" || kind === "date-mdy" ? "date" : kind,
    labels: values.map((v) => chosen.get(String(v))!.label),
    periods,
  };
}

/**
 * The label among `periods` (canonical, from parsePeriodColumn) that `label` denotes — "2019-4"
 * is "2019-04" — or `label` unchanged when none does (the caller's own check then names it).
 */
export function matchPeriod(label: string, periods: readonly string[]): string {
  if (periods.includes(label)) return label;
  for (const r of readings(label)) if (periods.includes(r.label)) return r.label;
  return label;
}
