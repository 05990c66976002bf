/** Figure of the threat-by-threat coverage study (bench/results/coverage.json): coverage and bias by method × threat, with Monte Carlo error bars. */
import { wrapTitle, type Figure } from "./figure";

/** The fields of a coverage.json cell the figure reads. */
export interface CoverageCellLike {
  design: string;
  method: string;
  label: string;
  inference: string;
  scenario: string;
  threats: string;
  worlds: number;
  bias: { value: number; mcse: number };
  coverage?: { value: number; mcse: number };
  rejection?: { value: number; mcse: number };
}

const COLOURS = ["#3572b0", "#e67e22", "#27ae60", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d35400", "#2c3e50"];
/** Threat cells in reading order: none, each alone, all. */
const ORDER = ["none", "covid", "growth", "selection", "regional", "stopsearch", "all"];

/**
 * Two panels for one design and scenario: coverage of the nominal 95% interval (methods without an
 * interval are left out; the dashed line is 0.95) and bias, each point ± 2 Monte Carlo SEs, one
 * colour per method × inference, threat cells along the x axis.
 */
export function coverageFigure(cells: readonly CoverageCellLike[], opts: { design: string; scenario: string; title: string; biasUnit: string }): Figure {
  const rows = cells.filter((c) => c.design === opts.design && c.scenario === opts.scenario);
  const threats = ORDER.filter((t) => rows.some((c) => c.threats === t));
  const methods = [...new Set(rows.map((c) => c.method))];
  const data: Record<string, unknown>[] = [];
  methods.forEach((m, k) => {
    const rs = threats.map((t) => rows.find((c) => c.method === m && c.threats === t));
    const first = rows.find((c) => c.method === m)!;
    const name = `${first.label} — ${first.inference}`;
    const colour = COLOURS[k % COLOURS.length];
    const jitter = (k - (methods.length - 1) / 2) * 0.06;
    const x = threats.map((_, j) => j + jitter);
    const text = rs.map((c) => (c ? `${c.worlds} worlds` : ""));
    if (rs.some((c) => c?.coverage)) {
      data.push({
        type: "scatter", mode: "markers", name, legendgroup: m, x, y: rs.map((c) => c?.coverage?.value ?? null), text, marker: { color: colour, size: 8 },
        error_y: { type: "data", array: rs.map((c) => 2 * (c?.coverage?.mcse ?? 0)), thickness: 1 }, xaxis: "x", yaxis: "y",
        hovertemplate: `${name}<br>coverage %{y:.2f}<br>%{text}<extra></extra>`,
      });
    }
    data.push({
      type: "scatter", mode: "markers", name, legendgroup: m, showlegend: !rs.some((c) => c?.coverage), x, y: rs.map((c) => c?.bias.value ?? null), text,
      marker: { color: colour, size: 8, symbol: "diamond" }, error_y: { type: "data", array: rs.map((c) => 2 * (c?.bias.mcse ?? 0)), thickness: 1 }, xaxis: "x2", yaxis: "y2",
      hovertemplate: `${name}<br>bias %{y:.3f}<br>%{text}<extra></extra>`,
    });
  });
  const ticks = { tickmode: "array", tickvals: threats.map((_, j) => j), ticktext: threats.map((t) => (t === "none" ? "no threat" : t === "all" ? "all threats" : `${t} only`)) };
  return {
    data,
    layout: {
      title: { text: wrapTitle(`${opts.title} — SIMULATED DATA (${opts.scenario === "null" ? "no true effect" : "true effect = the report's estimate"}); bars ± 2 Monte Carlo SEs`, 90) },
      grid: { rows: 2, columns: 1, pattern: "independent" },
      xaxis: { ...ticks }, xaxis2: { ...ticks, title: { text: "threats to identification switched on in the simulated world" } },
      yaxis: { title: { text: "coverage of the 95% interval" }, range: [0, 1.05] },
      yaxis2: { title: { text: `bias (${opts.biasUnit})` }, zeroline: true },
      shapes: [
        { type: "line", xref: "x domain", yref: "y", x0: 0, x1: 1, y0: 0.95, y1: 0.95, line: { dash: "dash", color: "#c0392b", width: 1 } },
        { type: "line", xref: "x2 domain", yref: "y2", x0: 0, x1: 1, y0: 0, y1: 0, line: { color: "#555", width: 1 } },
      ],
      height: 760, legend: { orientation: "h", y: -0.16 },
    },
  };
}

/**
 * One sentence per method of a design: the single threat that biases it most (largest |bias|
 * in units of its MC SE among cells significantly biased), and the coverage with none and with
 * all threats. Returns "" for a method the cells do not have.
 */
export function threatSentence(cells: readonly CoverageCellLike[], design: string, method: string, unit: string): string {
  const rows = cells.filter((c) => c.design === design && c.method === method && c.scenario === "report");
  if (!rows.length) return "";
  const single = rows.filter((c) => c.threats !== "none" && c.threats !== "all");
  const worst = [...single].sort((a, b) => Math.abs(b.bias.value) - Math.abs(a.bias.value))[0];
  const none = rows.find((c) => c.threats === "none"), all = rows.find((c) => c.threats === "all");
  const f = (x: number) => x.toFixed(Math.abs(x) < 1 ? 3 : 2).replace("-", "−");
  const cov = (c?: CoverageCellLike) => (c?.coverage ? `${c.coverage.value.toFixed(2)} ± ${(2 * c.coverage.mcse).toFixed(2)}` : "no interval");
  const sig = worst && Math.abs(worst.bias.value) > 2 * worst.bias.mcse;
  return `**${rows[0].label} (${rows[0].inference})**: ` +
    (!single.length ? "single-threat cells are not in this run" : sig ? `the threat that biases it most on its own is **${worst.threats}** (bias ${f(worst.bias.value)} ± ${f(2 * worst.bias.mcse)} ${unit})` : `no single threat biases it beyond Monte Carlo error`) +
    `; bias ${none ? f(none.bias.value) : "–"} with no threat and ${all ? f(all.bias.value) : "–"} with all; coverage ${cov(none)} with no threat, ${cov(all)} with all.`;
}

/**
 * "Under <threat> alone, <remedy> moves the bias of <base> from X to Y and its coverage from A
 * to B" for two methods of one design measured in the same cells ("" when either is missing).
 */
export function remedySentence(cells: readonly CoverageCellLike[], design: string, threat: string, base: string, remedy: string): string {
  const at = (m: string) => cells.find((c) => c.design === design && c.method === m && c.scenario === "report" && c.threats === threat);
  const b = at(base), r = at(remedy);
  if (!b || !r) return "";
  const f = (x: number) => x.toFixed(Math.abs(x) < 1 ? 3 : 2).replace("-", "−");
  const cov = (c: CoverageCellLike) => (c.coverage ? c.coverage.value.toFixed(2) : "–");
  return `with **${threat === "all" ? "all threats" : `${threat} alone`}**, ${r.label} (${r.inference}) has bias ${f(r.bias.value)} ± ${f(2 * r.bias.mcse)} and coverage ${cov(r)} (${r.worlds} worlds), against ${f(b.bias.value)} and ${cov(b)} (${b.worlds} worlds) for ${b.label} (${b.inference})`;
}
