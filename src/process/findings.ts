/**
 * Enablers, barriers and contribution statements of chapters 3–6 (and 8.2), and the
 * recommendations of 8.3/8.4 linked to the findings they rest on.
 */
import { InputError } from "../errors";
import { at, assertUniqueIds, bool, countBy, oneOf, processPath, readJson, records, str, strArray } from "./read";
import { EVIDENCE_GRADES, type EvidenceGrade, type TheoryOfChange } from "./theory-of-change";

export const ELEMENTS = ["design", "multi_agency", "data_sharing", "engagement", "interventions", "cross_cutting"] as const;
export type Element = (typeof ELEMENTS)[number];
export const FINDING_KINDS = ["enabler", "barrier", "contribution", "finding", "limitation"] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  id: string;
  element: Element;
  section: string;
  kind: FindingKind;
  /** Short paraphrase (this project's). */
  summary: string;
  /** Verbatim from the section. */
  quote: string;
  /** For contribution statements: the strength of evidence the wording gives. */
  evidence: EvidenceGrade | null;
  tags: string[];
  /** Theory-of-change nodes the finding bears on. */
  tocNodes: string[];
}

export interface FindingsDoc { elements: Record<Element, string>; findings: Finding[] }

export function loadFindings(path = processPath("findings.json")): FindingsDoc {
  const doc = readJson(path);
  const el = doc.elements as Record<string, unknown> | undefined;
  if (!el || ELEMENTS.some((e) => typeof el[e] !== "string")) throw new InputError(`${path}: "elements" must name each of ${ELEMENTS.join(", ")}`);
  const findings = records(doc, "findings", path).map((r, i): Finding => {
    const w = at(path, "findings", i, r);
    const kind = oneOf(r, "kind", FINDING_KINDS, w);
    const evidence = r.evidence === undefined ? null : oneOf(r, "evidence", EVIDENCE_GRADES, w);
    if (kind === "contribution" && evidence === null) throw new InputError(`${w}: a contribution statement needs its "evidence" grade`);
    return {
      id: str(r, "id", w), element: oneOf(r, "element", ELEMENTS, w), section: str(r, "section", w), kind,
      summary: str(r, "summary", w), quote: str(r, "quote", w), evidence, tags: strArray(r, "tags", w), tocNodes: strArray(r, "toc_nodes", w),
    };
  });
  assertUniqueIds(findings.map((f) => f.id), path);
  return { elements: el as Record<Element, string>, findings };
}

/** Every ToC node a finding names must exist. */
export function checkFindingNodes(findings: readonly Finding[], toc: TheoryOfChange): void {
  const ids = new Set(toc.nodes.map((n) => n.id));
  for (const f of findings) for (const n of f.tocNodes) if (!ids.has(n)) throw new InputError(`finding ${f.id}: unknown theory-of-change node "${n}"`);
}

/** Findings by element (rows) × kind (columns). */
export function findingsByElementAndKind(findings: readonly Finding[], kinds: readonly FindingKind[] = FINDING_KINDS, elements: readonly Element[] = ELEMENTS): { rowLabels: string[]; colLabels: string[]; counts: number[][] } {
  return {
    rowLabels: [...elements], colLabels: [...kinds],
    counts: elements.map((e) => kinds.map((k) => findings.filter((f) => f.element === e && f.kind === k).length)),
  };
}

/** Enablers and barriers by tag (rows, most frequent first) × element (columns). */
export function tagsByElement(findings: readonly Finding[], kind: "enabler" | "barrier"): { rowLabels: string[]; colLabels: string[]; counts: number[][] } {
  const sel = findings.filter((f) => f.kind === kind);
  const tagCounts = countBy(sel.flatMap((f) => f.tags), (t) => t);
  const rowLabels = [...tagCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
  const colLabels = ELEMENTS.filter((e) => sel.some((f) => f.element === e));
  return { rowLabels, colLabels, counts: rowLabels.map((t) => colLabels.map((e) => sel.filter((f) => f.element === e && f.tags.includes(t)).length)) };
}

export interface RecommendationLink { finding: string; basis: "stated" | "interpretive" }
export interface Recommendation {
  id: string;
  section: string;
  kind: "recommendation" | "future investigation";
  addressee: string;
  text: string;
  textIsQuote: boolean;
  rationale: string;
  links: RecommendationLink[];
}

/** Loads 8.3/8.4; every link must name a finding in `findings` (ids checked). */
export function loadRecommendations(findings: readonly Finding[], path = processPath("recommendations.json")): Recommendation[] {
  const ids = new Set(findings.map((f) => f.id));
  const recs = records(readJson(path), "recommendations", path).map((r, i): Recommendation => {
    const w = at(path, "recommendations", i, r);
    const links = r.links;
    if (!Array.isArray(links) || links.length === 0) throw new InputError(`${w}: "links" must be a non-empty array (a recommendation rests on findings)`);
    return {
      id: str(r, "id", w), section: str(r, "section", w), kind: oneOf(r, "kind", ["recommendation", "future investigation"] as const, w),
      addressee: str(r, "addressee", w), text: str(r, "text", w), textIsQuote: bool(r, "text_is_quote", w), rationale: str(r, "rationale", w, { allowEmpty: true }),
      links: links.map((l, j) => {
        const lw = `${w}: links[${j}]`;
        if (typeof l !== "object" || l === null) throw new InputError(`${lw} is not an object`);
        const lr = l as Record<string, unknown>;
        const finding = str(lr, "finding", lw);
        if (!ids.has(finding)) throw new InputError(`${lw}: unknown finding "${finding}"`);
        return { finding, basis: oneOf(lr, "basis", ["stated", "interpretive"] as const, lw) };
      }),
    };
  });
  assertUniqueIds(recs.map((r) => r.id), path);
  return recs;
}

/** Recommendation → finding pairs with the finding's element, for tracing and plots. */
export function recommendationTrace(recs: readonly Recommendation[], findings: readonly Finding[]): { rec: string; finding: string; element: Element; kind: FindingKind; basis: string; section: string; summary: string }[] {
  const byId = new Map(findings.map((f) => [f.id, f]));
  return recs.flatMap((r) => r.links.map((l) => {
    const f = byId.get(l.finding)!;
    return { rec: r.id, finding: f.id, element: f.element, kind: f.kind, basis: l.basis, section: f.section, summary: f.summary };
  }));
}

/** Rows for a table of findings (optionally one element and/or kind), quote shortened to `maxQuote` characters. */
export function findingsTable(findings: readonly Finding[], opts: { element?: Element; kind?: FindingKind; maxQuote?: number } = {}): { id: string; section: string; kind: string; finding: string; evidence: string; "report's words": string }[] {
  const max = opts.maxQuote ?? 160;
  return findings
    .filter((f) => (!opts.element || f.element === opts.element) && (!opts.kind || f.kind === opts.kind))
    .map((f) => ({ id: f.id, section: f.section, kind: f.kind, finding: f.summary, evidence: f.evidence ?? "", "report's words": f.quote.length > max ? `“${f.quote.slice(0, max - 1)}…”` : `“${f.quote}”` }));
}
