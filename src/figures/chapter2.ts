/**
 * How each chapter 2 / Annex 3 report figure is drawn from its estimate: title, axis, event
 * lines and truth overlay in one place. The notebooks call these on the estimates they fit;
 * the registry (registry.ts) fits the same estimates from scratch for `vru-eval figure`.
 */
import type { Effect } from "../effect";
import type { Panel } from "../panel/panel";
import type { ItsModel } from "../estimators/its/index";
import type { TruthPath } from "../simulate/index";
import { groupMeans } from "../panel/summaries";
import { alignTruth } from "../chapter2/compare";
import { cumulativePlot, pathPlot } from "../plots/effect-plots";
import { onReportMonthAxis, reportEventsOnMonthAxis } from "./report-axis";
import { itsPlot } from "../plots/its-plots";
import { adjustmentFigure } from "../plots/adjustment";
import { eventLines, type Figure } from "../plots/figure";
import { REPORT_EVENTS } from "../panel/calendar";
import { InputError } from "../errors";

/** The police recorded crime outcomes (CSP panels) and their panel letter in Figures 2.3, 2.4, 2.7. */
export const CSP_OUTCOMES = {
  "csp-violence-with-injury": { label: "Violence with injury", letter: "a" },
  "csp-violence-without-injury": { label: "Violence without injury", letter: "b" },
  "csp-possession-of-weapons": { label: "Possession of weapons offences", letter: "c" },
} as const;
export type CspOutcome = keyof typeof CSP_OUTCOMES;

/** Figure 2.1: hospital admissions (under 25s), treated PFAs vs synthetic control. */
export function figure2_1(effect: Effect): Figure {
  return pathPlot(onReportMonthAxis(effect), {
    title: "Figure 2.1: Average hospital admissions (under 25s) per 1 million, treated PFAs vs synthetic control",
    yTitle: "Admissions per 1 million (under 25)", events: reportEventsOnMonthAxis(effect), simulated: true,
  });
}

/** Figure A3.4: hospital admissions (all ages), treated vs synthetic. */
export function figureA3_4(effect: Effect): Figure {
  return pathPlot(onReportMonthAxis(effect), {
    title: "Figure A3.4: Hospital admissions from deliberate injury with a sharp object (all ages), treated vs synthetic",
    yTitle: "Admissions per 1 million (all ages)", events: reportEventsOnMonthAxis(effect), simulated: true,
  });
}

/** The report's events on the quarterly homicide axis. */
export const QUARTER_EVENTS = [{ x: "2019-Q2", label: "SV funding (2019-Q2)" }, { x: "2019-Q3", label: "VRUs operational (Sep 2019)" }, { x: "2020-Q2", label: "COVID-19 (2020-Q2)" }];

/** Figure 2.2: homicide rates, treated PFAs vs synthetic control (quarterly). */
export function figure2_2(effect: Effect): Figure {
  return pathPlot(effect, {
    title: "Figure 2.2: Average homicide rates for treated PFAs and synthetic control group",
    yTitle: "Homicides per 1 million per quarter", simulated: true, events: QUARTER_EVENTS,
  });
}

/** Figure 2.3a–c: one police recorded outcome, funded CSPs vs synthetic control. */
export function figure2_3(outcome: CspOutcome, effect: Effect): Figure {
  const o = CSP_OUTCOMES[outcome];
  return pathPlot(onReportMonthAxis(effect), {
    title: `Figure 2.3${o.letter}: ${o.label} per 100,000, funded CSPs vs synthetic control`, yTitle: "Offences per 100,000 per month",
    events: reportEventsOnMonthAxis(effect), simulated: true,
  });
}

/** Figure 2.4a–b: cumulative effect from April 2019, with the simulation's true cumulative effect. */
export function figure2_4(outcome: CspOutcome, effect: Effect, truth: TruthPath): Figure {
  const o = CSP_OUTCOMES[outcome];
  const post = effect.cumulative!.filter((c) => c.time >= "2019-04");
  return cumulativePlot({ ...effect, cumulative: post }, {
    title: `Figure 2.4${o.letter}: Cumulative impact on ${o.label.toLowerCase()} from April 2019`, yTitle: "Cumulative offences per 100,000",
    truthCumulative: alignTruth(post, { periods: truth.periods, values: truth.cumulative }),
  });
}

/** The ITS figures by outcome and intervention date (Figures 2.5, 2.6, A3.5, A3.6). */
export const ITS_FIGURES = [
  { id: "2-5", outcome: "csp-violence-with-injury", intervention: "2019-04" },
  { id: "2-6", outcome: "csp-violence-without-injury", intervention: "2019-04" },
  { id: "A3-5", outcome: "csp-violence-with-injury", intervention: "2019-09" },
  { id: "A3-6", outcome: "csp-violence-without-injury", intervention: "2019-09" },
] as const satisfies readonly { id: string; outcome: CspOutcome; intervention: string }[];

