/**
 * Small dense linear algebra on flat Float64Arrays (row-major), written for the hot loops of
 * the interactive-fixed-effects fit: a symmetric eigensolver (Householder tridiagonalisation
 * + implicit QL, the classic tred2/tql2 pair), a Cholesky solve, and small OLS helpers.
 * Everything works in caller-provided buffers where it matters, so refits allocate little.
 */
import { ConvergenceError } from "../errors";

/**
 * Eigen-decomposition of the symmetric n×n matrix `a` (row-major; only read). Returns
 * eigenvalues in DESCENDING order and the eigenvectors as the rows of `vectors`
 * (vectors[k*n + j] = component j of eigenvector k).
 */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const V = Float64Array.from(a.subarray(0, n * n));
  const d = new Float64Array(n), e = new Float64Array(n);
  tred2(V, d, e, n);
  tql2(V, d, e, n);
  // Columns of V are eigenvectors, eigenvalues ascending: reverse into descending rows.
  const values = new Float64Array(n), vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const src = n - 1 - k;
    values[k] = d[src];
    for (let j = 0; j < n; j++) vectors[k * n + j] = V[j * n + src];
  }
  return { values, vectors };
}

/** Householder reduction of V (symmetric) to tridiagonal form; V becomes the transform. */
function tred2(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0, h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) { d[k] /= scale; h += d[k] * d[k]; }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j * n + i] = f;
        g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j] * d[k];
          e[k] += V[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) { e[j] /= h; f += e[j] * d[j]; }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[k * n + j] -= f * e[k] + g * d[k];
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i];
    V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1] * V[k * n + j];
        for (let k = 0; k <= i; k++) V[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j];
    V[(n - 1) * n + j] = 0;
  }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL iterations on the tridiagonal (d, e), accumulating into V. Eigenvalues end ascending. */
function tql2(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0, tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60 * n) throw new ConvergenceError("symmetricEigen: QL iteration did not converge");
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1, c2 = c, c3 = c, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < n; k++) {
            const row = k * n;
            h = V[row + i + 1];
            V[row + i + 1] = s * V[row + i] + c * h;
            V[row + i] = c * V[row + i] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  // Sort ascending (selection sort; n is small).
  for (let i = 0; i < n - 1; i++) {
    let k = i, p = d[i];
    for (let j = i + 1; j < n; j++) if (d[j] < p) { k = j; p = d[j]; }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      for (let j = 0; j < n; j++) {
        const t = V[j * n + i];
        V[j * n + i] = V[j * n + k];
        V[j * n + k] = t;
      }
    }
  }
}

/**
 * Solves the symmetric positive definite system A x = b in place of a copy (Cholesky).
 * Returns undefined when A is not positive definite (collinear regressors).
 */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array | undefined {
  const L = choleskyFactor(a, n);
  if (!L) return undefined;
  return choleskySolve(L, b, n);
}

/** Lower Cholesky factor of A (n×n row-major), or undefined if A is not positive definite. */
export function choleskyFactor(a: Float64Array, n: number): Float64Array | undefined {
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * n + i]));
  const r = choleskyOrFailing(a, n, () => 1e-12 * maxDiag);
  return "l" in r ? r.l : undefined;
}

/**
 * Lower Cholesky factor of A, or the first column whose pivot is not above `threshold(j)`
 * (callers that can name a collinear column pass their own per-column scale).
 */
export function choleskyOrFailing(a: Float64Array, n: number, threshold: (j: number) => number): { l: Float64Array } | { failing: number } {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j];
    for (let k = 0; k < j; k++) s -= L[j * n + k] * L[j * n + k];
    if (!(s > threshold(j))) return { failing: j };
    const ljj = Math.sqrt(s);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j];
      for (let k = 0; k < j; k++) t -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = t / ljj;
    }
  }
  return { l: L };
}

/** Solves L L' x = b given the lower Cholesky factor. */
export function choleskySolve(L: Float64Array, b: Float64Array, n: number, out = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * out[k];
    out[i] = s / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = out[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * out[k];
    out[i] = s / L[i * n + i];
  }
  return out;
}

/** Inverse of an SPD matrix from its Cholesky factor (for the small (Z'Z)^-1 of per-unit OLS). */
export function choleskyInverse(L: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n), e = new Float64Array(n), col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    choleskySolve(L, e, n, col);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i];
  }
  return inv;
}

/**
 * The top-r eigenvectors (rows of the result, r×m) of the symmetric m×m matrix S. With a
 * `start` (r×m, e.g. the previous iterate's factors) it runs subspace iteration with
 * Rayleigh–Ritz until every Ritz residual ‖Sy − θy‖ ≤ 1e-9·θ₁ — far cheaper than a full
 * decomposition when the start is close, as inside the IFE alternation — and falls back to
 * the full decomposition if that takes more than `maxIter` steps.
 */
