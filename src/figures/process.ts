/**
 * Process-evaluation figures: the theory of change as a network and as a Sankey (links coloured
 * by the strength of evidence the report gives), the evaluation framework as a heatmap of
 * research questions × data sources, fieldwork composition, enablers/barriers per element, the
 * local-evaluation landscape and recommendations traced to findings.
 */
import { wrapTitle } from "../plots/figure";
import type { Figure } from "../plots/figure";
import { EVIDENCE_GRADES, TOC_LEVELS, type EvidenceGrade, type TheoryOfChange, type TocNode } from "../process/theory-of-change";
import { sourceMatrix, type Framework } from "../process/framework";
import type { Element, Finding, Recommendation } from "../process/findings";
import type { FieldworkComposition } from "../process/fieldwork";

export const EVIDENCE_COLOURS: Record<EvidenceGrade, string> = {
  strong: "#1a9850", some: "#91cf60", emerging: "#fdae61", limited: "#d73027", not_graded: "#bdbdbd",
};
const GRADE_LABEL: Record<EvidenceGrade, string> = { strong: "strong", some: "some", emerging: "emerging", limited: "limited", not_graded: "not graded" };
const ELEMENT_LABEL: Record<Element, string> = {
  design: "Design & models (ch. 3)", multi_agency: "Multi-agency (ch. 4)", data_sharing: "Data sharing (ch. 5)",
  engagement: "Engagement (ch. 6)", interventions: "Interventions (ch. 7)", cross_cutting: "Cross-cutting (1.4, 8.2, A5)",
};
export const elementLabel = (e: Element): string => ELEMENT_LABEL[e];

const title = (text: string, subtitle?: string) => ({ text: text + (subtitle ? `<br><sub>${subtitle}</sub>` : "") });

/** Column (level) and row of each node: levels left to right, Surge strand at the bottom of its column. */
function tocLayout(toc: TheoryOfChange): Map<string, { x: number; y: number }> {
  const pos = new Map<string, { x: number; y: number }>();
  const maxRows = Math.max(...TOC_LEVELS.map((l) => toc.nodes.filter((n) => n.level === l).length));
  for (const [k, level] of TOC_LEVELS.entries()) {
    const col = toc.nodes.filter((n) => n.level === level).sort((a, b) => Number(a.strand === "surge") - Number(b.strand === "surge"));
    const step = maxRows / col.length;
    col.forEach((n, i) => pos.set(n.id, { x: k, y: maxRows - step * (i + 0.5) }));
  }
  return pos;
}

const nodeHover = (n: TocNode) => `<b>${n.label}</b><br>${n.level}${n.tier ? ` (${n.tier})` : ""} · section ${n.section}` +
  `<br>evidence: ${GRADE_LABEL[n.evidence.grade]}${n.evidence.section ? ` (${n.evidence.section})` : ""}` +
  (n.evidence.phrase ? `<br><i>${wrapTitle(n.evidence.phrase, 70)}</i>` : "") + (n.interpretive ? "<br>[reconstructed from the text]" : "") + (n.quotedFromToc ? "<br>[ToC wording quoted in 8.1]" : "");

/**
 * The ToC as a network: nodes by level (x), edges coloured by evidence grade (one legend entry
 * per grade), node borders coloured by the node's own grade; dashed = Surge strand links.
 */
