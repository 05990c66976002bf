/**
 * The process evaluation as data (data/report/process): counts match the report's text, every
 * cross-reference resolves, and bad input fails with the file and record named. When the report
 * text is available beside the repo (../shared), every verbatim field is checked against it and
 * Table A2.2 is re-parsed from it.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../src/errors";
import { REPO_ROOT } from "../src/io/paths";
import {
  EVIDENCE_GRADES, checkFindingNodes, evaluationLandscape, evidenceByLevel, fieldworkComposition, findingsByElementAndKind, loadFieldworkDesign,
  loadFindings, loadFramework, loadLocalEvaluations, loadProcessEvaluation, loadRecommendations, loadTheoryOfChange, nodesPerLevel, outcomeEvidence,
  pathwaysTo, processPath, loadOutcomesFramework, checkOutcomesFramework, tocSubgraph, findingsTable, questionsPerSubTheme, questionsPerTheme, questionsWithoutSource, recommendationTrace, sourceMatrix, tagsByElement,
} from "../src/process/index";
import { loadFieldwork } from "../src/tables/text-figures";
import { loadTable11 } from "../src/tables/funding";
import { pfaKey } from "../src/tables/names";

const p = loadProcessEvaluation();
const tmp = () => mkdtempSync(join(tmpdir(), "vru-process-"));
/** Writes an edited copy of a process JSON file and returns its path. */
function edited(file: string, edit: (doc: any) => void): string {
  const doc = JSON.parse(readFileSync(processPath(file), "utf8"));
  edit(doc);
  const path = join(tmp(), file);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

describe("fieldwork (section 1.4)", () => {
  it("88 + 69 + 103 + 30 = 290 interviews and discussion groups, in three phases, August 2020 to March 2021", () => {
    expect(p.composition.map((g) => g.interviews)).toEqual([88, 69, 103, 30]);
    expect(p.composition.reduce((s, g) => s + g.interviews, 0)).toBe(290);
    expect(p.fieldwork.total).toBe(290);
    expect(p.fieldwork.vrus).toBe(18);
    expect(p.fieldwork.phases.map((x) => x.phase)).toEqual([1, 2, 3]);
    expect([p.fieldwork.start, p.fieldwork.end]).toEqual(["2020-08", "2021-03"]);
    expect(p.composition.reduce((s, g) => s + g.percent, 0)).toBeCloseTo(100, 10);
  });
  it("per-phase counts are not printed, so none are given", () => {
    expect(p.fieldwork.phases.every((x) => x.interviews === null)).toBe(true);
  });
  it("a total that disagrees with the counts is an input error", () => {
    const design = { ...loadFieldworkDesign(), total: 291 };
    expect(() => fieldworkComposition(design, loadFieldwork())).toThrow(/differs from fieldwork.json total 291/);
    const counts = loadFieldwork();
    expect(() => fieldworkComposition(loadFieldworkDesign(), { ...counts, total: 289 })).toThrow(/groups add to 290, but the printed total is 289/);
  });
});

describe("evaluation framework (Annex 2)", () => {
  const f = p.framework;
  it("74 research questions: 16, 10, 42, 3 and 3 per theme", () => {
    expect(f.questions).toHaveLength(74);
    expect([...questionsPerTheme(f)]).toEqual([
      ["Models of working", 16], ["VRUs in the wider context of serious violence", 10], ["Whole-system approach", 42], ["Support", 3], ["Sustainability", 3],
    ]);
  });
  it("questions per sub-theme as printed in Table A2.2", () => {
    expect([...questionsPerSubTheme(f).values()]).toEqual([5, 5, 6, 7, 3, 6, 8, 9, 6, 8, 5, 1, 1, 1, 1, 2]);
  });
  it("nine sub-themes carry the priority asterisk (41 questions)", () => {
    const prio = [...new Set(f.questions.filter((q) => q.priority).map((q) => q.subTheme))];
    expect(prio).toEqual(["VRU leadership", "VRU model", "Impact of VRUs", "Data and intelligence generation/ sharing",
      "Strategic Needs Assessment (SNA) - Identifying the target population", "Multi-agency working", "With and for communities (and young people)", "Interventions", "Long-term plans"]);
    expect(f.questions.filter((q) => q.priority)).toHaveLength(5 + 6 + 3 + 6 + 8 + 9 + 6 + 5 + 2);
  });
  it("seven data sources; marks per source; only the last question has none", () => {
    expect(f.sources.map((s) => s.source)).toEqual(["Doc review", "VRU leads", "Wider stakeholders", "Young people", "CIE", "Quantitative analysis", "Local evaluations"]);
    const m = sourceMatrix(f);
    const perSource = m.colLabels.map((_, j) => m.z.reduce((s, r) => s + r[j], 0));
    // CIE is marked only for SV trends, external factors and the two impact questions; local evaluations only for interventions.
    expect(perSource[4]).toBe(4);
    expect(perSource[6]).toBe(4);
    expect(f.questions.filter((q) => q.sources.includes("Local evaluations")).every((q) => q.subTheme === "Interventions")).toBe(true);
    expect(questionsWithoutSource(f).map((q) => q.id)).toEqual(["RQ74"]);
  });
  it("a cell other than 0/1 is an input error naming row and column", () => {
    const dir = tmp();
    for (const file of ["framework-sources.csv", "framework-themes.csv"]) copyFileSync(processPath(file), join(dir, file));
    const lines = readFileSync(processPath("evaluation-framework.csv"), "utf8").split("\n");
    lines[1] = lines[1].replace(/,1,1,0,0,0,0,0$/, ",X,1,0,0,0,0,0");
    writeFileSync(join(dir, "evaluation-framework.csv"), lines.join("\n"));
    expect(() => loadFramework(dir)).toThrow(/row 2, column "doc_review": must be 0 or 1/);
  });
});

describe("theory of change (1.3, Annex 4, 8.1)", () => {
  const toc = p.toc;
  it("levels, activities (1.2) and impacts (1.3) as printed", () => {
    expect([...nodesPerLevel(toc).values()]).toEqual([3, 5, 6, 10, 4]);
    expect(toc.nodes.filter((n) => n.level === "activity" && n.strand === "vru").map((n) => n.label)).toEqual([
      "Multi-agency working", "Data sharing and analysis", "Involving young people and communities", "Commissioning and supporting interventions"]);
    expect(toc.nodes.filter((n) => n.level === "impact").map((n) => n.label)).toEqual([
      "A sustainable whole-system approach", "Reduced violence", "Improved life outcomes for young people", "Communities feeling safe"]);
  });
  it("8.1: strong evidence for four quoted outcomes, limited for three, emerging for reduced violence", () => {
    const quoted = toc.nodes.filter((n) => n.quotedFromToc);
    expect(quoted).toHaveLength(7);
    expect(quoted.filter((n) => n.evidence.grade === "strong").map((n) => n.id)).toEqual(["oc_buy_in", "oc_role_alignment", "oc_sna_focused", "oc_respond_needs"]);
    expect(quoted.filter((n) => n.evidence.grade === "limited").map((n) => n.id)).toEqual(["oc_positive_engagement", "oc_identification", "oc_perceptions"]);
    expect(toc.nodes.find((n) => n.id === "im_reduced_violence")!.evidence.grade).toBe("emerging");
    const o = outcomeEvidence(toc);
    expect(o.map((n) => EVIDENCE_GRADES.indexOf(n.evidence.grade))).toEqual([...o.map((n) => EVIDENCE_GRADES.indexOf(n.evidence.grade))].sort((a, b) => a - b));
  });
  it("every edge references existing nodes; edges take their target's grade unless they carry their own", () => {
    const ids = new Set(toc.nodes.map((n) => n.id));
    for (const e of toc.edges) expect(ids.has(e.from) && ids.has(e.to), `${e.from}→${e.to}`).toBe(true);
    const byId = new Map(toc.nodes.map((n) => [n.id, n]));
    for (const e of toc.edges.filter((x) => !x.ownEvidence)) expect(e.evidence).toBe(byId.get(e.to)!.evidence);
    expect(toc.edges.filter((e) => e.ownEvidence).map((e) => e.from)).toEqual(["act_surge", "out_sna", "act_multi_agency"]);
    expect(evidenceByLevel(toc).counts.flat().reduce((s, v) => s + v, 0)).toBe(toc.nodes.length);
  });
  it("every impact is reachable from the VRU funding input", () => {
    for (const im of toc.nodes.filter((n) => n.level === "impact")) expect(pathwaysTo(toc, im.id).map((n) => n.id), im.id).toContain("in_sv_funding");
  });
  it("subgraph: the named nodes, everything upstream, and only edges among them", () => {
    const sub = tocSubgraph(toc, ["oc_capacity"]);
    expect(sub.nodes.map((n) => n.id).sort()).toEqual(["act_multi_agency", "in_partner_resources", "in_sv_funding", "oc_capacity", "out_governance"]);
    const ids = new Set(sub.nodes.map((n) => n.id));
    expect(sub.edges.every((e) => ids.has(e.from) && ids.has(e.to))).toBe(true);
    expect(sub.edges).toHaveLength(4);
  });
  it("bad graphs are input errors naming the edge or node", () => {
    expect(() => loadTheoryOfChange(edited("theory-of-change.json", (d) => { d.edges[0].to = "nowhere"; }))).toThrow(/edges\[0\] \(in_sv_funding → nowhere\): unknown node "nowhere"/);
    expect(() => loadTheoryOfChange(edited("theory-of-change.json", (d) => { d.nodes[3].evidence = "very strong"; }))).toThrow(/act_multi_agency\): field "evidence" is "very strong"/);
    expect(() => loadTheoryOfChange(edited("theory-of-change.json", (d) => { d.nodes[3].evidence_phrase = ""; }))).toThrow(/needs the phrase and section/);
    expect(() => loadTheoryOfChange(edited("theory-of-change.json", (d) => { d.edges.push({ from: "im_reduced_violence", to: "act_data" }); }))).toThrow(/cannot run backwards/);
    expect(() => loadTheoryOfChange(edited("theory-of-change.json", (d) => { d.nodes[1].id = d.nodes[0].id; }))).toThrow(/duplicate id "in_sv_funding"/);
  });
});

