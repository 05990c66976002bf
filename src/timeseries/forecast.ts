/**
 * Forecast of ARIMA regression errors over a horizon, given their values before it:
 * the conditional mean and covariance of u_{t0…n−1} given u_{0…t0−1}. The differenced
 * errors w are a stationary ARMA with autocovariance σ²γ(h), so the post-period w given the
 * pre-period w is Gaussian conditioning on a Toeplitz covariance (exact, small n); the
 * levels follow by integrating with the impulse response of 1/[(1−B)^d(1−B^s)^D].
 */
import { InputError, NumericalError } from "../errors";
import { choleskyFactor, choleskySolve } from "../linalg/dense";
import { armaAutocovariance, expandArma, type ArimaOrder } from "./arma";
import { differencePolynomial } from "./regarima";

export interface ErrorForecast {
  /** Conditional mean of u over the horizon (length H). */
  mean: Float64Array;
  /** Conditional covariance, H×H row-major. */
  cov: Float64Array;
}

/** Forecast of u[t0…] from u[0…t0−1] under ARIMA(order) with parameters `arma` and innovation variance sigma2. */
export function forecastArimaErrors(u: ArrayLike<number>, t0: number, order: ArimaOrder, arma: ArrayLike<number>, sigma2: number): ErrorForecast {
  const n = u.length, H = n - t0;
  const c = differencePolynomial(order.d, order.D, order.s), L = c.length - 1;
  const m = t0 - L;
  if (m < 1) throw new InputError(`the differencing of the error model needs more than ${L} periods before the intervention; there are ${t0}`);
  const w = new Float64Array(n - L);
  for (let t = L; t < n; t++) {
    let s = 0;
    for (let l = 0; l <= L; l++) s += c[l] * u[t - l];
    w[t - L] = s;
  }
  const { phi, theta } = expandArma(order, arma);
  const g = armaAutocovariance(phi, theta, n);
  for (let i = 0; i < g.length; i++) g[i] *= sigma2;
  // Pre block Σpp (m×m), cross block Σfp (H×m).
  const Spp = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) Spp[i * m + j] = g[Math.abs(i - j)];
  const Lc = choleskyFactor(Spp, m);
  if (!Lc) throw new NumericalError("the error autocovariance matrix is not positive definite");
  const wPre = w.subarray(0, m);
  const alpha = choleskySolve(Lc, wPre, m);
  const wMean = new Float64Array(H), wCov = new Float64Array(H * H);
  const cols: Float64Array[] = [];
  const col = new Float64Array(m);
  for (let h = 0; h < H; h++) {
    // Cov(w_{m+h}, w_j) = γ(m + h − j)
    for (let j = 0; j < m; j++) col[j] = g[m + h - j];
    let s = 0;
    for (let j = 0; j < m; j++) s += col[j] * alpha[j];
    wMean[h] = s;
    cols.push(choleskySolve(Lc, col, m));
  }
  for (let a = 0; a < H; a++)
    for (let b = 0; b <= a; b++) {
      let s = 0;
      // Σfp[a,:] · Σpp⁻¹ Σpf[:,b]
      for (let j = 0; j < m; j++) s += g[m + a - j] * cols[b][j];
      const v = g[a - b] - s;
      wCov[a * H + b] = v;
      wCov[b * H + a] = v;
    }
  if (L === 0) return { mean: wMean, cov: wCov };
  // Integrate: u_t = w_t − Σ_{l≥1} c_l u_{t−l}; impulse response ψ of 1/δ(B).
  const psi = new Float64Array(H);
  psi[0] = 1;
  for (let h = 1; h < H; h++) {
    let s = 0;
    for (let l = 1; l <= Math.min(h, L); l++) s -= c[l] * psi[h - l];
    psi[h] = s;
  }
  const uMean = new Float64Array(H);
  const at = (t: number) => (t < t0 ? u[t] : uMean[t - t0]);
  for (let h = 0; h < H; h++) {
    let s = wMean[h];
    for (let l = 1; l <= L; l++) s -= c[l] * at(t0 + h - l);
    uMean[h] = s;
  }
  // cov_u = Ψ wCov Ψ′ with Ψ[a,b] = ψ[a−b].
  const tmp = new Float64Array(H * H), uCov = new Float64Array(H * H);
  for (let a = 0; a < H; a++) for (let b = 0; b < H; b++) { let s = 0; for (let j = 0; j <= a; j++) s += psi[a - j] * wCov[j * H + b]; tmp[a * H + b] = s; }
  for (let a = 0; a < H; a++) for (let b = 0; b < H; b++) { let s = 0; for (let j = 0; j <= b; j++) s += tmp[a * H + j] * psi[b - j]; uCov[a * H + b] = s; }
  return { mean: uMean, cov: uCov };
}
