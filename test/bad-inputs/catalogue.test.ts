/**
 * The bad-input catalogue (issue 18): every malformed or unusual input either gives exit status
 * 2 with one line naming what is at fault, or the same answer as the clean input. The CLI runs
 * in-process through main(); fixtures are SIMULATED panels written by fixtures.ts (true effect −5
 * on the treated units from the treatment period on).
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { InputError, VruError } from "../../src/errors";
import { toJson } from "../../src/io/json";
import { stageDir } from "../../src/io/output";
import { parsePeriodColumn } from "../../src/io/periods";
import { loadPanelCsv } from "../../src/panel/load";
import { createRng } from "../../src/random";
import { dir, file, months, panelRows, rowsCsv, type Row } from "./fixtures";

async function run(argv: string[]) {
  let out = "", err = "";
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

/** Exit status as the CLI would give for a library error. */
async function libraryCode(f: () => Promise<unknown> | unknown): Promise<{ code: number; err: string }> {
  try { await f(); return { code: 0, err: "" }; } catch (e) { return { code: e instanceof InputError ? 2 : 1, err: (e as Error).message }; }
}

const PANEL = ["--unit", "unit", "--time", "time", "--outcome", "y"];
const twfe = (data: string, ...more: string[]) => ["twfe", "--data", data, ...PANEL, "--treatment", "d", "--json", ...more];
const scm = (data: string, ...more: string[]) => ["scm", "--data", data, ...PANEL, "--treatment", "d", "--json", ...more];
const gsynth = (data: string, ...more: string[]) => ["gsynth", "--data", data, ...PANEL, "--treatment", "d", "--r", "1", "--json", ...more];
const microsynth = (data: string, ...more: string[]) => ["microsynth", "--data", data, "--unit", "unit", "--time", "time", "--outcome", "y", "--treatment", "d", "--match-outcomes", "--json", ...more];

const clean = (rows: Row[] = panelRows()) => file("clean.csv", rowsCsv(rows));
const withRows = (name: string, f: (r: Row, k: number) => Row, rows = panelRows()) => file(name, rowsCsv(rows.map(f)));

/** A single monthly series 2017-01 … 2020-12 with a step of −7 from 2019-04 (SIMULATED). */
function itsCsv(fmt: (y: number, m: number) => string): string {
  const rng = createRng(11);
  const labels = months(2017, 48, fmt);
  const lines = labels.map((l, k) => `${l.includes(",") ? `"${l}"` : l},${(100 + 0.3 * k + (k >= 27 ? -7 : 0) + rng.normal()).toFixed(4)}`);
  return file("its.csv", `month,y\n${lines.join("\n")}\n`);
}
const its = (data: string, intervention = "2019-04", ...more: string[]) => ["its", "--data", data, "--time", "month", "--outcome", "y", "--intervention", intervention, "--json", ...more];
const pad = (y: number, m: number) => `${y}-${String(m).padStart(2, "0")}`;

type Case = [name: string, argv: () => string[] | Promise<string[]>, message: RegExp];

