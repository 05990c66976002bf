/** All transcribed report tables in one bundle (what the audit and the CLI work on). */
import { join } from "node:path";
import { loadTable11, loadTable71, TABLE_1_1_FILE, TABLE_7_1_FILE, type InterventionSpendRow, type Table11 } from "./funding";
import { reportPath } from "./read";
import { loadTable72, loadTable73, loadTable74, loadTable75, type CountColumn, type CrossTable, type TwoYearCounts } from "./interventions";
import { loadCommissioning, loadFieldwork, loadHeadlines, loadTextFigures, type CommissioningRow, type Fieldwork, type HeadlineEstimate, type TextFigure } from "./text-figures";
import { loadTableA33, loadTableA34, type ItsEstimate, type OutcomeAnalysis } from "./annex3";

/** The CSV file (in data/report/) of each table. */
export const REPORT_FILES: Record<keyof ReportTables, string> = {
  t11: TABLE_1_1_FILE,
  t71: TABLE_7_1_FILE,
  t72: "table-7-2-planned-by-target-group.csv",
  t73: "table-7-3-target-group-by-delivery-model.csv",
  t74: "table-7-4-delivered-by-target-group.csv",
  t75: "table-7-5-individuals-reached.csv",
  a33: "table-a3-3-outcomes-analysis.csv",
  a34: "table-a3-4-its-estimates.csv",
  fieldwork: "fieldwork-interviews.csv",
  commissioning: "section-7-2-commissioning.csv",
  headlines: "chapter-2-headline-estimates.csv",
  textFigures: "text-figures.csv",
};

export interface ReportTables {
  t11: Table11;
  t71: InterventionSpendRow[];
  t72: TwoYearCounts;
  t73: CrossTable;
  t74: CountColumn;
  t75: TwoYearCounts;
  a33: OutcomeAnalysis[];
  a34: ItsEstimate[];
  fieldwork: Fieldwork;
  commissioning: CommissioningRow[];
  headlines: HeadlineEstimate[];
  textFigures: TextFigure[];
}

/** Every table from `dir` (default data/report), under the file names listed in REPORT_FILES. */
export function loadReportTables(dir?: string): ReportTables {
  const p = (k: keyof ReportTables): string => (dir ? join(dir, REPORT_FILES[k]) : reportPath(REPORT_FILES[k]));
  return {
    t11: loadTable11(p("t11")), t71: loadTable71(p("t71")), t72: loadTable72(p("t72")), t73: loadTable73(p("t73")),
    t74: loadTable74(p("t74")), t75: loadTable75(p("t75")), a33: loadTableA33(p("a33")), a34: loadTableA34(p("a34")),
    fieldwork: loadFieldwork(p("fieldwork")), commissioning: loadCommissioning(p("commissioning")),
    headlines: loadHeadlines(p("headlines")), textFigures: loadTextFigures(p("textFigures")),
  };
}