describe("findings (chapters 3–6, 8.2) and recommendations (8.3, 8.4)", () => {
  const fs = p.findings.findings;
  const per = (section: string, kind: string) => fs.filter((f) => f.section === section && f.kind === kind).length;
  it("one record per printed enabler/barrier bullet", () => {
    expect([per("4.2.1", "enabler"), per("4.2.2", "barrier"), per("5.2.2", "enabler"), per("5.2.3", "barrier"), per("6.1.5", "enabler"), per("6.1.6", "barrier"), per("8.2", "enabler")])
      .toEqual([9, 12, 3, 5, 3, 6, 7]);
  });
  it("contribution statements carry a grade; cross-tabulations add up", () => {
    expect(fs.filter((f) => f.kind === "contribution").every((f) => f.evidence !== null)).toBe(true);
    expect(findingsByElementAndKind(fs).counts.flat().reduce((s, v) => s + v, 0)).toBe(fs.length);
    const b = tagsByElement(fs, "barrier");
    expect(b.rowLabels[0]).toBe("covid"); // COVID-19 is a barrier in every element
    expect(b.counts[0].every((v) => v > 0)).toBe(true);
  });
  it("findings table: one row per selected finding, long quotes shortened with an ellipsis", () => {
    const rows = findingsTable(fs, { element: "multi_agency", kind: "barrier", maxQuote: 40 });
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r["report's words"].length <= 42)).toBe(true);
    expect(rows[0]["report's words"].endsWith("…”")).toBe(true);
  });
  it("every finding's ToC nodes exist", () => {
    expect(() => checkFindingNodes(fs, p.toc)).not.toThrow();
    expect(() => checkFindingNodes([{ ...fs[0], tocNodes: ["oc_missing"] }], p.toc)).toThrow(/finding D-F1: unknown theory-of-change node "oc_missing"/);
  });
  it("six recommendations (two for the Home Office, four for VRUs) and three areas for investigation, every one linked to an existing finding", () => {
    const recs = p.recommendations;
    expect(recs.filter((r) => r.kind === "recommendation").map((r) => r.addressee)).toEqual(["Home Office", "Home Office", "VRUs", "VRUs", "VRUs", "VRUs"]);
    expect(recs.filter((r) => r.kind === "future investigation")).toHaveLength(3);
    const ids = new Set(fs.map((f) => f.id));
    for (const r of recs) {
      expect(r.links.length, r.id).toBeGreaterThan(0);
      for (const l of r.links) expect(ids.has(l.finding), `${r.id} → ${l.finding}`).toBe(true);
    }
    expect(recommendationTrace(recs, fs)).toHaveLength(recs.reduce((s, r) => s + r.links.length, 0));
  });
  it("a link to a missing finding, or a finding without an id, is an input error", () => {
    expect(() => loadRecommendations(fs, edited("recommendations.json", (d) => { d.recommendations[1].links[0].finding = "XX-9"; }))).toThrow(/recommendations\[1\] \(R2\): links\[0\]: unknown finding "XX-9"/);
    expect(() => loadRecommendations(fs, edited("recommendations.json", (d) => { d.recommendations[0].links = []; }))).toThrow(/non-empty array/);
    expect(() => loadFindings(edited("findings.json", (d) => { delete d.findings[2].id; }))).toThrow(/findings\[2\]: field "id" must be a string/);
    expect(() => loadFindings(edited("findings.json", (d) => { d.findings[7].kind = "driver"; }))).toThrow(/MA-E1\): field "kind" is "driver"/);
  });
});

