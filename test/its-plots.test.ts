/** ITS figures: the right traces, aligned with the Effect. */
import { describe, expect, it } from "vitest";
import { fitItsModel } from "../src/estimators/its/index";
import { acfPacfPlot, itsPlot } from "../src/plots/its-plots";
import { monthRange } from "../src/panel/calendar";

const periods = monthRange("2016-01", "2020-12");
const y = periods.map((_, t) => 100 + t + (t >= 36 ? -10 - 0.5 * (t - 36) : 0) + 3 * Math.sin(t * 1.7));

describe("ITS plots", () => {
  const m = fitItsModel(y, periods, { intervention: "2019-01" });
  it("segmented fit and counterfactual band cover the post period", () => {
    const fig = itsPlot(m, { title: "x", simulated: true });
    const names = fig.data.map((d) => d.name);
    expect(names).toEqual(["Counterfactual 95% interval", "Observed", "Fitted segmented regression", "Counterfactual (pre-period trend extended)"]);
    expect((fig.data[0].x as string[]).length).toBe(2 * 24);
    expect((fig.data[3].y as number[]).slice(1)).toEqual(m.effect.periods.slice(36).map((p) => p.counterfactual));
    expect((fig.layout.title as { text: string }).text).toMatch(/SIMULATED DATA/);
  });
  it("ACF and PACF panels with the white-noise band", () => {
    const fig = acfPacfPlot(m.residuals, 12);
    expect(fig.data).toHaveLength(2);
    expect((fig.data[0].y as number[]).length).toBe(12);
    expect((fig.layout.shapes as unknown[]).length).toBe(4);
  });
});
