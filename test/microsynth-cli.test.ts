/** `vru-eval microsynth` and the microsynth figures, on a small simulated long CSV. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main";
import { hotspotDesign } from "../src/chapter2/hotspot-design";
import { microsynth, microsynthParallel, readMicrosynthCsv } from "../src/estimators/microsynth/index";
import { panelFromColumns } from "../src/panel/panel";
import { balancePlot, permutationPlot, treatedVsSyntheticPanels } from "../src/plots/microsynth";
import { createRng } from "../src/random";

/** 200 areas × 10 periods, 10 treated from period 7 with a −30% effect on "a". */
function writeToy(extra: (i: number, t: number) => string = () => ""): string {
  const rng = createRng(9);
  const lines = ["id,time,D,a,b,pop" + (extra(0, -1) ? ",x" : "")];
  for (let i = 0; i < 200; i++) {
    const level = 4 + 4 * rng.uniform(), pop = Math.round(100 * level + 10 * rng.normal());
    for (let t = 1; t <= 10; t++) {
      const d = i < 10 && t >= 7 ? 1 : 0;
      const a = Math.max(0, level * (d ? 0.7 : 1) + rng.normal()), b = Math.max(0, 2 * level + rng.normal());
      lines.push(`u${i},${t},${d},${a.toFixed(3)},${b.toFixed(3)},${pop}${extra(i, t)}`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "ms-"));
  const path = join(dir, "toy.csv");
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await main(args, { out: (s) => { out += s; return true; }, err: (s) => { err += s; return true; } });
  return { code, out, err };
}

describe("vru-eval microsynth", () => {
  const path = writeToy();
  const base = ["microsynth", "--data", path, "--unit", "id", "--time", "time", "--treatment", "D"];

  it("prints a summary with the percent change per outcome and the omnibus test", async () => {
    const r = await run([...base, "--outcome", "a,b", "--match-outcomes", "--match-covariates", "pop", "--perm", "19", "--threads", "1"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/10 treated and 190 control units, 14 constraints/);
    expect(r.out).toMatch(/permutation/);
    expect(r.out).toMatch(/Omnibus test across outcomes/);
  });

  it("--json with one outcome prints an Effect with percentChange and the balance table", async () => {
    const r = await run([...base, "--outcome", "a", "--match-outcomes", "--json", "--threads", "1"]);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out);
    expect(e.method).toBe("microsynth");
    expect(e.att.percentChange.estimate).toBeLessThan(-20);
    expect(e.att.percentChange.estimate).toBeGreaterThan(-40);
    expect(e.periods).toHaveLength(10);
    expect(e.diagnostics.balance[0].constraint).toBe("(Intercept)");
  });

  it("--windows balances sums over the given pre-period windows", async () => {
    const r = await run([...base, "--outcome", "a,b", "--match-outcomes", "--windows", "1:3,4:6", "--threads", "1"]);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/5 constraints/); // intercept + 2 outcomes × 2 windows
    const late = await run([...base, "--outcome", "a", "--match-outcomes", "--windows", "5:7"]);
    expect(late.code).toBe(2);
    expect(late.err).toMatch(/reaches into the post period/);
  });

  it("bad input exits 2 with one line naming the problem", async () => {
    expect((await run([...base, "--outcome", "nope"])).err).toMatch(/missing column "nope"/);
    expect((await run([...base, "--outcome", "a", "--block", "2"])).code).toBe(2);
    expect((await run([...base, "--outcome", "a", "--bounds", "2:3"])).err).toMatch(/must contain 1/);
    const varying = writeToy((i, t) => (t < 0 ? "x" : `,${t}`));
    const r = await run(["microsynth", "--data", varying, "--unit", "id", "--time", "time", "--treatment", "D", "--outcome", "a", "--match-covariates", "x"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/covariate "x" is not constant within unit u0/);
  });
});

describe("microsynth figures", () => {
  const fit = microsynth(readMicrosynthCsv(writeToy(), { unit: "id", time: "time", treatment: "D", outcomes: ["a", "b"], covariates: ["pop"] }));
  it("stacks one treated-vs-synthetic panel per outcome, labelled with the percent change", () => {
    const f = treatedVsSyntheticPanels(fit, { labels: { a: "Outcome A" }, simulated: { truePercent: { a: -30, b: 0 } } });
    expect(f.data).toHaveLength(4);
    expect(f.layout.yaxis2).toBeDefined();
    const notes = (f.layout.annotations as { text: string }[]).map((a) => a.text).join(" | ");
    expect(notes).toMatch(/Outcome A: -\d+\.\d%/);
    expect(notes).toMatch(/true effect -30\.0%/);
    expect((f.layout.title as { text: string }).text).toMatch(/SIMULATED/);
  });
  it("permutation plot: placebo histogram and the observed statistic", () => {
    const withPerm = microsynth(readMicrosynthCsv(writeToy(), { unit: "id", time: "time", treatment: "D", outcomes: ["a"] }), { permutations: 9 });
    const f = permutationPlot(withPerm, "a");
    expect(f.data[0].x).toHaveLength(9);
    expect(() => permutationPlot(fit, "a")).toThrow(/no permutation test/);
  });
  it("balance plot has one point per constraint for synthetic and all controls", () => {
    const f = balancePlot(fit);
    expect((f.data[1].x as number[]).every((v) => Math.abs(v) < 1e-3)).toBe(true);
    expect(f.data[0].y).toHaveLength(fit.balance.length);
  });
});

describe("hotspotDesign and parallel refits", () => {
  // 60 areas × 8 periods; areas 0–29 funded (treated from period 5), the busiest 10% of them (3) are the hotspots.
  const N = 60, T = 8;
  const rng = createRng(2);
  const unit: string[] = [], time: number[] = [], y: number[] = [], D: number[] = [];
  const funded: number[] = [], pop: number[] = [];
  for (let i = 0; i < N; i++) for (let t = 1; t <= T; t++) {
    unit.push(`a${i}`); time.push(t); D.push(i < 30 && t >= 5 ? 1 : 0);
    y.push(Math.round((i % 30 === 7 || i % 30 === 11 || i % 30 === 20 ? 30 : 5) + 3 * rng.uniform()));
    funded.push(i < 30 ? 1 : 0); pop.push(1000 + i);
  }
  const panel = panelFromColumns({ unit, time, outcome: y, outcomeName: "v", treatment: D, attributes: { funded, pop } });

  it("treats the top 10% of funded areas and keeps unfunded areas as controls", () => {
    const d = hotspotDesign([panel], { covariates: ["pop"] });
    expect(d.units.filter((_, k) => d.treated[k])).toEqual(["a7", "a11", "a20"]);
    expect(d.units.length).toBe(33);
    expect(d.excluded).toBe(27);
    expect(d.periods[d.start]).toBe("5");
    expect(d.covariates.pop[0]).toBe(1007);
  });

  it("accepts Panels directly, matching only the covariates asked for", () => {
    const r = microsynth(panel);
    expect(r.diagnostics.treatedUnits).toBe(30);
    expect(r.diagnostics.constraints).toBe(5); // intercept + 4 pre-periods; "funded" and "pop" not matched
    expect(() => microsynth(panel, { matchCovariates: ["nope"] })).toThrow(/no covariate "nope"/);
  });

  it("gives the same answer on 2 worker threads as in-process", async () => {
    const d = hotspotDesign([panel]);
    const a = microsynth(d, { permutations: 6, jackknife: { groups: 3 }, seed: 5 });
    const b = await microsynthParallel(d, { permutations: 6, jackknife: { groups: 3 }, seed: 5, threads: 2 });
    expect(b.effects.v.att).toEqual(a.effects.v.att);
    expect(b.omnibus).toEqual(a.omnibus);
  });
});
