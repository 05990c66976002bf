/**
 * Callaway & Sant'Anna (2021) as an Effect: group-time ATTs, their aggregations, analytic
 * influence-function standard errors (clustered when asked) and, with replicates > 0, a
 * seeded multiplier bootstrap for uniform (simultaneous) bands over the event-study
 * effects. `att` is the simple aggregation (average effect over treated unit-periods).
 */
import type { Effect, EffectPeriod, Estimate } from "../../effect";
import type { Panel } from "../../panel/panel";
import { aggregate, type Aggregate } from "./aggregate";
import { influenceVariance, requireBalanced, requireCovariates, staggeredDesign, unitClusters, cohortLabel } from "./design";
import { groupTimeEffects, type GroupTimeOptions } from "./group-time";
import { meanOutcome, normalEstimate } from "./inference";
import { multiplierBootstrap } from "./multiplier";

export interface CsFitOptions extends GroupTimeOptions {
  alpha: number;
  cluster?: string;
  replicates: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}

/** One group-time cell as reported: ATT(g, t) with its base period and comparison size. */
export type GroupTimeRow = Estimate & { group: string; time: string; event: number; basePeriod: string; nTreated: number; nControl: number };

/** Effect.diagnostics of the cs estimator. */
export type CsDiagnostics = {
  estimator: "cs";
  nUnits: number;
  nNever: number;
  nClusters: number;
  cohorts: { group: string; size: number }[];
  groupTime: GroupTimeRow[];
  aggregations: {
    simple: Estimate;
    dynamic: { overall: Estimate; byEvent: (Estimate & { event: number })[] };
    group: { overall: Estimate; byGroup: (Estimate & { group: string })[] };
    calendar: { overall: Estimate; byTime: (Estimate & { time: string })[] };
  };
  inference: string;
  bootstrap?: { replicates: number; seed: number; criticalEventStudy: number; criticalGroupTime: number };
  notes: string[];
  periodsMeaning: string;
};

export function callawaySantAnna(panel: Panel, o: CsFitOptions): Effect {
  requireCovariates(panel, o.covariates);
  const d = staggeredDesign(panel);
  requireBalanced(d, o.covariates, "Callaway–Sant'Anna");
  const cluster = unitClusters(panel, o.cluster);
  const { cells, skipped } = groupTimeEffects(d, o);
  const agg = aggregate(d, cells);
  const se = (a: { inf: Float64Array }) => Math.sqrt(influenceVariance(a.inf, cluster));
  const est = (a: Aggregate, critical?: number): Estimate => normalEstimate(a.estimate, se(a), o.alpha, critical);

  const events = agg.dynamic.byEvent;
  const boot = o.replicates > 0
    ? multiplierBootstrap(events.map((e) => e.inf), events.map(se), cluster, { replicates: o.replicates, seed: o.seed, alpha: o.alpha, ...(o.onProgress ? { onProgress: o.onProgress } : {}) })
    : undefined;
  const gtBoot = o.replicates > 0
    ? multiplierBootstrap(cells.map((c) => c.inf), cells.map(se), cluster, { replicates: o.replicates, seed: o.seed, alpha: o.alpha })
    : undefined;

  const periods: EffectPeriod[] = events.map((e) => {
    const inCells = cells.filter((c) => c.event === e.event);
    const obs: [number, number][] = [];
    for (const c of inCells) for (let i = 0; i < d.N; i++) if (d.start[i] === c.g) obs.push([i, c.t]);
    const observed = meanOutcome(panel.y, d.T, obs);
    const band = est(e, boot?.critical);
    return { time: String(e.event), relative: e.event, observed, counterfactual: observed - e.estimate, effect: e.estimate, ...(band.se !== undefined ? { se: band.se } : {}), ...(band.ci ? { ci: band.ci } : {}) };
  });

  const diagnostics: CsDiagnostics = {
    estimator: "cs",
    nUnits: d.N,
    nNever: d.nNever,
    nClusters: cluster.G,
    cohorts: d.cohorts.map((g, k) => ({ group: cohortLabel(d, g), size: d.cohortSize[k] })),
    groupTime: cells.map((c) => ({ group: c.group, time: c.time, event: c.event, basePeriod: panel.periods[c.base], ...est({ estimate: c.att, inf: c.inf }, gtBoot?.critical), nTreated: c.nTreated, nControl: c.nControl })),
    aggregations: {
      simple: est(agg.simple),
      dynamic: { overall: est(agg.dynamic.overall), byEvent: events.map((e) => ({ event: e.event, ...est(e, boot?.critical) })) },
      group: { overall: est(agg.group.overall), byGroup: agg.group.byGroup.map((g) => ({ group: cohortLabel(d, g.g), ...est(g) })) },
      calendar: { overall: est(agg.calendar.overall), byTime: agg.calendar.byTime.map((t) => ({ time: panel.periods[t.t], ...est(t) })) },
    },
    inference: boot
      ? `analytic influence-function SEs${o.cluster ? ` clustered by ${o.cluster}` : ""}; pointwise normal CIs for aggregates; uniform bands (multiplier bootstrap, ${boot.replicates} Rademacher draws, seed ${boot.seed}) for event-study periods and group-time cells`
      : `analytic influence-function SEs${o.cluster ? ` clustered by ${o.cluster}` : ""}; pointwise normal CIs`,
    ...(boot ? { bootstrap: { replicates: boot.replicates, seed: boot.seed, criticalEventStudy: boot.critical, criticalGroupTime: gtBoot!.critical } } : {}),
    notes: skipped,
    periodsMeaning: "periods: event time e = t − g (0 = first treated period); observed = mean outcome of the cohorts' units at e; counterfactual = observed − θ(e)",
  };
  return {
    method: "did",
    settings: { estimator: "cs", control: o.control, method: o.method, covariates: o.covariates, anticipation: o.anticipation, basePeriod: o.basePeriod, cluster: o.cluster ?? "unit", alpha: o.alpha, replicates: o.replicates, seed: o.seed },
    att: est(agg.simple),
    periods,
    diagnostics,
    ...(panel.unit ? { unit: panel.unit } : {}),
    alpha: o.alpha,
  };
}
