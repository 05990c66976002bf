/**
 * Seasonal ARMA processes in state-space form and their exact Gaussian likelihood by the
 * Kalman filter — the machinery under regression with ARIMA errors (regarima.ts).
 *
 * Conventions follow R's stats::arima so fits can be compared coefficient by coefficient:
 *   φ(B) Φ(B^s) w_t = θ(B) Θ(B^s) ε_t,
 *   φ(B) = 1 − φ1 B − … − φp B^p,   θ(B) = 1 + θ1 B + … + θq B^q  (MA signs are "+"),
 * parameters ordered ar1…arp, ma1…maq, sar1…sarP, sma1…smaQ.
 *
 * State space (Harvey's form): α_t = T α_{t−1} + R ε_t, w_t = Z α_t with Z = e1,
 * T = [φ | I; 0] (first column the expanded AR coefficients), R = (1, θ1, …, θ_{r−1})′,
 * r = max(p, q + 1). The filter starts from the stationary distribution of α (exact
 * likelihood, as R's default), scaled so that var(ε) = 1; σ² is concentrated out.
 */

export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
  /** Seasonal period (12 for monthly data); ignored when P = D = Q = 0. */
  s: number;
}

export const armaParamCount = (o: ArimaOrder): number => o.p + o.q + o.P + o.Q;

/** Coefficient names in R's order: ar1…, ma1…, sar1…, sma1…. */
export function armaParamNames(o: ArimaOrder): string[] {
  const n: string[] = [];
  for (let i = 1; i <= o.p; i++) n.push(`ar${i}`);
  for (let i = 1; i <= o.q; i++) n.push(`ma${i}`);
  for (let i = 1; i <= o.P; i++) n.push(`sar${i}`);
  for (let i = 1; i <= o.Q; i++) n.push(`sma${i}`);
  return n;
}

export function formatOrder(o: ArimaOrder): string {
  const seasonal = o.P || o.D || o.Q ? `(${o.P},${o.D},${o.Q})[${o.s}]` : "";
  return `ARIMA(${o.p},${o.d},${o.q})${seasonal}`;
}

/** The four coefficient blocks of a parameter vector in R's order. */
export function splitParams(o: ArimaOrder, par: ArrayLike<number>): { ar: number[]; ma: number[]; sar: number[]; sma: number[] } {
  const a = Array.from(par);
  return {
    ar: a.slice(0, o.p),
    ma: a.slice(o.p, o.p + o.q),
    sar: a.slice(o.p + o.q, o.p + o.q + o.P),
    sma: a.slice(o.p + o.q + o.P, o.p + o.q + o.P + o.Q),
  };
}

/**
 * Multiplies out the seasonal and non-seasonal polynomials: returns phi (w_t = Σ phi_i w_{t−i} + …)
 * and theta (… + ε_t + Σ theta_j ε_{t−j}), each indexed from lag 1.
 */
export function expandArma(o: ArimaOrder, par: ArrayLike<number>): { phi: Float64Array; theta: Float64Array } {
  const { ar, ma, sar, sma } = splitParams(o, par);
  const phi = new Float64Array(o.p + o.s * o.P);
  for (let i = 0; i < o.p; i++) phi[i] += ar[i];
  for (let j = 0; j < o.P; j++) {
    phi[(j + 1) * o.s - 1] += sar[j];
    for (let i = 0; i < o.p; i++) phi[(j + 1) * o.s + i] -= ar[i] * sar[j];
  }
  const theta = new Float64Array(o.q + o.s * o.Q);
  for (let i = 0; i < o.q; i++) theta[i] += ma[i];
  for (let j = 0; j < o.Q; j++) {
    theta[(j + 1) * o.s - 1] += sma[j];
    for (let i = 0; i < o.q; i++) theta[(j + 1) * o.s + i] += ma[i] * sma[j];
  }
  return { phi, theta };
}

/**
 * Maps partial autocorrelations in (−1, 1) to the coefficients of a stationary AR polynomial
 * (Durbin–Levinson). Every point of (−1,1)^p gives a stationary AR, so optimising over
 * atanh(partial autocorrelations) keeps the fit stationary (as R's transform.pars does).
 */
