/**
 * Central-difference Hessian of f at x with steps h_i (symmetric; 4 evaluations per
 * off-diagonal pair). Used for standard errors at an optimum, where f is smooth.
 */
export function numericalHessian(f: (x: Float64Array) => number, x: ArrayLike<number>, h: ArrayLike<number>): Float64Array {
  const p = x.length, H = new Float64Array(p * p), xx = Float64Array.from(x);
  const f0 = f(xx);
  const at = (i: number, si: number, j: number, sj: number) => {
    xx[i] += si * h[i];
    xx[j] += sj * h[j];
    const v = f(xx);
    xx[i] = x[i];
    xx[j] = x[j];
    return v;
  };
  for (let i = 0; i < p; i++) {
    H[i * p + i] = (at(i, 1, i, 1) - 2 * f0 + at(i, -1, i, -1)) / (4 * h[i] * h[i]);
    for (let j = 0; j < i; j++) {
      const v = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h[i] * h[j]);
      H[i * p + j] = v;
      H[j * p + i] = v;
    }
  }
  return H;
}
