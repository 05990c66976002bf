/**
 * The cost-benefit parameter file of `vru-eval cba --params FILE.json`. Anything left out
 * takes the report's section 2.3.3 value. Example:
 *
 *   {
 *     "offences": [
 *       { "label": "violence without injury", "recorded": 27585, "ci": [3000, 97000] },
 *       { "label": "violence with injury", "cumulativeEffect": -8.56, "unit": "per 100,000", "multiplier": 2.6, "unitCost": 15353 },
 *       { "label": "robbery", "effect": "out/robbery-effect.json", "time": "2020-09", "multiplier": 1.2, "unitCost": 11320 }
 *     ],
 *     "cost": 121952973,
 *     "population": 34321607,
 *     "monteCarlo": { "draws": 20000, "seed": 1, "dependence": "comonotone" }
 *   }
 *
 * Each offence gives its recorded offences avoided one of three ways: `recorded` (positive =
 * fewer offences), `cumulativeEffect` + `unit` (the effect as estimated: negative = reduction),
 * or `effect` (an Effect JSON file; its last cumulative value, or the one at `time`).
 * `multiplier` and `unitCost` may be left out only for the report's two offence types.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Effect, RateUnit } from "../effect";
import { InputError } from "../errors";
import { costBenefit, offencesFromEffect, offencesFromRate, type CbaParams, type OffenceInput } from "./chain";
import { REPORT_PARAMS } from "./report";

export interface ResolvedParams {
  params: CbaParams;
  /** Recorded offences avoided at the CI bounds [fewer, more], per type, where known. */
  ci: Record<string, [number, number]>;
  monteCarlo?: { draws: number; seed: number; dependence: "independent" | "comonotone" };
  /** True when nothing was overridden (the report's own chain). */
  isReport: boolean;
}

const OFFENCE_KEYS = ["label", "recorded", "cumulativeEffect", "unit", "effect", "time", "population", "multiplier", "unitCost", "ci"];
const TOP_KEYS = ["offences", "cost", "population", "monteCarlo"];
const RATE_UNITS: RateUnit[] = ["per 1,000", "per 100,000", "per 1,000,000"];

type Json = Record<string, unknown>;

function unknownKeys(o: Json, allowed: string[], where: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new InputError(`${where}: unknown key "${k}" (allowed: ${allowed.join(", ")})`);
}

function num(o: Json, key: string, where: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new InputError(`${where}: "${key}" must be a finite number, got ${JSON.stringify(v)}`);
  if (key === "population" && !(v > 0)) throw new InputError(`${where}: "population" must be positive, got ${v}`);
  return v;
}

