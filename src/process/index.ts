/** The process evaluation (chapters 1.3–1.4, 3–6, 8; Annexes 1, 2, 4, 5) as data: loaders, counts, cross-tabulations. */
export * from "./read";
export * from "./theory-of-change";
export * from "./framework";
export * from "./findings";
export * from "./local-evaluations";
export * from "./fieldwork";
export * from "./outcomes-framework";

import { loadTheoryOfChange, type TheoryOfChange } from "./theory-of-change";
import { loadFramework, type Framework } from "./framework";
import { checkFindingNodes, loadFindings, loadRecommendations, type FindingsDoc, type Recommendation } from "./findings";
import { loadLocalEvaluations, type LocalEvaluation } from "./local-evaluations";
import { fieldworkComposition, loadFieldworkDesign, type FieldworkComposition, type FieldworkDesign } from "./fieldwork";

export interface ProcessEvaluation {
  toc: TheoryOfChange;
  framework: Framework;
  findings: FindingsDoc;
  recommendations: Recommendation[];
  localEvaluations: LocalEvaluation[];
  fieldwork: FieldworkDesign;
  composition: FieldworkComposition[];
}

/** Loads every file and checks the cross-references (findings → ToC nodes, recommendations → findings). */
export function loadProcessEvaluation(): ProcessEvaluation {
  const toc = loadTheoryOfChange();
  const findings = loadFindings();
  checkFindingNodes(findings.findings, toc);
  const fieldwork = loadFieldworkDesign();
  return {
    toc, framework: loadFramework(), findings, recommendations: loadRecommendations(findings.findings), localEvaluations: loadLocalEvaluations(),
    fieldwork, composition: fieldworkComposition(fieldwork),
  };
}
