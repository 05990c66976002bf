/**
 * The transcribed report tables hold the report's numbers: each is asserted here (so the test does
 * not need ../shared), and, where the report text is present beside the repo, Tables 1.1 and 7.1
 * are re-read from it line by line.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/io/paths";
import {
  byItem, loadCommissioning, loadFieldwork, loadHeadlines, loadTable11, loadTable71, loadTable72, loadTable73,
  loadTable74, loadTable75, loadTableA33, loadTableA34, loadTextFigures, reportPath,
} from "../src/tables/index";
import { readReportCsv } from "../src/tables/read";
import { InputError } from "../src/errors";
import { tmpdir } from "node:os";

describe("Table 1.1 (funding by PFA)", () => {
  const t = loadTable11();
  it("has the printed 18 rows in printed order and the Total row", () => {
    expect(t.rows.map((r) => r.pfa)).toEqual([
      "London", "West Midlands", "Greater Manchester", "Merseyside", "West Yorkshire", "South Yorkshire", "Northumbria",
      "Thames Valley", "Lancashire", "Essex", "Avon & Somerset", "Kent", "Nottinghamshire", "Leicestershire", "Bedfordshire",
      "Sussex", "Hampshire", "South Wales",
    ]);
    expect(t.total).toEqual({ surge: 104_900_000, vru: 69_520_000, total: 174_420_000 });
  });
  it("holds the printed amounts", () => {
    expect(t.rows[0]).toEqual({ pfa: "London", surge: 34_487_455, vru: 14_000_000, total: 48_487_455 });
    expect(t.rows[10]).toEqual({ pfa: "Avon & Somerset", surge: 2_843_520, vru: 2_320_000, total: 5_163_520 });
    expect(t.rows[17]).toEqual({ pfa: "South Wales", surge: 1_980_680, vru: 1_760_000, total: 3_740_680 });
    expect(t.rows.map((r) => r.surge)).toEqual([34487455, 12601485, 7943375, 6955100, 6655315, 4269410, 3844185, 3203960,
      3009610, 2912435, 2843520, 2742215, 2543730, 2316990, 2288730, 2211555, 2090250, 1980680]);
    expect(t.rows.map((r) => r.vru / 1e4)).toEqual([1400, 674, 674, 674, 674, 320, 320, 232, 232, 232, 232, 232, 176, 176, 176, 176, 176, 176]);
  });
});

describe("Table 7.1 (intervention spend)", () => {
  const t = loadTable71();
  it("holds the printed rows", () => {
    expect(t).toHaveLength(18);
    expect(t[0]).toEqual({ vru: "London", fundingAllocation: 7_000_000, interventionSpend: 6_768_000, percentPrinted: 97 });
    expect(t.find((r) => r.vru === "Avon and Somerset")).toEqual({ vru: "Avon and Somerset", fundingAllocation: 1_160_000, interventionSpend: 604_290, percentPrinted: 52 });
    expect(t.map((r) => r.interventionSpend)).toEqual([6768000, 1108210, 2328237, 2171521, 549476, 2069154, 692709, 1985579,
      487484, 633043, 604290, 759316, 414650, 524700, 390115, 469405, 341358, 332673]);
    expect(t.map((r) => r.percentPrinted)).toEqual([97, 69, 69, 64, 62, 61, 60, 59, 55, 55, 52, 47, 47, 45, 44, 40, 39, 38]);
  });
});

describe("Tables 7.2-7.5", () => {
  it("Table 7.2: planned interventions, years 1 and 2", () => {
    const t = loadTable72();
    expect(t.year1.rows.map((r) => [r.number, r.percent])).toEqual([[35, 20], [48, 27], [51, 29], [34, 19], [7, 4]]);
    expect(t.year2.rows.map((r) => [r.number, r.percent])).toEqual([[58, 27], [60, 28], [31, 14], [64, 30], [3, 1]]);
    expect([t.year1.total.number, t.year2.total.number]).toEqual([175, 216]);
  });
  it("Table 7.3: target group × delivery model", () => {
    const t = loadTable73();
    expect(t.counts).toEqual([[3, 6, 12, 37, 0], [14, 16, 19, 11, 0], [11, 11, 5, 4, 0], [41, 17, 6, 0, 0], [0, 1, 0, 0, 2]]);
    expect(t.printedColTotals).toEqual([69, 51, 42, 52, 2]);
    expect(t.colLabels).toEqual(["Prevention", "Early intervention", "Therapeutic", "Desistance", "Unknown"]);
  });
  it("Table 7.4: delivered", () => {
    const t = loadTable74();
    expect(t.rows.map((r) => [r.number, r.percent])).toEqual([[67, 20], [116, 35], [45, 14], [87, 26], [16, 5]]);
    expect(t.total.number).toBe(331);
  });
  it("Table 7.5: individuals reached", () => {
    const t = loadTable75();
    expect(t.year1.rows.map((r) => [r.number, r.percent])).toEqual([[7028, 7], [9746, 9.5], [34323, 33], [50826, 49], [1455, 1.5]]);
    expect(t.year2.rows.map((r) => [r.number, r.percent])).toEqual([[6412, 2], [18847, 7], [18698, 7], [214561, 82], [3692, 1]]);
    expect([t.year1.total.number, t.year2.total.number]).toEqual([103378, 262210]);
  });
});

describe("Annex 3, fieldwork, section 7.2, chapter 2", () => {
  it("Table A3.3 and A3.4", () => {
    expect(loadTableA33().map((r) => `${r.unitOfAnalysis}/${r.frequency}/${r.analysis}`)).toEqual([
      "Local authority/Annual/SCM", "Police force area/Monthly/SCM", "Community Safety Partnership/Monthly/SCM",
      "LSOA/Monthly/SCM", "Police force area/Monthly/ITS", "Police force area/Quarterly/SCM"]);
    const a34 = loadTableA34();
    const cell = (c: string, o: string, s: string) => a34.find((e) => e.coefficient === c && e.outcome === o && e.interventionStart === s);
    expect(cell("Step-change", "Violence without injury", "2019-04")).toMatchObject({ estimate: 1531.72, significant: true });
    expect(cell("Slope", "Violence with injury", "2019-09")).toMatchObject({ estimate: -258.87, significant: true });
    expect(cell("Slope", "Violence without injury", "2019-09")).toMatchObject({ estimate: -132.18, significant: false });
    expect(cell("Lockdown", "Violence with injury", "2019-04")).toMatchObject({ estimate: -2601.34, significant: true });
    expect(a34.filter((e) => e.significant)).toHaveLength(7);
  });
  it("fieldwork counts (1.4)", () => {
    const f = loadFieldwork();
    expect(f.groups.map((g) => g.interviews)).toEqual([88, 69, 103, 30]);
    expect(f.total).toBe(290);
  });
  it("section 7.2 commissioning breakdowns", () => {
    const c = loadCommissioning();
    const get = (b: string) => c.filter((r) => r.breakdown === b).map((r) => [r.number, r.percent]);
    expect(get("delivery_model")).toEqual([[69, 32], [null, 23], [43, 20], [52, 24], [2, 1]]);
    expect(get("geography")).toEqual([[102, 47], [114, 53]]);
    expect(get("commissioned_organisation")).toEqual([[75, 35], [53, 25], [12, 6], [11, 5], [6, 3], [59, 27]]);
    expect(get("novelty")).toEqual([[90, 42], [79, 37], [42, 19], [5, 2]]);
    expect(get("evidence")).toEqual([[58, 27], [148, 69]]);
    expect(get("evidence_source")).toEqual([[25, 43], [33, 57]]);
  });
  it("chapter 2 headline estimates with CIs and units", () => {
    const h = loadHeadlines();
    expect(byItem(h, "hospital_admissions_u25")).toMatchObject({ estimate: -0.03, ciLower: -0.29, ciUpper: 0.25, unit: "admissions per 1 million people per month", significantStated: false });
    expect(byItem(h, "hospital_admissions_all_ages")).toMatchObject({ estimate: 0.25, ciLower: -0.27, ciUpper: 0.94 });
    expect(byItem(h, "homicides")).toMatchObject({ estimate: 0.32, ciLower: -0.96, ciUpper: 1.61 });
    expect(byItem(h, "vwoi_cumulative_rate")).toMatchObject({ estimate: -80, unit: "offences per 100000 population" });
    expect(byItem(h, "vwoi_offences_avoided").estimate).toBe(27585);
    expect(byItem(h, "funded_population").estimate).toBe(34321607);
    expect(byItem(h, "lsoa_violence_with_injury").estimate).toBe(-2.8);
    expect(byItem(h, "lsoa_violence_without_injury").estimate).toBe(-6.9);
    expect(byItem(h, "individuals_reached_year_2").estimate).toBe(262210);
    expect(byItem(h, "benefit_cost_ratio")).toMatchObject({ estimate: 3.16, ciLower: 0.4, ciUpper: 11.07 });
    expect(byItem(h, "benefit_cost_ratio_footnote_1")).toMatchObject({ estimate: 3.16, ciLower: 0.4, ciUpper: 11.03 });
    expect(byItem(h, "total_costs").estimate).toBe(121952973);
    expect(byItem(loadTextFigures(), "young_people_interviewed_fn18").value).toBe(12);
  });
});

describe("provenance and bad input", () => {
  it("every CSV in data/report has a provenance entry with table, section and caption", () => {
    const prov = JSON.parse(readFileSync(reportPath("provenance.json"), "utf8")) as { tables: Record<string, { table: string; section: string; caption: string }> };
    const files = readdirSync(join(REPO_ROOT, "data", "report")).filter((f) => f.endsWith(".csv"));
    for (const f of files) {
      expect(prov.tables[f], f).toBeDefined();
      expect(prov.tables[f].caption.length).toBeGreaterThan(5);
    }
  });
  it("names the file, row and column of a non-numeric cell", () => {
    const dir = mkdtempSync(join(tmpdir(), "vru-tables-"));
    const p = join(dir, "t11.csv");
    writeFileSync(p, "pfa,surge,vru,total_sv_funding\nLondon,£34m,14000000,48487455\nTotal,1,2,3\n");
    expect(() => loadTable11(p)).toThrow(/row 2, column "surge": "£34m" is not a number/);
    writeFileSync(p, "pfa,surge,vru\nLondon,1,2\n");
    expect(() => readReportCsv(p, ["pfa", "surge", "vru", "total_sv_funding"])).toThrow(InputError);
    writeFileSync(p, "pfa,surge,vru,total_sv_funding\nLondon,1,2,3\n");
    expect(() => loadTable11(p)).toThrow(/no "Total" row/);
  });
});

// Re-read Tables 1.1 and 7.1 from the report text when it is available beside the repo (../shared).
const REPORT = join(REPO_ROOT, "..", "shared", "report", "vru-evaluation-year-ending-march-2021.txt");
describe.skipIf(!existsSync(REPORT))("against the report text", () => {
  const text = existsSync(REPORT) ? readFileSync(REPORT, "utf8").split("\n") : [];
  const gbp = (x: number, pence = false) => "£" + x.toLocaleString("en-GB", { minimumFractionDigits: pence ? 2 : 0 });
  it("every Table 1.1 row is a line of the report", () => {
    const t = loadTable11();
    for (const r of [...t.rows, { pfa: "Total", ...t.total }]) expect(text, r.pfa).toContain(`${r.pfa} ${gbp(r.surge)} ${gbp(r.vru)} ${gbp(r.total)}`);
  });
  it("every Table 7.1 row is a line of the report", () => {
    for (const r of loadTable71()) {
      const line = text.find((l) => l.startsWith(`${r.vru} £`) && l.endsWith(`${r.percentPrinted}%`));
      expect(line, r.vru).toBeDefined();
      const amounts = [...line!.matchAll(/£([\d,.]+)/g)].map((m) => Number(m[1].replace(/,/g, "")));
      expect(amounts).toEqual([r.fundingAllocation, r.interventionSpend]);
    }
  });
});