/** Parses a parameter object (from the JSON file); relative Effect paths resolve against `baseDir`. */
export function resolveParams(json: unknown, baseDir: string, source = "parameters"): ResolvedParams {
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new InputError(`${source}: expected a JSON object`);
  const top = json as Json;
  unknownKeys(top, TOP_KEYS, source);
  const population = num(top, "population", source);
  const ci: Record<string, [number, number]> = {};
  let offences: OffenceInput[] = REPORT_PARAMS.offences;
  if (top.offences !== undefined) {
    if (!Array.isArray(top.offences) || top.offences.length === 0) throw new InputError(`${source}: "offences" must be a non-empty array`);
    offences = top.offences.map((raw, k) => {
      const where = `${source}: offences[${k}]`;
      if (raw === null || typeof raw !== "object") throw new InputError(`${where} must be an object`);
      const o = raw as Json;
      unknownKeys(o, OFFENCE_KEYS, where);
      if (typeof o.label !== "string" || !o.label) throw new InputError(`${where}: "label" must be a non-empty string`);
      const label = o.label;
      const report = REPORT_PARAMS.offences.find((r) => r.label === label);
      const ways = ["recorded", "cumulativeEffect", "effect"].filter((w) => o[w] !== undefined);
      if (ways.length > 1) throw new InputError(`${where} (${label}): give only one of "recorded", "cumulativeEffect", "effect" (got ${ways.join(", ")})`);
      const pop = num(o, "population", where) ?? population;
      const needPop = () => {
        if (pop === undefined) throw new InputError(`${where} (${label}): a "population" is needed to turn a rate into offences`);
        return pop;
      };
      let recorded: number;
      if (o.effect !== undefined) {
        if (typeof o.effect !== "string") throw new InputError(`${where} (${label}): "effect" must be a path to an Effect JSON file`);
        const path = resolve(baseDir, o.effect);
        let effect: Effect;
        try { effect = JSON.parse(readFileSync(path, "utf8")) as Effect; } catch (e) { throw new InputError(`${where} (${label}): cannot read Effect ${path}: ${(e as Error).message}`); }
        if (o.time !== undefined && typeof o.time !== "string") throw new InputError(`${where} (${label}): "time" must be a period label string`);
        const av = offencesFromEffect(effect, effect.unit === "count" ? 1 : needPop(), o.time as string | undefined);
        recorded = av.estimate;
        if (av.ci) ci[label] = av.ci;
      } else if (o.cumulativeEffect !== undefined) {
        const unit = o.unit as RateUnit;
        if (!RATE_UNITS.includes(unit)) throw new InputError(`${where} (${label}): "unit" must be one of ${RATE_UNITS.join(", ")} with "cumulativeEffect", got ${JSON.stringify(o.unit)}`);
        recorded = offencesFromRate(num(o, "cumulativeEffect", where) as number, unit, needPop());
      } else if (o.recorded !== undefined) {
        recorded = num(o, "recorded", where) as number;
      } else if (report) {
        recorded = report.recorded;
      } else {
        throw new InputError(`${where} (${label}): give "recorded", "cumulativeEffect" + "unit", or "effect"`);
      }
      if (o.ci !== undefined) {
        const c = o.ci;
        if (!Array.isArray(c) || c.length !== 2 || !c.every((x) => typeof x === "number" && Number.isFinite(x)) || c[0] > c[1]) throw new InputError(`${where} (${label}): "ci" must be [fewer avoided, more avoided] with fewer ≤ more`);
        ci[label] = [c[0], c[1]];
      }
      const multiplier = num(o, "multiplier", where) ?? report?.multiplier;
      const unitCost = num(o, "unitCost", where) ?? report?.unitCost;
      if (multiplier === undefined || unitCost === undefined) throw new InputError(`${where} (${label}): "multiplier" and "unitCost" are needed (defaults exist only for the report's offence types)`);
      return { label, recorded, multiplier, unitCost };
    });
  }
  const params: CbaParams = { offences, cost: num(top, "cost", source) ?? REPORT_PARAMS.cost };
  costBenefit(params); // validates
  let monteCarlo: ResolvedParams["monteCarlo"];
  if (top.monteCarlo !== undefined) {
    const m = top.monteCarlo as Json;
    if (m === null || typeof m !== "object") throw new InputError(`${source}: "monteCarlo" must be an object`);
    unknownKeys(m, ["draws", "seed", "dependence"], `${source}: monteCarlo`);
    const dependence = (m.dependence ?? "comonotone") as "independent" | "comonotone";
    if (dependence !== "independent" && dependence !== "comonotone") throw new InputError(`${source}: monteCarlo.dependence must be "independent" or "comonotone"`);
    monteCarlo = { draws: num(m, "draws", `${source}: monteCarlo`) ?? 20_000, seed: num(m, "seed", `${source}: monteCarlo`) ?? 1, dependence };
  }
  return { params, ci, ...(monteCarlo ? { monteCarlo } : {}), isReport: top.offences === undefined && top.cost === undefined };
}

/** Reads and resolves a parameter file. */
export function readParamsFile(path: string): ResolvedParams {
  let json: unknown;
  try { json = JSON.parse(readFileSync(path, "utf8")); } catch (e) { throw new InputError(`cannot read parameters ${path}: ${(e as Error).message}`); }
  return resolveParams(json, dirname(resolve(path)), path);
}