export function tocNetwork(toc: TheoryOfChange, opts: { title?: string; subtitle?: string } = {}): Figure {
  const pos = tocLayout(toc);
  const edgeTraces = EVIDENCE_GRADES.flatMap((g) => {
    const es = toc.edges.filter((e) => e.evidence.grade === g);
    if (es.length === 0) return [];
    const x: (number | null)[] = [];
    const y: (number | null)[] = [];
    for (const e of es) {
      const a = pos.get(e.from)!;
      const b = pos.get(e.to)!;
      x.push(a.x, b.x, null);
      y.push(a.y, b.y, null);
    }
    return [{ type: "scatter", mode: "lines", x, y, name: `evidence: ${GRADE_LABEL[g]}`, line: { color: EVIDENCE_COLOURS[g], width: g === "not_graded" ? 1 : 2.5 }, hoverinfo: "skip", legendgroup: g }];
  });
  const special = toc.edges.filter((e) => e.kind !== "causal");
  const specialTrace = {
    type: "scatter", mode: "lines", name: "VRU ↔ Surge (alignment / informs)", hoverinfo: "skip",
    x: special.flatMap((e) => [pos.get(e.from)!.x, pos.get(e.to)!.x, null]), y: special.flatMap((e) => [pos.get(e.from)!.y, pos.get(e.to)!.y, null]),
    line: { color: "#6a3d9a", width: 1.5, dash: "dot" },
  };
  const nodes = toc.nodes;
  const nodeTrace = {
    type: "scatter", mode: "markers+text", name: "nodes", showlegend: false,
    x: nodes.map((n) => pos.get(n.id)!.x), y: nodes.map((n) => pos.get(n.id)!.y),
    text: nodes.map((n) => wrapTitle(n.label, 30)), textposition: "middle right", textfont: { size: 9 },
    marker: { size: 14, color: nodes.map((n) => EVIDENCE_COLOURS[n.evidence.grade]), symbol: nodes.map((n) => (n.strand === "surge" ? "diamond" : n.interpretive ? "circle-open" : "circle")), line: { width: 2, color: nodes.map((n) => EVIDENCE_COLOURS[n.evidence.grade]) } },
    hovertext: nodes.map(nodeHover), hoverinfo: "text",
  };
  return {
    data: [...edgeTraces, specialTrace, nodeTrace],
    layout: {
      title: title(opts.title ?? "Programme-level theory of change, coloured by the strength of evidence in the report", opts.subtitle ?? "Reconstructed from the text (Figure 1.1 and Annex 4 are images); open circles = nodes read from the text, diamonds = Surge"),
      xaxis: { tickvals: TOC_LEVELS.map((_, k) => k), ticktext: ["inputs", "activities", "outputs", "outcomes", "impacts"], range: [-0.1, TOC_LEVELS.length - 0.15], zeroline: false, showgrid: false, side: "top" },
      yaxis: { visible: false, range: [-0.5, Math.max(...[...pos.values()].map((p) => p.y)) + 1.2] },
      height: 820, hovermode: "closest", legend: { orientation: "h", y: -0.02 }, margin: { l: 20, r: 20, t: 110, b: 40 },
    },
  };
}

/** The ToC as a Sankey (every link weight 1; colour = evidence grade of the link). */
export function tocSankey(toc: TheoryOfChange, opts: { title?: string } = {}): Figure {
  const idx = new Map(toc.nodes.map((n, i) => [n.id, i]));
  const pos = tocLayout(toc);
  const maxY = Math.max(...[...pos.values()].map((p) => p.y)) + 0.5;
  const causal = toc.edges.filter((e) => e.kind === "causal");
  const rgba = (hex: string, a: number) => `rgba(${parseInt(hex.slice(1, 3), 16)},${parseInt(hex.slice(3, 5), 16)},${parseInt(hex.slice(5, 7), 16)},${a})`;
  return {
    data: [{
      type: "sankey", arrangement: "fixed",
      node: {
        label: toc.nodes.map((n) => n.label), pad: 8, thickness: 14,
        // Fixed columns by ToC level (plotly's own layout would put nodes by path depth instead).
        x: toc.nodes.map((n) => 0.01 + (0.98 * pos.get(n.id)!.x) / (TOC_LEVELS.length - 1)), y: toc.nodes.map((n) => 0.02 + 0.96 * (1 - pos.get(n.id)!.y / maxY)),
        color: toc.nodes.map((n) => EVIDENCE_COLOURS[n.evidence.grade]), customdata: toc.nodes.map(nodeHover), hovertemplate: "%{customdata}<extra></extra>",
      },
      link: {
        source: causal.map((e) => idx.get(e.from)!), target: causal.map((e) => idx.get(e.to)!), value: causal.map(() => 1),
        color: causal.map((e) => rgba(EVIDENCE_COLOURS[e.evidence.grade], 0.55)),
        customdata: causal.map((e) => `${GRADE_LABEL[e.evidence.grade]} evidence${e.ownEvidence ? " (for this link)" : ""}${e.evidence.section ? `, ${e.evidence.section}` : ""}`),
        hovertemplate: "%{source.label} → %{target.label}<br>%{customdata}<extra></extra>",
      },
    }],
    layout: {
      title: title(opts.title ?? "Theory of change as flows: inputs → activities → outputs → outcomes → impacts", `link colour = evidence: ${EVIDENCE_GRADES.map((g) => `<span style="color:${EVIDENCE_COLOURS[g]}">■ ${GRADE_LABEL[g]}</span>`).join("  ")}`),
      height: 760, font: { size: 10 }, margin: { l: 10, r: 10, t: 90, b: 10 },
    },
  };
}

