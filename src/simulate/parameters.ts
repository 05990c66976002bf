/**
 * Parameters of the simulated evaluation: the true effects (by default the report's central
 * estimates) and the levels, trends, seasonality and COVID-19 response the data are built from.
 * Every number here is either a published figure (with its source) or a modelling assumption
 * (said so), so a reader can see what the simulated data do and do not rest on.
 */
import { monthIndex } from "../panel/calendar";

export type Scenario = "report" | "null";
export type PoliceOffence = "violenceWithInjury" | "violenceWithoutInjury" | "possessionOfWeapons";
export const POLICE_OFFENCES: readonly PoliceOffence[] = ["violenceWithInjury", "violenceWithoutInjury", "possessionOfWeapons"];

/** The ONS Table P1 offence name of each simulated offence. */
export const ONS_OFFENCE: Record<PoliceOffence | "homicide", string> = {
  violenceWithInjury: "Violence with injury",
  violenceWithoutInjury: "Violence without injury",
  possessionOfWeapons: "Possession of weapons offences",
  homicide: "Homicide",
};

/**
 * A true effect split into its Surge part (from April 2019, the start of SV funding) and its
 * VRU part (from September 2019, when VRUs were operational): one value per post period
 * (monthly: April 2019 to September 2020, 18 values; homicide quarterly: 2019-Q2 to 2020-Q3,
 * 6 values), in the outcome's unit, added to the treated areas' expected rate. Negative = fewer.
 */
export interface EffectPath { surge: number[]; vru: number[] }

export interface TrueEffects {
  violenceWithInjury: EffectPath;
  violenceWithoutInjury: EffectPath;
  possessionOfWeapons: EffectPath;
  /** Per 1,000,000 people aged under 25, per month. */
  hospitalUnder25: EffectPath;
  /** Per 1,000,000 people, per month. */
  hospitalAllAges: EffectPath;
  /** Per 1,000,000 people, per quarter. */
  homicide: EffectPath;
}

export const POST_MONTHS = 18; // April 2019 – September 2020
export const POST_QUARTERS = 6; // 2019-Q2 – 2020-Q3
const VRU_START = monthIndex("2019-09") - monthIndex("2019-04"); // 5 months after Surge

/** Linear ramp to full strength over `months` (1/months in the first month). */
const ramp = (k: number, months: number) => Math.min(1, (k + 1) / months);

/** A monthly path from `start` (months after April 2019) ramping over `months` to `level`. */
function rampPath(level: number, start: number, months: number): number[] {
  return Array.from({ length: POST_MONTHS }, (_, k) => (k < start ? 0 : level * ramp(k - start, months)));
}
const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
const scaleTo = (a: number[], total: number) => { const s = sum(a); return a.map((v) => (v * total) / s); };

/**
 * The report's central estimates as true effects.
 * - Violence without injury: cumulative −80 per 100,000 by September 2020 (section 2.3, Figure 2.4);
 *   "most prominent during live activity of both Surge and VRU" and still present after adjusting
 *   for stop and search (2.3.1): we give Surge one third (a 3-month ramp from April 2019) and VRUs
 *   two thirds (a 6-month ramp from September 2019) — the split is our assumption.
 * - Violence with injury: 2,937 offences avoided by September 2020 (2.3.3) over the funded
 *   population 34,321,607 (2.3) = −8.56 per 100,000 cumulative; an impact "for brief periods
 *   (summer 2019 and early 2020) but not sustained throughout 2020" that adjusting for stop and
 *   search moves to near zero (2.3.1): all Surge, −1.2 a month to March 2020, then partly reversing.
 * - Possession of weapons: "a slight reduction … not statistically significant": −0.1 per 100,000
 *   a month at full strength, half Surge, half VRU (our assumption for "slight").
 * - Hospital admissions (sharp object): under 25 −0.03 per 1,000,000 a month; all ages +0.25 (2.1).
 * - Homicide: +0.32 per 1,000,000 a quarter (2.2; the report does not state the base, we take per million).
 * The report gives only the total SV-funding estimate for hospital admissions and homicide: it
 * is put in the Surge (April 2019) part and the VRU part is zero.
 */
export function reportEffects(): TrueEffects {
  const vwoiTotal = -80;
  const vwoiSurge = scaleTo(rampPath(1, 0, 3), vwoiTotal / 3);
  const vwoiVru = scaleTo(rampPath(1, VRU_START, 6), (2 * vwoiTotal) / 3);
  const vwiTotal = -2937 / 343.21607; // per 100,000: offences avoided / (funded population / 100,000)
  const early = rampPath(-1.2, 0, 3).map((v, k) => (k < 12 ? v : 0));
  const reversal = (vwiTotal - sum(early)) / (POST_MONTHS - 12);
  const vwiSurge = early.map((v, k) => (k < 12 ? v : reversal));
  const zeros = (n: number) => new Array<number>(n).fill(0);
  const constant = (v: number, n: number) => new Array<number>(n).fill(v);
  return {
    violenceWithoutInjury: { surge: vwoiSurge, vru: vwoiVru },
    violenceWithInjury: { surge: vwiSurge, vru: zeros(POST_MONTHS) },
    possessionOfWeapons: { surge: rampPath(-0.05, 0, 3), vru: rampPath(-0.05, VRU_START, 6) },
    hospitalUnder25: { surge: constant(-0.03, POST_MONTHS), vru: zeros(POST_MONTHS) },
    hospitalAllAges: { surge: constant(0.25, POST_MONTHS), vru: zeros(POST_MONTHS) },
    homicide: { surge: constant(0.32, POST_QUARTERS), vru: zeros(POST_QUARTERS) },
  };
}

