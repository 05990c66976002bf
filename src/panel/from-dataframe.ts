/**
 * Panel from a danfojs DataFrame (or anything with the same shape: column names and per-column
 * values), for notebooks that shape data with danfojs first. Same checks as panelFromColumns.
 */
import { InputError } from "../errors";
import { panelFromColumns, type Panel } from "./panel";
import type { CsvPanelSpec } from "./from-csv";

/** The part of a danfojs DataFrame used here. */
export interface DataFrameLike {
  columns: string[];
  column(name: string): { values: ArrayLike<unknown> };
}

export function panelFromDataFrame(df: DataFrameLike, spec: Omit<CsvPanelSpec, "transform"> & { source?: string }): Panel {
  const src = spec.source ?? "DataFrame";
  const col = (k: string) => {
    if (!df.columns.includes(k)) throw new InputError(`${src}: missing column "${k}" (columns: ${df.columns.join(", ")})`);
    return Array.from(df.column(k).values);
  };
  const numeric = (k: string) => col(k).map((v, r) => {
    if (v === null || v === undefined || v === "" || v === "NA") return NaN;
    const x = typeof v === "number" ? v : typeof v === "string" ? Number(v.trim()) : NaN;
    if (!Number.isFinite(x) && !(typeof v === "number" && Number.isNaN(v))) throw new InputError(`${src}: row ${r + 1}, column "${k}": ${JSON.stringify(v)} is not a number`);
    return x;
  });
  const covariates: Record<string, number[]> = {};
  for (const k of spec.covariates ?? []) covariates[k] = numeric(k);
  const attributes: Record<string, (string | number)[]> = {};
  for (const k of spec.attributes ?? []) attributes[k] = col(k).map((v) => (typeof v === "number" ? v : String(v)));
  return panelFromColumns({
    unit: col(spec.unit).map(String), time: col(spec.time).map(String), outcome: numeric(spec.outcome), outcomeName: spec.outcome,
    ...(spec.treatment ? { treatment: numeric(spec.treatment) } : {}), covariates, attributes, source: src,
    ...(spec.allowTreatmentReversal !== undefined ? { allowTreatmentReversal: spec.allowTreatmentReversal } : {}),
    ...(spec.allowNoPrePeriod !== undefined ? { allowNoPrePeriod: spec.allowNoPrePeriod } : {}),
    ...(spec.unitOfMeasure ? { unitOfMeasure: spec.unitOfMeasure } : {}),
  });
}
