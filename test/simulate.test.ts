import { describe, expect, it } from "vitest";
import { simulateEvaluation, reportEffects } from "../src/simulate/index";
import { monthIndex } from "../src/panel/calendar";
import { treatmentStart } from "../src/panel/panel";

describe("simulated evaluation (report scenario)", () => {
  const sim = simulateEvaluation({ seed: 1 });

  it("is deterministic: same seed → identical panels, another seed → different", () => {
    const again = simulateEvaluation({ seed: 1 });
    for (const [k, p] of Object.entries(sim.panels)) {
      expect(Array.from(again.panels[k as keyof typeof sim.panels]!.y)).toEqual(Array.from(p!.y));
    }
    const other = simulateEvaluation({ seed: 2 });
    expect(Array.from(other.panels["csp-violence-without-injury"]!.y)).not.toEqual(Array.from(sim.panels["csp-violence-without-injury"]!.y));
  });

  it("is calibrated to the ONS PFA counts for the year ending March 2019 (within 4 sd of count noise)", () => {
    for (const r of sim.calibration) {
      expect(Math.abs(r.expected / r.target - 1)).toBeLessThan(1e-9); // expected counts hit the target exactly
      if (r.offence === "Homicide") continue;
      // Simulated minus target is negative binomial noise only: variance ≈ n + n²/(12·size) over 12 months
      // (an upper bound: a force's count is the sum of its CSPs', each with its own dispersion).
      const sd = Math.sqrt(r.target + (r.target * r.target) / (12 * sim.world.nbSize.csp));
      expect(Math.abs(r.simulated - r.target), `${r.name} ${r.offence}: ${r.simulated} vs ${r.target}`).toBeLessThan(4 * sd);
    }
    // Homicide counts are small (Poisson noise alone is ±4% nationally): check the national total.
    const hom = sim.calibration.filter((r) => r.offence === "Homicide");
    const simTot = hom.reduce((s, r) => s + r.simulated, 0), target = hom.reduce((s, r) => s + r.target, 0);
    expect(Math.abs(simTot / target - 1)).toBeLessThan(0.15);
    expect(target).toBe(708); // sum of the 43 PFAs' ONS homicides, mean of YE Mar 2018 and 2019 (E&W total 713.5 adds British Transport Police)
  });

  it("funds the 18 PFAs with the most sharp-object admissions in April 2015–March 2018 (section 1.4)", () => {
    expect(sim.allocation.slice(0, 18).every((a) => a.funded)).toBe(true);
    expect(sim.allocation.filter((a) => a.funded)).toHaveLength(18);
  });

  it("has the report's panels: CSP/PFA monthly from April 2015, GMP and Wales missing, hospital England only", () => {
    const csp = sim.panels["csp-violence-without-injury"]!;
    expect(csp.periods[0]).toBe("2015-04");
    expect(csp.periods).toHaveLength(66);
    expect(csp.unit).toBe("per 100,000");
    expect(csp.attributes.pfa.includes("E23000005")).toBe(false);
    expect(csp.units.some((u) => u.startsWith("W"))).toBe(false);
    const start = treatmentStart(csp);
    for (let i = 0; i < csp.units.length; i++) expect(start[i]).toBe(csp.attributes.funded[i] === 1 ? csp.periods.indexOf("2019-04") : -1);
    expect(new Set(csp.attributes.pfa.filter((_, i) => csp.attributes.funded[i] === 1)).size).toBe(16);
    const counts = sim.counts["csp-violence-without-injury"]!;
    const T = csp.periods.length;
    for (let k = 0; k < counts.length; k++) {
      expect(Number.isInteger(counts[k])).toBe(true);
      expect(csp.y[k]).toBeCloseTo((counts[k] / Number(csp.attributes.population[Math.floor(k / T)])) * 1e5, 9);
    }
    const h = sim.panels["hospital-sharp-object-under-25"]!;
    expect(h.periods[0]).toBe("2012-01");
    expect(h.periods[monthIndex("2020-06")]).toBe("2020-06"); // month 101
    expect(h.units.every((u) => u.startsWith("E"))).toBe(true);
    expect(h.units).toHaveLength(38);
    expect(sim.panels.homicide!.periods[0]).toBe("2012-Q1");
    expect(sim.panels.homicide!.units).toHaveLength(42);
  });

  it("has the annual local-authority admissions panel, adding up to the force-month panel", () => {
    const lad = sim.panels["hospital-sharp-object-lad-annual"]!, lc = sim.counts["hospital-sharp-object-lad-annual"]!;
    expect(lad.periods).toEqual(["2012/13", "2013/14", "2014/15", "2015/16", "2016/17", "2017/18", "2018/19", "2019/20"]);
    expect(lad.units.every((u) => u.startsWith("E"))).toBe(true);
    expect(lad.units).not.toContain("E09000001"); // City of London (under 10,000 people)
    const h = sim.panels["hospital-sharp-object-all-ages"]!, hc = sim.counts["hospital-sharp-object-all-ages"]!;
    const from = h.periods.indexOf("2012-04"), to = h.periods.indexOf("2020-03");
    let months = 0;
    for (let i = 0; i < h.units.length; i++) for (let t = from; t <= to; t++) months += hc[i * h.periods.length + t];
    const years = lc.reduce((a, b) => a + b, 0);
    expect(years).toBeLessThanOrEqual(months);
    expect(years / months).toBeGreaterThan(0.995); // all but the two tiny districts
    expect(sim.truth["hospital-sharp-object-lad-annual"]!.att).toBeGreaterThan(0);
  });

  it("carries the report's true effects, Surge and VRU parts separable", () => {
    const t = sim.truth["csp-violence-without-injury"]!;
    expect(t.cumulative.at(-1)).toBeCloseTo(-80, 9);
    const sep = t.periods.indexOf("2019-09");
    for (let k = 0; k < t.periods.length; k++) {
      expect(t.surge[k] + t.vru[k]).toBeCloseTo(t.total[k], 12);
      if (k < sep) expect(t.vru[k] === 0).toBe(true);
      if (k < t.periods.indexOf("2019-04")) expect(t.total[k] === 0).toBe(true);
    }
    expect(sim.truth["csp-violence-with-injury"]!.cumulative.at(-1)).toBeCloseTo(-2937 / 343.21607, 9);
    expect(sim.truth["pfa-violence-without-injury"]!.cumulative.at(-1)).toBeCloseTo(-80, 6);
    expect(sim.truth["hospital-sharp-object-under-25"]!.att).toBeCloseTo(-0.03, 9);
    expect(sim.truth["hospital-sharp-object-all-ages"]!.att).toBeCloseTo(0.25, 9);
    expect(sim.truth.homicide!.att).toBeCloseTo(0.32, 9);
    expect(reportEffects().violenceWithoutInjury.surge).toHaveLength(18);
  });

  it("has a no-effect scenario and scalable effects", () => {
    const nul = simulateEvaluation({ seed: 1, scenario: "null" });
    for (const t of Object.values(nul.truth)) expect(t!.total.every((v) => v === 0)).toBe(true);
    const twice = simulateEvaluation({ seed: 1, effectScale: 2 });
    expect(twice.truth["csp-violence-without-injury"]!.cumulative.at(-1)).toBeCloseTo(-160, 9);
    expect(() => simulateEvaluation({ seed: 1, effects: { homicide: { surge: [1], vru: [] } } })).toThrow(/effects.homicide.surge must be 6 numbers/);
    expect(() => simulateEvaluation({ seed: 1.5 })).toThrow(/seed must be an integer/);
  });
});

