/**
 * The two reference applications of the classic synthetic control, as data + options, so
 * tests, the benchmark and the notebook run exactly the same specification.
 *
 * - Proposition 99 (Abadie, Diamond & Hainmueller 2010): California, treatment 1989;
 *   predictors ln income, retail price and share aged 15–24 averaged 1980–88, beer 1984–88,
 *   cigarette sales in 1975, 1980 and 1988; V chosen on 1970–88.
 * - The Basque Country (Abadie & Gardeazabal 2003) as in the R Synth package's help example:
 *   schooling (high school and post high school merged) as shares ×100 and investment
 *   averaged 1964–69, GDP per capita 1960–69, sector shares averaged over the odd years
 *   1961–69, population density 1969; V chosen on 1960–69; Spain as a whole is not a donor.
 */
import { referencePath } from "../io/paths";
import { panelFromCsv } from "../panel/from-csv";
import type { Panel } from "../panel/panel";
import type { ScmOptions } from "../estimators/scm/design";

export const PROP99_OPTIONS: ScmOptions = {
  treatedUnits: ["California"],
  treatmentTime: 1989,
  spec: {
    predictors: [
      { variable: "lnincome", from: 1980, to: 1988, name: "ln income 1980–88" },
      { variable: "retprice", from: 1980, to: 1988, name: "retail price 1980–88" },
      { variable: "age15to24", from: 1980, to: 1988, name: "share aged 15–24, 1980–88" },
      { variable: "beer", from: 1984, to: 1988, name: "beer sales 1984–88" },
      { variable: "cigsale", at: 1975, name: "cigarette sales 1975" },
      { variable: "cigsale", at: 1980, name: "cigarette sales 1980" },
      { variable: "cigsale", at: 1988, name: "cigarette sales 1988" },
    ],
    fitWindow: { from: 1970, to: 1988 },
  },
};

/** Published ADH (2010) weights, and R Synth 1.1-8's pre-period MSPE on this specification. */
export const PROP99_PUBLISHED = { weights: { Utah: 0.334, Nevada: 0.234, Montana: 0.199, Colorado: 0.164, Connecticut: 0.069 }, referenceMSPE: 3.209078 };

export function loadProp99(): Panel {
  return panelFromCsv(referencePath("smoking.csv"), { unit: "state", time: "year", outcome: "cigsale", covariates: ["lnincome", "beer", "age15to24", "retprice"] });
}

const SCHOOL = ["school.illit", "school.prim", "school.med", "school.high", "school.post.high"];
const SECTORS = ["sec.agriculture", "sec.energy", "sec.industry", "sec.construction", "sec.services.venta", "sec.services.nonventa"];
const ODD_YEARS = [1961, 1963, 1965, 1967, 1969];

export const BASQUE_OPTIONS: ScmOptions = {
  treatedUnits: ["Basque Country (Pais Vasco)"],
  treatmentTime: 1970,
  exclude: ["Spain (Espana)"],
  spec: {
    predictors: [
      { variable: "school.illit", from: 1964, to: 1969, shareOf: SCHOOL, name: "illiterate (%)" },
      { variable: "school.prim", from: 1964, to: 1969, shareOf: SCHOOL, name: "primary or none (%)" },
      { variable: "school.med", from: 1964, to: 1969, shareOf: SCHOOL, name: "some high school (%)" },
      { variable: ["school.high", "school.post.high"], from: 1964, to: 1969, shareOf: SCHOOL, name: "high school or more (%)" },
      { variable: "invest", from: 1964, to: 1969, name: "investment ratio 1964–69" },
      { variable: "gdpcap", from: 1960, to: 1969, name: "GDP per capita 1960–69" },
      ...SECTORS.map((v) => ({ variable: v, periods: ODD_YEARS, name: `${v} 1961–69` })),
      { variable: "popdens", at: 1969, name: "population density 1969" },
    ],
    fitWindow: { from: 1960, to: 1969 },
  },
};

/** Published weights, and R Synth 1.1-8's loss (pre-period MSPE) on this specification. */
export const BASQUE_PUBLISHED = { weights: { Cataluna: 0.8508, "Madrid (Comunidad De)": 0.1492 }, referenceMSPE: 0.008864629 };

export function loadBasque(): Panel {
  return panelFromCsv(referencePath("basque.csv"), { unit: "regionname", time: "year", outcome: "gdpcap", covariates: [...SCHOOL, ...SECTORS, "popdens", "invest"] });
}