/** Table A2.2 as a heatmap: research questions (rows, printed order) × data sources; hover gives the question. */
export function frameworkHeatmap(f: Framework, opts: { title?: string } = {}): Figure {
  const m = sourceMatrix(f);
  const qs = [...f.questions].reverse(); // plotly draws the first row at the bottom
  const z = [...m.z].reverse();
  const themeColour = new Map([...new Set(f.questions.map((q) => q.theme))].map((t, i) => [t, ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b"][i % 5]]));
  return {
    data: [{
      type: "heatmap", x: m.colLabels, y: qs.map((q) => `${q.id}${q.priority ? "*" : ""} ${q.subTheme.slice(0, 28)}`), z,
      colorscale: [[0, "#f7f7f7"], [1, "#08519c"]], zmin: 0, zmax: 1, showscale: false, xgap: 2, ygap: 1,
      customdata: qs.map((q) => m.colLabels.map(() => `${q.theme} / ${q.subTheme}${q.priority ? " (priority)" : ""}<br>${wrapTitle(q.question, 80)}`)),
      hovertemplate: "%{y} × %{x}: %{z}<br>%{customdata}<extra></extra>",
    }],
    layout: {
      title: title(opts.title ?? "Evaluation framework (Table A2.2): 74 research questions × 7 data sources", "blue = source marked X; * = priority sub-theme in 2020/21; row labels coloured by theme"),
      height: 1400, margin: { l: 260, r: 20, t: 130, b: 40 }, xaxis: { side: "top", tickangle: 0 },
      yaxis: { tickfont: { size: 9 }, automargin: true, tickmode: "array", tickvals: qs.map((q) => `${q.id}${q.priority ? "*" : ""} ${q.subTheme.slice(0, 28)}`), ticktext: qs.map((q) => `<span style="color:${themeColour.get(q.theme)}">${q.id}${q.priority ? "*" : ""} ${q.subTheme.slice(0, 28)}</span>`) },
    },
  };
}

/** A count heatmap with the count written in each cell. */
export function countHeatmap(t: { rowLabels: string[]; colLabels: string[]; counts: number[][] }, opts: { title: string; subtitle?: string; xTitle?: string; yTitle?: string; height?: number }): Figure {
  const rows = [...t.rowLabels].reverse();
  const counts = [...t.counts].reverse();
  return {
    data: [{
      type: "heatmap", x: t.colLabels, y: rows, z: counts, text: counts.map((r) => r.map((v) => (v === 0 ? "" : String(v)))), texttemplate: "%{text}",
      colorscale: [[0, "#ffffff"], [1, "#08306b"]], zmin: 0, showscale: false, xgap: 1, ygap: 1, hovertemplate: "%{y} × %{x}: %{z}<extra></extra>",
    }],
    layout: {
      title: title(opts.title, opts.subtitle), height: opts.height ?? Math.max(360, 100 + 28 * rows.length), margin: { l: 200, r: 20, t: 90, b: 130 },
      xaxis: { title: { text: opts.xTitle ?? "" }, side: "bottom" }, yaxis: { title: { text: opts.yTitle ?? "" }, automargin: true },
    },
  };
}

/** Section 1.4: interviews by participant group, with count and share. */
export function fieldworkBars(rows: readonly FieldworkComposition[], opts: { title?: string } = {}): Figure {
  return {
    data: [{
      type: "bar", orientation: "h", y: rows.map((r) => wrapTitle(r.group, 34)), x: rows.map((r) => r.interviews),
      text: rows.map((r) => `${r.interviews} (${r.percent.toFixed(0)}%)`), textposition: "outside", marker: { color: ["#08519c", "#3182bd", "#6baed6", "#fd8d3c"] },
      customdata: rows.map((r) => r.level), hovertemplate: "%{y}<br>%{x} interviews · level: %{customdata}<extra></extra>",
    }],
    layout: {
      title: title(opts.title ?? "Fieldwork: 290 interviews and discussion groups, 18 VRUs, August 2020 – March 2021 (section 1.4)", "three phases; counts by phase are not published"),
      xaxis: { title: { text: "interviews and discussion groups" }, range: [0, 125] }, yaxis: { autorange: "reversed", automargin: true }, height: 360, margin: { l: 240, r: 30, t: 80, b: 50 },
    },
  };
}

/** Enablers and barriers per element (one horizontal bar each), from the printed bullets. */
export function enablerBarrierBars(findings: readonly Finding[], elements: readonly Element[], opts: { title?: string } = {}): Figure {
  const count = (e: Element, k: string) => findings.filter((f) => f.element === e && f.kind === k).length;
  const labels = elements.map(elementLabel);
  const most = Math.max(...elements.flatMap((e) => [count(e, "enabler"), count(e, "barrier")]));
  const step = most > 10 ? 5 : 2;
  const ticks = Array.from({ length: 2 * Math.ceil(most / step) + 1 }, (_, i) => (i - Math.ceil(most / step)) * step);
  const hover = (e: Element, k: string) => findings.filter((f) => f.element === e && f.kind === k).map((f) => `• ${wrapTitle(f.summary, 70)}`).join("<br>");
  return {
    data: [
      { type: "bar", orientation: "h", name: "enablers", y: labels, x: elements.map((e) => count(e, "enabler")), marker: { color: "#1a9850" }, hovertext: elements.map((e) => hover(e, "enabler")), hoverinfo: "text", text: elements.map((e) => String(count(e, "enabler"))), textposition: "inside" },
      { type: "bar", orientation: "h", name: "barriers", y: labels, x: elements.map((e) => -count(e, "barrier")), marker: { color: "#d73027" }, hovertext: elements.map((e) => hover(e, "barrier")), hoverinfo: "text", text: elements.map((e) => String(count(e, "barrier"))), textposition: "inside" },
    ],
    layout: {
      title: title(opts.title ?? "Enablers (right) and barriers (left) reported per element", "one per printed bullet (chapter 3: findings read from its prose); hover lists them"),
      barmode: "relative", xaxis: { title: { text: "← barriers · enablers →" }, zeroline: true, tickvals: ticks, ticktext: ticks.map((t) => String(Math.abs(t))) }, yaxis: { autorange: "reversed", automargin: true },
      height: 120 + 50 * elements.length, margin: { l: 200, r: 20, t: 80, b: 50 },
    },
  };
}

/**
 * Recommendations traced to findings: Sankey from each recommendation (left) to the findings it
 * rests on (middle) to their element (right). Solid links = the rationale states the evidence;
 * light links = this project's reading.
 */
export function recommendationSankey(recs: readonly Recommendation[], findings: readonly Finding[], opts: { title?: string } = {}): Figure {
  const byId = new Map(findings.map((f) => [f.id, f]));
  const used = [...new Set(recs.flatMap((r) => r.links.map((l) => l.finding)))];
  const els = [...new Set(used.map((id) => byId.get(id)!.element))];
  const labels = [
    ...recs.map((r) => `${r.id} (${r.addressee}): ${r.text.slice(0, 60)}${r.text.length > 60 ? "…" : ""}`),
    ...used.map((id) => `${id} ${byId.get(id)!.summary.slice(0, 50)} (${byId.get(id)!.section})`),
    ...els.map(elementLabel),
  ];
  const recIdx = (i: number) => i;
  const fIdx = (id: string) => recs.length + used.indexOf(id);
  const eIdx = (e: Element) => recs.length + used.length + els.indexOf(e);
  const links = [
    ...recs.flatMap((r, i) => r.links.map((l) => ({ s: recIdx(i), t: fIdx(l.finding), c: l.basis === "stated" ? "rgba(33,102,172,0.7)" : "rgba(146,197,222,0.6)", h: `${r.id} rests on ${l.finding} (${l.basis})` }))),
    ...used.map((id) => ({ s: fIdx(id), t: eIdx(byId.get(id)!.element), c: "rgba(180,180,180,0.5)", h: `${id}: ${byId.get(id)!.kind}` })),
  ];
  return {
    data: [{
      type: "sankey", node: { label: labels, pad: 6, thickness: 12, color: [...recs.map((r) => (r.kind === "recommendation" ? "#2166ac" : "#762a83")), ...used.map(() => "#999"), ...els.map(() => "#555")] },
      link: { source: links.map((l) => l.s), target: links.map((l) => l.t), value: links.map(() => 1), color: links.map((l) => l.c), customdata: links.map((l) => l.h), hovertemplate: "%{customdata}<extra></extra>" },
    }],
    layout: {
      title: title(opts.title ?? "Recommendations (8.3) and areas for investigation (8.4) traced to the findings they rest on", "dark links: evidence named in the recommendation's rationale; light: this project's reading"),
      height: 820, font: { size: 10 }, margin: { l: 10, r: 10, t: 80, b: 10 },
    },
  };
}

/** Horizontal bars of a count map (e.g. methods named across local evaluations). */
export function countBars(counts: Map<string, number>, opts: { title: string; subtitle?: string; xTitle: string; top?: number }): Figure {
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, opts.top ?? 30);
  return {
    data: [{ type: "bar", orientation: "h", y: rows.map(([k]) => k), x: rows.map(([, v]) => v), marker: { color: "#3182bd" }, hovertemplate: "%{y}: %{x}<extra></extra>" }],
    layout: { title: title(opts.title, opts.subtitle), xaxis: { title: { text: opts.xTitle }, dtick: 1 }, yaxis: { autorange: "reversed", automargin: true }, height: 120 + 22 * rows.length, margin: { l: 260, r: 20, t: 80, b: 50 } },
  };
}

/** Printed percentages of one breakdown (e.g. the 182 impact indicators of 5.1.2) as bars, labelled with the base. */
export function percentBars(rows: readonly { category: string; percent: number | null; base: number | null }[], opts: { title: string; subtitle?: string }): Figure {
  const r = rows.filter((x) => x.percent !== null);
  return {
    data: [{
      type: "bar", orientation: "h", y: r.map((x) => x.category), x: r.map((x) => x.percent), text: r.map((x) => `${x.percent}% of ${x.base}`), textposition: "outside",
      marker: { color: "#3182bd" }, hovertemplate: "%{y}: %{x}%<extra></extra>",
    }],
    layout: { title: title(opts.title, opts.subtitle), xaxis: { title: { text: "% as printed" }, range: [0, 75] }, yaxis: { autorange: "reversed", automargin: true }, height: 140 + 40 * r.length, margin: { l: 280, r: 30, t: 80, b: 50 } },
  };
}
