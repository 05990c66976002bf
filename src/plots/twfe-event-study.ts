/**
 * Event-study coefficient plot of a TWFE Effect: one point per event time with its interval,
 * the omitted reference period drawn at 0, a zero line and a dashed line where treatment
 * starts. Leads far from 0 are the visible warning that trends were not parallel before
 * treatment, which is the assumption Annex 3 of the report worries about.
 */
import type { Effect } from "../effect";
import type { TwfeDiagnostics } from "../estimators/twfe/index";
import type { Figure } from "./figure";
import { InputError } from "../errors";

export interface EventStudyPlotOptions {
  title?: string;
  yTitle?: string;
  /** Marks the title as simulated data. */
  simulated?: boolean;
  /** For simulated data: the true effect at each event time, drawn as a dotted line. */
  truth?: { event: number; effect: number }[];
  /**
   * Other estimators' per-period effects on the same event-time axis (their `periods[].relative`
   * and `effect`, inside the window), e.g. generalised synthetic control beside TWFE.
   */
  compare?: { name: string; effect: Effect }[];
}

const COMPARE_COLOURS = ["#e67e22", "#27ae60", "#8e44ad"];

/** Event time of a term name ("lead3" → −3, "lag0" → 0), or undefined for other coefficients. */
export function eventTimeOf(name: string): number | undefined {
  const m = /^(lead|lag)(\d+)$/.exec(name);
  if (!m) return undefined;
  return m[1] === "lead" ? -Number(m[2]) : Number(m[2]);
}

export function eventStudyPlot(effect: Effect<TwfeDiagnostics>, opts: EventStudyPlotOptions = {}): Figure {
  const es = effect.settings.eventStudy as { leads: number; lags: number; reference: number } | undefined;
  if (!es) throw new InputError("eventStudyPlot needs a TWFE Effect fitted with an event study (options.eventStudy / --event-study)");
  const points = Object.entries(effect.coefficients ?? {})
    .flatMap(([name, est]) => {
      const e = eventTimeOf(name);
      return e === undefined ? [] : [{ e, name, est }];
    })
    .concat([{ e: es.reference, name: `lead${-es.reference} (reference)`, est: { estimate: 0, ci: [0, 0] as [number, number] } }])
    .sort((a, b) => a.e - b.e);
  const level = Math.round((1 - (effect.alpha ?? 0.05)) * 100);
  const binned = (e: number) => (e === -es.leads ? ` (≤ ${e})` : e === es.lags ? ` (≥ ${e})` : "");
  const pt = effect.diagnostics?.pretrend;
  const subtitle = pt && "F" in pt && pt.F !== undefined ? `pre-trend test: F(${pt.df1}, ${pt.df2}) = ${pt.F.toFixed(2)}, p = ${pt.p!.toPrecision(2)}` : "";
  const title = `${opts.title ?? "Event study: effect by periods since treatment"}${opts.simulated || opts.truth ? " — SIMULATED DATA" : ""}`;
  const data: Record<string, unknown>[] = [
    {
      x: points.map((p) => p.e),
      y: points.map((p) => p.est.estimate),
      text: points.map((p) => `${p.name}${binned(p.e)}`),
      error_y: {
        type: "data", symmetric: false,
        array: points.map((p) => (p.est.ci ? p.est.ci[1] - p.est.estimate : 0)),
        arrayminus: points.map((p) => (p.est.ci ? p.est.estimate - p.est.ci[0] : 0)),
      },
      type: "scatter", mode: "markers", marker: { size: 8, color: points.map((p) => (p.e < 0 ? "#888" : "#3572b0")) },
      name: `TWFE event study (${level}% CI)`,
      hovertemplate: "%{text}: %{y:.3f}<extra></extra>",
    },
  ];
  (opts.compare ?? []).forEach(({ name, effect: other }, k) => {
    const inWindow = other.periods.filter((p) => p.relative >= -es.leads && p.relative <= es.lags);
    data.push({
      x: inWindow.map((p) => p.relative), y: inWindow.map((p) => p.effect),
      type: "scatter", mode: "lines+markers", line: { color: COMPARE_COLOURS[k % COMPARE_COLOURS.length] }, name,
      ...(inWindow.every((p) => p.ci) ? { error_y: { type: "data", symmetric: false, array: inWindow.map((p) => p.ci![1] - p.effect), arrayminus: inWindow.map((p) => p.effect - p.ci![0]) } } : {}),
    });
  });
  if (opts.truth) data.push({ x: opts.truth.map((t) => t.event), y: opts.truth.map((t) => t.effect), type: "scatter", mode: "lines", line: { dash: "dot", color: "#c0392b" }, name: "True effect (simulation)" });
  return {
    data,
    layout: {
      title: { text: subtitle ? `${title}<br><sub>${subtitle}</sub>` : title },
      xaxis: { title: { text: `Periods relative to treatment start (end points binned; reference ${es.reference} fixed at 0)` }, dtick: 1, zeroline: false },
      yaxis: { title: { text: opts.yTitle ?? "Effect relative to the reference period" }, zeroline: true },
      shapes: [
        { type: "line", xref: "paper", x0: 0, x1: 1, yref: "y", y0: 0, y1: 0, line: { width: 1, color: "#333" } },
        { type: "line", xref: "x", x0: -0.5, x1: -0.5, yref: "paper", y0: 0, y1: 1, line: { dash: "dash", width: 1, color: "#555" } },
      ],
      showlegend: Boolean(opts.truth || opts.compare?.length),
      margin: { t: 70 },
    },
  };
}
