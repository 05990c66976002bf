/**
 * Design diagnostics of a chapter 2 panel in one sentence and one short table (the checks
 * themselves are src/estimators/diagnostics.ts): how many treated units have no donor in their
 * region, lie outside the donors' level–trend hull, or are identified by extrapolation only.
 */
import { diagnosticsRows, type DesignDiagnostics } from "../estimators/diagnostics";

export function diagnosticsSummary(d: DesignDiagnostics): string {
  const n = d.units.length;
  const noRegion = d.units.filter((u) => u.donorsInRegion === 0).length;
  const outside = d.units.filter((u) => !u.insideHull).length;
  const extrapolated = d.units.filter((u) => u.extrapolation).length;
  const ratios = d.units.map((u) => u.fitRatio).filter((x): x is number => x !== undefined && Number.isFinite(x)).sort((a, b) => a - b);
  return `**Design diagnostics** (${d.donors} donors, ${n} treated units, ${d.preperiods} pre-periods): ` +
    `${noRegion} treated unit${noRegion === 1 ? "" : "s"} without a donor in ${noRegion === 1 ? "its" : "their"} region; ` +
    `${outside} outside the donors' level–trend hull, so identified by extrapolation only${extrapolated !== outside ? ` (${extrapolated} flagged)` : ""}` +
    (ratios.length ? `; median pre-period fit ratio ${ratios[Math.floor(ratios.length / 2)].toFixed(2)} (below 1: the fit beats a typical donor's distance from parallel trends)` : "") + ".";
}

/** The table rows of the flagged treated units only (at most `max`). */
export function flaggedRows(d: DesignDiagnostics, max = 12): Record<string, string | number>[] {
  const rows = diagnosticsRows(d);
  return rows.filter((_, k) => d.units[k].flags.length > 0 || d.units[k].extrapolation).slice(0, max);
}
