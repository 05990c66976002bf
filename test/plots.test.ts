import { describe, expect, it } from "vitest";
import type { Effect } from "../src/effect";
import { cumulativePlot, gapPlot, pathPlot } from "../src/plots/effect-plots";
import { wrapTitle } from "../src/plots/figure";
import { onReportMonthAxis, reportEventsOnMonthAxis } from "../src/figures/report-axis";
import { tableHtml } from "../src/display/display";

const months = ["2019-02", "2019-03", "2019-04", "2019-05"];
const effect: Effect = {
  method: "gsynth", settings: {}, att: { estimate: -1, ci: [-2, 0] }, unit: "per 100,000",
  periods: months.map((time, k) => ({ time, relative: k - 2, observed: 10 - k, counterfactual: 10, effect: -k, ci: [-k - 1, -k + 1] as [number, number] })),
  cumulative: [{ time: "2019-04", effect: -2, ci: [-3, -1] }, { time: "2019-05", effect: -5, ci: [-7, -3] }],
};

describe("Effect plots", () => {
  it("draw observed and counterfactual with the report's event lines on monthly data", () => {
    const fig = pathPlot(effect);
    expect(fig.data.map((d) => d.name)).toEqual(["Treated (observed)", "Synthetic control"]);
    expect((fig.layout.shapes as { x0: string }[]).map((s) => s.x0)).toEqual(["2019-04"]);
  });

  it("label simulated data and draw the truth", () => {
    const fig = gapPlot(effect, { truth: [0, 0, -1, -1] });
    expect(JSON.stringify(fig.layout.title)).toMatch(/SIMULATED DATA/);
    expect(fig.data.some((d) => d.name === "True effect (simulation)")).toBe(true);
    expect(cumulativePlot(effect).data.some((d) => d.name === "95% CI")).toBe(true);
    expect(() => cumulativePlot({ ...effect, cumulative: undefined })).toThrow(/no cumulative path/);
  });

  it("re-express months on the report's index (January 2012 = 0, June 2020 = 101)", () => {
    const e = onReportMonthAxis({ ...effect, periods: [{ ...effect.periods[0], time: "2020-06" }] });
    expect(e.periods[0].time).toBe("101");
    expect(reportEventsOnMonthAxis(effect).map((x) => x.x)).toEqual([87]);
  });

  it("wrap long titles and escape table cells", () => {
    expect(wrapTitle("a ".repeat(60).trim(), 20).split("<br>").every((l) => l.length <= 20)).toBe(true);
    const { html, text } = tableHtml([{ a: "<b>", b: 1.234 }], { digits: 1 });
    expect(html).toContain("&lt;b&gt;");
    expect(text).toMatch(/1\.2/);
  });
});
