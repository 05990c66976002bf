import { afterEach, describe, expect, it } from "vitest";
import { rowCoverage, type ReproductionRow } from "../src/io/reproduction";
import { coverageSummary, reproductionMarkdown } from "../src/run/reproduce";
import { runSeed } from "../src/io/run-output";
import { InputError } from "../src/errors";

const row = (here: string, truth: string | undefined, extra: Partial<ReproductionRow> = {}) =>
  ({ notebook: "02-x", item: "an item", section: "2.3", published: "–", here, truth, status: "simulated" as const, ...extra });

describe("honest simulated rows of out/reproduction.md", () => {
  it("say whether the interval covers the truth, from the unrounded flag or the printed numbers", () => {
    expect(rowCoverage(row("−3.97 [−5.50, −2.44]", "−0.48"))).toBe("misses");
    expect(rowCoverage(row("−3.97 [−5.50, −2.44]", "−3.00"))).toBe("covers");
    expect(rowCoverage(row("−27,585 [−30,000, −1,000]", "−2,000"))).toBe("covers");
    expect(rowCoverage(row("−3.97 [−5.50, −2.44]", "−2.44", { covers: false }))).toBe("misses"); // the caller knows the unrounded bounds
    expect(rowCoverage(row("1.20", "1.00"))).toBeUndefined(); // no interval
    expect(rowCoverage(row("1.20 [0.1, 2.0]", undefined))).toBeUndefined(); // no truth
    expect(rowCoverage({ ...row("1 [0, 2]", "1"), status: "within CI" })).toBeUndefined(); // not simulated
  });

  it("are written `| estimate [lower, upper] | truth value | covers`, with the share that covers in the header", () => {
    const rows = [row("−3.97 [−5.50, −2.44]", "−0.48"), row("0.10 [−0.20, 0.40]", "0.00"), row("0.30 [0.10, 0.50]", "0.20"), { ...row("12", undefined), status: "exact" as const }];
    const md = reproductionMarkdown({ passed: ["02-x"], failures: [], seconds: {}, figures: [], rows, totalSeconds: 0 });
    expect(md).toContain("| −3.97 [−5.50, −2.44] | truth −0.48 | misses |");
    expect(md).toContain("| 0.10 [−0.20, 0.40] | truth 0.00 | covers |");
    expect(md).toMatch(/2 of 3 cover the truth \(67%\)/);
    expect(coverageSummary(rows)).toMatch(/02-x 2\/3/);
    expect(coverageSummary([rows[3]])).toBe("");
  });
});

describe("runSeed: the seed of a reproduction run", () => {
  const saved = process.env.VRU_SEED;
  afterEach(() => { if (saved === undefined) delete process.env.VRU_SEED; else process.env.VRU_SEED = saved; });
  it("is the notebook's own without VRU_SEED, the run's with it, and rejects a non-integer", () => {
    delete process.env.VRU_SEED;
    expect(runSeed(2021)).toBe(2021);
    process.env.VRU_SEED = "7";
    expect(runSeed(2021)).toBe(7);
    process.env.VRU_SEED = "1.5";
    expect(() => runSeed(2021)).toThrow(InputError);
  });
});
