/**
 * Readable figures and tables: event labels that cannot overlap, quarterly tick labels that
 * stay horizontal, wrapped titles, and table numbers without binary noise. (The exported PNGs
 * were also checked by eye; these pin the layout settings that made them readable.)
 */
import { describe, expect, it } from "vitest";
import { eventLines, quarterAxis } from "../src/plots/figure";
import { REPORT_EVENTS } from "../src/panel/calendar";
import { formatNumber, tableHtml } from "../src/display/display";
import { pathPlot } from "../src/plots/effect-plots";
import { itsPlot } from "../src/plots/its-plots";
import { figure2_1, figure2_2 } from "../src/figures/chapter2";
import { fitItsModel } from "../src/estimators/its/index";
import type { Effect } from "../src/effect";
import { monthIndex } from "../src/panel/calendar";

const effectOn = (times: string[], t0: number): Effect => ({
  method: "gsynth", settings: {}, att: { estimate: 0 },
  periods: times.map((time, k) => ({ time, relative: k - t0, observed: k, counterfactual: k, effect: 0 })),
} as unknown as Effect);

const months = Array.from({ length: 105 }, (_, k) => `${2012 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`);
const quarters = Array.from({ length: 35 }, (_, k) => `${2012 + Math.floor(k / 4)}-Q${(k % 4) + 1}`);
type Annotation = { x: unknown; y: number; yanchor: string; xanchor: string; textangle: number; text: string; bgcolor: string };

describe("figure layout", () => {
  it("event labels run up their own lines, so events months apart never overlap (Figure 2.1)", () => {
    const fig = figure2_1(effectOn(months, monthIndex("2019-04")));
    const notes = fig.layout.annotations as Annotation[];
    const lines = fig.layout.shapes as { x0: unknown }[];
    expect(notes.map((a) => a.x)).toEqual([87, 92, 99]);
    expect(lines.map((l) => l.x0)).toEqual([87, 92, 99]);
    for (const a of notes) expect(a).toMatchObject({ textangle: -90, y: 1, yanchor: "top", xanchor: "right" });
    for (const a of notes) expect(a.bgcolor).toMatch(/rgba\(255,255,255,0\.\d+\)/);
    expect(eventLines(REPORT_EVENTS.map((e) => ({ x: e.period, label: e.label }))).annotations).toHaveLength(3);
  });

  it("quarterly axes tick once a year, horizontally, with automargin (Figure 2.2)", () => {
    const x = figure2_2(effectOn(quarters, 29)).layout.xaxis as Record<string, unknown>;
    expect(x.tickvals).toEqual(quarters.filter((q) => q.endsWith("Q1")));
    expect(x.ticktext).toEqual(["2012", "2013", "2014", "2015", "2016", "2017", "2018", "2019", "2020"]);
    expect(x).toMatchObject({ tickangle: 0, automargin: true, type: "category" });
    expect(quarterAxis(months)).toEqual({});
    expect((pathPlot(effectOn(months, 87)).layout.xaxis as Record<string, unknown>).tickvals).toBeUndefined();
  });

  it("long titles wrap (ITS figures too) so none is clipped at the figure's edges", () => {
    const y = Array.from({ length: 60 }, (_, t) => 100 + t + (t >= 40 ? -5 : 0) + Math.sin(t));
    const periods = months.slice(0, 60);
    const title = "Figure 2.5: ITS of police recorded violence with injury (all SV-funded areas), intervention 2019-04";
    const fig = itsPlot(fitItsModel(y, periods, { intervention: periods[40] }), { title, simulated: true });
    const text = (fig.layout.title as { text: string }).text;
    expect(text).toContain("<br>");
    for (const line of text.split("<br>")) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe("table numbers", () => {
  it("show numbers to 7 significant digits (as R prints), whole parts in full, without binary noise", () => {
    expect(formatNumber(-0.02999999999999991)).toBe("-0.03");
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(formatNumber(34321607)).toBe("34321607");
    expect(formatNumber(3.16)).toBe("3.16");
    expect(formatNumber(1 / 3)).toBe("0.3333333");
    expect(formatNumber(-8.55729162099)).toBe("-8.557292");
    expect(formatNumber(268125706.224)).toBe("268125706");
    expect(formatNumber(0.000123456789)).toBe("0.0001234568");
    expect(formatNumber(NaN)).toBe("–");
  });

  it("with fixed digits, never print minus zero", () => {
    expect(formatNumber(-0.0001, 2)).toBe("0.00");
    expect(formatNumber(-0.02999999999999991, 2)).toBe("-0.03");
    expect(formatNumber(1234.5, 1)).toBe("1,234.5");
  });

  it("tables render through the same formatting (HTML and text)", () => {
    const { html, text } = tableHtml([{ quantity: "difference", value: 0.27 - 0.3 }]);
    expect(html).toContain("<td>-0.03</td>");
    expect(text).not.toMatch(/\d{6,}/);
  });
});
