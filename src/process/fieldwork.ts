/**
 * Section 1.4 fieldwork: the design (phases, period; fieldwork.json) joined to the counts by
 * participant group transcribed by the report-tables loader (loadFieldwork).
 */
import { InputError } from "../errors";
import { loadFieldwork, type Fieldwork } from "../tables/text-figures";
import { processPath, readJson, records, str } from "./read";

export interface FieldworkPhase { phase: number; focus: string | null; start: string | null; end: string | null; interviews: number | null; quote: string }
export interface FieldworkDesign {
  total: number;
  vrus: number;
  start: string;
  end: string;
  periodQuote: string;
  phases: FieldworkPhase[];
  /** Participant group → level of the system (interpretive). */
  groupLevels: Record<string, string>;
}

const nullable = <T>(v: unknown, ok: (x: unknown) => x is T, where: string): T | null => {
  if (v === null || v === undefined) return null;
  if (!ok(v)) throw new InputError(`${where}: unexpected value ${JSON.stringify(v)}`);
  return v;
};
const isString = (x: unknown): x is string => typeof x === "string";
const isCount = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 0;

export function loadFieldworkDesign(path = processPath("fieldwork.json")): FieldworkDesign {
  const doc = readJson(path);
  const period = doc.period as Record<string, unknown> | undefined;
  if (!period) throw new InputError(`${path}: "period" is missing`);
  const total = doc.total_interviews_and_groups;
  const vrus = doc.vrus_covered;
  if (!isCount(total) || !isCount(vrus)) throw new InputError(`${path}: "total_interviews_and_groups" and "vrus_covered" must be whole numbers`);
  const levels = doc.group_levels as Record<string, unknown> | undefined;
  if (!levels || Object.values(levels).some((v) => typeof v !== "string")) throw new InputError(`${path}: "group_levels" must map group names to levels`);
  return {
    total, vrus, start: str(period, "start", `${path}: period`), end: str(period, "end", `${path}: period`), periodQuote: str(period, "quote", `${path}: period`),
    phases: records(doc, "phases", path).map((r, i) => {
      const w = `${path}: phases[${i}]`;
      if (!isCount(r.phase)) throw new InputError(`${w}: "phase" must be a whole number`);
      return {
        phase: r.phase, focus: nullable(r.focus, isString, `${w}.focus`), start: nullable(r.start, isString, `${w}.start`), end: nullable(r.end, isString, `${w}.end`),
        interviews: nullable(r.interviews, isCount, `${w}.interviews`), quote: str(r, "quote", w, { allowEmpty: true }),
      };
    }),
    groupLevels: levels as Record<string, string>,
  };
}

export interface FieldworkComposition { group: string; level: string; interviews: number; percent: number }

/**
 * Interviews by group with their share, checked against the design: the groups must add to the
 * printed total and each group must have a level.
 */
export function fieldworkComposition(design: FieldworkDesign = loadFieldworkDesign(), counts: Fieldwork = loadFieldwork()): FieldworkComposition[] {
  const sum = counts.groups.reduce((s, g) => s + g.interviews, 0);
  if (sum !== counts.total) throw new InputError(`fieldwork: groups add to ${sum}, but the printed total is ${counts.total}`);
  if (counts.total !== design.total) throw new InputError(`fieldwork: fieldwork-interviews.csv total ${counts.total} differs from fieldwork.json total ${design.total}`);
  return counts.groups.map((g) => {
    const level = design.groupLevels[g.group];
    if (!level) throw new InputError(`fieldwork.json: group_levels has no entry for "${g.group}"`);
    return { group: g.group, level, interviews: g.interviews, percent: (100 * g.interviews) / counts.total };
  });
}