/** No effect anywhere (for checking that estimators find nothing when there is nothing). */
export function nullEffects(): TrueEffects {
  const e = reportEffects();
  const zero = (p: EffectPath): EffectPath => ({ surge: p.surge.map(() => 0), vru: p.vru.map(() => 0) });
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, zero(v)])) as unknown as TrueEffects;
}

/** Levels, trends and shapes of the simulated data (assumptions unless a source is given). */
export interface WorldParameters {
  /** Police recorded crime is calibrated to the ONS year ending March 2019 counts by PFA (data/calibration). */
  calibrationYearEnding: string;
  /** National log growth per year of recorded offences before April 2019, and after (counterfactual). */
  growth: Record<PoliceOffence, [before: number, after: number]>;
  /** Month-of-year multipliers (January first). */
  seasonality: Record<PoliceOffence | "hospital" | "homicide", number[]>;
  /** Spread (log sd) of CSP rates within a PFA, and of LSOA hotspot intensity within a CSP. */
  cspSpread: number;
  lsoaHotspotSpread: number;
  /** Negative binomial size of monthly counts (smaller = more overdispersed). */
  nbSize: { csp: number; hospital: number; homicide: number };
  /** Scale of the regional latent factors and the idiosyncratic AR(1) noise (log scale). */
  factorScale: number;
  noiseSd: number;
  /** National residential mobility (Google, % change from the Jan–Feb 2020 baseline), February–September 2020. */
  mobility: number[];
  /** Log fall in each outcome per point of residential mobility (COVID-19 lockdown). */
  covidSensitivity: Record<PoliceOffence | "hospitalUnder25" | "hospitalAllAges" | "homicide", number>;
  /**
   * Hospital admissions for assault by a sharp object, England, financial year 2017/18: 4,986
   * (NHS Digital, Hospital Episode Statistics, as reported Feb 2019); 3,849 in 2012/13 gives the
   * growth before 2018/19, flat after (our assumption). Under-25 share of admissions 0.40 (our assumption).
   */
  hospital: { englandFy2017: number; growth: number; under25Share: number; concentration: number; fundedMargin: number };
  /** Homicide: log growth per year to 2018-Q3, flat after (our assumption). */
  homicideGrowth: number;
  /** Share of the latent-factor loadings and trends that areas of one region have in common (1 = as calibrated; 0 = none). */
  regionalShare: number;
  /** Stop and search: national rate per 1,000 people a month in 2018/19; funded areas' rise (from `fundedRiseFrom`) and lift with Surge; other areas' rise (from `otherRiseFrom`). */
  stopSearch: { rate: number; fundedPreRise: number; fundedRiseFrom: string; surgeLift: number; otherRise: number; otherRiseFrom: string };
  /** Police forces whose recorded crime is missing from the police panels. */
  missingPoliceForces: string[];
}

export function defaultWorld(): WorldParameters {
  return {
    calibrationYearEnding: "2019-03",
    // ONS Table P1, England and Wales: YE Mar 2018 → YE Mar 2019: VWI +6.8%, VWOI +15.7%, weapons +19%.
    growth: { violenceWithInjury: [0.066, 0.02], violenceWithoutInjury: [0.146, 0.04], possessionOfWeapons: [0.16, 0.03] },
    seasonality: {
      violenceWithInjury: [0.93, 0.87, 0.96, 0.97, 1.05, 1.05, 1.09, 1.05, 1.0, 1.02, 0.97, 1.04],
      violenceWithoutInjury: [0.95, 0.9, 0.98, 0.97, 1.04, 1.04, 1.07, 1.03, 1.01, 1.02, 0.98, 1.01],
      possessionOfWeapons: [0.95, 0.92, 1.05, 1.02, 1.06, 1.03, 1.04, 1.0, 1.0, 1.02, 0.98, 0.93],
      hospital: [0.95, 0.9, 0.97, 0.98, 1.04, 1.03, 1.06, 1.05, 1.0, 1.02, 0.97, 1.03],
      homicide: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    },
    cspSpread: 0.3,
    lsoaHotspotSpread: 1.0,
    nbSize: { csp: 300, hospital: 25, homicide: 30 },
    factorScale: 1,
    noiseSd: 0.025,
    mobility: [0.5, 7, 25, 21, 15, 11, 8, 8],
    covidSensitivity: { violenceWithInjury: 0.0115, violenceWithoutInjury: 0.0075, possessionOfWeapons: -0.004, hospitalUnder25: 0.014, hospitalAllAges: 0.011, homicide: 0.004 },
    hospital: { englandFy2017: 4986, growth: Math.log(4986 / 3849) / 5, under25Share: 0.4, concentration: 1.3, fundedMargin: 1.3 },
    homicideGrowth: 0.04,
    regionalShare: 1,
    stopSearch: { rate: 0.5, fundedPreRise: 0.25, fundedRiseFrom: "2018-04", surgeLift: 0.25, otherRise: 0.08, otherRiseFrom: "2018-10" },
    // Report footnotes 8 and 14: offence data unavailable for Greater Manchester and Wales.
    missingPoliceForces: ["E23000005", "W15000001", "W15000002", "W15000003", "W15000004"],
  };
}
