/**
 * Imports in src/ point one way: a folder may import its own rank or lower, never higher, and
 * folders never import each other in a cycle. Estimators never import each other (shared
 * numerics live in linalg/, stats/, optimize/, timeseries/). Adding a folder to src/ means
 * adding a line here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(__dirname, "..", "src");

/** Rank of each top-level folder (or top-level file) of src/. */
const RANK: Record<string, number> = {
  errors: 0, // typed errors, imported by everything
  random: 0, // seeded generators
  effect: 0, // the one result type
  parallel: 0, // worker pool, knows nothing of the domain
  io: 0, // CSV, repository paths, run output and the reproduction record
  geography: 1, // areas, forces, lookups (read through io)
  panel: 2, // the Panel type, loaders, the report calendar
  linalg: 3, // dense linear algebra shared by estimators and time series
  stats: 3, // distributions, quantiles
  optimize: 3, // optimisers
  timeseries: 4, // ARIMA, ACF, OLS: built on linalg/stats/optimize
  estimators: 5, // one folder per method, each fit(panel, options) → Effect
  inference: 6, // inference that wraps estimators (conformal, cluster, …)
  simulate: 7, // simulated panels with known truth
  tables: 8, // the report's published tables
  process: 8, // process evaluation (chapters 3–6, 8)
  economics: 8, // cost-benefit
  chapter2: 8, // chapter-2 specifics (hotspot design, Table A3.4)
  compare: 8, // method comparisons and coverage studies on simulated data
  reference: 8, // the reference applications' specifications (Prop 99, Basque)
  plots: 9, // generic figures from Effects and fitted models
  display: 9, // notebook display and figure export (reads only the Figure type)
  figures: 10, // the report's own figures (built on plots/ and the report layer)
  run: 11, // the headless notebook runner
  cli: 11, // the command line
  index: 12, // the public library entry
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.(ts|js)$/.test(f) ? [p] : [];
  });
}

/** Top folder of a path under src/, and the estimator's name for paths under estimators/. */
function place(path: string): { top: string; estimator?: string } {
  const parts = relative(SRC, path).split(sep);
  const top = parts[0].replace(/\.(ts|js)$/, "");
  return top === "estimators" && parts.length > 1 ? { top, estimator: parts[1].replace(/\.(ts|js)$/, "") } : { top };
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

const edges = sourceFiles(SRC).flatMap((file) => {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((m) => ({ file: relative(SRC, file), from: place(file), to: place(normalize(join(dirname(file), m[1]))), spec: m[1] }));
});

describe("layers", () => {
  it("finds the imports it checks", () => {
    expect(edges.length).toBeGreaterThan(300);
  });

  it("every src/ folder has a rank", () => {
    const tops = new Set(edges.flatMap((e) => [e.from.top, e.to.top]));
    expect([...tops].filter((t) => !(t in RANK))).toEqual([]);
  });

  it("no import points up a layer", () => {
    const up = edges.filter((e) => RANK[e.to.top] > RANK[e.from.top]).map((e) => `${e.file} imports ${e.spec} (${e.from.top} ${RANK[e.from.top]} < ${e.to.top} ${RANK[e.to.top]})`);
    expect(up).toEqual([]);
  });

  it("estimators do not import each other", () => {
    const across = edges.filter((e) => e.from.estimator && e.to.estimator && e.from.estimator !== e.to.estimator && e.to.estimator !== "options" && e.to.estimator !== "registry" && e.from.estimator !== "registry");
    expect(across.map((e) => `${e.file} imports ${e.spec}`)).toEqual([]);
  });

  it("folders import each other without cycles", () => {
    const next = new Map<string, Set<string>>();
    for (const e of edges) if (e.from.top !== e.to.top) (next.get(e.from.top) ?? next.set(e.from.top, new Set()).get(e.from.top)!).add(e.to.top);
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      for (const n of next.get(node) ?? []) {
        if (n === path[0]) cycles.push([...path, n].join(" → "));
        else if (!path.includes(n) && n > path[0]) visit(n, [...path, n]);
      }
    };
    for (const start of next.keys()) visit(start, [start]);
    expect(cycles).toEqual([]);
  });
});
