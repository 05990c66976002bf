/**
 * Section 5.1.2 "VRU Combined Outcomes Framework summary findings": indicators VRUs monitor, by
 * ToC level and category, with consistency checks of the printed counts and percentages.
 */
import { cellNumberOrNull, cellString, readReportCsv } from "../tables/read";
import { InputError } from "../errors";
import { processPath } from "./read";

export interface OutcomesFrameworkRow { measure: string; category: string; count: number | null; percent: number | null; base: number | null; quote: string }

export function loadOutcomesFramework(path = processPath("outcomes-framework.csv")): OutcomesFrameworkRow[] {
  const t = readReportCsv(path, ["measure", "category", "count", "percent", "base", "quote"]);
  return t.rows.map((_, i) => {
    const row = {
      measure: cellString(t, i, "measure"), category: cellString(t, i, "category"), count: cellNumberOrNull(t, i, "count"),
      percent: cellNumberOrNull(t, i, "percent"), base: cellNumberOrNull(t, i, "base"), quote: cellString(t, i, "quote"),
    };
    if (row.count === null && row.percent === null) throw new InputError(`${path}: row ${i + 2} has neither a count nor a percent`);
    if (row.percent !== null && row.base === null) throw new InputError(`${path}: row ${i + 2}: a percent needs its base`);
    return row;
  });
}

export interface OutcomesFrameworkCheck {
  total: number;
  outcomes: number;
  impacts: number;
  /** outcomes + impacts − total (0 when consistent). */
  splitGap: number;
  /** Sum of printed percentages for the outcome and the impact breakdowns. */
  percentSums: { outcomes: number; impacts: number };
  /** Counts implied by the printed percentages (percent × base / 100), unrounded. */
  implied: { measure: string; category: string; count: number }[];
  /** The printed mean per VRU, and 499 divided by the VRUs analysed (17: one excluded) and by 18. */
  meanPrinted: number;
  mean17: number;
  mean18: number;
}

const find = (rows: readonly OutcomesFrameworkRow[], measure: string, category: string): OutcomesFrameworkRow => {
  const r = rows.find((x) => x.measure === measure && x.category === category);
  if (!r) throw new InputError(`outcomes-framework.csv: no row ${measure} / ${category}`);
  return r;
};
const countOf = (r: OutcomesFrameworkRow): number => {
  if (r.count === null) throw new InputError(`outcomes-framework.csv: ${r.measure} / ${r.category} needs a count`);
  return r.count;
};

export function checkOutcomesFramework(rows: readonly OutcomesFrameworkRow[]): OutcomesFrameworkCheck {
  const total = countOf(find(rows, "indicators", "all outcome/impact indicators"));
  const outcomes = countOf(find(rows, "indicators", "outcomes"));
  const impacts = countOf(find(rows, "indicators", "impacts"));
  const pct = (m: string) => rows.filter((r) => r.measure === m).reduce((s, r) => s + (r.percent ?? 0), 0);
  return {
    total, outcomes, impacts, splitGap: outcomes + impacts - total,
    percentSums: { outcomes: pct("outcomes"), impacts: pct("impacts") },
    implied: rows.filter((r) => r.percent !== null).map((r) => ({ measure: r.measure, category: r.category, count: (r.percent! * r.base!) / 100 })),
    meanPrinted: countOf(find(rows, "indicators", "mean per VRU")), mean17: total / 17, mean18: total / 18,
  };
}
