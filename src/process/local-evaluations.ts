/** Annex 1: local evaluations by VRU, as of April 2021. */
import { at, countBy, oneOf, processPath, readJson, records, str, strArray, assertUniqueIds } from "./read";

export const EVALUATOR_TYPES = ["external", "internal", "external and internal", "not stated"] as const;
export const EVALUATION_STATUSES = ["ongoing", "interim output", "report due March 2021", "report due May 2021", "not yet commissioned", "not stated", "awaiting detail"] as const;
export const EVALUATION_SCOPES = ["programme", "programme (VRU and Surge)", "interventions", "programme and interventions", "not stated"] as const;

export interface LocalEvaluation {
  vru: string;
  evaluators: string[];
  evaluatorType: (typeof EVALUATOR_TYPES)[number];
  scope: (typeof EVALUATION_SCOPES)[number];
  methods: string[];
  status: (typeof EVALUATION_STATUSES)[number];
  timing: string;
  /** The printed Annex 1 text. */
  annexText: string;
}

export function loadLocalEvaluations(path = processPath("local-evaluations.json")): LocalEvaluation[] {
  const rows = records(readJson(path), "local_evaluations", path).map((r, i): LocalEvaluation => {
    const w = at(path, "local_evaluations", i, r);
    return {
      vru: str(r, "vru", w), evaluators: strArray(r, "evaluators", w), evaluatorType: oneOf(r, "evaluator_type", EVALUATOR_TYPES, w),
      scope: oneOf(r, "scope", EVALUATION_SCOPES, w), methods: strArray(r, "methods", w), status: oneOf(r, "status", EVALUATION_STATUSES, w),
      timing: str(r, "timing", w, { allowEmpty: true }), annexText: str(r, "annex_text", w),
    };
  });
  assertUniqueIds(rows.map((r) => r.vru), `${path}: vru`);
  return rows;
}

/** Evaluator type (rows) × status (columns), counts of VRUs. */
export function evaluationLandscape(rows: readonly LocalEvaluation[]): { rowLabels: string[]; colLabels: string[]; counts: number[][] } {
  const colLabels = EVALUATION_STATUSES.filter((s) => rows.some((r) => r.status === s));
  const rowLabels = EVALUATOR_TYPES.filter((t) => rows.some((r) => r.evaluatorType === t));
  return { rowLabels, colLabels, counts: rowLabels.map((t) => colLabels.map((s) => rows.filter((r) => r.evaluatorType === t && r.status === s).length)) };
}

/** How many VRUs name each evaluator (universities recur across VRUs). */
export function evaluatorCounts(rows: readonly LocalEvaluation[]): Map<string, number> {
  return countBy(rows.flatMap((r) => r.evaluators), (e) => e);
}
