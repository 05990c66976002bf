/** Bad input to the staggered estimators raises an InputError naming the unit, period or option. */
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors";
import { fit } from "../src/estimators/staggered/index";
import { simulateStaggered, type StaggeredWorld } from "../src/simulate/staggered";
import { baconPlot, staggeredEventStudyPlot } from "../src/plots/staggered";

const ids = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
const world = (never: number): StaggeredWorld => ({
  periods: ["1", "2", "3", "4", "5", "6"],
  cohorts: [{ start: "3", units: ids("a", 6), level: 1, slope: 0.5 }, { start: "5", units: ids("b", 6), level: 0.5, slope: 0 }],
  neverTreated: ids("n", never),
});
const { panel, truth } = simulateStaggered(world(6), 3);

async function inputError(p: Promise<unknown>, message: RegExp) {
  await expect(p).rejects.toBeInstanceOf(InputError);
  await expect(p).rejects.toThrow(message);
}

describe("staggered estimators: input errors", () => {
  it("names the missing cell of an unbalanced panel", async () => {
    const y = Float64Array.from(panel.y);
    y[panel.units.indexOf("b2") * panel.periods.length + 3] = NaN;
    await inputError(fit({ ...panel, y }, { estimator: "cs" }), /balanced panel: outcome "y" is missing for unit b2, period 4/);
    await inputError(fit({ ...panel, y }, { estimator: "bacon" }), /unit b2, period 4/);
    // The regression-based estimators accept the missing cell.
    expect(Number.isFinite((await fit({ ...panel, y }, { estimator: "imputation" })).att.estimate)).toBe(true);
    expect(Number.isFinite((await fit({ ...panel, y }, { estimator: "sa" })).att.estimate)).toBe(true);
  });

  it("rejects options that do not apply or are out of range", async () => {
    await inputError(fit(panel, { estimator: "sa", control: "notyet" }), /control "notyet" does not apply to sa; use never or last/);
    await inputError(fit(panel, { estimator: "imputation", control: "never" }), /control does not apply to imputation/);
    await inputError(fit(panel, { estimator: "cs", alpha: 2 }), /alpha must be between 0 and 1/);
    await inputError(fit(panel, { estimator: "cs", anticipation: -1 }), /anticipation/);
    await inputError(fit(panel, { estimator: "cs", covariates: ["x"] }), /covariate "x" is not in the panel/);
    await inputError(fit(panel, { estimator: "sa", cluster: "force" }), /cluster column "force"/);
    await inputError(fit(panel, { estimator: "bacon", covariates: ["x"] }), /without covariates/);
  });

  it("needs comparison units the chosen design defines", async () => {
    const { panel: noNever } = simulateStaggered(world(0), 3);
    await inputError(fit(noNever, { estimator: "sa" }), /no unit is never treated/);
    // Without never-treated units, CS with not-yet-treated controls and SA with the last cohort still work.
    const ny = await fit(noNever, { estimator: "cs", control: "notyet", replicates: 0 });
    expect(ny.periods.some((p) => p.relative === 0)).toBe(true);
    const last = await fit(noNever, { estimator: "sa", control: "last" });
    expect(last.periods.every((p) => p.relative < 2)).toBe(true);
  });
});

describe("staggered plot builders", () => {
  it("draw the decomposition by type and the event studies with the truth", async () => {
    const bacon = await fit(panel, { estimator: "bacon" });
    const fig = baconPlot(bacon, { simulated: true, truth: truth.att });
    expect(fig.data.map((t) => String(t.name).split(" (")[0])).toEqual(["treated vs never", "earlier vs later", "later vs earlier"]);
    expect((fig.layout.shapes as unknown[]).length).toBe(2);
    expect(String((fig.layout.title as { text: string }).text)).toMatch(/SIMULATED/);
    const cs = await fit(panel, { estimator: "cs", replicates: 99 });
    const es = staggeredEventStudyPlot([{ name: "CS", effect: cs }], { truth: truth.byEvent });
    expect(es.data).toHaveLength(2);
    expect(es.data[0].y).toEqual(cs.periods.map((p) => p.effect));
    expect(() => baconPlot(cs)).toThrow(/bacon/);
  });
});