/** Cases that must end with exit 2 and one line on stderr matching the message. */
const BAD: Case[] = [
  // periods
  ["period in no accepted format", () => its(itsCsv((y, m) => `m${m}-${y}`)), /period "m1-2017" is not in an accepted format: numbers .*months \(YYYY-MM/],
  ["day/month order no label settles", () => its(itsCsv((y, m) => `01/${String(m).padStart(2, "0")}/${y}`)), /dates like "01\/01\/2017" are ambiguous .*YYYY-MM-DD/],
  ["periods mixing months and quarters", () => twfe(withRows("mixed.csv", (r, k) => ({ ...r, time: k % 20 === 3 ? "1993-Q1" : r.time }))), /periods mix formats \("1990" and "1993-Q1"\)/],
  ["month 13", () => its(itsCsv((y, m) => (y === 2018 && m === 5 ? "2018-13" : pad(y, m)))), /period "2018-13" is not in an accepted format/],
  ["1990 and 1990.0 for one unit: a duplicate", () => twfe(file("dup.csv", rowsCsv([...panelRows(), { ...panelRows()[0], time: "1990.0" }]))), /duplicate unit-period: unit U1, period 1990/],
  // identifiers
  ["unit id with surrounding whitespace (twfe)", () => twfe(withRows("ws.csv", (r, k) => (k === 30 ? { ...r, unit: ` ${r.unit}` } : r))), /unit id " U2" has leading or trailing whitespace/],
  ["unit id with surrounding whitespace (gsynth)", () => gsynth(withRows("ws2.csv", (r, k) => (k === 45 ? { ...r, unit: `${r.unit} ` } : r))), /unit id "U3 " has leading or trailing whitespace/],
  ["unit id with surrounding whitespace (microsynth)", () => microsynth(withRows("ws3.csv", (r, k) => (k === 45 ? { ...r, unit: `${r.unit}\t` } : r))), /unit id "U3\\t" has leading or trailing whitespace/],
  // overflow
  ["SCM outcome near 1e298", () => scm(withRows("big.csv", (r) => ({ ...r, y: r.y * 1e297 }))), /outside ±1e100 .*rescale the column/],
  ["SCM outcome 1e300", () => scm(withRows("big2.csv", (r, k) => (k === 7 ? { ...r, y: 1e300 } : r))), /row 9, outcome|row 9, column "y": 1e\+300 is outside ±1e100/],
  ["ITS outcome 1e200", () => its(file("big3.csv", `month,y\n${months(2017, 48, pad).map((l, k) => `${l},${k === 3 ? "1e200" : 100 + k}`).join("\n")}\n`)), /row 5, column "y": 1e\+200 is outside ±1e100/],
  ["microsynth outcome 1e300", () => microsynth(withRows("big4.csv", (r, k) => (k === 2 ? { ...r, y: 1e300 } : r))), /row 4, column "y": 1e\+300 is outside/],
  ["covariate 1e150", () => twfe(withRows("big5.csv", (r, k) => (k === 2 ? { ...r, x: 1e150 } : r)), "--covariates", "x"), /column "x": 1e\+150 is outside/],
  // option ranges
  ["--max-pre-mspe-ratio -1", () => scm(clean(), "--placebo", "--max-pre-mspe-ratio", "-1"), /--max-pre-mspe-ratio must be a number > 0, got -1/],
  ["--max-pre-mspe-ratio 0", () => scm(clean(), "--placebo", "--max-pre-mspe-ratio", "0"), /--max-pre-mspe-ratio must be a number > 0, got 0/],
  ["--alpha 1.5 (gsynth)", () => gsynth(clean(), "--alpha", "1.5"), /--alpha must be a number in \(0, 1\), got 1.5/],
  ["--alpha 0 (its)", () => its(itsCsv(pad), "2019-04", "--alpha", "0"), /--alpha must be a number in \(0, 1\), got 0/],
  ["--alpha=-0.1 (twfe)", () => twfe(clean(), "--alpha=-0.1"), /--alpha must be a number in \(0, 1\), got -0.1/],
  ["--alpha 1 (microsynth)", () => microsynth(clean(), "--alpha", "1"), /--alpha must be a number in \(0, 1\)/],
  ["--nboots 0", () => gsynth(clean(), "--se", "--nboots", "0"), /--nboots must be an integer ≥ \d, got 0/],
  ["--perm -1", () => microsynth(clean(), "--perm", "-1"), /--perm must be an integer ≥ 0, got -1/],
  ["--threads 0", () => scm(clean(), "--threads", "0"), /--threads must be an integer ≥ 1, got 0/],
  ["--bootstrap 10", () => twfe(clean(), "--bootstrap", "10"), /--bootstrap must be an integer ≥ 99, got 10/],
  ["--seed 1.5", () => ["simulate", "--out", join(dir, "never"), "--seed", "1.5"], /--seed must be an integer .*got 1.5/],
  ["--seed 1e20 (beyond 2^53)", () => ["simulate", "--out", join(dir, "never"), "--seed", "1e20"], /--seed must be an integer with \|value\| ≤ 2\^53 − 1, got 1e20/],
  ["--seed abc", () => twfe(clean(), "--bootstrap", "99", "--seed", "abc"), /--seed must be an integer .*got "abc"/],
  ["--effect-scale -1", () => ["simulate", "--out", join(dir, "never"), "--effect-scale", "-1"], /--effect-scale must be a number ≥ 0, got -1/],
  ["--lambda 0x10 (hex is not a number)", () => ["gsynth", "--data", clean(), ...PANEL, "--treatment", "d", "--estimator", "mc", "--lambda", "0x10"], /--lambda must be a number > 0, got "0x10"/],
  ["--json maybe", () => twfe(clean(), "--json", "maybe").filter((a, k, all) => !(a === "--json" && all[k + 1] !== "maybe")), /--json is a switch: give it alone, or as --json true \/ --json false \(got "maybe"\)/],
  ["a flag given twice", () => twfe(clean(), "--alpha", "0.1", "--alpha", "0.2"), /--alpha is given more than once/],
  // encodings and files
  ["UTF-16 with a byte-order mark", () => twfe(file("u16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rowsCsv(panelRows()), "utf16le")]))), /the file is UTF-16 \(byte-order mark FF FE\); save it as UTF-8 CSV/],
  ["UTF-16 without a byte-order mark", () => twfe(file("u16b.csv", Buffer.from(rowsCsv(panelRows()), "utf16le"))), /looks like UTF-16 without a byte-order mark/],
  ["binary file", () => twfe(file("bin.csv", Buffer.from(Array.from({ length: 512 }, (_, k) => (k * 37) % 256)))), /binary file \(NUL byte at offset 0\), not CSV text/],
  ["an .xlsx workbook", () => twfe(file("book.xlsx", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]))), /zip archive \(an \.xlsx workbook\?\)/],
  ["truncated .gz", () => { const g = gzipSync(rowsCsv(panelRows())); return twfe(file("cut.csv.gz", g.subarray(0, g.length >> 1))); }, /the gzip file is truncated/],
  ["truncated .gz (microsynth)", () => { const g = gzipSync(rowsCsv(panelRows())); return microsynth(file("cut2.csv.gz", g.subarray(0, g.length - 9))); }, /the gzip file is truncated/],
  [".gz that is not gzip", () => twfe(file("plain.csv.gz", rowsCsv(panelRows()))), /not a gzip file \(no gzip header\)/],
  ["missing file", () => twfe(join(dir, "nowhere.csv")), /cannot read .*nowhere\.csv: no such file/],
  ["a folder as --data", () => twfe(dir), /: it is a folder/],
  ["empty file", () => twfe(file("empty.csv", "")), /empty file, expected a header row/],
  ["a row with a field too many", () => twfe(file("ragged.csv", rowsCsv(panelRows()).replace("\nU1,1991,", "\nU1,1991,9,"))), /row 3 has 7 fields, the header has 6/],
  ["thousands separator in a number", () => twfe(file("comma.csv", rowsCsv(panelRows(), (r, k) => `${r.unit},${r.time},${k === 4 ? '"1,234"' : r.y},${r.d},${r.x},${r.pop}`))), /row 6, column "y": "1,234" is not a number/],
  ["Infinity as a value", () => twfe(withRows("inf.csv", (r, k) => (k === 4 ? { ...r, y: Infinity } : r))), /row 6, column "y": "Infinity" is not a number/],
  // outputs
  ["--out under /proc (no hang)", () => ["simulate", "--out", "/proc/vru-eval-test"], /cannot write --out \/proc\/vru-eval-test: \/proc is a system pseudo-filesystem/],
  ["--out under a file", () => ["simulate", "--out", join(file("plain.txt", "x"), "sub")], /cannot write --out .*plain\.txt\/sub: .*plain\.txt is a file, not a folder/],
  // other
  ["treatment that switches off names no missing option", () => twfe(withRows("rev.csv", (r, k) => (k === 19 ? { ...r, d: 0 } : r))), /switches off at period 2009; the estimators need an absorbing treatment/],
  ["negative population (cba)", () => ["cba", "--params", file("params.json", JSON.stringify({ population: -5, offences: [{ label: "x", cumulativeEffect: -10, unit: "per 100,000" }] }))], /"population" must be positive, got -5/],
];

describe("bad inputs: exit 2 and one line naming what is at fault", () => {
  for (const [name, argv, message] of BAD) {
    it(name, async () => {
      const r = await run(await argv());
      expect(r.code, r.err).toBe(2);
      expect(r.err.trimEnd().split("\n"), r.err).toHaveLength(1);
      expect(r.err).toMatch(message);
      expect(r.out).toBe("");
    });
  }
});

const json = async (argv: string[]) => {
  const r = await run(argv);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
};
const itsAnswer = (e: { att: { estimate: number }; coefficients: Record<string, { estimate: number }> }) => [e.att.estimate, e.coefficients.step.estimate, e.coefficients.slope.estimate];

describe("unusual inputs: the same answer as the clean input", () => {
  const reference = () => json(its(itsCsv(pad)));

  it("months written 2019-1 … 2019-12 (not zero-padded) are ordered in time, not as text", async () => {
    const ref = itsAnswer(await reference());
    const got = await json(its(itsCsv((y, m) => `${y}-${m}`), "2019-4"));
    expect(itsAnswer(got)).toEqual(ref);
    expect(Math.abs(got.coefficients.step.estimate + 7)).toBeLessThan(2); // SIMULATED true step −7
  });

  it("months written M/YYYY, MM/YYYY and 'Jan 2019' give the same fit", async () => {
    const ref = itsAnswer(await reference());
    for (const fmt of [(y: number, m: number) => `${m}/${y}`, (y: number, m: number) => `${String(m).padStart(2, "0")}/${y}`, (y: number, m: number) => `${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1]} ${y}`]) {
      expect(itsAnswer(await json(its(itsCsv(fmt))))).toEqual(ref);
    }
  });

  it("rows in shuffled order give the same fit", async () => {
    const ref = itsAnswer(await reference());
    const text = readFileSync(itsCsv((y, m) => `${y}-${m}`), "utf8").trim().split("\n");
    const body = createRng(5).shuffle(text.slice(1));
    expect(itsAnswer(await json(its(file("shuffled.csv", [text[0], ...body].join("\n") + "\n"), "2019-04")))).toEqual(ref);
  });

  it("integer periods written 1980.0 in some rows are the same periods (gsynth)", async () => {
    const ref = await json(gsynth(clean()));
    const got = await json(gsynth(withRows("float.csv", (r, k) => (k % 3 === 0 ? { ...r, time: `${r.time}.0` } : r))));
    expect(got.att.estimate).toBe(ref.att.estimate);
    expect(got.periods.map((p: { time: string }) => p.time)).toEqual(ref.periods.map((p: { time: string }) => p.time));
    expect(ref.att.estimate).toBeCloseTo(-5, 0);
  });

  it("ISO dates, quarters and financial years order like the integers they replace (twfe)", async () => {
    const ref = (await json(twfe(clean()))).att;
    for (const label of [(y: number) => `${y}-06-30`, (y: number) => `${y} Q2`, (y: number) => `Q2 ${y}`, (y: number) => `${y}/${String((y + 1) % 100).padStart(2, "0")}`]) {
      const got = (await json(twfe(withRows("relabel.csv", (r) => ({ ...r, time: label(Number(r.time)) }))))).att;
      expect(got.estimate).toBe(ref.estimate);
      expect(got.se).toBe(ref.se);
    }
  });

  it("dates DD/MM/YYYY are read day first when a day above 12 settles it", () => {
    const c = parsePeriodColumn(["25/12/2019", "03/01/2020", "02/01/2020"], { column: "date" });
    expect(c.periods).toEqual(["2019-12-25", "2020-01-02", "2020-01-03"]);
  });

  it("--treatment-time in another spelling of the same period (scm)", async () => {
    const rows = panelRows({ treated: 1 });
    const a = await json(["scm", "--data", clean(rows), ...PANEL, "--treated-unit", "U1", "--treatment-time", "2002", "--json"]);
    const b = await json(["scm", "--data", clean(rows), ...PANEL, "--treated-unit", "U1", "--treatment-time", "2002.0", "--json"]);
    expect(b.att.estimate).toBe(a.att.estimate);
  });

  it("a Latin-1 (Windows-1252) CSV is decoded: Orléans stays Orléans", async () => {
    const names = (r: Row) => ({ ...r, unit: r.unit === "U1" ? "Orléans" : r.unit === "U3" ? "Gwynedd – Môn" : r.unit });
    const utf8 = clean(panelRows().map(names));
    const latin1 = file("latin1.csv", encode1252(rowsCsv(panelRows().map(names))));
    const a = await json(twfe(utf8)), b = await json(twfe(latin1));
    expect(b.att).toEqual(a.att);
    const s = await json(["scm", "--data", latin1, ...PANEL, "--treated-unit", "Orléans", "--treatment-time", "2002", "--json"]);
    expect(s.settings.treatedUnits).toEqual(["Orléans"]);
  });

  it("a UTF-8 byte-order mark, CRLF line ends and gzip without the .gz name change nothing", async () => {
    const text = rowsCsv(panelRows());
    const ref = (await json(twfe(file("plain.csv", text)))).att;
    expect((await json(twfe(file("bom.csv", "\ufeff" + text)))).att).toEqual(ref);
    expect((await json(twfe(file("crlf.csv", text.replace(/\n/g, "\r\n"))))).att).toEqual(ref);
    expect((await json(twfe(file("zipped.csv", gzipSync(text))))).att).toEqual(ref);
    expect((await json(twfe(file("zipped.csv.gz", gzipSync(text))))).att).toEqual(ref);
  });

  it("--json false is honoured (the summary, not JSON)", async () => {
    const r = await run(twfe(clean()).filter((a) => a !== "--json").concat(["--json", "false"]));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Two-way fixed effects:/);
  });
});

/** Windows-1252 bytes of text whose characters are all in Latin-1 or the few 1252 extras used here. */
function encode1252(s: string): Buffer {
  const extra: Record<string, number> = { "–": 0x96, "€": 0x80 };
  return Buffer.from(Array.from(s, (ch) => extra[ch] ?? ch.charCodeAt(0)));
}

describe("statistics that cannot be computed are reported as unavailable, with the reason", () => {
  it("microsynth on a constant outcome: no p-value (was p = 0.039 / 6.5e-54)", async () => {
    const r = await run(microsynth(withRows("const.csv", (x) => ({ ...x, y: 7 }), panelRows({ units: 30, treated: 5 }))));
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out);
    expect(e.att.p).toBeNull();
    expect(e.diagnostics.inference.linearisation.unavailable).toMatch(/does not vary beyond rounding/);
    expect(e.nonFinite.note).toMatch(/NaN .* written as null/);
  });

  it("microsynth with one constant outcome among two: no joint (omnibus) test", async () => {
    const data = withRows("const2.csv", (x) => ({ ...x, y: 7 }), panelRows({ units: 30, treated: 5 }));
    const e = await json(["microsynth", "--data", data, "--unit", "unit", "--time", "time", "--outcome", "y,x", "--treatment", "d", "--match-outcomes", "--json"]);
    expect(e.omnibus.linearisation.unavailable).toMatch(/outcome "y" has zero variance/);
    expect(e.omnibus.linearisation.p.twoSided).toBeNull();
    expect(e.effects.x.diagnostics.inference.linearisation.p.twoSided).toBeGreaterThan(0);
  });

  it("TWFE with a single control cluster: no SE or p (was SE 0, p ≈ 2e-16)", async () => {
    const data = withRows("cl.csv", (r) => ({ ...r, pop: Number(r.unit.slice(1)) <= 6 ? 1 : 2 }), panelRows({ treated: 6 }));
    const r = await run(twfe(data, "--cluster", "pop"));
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out);
    expect(e.att.se).toBeNull();
    expect(e.att.p).toBeNull();
    expect(r.err).toMatch(/only 1 cluster has treated observations: the cluster-robust SE, interval and p-value of τ cannot be estimated/);
    const s = await run(twfe(data, "--cluster", "pop").filter((a) => a !== "--json"));
    expect(s.out).toMatch(/p = unavailable/);
  });

  it("TWFE with one cluster of never-treated units among several treated ones: unavailable", async () => {
    const data = withRows("cl2.csv", (r) => ({ ...r, pop: Math.min(Number(r.unit.slice(1)), 7) }), panelRows({ treated: 6 }));
    const e = await json(twfe(data, "--cluster", "pop"));
    expect(e.diagnostics.inferenceUnavailable).toMatch(/a single control cluster/);
  });

  it("SCM fitted on one pre-period warns that its perfect fit means nothing", async () => {
    const r = await run(["scm", "--data", clean(panelRows({ treated: 1 })), ...PANEL, "--treated-unit", "U1", "--treatment-time", "1991", "--json"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: the fit window has 1 pre-period: any donor mix matching it fits perfectly/);
  });

  it("NaN and ±Infinity in JSON become null with a note saying where", () => {
    const j = JSON.parse(toJson({ a: 1, b: [NaN, 2], c: { d: -Infinity } }));
    expect(j.b[0]).toBeNull();
    expect(j.nonFinite.values).toEqual([{ path: "b[0]", value: "NaN" }, { path: "c.d", value: "-Infinity" }]);
    expect(JSON.parse(toJson({ a: 1 }))).toEqual({ a: 1 });
  });
});

