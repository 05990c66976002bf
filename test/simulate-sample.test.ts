import { describe, expect, it } from "vitest";
import { createRng } from "../src/random";
import { poisson, gamma, negBinomial, aliasTable, aliasDraw, logFactorial } from "../src/simulate/sample";

function moments(draw: () => number, n: number): [number, number] {
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) { const x = draw(); s += x; s2 += x * x; }
  const m = s / n;
  return [m, s2 / n - m * m];
}

describe("count samplers", () => {
  it("log-factorial is exact to 1e-10 against the sum of logs", () => {
    let s = 0;
    for (let k = 1; k < 200; k++) { s += Math.log(k); expect(Math.abs(logFactorial(k) - s)).toBeLessThan(1e-9); }
  });
  it("Poisson has mean = variance = λ (small and large λ; 5-sigma bounds)", () => {
    const rng = createRng(1);
    for (const lam of [0.3, 4, 12, 150, 4000]) {
      const n = 40000;
      const [m, v] = moments(() => poisson(rng, lam), n);
      expect(Math.abs(m - lam)).toBeLessThan(5 * Math.sqrt(lam / n));
      expect(Math.abs(v / lam - 1)).toBeLessThan(0.05);
    }
  });
  it("gamma and negative binomial have the stated moments", () => {
    const rng = createRng(2);
    const [gm, gv] = moments(() => gamma(rng, 3), 40000);
    expect(Math.abs(gm - 3)).toBeLessThan(0.05);
    expect(Math.abs(gv - 3)).toBeLessThan(0.15);
    const [nm, nv] = moments(() => negBinomial(rng, 50, 10), 40000);
    expect(Math.abs(nm - 50)).toBeLessThan(0.5);
    expect(Math.abs(nv / (50 + 2500 / 10) - 1)).toBeLessThan(0.05);
  });
  it("alias draws follow the weights", () => {
    const rng = createRng(3);
    const t = aliasTable([1, 0, 3, 6]);
    const c = [0, 0, 0, 0];
    for (let i = 0; i < 100000; i++) c[aliasDraw(rng, t)]++;
    expect(c[1]).toBe(0);
    expect(c[0] / 1e5).toBeCloseTo(0.1, 2);
    expect(c[3] / 1e5).toBeCloseTo(0.6, 2);
  });
});