describe("local evaluations (Annex 1)", () => {
  it("one record per funded PFA (the 18 of Table 1.1)", () => {
    const le = loadLocalEvaluations();
    expect(le).toHaveLength(18);
    expect(le.map((r) => pfaKey(r.vru)).sort()).toEqual(loadTable11().rows.map((r) => pfaKey(r.pfa)).sort());
    expect(evaluationLandscape(le).counts.flat().reduce((s, v) => s + v, 0)).toBe(18);
  });
  it("an unknown status is an input error naming the VRU's record", () => {
    expect(() => loadLocalEvaluations(edited("local-evaluations.json", (d) => { d.local_evaluations[3].status = "done"; }))).toThrow(/local_evaluations\[3\]: field "status" is "done"/);
  });
});

// Verbatim fields and Table A2.2 against the report text when it is available beside the repo (../shared).
const REPORT = join(REPO_ROOT, "..", "shared", "report", "vru-evaluation-year-ending-march-2021.txt");
describe.skipIf(!existsSync(REPORT))("against the report text", () => {
  const raw = existsSync(REPORT) ? readFileSync(REPORT, "utf8") : "";
  const text = raw.replace(/\u00a0/g, " ");
  it("every quote, evidence phrase and 8.3 recommendation is verbatim in the report", () => {
    const missing: string[] = [];
    for (const f of p.findings.findings) if (!text.includes(f.quote)) missing.push(f.id);
    for (const n of p.toc.nodes) if (n.evidence.phrase && !text.includes(n.evidence.phrase)) missing.push(n.id);
    for (const e of p.toc.edges) if (e.ownEvidence && !text.includes(e.evidence.phrase)) missing.push(`${e.from}→${e.to}`);
    for (const r of p.recommendations) {
      if (r.textIsQuote && !text.includes(r.text)) missing.push(r.id);
      if (r.rationale && !text.includes(r.rationale)) missing.push(`${r.id} rationale`);
    }
    expect(missing).toEqual([]);
  });
  it("the ToC outcomes quoted in 8.1 are node labels", () => {
    const s81 = text.slice(text.indexOf("8.1 Overall contribution of VRUs"), text.indexOf("8.2 Key enablers"));
    const quoted = [...s81.matchAll(/‘([^’]+)’/g)].map((m) => m[1]).filter((q) => q !== "footprint");
    expect(quoted.map((q) => q.toLowerCase()).sort()).toEqual(p.toc.nodes.filter((n) => n.quotedFromToc).map((n) => n.label.toLowerCase()).sort());
  });
  it("Annex 1 text of every VRU is printed", () => {
    for (const r of loadLocalEvaluations()) for (const part of r.annexText.split(" / ")) expect(text, r.vru).toContain(part);
  });
  it("Table A2.2 re-parsed from the text equals evaluation-framework.csv", () => {
    // Rows end with seven cells separated by spaces; an empty cell is a non-breaking space.
    const lines = raw.split("\n");
    const start = lines.findIndex((l) => l.startsWith("Theme / Sub-theme Research question")) + 1;
    const end = lines.findIndex((l, i) => i > start && l.startsWith("Annex 3"));
    const subThemes = [...questionsPerSubTheme(p.framework).keys()].map((k) => k.split(" / ").slice(1).join(" / "));
    const themes = new Set(p.framework.themes.map((t) => t.theme));
    const parsed: { question: string; marks: number[] }[] = [];
    for (const line of lines.slice(start, end)) {
      const toks = line.replace(/ +$/, "").split(" ");
      const cells = toks.slice(-7);
      if (toks.length < 8 || !cells.every((c) => c === "X" || c === "\u00a0")) continue;
      let body = toks.slice(0, -7).join(" ").replace(/^\u00a0\s*/, "").trim();
      const sub = subThemes.find((s) => body === s || body === s + "*" || body.startsWith(s + "* ") || body.startsWith(s + " "));
      if (sub) body = body.slice(sub.length).replace(/^\*/, "").trim();
      if (body !== "" && !themes.has(body)) parsed.push({ question: body, marks: cells.map((c) => (c === "X" ? 1 : 0)) });
    }
    expect(parsed.map((q) => q.question)).toEqual(p.framework.questions.map((q) => q.question));
    expect(parsed.map((q) => q.marks)).toEqual(sourceMatrix(p.framework).z);
  });
});

