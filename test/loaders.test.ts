import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPrcOpenData, PRC_OUTCOMES, loadStreetCrime, loadGoogleMobility, loadStopSearch, normaliseAreaName, areaCodeByName } from "../src/panel/loaders";
import { loadGeography } from "../src/geography";

const fx = (...p: string[]) => join(__dirname, "fixtures", "loaders", ...p);
const cell = (p: { units: string[]; periods: string[]; y: Float64Array }, u: string, t: string) => p.y[p.units.indexOf(u) * p.periods.length + p.periods.indexOf(t)];

describe("area names", () => {
  it("normalise the ways public files spell areas", () => {
    expect(normaliseAreaName("Avon & Somerset Constabulary")).toBe("avon and somerset");
    expect(normaliseAreaName("London Borough of Camden")).toBe("camden");
    expect(areaCodeByName("csp", "Bristol")).toBe("E22000002"); // "Bristol, City of"
    expect(areaCodeByName("pfa", "metropolitan")).toBe("E23000001");
    expect(areaCodeByName("pfa", "avon-and-somerset")).toBe("E23000036");
    expect(areaCodeByName("pfa", "London, City of")).toBe("E23000034");
    expect(areaCodeByName("pfa", "btp")).toBeUndefined();
  });
});

describe("Home Office police recorded crime open data", () => {
  it("aggregates CSP offence codes to quarterly counts of the report's outcomes", async () => {
    const r = await loadPrcOpenData(fx("prc-csp.csv"), { level: "csp", offences: PRC_OUTCOMES.violenceWithInjury });
    expect(r.unmatched).toEqual(["Atlantis"]);
    expect([...r.panel.units].sort()).toEqual(["E22000002", "E22000335"]);
    expect(r.panel.periods).toEqual(["2019-Q2", "2019-Q3", "2020-Q1"]); // FY 2019/20 Q1, Q2, Q4
    expect(cell(r.panel, "E22000335", "2019-Q2")).toBe(1334); // "1,234" + 100
    expect(cell(r.panel, "E22000335", "2019-Q3")).toBe(1290);
    expect(Number.isNaN(cell(r.panel, "E22000335", "2020-Q1"))).toBe(true); // no row: missing, not zero
    expect(r.panel.attributes.pfa[r.panel.units.indexOf("E22000002")]).toBe("E23000036");
    const g = loadGeography();
    expect(r.panel.attributes.population[r.panel.units.indexOf("E22000335")]).toBe(g.csp.population[g.csp.index.get("E22000335")!]);
    const w = await loadPrcOpenData(fx("prc-csp.csv"), { level: "csp", offences: PRC_OUTCOMES.possessionOfWeapons });
    expect(Array.from(w.panel.y)).toEqual([50]);
    await expect(loadPrcOpenData(fx("prc-csp.csv"), { level: "csp", offences: PRC_OUTCOMES.violenceWithInjury, strict: true })).rejects.toThrow(/Atlantis/);
  });
  it("reads the PFA table, matching Home Office force names", async () => {
    const r = await loadPrcOpenData(fx("prc-pfa.csv"), { level: "pfa", offences: PRC_OUTCOMES.violenceWithoutInjury });
    expect(r.unmatched).toEqual([]);
    expect([...r.panel.units].sort()).toEqual(["E23000001", "E23000034", "E23000035", "W15000004"]);
    expect(cell(r.panel, "E23000001", "2019-Q1")).toBe(20100);
  });
  it("names the missing column", async () => {
    await expect(loadPrcOpenData(fx("prc-pfa.csv"), { level: "csp", offences: PRC_OUTCOMES.violenceWithInjury })).rejects.toThrow(/missing column "CSP Name"/);
  });
});

describe("data.police.uk street-level crime", () => {
  it("counts LSOA-months, zero where the force reported, missing where it did not", async () => {
    const r = await loadStreetCrime([fx("street", "*-street.csv")], { crimeTypes: ["Violence and sexual offences"] });
    const p = r.panel;
    expect(p.periods).toEqual(["2019-06", "2019-07"]);
    expect(p.units).toEqual(["E01005100", "E01009000", "E01009001"]);
    expect(cell(p, "E01009000", "2019-06")).toBe(2);
    expect(cell(p, "E01009000", "2019-07")).toBe(1);
    expect(cell(p, "E01009001", "2019-07")).toBe(0); // West Midlands reported in July: a true zero
    expect(Number.isNaN(cell(p, "E01005100", "2019-07"))).toBe(true); // Greater Manchester supplied nothing for July
    expect(r.ungeocoded.find((u) => u.force === "West Midlands Police")).toEqual({ force: "West Midlands Police", crimes: 1, share: 0.2 });
    const w = await loadStreetCrime([fx("street", "*-street.csv")], { crimeTypes: ["Possession of weapons"] });
    expect(cell(w.panel, "E01009001", "2019-06")).toBe(1);
  });
  it("rejects unknown crime types and missing columns", async () => {
    await expect(loadStreetCrime([fx("street", "*-street.csv")], { crimeTypes: ["Knife crime"] })).rejects.toThrow(/no crimes of type Knife crime \(types present: Anti-social behaviour/);
    await expect(loadStreetCrime(fx("mobility.csv"), { crimeTypes: ["Burglary"] })).rejects.toThrow(/missing column "Month"/);
  });
});

describe("Google COVID-19 mobility", () => {
  it("averages residential change by month and matches areas to districts", async () => {
    const r = await loadGoogleMobility(fx("mobility.csv"));
    expect(r.unmatched).toEqual(["Greater London"]);
    const p = r.panel;
    expect(p.periods).toEqual(["2020-04", "2020-05"]);
    expect(cell(p, "London Borough of Camden", "2020-04")).toBe(29);
    expect(Number.isNaN(cell(p, "Birmingham", "2020-05"))).toBe(true); // blank in the file
    expect(p.attributes.code[p.units.indexOf("Bristol City")]).toBe("E06000023");
    expect(p.attributes.level[p.units.indexOf("London Borough of Camden")]).toBe("lad");
  });
  it("rejects text where the residential change should be", async () => {
    const d = mkdtempSync(join(tmpdir(), "mob-"));
    const f = join(d, "m.csv");
    writeFileSync(f, "country_region_code,sub_region_1,sub_region_2,date,residential_percent_change_from_baseline\nGB,West Midlands,Birmingham,2020-04-01,lots\n");
    await expect(loadGoogleMobility(f)).rejects.toThrow(/"lots"/);
  });
});

describe("data.police.uk stop and search", () => {
  it("gives searches per 1,000 residents by PFA and month, the force from the file name", async () => {
    const files = ["2019-04-west-midlands", "2019-05-west-midlands", "2019-04-avon-and-somerset", "2019-04-btp"].map((f) => fx("stopsearch", `${f}-stop-and-search.csv`));
    const r = await loadStopSearch(files);
    expect(r.unmatched).toEqual(["btp"]);
    const p = r.panel;
    expect(p.units).toEqual(["E23000014", "E23000036"]);
    expect(p.periods).toEqual(["2019-04", "2019-05"]);
    const g = loadGeography().pfa;
    expect(cell(p, "E23000014", "2019-04")).toBeCloseTo((3 / g.population[g.index.get("E23000014")!]) * 1000, 12);
    expect(cell(p, "E23000014", "2019-05")).toBe(0); // a file with no searches
    expect(Number.isNaN(cell(p, "E23000036", "2019-05"))).toBe(true); // no file for Avon and Somerset in May
    await expect(loadStopSearch([fx("mobility.csv")])).rejects.toThrow(/file name is not police.uk's/);
  });
});