describe("LSOA panels", () => {
  const sim = simulateEvaluation({ seed: 3, lsoa: true });
  it("add up exactly to the CSP counts, with a heavy-tailed hotspot share", () => {
    const l = sim.panels["lsoa-violence-with-injury"]!, lc = sim.counts["lsoa-violence-with-injury"]!;
    const c = sim.panels["csp-violence-with-injury"]!, cc = sim.counts["csp-violence-with-injury"]!;
    const T = l.periods.length;
    const sums = new Map<string, Float64Array>();
    l.units.forEach((_, i) => {
      const k = String(l.attributes.csp[i]);
      if (!sums.has(k)) sums.set(k, new Float64Array(T));
      const s = sums.get(k)!;
      for (let t = 0; t < T; t++) s[t] += lc[i * T + t];
    });
    c.units.forEach((u, i) => expect(Array.from(sums.get(u)!)).toEqual(Array.from(cc.subarray(i * T, (i + 1) * T))));
    const tot = l.units.map((_, i) => lc.subarray(i * T, (i + 1) * T).reduce((a, b) => a + b, 0)).sort((a, b) => b - a);
    const share = tot.slice(0, Math.round(tot.length / 10)).reduce((a, b) => a + b, 0) / tot.reduce((a, b) => a + b, 0);
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.55);
  });
});
