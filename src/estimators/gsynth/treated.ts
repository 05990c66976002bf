/**
 * Treated units given a control fit (reference-algorithms.md §1.3): each treated unit's
 * loadings (and unit effect) by OLS on its own observed pre-periods against [F, 1], then
 * effects eff_it = U_it − [F_t, 1]·(λ_i, α_i) for every period. The same regression gives
 * the exact leave-one-period-out prediction errors e_t / (1 − h_tt) used by cross-validation.
 */
import { choleskyFactor, choleskyInverse } from "../../linalg/dense";
import { hasTimeEffect, hasUnitEffect, type Block, type IfeFit, type TreatedFit } from "./types";
import { InputError } from "../../errors";

/**
 * @param treated the treated units over all periods
 * @param t0 per treated unit, the number of pre-periods (cells t < t0[i] are untreated)
 */
export function fitTreated(fit: IfeFit, treated: Block, t0: Int32Array): TreatedFit {
  const { n, T, y, x, obs } = treated;
  const r = fit.r;
  const unitFe = hasUnitEffect(fit.force), timeFe = hasTimeEffect(fit.force);
  const q = r + (unitFe ? 1 : 0);
  const eff = new Float64Array(n * T), counterfactual = new Float64Array(n * T);
  const loadings = new Float64Array(n * r), alpha = new Float64Array(n);
  const u = new Float64Array(T), z = new Float64Array(q), ZtZ = new Float64Array(q * q), Ztu = new Float64Array(q), theta = new Float64Array(q);
  const zRow = (t: number) => {
    for (let k = 0; k < r; k++) z[k] = fit.F[t * r + k];
    if (unitFe) z[r] = 1;
  };
  let looSse = 0, looCount = 0;
  for (let i = 0; i < n; i++) {
    const row = i * T;
    for (let t = 0; t < T; t++) {
      let v = y[row + t] - fit.mu - (timeFe ? fit.xi[t] : 0);
      for (let k = 0; k < x.length; k++) if (!Number.isNaN(fit.beta[k])) v -= fit.beta[k] * x[k][row + t];
      u[t] = v;
    }
    ZtZ.fill(0);
    Ztu.fill(0);
    for (let t = 0; t < t0[i]; t++) {
      if ((obs && !obs[row + t]) || Number.isNaN(u[t])) continue;
      zRow(t);
      for (let a = 0; a < q; a++) {
        Ztu[a] += z[a] * u[t];
        for (let b = 0; b < q; b++) ZtZ[a * q + b] += z[a] * z[b];
      }
    }
    let inv: Float64Array | undefined;
    if (q > 0) {
      const L = choleskyFactor(ZtZ, q);
      if (!L) throw new InputError(`treated unit #${i + 1}: its pre-period does not identify ${r} loadings`);
      inv = choleskyInverse(L, q);
      for (let a = 0; a < q; a++) { let s = 0; for (let b = 0; b < q; b++) s += inv[a * q + b] * Ztu[b]; theta[a] = s; }
    }
    for (let k = 0; k < r; k++) loadings[i * r + k] = theta[k];
    alpha[i] = unitFe ? theta[r] : 0;
    for (let t = 0; t < T; t++) {
      zRow(t);
      let pred = 0;
      for (let a = 0; a < q; a++) pred += z[a] * theta[a];
      const missing = Number.isNaN(y[row + t]) || (obs !== undefined && !obs[row + t]);
      const e = missing ? NaN : u[t] - pred;
      eff[row + t] = e;
      counterfactual[row + t] = missing ? NaN : y[row + t] - e;
      if (t < t0[i] && !missing) {
        // Leverage h = z'(Z'Z)⁻¹z; the leave-one-out error is e / (1 − h).
        let h = 0;
        for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) h += z[a] * inv![a * q + b] * z[b];
        looSse += (e / (1 - h)) ** 2;
        looCount++;
      }
    }
  }
  return { eff, counterfactual, loadings, alpha, looSse, looCount };
}
