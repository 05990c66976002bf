import { describe, expect, it } from "vitest";
import { simulateEvaluation, resolveThreats, THREATS, type ThreatName, type SimulatedEvaluation } from "../src/simulate/index";
import { InputError } from "../src/errors";

type Sim = SimulatedEvaluation;
const names = (s: Sim) => Object.keys(s.panels) as (keyof Sim["panels"])[];
/** Cells of y (or of a covariate) that differ between two worlds, as "panel:unit:period". */
function changed(a: Sim, b: Sim, which: "y" | string = "y"): string[] {
  const out: string[] = [];
  for (const n of names(a)) {
    const p = a.panels[n]!, q = b.panels[n]!;
    const x = which === "y" ? p.y : p.covariates[which], z = which === "y" ? q.y : q.covariates[which];
    if (!x) continue;
    const T = p.periods.length;
    for (let k = 0; k < x.length; k++) if (x[k] !== z[k]) out.push(`${n}:${p.units[Math.floor(k / T)]}:${p.periods[k % T]}`);
  }
  return out;
}
/**
 * The true effect of every cell is the same (up to rounding: it is computed as λ1 − λ0). The one
 * exception: the local-authority panel splits each force's effect over its districts in proportion
 * to their simulated violence, which growth and regional shocks move a little (under 1%).
 */
const truthEqual = (a: Sim, b: Sim) => {
  for (const n of names(a)) {
    const x = a.truth[n]!.cells, z = b.truth[n]!.cells;
    let worst = 0;
    for (let k = 0; k < x.length; k++) worst = Math.max(worst, Math.abs(x[k] - z[k]) / Math.max(1, Math.abs(x[k])));
    expect(worst, n).toBeLessThan(n === "hospital-sharp-object-lad-annual" ? 0.01 : 1e-9);
  }
};
const without = (t: ThreatName) => simulateEvaluation({ seed: 3, threats: THREATS.filter((x) => x !== t) });

describe("threat switches", () => {
  const all = simulateEvaluation({ seed: 3 });

  it("default is every threat on, identical to threats: \"all\"", () => {
    expect(all.threats).toEqual([...THREATS]);
    expect(changed(all, simulateEvaluation({ seed: 3, threats: "all" }))).toEqual([]);
  });

  it("covid off changes only cells from February 2020 (2020-Q1 for quarters); the truth and the covariates stay", () => {
    const w = without("covid");
    const cells = changed(all, w);
    expect(cells.length).toBeGreaterThan(1000);
    const period = (c: string) => c.split(":")[2];
    expect(cells.filter((c) => !(period(c) >= "2020-02" || period(c) === "2020-Q1" || period(c) === "2020-Q2" || period(c) === "2020-Q3" || period(c) === "2019/20"))).toEqual([]);
    truthEqual(all, w);
    expect(changed(all, w, "residential_mobility")).toEqual([]);
    expect(changed(all, w, "stop_search")).toEqual([]);
  });

  it("selection off changes only the hospital panels", () => {
    const w = without("selection");
    const panels = new Set(changed(all, w).map((c) => c.split(":")[0]));
    expect([...panels].sort()).toEqual(["hospital-sharp-object-all-ages", "hospital-sharp-object-lad-annual", "hospital-sharp-object-under-25"]);
    truthEqual(all, w);
    // Without selection, the funded forces are no longer exactly the 18 with the most admissions.
    expect(w.allocation.slice(0, 18).every((a) => a.funded)).toBe(false);
  });

  it("stopsearch off changes only the stop-and-search covariate, which then moves alike in funded and other areas", () => {
    const w = without("stopsearch");
    expect(changed(all, w)).toEqual([]);
    expect(changed(all, w, "stop_search").length).toBeGreaterThan(1000);
    const p = w.panels["pfa-violence-with-injury"]!, T = p.periods.length;
    const ratio = (t: number) => {
      let f = 0, nf = 0, o = 0, no = 0;
      for (let i = 0; i < p.units.length; i++) { const v = p.covariates.stop_search[i * T + t]; if (p.attributes.funded[i] === 1) { f += v; nf++; } else { o += v; no++; } }
      return f / nf / (o / no);
    };
    const at = (m: string) => ratio(p.periods.indexOf(m));
    expect(Math.abs(Math.log(at("2019-12") / at("2017-12")))).toBeLessThan(0.1);
    const q = all.panels["pfa-violence-with-injury"]!;
    const ratioAll = (m: string) => { const t = q.periods.indexOf(m); let f = 0, nf = 0, o = 0, no = 0; for (let i = 0; i < q.units.length; i++) { const v = q.covariates.stop_search[i * T + t]; if (q.attributes.funded[i] === 1) { f += v; nf++; } else { o += v; no++; } } return f / nf / (o / no); };
    expect(Math.log(ratioAll("2019-12") / ratioAll("2017-12"))).toBeGreaterThan(0.2);
  });

  it("growth and regional change outcomes but neither the truth nor the mobility covariate", () => {
    for (const t of ["growth", "regional"] as const) {
      const w = without(t);
      expect(changed(all, w).length, t).toBeGreaterThan(1000);
      truthEqual(all, w);
      expect(changed(all, w, "residential_mobility"), t).toEqual([]);
      for (const r of w.calibration) expect(Math.abs(r.expected / r.target - 1)).toBeLessThan(1e-9);
    }
  });

  it("none: funded and other areas keep the same gap in log rates before and after, with no effect", () => {
    const gap = (s: Sim) => {
      const p = s.panels["pfa-violence-without-injury"]!, T = p.periods.length, t0 = p.periods.indexOf("2019-04");
      const mean = (i: number, a: number, b: number) => { let v = 0; for (let t = a; t < b; t++) v += Math.log(p.y[i * T + t]); return v / (b - a); };
      let d = 0, nf = 0, no = 0, o = 0;
      for (let i = 0; i < p.units.length; i++) { const x = mean(i, t0, T) - mean(i, t0 - 18, t0); if (p.attributes.funded[i] === 1) { d += x; nf++; } else { o += x; no++; } }
      return d / nf - o / no;
    };
    const none = [1, 2, 3, 4].map((seed) => gap(simulateEvaluation({ seed, scenario: "null", threats: "none" })));
    for (const g of none) expect(Math.abs(g)).toBeLessThan(0.03);
  });

  it("rejects unknown threats with an InputError naming them", () => {
    expect(() => resolveThreats(["covid", "mobility" as ThreatName])).toThrow(InputError);
    expect(() => resolveThreats(["mobility" as ThreatName])).toThrow(/"mobility"/);
  });
});
