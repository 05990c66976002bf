import { describe, expect, it } from "vitest";
import { childSeeds, createRng } from "../src/random";

describe("createRng", () => {
  it("gives the same stream for the same seed and different streams for different seeds", () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const xa = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xa);
  });

  it("pins the stream so a change to the generator cannot pass unnoticed", () => {
    const r = createRng(1);
    const first = [r.uniform(), r.int(1000), r.normal()];
    // Values fixed when the generator was written (xoshiro128** seeded by splitmix32).
    expect(first).toEqual([0.5686059948349658, 871, 1.1878949912629484]);
  });

  it("has uniform mean 1/2 and normal mean 0, sd 1 within sampling error", () => {
    const r = createRng(2024);
    const n = 200_000;
    let su = 0, sn = 0, sn2 = 0;
    for (let i = 0; i < n; i++) { su += r.uniform(); const z = r.normal(); sn += z; sn2 += z * z; }
    expect(Math.abs(su / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sn / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(sn2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it("draws integers without bias and samples without replacement", () => {
    const r = createRng(9);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    const s = r.sampleWithoutReplacement(50, 50);
    expect([...s].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(() => r.sampleWithoutReplacement(3, 4)).toThrow(/cannot draw 4 distinct values from 3/);
    expect(() => createRng(1.5)).toThrow(/seed must be an integer/);
  });

  it("shuffles deterministically and forks independent streams", () => {
    expect(createRng(3).shuffle([1, 2, 3, 4, 5, 6])).toEqual(createRng(3).shuffle([1, 2, 3, 4, 5, 6]));
    const r = createRng(5);
    const f = r.fork();
    expect(f.uniform()).not.toBe(r.uniform());
    expect(childSeeds(11, 4)).toEqual(childSeeds(11, 4));
    expect(new Set(childSeeds(11, 100)).size).toBe(100);
  });
});
