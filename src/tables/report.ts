/** All transcribed report tables in one bundle (what the audit and the CLI work on). */
import { loadTable11, loadTable71, type InterventionSpendRow, type Table11 } from "./funding";
import { loadTable72, loadTable73, loadTable74, loadTable75, type CountColumn, type CrossTable, type TwoYearCounts } from "./interventions";
import { loadCommissioning, loadFieldwork, loadHeadlines, loadTextFigures, type CommissioningRow, type Fieldwork, type HeadlineEstimate, type TextFigure } from "./text-figures";
import { loadTableA33, loadTableA34, type ItsEstimate, type OutcomeAnalysis } from "./annex3";

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

export function loadReportTables(): ReportTables {
  return {
    t11: loadTable11(), t71: loadTable71(), t72: loadTable72(), t73: loadTable73(), t74: loadTable74(), t75: loadTable75(),
    a33: loadTableA33(), a34: loadTableA34(), fieldwork: loadFieldwork(), commissioning: loadCommissioning(),
    headlines: loadHeadlines(), textFigures: loadTextFigures(),
  };
}
