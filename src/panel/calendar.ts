/**
 * The evaluation's calendar. Monthly periods are "YYYY-MM"; the report's month index counts
 * from January 2012 = 0 (its "month 101" is June 2020). Quarters are "YYYY-Qn" (calendar) and
 * financial years run April–March ("2019/20"), as Home Office crime statistics use.
 */
import { InputError, PeriodError } from "../errors";

/** Month 0 of the report's month index. */
export const MONTH_ZERO = "2012-01";

const MONTH_RE = /^(\d{4})-(\d{2})$/;

/** Months since January 2012 (the report's month index); an error names a malformed label. */
export function monthIndex(label: string): number {
  const m = MONTH_RE.exec(label);
  if (!m) throw new InputError(`period "${label}" is not a month in YYYY-MM form`);
  const month = Number(m[2]);
  if (month < 1 || month > 12) throw new InputError(`period "${label}" has month ${m[2]}: expected 01–12`);
  return (Number(m[1]) - 2012) * 12 + month - 1;
}

/** "YYYY-MM" of a month index (0 = January 2012; negative indices are earlier months). */
export function monthLabel(index: number): string {
  if (!Number.isInteger(index)) throw new PeriodError(`month index must be an integer, got ${index}`);
  const y = 2012 + Math.floor(index / 12);
  const m = index - (y - 2012) * 12 + 1;
  return `${y}-${m < 10 ? "0" : ""}${m}`;
}

export function addMonths(label: string, k: number): string {
  return monthLabel(monthIndex(label) + k);
}

/** Every month from `from` to `to` inclusive. */
export function monthRange(from: string, to: string): string[] {
  const a = monthIndex(from), b = monthIndex(to);
  if (b < a) throw new InputError(`month range ${from} to ${to} is empty (the end is before the start)`);
  const out: string[] = new Array(b - a + 1);
  for (let k = a; k <= b; k++) out[k - a] = monthLabel(k);
  return out;
}

/** Month of the year, 1–12. */
export function monthOfYear(label: string): number {
  return (((monthIndex(label) % 12) + 12) % 12) + 1;
}

/** Calendar quarter "YYYY-Qn" of a month. */
export function quarterOf(label: string): string {
  const i = monthIndex(label);
  const y = 2012 + Math.floor(i / 12);
  return `${y}-Q${Math.floor((i - (y - 2012) * 12) / 3) + 1}`;
}

/** First month of a calendar quarter "YYYY-Qn". */
export function quarterStart(quarter: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) throw new InputError(`period "${quarter}" is not a quarter in YYYY-Qn form`);
  return monthLabel((Number(m[1]) - 2012) * 12 + (Number(m[2]) - 1) * 3);
}

/** Every calendar quarter from the one holding `fromMonth` to the one holding `toMonth`. */
export function quarterRange(fromMonth: string, toMonth: string): string[] {
  const out: string[] = [];
  for (let q = quarterStart(quarterOf(fromMonth)); monthIndex(q) <= monthIndex(toMonth); q = addMonths(q, 3)) out.push(quarterOf(q));
  return out;
}

/** Financial year (April–March) of a month, as "2019/20". */
export function financialYearOf(label: string): string {
  const i = monthIndex(label);
  const y = 2012 + Math.floor((i - 3) / 12); // April starts the year
  return `${y}/${String((y + 1) % 100).padStart(2, "0")}`;
}

/** Financial quarter 1–4 (Q1 = April–June) of a month. */
export function financialQuarterOf(label: string): number {
  return Math.floor((((monthIndex(label) - 3) % 12) + 12) % 12 / 3) + 1;
}

/** The month of a financial year ("2019/20" or "2019-20") and financial quarter (1–4): its first month. */
export function financialQuarterStart(financialYear: string, quarter: number): string {
  const m = /^(\d{4})[/-](\d{2})$/.exec(financialYear.trim());
  if (!m || (Number(m[1]) + 1) % 100 !== Number(m[2])) throw new InputError(`"${financialYear}" is not a financial year like 2019/20`);
  if (![1, 2, 3, 4].includes(quarter)) throw new InputError(`financial quarter must be 1–4, got ${quarter}`);
  return monthLabel((Number(m[1]) - 2012) * 12 + 3 + (quarter - 1) * 3);
}

/** The month of an ISO date or date-time ("2020-02-15", "2020-02-15T10:00:00"). */
export function monthOfDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-\d{2}/.exec(date);
  if (!m) throw new InputError(`"${date}" is not a date in YYYY-MM-DD form`);
  return `${m[1]}-${m[2]}`;
}

/** The report's event dates, drawn as vertical lines on monthly figures. */
export const REPORT_EVENTS = [
  { period: "2019-04", label: "Surge & SV funding (Apr 2019)" },
  { period: "2019-09", label: "VRUs operational (Sep 2019)" },
  { period: "2020-04", label: "COVID-19 restrictions (Apr 2020)" },
] as const;

/** The report's event months (Surge & SV funding, VRUs operational, COVID-19 restrictions). */
export const EVENTS = {
  surge: REPORT_EVENTS[0].period,
  vru: REPORT_EVENTS[1].period,
  covid: REPORT_EVENTS[2].period,
} as const;

/** The first national lockdown as the ITS dummy covers it (April–May 2020). */
export const LOCKDOWN = { from: "2020-04", to: "2020-05" } as const;

/**
 * The report's analysis window for monthly police recorded crime (Annex 3: "April 2015 to
 * September 2020", 66 months) and for hospital admissions (from January 2012, month 0).
 */
export const WINDOWS = {
  policeRecordedCrime: { from: "2015-04", to: "2020-09" },
  hospitalAdmissions: { from: "2012-01", to: "2020-09" },
  homicides: { from: "2012-01", to: "2020-09" },
} as const;

/**
 * Checks that labels are months, strictly increasing and consecutive; the error names the
 * first period at fault. Returns their month indices.
 */
export function checkMonthlyPeriods(periods: readonly string[], source = "panel"): Int32Array {
  const out = new Int32Array(periods.length);
  for (let t = 0; t < periods.length; t++) {
    try { out[t] = monthIndex(periods[t]); } catch (e) { throw new InputError(`${source}: ${(e as Error).message}`); }
    if (t > 0 && out[t] <= out[t - 1]) throw new InputError(`${source}: periods out of order: ${periods[t]} comes after ${periods[t - 1]}`);
    if (t > 0 && out[t] !== out[t - 1] + 1) throw new InputError(`${source}: months missing between ${periods[t - 1]} and ${periods[t]}`);
  }
  return out;
}