export function topEigenvectors(S: Float64Array, m: number, r: number, start?: Float64Array, maxIter = 60): Float64Array {
  if (!start || r === 0 || r >= m) return symmetricEigen(S, m).vectors.slice(0, r * m);
  const Q = Float64Array.from(start.subarray(0, r * m));
  if (!orthonormaliseRows(Q, r, m)) return symmetricEigen(S, m).vectors.slice(0, r * m);
  const Z = new Float64Array(r * m), H = new Float64Array(r * r), Y = new Float64Array(r * m), SY = new Float64Array(r * m);
  const W = new Float64Array(r * r), values = new Float64Array(r);
  for (let it = 0; it < maxIter; it++) {
    // Z = S Q (rows of Q are vectors; S symmetric).
    for (let k = 0; k < r; k++) {
      for (let a = 0; a < m; a++) {
        let s = 0;
        const row = a * m;
        for (let b = 0; b < m; b++) s += S[row + b] * Q[k * m + b];
        Z[k * m + a] = s;
      }
    }
    for (let k = 0; k < r; k++) for (let l = k; l < r; l++) {
      let s = 0;
      for (let a = 0; a < m; a++) s += Q[k * m + a] * Z[l * m + a];
      H[k * r + l] = H[l * r + k] = s;
    }
    jacobiEigen(H, r, W, values);
    Y.fill(0);
    SY.fill(0);
    for (let k = 0; k < r; k++) for (let l = 0; l < r; l++) {
      const w = W[k * r + l];
      for (let a = 0; a < m; a++) { Y[k * m + a] += w * Q[l * m + a]; SY[k * m + a] += w * Z[l * m + a]; }
    }
    let worst = 0;
    for (let k = 0; k < r; k++) {
      let s = 0;
      for (let a = 0; a < m; a++) s += (SY[k * m + a] - values[k] * Y[k * m + a]) ** 2;
      worst = Math.max(worst, Math.sqrt(s));
    }
    if (worst <= 1e-9 * Math.abs(values[0])) return Y.slice();
    Q.set(SY);
    if (!orthonormaliseRows(Q, r, m)) break;
  }
  return symmetricEigen(S, m).vectors.slice(0, r * m);
}

/** Modified Gram–Schmidt on the rows of Q (r×m); false if they are (numerically) dependent. */
function orthonormaliseRows(Q: Float64Array, r: number, m: number): boolean {
  for (let k = 0; k < r; k++) {
    for (let l = 0; l < k; l++) {
      let d = 0;
      for (let a = 0; a < m; a++) d += Q[k * m + a] * Q[l * m + a];
      for (let a = 0; a < m; a++) Q[k * m + a] -= d * Q[l * m + a];
    }
    let norm = 0;
    for (let a = 0; a < m; a++) norm += Q[k * m + a] ** 2;
    norm = Math.sqrt(norm);
    if (!(norm > 1e-300)) return false;
    for (let a = 0; a < m; a++) Q[k * m + a] /= norm;
  }
  return true;
}

/**
 * Cyclic Jacobi for a small symmetric r×r matrix A (destroyed), without allocation:
 * eigenvalues descending in `values`, eigenvectors as the rows of `W`.
 */
function jacobiEigen(A: Float64Array, r: number, W: Float64Array, values: Float64Array): void {
  W.fill(0);
  for (let k = 0; k < r; k++) W[k * r + k] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let p = 0; p < r; p++) { diag += A[p * r + p] ** 2; for (let q = p + 1; q < r; q++) off += A[p * r + q] ** 2; }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < r; p++) for (let q = p + 1; q < r; q++) {
      const apq = A[p * r + q];
      if (apq === 0) continue;
      const theta = (A[q * r + q] - A[p * r + p]) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < r; k++) {
        const akp = A[k * r + p], akq = A[k * r + q];
        A[k * r + p] = c * akp - s * akq;
        A[k * r + q] = s * akp + c * akq;
      }
      for (let k = 0; k < r; k++) {
        const apk = A[p * r + k], aqk = A[q * r + k];
        A[p * r + k] = c * apk - s * aqk;
        A[q * r + k] = s * apk + c * aqk;
      }
      // Rows of W are eigenvectors: rotate rows p and q.
      for (let k = 0; k < r; k++) {
        const wp = W[p * r + k], wq = W[q * r + k];
        W[p * r + k] = c * wp - s * wq;
        W[q * r + k] = s * wp + c * wq;
      }
    }
  }
  // Sort descending (selection sort on rows).
  for (let k = 0; k < r; k++) values[k] = A[k * r + k];
  for (let a = 0; a < r; a++) {
    let best = a;
    for (let b = a + 1; b < r; b++) if (values[b] > values[best]) best = b;
    if (best !== a) {
      const v = values[a]; values[a] = values[best]; values[best] = v;
      for (let k = 0; k < r; k++) { const w = W[a * r + k]; W[a * r + k] = W[best * r + k]; W[best * r + k] = w; }
    }
  }
}
