/**
 * Reading the process-evaluation data (data/report/process): JSON records are checked field by
 * field, so a mistyped category or a dangling id fails with the file, record and field named.
 */
import { readFileSync } from "node:fs";
import { dataPath } from "../io/paths";
import { InputError } from "../errors";

export const processPath = (file: string): string => dataPath("report", "process", file);

export type Rec = Record<string, unknown>;

export function readJson(path: string): Rec {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(`${path}: cannot read (${(e as Error).message})`);
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new InputError("top level is not an object");
    return v as Rec;
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

/** A named array of records in a JSON file. */
export function records(doc: Rec, key: string, path: string): Rec[] {
  const v = doc[key];
  if (!Array.isArray(v)) throw new InputError(`${path}: "${key}" must be an array`);
  return v.map((r, i) => {
    if (typeof r !== "object" || r === null || Array.isArray(r)) throw new InputError(`${path}: ${key}[${i}] is not an object`);
    return r as Rec;
  });
}

/** Where a record is, for error messages: `file: key[i] (id)`. */
export const at = (path: string, key: string, i: number, r: Rec): string => `${path}: ${key}[${i}]${typeof r.id === "string" ? ` (${r.id})` : ""}`;

export function str(r: Rec, field: string, where: string, opts: { allowEmpty?: boolean } = {}): string {
  const v = r[field];
  if (typeof v !== "string") throw new InputError(`${where}: field "${field}" must be a string`);
  if (!opts.allowEmpty && v.trim() === "") throw new InputError(`${where}: field "${field}" is empty`);
  return v;
}

export function optStr(r: Rec, field: string, where: string): string | null {
  return r[field] === undefined || r[field] === null ? null : str(r, field, where, { allowEmpty: true });
}

export function strArray(r: Rec, field: string, where: string): string[] {
  const v = r[field];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new InputError(`${where}: field "${field}" must be an array of strings`);
  return v as string[];
}

export function oneOf<T extends string>(r: Rec, field: string, allowed: readonly T[], where: string): T {
  const v = str(r, field, where);
  if (!(allowed as readonly string[]).includes(v)) throw new InputError(`${where}: field "${field}" is "${v}"; expected one of ${allowed.join(", ")}`);
  return v as T;
}

export function bool(r: Rec, field: string, where: string): boolean {
  const v = r[field];
  if (typeof v !== "boolean") throw new InputError(`${where}: field "${field}" must be true or false`);
  return v;
}

/** Ids must be unique within a file. */
export function assertUniqueIds(ids: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new InputError(`${what}: duplicate id "${id}"`);
    seen.add(id);
  }
}

/** Counts of each value, in the order given (values not listed are appended in first-seen order). */
export function countBy<T>(items: readonly T[], key: (x: T) => string, order: readonly string[] = []): Map<string, number> {
  const m = new Map<string, number>(order.map((k) => [k, 0]));
  for (const x of items) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
}