describe("combined outcomes framework (5.1.2)", () => {
  const c = checkOutcomesFramework(loadOutcomesFramework());
  it("317 outcomes + 182 impacts = 499 indicators; each breakdown's percentages add to 100", () => {
    expect([c.outcomes, c.impacts, c.total, c.splitGap]).toEqual([317, 182, 499, 0]);
    expect(c.percentSums).toEqual({ outcomes: 100, impacts: 100 });
  });
  it("the printed impact percentages are consistent with whole counts adding to 182", () => {
    // 52%, 23%, 13%, 12% of 182 → 94.6, 41.9, 23.7, 21.8; counts 95, 42, 24, 21 reproduce every printed percentage.
    const counts = [95, 42, 24, 21];
    expect(counts.reduce((s, v) => s + v, 0)).toBe(182);
    expect(counts.map((v) => Math.round((100 * v) / 182))).toEqual(c.implied.filter((r) => r.measure === "impacts").map((r) => Math.round((100 * r.count) / 182)));
  });
  it("the printed mean of 30 per VRU is not 499/17 (29.4) nor 499/18 (27.7)", () => {
    expect(c.meanPrinted).toBe(30);
    expect(Math.round(c.mean17)).toBe(29);
    expect(Math.round(c.mean18)).toBe(28);
  });
});
