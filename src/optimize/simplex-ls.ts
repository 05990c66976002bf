/**
 * Exact least squares on the probability simplex:
 *
 *     minimise ‖b − A w‖²  subject to  w ≥ 0, Σw = 1,
 *
 * i.e. the point of the convex hull of the columns of A nearest to b. This is the inner
 * problem of the synthetic control (W given V). We solve it with Wolfe's (1976) finite
 * "minimum-norm point" active-set algorithm on the translated points p_j = a_j − b: each
 * major cycle adds the point most violating optimality, each minor cycle solves the
 * equality-constrained problem on the current support ("corral") exactly by Householder
 * QR and steps back to the simplex when a weight would turn negative. It terminates in a
 * finite number of steps at the exact optimum (up to rounding) — unlike an interior-point
 * or generic optimiser, which stops at a tolerance and leaves every weight slightly positive.
 *
 * Singular H = A′VA (more donors than predictors) is the normal case and needs no special
 * handling: Wolfe's corrals stay affinely independent, so they never exceed k + 1 points.
 */

export interface SimplexLsResult {
  /** Weights on the simplex (length J); exactly zero off the support. */
  w: Float64Array;
  /** ‖b − A w‖². */
  loss: number;
  /** Major cycles (points added). */
  iterations: number;
  /** The optimality test passed (false only if rounding stalled the algorithm first). */
  converged: boolean;
}

/** Relative tolerance of the optimality test (against the largest squared point norm). */
const TOL_OPT = 1e-13;
/** Weights at or below this (relative to 1) leave the corral in a minor cycle. */
const TOL_ZERO = 1e-14;

/**
 * Solves the problem for points given column by column: `P` holds p_j = a_j − b for
 * j = 0..J−1, each of length k, at P[j*k .. j*k+k). `work` may be passed to avoid allocation
 * in loops (see {@link simplexLsWorkspace}).
 */
export function minNormPointInHull(P: Float64Array, k: number, J: number, ws: SimplexLsWorkspace = simplexLsWorkspace(k, J), warm = false): SimplexLsResult {
  const { loss, iterations, converged } = solveInWorkspace(P, k, J, ws, warm);
  const w = new Float64Array(J);
  for (let i = 0; i < ws.prevM; i++) w[ws.prevS[i]] = ws.lambda[i];
  return { w, loss, iterations, converged };
}

/**
 * The same solve without allocating: the support is left in `ws.prevS[0..ws.prevM)` and its
 * weights in `ws.lambda` (for loops that only need a function of the weights).
 */
export function solveInWorkspace(P: Float64Array, k: number, J: number, ws: SimplexLsWorkspace, warm = false): { loss: number; iterations: number; converged: boolean } {
  const { x, lambda, alpha, S, M, rhs, beta } = ws;
  let scale = 0;
  let j0 = 0, best = Infinity;
  for (let j = 0; j < J; j++) {
    let s = 0;
    for (let r = 0; r < k; r++) s += P[j * k + r] * P[j * k + r];
    if (s > scale) scale = s;
    if (s < best) { best = s; j0 = j; }
  }
  // Warm start (optional): the previous call's support, if its affine minimiser is still
  // strictly inside the simplex — a valid Wolfe corral, so the result is still exact.
  let m = 0;
  if (warm && ws.prevM > 1) {
    m = ws.prevM;
    S.set(ws.prevS.subarray(0, m));
    affineMinimiser(P, k, S, m, alpha, M, rhs, beta);
    for (let i = 0; i < m; i++) if (!(alpha[i] > TOL_ZERO)) { m = 0; break; }
    if (m > 0) {
      for (let i = 0; i < m; i++) lambda[i] = alpha[i];
      x.fill(0);
      for (let i = 0; i < m; i++) for (let r = 0; r < k; r++) x[r] += lambda[i] * P[S[i] * k + r];
    }
  }
  if (m === 0) {
    m = 1;
    S[0] = j0;
    lambda[0] = 1;
    for (let r = 0; r < k; r++) x[r] = P[j0 * k + r];
  }
  let iterations = 0, converged = false;
  const maxIter = 50 * (J + k) + 100;

  for (; iterations < maxIter; iterations++) {
    // Major cycle: the point minimising x·p_j; stop when no point improves on ‖x‖².
    let xx = 0;
    for (let r = 0; r < k; r++) xx += x[r] * x[r];
    let jIn = -1, minDot = Infinity;
    for (let j = 0; j < J; j++) {
      let d = 0;
      for (let r = 0; r < k; r++) d += x[r] * P[j * k + r];
      if (d < minDot) { minDot = d; jIn = j; }
    }
    if (xx - minDot <= TOL_OPT * scale) { converged = true; break; }
    let inS = false;
    for (let i = 0; i < m; i++) if (S[i] === jIn) inS = true;
    if (inS || m > k) break; // rounding: no further progress is possible
    S[m] = jIn;
    lambda[m] = 0;
    m++;

    // Minor cycles: affine minimiser on the corral; if it leaves the simplex, step back.
    for (;;) {
      affineMinimiser(P, k, S, m, alpha, M, rhs, beta);
      let allPositive = true;
      for (let i = 0; i < m; i++) if (alpha[i] <= TOL_ZERO) { allPositive = false; break; }
      if (allPositive) {
        for (let i = 0; i < m; i++) lambda[i] = alpha[i];
        break;
      }
      let theta = 1;
      for (let i = 0; i < m; i++) {
        if (alpha[i] <= TOL_ZERO) {
          const den = lambda[i] - alpha[i];
          const th = den > 0 ? lambda[i] / den : 0;
          if (th < theta) theta = th;
        }
      }
      for (let i = 0; i < m; i++) lambda[i] += theta * (alpha[i] - lambda[i]);
      // Drop the points whose weight reached zero: those at ≤ TOL_ZERO and, whatever rounding
      // did, the smallest one (it set θ), so every minor cycle shrinks the corral.
      let q = 0, dropped = false;
      let minI = 0;
      for (let i = 1; i < m; i++) if (lambda[i] < lambda[minI]) minI = i;
      for (let i = 0; i < m; i++) {
        if (lambda[i] <= TOL_ZERO || (!dropped && i === minI && theta < 1)) { dropped = true; continue; }
        S[q] = S[i];
        lambda[q] = lambda[i];
        q++;
      }
      m = q;
      let sum = 0;
      for (let i = 0; i < m; i++) sum += lambda[i];
      for (let i = 0; i < m; i++) lambda[i] /= sum;
      if (m === 1) break;
    }
    x.fill(0);
    for (let i = 0; i < m; i++) for (let r = 0; r < k; r++) x[r] += lambda[i] * P[S[i] * k + r];
  }

  ws.prevS.set(S.subarray(0, m));
  ws.prevM = m;
  let loss = 0;
  for (let r = 0; r < k; r++) loss += x[r] * x[r];
  return { loss, iterations, converged };
}

