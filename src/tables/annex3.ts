/** Annex 3 tables: outcomes and analyses (A3.3) and the programme-level ITS estimates (A3.4). */
import { cellNumber, cellString, readReportCsv, reportPath } from "./read";
import { InputError } from "../errors";

export interface OutcomeAnalysis {
  sourceOutcome: string;
  unitOfAnalysis: string;
  frequency: string;
  analysis: string;
  /** "SV estimates only" or "SV and VRU estimates". */
  svVruImpact: string;
}

/** Table A3.3 (blank "Source/outcome" cells of the printed table are filled down). */
export function loadTableA33(path = reportPath("table-a3-3-outcomes-analysis.csv")): OutcomeAnalysis[] {
  const t = readReportCsv(path, ["source_outcome", "unit_of_analysis", "frequency", "programme_level_analysis", "sv_vru_impact"]);
  return t.rows.map((_, i) => ({
    sourceOutcome: cellString(t, i, "source_outcome"),
    unitOfAnalysis: cellString(t, i, "unit_of_analysis"),
    frequency: cellString(t, i, "frequency"),
    analysis: cellString(t, i, "programme_level_analysis"),
    svVruImpact: cellString(t, i, "sv_vru_impact"),
  }));
}

export interface ItsEstimate {
  coefficient: "Step-change" | "Slope" | "Lockdown";
  outcome: string;
  /** Intervention start month, "2019-04" (SV funding) or "2019-09" (VRUs operational). */
  interventionStart: string;
  estimate: number;
  /** Printed asterisk: significant at 95%. */
  significant: boolean;
}

/** Table A3.4 in long form (one row per coefficient × model). */
export function loadTableA34(path = reportPath("table-a3-4-its-estimates.csv")): ItsEstimate[] {
  const t = readReportCsv(path, ["coefficient", "outcome", "intervention_start", "estimate", "significant_95"]);
  return t.rows.map((_, i) => {
    const coefficient = cellString(t, i, "coefficient");
    if (coefficient !== "Step-change" && coefficient !== "Slope" && coefficient !== "Lockdown") {
      throw new InputError(`${path}: row ${i + 2}: unknown coefficient "${coefficient}"`);
    }
    const sig = cellString(t, i, "significant_95");
    if (sig !== "true" && sig !== "false") throw new InputError(`${path}: row ${i + 2}: significant_95 must be true or false, got "${sig}"`);
    return {
      coefficient,
      outcome: cellString(t, i, "outcome"),
      interventionStart: cellString(t, i, "intervention_start"),
      estimate: cellNumber(t, i, "estimate"),
      significant: sig === "true",
    };
  });
}
