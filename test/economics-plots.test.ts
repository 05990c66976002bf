/** Cost-benefit figures: structure and the numbers they carry. */
import { describe, expect, it } from "vitest";
import { REPORT_PARAMS, VWI, VWOI, linspace, monteCarlo, reportImpliedRecorded, setMultiplier, standardInputs, tornado, twoWayGrid } from "../src/economics/index";
import { ratioHistogram, tornadoChart, twoWayHeatmap } from "../src/figures/economics";

describe("cost-benefit figures", () => {
  it("tornado: one low and one high trace, bars based at the central ratio, widest on top", () => {
    const t = tornado(REPORT_PARAMS, standardInputs(REPORT_PARAMS));
    const f = tornadoChart(t);
    expect(f.data).toHaveLength(2);
    const low = f.data[0] as { y: string[]; x: number[]; base: number[] };
    expect(low.y[low.y.length - 1]).toBe(t.bars[0].name); // plotly draws the last category on top
    expect(low.base[0]).toBeCloseTo(t.baseRatio, 12);
    expect(low.x[low.x.length - 1] + t.baseRatio).toBeCloseTo(t.bars[0].ratioAtLow, 12);
  });

  it("histogram: densities integrate to the share of draws in range; P(ratio > 1) in the legend", () => {
    const mc = monteCarlo({ base: REPORT_PARAMS, recorded: reportImpliedRecorded(), dependence: "comonotone", draws: 5_000, seed: 3 });
    const f = ratioHistogram(mc);
    const bars = f.data as { x: number[]; y: number[]; width: number; name: string }[];
    const mass = bars.reduce((s, b) => s + b.y.reduce((a, y) => a + y * b.width, 0), 0);
    expect(mass).toBeGreaterThan(0.99);
    expect(mass).toBeLessThanOrEqual(1 + 1e-9);
    expect(bars[1].name).toContain(mc.summary.pAboveOne.toFixed(3));
    expect(bars[0].x.every((x) => x <= 1) && bars[1].x.every((x) => x > 1)).toBe(true);
  });

  it("heatmap: colour scale spans 1 (white = break-even) and carries the break-even contour", () => {
    const g = twoWayGrid(REPORT_PARAMS, { name: "m1", values: linspace(1, 3, 5), set: setMultiplier(VWOI) }, { name: "m2", values: linspace(1, 5, 5), set: setMultiplier(VWI) });
    const f = twoWayHeatmap(g, { mark: { x: 1.5, y: 2.6, label: "report" } });
    const h = f.data[0] as { zmin: number; colorscale: [number, string][] };
    expect(h.zmin).toBe(1);
    expect(h.colorscale[0][1]).toBe("#ffffff");
    expect(f.data.some((d) => d.name === "break-even (ratio = 1)")).toBe(true);
    expect(f.data).toHaveLength(4);
  });
});
