/**
 * Seeded random numbers. Every stochastic function in vru-eval takes a seed (or an Rng
 * made from one), so the same seed gives the same numbers on every machine.
 *
 * Generator: xoshiro128** (32-bit integer arithmetic only, so results do not depend on
 * the platform), seeded through splitmix32 so nearby seeds give unrelated streams.
 */
import { OptionError } from "./errors";
export interface Rng {
  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number;
  /** Standard normal (Box–Muller, both values used). */
  normal(): number;
  /** Integer uniform on 0..n-1 (unbiased, rejection sampling). */
  int(n: number): number;
  /** n draws from 0..size-1 with replacement. */
  sampleWithReplacement(size: number, n: number): Int32Array;
  /** k distinct draws from 0..size-1 (partial Fisher–Yates). */
  sampleWithoutReplacement(size: number, k: number): Int32Array;
  /** Shuffles an array in place and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T;
  /** A new independent generator derived from this one (for per-replicate / per-thread streams). */
  fork(): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    return mix32(s);
  };
}

/** The 32-bit finaliser of splitmix32: a bijection on 0..2^32−1 that maps 0 to 0 only. */
function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Creates a generator from an integer seed: any safe integer (|seed| ≤ 2^53 − 1), and distinct
 * seeds give distinct streams. Seeds 0…2^32 − 1 fill the state from splitmix32(seed) (the
 * streams every published result and test uses); any other seed is seed mod 2^32 with its
 * high part hi = floor(seed / 2^32) ≠ 0 mixed into the last state word, so −1, 0 and 2^32 + 1
 * no longer alias.
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) {
    throw new OptionError(`seed must be an integer between −(2^53 − 1) and 2^53 − 1, got ${seed}`, { option: "seed" });
  }
  const hi = Math.floor(seed / 4294967296);
  return fromState(seed - hi * 4294967296, hi === 0 ? 0 : mix32(hi));
}

/** xoshiro128** with state from splitmix32(low), the last word XOR-ed with `tweak` (0: unchanged). */
function fromState(low: number, tweak: number): Rng {
  const sm = splitmix32(low);
  let a = sm(), b = sm(), c = sm(), d = (sm() ^ tweak) >>> 0;
  if ((a | b | c | d) === 0) a = 1;
  const next32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = rotl(d, 11);
    return result;
  };
  // The state step is invertible, so warming up keeps distinct states distinct while it spreads
  // the tweak from d into the output word b (else the first draws would match seed mod 2^32's).
  if (tweak !== 0) for (let k = 0; k < 16; k++) next32();
  let spare = NaN;
  const rng: Rng = {
    uniform() {
      // 53 bits: 27 from one draw, 26 from another.
      const hi = next32() >>> 5, lo = next32() >>> 6;
      return (hi * 67108864 + lo) / 9007199254740992;
    },
    normal() {
      if (!Number.isNaN(spare)) { const s = spare; spare = NaN; return s; }
      let u = 0;
      while (u === 0) u = rng.uniform();
      const v = rng.uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int(n) {
      if (!(n >= 1) || !Number.isInteger(n) || n > 4294967296) throw new OptionError(`int(n) needs an integer 1..2^32, got ${n}`);
      const limit = Math.floor(4294967296 / n) * n;
      let x: number;
      do x = next32(); while (x >= limit);
      return x % n;
    },
    sampleWithReplacement(size, n) {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = rng.int(size);
      return out;
    },
    sampleWithoutReplacement(size, k) {
      if (k > size) throw new OptionError(`cannot draw ${k} distinct values from ${size}`);
      const pool = new Int32Array(size);
      for (let i = 0; i < size; i++) pool[i] = i;
      for (let i = 0; i < k; i++) {
        const j = i + rng.int(size - i);
        const t = pool[i]; pool[i] = pool[j]; pool[j] = t;
      }
      return pool.slice(0, k);
    },
    shuffle(arr) {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = arr[i]; arr[i] = arr[j]; arr[j] = t;
      }
      return arr;
    },
    fork() {
      // 53 bits folded to 32, as forks always have been (bootstrap streams stay the same)
      const x = next32() * 2097152 + (next32() >>> 11);
      return fromState(((x >>> 0) ^ Math.floor(x / 4294967296)) >>> 0, 0);
    },
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Seeds for `n` independent streams (e.g. one per bootstrap replicate), fixed by `seed`. */
export function childSeeds(seed: number, n: number): number[] {
  const r = createRng(seed);
  return Array.from({ length: n }, () => r.int(2147483647));
}
