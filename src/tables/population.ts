/**
 * ONS mid-2019 population of the 18 funded PFAs (from src/geography; London = Metropolitan
 * Police + City of London), keyed by the PFA name as printed in Table 1.1.
 */
import { loadGeography } from "../geography/index";
import { FUNDED_PFAS } from "../geography/funded";
import { InputError } from "../errors";

export interface PfaPopulation { codes: readonly string[]; population: number; populationUnder25: number }

export function fundedPfaPopulations(): Map<string, PfaPopulation> {
  const { pfa } = loadGeography();
  return new Map(FUNDED_PFAS.map((f) => {
    let population = 0, populationUnder25 = 0;
    for (const c of f.codes) {
      const i = pfa.index.get(c);
      if (i === undefined) throw new InputError(`data/geography/pfa.csv: no PFA with code ${c} (${f.name})`);
      population += pfa.population[i];
      populationUnder25 += pfa.populationUnder25[i];
    }
    return [f.name, { codes: f.codes, population, populationUnder25 }];
  }));
}
