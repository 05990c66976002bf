/**
 * Small-sample association tests for the chapter 7 tables: Pearson's chi-square with a Monte-Carlo
 * p-value (tables with the observed margins drawn at random, as R's chisq.test(simulate.p.value =
 * TRUE)), and Spearman's rank correlation with a permutation p-value and a bootstrap interval.
 * Every random step takes a seed.
 */
import { InputError } from "../errors";
import { createRng } from "../random";
import { chiSquareSf } from "../stats/distributions";
import { quantile } from "../stats/normal";

export interface ChiSquareResult {
  statistic: number;
  df: number;
  /** Asymptotic p-value (unreliable here: many expected counts are below 5). */
  pAsymptotic: number;
  /** Monte-Carlo p-value, (1 + #{X²* ≥ X²}) / (B + 1). */
  pMonteCarlo: number;
  replicates: number;
  seed: number;
  /** Share of cells with expected count < 5 (the usual rule for distrusting the asymptotic p). */
  shareExpectedBelow5: number;
  /** Cramér's V, an effect size in [0, 1]. */
  cramersV: number;
  expected: number[][];
  /** Pearson residuals (O − E)/√E: which cells drive the association. */
  residuals: number[][];
}

function pearson(counts: Int32Array, rowT: Float64Array, colT: Float64Array, n: number): number {
  const C = colT.length;
  let x2 = 0;
  for (let i = 0; i < rowT.length; i++) {
    for (let j = 0; j < C; j++) {
      const e = (rowT[i] * colT[j]) / n;
      const d = counts[i * C + j] - e;
      x2 += (d * d) / e;
    }
  }
  return x2;
}

/**
 * Pearson's chi-square test of independence for an r × c table of counts, with a seeded
 * Monte-Carlo p-value: each replicate pairs the observations' row labels with a random
 * permutation of their column labels, which draws tables uniformly from those with the observed
 * margins (the null distribution conditional on the margins).
 */
export function chiSquareTest(counts: readonly (readonly number[])[], opts: { seed: number; replicates?: number }): ChiSquareResult {
  const B = opts.replicates ?? 10_000;
  const R = counts.length;
  const C = R > 0 ? counts[0].length : 0;
  if (R < 2 || C < 2) throw new InputError(`chi-square test: need at least a 2 × 2 table, got ${R} × ${C}`);
  const flat = new Int32Array(R * C);
  counts.forEach((r, i) => {
    if (r.length !== C) throw new InputError(`chi-square test: row ${i + 1} has ${r.length} cells, expected ${C}`);
    r.forEach((v, j) => {
      if (!Number.isInteger(v) || v < 0) throw new InputError(`chi-square test: cell (${i + 1}, ${j + 1}) = ${v} is not a count`);
      flat[i * C + j] = v;
    });
  });
  const rowT = new Float64Array(R), colT = new Float64Array(C);
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) { rowT[i] += flat[i * C + j]; colT[j] += flat[i * C + j]; }
  const zeroRow = rowT.findIndex((v) => v === 0), zeroCol = colT.findIndex((v) => v === 0);
  if (zeroRow >= 0) throw new InputError(`chi-square test: row ${zeroRow + 1} has no observations`);
  if (zeroCol >= 0) throw new InputError(`chi-square test: column ${zeroCol + 1} has no observations`);
  const n = rowT.reduce((s, v) => s + v, 0);
  const statistic = pearson(flat, rowT, colT, n);

  // Observations as (row, column) labels; permuting the column labels keeps both margins.
  const rowOf = new Int32Array(n), colOf = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) for (let m = 0; m < flat[i * C + j]; m++) { rowOf[k] = i; colOf[k] = j; k++; }
  const rng = createRng(opts.seed);
  const sim = new Int32Array(R * C);
  let atLeast = 0;
  const tol = 1e-7 * Math.max(1, statistic); // as R: ties with the observed statistic count
  for (let b = 0; b < B; b++) {
    rng.shuffle(colOf);
    sim.fill(0);
    for (let m = 0; m < n; m++) sim[rowOf[m] * C + colOf[m]]++;
    if (pearson(sim, rowT, colT, n) >= statistic - tol) atLeast++;
  }
  const expected = counts.map((_, i) => Array.from(colT, (c) => (rowT[i] * c) / n));
  const below5 = expected.flat().filter((e) => e < 5).length / (R * C);
  return {
    statistic, df: (R - 1) * (C - 1), pAsymptotic: chiSquareSf(statistic, (R - 1) * (C - 1)), pMonteCarlo: (1 + atLeast) / (B + 1),
    replicates: B, seed: opts.seed, shareExpectedBelow5: below5,
    cramersV: Math.sqrt(statistic / (n * (Math.min(R, C) - 1))),
    expected, residuals: counts.map((r, i) => r.map((o, j) => (o - expected[i][j]) / Math.sqrt(expected[i][j]))),
  };
}

/** Ranks 1..n with ties given their average rank. */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]] === x[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

function pearsonR(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { const da = a[i] - ma, db = b[i] - mb; sab += da * db; saa += da * da; sbb += db * db; }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Spearman's rho (Pearson correlation of average ranks, so ties are handled). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearsonR(averageRanks(x), averageRanks(y));
}

export interface RankCorrelation {
  rho: number;
  n: number;
  /** Two-sided permutation p-value, (1 + #{|rho*| ≥ |rho|}) / (B + 1). */
  pPermutation: number;
  /** 95% percentile bootstrap interval (resampling pairs). */
  ci: [number, number];
  replicates: number;
  seed: number;
}

/**
 * Spearman's rank correlation with its uncertainty, for few points (e.g. the 18 VRUs): a
 * permutation test of rho = 0 and a percentile bootstrap interval. Both seeded.
 */
export function rankCorrelation(x: ArrayLike<number>, y: ArrayLike<number>, opts: { seed: number; replicates?: number; level?: number }): RankCorrelation {
  const n = x.length;
  if (y.length !== n) throw new InputError(`rank correlation: x has ${n} values, y has ${y.length}`);
  if (n < 4) throw new InputError(`rank correlation: need at least 4 pairs, got ${n}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) throw new InputError(`rank correlation: pair ${i + 1} is not finite`);
  const B = opts.replicates ?? 10_000;
  const level = opts.level ?? 0.95;
  const rx = averageRanks(x), ry = averageRanks(y);
  const rho = pearsonR(rx, ry);
  const rng = createRng(opts.seed);
  const perm = Float64Array.from(ry);
  let extreme = 0;
  for (let b = 0; b < B; b++) {
    rng.shuffle(perm);
    if (Math.abs(pearsonR(rx, perm)) >= Math.abs(rho) - 1e-12) extreme++;
  }
  const boot = new Float64Array(B);
  const bx = new Float64Array(n), by = new Float64Array(n);
  for (let b = 0; b < B; b++) {
    const s = rng.sampleWithReplacement(n, n);
    for (let i = 0; i < n; i++) { bx[i] = x[s[i]]; by[i] = y[s[i]]; }
    boot[b] = spearman(bx, by); // NaN when a resample has no variation in x or y: dropped by quantile()
  }
  const a = (1 - level) / 2;
  return { rho, n, pPermutation: (1 + extreme) / (B + 1), ci: [quantile(boot, a), quantile(boot, 1 - a)], replicates: B, seed: opts.seed };
}
