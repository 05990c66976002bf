/**
 * Figures the report states in its text rather than in a table: fieldwork counts (1.4), the
 * commissioning breakdowns of section 7.2, the chapter 2 headline estimates and other
 * stated figures the audit cross-checks against the tables.
 */
import { cellNumber, cellNumberOrNull, cellString, readReportCsv, reportPath, splitTotalRow } from "./read";
import { columnIndex } from "../io/csv";
import { InputError } from "../errors";

export interface Fieldwork { groups: { group: string; interviews: number }[]; total: number }

/** Section 1.4: interviews and discussion groups by participant group (290 in all). */
export function loadFieldwork(path = reportPath("fieldwork-interviews.csv")): Fieldwork {
  const t = readReportCsv(path, ["group", "interviews"]);
  const { body, total } = splitTotalRow(t, "group");
  return {
    groups: body.map((i) => ({ group: cellString(t, i, "group"), interviews: cellNumber(t, i, "interviews") })),
    total: cellNumber(t, total, "interviews"),
  };
}

export interface CommissioningRow {
  /** Which breakdown, e.g. "delivery_model", "commissioned_organisation". */
  breakdown: string;
  category: string;
  /** The printed count, or null when the text prints only a percentage. */
  number: number | null;
  percent: number;
  /** The count the percentage is of (216 planned interventions, 58 evidence-based, 331 delivered). */
  base: number;
}

/** Section 7.2: the commissioning breakdowns stated in the text (counts and percentages as printed). */
export function loadCommissioning(path = reportPath("section-7-2-commissioning.csv")): CommissioningRow[] {
  const t = readReportCsv(path, ["breakdown", "category", "number", "percent", "base"]);
  return t.rows.map((_, i) => ({
    breakdown: cellString(t, i, "breakdown"),
    category: cellString(t, i, "category"),
    number: cellNumberOrNull(t, i, "number"),
    percent: cellNumber(t, i, "percent"),
    base: cellNumber(t, i, "base"),
  }));
}

export interface HeadlineEstimate {
  item: string;
  section: string;
  quantity: string;
  estimate: number;
  ciLower: number | null;
  ciUpper: number | null;
  unit: string;
  /** What the text says about statistical significance, or null if it says nothing. */
  significantStated: boolean | null;
  note: string;
}

/** Chapter 2 (and related) headline estimates with their 95% CIs and units. */
export function loadHeadlines(path = reportPath("chapter-2-headline-estimates.csv")): HeadlineEstimate[] {
  const cols = ["item", "section", "quantity", "estimate", "ci_lower", "ci_upper", "unit", "significant_stated", "note"];
  const t = readReportCsv(path, cols);
  const sig = columnIndex(t, "significant_stated");
  return t.rows.map((r, i) => {
    const s = r[sig].trim();
    if (s !== "" && s !== "true" && s !== "false") throw new InputError(`${path}: row ${i + 2}, column "significant_stated" must be true, false or empty, got "${s}"`);
    return {
      item: cellString(t, i, "item"),
      section: cellString(t, i, "section"),
      quantity: cellString(t, i, "quantity"),
      estimate: cellNumber(t, i, "estimate"),
      ciLower: cellNumberOrNull(t, i, "ci_lower"),
      ciUpper: cellNumberOrNull(t, i, "ci_upper"),
      unit: cellString(t, i, "unit"),
      significantStated: s === "" ? null : s === "true",
      note: r[columnIndex(t, "note")].trim(),
    };
  });
}

export interface TextFigure { item: string; section: string; value: number; unit: string; quote: string }

/** Other figures stated in the text (e.g. "£70m across two years"), with the quoted words. */
export function loadTextFigures(path = reportPath("text-figures.csv")): TextFigure[] {
  const t = readReportCsv(path, ["item", "section", "value", "unit", "quote"]);
  return t.rows.map((_, i) => ({
    item: cellString(t, i, "item"),
    section: cellString(t, i, "section"),
    value: cellNumber(t, i, "value"),
    unit: cellString(t, i, "unit"),
    quote: cellString(t, i, "quote"),
  }));
}

/** Looks up a record by item name; a missing item is an input error naming the file's contents. */
export function byItem<T extends { item: string }>(rows: readonly T[], item: string): T {
  const r = rows.find((x) => x.item === item);
  if (!r) throw new InputError(`report figure "${item}" not found (have: ${rows.map((x) => x.item).join(", ")})`);
  return r;
}