describe("seeds", () => {
  const first = (seed: number) => { const r = createRng(seed); return [r.uniform(), r.uniform(), r.uniform()]; };

  it("-1, 0, 2^32 + 1 and -2 no longer alias each other or the default seed 1", () => {
    const seeds = [1, 0, -1, -2, 4294967296, 4294967297, 2 ** 53 - 1, -(2 ** 53 - 1)];
    const draws = seeds.map((s) => first(s)[0]);
    expect(new Set(draws).size).toBe(seeds.length);
  });

  it("seeds 0 … 2^32 − 1 keep their streams (published results and notebooks unchanged)", () => {
    // values of the generator before the change (main at 7a74a23)
    expect(first(1).map((x) => x.toFixed(6))).toEqual(["0.568606", "0.889394", "0.470582"]);
    expect(first(0)[0].toFixed(6)).toBe("0.886854");
    const r = createRng(1);
    r.uniform(); r.uniform(); r.uniform();
    expect(r.fork().uniform().toFixed(6)).toBe("0.624423");
    const f = createRng(123456789);
    expect([f.normal().toFixed(6), f.int(1000)]).toEqual(["-0.049023", 804]);
  });

  it("a non-integer or unsafe seed is an InputError naming the seed", async () => {
    for (const s of [1.5, NaN, 2 ** 60]) expect((await libraryCode(() => createRng(s))).err).toMatch(/seed must be an integer between/);
  });

  it("--seed -1 and --seed 0 give different bootstraps (twfe)", async () => {
    const a = await json(twfe(clean(), "--bootstrap", "99", "--seed", "-1"));
    const b = await json(twfe(clean(), "--bootstrap", "99", "--seed", "0"));
    expect(a.att.ci).not.toEqual(b.att.ci);
  });
});

