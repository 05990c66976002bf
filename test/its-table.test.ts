/** Table A3.4 helper on a simulated funded-area series with known step, slope and lockdown effects. */
import { describe, expect, it } from "vitest";
import { a34Label, programmeIts, tableA34, tableA34Long } from "../src/chapter2/its-table";
import { monthRange } from "../src/panel/calendar";
import { createRng } from "../src/random";

// SIMULATED: April 2015 – September 2020 (the report's window), trend +30/month, step −500 and
// slope −200/month from April 2019, lockdown −2500 (April–May 2020), month effects, AR(1) noise.
const periods = monthRange("2015-04", "2020-09");
const truth = { step: -500, slope: -200, lockdown: -2500 };
function simulate(seed: number): number[] {
  const rng = createRng(seed);
  const t0 = periods.indexOf("2019-04");
  let u = 0;
  return periods.map((p, t) => {
    u = 0.4 * u + 150 * rng.normal();
    const month = Number(p.slice(5));
    const lock = p === "2020-04" || p === "2020-05" ? truth.lockdown : 0;
    const post = t >= t0 ? truth.step + truth.slope * (t - t0) : 0;
    return 20000 + 30 * t + 400 * Math.sin((2 * Math.PI * month) / 12) + post + lock + u;
  });
}

describe("programme-level ITS (Table A3.4 layout)", () => {
  const y = simulate(7);
  const res = programmeIts(y, periods, { intervention: "2019-04", lockdown: { from: "2020-04", to: "2020-05" } });

  it("recovers the simulated step, slope and lockdown within their intervals", () => {
    for (const k of ["step", "slope", "lockdown"] as const) {
      const t = res[k];
      expect(Math.abs(t.estimate - truth[k]), k).toBeLessThan(4 * t.se!);
    }
    expect(res.lockdown.significant).toBe(true);
    expect(res.slope.significant).toBe(true);
    expect(res.effect.diagnostics!.converged).toBe(true);
  });

  it("prints the report's layout", () => {
    const label = a34Label("Violence with injury", "2019-04");
    expect(label).toBe("Violence with injury (Apr 2019)");
    const rows = tableA34([{ label, result: res }]);
    expect(rows.map((r) => r.Coefficients)).toEqual(["Step-change", "Slope", "Lockdown"]);
    expect(rows[2][label]).toMatch(/^-2\d{3}\.\d{2}\*$/);
    const long = tableA34Long([{ outcome: "Violence with injury", result: res }]);
    expect(long[1]).toMatchObject({ coefficient: "Slope", outcome: "Violence with injury", interventionStart: "2019-04", significant: true });
  });
});