export function pacfToAr(r: ArrayLike<number>): number[] {
  const p = r.length, phi = new Array<number>(p).fill(0), prev = new Array<number>(p).fill(0);
  for (let k = 0; k < p; k++) {
    for (let j = 0; j < k; j++) prev[j] = phi[j];
    phi[k] = r[k];
    for (let j = 0; j < k; j++) phi[j] = prev[j] - r[k] * prev[k - 1 - j];
  }
  return phi;
}

/** Inverse of pacfToAr; returns NaN entries when the AR polynomial is not stationary. */
export function arToPacf(phiIn: ArrayLike<number>): number[] {
  const p = phiIn.length, r = new Array<number>(p).fill(0);
  let phi = Array.from(phiIn);
  for (let k = p - 1; k >= 0; k--) {
    const rk = phi[k];
    r[k] = rk;
    if (!(Math.abs(rk) < 1)) return r.map(() => NaN);
    const next = new Array<number>(k);
    for (let j = 0; j < k; j++) next[j] = (phi[j] + rk * phi[k - 1 - j]) / (1 - rk * rk);
    phi = next;
  }
  return r;
}

/** State dimension of the Harvey form. */
export const stateDim = (phi: ArrayLike<number>, theta: ArrayLike<number>): number => Math.max(phi.length, theta.length + 1, 1);

/**
 * Stationary covariance of the state (var ε = 1): the solution of P = T P T′ + R R′,
 * by the doubling algorithm P ← P + A P A′, A ← A² (quadratic convergence; exact after
 * log2(r) steps for pure MA models). r×r row-major.
 */
export function stationaryCovariance(phi: ArrayLike<number>, theta: ArrayLike<number>): Float64Array {
  const r = stateDim(phi, theta);
  const P = new Float64Array(r * r), A = new Float64Array(r * r), tmp = new Float64Array(r * r), AP = new Float64Array(r * r);
  const R = new Float64Array(r);
  R[0] = 1;
  for (let j = 0; j < theta.length; j++) R[j + 1] = theta[j];
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) P[i * r + j] = R[i] * R[j];
  for (let i = 0; i < r; i++) {
    if (i < phi.length) A[i * r] = phi[i];
    if (i + 1 < r) A[i * r + i + 1] = 1;
  }
  for (let iter = 0; iter < 200; iter++) {
    // AP = A P; tmp = AP A′
    matmul(A, P, AP, r);
    let change = 0, scale = 0;
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        let s = 0;
        for (let k = 0; k < r; k++) s += AP[i * r + k] * A[j * r + k];
        tmp[i * r + j] = s;
        change = Math.max(change, Math.abs(s));
        scale = Math.max(scale, Math.abs(P[i * r + j]));
      }
    for (let k = 0; k < r * r; k++) P[k] += tmp[k];
    if (change <= 1e-16 * scale) break;
    matmul(A, A, tmp, r);
    A.set(tmp);
  }
  return P;
}

function matmul(a: Float64Array, b: Float64Array, out: Float64Array, r: number): void {
  for (let i = 0; i < r; i++)
    for (let j = 0; j < r; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += a[i * r + k] * b[k * r + j];
      out[i * r + j] = s;
    }
}

/** Autocovariances γ(0..maxLag) of the ARMA process with var ε = 1: γ(h) = (T^h P0)[0,0]. */
export function armaAutocovariance(phi: ArrayLike<number>, theta: ArrayLike<number>, maxLag: number): Float64Array {
  const r = stateDim(phi, theta), P0 = stationaryCovariance(phi, theta);
  const g = new Float64Array(maxLag + 1);
  let v = new Float64Array(r), nv = new Float64Array(r);
  for (let i = 0; i < r; i++) v[i] = P0[i * r];
  for (let h = 0; h <= maxLag; h++) {
    g[h] = v[0];
    for (let i = 0; i < r; i++) nv[i] = (i < phi.length ? phi[i] * v[0] : 0) + (i + 1 < r ? v[i + 1] : 0);
    [v, nv] = [nv, v];
  }
  return g;
}

