/**
 * Halton low-discrepancy points in (0,1)^d: deterministic, evenly spread starting points for
 * multi-start optimisation (no seed needed, identical on every run).
 */
const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113];

function radicalInverse(i: number, base: number): number {
  let f = 1, r = 0;
  while (i > 0) { f /= base; r += f * (i % base); i = Math.floor(i / base); }
  return r;
}

function nthPrime(d: number): number {
  if (d < PRIMES.length) return PRIMES[d];
  let p = PRIMES[PRIMES.length - 1];
  for (let found = PRIMES.length - 1; found < d;) {
    p += 2;
    let prime = true;
    for (let q = 3; q * q <= p; q += 2) if (p % q === 0) { prime = false; break; }
    if (prime) found++;
  }
  return p;
}

/** The `index`-th (1-based) Halton point in dimension `dim`. */
export function haltonPoint(index: number, dim: number): Float64Array {
  const x = new Float64Array(dim);
  for (let d = 0; d < dim; d++) x[d] = radicalInverse(index, nthPrime(d));
  return x;
}
