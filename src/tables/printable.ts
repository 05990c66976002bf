/** Each transcribed table as rows of labelled cells, laid out as the report prints it (for notebooks and the CLI). */
import type { CountColumn, TwoYearCounts } from "./interventions";
import type { ReportTables } from "./report";

export const TABLE_IDS = ["1.1", "7.1", "7.2", "7.3", "7.4", "7.5", "A3.3", "A3.4", "fieldwork", "commissioning", "headlines"] as const;
export type TableId = (typeof TABLE_IDS)[number];

export interface PrintableTable { id: TableId; caption: string; rows: Record<string, string | number>[] }

const twoYear = (t: TwoYearCounts, y1: string, y2: string): Record<string, string | number>[] =>
  [...t.year1.rows.map((r, i) => [r, t.year2.rows[i]] as const), [t.year1.total, t.year2.total] as const].map(([a, b]) => ({
    "Target group": a.label, [`${y1} No.`]: a.number, [`${y1} %`]: a.percent, [`${y2} No.`]: b.number, [`${y2} %`]: b.percent,
  }));

const oneColumn = (c: CountColumn): Record<string, string | number>[] =>
  [...c.rows, c.total].map((r) => ({ "Target group": r.label, Total: r.number, "%": r.percent }));

export function printableTable(t: ReportTables, id: TableId): PrintableTable {
  switch (id) {
    case "1.1":
      return {
        id, caption: "Table 1.1: Serious Violence (SV) funding allocations (overall total in the financial years 2019 to 2020 and 2020 to 2021), £",
        rows: [...t.t11.rows, { pfa: "Total", ...t.t11.total }].map((r) => ({ "Police Force area": r.pfa, Surge: r.surge, VRU: r.vru, "Total SV funding": r.total })),
      };
    case "7.1":
      return {
        id, caption: "Table 7.1: VRU intervention funding allocation (year 2), £",
        rows: t.t71.map((r) => ({ VRU: r.vru, "Funding allocation": r.fundingAllocation, "Intervention spend total": r.interventionSpend, "% of total funding": r.percentPrinted })),
      };
    case "7.2":
      return { id, caption: "Table 7.2: Number of planned interventions by VRUs by target groups", rows: twoYear(t.t72, "Year 1 planned", "Year 2 planned") };
    case "7.3":
      return {
        id, caption: "Table 7.3: Number of planned interventions by VRUs in year 2 by target groups and delivery models",
        rows: [
          ...t.t73.rowLabels.map((g, i) => ({ "Target groups": g, ...Object.fromEntries(t.t73.colLabels.map((c, j) => [c, t.t73.counts[i][j]])) })),
          ...(t.t73.printedColTotals ? [{ "Target groups": "Total", ...Object.fromEntries(t.t73.colLabels.map((c, j) => [c, t.t73.printedColTotals![j]])) }] : []),
        ],
      };
    case "7.4":
      return { id, caption: "Table 7.4: Number of interventions delivered by VRUs in year 2", rows: oneColumn(t.t74) };
    case "7.5":
      return { id, caption: "Table 7.5: Number and proportion of individuals supported by VRUs in years 1 and 2 across target groups", rows: twoYear(t.t75, "Year 1 known", "Year 2 total") };
    case "A3.3":
      return {
        id, caption: "Table A3.3: Outcomes of interest, data format, and analysis undertaken",
        rows: t.a33.map((r) => ({ "Source/outcome": r.sourceOutcome, "Unit of analysis": r.unitOfAnalysis, Frequency: r.frequency, "Programme-level analysis": r.analysis, "SV / VRU impact": r.svVruImpact })),
      };
    case "A3.4": {
      const models = [...new Set(t.a34.map((e) => `${e.outcome} (${e.interventionStart === "2019-09" ? "Sep" : "Apr"} 2019)`))];
      return {
        id, caption: "Table A3.4: ITS programme-level estimates (* significant at 95%)",
        rows: [...new Set(t.a34.map((e) => e.coefficient))].map((c) => ({
          Coefficient: c,
          ...Object.fromEntries(t.a34.filter((e) => e.coefficient === c).map((e) => [`${e.outcome} (${e.interventionStart === "2019-09" ? "Sep" : "Apr"} 2019)`, `${e.estimate}${e.significant ? "*" : ""}`])),
        })).map((r) => Object.fromEntries([["Coefficient", r.Coefficient], ...models.map((m) => [m, (r as Record<string, string>)[m]])])),
      };
    }
    case "fieldwork":
      return { id, caption: "Section 1.4: interviews and discussion groups, August 2020 to March 2021", rows: [...t.fieldwork.groups, { group: "Total", interviews: t.fieldwork.total }].map((g) => ({ Group: g.group, Interviews: g.interviews })) };
    case "commissioning":
      return { id, caption: "Section 7.2: commissioning breakdowns stated in the text (planned interventions, year 2)", rows: t.commissioning.map((r) => ({ Breakdown: r.breakdown, Category: r.category, Number: r.number ?? "", "%": r.percent, "Of": r.base })) };
    case "headlines":
      return {
        id, caption: "Chapter 2 headline estimates (95% CIs) and cost-benefit figures",
        rows: t.headlines.map((h) => ({ Section: h.section, Quantity: h.quantity, Estimate: h.estimate, "95% CI": h.ciLower === null ? "" : `[${h.ciLower}, ${h.ciUpper}]`, Unit: h.unit })),
      };
  }
}