export interface FilterResult {
  /** Standardised innovations v_t/√F_t of each series, n×m row-major (same layout as the input). */
  innovations: Float64Array;
  /** Σ log F_t (F_t is the innovation variance relative to σ²). */
  sumLogF: number;
}

/**
 * Kalman filter of m series at once (n×m row-major: column 0 is typically the outcome, the
 * others regressors). The gains do not depend on the data, so one pass standardises all
 * columns; regressing the standardised outcome on the standardised regressors then gives
 * the GLS coefficients for these ARMA parameters.
 */
export function kalmanFilter(data: Float64Array, n: number, m: number, phi: ArrayLike<number>, theta: ArrayLike<number>): FilterResult {
  const r = stateDim(phi, theta), p = phi.length;
  const P = stationaryCovariance(phi, theta);
  const R = new Float64Array(r);
  R[0] = 1;
  for (let j = 0; j < theta.length; j++) R[j + 1] = theta[j];
  const A = new Float64Array(r * m), M = new Float64Array(r * r), K = new Float64Array(r), Pp = new Float64Array(r * r);
  const out = new Float64Array(n * m), v = new Float64Array(m);
  let sumLogF = 0, steady = false;
  for (let t = 0; t < n; t++) {
    const F = P[0];
    const sf = Math.sqrt(F);
    sumLogF += Math.log(F);
    for (let j = 0; j < m; j++) {
      v[j] = data[t * m + j] - A[j];
      out[t * m + j] = v[j] / sf;
    }
    for (let i = 0; i < r; i++) K[i] = P[i * r] / F;
    // a_{t+1} = T (a_t + K v_t)
    for (let j = 0; j < m; j++) {
      const a0 = A[j] + K[0] * v[j];
      for (let i = 0; i < r; i++) {
        const next = i + 1 < r ? A[(i + 1) * m + j] + K[i + 1] * v[j] : 0;
        A[i * m + j] = (i < p ? phi[i] * a0 : 0) + next;
      }
    }
    if (steady) continue;
    Pp.set(P);
    // P_upd = P − P[:,0] P[0,:] / F, then P = T P_upd T′ + R R′ (via M = T P_upd).
    for (let i = 0; i < r; i++) for (let k = 0; k < r; k++) P[i * r + k] -= K[i] * K[k] * F;
    for (let i = 0; i < r; i++)
      for (let k = 0; k < r; k++) M[i * r + k] = (i < p ? phi[i] * P[k] : 0) + (i + 1 < r ? P[(i + 1) * r + k] : 0);
    let change = 0;
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        const val = (j < p ? phi[j] * M[i * r] : 0) + (j + 1 < r ? M[i * r + j + 1] : 0) + R[i] * R[j];
        change = Math.max(change, Math.abs(val - Pp[i * r + j]));
        P[i * r + j] = val;
      }
    // Once P has converged the gains are constant; keep them (R does the same).
    if (change < 1e-13 * Math.max(1, F)) steady = true;
  }
  return { innovations: out, sumLogF };
}

/**
 * Conditional-sum-of-squares residuals of m series at once (n×m row-major in and out): the
 * first `ncond` residuals are set to zero and the ARMA recursion
 * e_t = w_t − Σ phi_i w_{t−i} − Σ theta_j e_{t−j} runs from there (R's "CSS"). Cheap; used
 * for starting values of the exact likelihood, as R's default method "CSS-ML".
 */
export function cssResiduals(data: Float64Array, n: number, m: number, phi: ArrayLike<number>, theta: ArrayLike<number>, ncond: number): Float64Array {
  const e = new Float64Array(n * m);
  for (let t = ncond; t < n; t++)
    for (let j = 0; j < m; j++) {
      let s = data[t * m + j];
      for (let i = 0; i < phi.length && i < t; i++) s -= phi[i] * data[(t - 1 - i) * m + j];
      for (let i = 0; i < theta.length && i < t; i++) s -= theta[i] * e[(t - 1 - i) * m + j];
      e[t * m + j] = s;
    }
  return e;
}
