/** Builds a Panel from a long CSV file that fits in memory (see load.ts for large files via DuckDB). */
import { readCsv, numericColumn, stringColumn, type CsvTable } from "../io/csv";
import { panelFromColumns, type Panel, type PanelColumns } from "./panel";

export interface CsvPanelSpec {
  unit: string;
  time: string;
  outcome: string;
  treatment?: string;
  covariates?: string[];
  /** Columns that are constant within a unit (kept as attributes, text or number). */
  attributes?: string[];
  /** Transform applied to the outcome (e.g. Math.log). */
  transform?: (v: number) => number;
  allowTreatmentReversal?: boolean;
  allowNoPrePeriod?: boolean;
  unitOfMeasure?: PanelColumns["unitOfMeasure"];
}

export function panelFromTable(t: CsvTable, spec: CsvPanelSpec): Panel {
  let outcome = numericColumn(t, spec.outcome);
  if (spec.transform) outcome = outcome.map(spec.transform);
  const attrs: Record<string, (string | number)[]> = {};
  for (const a of spec.attributes ?? []) attrs[a] = stringColumn(t, a);
  const covs: Record<string, Float64Array> = {};
  for (const k of spec.covariates ?? []) covs[k] = numericColumn(t, k);
  return panelFromColumns({
    unit: stringColumn(t, spec.unit),
    time: stringColumn(t, spec.time),
    outcome,
    outcomeName: spec.outcome,
    timeName: spec.time,
    ...(spec.treatment ? { treatment: numericColumn(t, spec.treatment) } : {}),
    covariates: covs,
    attributes: attrs,
    source: t.source,
    ...(spec.allowTreatmentReversal !== undefined ? { allowTreatmentReversal: spec.allowTreatmentReversal } : {}),
    ...(spec.allowNoPrePeriod !== undefined ? { allowNoPrePeriod: spec.allowNoPrePeriod } : {}),
    ...(spec.unitOfMeasure ? { unitOfMeasure: spec.unitOfMeasure } : {}),
  });
}

export function panelFromCsv(path: string, spec: CsvPanelSpec): Panel {
  return panelFromTable(readCsv(path), spec);
}
