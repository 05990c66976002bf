/** auditReportTables(): the report's known discrepancies are each found, with location; a corrected copy passes clean. */
import { describe, expect, it } from "vitest";
import { auditReportTables, loadReportTables, reconstructMissingFundingRow, type ReportTables } from "../src/tables/index";

const clone = (t: ReportTables): ReportTables => structuredClone(t);
const ids = (t: ReportTables) => auditReportTables(t).map((d) => d.id).sort();

/** The printed report with every inconsistency resolved one way (what an erratum would print). */
function corrected(): ReportTables {
  const t = clone(loadReportTables());
  t.t11.rows.find((r) => r.pfa === "Avon & Somerset")!.pfa = "Avon and Somerset";
  t.t75.year1.rows[1].percent = 9.4; // 9,746 / 103,378 = 9.43%
  t.t75.year1.rows[4].percent = 1.4; // 1,455 / 103,378 = 1.41%
  const dm = (c: string) => t.commissioning.find((r) => r.breakdown === "delivery_model" && r.category === c)!;
  Object.assign(dm("Therapeutic"), { number: 42, percent: 19 });
  dm("Early intervention").percent = 24; // 51 / 216 = 23.6%
  t.headlines.find((h) => h.item === "benefit_cost_ratio_footnote_1")!.ciUpper = 11.07;
  t.textFigures.find((f) => f.item === "young_people_interviewed_fn18")!.value = 30;
  t.a34.find((e) => e.coefficient === "Slope" && e.outcome === "Violence with injury" && e.interventionStart === "2019-09")!.estimate = -200;
  return t;
}

describe("auditReportTables on the report as printed", () => {
  const found = auditReportTables();
  const byId = (id: string) => {
    const d = found.find((x) => x.id === id);
    expect(d, id).toBeDefined();
    return d!;
  };

  it("finds Table 7.3's therapeutic total 42 against the text's 43", () => {
    const d = byId("t73-text:Therapeutic");
    expect(d).toMatchObject({ kind: "text-vs-table", severity: "error", printed: 43, expected: 42 });
    expect(d.location).toMatch(/Section 7\.2.*Table 7\.3/);
  });
  it("finds the benefit-cost upper bound 11.07 (2.3.3) against 11.03 (footnote 1)", () => {
    const d = byId("bcr-upper-2.3.3-vs-footnote-1");
    expect(d).toMatchObject({ kind: "text-vs-text", printed: 11.03, expected: 11.07 });
    expect(d.location).toMatch(/2\.3\.3 vs footnote 1/);
    expect(found.some((x) => x.id === "bcr-lower-2.3.3-vs-footnote-1")).toBe(false); // 0.4 and 0.40 agree
  });
  it("finds every printed percentage that does not round from its counts", () => {
    const pct = found.filter((d) => d.kind === "percent-rounding").map((d) => [d.location, d.printed, d.expected]);
    expect(pct).toEqual([
      ['Table 7.5, year 1, row "Level 3: Known risk/to services"', "9.5%", "9.4%"],
      ['Table 7.5, year 1, row "Other"', "1.5%", "1.4%"],
      ['Section 7.2 text, delivery model "Early intervention" vs Table 7.3 (51 of 216)', "23%", "24%"],
    ]);
  });
  it("finds the text's implied 50 early interventions, the 12 vs 30 young people, and notes", () => {
    expect(byId("t73-text-implied:Early intervention")).toMatchObject({ printed: expect.stringMatching(/^50/), expected: 51 });
    expect(byId("fieldwork-young-people-fn18")).toMatchObject({ severity: "warning", printed: 12, expected: 30 });
    expect(byId("naming:Avon and Somerset").severity).toBe("note");
    expect(byId("a34-pronounced:Violence with injury").severity).toBe("note");
  });
  it("finds nothing else (Table 1.1 is complete in this text, all totals add up)", () => {
    expect(found.map((d) => d.id).sort()).toEqual([
      "a34-pronounced:Violence with injury", "bcr-upper-2.3.3-vs-footnote-1", "fieldwork-young-people-fn18",
      "naming:Avon and Somerset", "t73-text-implied:Early intervention", "t73-text-pct:Early intervention",
      "t73-text:Therapeutic", "t75-y1-pct:Level 3: Known risk/to services", "t75-y1-pct:Other",
    ]);
    expect(found.every((d) => d.location.length > 0 && d.message.length > 0)).toBe(true);
  });
});

describe("Table 1.1's missing row", () => {
  const printed = loadReportTables();
  const without = clone(printed);
  without.t11.rows = without.t11.rows.filter((r) => r.pfa !== "Avon & Somerset"); // 17 rows + total

  it("is found and reconstructed from the totals and Table 7.1, with its place in the order", () => {
    const d = auditReportTables(without).find((x) => x.kind === "missing-row");
    expect(d).toBeDefined();
    expect(d!.id).toBe("t11-missing-row:Avon and Somerset");
    expect(d!.reconstructed).toEqual({
      row: { pfa: "Avon and Somerset", surge: 2_843_520, vru: 2_320_000, total: 5_163_520 },
      position: 10, after: "Essex", before: "Kent",
    });
    expect(d!.message).toMatch(/VRU = 2 × Table 7\.1's £1,160,000/);
    // The missing row explains the column totals: no separate column-total errors.
    expect(auditReportTables(without).filter((x) => x.id.startsWith("t11-total"))).toEqual([]);
  });
  it("is not reported when the table is complete", () => {
    expect(reconstructMissingFundingRow(printed.t11, printed.t71)).toBeNull();
  });
});

describe("a corrected copy passes clean, and each check can fail", () => {
  it("corrected tables: no discrepancies", () => {
    expect(auditReportTables(corrected())).toEqual([]);
  });
  it.each([
    ["a Table 7.4 row changed", (t: ReportTables) => { t.t74.rows[0].number = 68; }, ["t74-pct:Level 4: Involved in crime/violence", "t74-total"]],
    ["a Table 1.1 row sum broken", (t: ReportTables) => { t.t11.rows[0].total += 1; }, ["t11-row-sum:London", "t11-total:total"]],
    ["Table 7.1 not half of Table 1.1", (t: ReportTables) => { t.t71[0].fundingAllocation = 7_100_000; }, ["t71-pct:London", "t71-vs-t11:London"]],
    ["Table 7.3 vs Table 7.2", (t: ReportTables) => { t.t73.counts[0][0] = 4; t.t73.printedColTotals![0] = 70; }, ["t73-text:Prevention", "t73-vs-t72:Level 4: Involved in crime/violence"]],
    ["a CI that excludes 0 called not significant", (t: ReportTables) => { t.headlines[0].ciUpper = -0.01; }, ["ci-significance:hospital_admissions_u25"]],
    ["benefits that do not add", (t: ReportTables) => { t.headlines.find((h) => h.item === "total_benefits")!.estimate += 10_000; }, ["headline-total-benefits"]],
    ["a ratio that does not follow from benefits / costs", (t: ReportTables) => { t.headlines.find((h) => h.item === "total_costs")!.estimate = 120e6; }, ["headline-bcr"]],
    ["a cost that does not follow from offences × unit cost", (t: ReportTables) => { t.headlines.find((h) => h.item === "vwi_unit_cost")!.estimate = 15_000; }, ["headline-vwi-costs"]],
    ["fieldwork that does not add to 290", (t: ReportTables) => { t.fieldwork.groups[0].interviews = 89; }, ["fieldwork-total"]],
  ])("%s", (_label, mutate, expected) => {
    const t = corrected();
    mutate(t);
    expect(ids(t)).toEqual(expected);
  });
});
