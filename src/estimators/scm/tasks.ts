/**
 * Worker-thread task of the synthetic control (src/parallel/pool.ts): one unit fit. Every
 * placebo, leave-one-out and placebo-in-time fit is one task; results are plain data.
 */
import type { Panel } from "../../panel/panel";
import type { FitOptions } from "./fit";
import { predictorTable, type PredictorTable } from "./prep";
import type { ResolvedSpec } from "./spec";
import { fitUnit, type UnitFit } from "./unit-fit";

export interface FitShared {
  panel: Panel;
  /** The spec, resolved at the treatment date. */
  spec: ResolvedSpec;
  /** Panel indices of the units tasks refer to (positions in this list). */
  units: number[];
  fitOptions: FitOptions;
}

export interface FitTask {
  /** Position in `shared.units` of the unit treated in this fit. */
  treated: number;
  /** Positions in `shared.units` of its donors. */
  donors: number[];
  t0: number;
  /** Last period of the path (placebo in time stops before the real treatment). */
  lastPeriod?: number;
  /** A different spec for this task (placebo in time). */
  spec?: ResolvedSpec;
}

// The predictor table is computed once per worker (the shared object is the same for every task).
const tables = new WeakMap<FitShared, PredictorTable>();

export function fitTask(shared: FitShared, task: FitTask): UnitFit {
  let table: PredictorTable;
  if (task.spec) table = predictorTable(shared.panel, task.spec, shared.units);
  else {
    table = tables.get(shared) ?? predictorTable(shared.panel, shared.spec, shared.units);
    tables.set(shared, table);
  }
  const spec = task.spec ?? shared.spec;
  return fitUnit(shared.panel, table, spec.fitPeriods, task.treated, task.donors, task.t0, shared.fitOptions, task.lastPeriod);
}
