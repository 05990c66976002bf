/** Coverage checks over simulated worlds: the band a 95% interval must hit, and its Monte Carlo SE. */
import { expect } from "vitest";

/** Monte Carlo standard error of a coverage share c over W worlds: √(c(1 − c)/W). */
export const mcse = (c: number, worlds: number) => Math.sqrt((c * (1 - c)) / worlds);

/** A nominal 95% interval must cover the truth in 90–99% of the worlds. */
export function expectNominal95(coverage: number): void {
  expect(coverage).toBeGreaterThanOrEqual(0.9);
  expect(coverage).toBeLessThanOrEqual(0.99);
}
