/**
 * The programme-level ITS of the report's Table A3.4 ("ITS programme-level estimates
 * (asterisks indicate statistical significance (95%))"): for a monthly funded-area
 * aggregate, the step change, slope change and lockdown coefficients with intervals, and
 * the table in the report's layout — one row per coefficient ("Step-change", "Slope",
 * "Lockdown"), one column per outcome and intervention date, estimates to two decimals
 * with "*" when significant at 95%. The published values: src/tables/annex3.ts loadTableA34().
 */
import type { Effect, Estimate, RateUnit } from "../effect";
import { LOCKDOWN } from "../panel/calendar";
import type { ItsEstimate } from "../tables/annex3";
import { fitItsModel, type ItsErrors, type ItsModel, type SeasonSpec } from "../estimators/its/index";

export interface ProgrammeItsOptions {
  /** First intervention month: "2019-04" (SV funding) or "2019-09" (VRUs operational). */
  intervention: string;
  /** Lockdown dummy window (default the first national lockdown, calendar.ts LOCKDOWN). */
  lockdown?: { from: string; to: string };
  /** Season terms (default month dummies). */
  season?: SeasonSpec;
  /** Error model (default: ARMA(p,q), p, q ≤ 2, chosen by AICc — the report used "ARIMA models" without giving orders). */
  errors?: ItsErrors;
  /** Significance level for the asterisks and intervals (default 0.05). */
  alpha?: number;
  /** Extra regressors (e.g. a mobility index), one value per month. */
  regressors?: Record<string, ArrayLike<number>>;
  /** Unit of the series (e.g. "count" for offences), carried into the Effect. */
  unit?: RateUnit;
}

export interface ItsTerm extends Estimate {
  significant: boolean;
  /** As the report prints it: two decimals, "*" when significant. */
  display: string;
}

export interface ProgrammeIts {
  step: ItsTerm;
  slope: ItsTerm;
  lockdown: ItsTerm;
  effect: Effect;
  model: ItsModel;
}

function term(e: Estimate, alpha: number): ItsTerm {
  const significant = e.p !== undefined && e.p < alpha;
  return { ...e, significant, display: `${e.estimate.toFixed(2)}${significant ? "*" : ""}` };
}

/** Fits the programme-level ITS on one monthly series (periods "YYYY-MM"). */
export function programmeIts(y: ArrayLike<number>, periods: readonly string[], opts: ProgrammeItsOptions): ProgrammeIts {
  const alpha = opts.alpha ?? 0.05;
  const model = fitItsModel(y, periods, {
    intervention: opts.intervention,
    lockdown: opts.lockdown ?? { ...LOCKDOWN },
    season: opts.season ?? "month",
    errors: opts.errors ?? { type: "auto", search: { maxP: 2, maxQ: 2 } },
    alpha,
    ...(opts.regressors ? { regressors: opts.regressors } : {}),
    ...(opts.unit ? { unit: opts.unit } : {}),
  });
  const c = model.effect.coefficients!;
  return { step: term(c.step, alpha), slope: term(c.slope, alpha), lockdown: term(c.lockdown, alpha), effect: model.effect, model };
}

/** Rows of Table A3.4: { Coefficients: "Step-change" | "Slope" | "Lockdown", [column label]: "-715.77*" }. */
export function tableA34(columns: readonly { label: string; result: ProgrammeIts }[]): Record<string, string>[] {
  const rows: [string, "step" | "slope" | "lockdown"][] = [["Step-change", "step"], ["Slope", "slope"], ["Lockdown", "lockdown"]];
  return rows.map(([name, key]) => ({ Coefficients: name, ...Object.fromEntries(columns.map((c) => [c.label, c.result[key].display])) }));
}

/** The report's column label, e.g. "Violence with injury (Sep 2019)". */
export function a34Label(outcome: string, intervention: string): string {
  const [y, m] = intervention.split("-");
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Number(m) - 1] ?? m;
  return `${outcome} (${month} ${y})`;
}

/**
 * Long form, one row per coefficient × model, in the shape of the published table as
 * src/tables/annex3.ts loadTableA34() reads it — so reproduced and published rows compare directly.
 */
export function tableA34Long(models: readonly { outcome: string; result: ProgrammeIts }[]): ItsEstimate[] {
  const out: ItsEstimate[] = [];
  for (const [coefficient, key] of [["Step-change", "step"], ["Slope", "slope"], ["Lockdown", "lockdown"]] as const)
    for (const m of models) {
      const t = m.result[key];
      out.push({ coefficient, outcome: m.outcome, interventionStart: m.result.effect.settings.intervention as string, estimate: t.estimate, significant: t.significant });
    }
  return out;
}
