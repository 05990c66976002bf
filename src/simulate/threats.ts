/**
 * Threats to identification that the simulated England and Wales builds in, each one a switch.
 * All are on by default (the world as calibrated); `"none"` gives a world in which the
 * estimators' identifying assumptions hold (areas differ only by levels, seasonality, latent
 * factors unrelated to region and funding, and AR(1) noise). Each threat is a set of world
 * parameters put to their neutral value, so switching one off changes only what it names and
 * leaves every random stream as it was.
 */
import { InputError } from "../errors";
import type { WorldParameters } from "./parameters";

export type ThreatName = "covid" | "growth" | "selection" | "regional" | "stopsearch";
export const THREATS: readonly ThreatName[] = ["covid", "growth", "selection", "regional", "stopsearch"];
export type ThreatOption = readonly ThreatName[] | "all" | "none";

/** What each threat does in the simulation, what it biases, and the real evidence it was calibrated on. */
export const THREAT_EVIDENCE: Record<ThreatName, { what: string; biases: string; evidence: string }> = {
  covid: {
    what: "From February 2020 every outcome falls with residential mobility (log fall per point: covidSensitivity), recovering from May 2020 and overshooting in June (hospital admissions most); areas' mobility varies and London's rose 15% more. The fall is multiplicative, so high-rate (funded, urban) areas lose more per 100,000.",
    biases: "additive comparisons of funded and unfunded areas over 2020 (TWFE, SCM, gsynth without the mobility covariate or a pre-COVID window), and ITS, whose pre-period trend cannot foresee the lockdown.",
    evidence: "Google COVID-19 Community Mobility Reports, UK residential mobility, % change from the January–February 2020 baseline: about +25 at the April 2020 peak (world.mobility); the report adjusts its SCMs for COVID-19 with this 'Google Movement data' (section 2.3.1). The sensitivities (covidSensitivity) are our assumption, set so violence falls by a fifth to a quarter at the peak and weapons possession rises (proactive policing in lockdown).",
  },
  growth: {
    what: "National log growth of recorded violence (ONS trend to March 2019, slower after), of sharp-object admissions to October 2018 (flat after) and of homicide to 2018-Q3. Multiplicative, so funded areas, with higher rates, grow faster per 100,000, and the slowdown falls at the start of SV funding.",
    biases: "ITS (a pre-period trend extrapolated past a slowdown reads as an effect) and TWFE (non-parallel trends in levels).",
    evidence: "ONS Table P1, England and Wales, YE March 2018 → 2019: violence with injury +6.8%, without injury +15.7%, possession of weapons +19%; NHS Digital HES sharp-object admissions 3,849 (2012/13) → 4,986 (2017/18). The slower growth after March 2019 and homicide's 4% a year to 2018 are our assumptions.",
  },
  selection: {
    what: "Selection on the outcome: the 18 funded forces are those with the most sharp-object admissions in April 2015–March 2018 (forces under a margin are lifted above the largest unfunded one), so they sit at the edge of, or outside, the donors' range.",
    biases: "SCM and gsynth for the hospital outcomes (funded forces outside the donors' convex hull: extrapolation), and any method through the multiplicative COVID and growth terms, which scale with level.",
    evidence: "Home Office allocation rule, report section 1.4: SV funding went to the 18 PFAs with the highest volumes of hospital admissions for assault with a sharp object, April 2015–March 2018.",
  },
  regional: {
    what: "Region-shared latent-factor loadings and regional trends: areas of one region move together. London is one force (Metropolitan Police and City of London), entirely funded, so its region has no donor.",
    biases: "every method for London and for regions where all or most areas are funded (the counterfactual must come from other regions); CSP-level inference that treats CSPs of one force as independent.",
    evidence: "The real geography: the Metropolitan Police and City of London are the only forces of the London region and both are funded (report Table 1.1), so no donor shares London's regional shocks. The size of the regional part of the factor loadings is our assumption.",
  },
  stopsearch: {
    what: "Stop and search rises in the funded forces from April 2018 and again with Surge (April 2019), less and later elsewhere. Stop and search has no effect on the outcomes here, so it is a covariate moved by the treatment.",
    biases: "specifications that adjust for stop and search (02-4): a post-treatment covariate that moves with Surge absorbs part of the effect.",
    evidence: "Report Figure A3.3 and Annex 3: stop and search rates were rising in VRU areas before SV funding and continued to rise during it; Surge funded enforcement such as stop and search (section 1). The sizes of the rises (world.stopSearch) are our assumption.",
  },
};

/** The set of threats switched on; bad names raise an InputError naming them. */
export function resolveThreats(t: ThreatOption | undefined): Set<ThreatName> {
  if (t === undefined || t === "all") return new Set(THREATS);
  if (t === "none") return new Set();
  if (!Array.isArray(t)) throw new InputError(`threats must be "all", "none" or a list of ${THREATS.join(", ")}; got ${JSON.stringify(t)}`);
  const bad = t.filter((x) => !THREATS.includes(x));
  if (bad.length) throw new InputError(`unknown threat ${bad.map((b) => `"${b}"`).join(", ")} (threats: ${THREATS.join(", ")}, or all / none)`);
  return new Set(t);
}

/** Parses "none", "all" or "covid,growth,…" (the CLI and notebook form). */
export function parseThreats(s: string): ThreatOption {
  const v = s.trim();
  if (v === "all" || v === "none") return v;
  const list = v.split(",").map((x) => x.trim()).filter(Boolean) as ThreatName[];
  resolveThreats(list);
  return list;
}

/** The world with every threat that is off put to its neutral value. */
export function applyThreats(w: WorldParameters, on: Set<ThreatName>): WorldParameters {
  const out: WorldParameters = { ...w };
  if (!on.has("covid")) out.covidSensitivity = Object.fromEntries(Object.keys(w.covidSensitivity).map((k) => [k, 0])) as unknown as WorldParameters["covidSensitivity"];
  if (!on.has("growth")) {
    out.growth = Object.fromEntries(Object.keys(w.growth).map((k) => [k, [0, 0]])) as unknown as WorldParameters["growth"];
    out.hospital = { ...out.hospital, growth: 0 };
    out.homicideGrowth = 0;
  }
  if (!on.has("selection")) out.hospital = { ...out.hospital, fundedMargin: 0 };
  if (!on.has("regional")) out.regionalShare = 0;
  if (!on.has("stopsearch")) out.stopSearch = { ...w.stopSearch, fundedPreRise: w.stopSearch.otherRise, fundedRiseFrom: w.stopSearch.otherRiseFrom, surgeLift: 0 };
  return out;
}