/** Figure 2.5, 2.6, A3.5 or A3.6: ITS of one outcome (all SV-funded areas) from one intervention date. */
export function figureIts(outcome: CspOutcome, intervention: string, model: ItsModel): Figure {
  const spec = ITS_FIGURES.find((f) => f.outcome === outcome && f.intervention === intervention);
  if (!spec) throw new InputError(`no report ITS figure for ${outcome} from ${intervention}`);
  const label = CSP_OUTCOMES[outcome].label;
  return itsPlot(model, {
    title: `Figure ${spec.id.replace("-", ".")}: ITS of police recorded ${label.toLowerCase()} (all SV-funded areas), intervention ${intervention}`,
    yTitle: "Offences per month (funded areas)", simulated: true, interventionLabel: intervention === "2019-04" ? "SV funding (Apr 2019)" : "VRUs operational (Sep 2019)",
  });
}

/** Figure 2.7a–b: cumulative effect with and without adjusting for a covariate (Surge). */
export function figure2_7(outcome: CspOutcome, plain: Effect, adjusted: Effect, truth: TruthPath, covariate: string): Figure {
  const o = CSP_OUTCOMES[outcome];
  const name = covariate.replace("_", " ");
  return adjustmentFigure(plain, adjusted, truth, {
    title: `Figure 2.7${o.letter}: Cumulative impact on ${o.label.toLowerCase()}, with and without adjusting for ${name}`,
    adjustedLabel: `Adjusted for ${name}`,
  });
}

/** The hotspot outcomes (LSOA panels) of Figure 2.8. */
export const LSOA_OUTCOMES = {
  "lsoa-violence-with-injury": { label: "Violence with injury", letter: "a" },
  "lsoa-violence-without-injury": { label: "Violence without injury", letter: "b" },
} as const;
export type LsoaOutcome = keyof typeof LSOA_OUTCOMES;

/** Figure 2.8a–b: high-violence treated LSOAs vs their micro-synthetic control. */
export function figure2_8(outcome: LsoaOutcome, effect: Effect): Figure {
  return pathPlot(effect, {
    title: `Figure 2.8${LSOA_OUTCOMES[outcome].letter}: ${LSOA_OUTCOMES[outcome].label}, high-violence treated LSOAs vs synthetic control (totals)`,
    yTitle: "Offences per month (treated total)", simulated: true,
  });
}

/** The trend figures of Annex 3 (A3.1a–c outcomes, A3.2 mobility, A3.3 stop and search). */
export const TREND_FIGURES = {
  "A3-1a": { title: "Figure A3.1 (SIMULATED): average CSP rate of violence with injury, funded vs other", yTitle: "offences per 100,000 a month", panel: "csp-violence-with-injury" },
  "A3-1b": { title: "Figure A3.1 (SIMULATED): average CSP rate of violence without injury, funded vs other", yTitle: "offences per 100,000 a month", panel: "csp-violence-without-injury" },
  "A3-1c": { title: "Figure A3.1 (SIMULATED): average CSP rate of possession of weapons, funded vs other", yTitle: "offences per 100,000 a month", panel: "csp-possession-of-weapons" },
  "A3-2": { title: "Figure A3.2 (SIMULATED): residential mobility, % change from baseline (2020)", yTitle: "% change", panel: "csp-violence-without-injury", covariate: "residential_mobility", from: "2020-01" },
  "A3-3": { title: "Figure A3.3 (SIMULATED): stop and search per 1,000 people", yTitle: "searches per 1,000 a month", panel: "csp-violence-without-injury", covariate: "stop_search" },
} as const satisfies Record<string, { title: string; yTitle: string; panel: CspOutcome; covariate?: string; from?: string }>;
export type TrendFigure = keyof typeof TREND_FIGURES;

/** Figures A3.1–A3.3: the mean of CSPs in funded PFAs against other CSPs, with 95% bands. */
export function figureTrend(id: TrendFigure, panel: Panel): Figure {
  const spec: { title: string; yTitle: string; covariate?: string; from?: string } = TREND_FIGURES[id];
  const series = groupMeans(panel, (i) => (panel.attributes.funded[i] === 1 ? "CSPs in funded PFAs" : "other CSPs"), spec.covariate);
  const keep = panel.periods.map((x, t) => [x, t] as const).filter(([x]) => !spec.from || x >= spec.from);
  const x = keep.map(([p]) => p);
  return {
    data: series.flatMap((s, k) => {
      const color = k === 0 ? "#1f77b4" : "#7f7f7f";
      return [
        { type: "scatter", mode: "lines", name: `${s.group} (95% CI)`, x: [...x, ...x.slice().reverse()], y: [...keep.map(([, t]) => s.upper[t]), ...keep.map(([, t]) => s.lower[t]).reverse()], fill: "toself", line: { width: 0 }, fillcolor: k === 0 ? "rgba(31,119,180,0.15)" : "rgba(127,127,127,0.15)", hoverinfo: "skip", showlegend: false },
        { type: "scatter", mode: "lines", name: `${s.group} (${s.units})`, x, y: keep.map(([, t]) => s.mean[t]), line: { color } },
      ];
    }),
    layout: { title: { text: spec.title }, yaxis: { title: { text: spec.yTitle } }, height: 400, ...eventLines(REPORT_EVENTS.filter((e) => !spec.from || e.period >= spec.from).map((e) => ({ x: e.period, label: e.label }))) },
  };
}