export interface SimplexLsWorkspace {
  x: Float64Array;
  lambda: Float64Array;
  alpha: Float64Array;
  S: Int32Array;
  M: Float64Array;
  rhs: Float64Array;
  beta: Float64Array;
  /** Support of the last solve, for warm starts. */
  prevS: Int32Array;
  prevM: number;
}

export function simplexLsWorkspace(k: number, J: number): SimplexLsWorkspace {
  const c = Math.min(J, k + 1) + 1;
  return {
    x: new Float64Array(k),
    lambda: new Float64Array(c),
    alpha: new Float64Array(c),
    S: new Int32Array(c),
    M: new Float64Array(k * c),
    rhs: new Float64Array(k),
    beta: new Float64Array(c),
    prevS: new Int32Array(c),
    prevM: 0,
  };
}

/**
 * The minimiser of ‖Σ α_i p_{S_i}‖² over Σα = 1 (no sign constraint): writing
 * α = e_0 + Σ_{i≥1} β_i (e_i − e_0), it is the least-squares solution of
 * [p_{S_1} − p_{S_0}, …] β ≈ −p_{S_0}, solved by Householder QR (column-major M).
 */
function affineMinimiser(P: Float64Array, k: number, S: Int32Array, m: number, alpha: Float64Array, M: Float64Array, rhs: Float64Array, beta: Float64Array): void {
  const n = m - 1;
  const o = S[0] * k;
  for (let r = 0; r < k; r++) rhs[r] = -P[o + r];
  for (let c = 0; c < n; c++) {
    const pc = S[c + 1] * k;
    for (let r = 0; r < k; r++) M[c * k + r] = P[pc + r] - P[o + r];
  }
  // Householder QR in place, applied to rhs as we go. Rank-deficient columns (affinely
  // dependent corral, only through rounding) get β = 0.
  for (let c = 0; c < n; c++) {
    let norm = 0;
    for (let r = c; r < k; r++) norm += M[c * k + r] * M[c * k + r];
    norm = Math.sqrt(norm);
    if (norm === 0) { beta[c] = NaN; continue; }
    const a = M[c * k + c];
    const alphaH = a > 0 ? -norm : norm;
    const v0 = a - alphaH;
    M[c * k + c] = v0;
    let vv = v0 * v0;
    for (let r = c + 1; r < k; r++) vv += M[c * k + r] * M[c * k + r];
    // Apply H = I − 2vv′/v′v to later columns and rhs.
    for (let c2 = c + 1; c2 < n; c2++) {
      let d = 0;
      for (let r = c; r < k; r++) d += M[c * k + r] * M[c2 * k + r];
      const f = (2 * d) / vv;
      for (let r = c; r < k; r++) M[c2 * k + r] -= f * M[c * k + r];
    }
    let d = 0;
    for (let r = c; r < k; r++) d += M[c * k + r] * rhs[r];
    const f = (2 * d) / vv;
    for (let r = c; r < k; r++) rhs[r] -= f * M[c * k + r];
    beta[c] = alphaH; // the diagonal of R
  }
  // Back substitution R β = Qᵀrhs; R's off-diagonals are in M above the diagonal.
  let maxDiag = 0;
  for (let c = 0; c < n; c++) if (Math.abs(beta[c]) > maxDiag) maxDiag = Math.abs(beta[c]);
  const sol = alpha; // reuse: alpha[1..n] hold β until the end
  for (let c = n - 1; c >= 0; c--) {
    const diag = beta[c];
    if (!(Math.abs(diag) > 1e-13 * maxDiag)) { sol[c + 1] = 0; continue; }
    let s = rhs[c];
    for (let c2 = c + 1; c2 < n; c2++) s -= M[c2 * k + c] * sol[c2 + 1];
    sol[c + 1] = s / diag;
  }
  let sum = 0;
  for (let i = 1; i < m; i++) sum += sol[i];
  alpha[0] = 1 - sum;
}
