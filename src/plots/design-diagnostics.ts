/** Figure of the design diagnostics: pre-period level and slope of donors and treated units, extrapolated units marked. */
import type { DesignDiagnostics } from "../estimators/diagnostics";
import { wrapTitle, type Figure } from "./figure";

/**
 * Scatter of (pre-period mean, pre-period slope per period), the plane in which the convex-hull
 * check is made. Treated units outside the donors' hull (identified by extrapolation only) in red.
 */
export function designDiagnosticsFigure(d: DesignDiagnostics, opts: { title?: string; outcome?: string; names?: Record<string, string> } = {}): Figure {
  const trace = (pts: { unit: string; level: number; slope: number }[], label: string, color: string, symbol: string) => ({
    type: "scatter", mode: "markers", name: label, x: pts.map((p) => p.level), y: pts.map((p) => p.slope), text: pts.map((p) => opts.names?.[p.unit] ?? p.unit),
    hovertemplate: "%{text}<br>level %{x:.2f}<br>slope %{y:.3f}<extra></extra>", marker: { color, symbol, size: 9 },
  });
  return {
    data: [
      trace(d.donorPoints, "donors", "#7f8c8d", "circle-open"),
      trace(d.units.filter((u) => !u.extrapolation), "treated, inside the donors' hull", "#3572b0", "diamond"),
      trace(d.units.filter((u) => u.extrapolation), "treated, extrapolation only", "#c0392b", "x"),
    ],
    layout: {
      title: { text: wrapTitle(opts.title ?? `Design diagnostics: pre-period level and trend of ${d.treated} treated units and ${d.donors} donors`) },
      xaxis: { title: { text: `pre-period mean${opts.outcome ? ` of ${opts.outcome}` : ""}` } }, yaxis: { title: { text: "pre-period slope per period" } },
      height: 480, legend: { orientation: "h", y: -0.2 },
    },
  };
}
