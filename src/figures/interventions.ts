/**
 * Chapter 7 figures: allocation vs share spent on interventions, target group × delivery model
 * as a heatmap, and reach by target group in years 1 and 2.
 */
import type { CountColumn } from "../tables/interventions";
import type { CrossTabulation, SpendShare } from "../tables/tabulate";
import type { Figure } from "../plots/figure";

/** Table 7.1: yearly allocation (x) against the share spent on interventions (y), one point per VRU. */
export function spendShareScatter(rows: readonly SpendShare[], opts: { title?: string; subtitle?: string } = {}): Figure {
  const tiers = [...new Set(rows.map((r) => r.fundingAllocation / 1e6))].sort((a, b) => a - b);
  return {
    data: [{
      type: "scatter", mode: "markers+text", x: rows.map((r) => r.fundingAllocation / 1e6), y: rows.map((r) => 100 * r.share),
      text: rows.map((r) => r.vru), textposition: "middle right", textfont: { size: 9 }, marker: { size: 9, color: "#1f77b4" },
      hovertemplate: rows.map((r) => `${r.vru}<br>allocation £${(r.fundingAllocation / 1e6).toFixed(2)}m<br>spent on interventions £${(r.interventionSpend / 1e6).toFixed(2)}m (${(100 * r.share).toFixed(1)}%)<extra></extra>`),
      showlegend: false,
    }],
    layout: {
      title: { text: (opts.title ?? "VRU allocation vs share spent on interventions, year 2 (Table 7.1)") + (opts.subtitle ? `<br><sub>${opts.subtitle}</sub>` : "") },
      xaxis: { title: { text: "VRU funding allocation (funding tiers), £ million, log scale" }, type: "log", tickvals: tiers, ticktext: tiers.map((t) => `£${t}m`) },
      yaxis: { title: { text: "% of allocation spent on interventions" }, rangemode: "tozero" },
    },
  };
}

/**
 * A cross-tabulation as a heatmap: colour = row percentage (share of the target group's
 * interventions), text = count and row %.
 */
export function crossTabHeatmap(c: CrossTabulation, opts: { title: string; subtitle?: string; xTitle: string; yTitle: string }): Figure {
  const rows = [...c.rowLabels].reverse(); // plotly puts the first row at the bottom
  const idx = rows.map((r) => c.rowLabels.indexOf(r));
  return {
    data: [{
      type: "heatmap", x: c.colLabels, y: rows, z: idx.map((i) => c.rowPercent[i]), colorscale: [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]], zmin: 0, zmax: 100,
      text: idx.map((i) => c.counts[i].map((n, j) => `${n}<br>(${c.rowPercent[i][j].toFixed(0)}%)`)), texttemplate: "%{text}",
      hovertemplate: "%{y}<br>%{x}: %{text} of the row<extra></extra>", colorbar: { title: { text: "row %" } },
    }],
    layout: {
      title: { text: opts.title + (opts.subtitle ? `<br><sub>${opts.subtitle}</sub>` : "") },
      xaxis: { title: { text: opts.xTitle } }, yaxis: { title: { text: opts.yTitle }, automargin: true },
      margin: { l: 220 },
    },
  };
}

/** Percentage of each year's total by category, side by side (counts in the hover). */
export function yearComparisonBars(years: readonly { name: string; column: CountColumn }[], opts: { title: string; subtitle?: string; yTitle?: string }): Figure {
  return {
    data: years.map((y) => ({
      type: "bar", name: y.name, x: y.column.rows.map((r) => r.label), y: y.column.rows.map((r) => (100 * r.number) / y.column.total.number),
      hovertemplate: y.column.rows.map((r) => `${y.name}<br>${r.label}<br>${r.number.toLocaleString("en-GB")} of ${y.column.total.number.toLocaleString("en-GB")} (printed ${r.percent}%)<extra></extra>`),
    })),
    layout: {
      title: { text: opts.title + (opts.subtitle ? `<br><sub>${opts.subtitle}</sub>` : "") },
      barmode: "group",
      yaxis: { title: { text: opts.yTitle ?? "% of the year's total" } },
      legend: { orientation: "h", y: -0.25 },
    },
  };
}
