/**
 * Chapter 1 funding figures: Surge and VRU by PFA (stacked bars), the VRU tiers against Surge,
 * and funding per head on a map of the 43 police force areas.
 */
import type { FundingRow } from "../tables/funding";
import type { Figure } from "./figure";

export const SURGE_COLOUR = "#7f7f7f";
export const VRU_COLOUR = "#1f77b4";
const gbpM = (x: number) => `£${(x / 1e6).toFixed(2)}m`;

/**
 * Two-year Surge and VRU funding per PFA as stacked bars, in the order given (Table 1.1's order).
 * `marked` PFAs (e.g. a reconstructed row) get a hatched outline and a note.
 */
export function fundingStackedBars(rows: readonly FundingRow[], opts: { title?: string; marked?: { pfa: string; note: string }[] } = {}): Figure {
  const names = rows.map((r) => r.pfa);
  const mark = new Map((opts.marked ?? []).map((m) => [m.pfa, m.note]));
  const bar = (name: string, colour: string, pick: (r: FundingRow) => number) => ({
    type: "bar", name, x: names, y: rows.map((r) => pick(r) / 1e6), marker: {
      color: colour,
      pattern: { shape: names.map((n) => (mark.has(n) ? "/" : "")) },
    },
    hovertemplate: rows.map((r) => `${r.pfa}${mark.has(r.pfa) ? ` (${mark.get(r.pfa)})` : ""}<br>${name}: ${gbpM(pick(r))} of ${gbpM(r.total)} (${((100 * pick(r)) / r.total).toFixed(1)}%)<extra></extra>`),
  });
  return {
    data: [bar("Surge (enforcement)", SURGE_COLOUR, (r) => r.surge), bar("VRU", VRU_COLOUR, (r) => r.vru)],
    layout: {
      title: { text: opts.title ?? "Serious Violence funding by PFA, 2019/20 + 2020/21 (Table 1.1)" },
      barmode: "stack",
      yaxis: { title: { text: "£ million (two years)" } },
      xaxis: { tickangle: -45 },
      legend: { orientation: "h", y: 1.08 },
      annotations: [...mark].map(([pfa, note]) => ({ x: pfa, y: (rows.find((r) => r.pfa === pfa)!.total / 1e6), text: note, showarrow: true, arrowhead: 2, ay: -40, font: { size: 10 } })),
      margin: { b: 130 },
    },
  };
}

/**
 * Surge (x) against VRU (y) funding per PFA: Surge follows each force's share of admissions
 * (a continuum), VRU funding sits on a few flat tiers.
 */
export function tiersScatter(rows: readonly (FundingRow & { tier: number })[], opts: { title?: string } = {}): Figure {
  const tiers = [...new Set(rows.map((r) => r.tier))].sort((a, b) => a - b);
  return {
    data: tiers.map((t) => {
      const rs = rows.filter((r) => r.tier === t);
      return {
        type: "scatter", mode: "markers+text", name: `tier ${t}: ${gbpM(rs[0].vru / 2)} a year`,
        x: rs.map((r) => r.surge / 1e6), y: rs.map((r) => r.vru / 1e6), text: rs.map((r) => r.pfa), textposition: "top center",
        textfont: { size: 9 }, marker: { size: 10 },
        hovertemplate: rs.map((r) => `${r.pfa}<br>Surge ${gbpM(r.surge)}<br>VRU ${gbpM(r.vru)} (tier ${t})<extra></extra>`),
      };
    }),
    layout: {
      title: { text: opts.title ?? "VRU funding is tiered; Surge funding is proportional (Table 1.1, two years)" },
      xaxis: { title: { text: "Surge funding, £ million (log scale)" }, type: "log" },
      yaxis: { title: { text: "VRU funding, £ million" } },
    },
  };
}

export interface MapValue { code: string; name: string; value: number | null; hover: string }

/**
 * A choropleth of the 43 PFAs: `values` with a number are coloured, those with null (unfunded
 * areas) drawn in light grey. `geojson` features must carry properties.pfa_code.
 */
export function pfaChoropleth(geojson: unknown, values: readonly MapValue[], opts: { title: string; colorbarTitle: string }): Figure {
  const funded = values.filter((v) => v.value !== null);
  const other = values.filter((v) => v.value === null);
  const base = { type: "choropleth", geojson, featureidkey: "properties.pfa_code", marker: { line: { width: 0.5, color: "#fff" } } };
  return {
    data: [
      { ...base, name: "not funded", locations: other.map((v) => v.code), z: other.map(() => 0), text: other.map((v) => v.hover), hovertemplate: "%{text}<extra></extra>", colorscale: [[0, "#e6e6e6"], [1, "#e6e6e6"]], showscale: false },
      { ...base, name: "funded", locations: funded.map((v) => v.code), z: funded.map((v) => v.value), text: funded.map((v) => v.hover), hovertemplate: "%{text}<extra></extra>", colorscale: "Blues", colorbar: { title: { text: opts.colorbarTitle } } },
    ],
    layout: {
      title: { text: opts.title },
      geo: { fitbounds: "locations", visible: false, projection: { type: "mercator" } },
      height: 650,
      margin: { l: 0, r: 0, t: 50, b: 0 },
    },
  };
}

/**
 * Funded vs unfunded areas on one measure (e.g. recorded violence count or rate), as two strips
 * of points: where the strips overlap, unfunded areas can act as comparators (common support).
 */
export function commonSupportStrip(areas: readonly { name: string; funded: boolean; value: number }[], opts: { title: string; xTitle: string; log?: boolean }): Figure {
  const group = (funded: boolean) => areas.filter((a) => a.funded === funded);
  return {
    data: [true, false].map((f) => ({
      type: "scatter", mode: "markers", name: f ? "SV-funded (18)" : `not funded (${group(false).length})`,
      x: group(f).map((a) => a.value), y: group(f).map(() => (f ? "funded" : "not funded")),
      text: group(f).map((a) => a.name), hovertemplate: "%{text}: %{x:,.1f}<extra></extra>",
      marker: { size: 10, opacity: 0.7, color: f ? VRU_COLOUR : SURGE_COLOUR },
    })),
    layout: {
      title: { text: opts.title },
      xaxis: { title: { text: opts.xTitle }, ...(opts.log ? { type: "log" } : {}) },
      yaxis: { title: { text: "" } },
      height: 320,
      showlegend: false,
    },
  };
}
