/**
 * England and Wales geography for the evaluation: LSOA (2011) → local authority (April 2020)
 * → Community Safety Partnership → Police Force Area, with ONS mid-2019 population (total and
 * under 25) at every level and the PFA boundaries. Built by src/geography/build.ts from ONS
 * files (Open Government Licence v3.0, see data/geography/README.md).
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { readCsv, stringColumn } from "../io/csv";
import { dataPath } from "../io/paths";
import { InputError, InternalError } from "../errors";

export type AreaLevel = "lsoa" | "lad" | "csp" | "pfa";

/** One level of the hierarchy as parallel arrays (index i is one area), sorted by code. */
export interface AreaTable {
  level: AreaLevel;
  code: string[];
  name: string[];
  /** Codes of the areas above (undefined at the levels that do not have them). */
  lad?: string[];
  csp?: string[];
  pfa?: string[];
  /** ONS mid-2019 population. */
  population: Float64Array;
  /** ONS mid-2019 population aged under 25 (0–24). */
  populationUnder25: Float64Array;
  /** Position of each code. */
  index: Map<string, number>;
}

export interface Geography {
  lsoa: AreaTable & { lad: string[]; csp: string[]; pfa: string[] };
  lad: AreaTable & { csp: string[]; pfa: string[] };
  csp: AreaTable & { pfa: string[] };
  pfa: AreaTable & { regionCode: string[]; regionName: string[] };
  /** Older/newer district codes (2017, 2021 vintages) → the April 2020 district used here. */
  ladCrosswalk: { lad17: string[]; lad20: string[]; lad21: string[] };
}

let cached: Geography | undefined;

/** Loads (once per process) the geography shipped in data/geography/. */
export function loadGeography(): Geography {
  if (cached) return cached;
  const ls = JSON.parse(gunzipSync(readFileSync(dataPath("geography", "lsoa11.json.gz"))).toString("utf8")) as {
    lsoa_code: string[]; lsoa_name: string[]; lad_code: string[]; population: number[]; population_under25: number[];
  };
  const ld = readCsv(dataPath("geography", "lad20.csv"));
  const cs = readCsv(dataPath("geography", "csp.csv"));
  const pf = readCsv(dataPath("geography", "pfa.csv"));
  const cw = readCsv(dataPath("geography", "lad_crosswalk.csv"));

  const ladCode = stringColumn(ld, "lad_code");
  const ladCsp = stringColumn(ld, "csp_code"), ladPfa = stringColumn(ld, "pfa_code");
  const ladIndex = indexOf(ladCode);
  const lsoaLad = ls.lad_code, lsoaCode = ls.lsoa_code;
  const lsoaPop = Float64Array.from(ls.population), lsoaU25 = Float64Array.from(ls.population_under25);
  const parentLad = lsoaLad.map((l, i) => {
    const k = ladIndex.get(l);
    if (k === undefined) throw new InternalError(`data/geography: LSOA ${lsoaCode[i]} has unknown LAD ${l}`);
    return k;
  });
  const lsoa = {
    level: "lsoa" as const, code: lsoaCode, name: ls.lsoa_name,
    lad: lsoaLad, csp: parentLad.map((k) => ladCsp[k]), pfa: parentLad.map((k) => ladPfa[k]),
    population: lsoaPop, populationUnder25: lsoaU25, index: indexOf(lsoaCode),
  };
  const lad = { level: "lad" as const, code: ladCode, name: stringColumn(ld, "lad_name"), csp: ladCsp, pfa: ladPfa, ...sumUp(lsoa, lsoaLad, ladCode, "LAD"), index: ladIndex };
  const cspCode = stringColumn(cs, "csp_code");
  const csp = { level: "csp" as const, code: cspCode, name: stringColumn(cs, "csp_name"), pfa: stringColumn(cs, "pfa_code"), ...sumUp(lsoa, lsoa.csp, cspCode, "CSP"), index: indexOf(cspCode) };
  const pfaCode = stringColumn(pf, "pfa_code");
  const pfa = {
    level: "pfa" as const, code: pfaCode, name: stringColumn(pf, "pfa_name"),
    regionCode: stringColumn(pf, "region_code"), regionName: stringColumn(pf, "region_name"),
    ...sumUp(lsoa, lsoa.pfa, pfaCode, "PFA"), index: indexOf(pfaCode),
  };
  cached = {
    lsoa, lad, csp, pfa,
    ladCrosswalk: { lad17: stringColumn(cw, "lad17_code"), lad20: stringColumn(cw, "lad20_code"), lad21: stringColumn(cw, "lad21_code") },
  };
  return cached;
}

/** The PFA boundaries (ONS, 2020, generalised; WGS84 GeoJSON; properties pfa_code, pfa_name). */
export function loadPfaBoundaries(): { type: "FeatureCollection"; features: { type: "Feature"; properties: { pfa_code: string; pfa_name: string }; geometry: unknown }[] } {
  return JSON.parse(readFileSync(dataPath("geography", "boundaries_pfa_2020.geojson"), "utf8"));
}

/** Path of the PFA boundaries GeoJSON (for plotly choropleths that take a URL or object). */
export const PFA_BOUNDARIES_PATH = dataPath("geography", "boundaries_pfa_2020.geojson");

/** Index of each area in `table.code` for a list of codes; an error names codes not found. */
export function areaIndices(table: AreaTable, codes: readonly string[]): Int32Array {
  const out = new Int32Array(codes.length);
  codes.forEach((c, i) => {
    const k = table.index.get(c);
    if (k === undefined) throw new InputError(`${table.level.toUpperCase()} code "${c}" is not in the England and Wales geography`);
    out[i] = k;
  });
  return out;
}

function indexOf(codes: string[]): Map<string, number> {
  return new Map(codes.map((c, i) => [c, i]));
}

/** Sums LSOA populations into the areas `codes`, given each LSOA's parent code. */
function sumUp(lsoa: { population: Float64Array; populationUnder25: Float64Array }, parent: string[], codes: string[], level: string) {
  const idx = indexOf(codes);
  const population = new Float64Array(codes.length), populationUnder25 = new Float64Array(codes.length);
  parent.forEach((p, i) => {
    const k = idx.get(p);
    if (k === undefined) throw new InternalError(`data/geography: ${level} ${p} of LSOA ${i} is not in the ${level} table`);
    population[k] += lsoa.population[i];
    populationUnder25[k] += lsoa.populationUnder25[i];
  });
  return { population, populationUnder25 };
}

export { FUNDED_PFAS, FUNDED_PFA_CODES, isFundedPfa } from "./funded";
