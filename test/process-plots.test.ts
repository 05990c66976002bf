/** Process-evaluation figures carry the data: one link per edge, colours by evidence grade, counts as loaded. */
import { describe, expect, it } from "vitest";
import { loadProcessEvaluation, sourceMatrix } from "../src/process/index";
import { EVIDENCE_COLOURS, enablerBarrierBars, fieldworkBars, frameworkHeatmap, recommendationSankey, tocNetwork, tocSankey } from "../src/figures/process";
import { wrapTitle } from "../src/plots/figure";

const p = loadProcessEvaluation();

describe("theory-of-change figures", () => {
  it("network: every edge drawn once, in the trace of its evidence grade", () => {
    const f = tocNetwork(p.toc);
    const edgeTraces = (f.data as { name: string; x: (number | null)[]; line: { color: string } }[]).filter((d) => d.name.startsWith("evidence: "));
    expect(edgeTraces.reduce((s, d) => s + d.x.length / 3, 0)).toBe(p.toc.edges.length);
    const strong = edgeTraces.find((d) => d.name === "evidence: strong")!;
    expect(strong.line.color).toBe(EVIDENCE_COLOURS.strong);
    expect(strong.x.length / 3).toBe(p.toc.edges.filter((e) => e.evidence.grade === "strong").length);
  });
  it("sankey: one link per causal edge, coloured by its grade", () => {
    const link = (tocSankey(p.toc).data[0] as { link: { source: number[]; color: string[] } }).link;
    const causal = p.toc.edges.filter((e) => e.kind === "causal");
    expect(link.source).toHaveLength(causal.length);
    const limited = causal.findIndex((e) => e.evidence.grade === "limited");
    expect(link.color[limited]).toBe("rgba(215,48,39,0.55)");
  });
});

describe("framework, fieldwork, findings and recommendations figures", () => {
  it("framework heatmap: 74 rows × 7 sources, marks as in Table A2.2 (first question at the top)", () => {
    const d = frameworkHeatmap(p.framework).data[0] as { z: number[][]; x: string[] };
    expect(d.z).toHaveLength(74);
    expect(d.x).toHaveLength(7);
    expect(d.z[73]).toEqual(sourceMatrix(p.framework).z[0]);
  });
  it("fieldwork bars add to 290", () => {
    const d = fieldworkBars(p.composition).data[0] as { x: number[] };
    expect(d.x.reduce((s, v) => s + v, 0)).toBe(290);
  });
  it("enablers/barriers: 9 and 12 for multi-agency working (barriers drawn to the left)", () => {
    const [en, ba] = enablerBarrierBars(p.findings.findings, ["multi_agency", "data_sharing", "engagement"]).data as { x: number[] }[];
    expect(en.x).toEqual([9, 3, 3]);
    expect(ba.x).toEqual([-12, -5, -6]);
  });
  it("recommendation sankey: a link per recommendation→finding plus one per finding→element", () => {
    const link = (recommendationSankey(p.recommendations, p.findings.findings).data[0] as { link: { source: number[] } }).link;
    const used = new Set(p.recommendations.flatMap((r) => r.links.map((l) => l.finding)));
    expect(link.source).toHaveLength(p.recommendations.reduce((s, r) => s + r.links.length, 0) + used.size);
  });
  it("labels wrap at word boundaries", () => {
    expect(wrapTitle("a bb ccc dddd", 6)).toBe("a bb<br>ccc<br>dddd");
  });
});
