/**
 * The programme theory of change (section 1.3, Figure 1.1; Annex 4 for Surge) as a graph, with
 * the strength of evidence the report gives for each node (mostly 8.1). Figure 1.1 is not in the
 * text version, so the graph is a reconstruction (see provenance.json); nodes carry `interpretive`.
 */
import { InputError } from "../errors";
import { at, bool, countBy, oneOf, optStr, processPath, readJson, records, str, assertUniqueIds } from "./read";

export const TOC_LEVELS = ["input", "activity", "output", "outcome", "impact"] as const;
export type TocLevel = (typeof TOC_LEVELS)[number];
/** Strongest first. */
export const EVIDENCE_GRADES = ["strong", "some", "emerging", "limited", "not_graded"] as const;
export type EvidenceGrade = (typeof EVIDENCE_GRADES)[number];
export const STRANDS = ["vru", "surge", "shared"] as const;
export type Strand = (typeof STRANDS)[number];
export const EDGE_KINDS = ["causal", "alignment", "informs"] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export interface Evidence {
  grade: EvidenceGrade;
  /** The report's words the grade was derived from ("" when not graded). */
  phrase: string;
  section: string;
}

export interface TocNode {
  id: string;
  level: TocLevel;
  strand: Strand;
  label: string;
  /** Outcome tier: "strategic/operational" or "young people/communities"; null for other levels. */
  tier: string | null;
  section: string;
  /** The label is the ToC's own wording, quoted in the report (8.1). */
  quotedFromToc: boolean;
  /** The node is this project's reading of the text, not printed as such. */
  interpretive: boolean;
  evidence: Evidence;
}

export interface TocEdge {
  from: string;
  to: string;
  /** "causal" (the ToC's arrows), "alignment" (VRU–Surge co-ordination) or "informs" (VRU intelligence feeding Surge). */
  kind: EdgeKind;
  /** The edge's own evidence when the report speaks to the link itself, else the target node's. */
  evidence: Evidence;
  /** True when the evidence is the edge's own. */
  ownEvidence: boolean;
  note: string;
}

export interface TheoryOfChange {
  nodes: TocNode[];
  edges: TocEdge[];
}

function evidenceOf(r: Record<string, unknown>, where: string): Evidence {
  const grade = oneOf(r, "evidence", EVIDENCE_GRADES, where);
  const phrase = str(r, "evidence_phrase", where, { allowEmpty: true });
  const section = str(r, "evidence_section", where, { allowEmpty: true });
  if (grade !== "not_graded" && (phrase === "" || section === "")) throw new InputError(`${where}: evidence "${grade}" needs the phrase and section it is derived from`);
  return { grade, phrase, section };
}

export function loadTheoryOfChange(path = processPath("theory-of-change.json")): TheoryOfChange {
  const doc = readJson(path);
  const nodes = records(doc, "nodes", path).map((r, i): TocNode => {
    const w = at(path, "nodes", i, r);
    const level = oneOf(r, "level", TOC_LEVELS, w);
    const tier = optStr(r, "tier", w);
    if (level === "outcome" && !tier) throw new InputError(`${w}: an outcome needs its "tier"`);
    return {
      id: str(r, "id", w), level, strand: oneOf(r, "strand", STRANDS, w), label: str(r, "label", w), tier, section: str(r, "section", w),
      quotedFromToc: bool(r, "quoted_from_toc", w), interpretive: bool(r, "interpretive", w), evidence: evidenceOf(r, w),
    };
  });
  assertUniqueIds(nodes.map((n) => n.id), `${path}: nodes`);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = records(doc, "edges", path).map((r, i): TocEdge => {
    const w = `${path}: edges[${i}] (${String(r.from)} → ${String(r.to)})`;
    const from = str(r, "from", w);
    const to = str(r, "to", w);
    for (const id of [from, to]) if (!byId.has(id)) throw new InputError(`${w}: unknown node "${id}"`);
    const kind = r.kind === undefined ? "causal" : oneOf(r, "kind", EDGE_KINDS, w);
    if (kind === "causal" && TOC_LEVELS.indexOf(byId.get(from)!.level) > TOC_LEVELS.indexOf(byId.get(to)!.level)) {
      throw new InputError(`${w}: a causal edge cannot run backwards (${byId.get(from)!.level} → ${byId.get(to)!.level})`);
    }
    const own = r.evidence !== undefined;
    return { from, to, kind, evidence: own ? evidenceOf(r, w) : byId.get(to)!.evidence, ownEvidence: own, note: optStr(r, "note", w) ?? "" };
  });
  assertUniqueIds(edges.map((e) => `${e.from}→${e.to}`), `${path}: edges`);
  return { nodes, edges };
}

/** Nodes per level, in ToC order. */
export function nodesPerLevel(toc: TheoryOfChange): Map<TocLevel, number> {
  return countBy(toc.nodes, (n) => n.level, TOC_LEVELS) as Map<TocLevel, number>;
}

/** Evidence grades of the outcomes and impacts (what 8.1 assesses), strongest first. */
export function outcomeEvidence(toc: TheoryOfChange): TocNode[] {
  return toc.nodes
    .filter((n) => n.level === "outcome" || n.level === "impact")
    .sort((a, b) => EVIDENCE_GRADES.indexOf(a.evidence.grade) - EVIDENCE_GRADES.indexOf(b.evidence.grade) || TOC_LEVELS.indexOf(a.level) - TOC_LEVELS.indexOf(b.level));
}

/** Count of nodes by level (rows) × evidence grade (columns). */
export function evidenceByLevel(toc: TheoryOfChange): { rowLabels: string[]; colLabels: string[]; counts: number[][] } {
  return {
    rowLabels: [...TOC_LEVELS], colLabels: [...EVIDENCE_GRADES],
    counts: TOC_LEVELS.map((l) => EVIDENCE_GRADES.map((g) => toc.nodes.filter((n) => n.level === l && n.evidence.grade === g).length)),
  };
}

/** Every node upstream of `id` (its causal ancestors), nearest first. */
export function pathwaysTo(toc: TheoryOfChange, id: string): TocNode[] {
  const byId = new Map(toc.nodes.map((n) => [n.id, n]));
  if (!byId.has(id)) throw new InputError(`theory of change: unknown node "${id}"`);
  const seen = new Set<string>([id]);
  const out: TocNode[] = [];
  let frontier = [id];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const e of toc.edges) {
      if (e.kind === "causal" && frontier.includes(e.to) && !seen.has(e.from)) {
        seen.add(e.from);
        next.push(e.from);
        out.push(byId.get(e.from)!);
      }
    }
    frontier = next;
  }
  return out;
}

/** The part of the graph around some nodes: them, everything upstream of them, and the edges among those. */
export function tocSubgraph(toc: TheoryOfChange, ids: readonly string[]): TheoryOfChange {
  const keep = new Set<string>(ids);
  for (const id of ids) for (const n of pathwaysTo(toc, id)) keep.add(n.id);
  return { nodes: toc.nodes.filter((n) => keep.has(n.id)), edges: toc.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
}
