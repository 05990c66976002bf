/**
 * The library's public entry (`import { … } from "vru-eval"`). Every estimator has the same
 * shape, `fit(panel, options) → Promise<Effect>`, reachable by name through the registry or as a
 * namespace (`gsynth.fit`, `scm.fit`, …) with the method's own helpers beside it.
 */
export type { Effect, Estimate, EffectPeriod, CumulativePoint, UnitEffect, RateUnit } from "./effect";
export { toCounts, rateToCount } from "./effect";
export { InputError } from "./errors";

// Data: the Panel and its loaders.
export type { Panel, PanelColumns } from "./panel/panel";
export { panelFromColumns, treatmentStart, treatedAndControls, unitSeries } from "./panel/panel";
export { panelFromCsv, panelFromTable, type CsvPanelSpec } from "./panel/from-csv";
export { panelFromDataFrame } from "./panel/from-dataframe";
export { loadPanelCsv } from "./panel/load";
export { aggregatePanel } from "./panel/aggregate";
export { subsetUnits, subsetPeriods } from "./panel/subset";
export { loadPrcOpenData, loadStreetCrime, loadGoogleMobility, loadStopSearch } from "./panel/loaders/index";

// Estimators: one contract, one vocabulary, one registry.
export type { CommonOptions, Estimator } from "./estimators/options";
export { ESTIMATORS, getEstimator } from "./estimators/registry";
export * as gsynth from "./estimators/gsynth/index";
export * as scm from "./estimators/scm/index";
export * as microsynth from "./estimators/microsynth/index";
export * as its from "./estimators/its/index";
export * as twfe from "./estimators/twfe/index";
export * as did from "./estimators/staggered/index";

// Simulated data with a known true effect.
export { simulateEvaluation, reportEffects, nullEffects, type SimulateOptions, type SimulatedEvaluation } from "./simulate/index";
export { factorPanel, type FactorPanelOptions, type SimulatedPanel } from "./simulate/factor-panel";

// Cost-benefit analysis (section 2.3.3).
export * as cba from "./economics/index";

// Figures (plain plotly data) and notebook display.
export type { Figure } from "./plots/figure";
export { pathPlot, gapPlot, cumulativePlot } from "./plots/effect-plots";
export { forestPlot } from "./plots/forest";
export { eventStudyPlot } from "./plots/twfe-event-study";
export { show, showTable, showMarkdown } from "./display/display";
