/**
 * The numerical kernels of the synthetic control: the exact simplex least-squares solver
 * (checked against brute-force enumeration of supports and against the KKT conditions),
 * Nelder–Mead, BFGS and the Halton starts.
 */
import { describe, expect, it } from "vitest";
import { Matrix, solve } from "ml-matrix";
import { minNormPointInHull, simplexLsWorkspace } from "../src/optimize/simplex-ls";
import { nelderMead } from "../src/optimize/nelder-mead";
import { bfgs } from "../src/optimize/bfgs";
import { haltonPoint } from "../src/optimize/halton";
import { createRng } from "../src/random";

/** Exact minimum of ‖Σ w_j p_j‖² on the simplex by enumerating every support of size ≤ k+1. */
function bruteForce(P: Float64Array, k: number, J: number): number {
  let best = Infinity;
  const rec = (start: number, S: number[]) => {
    if (S.length > 0) {
      // Affine minimiser on S: minimise α′Gα s.t. Σα = 1 via the KKT system.
      const m = S.length;
      const K = Matrix.zeros(m + 1, m + 1);
      for (let a = 0; a < m; a++) {
        for (let b = 0; b < m; b++) {
          let s = 0;
          for (let r = 0; r < k; r++) s += P[S[a] * k + r] * P[S[b] * k + r];
          K.set(a, b, 2 * s);
        }
        K.set(a, m, 1); K.set(m, a, 1);
      }
      const rhs = Matrix.zeros(m + 1, 1); rhs.set(m, 0, 1);
      let sol: Matrix | undefined;
      try { sol = solve(K, rhs); } catch { sol = undefined; }
      if (sol && [...Array(m).keys()].every((a) => sol!.get(a, 0) >= -1e-12 && Number.isFinite(sol!.get(a, 0)))) {
        let loss = 0;
        for (let r = 0; r < k; r++) {
          let x = 0;
          for (let a = 0; a < m; a++) x += sol.get(a, 0) * P[S[a] * k + r];
          loss += x * x;
        }
        if (loss < best) best = loss;
      }
    }
    if (S.length === k + 1) return;
    for (let j = start; j < J; j++) rec(j + 1, [...S, j]);
  };
  rec(0, []);
  return best;
}

function kktGap(P: Float64Array, k: number, J: number, w: Float64Array): number {
  const x = new Float64Array(k);
  for (let j = 0; j < J; j++) for (let r = 0; r < k; r++) x[r] += w[j] * P[j * k + r];
  let xx = 0;
  for (let r = 0; r < k; r++) xx += x[r] * x[r];
  let worst = 0;
  for (let j = 0; j < J; j++) {
    let d = 0;
    for (let r = 0; r < k; r++) d += x[r] * P[j * k + r];
    worst = Math.max(worst, xx - d); // must be ≤ 0 for every j
    if (w[j] > 0) worst = Math.max(worst, Math.abs(d - xx));
  }
  return worst;
}

describe("exact simplex least squares (Wolfe's minimum-norm point)", () => {
  it("matches brute-force enumeration on random problems, weights on the simplex", () => {
    const rng = createRng(11);
    for (let rep = 0; rep < 200; rep++) {
      const k = 2 + rng.int(3), J = 2 + rng.int(6);
      const shift = rep % 3 === 0 ? 0 : 1.5; // some problems have the target inside the hull
      const P = new Float64Array(J * k).map(() => rng.normal() + shift);
      const r = minNormPointInHull(P, k, J);
      const exact = bruteForce(P, k, J);
      expect(r.converged).toBe(true);
      expect(Math.abs(r.loss - exact)).toBeLessThanOrEqual(1e-12 * Math.max(1, exact));
      expect(r.w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
      expect(r.w.every((x) => x >= 0)).toBe(true);
      expect(r.w.filter((x) => x > 0).length).toBeLessThanOrEqual(k + 1);
    }
  });

  it("satisfies the KKT conditions to machine precision on larger problems (J ≫ k, duplicates)", () => {
    const rng = createRng(12);
    for (let rep = 0; rep < 50; rep++) {
      const k = 7, J = 80;
      const P = new Float64Array(J * k).map(() => rng.normal() + 0.8);
      P.copyWithin(k, 0, k); // donor 1 duplicates donor 0
      const r = minNormPointInHull(P, k, J);
      const scale = Math.max(...Array.from({ length: J }, (_, j) => P.subarray(j * k, j * k + k).reduce((a, b) => a + b * b, 0)));
      expect(r.converged).toBe(true);
      expect(kktGap(P, k, J, r.w)).toBeLessThanOrEqual(1e-12 * scale);
    }
  });

  it("a warm start from the previous support gives the same exact optimum", () => {
    const rng = createRng(13);
    const k = 6, J = 40;
    const base = new Float64Array(J * k).map(() => rng.normal() + 1);
    const ws = simplexLsWorkspace(k, J);
    for (let rep = 0; rep < 100; rep++) {
      const P = base.map((x) => x * (1 + 0.05 * rng.normal())); // nearby problems, as in the V search
      const warm = minNormPointInHull(P, k, J, ws, true);
      const cold = minNormPointInHull(P, k, J);
      expect(Math.abs(warm.loss - cold.loss)).toBeLessThanOrEqual(1e-13 * Math.max(1, cold.loss));
      expect(kktGap(P, k, J, warm.w)).toBeLessThanOrEqual(1e-12 * 100);
    }
  });

  it("returns a zero loss when the target is a donor, and that donor's weight 1", () => {
    const P = Float64Array.from([1, 2, 0, 0, -1, 3]);
    const r = minNormPointInHull(P, 2, 3);
    expect(r.loss).toBe(0);
    expect(Array.from(r.w)).toEqual([0, 1, 0]);
  });
});

describe("outer optimisers", () => {
  const rosenbrock = (x: Float64Array) => 100 * (x[1] - x[0] * x[0]) ** 2 + (1 - x[0]) ** 2;

  it("Nelder–Mead minimises Rosenbrock's function from (−1.2, 1)", () => {
    const r = nelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 2000 });
    expect(r.converged).toBe(true);
    expect(r.value).toBeLessThan(1e-6);
  });

  it("BFGS with central differences minimises Rosenbrock's function", () => {
    const r = bfgs(rosenbrock, [-1.2, 1], { maxIterations: 500 });
    expect(r.value).toBeLessThan(1e-6);
    expect(r.x[0]).toBeCloseTo(1, 2);
  });

  it("Halton points are the radical inverses in bases 2, 3, 5", () => {
    expect(Array.from(haltonPoint(1, 3))).toEqual([0.5, 1 / 3, 0.2]);
    expect(Array.from(haltonPoint(2, 2))).toEqual([0.25, 2 / 3]);
  });
});
