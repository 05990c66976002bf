/**
 * The common-support argument of section 1.4 / Annex 3, in data: recorded violence per 1,000
 * residents in each of the 43 PFAs, funded vs not. Funding went to the most violent areas, so
 * at PFA level few unfunded areas look like the funded ones.
 * Data: ONS police recorded crime by PFA (data/calibration, real) and ONS mid-2019 population.
 */
import { readCsv, stringColumn, numericColumn } from "../io/csv";
import { dataPath } from "../io/paths";
import { loadGeography } from "../geography/index";
import { FUNDED_PFAS } from "../geography/funded";
import { InputError } from "../errors";

export interface PfaRate { codes: string[]; name: string; funded: boolean; count: number; population: number; ratePer1000: number }

/**
 * Count and rate per 1,000 residents of one offence in one rolling year (e.g. "Violence with
 * injury", "2019-03") for the 42 areas of funding: the 18 funded areas as in Table 1.1 (London =
 * Metropolitan Police + City of London, whose tiny resident population would distort a rate) and
 * the 25 unfunded PFAs.
 */
export function pfaOffenceRates(offence: string, yearEnding: string, path = dataPath("calibration", "ons_pfa_recorded_crime_p1.csv")): PfaRate[] {
  const t = readCsv(path);
  const year = stringColumn(t, "year_ending"), code = stringColumn(t, "area_code"), off = stringColumn(t, "offence");
  const count = numericColumn(t, "count");
  const { pfa } = loadGeography();
  const fundedOf = new Map(FUNDED_PFAS.flatMap((f) => f.codes.map((c) => [c, f.name] as const)));
  const areas = new Map<string, PfaRate>();
  pfa.code.forEach((c, i) => {
    const k = year.findIndex((y, r) => y === yearEnding && code[r] === c && off[r] === offence);
    if (k < 0 || !Number.isFinite(count[k])) throw new InputError(`${path}: no ${offence} count for ${pfa.name[i]} (${c}) in the year ending ${yearEnding}`);
    const name = fundedOf.get(c) ?? pfa.name[i];
    const a = areas.get(name) ?? { codes: [], name, funded: fundedOf.has(c), count: 0, population: 0, ratePer1000: 0 };
    a.codes.push(c);
    a.count += count[k];
    a.population += pfa.population[i];
    a.ratePer1000 = (1000 * a.count) / a.population;
    areas.set(name, a);
  });
  return [...areas.values()];
}
