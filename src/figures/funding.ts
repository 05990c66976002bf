/**
 * Chapter 1 funding figures: Surge and VRU by PFA (stacked bars), the VRU tiers against Surge,
 * and funding per head on a map of the 43 police force areas.
 */
import type { FundingRow } from "../tables/funding";
import type { Figure } from "../plots/figure";

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

interface GeoFeature { properties: { pfa_code: string }; geometry: unknown }

/** Light to dark blue, as plotly's "Blues". */
const BLUES: [number, [number, number, number]][] = [[0, [222, 235, 247]], [0.5, [107, 174, 214]], [1, [8, 48, 107]]];

function blue(t: number): string {
  const u = Math.min(1, Math.max(0, t));
  const k = u <= BLUES[1][0] ? 0 : 1;
  const [a, ca] = BLUES[k], [b, cb] = BLUES[k + 1];
  const f = (u - a) / (b - a);
  return `rgb(${ca.map((c, i) => Math.round(c + f * (cb[i] - c))).join(",")})`;
}

/** A feature's rings as one x/y path, rings separated by nulls (plotly draws each as a filled shape). */
function ringsPath(geometry: unknown): { x: (number | null)[]; y: (number | null)[] } {
  const g = geometry as { type: string; coordinates: unknown };
  const polygons = (g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : []) as number[][][][];
  const x: (number | null)[] = [], y: (number | null)[] = [];
  for (const poly of polygons) for (const ring of poly) {
    for (const [lon, lat] of ring) { x.push(lon); y.push(lat); }
    x.push(null); y.push(null);
  }
  return { x, y };
}

/**
 * A choropleth of the 43 PFAs drawn as filled outlines on plain axes (no map tiles or world
 * topojson to fetch, so it renders offline): `values` with a number are shaded light to dark
 * blue, those with null (unfunded areas) light grey. `geojson` features carry properties.pfa_code.
 */
export function pfaChoropleth(geojson: { features: readonly GeoFeature[] }, values: readonly MapValue[], opts: { title: string; colorbarTitle: string }): Figure {
  const nums = values.flatMap((v) => (v.value === null ? [] : [v.value]));
  const lo = Math.min(...nums), hi = Math.max(...nums);
  const byCode = new Map(values.map((v) => [v.code, v]));
  const areas = geojson.features.map((f) => {
    const v = byCode.get(f.properties.pfa_code);
    const fill = v?.value == null ? "#e6e6e6" : blue(hi > lo ? (v.value - lo) / (hi - lo) : 1);
    return {
      type: "scatter", mode: "lines", ...ringsPath(f.geometry), fill: "toself", fillcolor: fill, line: { color: "#ffffff", width: 0.6 },
      hoveron: "fills", hoverinfo: "text", text: v?.hover ?? f.properties.pfa_code, name: v?.name ?? f.properties.pfa_code, showlegend: false,
    };
  });
  // An invisible marker trace carries the colour bar.
  const scale = { type: "scatter", mode: "markers", x: [null], y: [null], hoverinfo: "skip", showlegend: false, marker: { color: [lo, hi], cmin: lo, cmax: hi, colorscale: BLUES.map(([t, c]) => [t, `rgb(${c.join(",")})`]), showscale: true, colorbar: { title: { text: opts.colorbarTitle } } } };
  return {
    data: [...areas, scale],
    layout: {
      title: { text: opts.title },
      // One degree of latitude is ~1.64 degrees of longitude at 52.5°N.
      xaxis: { visible: false }, yaxis: { visible: false, scaleanchor: "x", scaleratio: 1 / Math.cos((52.5 * Math.PI) / 180) },
      height: 700, margin: { l: 0, r: 0, t: 50, b: 0 }, hovermode: "closest", plot_bgcolor: "#ffffff",
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
