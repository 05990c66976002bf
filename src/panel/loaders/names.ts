/** Matching area names in public files (Home Office, Google, police.uk) to the geography's codes. */
import { loadGeography, type AreaLevel } from "../../geography/index";

/** Lower case, "&" → "and", punctuation and filler words removed: "Avon & Somerset Constabulary" → "avon and somerset". */
export function normaliseAreaName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/\b(police|constabulary|force|city council|council|metropolitan borough of|london borough of|royal borough of|borough of|county of|city of)\b/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/ city$/, ""); // Google's "Bristol City", "Leicester City"
}

const SPECIAL: Record<string, string> = {
  // police.uk and Home Office force names that differ from the ONS PFA names
  metropolitan: "E23000001", "metropolitan service": "E23000001", london: "E23000034",
  "devon and cornwall": "E23000035", "dyfed powys": "W15000004",
};

/** Code of an area by name at `level` (undefined when there is no unique match). */
export function areaCodeByName(level: AreaLevel, name: string): string | undefined {
  const key = normaliseAreaName(name.replace(/-/g, " "));
  if (level === "pfa" && SPECIAL[key]) return SPECIAL[key];
  return nameIndex(level).get(key);
}

const cache = new Map<AreaLevel, Map<string, string>>();
function nameIndex(level: AreaLevel): Map<string, string> {
  let m = cache.get(level);
  if (m) return m;
  const t = loadGeography()[level];
  const seen = new Map<string, string | null>();
  t.name.forEach((n, i) => { const k = normaliseAreaName(n); seen.set(k, seen.has(k) ? null : t.code[i]); });
  m = new Map([...seen].filter((e): e is [string, string] => e[1] !== null));
  cache.set(level, m);
  return m;
}