describe("library loaders follow the same rules", () => {
  it("the DuckDB loader refuses whitespace around unit ids and parses periods", async () => {
    const spec = { unit: "unit", time: "time", outcome: "y", treatment: "d" };
    const bad = await libraryCode(() => loadPanelCsv(withRows("ws4.csv", (r, k) => (k === 21 ? { ...r, unit: "U2 " } : r)), spec));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/row 23: unit id "U2 " has leading or trailing whitespace/);
    const p = await loadPanelCsv(file("m.csv", rowsCsv(panelRows({ periods: months(2019, 14, (y, m) => `${y}-${m}`) }))), spec);
    expect(p.periods.slice(8, 11)).toEqual(["2019-09", "2019-10", "2019-11"]);
  });

  it("the DuckDB loader refuses UTF-16 and values beyond ±1e100", async () => {
    const spec = { unit: "unit", time: "time", outcome: "y" };
    expect((await libraryCode(() => loadPanelCsv(file("u16c.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("unit,time,y\n", "utf16le")])), spec))).err).toMatch(/UTF-16/);
    const big = await libraryCode(() => loadPanelCsv(withRows("big6.csv", (r, k) => (k === 3 ? { ...r, y: 1e298 } : r)), spec));
    expect(big.code).toBe(2);
    expect(big.err).toMatch(/column "y" \(unit U1, period 1993\): 1e\+298 is outside ±1e100/);
  });
});

describe("outputs are never half-written", () => {
  it("a staged folder moves into place only on commit; an abort leaves the old folder as it was", () => {
    const target = join(dir, "staged");
    mkdirSync(target);
    writeFileSync(join(target, "simulation.json"), "old");
    const s = stageDir(target);
    writeFileSync(join(s.tmp, "a.csv"), "new");
    s.abort();
    expect(readdirSync(target)).toEqual(["simulation.json"]);
    expect(existsSync(s.tmp)).toBe(false);
    const t = stageDir(target);
    writeFileSync(join(t.tmp, "a.csv"), "new");
    writeFileSync(join(t.tmp, "simulation.json"), "new");
    t.commit(["a.csv", "simulation.json"], "simulation.json");
    expect(readFileSync(join(target, "simulation.json"), "utf8")).toBe("new");
    expect(readdirSync(dir).filter((f) => f.includes(".partial-"))).toEqual([]);
  });

  it("Ctrl-C during vru-eval simulate exits 130 and leaves no output folder", async () => {
    const out = join(dir, "interrupted");
    const partial = () => readdirSync(dirname(out)).filter((f) => f.startsWith(`.${basename(out)}.partial-`));
    const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "../../src/cli/main.ts"), "simulate", "--out", out], { stdio: "ignore" });
    const exited = new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    // Interrupt while the files are being written (the partial sibling exists).
    for (let k = 0; k < 6000 && partial().length === 0 && child.exitCode === null; k++) await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(existsSync(out)).toBe(false);
    expect(partial()).toEqual([]);
  }, 90_000);
});

describe("typed errors", () => {
  it("src/ throws no bare Error, RangeError or TypeError", () => {
    let hits = "";
    try { hits = execFileSync("grep", ["-rnE", "new (Range|Type)?Error\\(", join(__dirname, "../../src")], { encoding: "utf8" }); } catch (e) { expect((e as { status: number }).status).toBe(1); } // 1: no match
    expect(hits).toBe("");
  }, 10_000);

  it("every project error carries a code and what is at fault", async () => {
    const r = await libraryCode(() => parsePeriodColumn(["2019-01", "x"], { file: "f.csv", column: "month" }));
    expect(r.code).toBe(2);
    try { parsePeriodColumn(["x"], { file: "f.csv", column: "month" }); } catch (e) {
      expect(e).toBeInstanceOf(VruError);
      expect((e as VruError).code).toBe("period");
      expect((e as VruError).context).toMatchObject({ file: "f.csv", column: "month", period: "x" });
    }
  });
});
