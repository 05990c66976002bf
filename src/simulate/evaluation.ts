/**
 * A simulated England and Wales for the VRU evaluation: the real geography and populations,
 * police recorded crime calibrated to the ONS year ending March 2019 counts by PFA, and the
 * outcomes the report analysed (Table A3.3), each with a known true effect of SV funding.
 *
 * Model (per area a, month t, outcome o; all draws from `seed`):
 *   expected count λ0 = κ(PFA, o) · population · level(a, o) · season(o, month) · trend(o, t)
 *                        · exp(regional latent factors + AR(1) noise) · COVID(a, o, t)
 *   λ = λ0 + effect(o, t) · population / base      (treated areas, from April 2019)
 *   count ~ negative binomial(mean λ)
 * κ is solved so the expected counts of each PFA in the calibration year equal the ONS counts.
 * LSOA counts split each CSP's monthly count over its LSOAs (multinomial, hotspot-weighted), so
 * LSOAs add up to CSPs exactly. Stop and search and residential mobility are covariates; the
 * Surge effect starts with the funded areas' stop-and-search lift.
 * The threats to identification this builds in (COVID-19, growth, selection on admissions,
 * regional shocks, stop and search moved by Surge) are switches: `threats` (./threats.ts).
 */
import { childSeeds, createRng, type Rng } from "../random";
import type { RateUnit } from "../effect";
import type { Panel } from "../panel/panel";
import { monthIndex, monthLabel, quarterOf, EVENTS } from "../panel/calendar";
import { loadGeography, FUNDED_PFA_CODES } from "../geography/index";
import { InputError, InternalError } from "../errors";
import { readCsv, stringColumn, numericColumn } from "../io/csv";
import { dataPath } from "../io/paths";
import { negBinomial, poisson, aliasTable } from "./sample";
import { applyThreats, resolveThreats, type ThreatName, type ThreatOption } from "./threats";
import {
  defaultWorld, nullEffects, reportEffects, POLICE_OFFENCES, ONS_OFFENCE, POST_MONTHS, POST_QUARTERS,
  type EffectPath, type PoliceOffence, type Scenario, type TrueEffects, type WorldParameters,
} from "./parameters";

export type SimPanelName =
  | "csp-violence-with-injury" | "csp-violence-without-injury" | "csp-possession-of-weapons"
  | "pfa-violence-with-injury" | "pfa-violence-without-injury" | "pfa-possession-of-weapons"
  | "lsoa-violence-with-injury" | "lsoa-violence-without-injury"
  | "hospital-sharp-object-under-25" | "hospital-sharp-object-all-ages"
  | "hospital-sharp-object-lad-annual"
  | "homicide";

const SLUG: Record<PoliceOffence, string> = {
  violenceWithInjury: "violence-with-injury",
  violenceWithoutInjury: "violence-without-injury",
  possessionOfWeapons: "possession-of-weapons",
};

export interface SimulateOptions {
  scenario?: Scenario;
  seed: number;
  /** Override some true effects (each replaces the scenario's path for that outcome). */
  effects?: Partial<TrueEffects>;
  /** Multiply every true effect (e.g. 2 for twice the report's estimates). */
  effectScale?: number;
  world?: Partial<WorldParameters>;
  /** Also build the LSOA-month panels (~31,000 LSOAs × 66 months each). */
  lsoa?: boolean;
  /** Threats to identification switched on (src/simulate/threats.ts); default "all", the world as calibrated. */
  threats?: ThreatOption;
}

/** The true effect in one panel, per period, as the average over its treated units in the panel's unit. */
export interface TruthPath {
  unit: RateUnit;
  periods: string[];
  surge: number[];
  vru: number[];
  total: number[];
  /** Running sum of `total` from the first treated period. */
  cumulative: number[];
  /** Average of `total` over the post periods. */
  att: number;
  treatedUnits: number;
  /** The true effect of every unit-period (N*T like panel.y; 0 for untreated cells), so the truth of any subset of treated units can be computed. */
  cells: Float64Array;
}

export interface CalibrationRow {
  pfa: string;
  name: string;
  offence: string;
  /** ONS count, year ending March 2019 (homicide: mean of years ending March 2018 and 2019). */
  target: number;
  expected: number;
  simulated: number;
  /** (simulated − target) / target. */
  error: number;
}

export interface SimulatedEvaluation {
  scenario: Scenario;
  seed: number;
  effects: TrueEffects;
  /** The world the data were drawn from: the parameters given, with every threat that is off put to its neutral value. */
  world: WorldParameters;
  threats: ThreatName[];
  panels: Partial<Record<SimPanelName, Panel>>;
  /** Integer counts behind each rate panel (same layout as panel.y). */
  counts: Partial<Record<SimPanelName, Float64Array>>;
  truth: Partial<Record<SimPanelName, TruthPath>>;
  calibration: CalibrationRow[];
  /** Simulated sharp-object admissions April 2015–March 2018 (the allocation window) by force, largest first. */
  allocation: { pfa: string; name: string; funded: boolean; admissions: number }[];
  notes: string[];
}

// Month axis: January 2012 (0) to September 2020 (104); police panels use April 2015 on.
const M = monthIndex("2020-09") + 1;
const POLICE_FROM = monthIndex("2015-04");
const SURGE = monthIndex(EVENTS.surge);
const CAL_TO = monthIndex("2019-03"), CAL_FROM = CAL_TO - 11;
const COVID_FROM = monthIndex("2020-02");
const SS_FALL_END = monthIndex("2017-07");
const HOSP_FLAT = monthIndex("2018-10"), HOSP_CENTRE = monthIndex("2017-10");
/** Month of the year (0–11) of each month index. */
const MOY = Int32Array.from({ length: M }, (_, t) => (t + 12) % 12);
const LONDON = "E23000001", CITY = "E23000034";

/** Simulates every panel of the evaluation. Same options and seed → identical panels. */
export function simulateEvaluation(o: SimulateOptions): SimulatedEvaluation {
  if (!Number.isInteger(o.seed)) throw new InputError(`seed must be an integer, got ${o.seed}`);
  const scenario = o.scenario ?? "report";
  if (scenario !== "report" && scenario !== "null") throw new InputError(`scenario must be "report" or "null", got "${scenario}"`);
  const on = resolveThreats(o.threats);
  const world = applyThreats({ ...defaultWorld(), ...o.world }, on);
  const effects = scaleEffects({ ...(scenario === "report" ? reportEffects() : nullEffects()), ...o.effects }, o.effectScale ?? 1);
  checkEffects(effects);
  const seeds = childSeeds(o.seed, 16);
  const geo = loadGeography();

  // Forces: the 43 PFAs with the City of London inside London (its resident population is under 10,000).
  const forceCodes = geo.pfa.code.filter((c) => c !== CITY);
  const forceOfPfa = new Map(geo.pfa.code.map((c) => [c, forceCodes.indexOf(c === CITY ? LONDON : c)]));
  const F = forceCodes.length;
  const forceName = forceCodes.map((c) => (c === LONDON ? "London (Metropolitan Police and City of London)" : geo.pfa.name[geo.pfa.index.get(c)!]));
  const forceRegion = forceCodes.map((c) => geo.pfa.regionCode[geo.pfa.index.get(c)!]);
  const funded = forceCodes.map((c) => FUNDED_PFA_CODES.has(c));
  const C = geo.csp.code.length;
  const cspForce = Int32Array.from(geo.csp.pfa, (p) => forceOfPfa.get(p)!);
  const cspPop = geo.csp.population;
  const forcePop = new Float64Array(F), forcePopU25 = new Float64Array(F);
  for (let c = 0; c < C; c++) { forcePop[cspForce[c]] += cspPop[c]; forcePopU25[cspForce[c]] += geo.csp.populationUnder25[c]; }
  const regions = [...new Set(forceRegion)].sort();
  const cspRegion = Int32Array.from(cspForce, (f) => regions.indexOf(forceRegion[f]));
  const forceRegionIdx = Int32Array.from(forceRegion, (r) => regions.indexOf(r));
  const targets = loadTargets(forceCodes, forceOfPfa);

  // Regional latent factors (shared by all outcomes) and area loadings.
  const rl = createRng(seeds[0]);
  const K = 3;
  const factors = latentFactors(rl, K, world.factorScale);
  // Drawn whatever regionalShare is, so switching the regional threat off leaves every other stream unchanged.
  const regionLoad = Array.from({ length: regions.length * K }, () => world.regionalShare * rl.normal());
  const regionTrend = Array.from({ length: regions.length }, () => world.regionalShare * 0.02 * rl.normal());
  const areaLatent = (rng: Rng, region: number, n: number) => {
    const load = Array.from({ length: K }, (_, k) => regionLoad[region * K + k] + 0.5 * rng.normal());
    const trend = regionTrend[region] + 0.01 * rng.normal();
    const out = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      let s = trend * ((t - CAL_TO) / 12);
      for (let k = 0; k < K; k++) s += load[k] * factors[k * M + t];
      out[t] = s;
    }
    return out;
  };

  // Residential mobility by CSP (Google-like, % change from the Jan–Feb 2020 baseline; 0 before February 2020).
  const nationalMobility = new Float64Array(M);
  world.mobility.forEach((v, k) => (nationalMobility[COVID_FROM + k] = v));
  const mobility = cspMobility(createRng(seeds[7]), nationalMobility, Float64Array.from(cspRegion, (r) => (regions[r] === "E12000007" ? 0.15 : 0)));
  const covid = (gamma: number, m: number, t: number, spike = 0.6) => covidFactor(gamma, m, t, spike, nationalMobility);

  // Police recorded crime by CSP: expected counts, calibrated by force, then counts
  // (one random stream per outcome, so adding an outcome leaves the others unchanged).
  const ru = createRng(seeds[1]);
  const cspShared = Float64Array.from({ length: C }, () => ru.normal());
  const cspLatent = Array.from({ length: C }, (_, c) => areaLatent(ru, cspRegion[c], M));
  const lambda0 = {} as Record<PoliceOffence, Float64Array>, lambda = {} as Record<PoliceOffence, Float64Array>;
  const cspCounts = {} as Record<PoliceOffence, Float64Array>;
  const calibration: CalibrationRow[] = [];
  POLICE_OFFENCES.forEach((off, q) => {
    const level = Float64Array.from(cspShared, (z) => Math.exp(world.cspSpread * (0.8 * z + 0.6 * ru.normal())));
    const noise = Array.from({ length: C }, () => ar1(ru, M, world.noiseSd, 0.6));
    const base = policeBase(cspPop, level, cspLatent, noise, normalised(world.seasonality[off]), world.growth[off], mobility, nationalMobility, world.covidSensitivity[off]);
    const l = withEffects(base, cspForce, cspPop, funded, targets[off], effects[off], 1e5);
    lambda0[off] = l.l0;
    lambda[off] = l.l1;
    cspCounts[off] = drawCounts(createRng(seeds[3 + q]), l.l1, world.nbSize.csp);
    const sim = sumByForce(cspCounts[off], cspForce, F), exp = sumByForce(l.l0, cspForce, F);
    for (let f = 0; f < F; f++) calibration.push({ pfa: forceCodes[f], name: forceName[f], offence: ONS_OFFENCE[off], target: targets[off][f], expected: exp[f], simulated: sim[f], error: (sim[f] - targets[off][f]) / targets[off][f] });
  });
  const { ssRate, ssCount } = stopAndSearch(createRng(seeds[6]), world, lambda0.violenceWithInjury, cspPop, cspForce, funded, Float64Array.from(cspRegion, (r) => (regions[r] === "E12000007" ? 1.6 : 1)));

  const notes: string[] = [
    "SIMULATED data: the real England and Wales geography and ONS mid-2019 populations, police recorded crime calibrated to ONS PFA counts for the year ending March 2019; every other level, trend and effect is a modelling assumption stated in src/simulate/parameters.ts.",
    `Police recorded crime panels leave out ${world.missingPoliceForces.map((c) => forceName[forceCodes.indexOf(c)] ?? c).join(", ")} (report footnotes 8 and 14: offence data unavailable), and the City of London CSP (resident population under 10,000; it is inside London in the PFA panels).`,
    "Residential mobility is 0 (the baseline) before February 2020, as Google's data start then.",
  ];
  const panels: SimulatedEvaluation["panels"] = {};
  const counts: SimulatedEvaluation["counts"] = {};
  const truth: SimulatedEvaluation["truth"] = {};
  const missing = new Set(world.missingPoliceForces.map((c) => forceOfPfa.get(c) ?? -1));
  const keptCsp = [...Array(C).keys()].filter((c) => !missing.has(cspForce[c]) && geo.csp.pfa[c] !== CITY);
  const keptForce = [...Array(F).keys()].filter((f) => !missing.has(f));
  const policeMonths = range(POLICE_FROM, M);

  for (const off of POLICE_OFFENCES) {
    // CSP panel
    const cspPanel = buildPanel({
      units: keptCsp.map((c) => geo.csp.code[c]), periods: policeMonths.map(monthLabel), outcome: `${off} (per 100,000)`,
      unit: "per 100,000",
      treated: keptCsp.map((c) => funded[cspForce[c]]), firstTreated: SURGE - POLICE_FROM,
      value: (i, t) => (cspCounts[off][keptCsp[i] * M + policeMonths[t]] / cspPop[keptCsp[i]]) * 1e5,
      count: (i, t) => cspCounts[off][keptCsp[i] * M + policeMonths[t]],
      covariates: {
        stop_search: (i, t) => ssRate[keptCsp[i] * M + policeMonths[t]],
        residential_mobility: (i, t) => mobility[keptCsp[i] * M + policeMonths[t]],
      },
      attributes: {
        name: keptCsp.map((c) => geo.csp.name[c]), pfa: keptCsp.map((c) => forceCodes[cspForce[c]]), pfa_name: keptCsp.map((c) => forceName[cspForce[c]]),
        region: keptCsp.map((c) => regions[cspRegion[c]]), population: keptCsp.map((c) => cspPop[c]),
        population_under25: keptCsp.map((c) => geo.csp.populationUnder25[c]), funded: keptCsp.map((c) => (funded[cspForce[c]] ? 1 : 0)),
      },
    });
    const name = `csp-${SLUG[off]}` as SimPanelName;
    panels[name] = cspPanel.panel;
    counts[name] = cspPanel.counts;
    truth[name] = truthOf(cspPanel.panel, effects[off], SURGE - POLICE_FROM, (i, t) => ((lambda[off][keptCsp[i] * M + policeMonths[t]] - lambda0[off][keptCsp[i] * M + policeMonths[t]]) / cspPop[keptCsp[i]]) * 1e5);

    // PFA panel: sums of the force's CSPs (City of London inside London).
    const fc = byForce(cspCounts[off], cspForce, F), fss = byForce(ssCount, cspForce, F), fmob = byForce(mobility, cspForce, F, cspPop);
    const fdl = byForce(lambda[off], cspForce, F);
    const fl0 = byForce(lambda0[off], cspForce, F);
    for (let k = 0; k < fdl.length; k++) fdl[k] -= fl0[k];
    const pfaPanel = buildPanel({
      units: keptForce.map((f) => forceCodes[f]), periods: policeMonths.map(monthLabel), outcome: `${off} (per 100,000)`, unit: "per 100,000",
      treated: keptForce.map((f) => funded[f]), firstTreated: SURGE - POLICE_FROM,
      value: (i, t) => (fc[keptForce[i] * M + policeMonths[t]] / forcePop[keptForce[i]]) * 1e5,
      count: (i, t) => fc[keptForce[i] * M + policeMonths[t]],
      covariates: {
        stop_search: (i, t) => (fss[keptForce[i] * M + policeMonths[t]] / forcePop[keptForce[i]]) * 1000,
        residential_mobility: (i, t) => fmob[keptForce[i] * M + policeMonths[t]],
      },
      attributes: forceAttributes(keptForce, forceName, forceRegion, forcePop, forcePopU25, funded),
    });
    const pname = `pfa-${SLUG[off]}` as SimPanelName;
    panels[pname] = pfaPanel.panel;
    counts[pname] = pfaPanel.counts;
    truth[pname] = truthOf(pfaPanel.panel, effects[off], SURGE - POLICE_FROM, (i, t) => (fdl[keptForce[i] * M + policeMonths[t]] / forcePop[keptForce[i]]) * 1e5);
  }

  // LSOA-month counts: each CSP's monthly count split over its LSOAs by hotspot-weighted population.
  const rh = createRng(seeds[2]);
  const hotspot = Float64Array.from(geo.lsoa.population, (p) => p * Math.exp(world.lsoaHotspotSpread * rh.normal()));
  if (o.lsoa) {
    const lsoaOfCsp: number[][] = Array.from({ length: C }, () => []);
    geo.lsoa.csp.forEach((c, l) => lsoaOfCsp[geo.csp.index.get(c)!].push(l));
    const units: number[] = [];
    for (const c of keptCsp) units.push(...lsoaOfCsp[c]);
    const pos = new Int32Array(geo.lsoa.code.length).fill(-1);
    units.forEach((l, i) => (pos[l] = i));
    const T = policeMonths.length, N = units.length;
    for (const [q, off] of (["violenceWithInjury", "violenceWithoutInjury"] as const).entries()) {
      const r = createRng(seeds[11 + q]);
      const y = new Float64Array(N * T);
      const share = new Float64Array(N);
      for (const c of keptCsp) {
        const ls = lsoaOfCsp[c];
        const w = ls.map((l) => hotspot[l]);
        const tot = w.reduce((s, v) => s + v, 0);
        ls.forEach((l, k) => (share[pos[l]] = w[k] / tot));
        allocate(r, aliasTable(w), Int32Array.from(ls, (l) => pos[l] * T), cspCounts[off], c * M + POLICE_FROM, T, y);
      }
      const lsoaCsp = units.map((l) => geo.csp.index.get(geo.lsoa.csp[l])!);
      const treatment = new Uint8Array(N * T);
      lsoaCsp.forEach((c, i) => { if (funded[cspForce[c]]) treatment.fill(1, i * T + SURGE - POLICE_FROM, (i + 1) * T); });
      const panel = {
        panel: {
          units: units.map((l) => geo.lsoa.code[l]), periods: policeMonths.map(monthLabel), outcome: `${off} (count)`, y: y.slice(), treatment, covariates: {},
          attributes: {
            lad: units.map((l) => geo.lsoa.lad[l]), csp: units.map((l) => geo.lsoa.csp[l]), pfa: lsoaCsp.map((c) => forceCodes[cspForce[c]]),
            population: units.map((l) => geo.lsoa.population[l]), funded: lsoaCsp.map((c) => (funded[cspForce[c]] ? 1 : 0)),
          },
          unit: "count" as const,
        },
        counts: y,
      };
      const name = `lsoa-${SLUG[off]}` as SimPanelName;
      panels[name] = panel.panel;
      counts[name] = panel.counts;
      // LSOA truths are counts, split Surge:VRU in the rate path's proportions.
      truth[name] = truthOf(panel.panel, effects[off], SURGE - POLICE_FROM, (i, t) => share[i] * (lambda[off][lsoaCsp[i] * M + policeMonths[t]] - lambda0[off][lsoaCsp[i] * M + policeMonths[t]]));
    }
  }

  // Hospital admissions for assault by a sharp object, by force and month from January 2012 (England only in the panel).
  const hosp = simulateHospital({ world, effects, seeds, F, forceCodes, forceName, forceRegion, forcePop, forcePopU25, funded, forceRegionIdx, targets, areaLatent, covid, cspForce, cspPop, mobility, ssCount });
  Object.assign(panels, hosp.panels);
  Object.assign(counts, hosp.counts);
  Object.assign(truth, hosp.truth);
  // The same admissions by local authority and financial year (Table A3.3's annual LA analysis).
  const lad = ladAnnualHospital(createRng(seeds[13]), geo, forceOfPfa, funded, hosp.allAges, lambda0.violenceWithInjury, cspPop, world.hospital.concentration);
  panels["hospital-sharp-object-lad-annual"] = lad.panel;
  counts["hospital-sharp-object-lad-annual"] = lad.counts;
  truth["hospital-sharp-object-lad-annual"] = lad.truth;

  // Homicides by force and quarter (England and Wales, 2012-Q1 to 2020-Q3).
  const hom = simulateHomicide({ world, effects, seed: seeds[10], F, forceCodes, forceName, forceRegion, forcePop, forcePopU25, funded, forceRegionIdx, targets, areaLatent, covid, cspForce, cspPop, mobility });
  panels.homicide = hom.panel;
  counts.homicide = hom.counts;
  truth.homicide = hom.truth;
  calibration.push(...hom.calibration);

  return { scenario, seed: o.seed, effects, world, threats: [...on], panels, counts, truth, calibration, allocation: hosp.allocation, notes };
}

// ---------------------------------------------------------------------------------------------

interface Shared {
  world: WorldParameters; effects: TrueEffects; F: number; forceCodes: string[]; forceName: string[]; forceRegion: string[];
  forcePop: Float64Array; forcePopU25: Float64Array; funded: boolean[]; forceRegionIdx: Int32Array;
  targets: Record<PoliceOffence | "homicide", Float64Array>;
  areaLatent: (rng: Rng, region: number, n: number) => Float64Array;
  covid: (gamma: number, m: number, t: number, spike?: number) => number;
  cspForce: Int32Array; cspPop: Float64Array; mobility: Float64Array;
}

function simulateHospital(s: Shared & { seeds: number[]; ssCount: Float64Array }) {
  const { world, F, forcePop, forcePopU25, funded } = s;
  const h = world.hospital;
  const r = createRng(s.seeds[8]);
  const season = normalised(world.seasonality.hospital);
  // Force mobility (population-weighted) and stop and search, for covariates.
  const fmob = new Float64Array(F * M), fss = new Float64Array(F * M);
  for (let c = 0; c < s.cspForce.length; c++) for (let t = 0; t < M; t++) {
    fmob[s.cspForce[c] * M + t] += (s.mobility[c * M + t] * s.cspPop[c]) / forcePop[s.cspForce[c]];
    fss[s.cspForce[c] * M + t] += s.ssCount[c * M + t];
  }
  // Relative admission rate: concentrated where violence with injury is high (power `concentration`).
  const natVwi = sumOf(s.targets.violenceWithInjury) / sumOf(forcePop);
  const rel = Float64Array.from(forcePop, (p, f) => Math.pow(s.targets.violenceWithInjury[f] / p / natVwi, h.concentration) * Math.exp(0.15 * r.normal()));
  const u25Share = Float64Array.from(forcePop, () => h.under25Share * Math.exp(0.1 * r.normal()));
  const latent = Array.from({ length: F }, (_, f) => s.areaLatent(r, s.forceRegionIdx[f], M).map((v) => 0.5 * v));
  const noise = Array.from({ length: F }, () => ar1(r, M, 0.03, 0.5));
  const shape = (f: number, t: number) =>
    forcePop[f] * season[MOY[t]] * Math.exp(h.growth * ((Math.min(t, HOSP_FLAT) - HOSP_CENTRE) / 12)) * Math.exp(latent[f][t] + noise[f][t]);
  // Allocation rule (section 1.4): the funded forces had the most admissions in April 2015–March 2018.
  const win = range(monthIndex("2015-04"), monthIndex("2018-04"));
  const vol = Float64Array.from(rel, (v, f) => v * win.reduce((a, t) => a + shape(f, t), 0));
  const maxOther = Math.max(...[...vol].filter((_, f) => !funded[f]));
  // Funded forces below the margin are lifted to a spread of volumes above it (not all to one value).
  for (let f = 0; f < F; f++) {
    const floor = h.fundedMargin * maxOther * (1 + 0.4 * r.uniform());
    if (funded[f] && vol[f] < floor) rel[f] *= floor / vol[f];
  }
  // National level: England, April 2017–March 2018 = h.englandFy2017 admissions (NHS Digital HES).
  const fy = range(monthIndex("2017-04"), monthIndex("2018-04"));
  let engl = 0;
  for (let f = 0; f < F; f++) if (s.forceCodes[f].startsWith("E")) engl += rel[f] * fy.reduce((a, t) => a + shape(f, t), 0);
  const c0 = h.englandFy2017 / engl;

  const eU = s.effects.hospitalUnder25, eA = s.effects.hospitalAllAges;
  const lU0 = new Float64Array(F * M), lO0 = new Float64Array(F * M), lU = new Float64Array(F * M), lO = new Float64Array(F * M);
  for (let f = 0; f < F; f++) for (let t = 0; t < M; t++) {
    const all = c0 * rel[f] * shape(f, t);
    const m = fmob[f * M + t];
    const u = all * u25Share[f] * s.covid(world.covidSensitivity.hospitalUnder25, m, t, 1.6);
    const old = all * (1 - u25Share[f]) * s.covid(world.covidSensitivity.hospitalAllAges, m, t, 1.6);
    lU0[f * M + t] = u; lO0[f * M + t] = old;
    let du = 0, dall = 0;
    if (funded[f] && t >= SURGE) {
      du = (eU.surge[t - SURGE] + eU.vru[t - SURGE]) * (forcePopU25[f] / 1e6);
      dall = (eA.surge[t - SURGE] + eA.vru[t - SURGE]) * (forcePop[f] / 1e6);
    }
    lU[f * M + t] = Math.max(u + du, 0.05 * u);
    lO[f * M + t] = Math.max(old + dall - du, 0.05 * old);
  }
  const rc = createRng(s.seeds[9]);
  const cU = new Float64Array(F * M), cA = new Float64Array(F * M);
  for (let t = 0; t < M; t++) for (let f = 0; f < F; f++) { // month by month, as drawCounts
    const k = f * M + t;
    cU[k] = negBinomial(rc, lU[k], world.nbSize.hospital);
    cA[k] = cU[k] + negBinomial(rc, lO[k], world.nbSize.hospital);
  }
  const allocation = [...Array(F).keys()].map((f) => ({ pfa: s.forceCodes[f], name: s.forceName[f], funded: funded[f], admissions: win.reduce((a, t) => a + cA[f * M + t], 0) }))
    .sort((a, b) => b.admissions - a.admissions || (a.pfa < b.pfa ? -1 : 1));

  const england = [...Array(F).keys()].filter((f) => s.forceCodes[f].startsWith("E"));
  const months = range(0, M);
  const panels: Partial<Record<SimPanelName, Panel>> = {}, counts: Partial<Record<SimPanelName, Float64Array>> = {}, truth: Partial<Record<SimPanelName, TruthPath>> = {};
  const make = (name: SimPanelName, cnt: Float64Array, pop: Float64Array, path: EffectPath, diff: (f: number, t: number) => number, label: string) => {
    const b = buildPanel({
      units: england.map((f) => s.forceCodes[f]), periods: months.map(monthLabel), outcome: label, unit: "per 1,000,000",
      treated: england.map((f) => funded[f]), firstTreated: SURGE,
      value: (i, t) => (cnt[england[i] * M + t] / pop[england[i]]) * 1e6, count: (i, t) => cnt[england[i] * M + t],
      covariates: {
        stop_search: (i, t) => (fss[england[i] * M + t] / forcePop[england[i]]) * 1000,
        residential_mobility: (i, t) => fmob[england[i] * M + t],
      },
      attributes: { ...forceAttributes(england, s.forceName, s.forceRegion, forcePop, forcePopU25, funded), population: england.map((f) => pop[f]), population_all_ages: england.map((f) => forcePop[f]) },
    });
    panels[name] = b.panel; counts[name] = b.counts;
    truth[name] = truthOf(b.panel, path, SURGE, (i, t) => (diff(england[i], t) / pop[england[i]]) * 1e6);
  };
  make("hospital-sharp-object-under-25", cU, forcePopU25, eU, (f, t) => lU[f * M + t] - lU0[f * M + t], "sharp-object admissions, under 25 (per 1,000,000 aged under 25)");
  make("hospital-sharp-object-all-ages", cA, forcePop, eA, (f, t) => lU[f * M + t] - lU0[f * M + t] + lO[f * M + t] - lO0[f * M + t], "sharp-object admissions, all ages (per 1,000,000)");
  return { panels, counts, truth, allocation, allAges: { counts: cA, l1: Float64Array.from(lU, (u, k) => u + lO[k]), l0: Float64Array.from(lU0, (u, k) => u + lO0[k]) } };
}

/**
 * All-age admissions by English local authority and financial year (2012/13–2019/20): each force's
 * monthly count split over its districts (multinomial) in proportion to population × the district's
 * violence-with-injury rate^concentration. Districts of under 10,000 people (City of London, Isles of
 * Scilly) are left out, as small counts are suppressed in published hospital statistics.
 */
function ladAnnualHospital(r: Rng, geo: ReturnType<typeof loadGeography>, forceOfPfa: Map<string, number>, funded: boolean[],
  all: { counts: Float64Array; l1: Float64Array; l0: Float64Array }, vwi0: Float64Array, cspPop: Float64Array, concentration: number) {
  const lads = [...geo.lad.code.keys()].filter((l) => geo.lad.code[l].startsWith("E"));
  const ladForce = Int32Array.from(geo.lad.pfa, (p) => forceOfPfa.get(p)!);
  const cspRate = Float64Array.from(cspPop, (pop, c) => { let s = 0; for (let t = CAL_FROM; t <= CAL_TO; t++) s += vwi0[c * M + t]; return s / pop; });
  const weight = new Float64Array(geo.lad.code.length);
  for (const l of lads) weight[l] = geo.lad.population[l] * Math.pow(cspRate[geo.csp.index.get(geo.lad.csp[l])!], concentration);
  const byForce = new Map<number, number[]>();
  for (const l of lads) { if (!byForce.has(ladForce[l])) byForce.set(ladForce[l], []); byForce.get(ladForce[l])!.push(l); }
  const FY0 = monthIndex("2012-04"), Y = 8; // 2012/13 .. 2019/20
  const cnt = new Float64Array(geo.lad.code.length * Y), share = new Float64Array(geo.lad.code.length), dEff = new Float64Array(geo.lad.code.length * Y);
  const tables = new Map<number, { prob: Float64Array; alias: Int32Array }>();
  for (const [f, ls] of byForce) {
    const w = ls.map((l) => weight[l]), W = w.reduce((a, b) => a + b, 0);
    ls.forEach((l, k) => (share[l] = w[k] / W));
    tables.set(f, aliasTable(w));
  }
  // Year by year (all forces of a year, then the next), so earlier years do not depend on later counts.
  for (let y = 0; y < Y; y++) for (const [f, ls] of byForce) {
    const { prob, alias } = tables.get(f)!;
    for (let t = FY0 + 12 * y; t < FY0 + 12 * y + 12; t++) {
      const n = all.counts[f * M + t];
      for (let e = 0; e < n; e++) { const u = r.uniform() * ls.length, j = Math.floor(u); cnt[ls[u - j < prob[j] ? j : alias[j]] * Y + y]++; }
      for (const l of ls) dEff[l * Y + y] += share[l] * (all.l1[f * M + t] - all.l0[f * M + t]);
    }
  }
  const kept = lads.filter((l) => geo.lad.population[l] >= 10000);
  const periods = Array.from({ length: Y }, (_, y) => `${2012 + y}/${String((13 + y) % 100).padStart(2, "0")}`);
  const b = buildPanel({
    units: kept.map((l) => geo.lad.code[l]), periods, outcome: "sharp-object admissions, all ages (per 1,000,000 a year)", unit: "per 1,000,000",
    treated: kept.map((l) => funded[ladForce[l]]), firstTreated: Y - 1,
    value: (i, y) => (cnt[kept[i] * Y + y] / geo.lad.population[kept[i]]) * 1e6, count: (i, y) => cnt[kept[i] * Y + y], covariates: {},
    attributes: {
      name: kept.map((l) => geo.lad.name[l]), csp: kept.map((l) => geo.lad.csp[l]), pfa: kept.map((l) => geo.lad.pfa[l]),
      population: kept.map((l) => geo.lad.population[l]), funded: kept.map((l) => (funded[ladForce[l]] ? 1 : 0)),
    },
  });
  const yearPath = { surge: [1], vru: [0] }; // one post year (2019/20), all SV funding
  return { panel: b.panel, counts: b.counts, truth: truthOf(b.panel, yearPath, Y - 1, (i, y) => (dEff[kept[i] * Y + y] / geo.lad.population[kept[i]]) * 1e6) };
}

function simulateHomicide(s: Shared & { seed: number }) {
  const { world, F, forcePop, funded } = s;
  const r = createRng(s.seed);
  const Q = Math.floor((M - 1) / 3) + 1; // 2012-Q1 .. 2020-Q3
  const q0 = Math.floor(SURGE / 3); // 2019-Q2
  const calQ = range(Math.floor(CAL_FROM / 3), Math.floor(CAL_TO / 3) + 1);
  const fmob = new Float64Array(F * M);
  for (let c = 0; c < s.cspForce.length; c++) for (let t = 0; t < M; t++) fmob[s.cspForce[c] * M + t] += (s.mobility[c * M + t] * s.cspPop[c]) / forcePop[s.cspForce[c]];
  const l0 = new Float64Array(F * Q), l1 = new Float64Array(F * Q), cnt = new Float64Array(F * Q);
  const calibration: CalibrationRow[] = [];
  for (let f = 0; f < F; f++) {
    const lat = s.areaLatent(r, s.forceRegionIdx[f], M);
    const base = new Float64Array(Q);
    for (let q = 0; q < Q; q++) {
      let v = 0;
      for (let t = 3 * q; t < Math.min(M, 3 * q + 3); t++) v += Math.exp(0.5 * lat[t]) * s.covid(world.covidSensitivity.homicide, fmob[f * M + t], t);
      base[q] = v * Math.exp(world.homicideGrowth * ((Math.min(q, 26) - 26) / 4));
    }
    const kappa = s.targets.homicide[f] / calQ.reduce((a, q) => a + base[q], 0);
    const e = s.effects.homicide;
    for (let q = 0; q < Q; q++) {
      const v = base[q] * kappa;
      l0[f * Q + q] = v;
      l1[f * Q + q] = Math.max(v + (funded[f] && q >= q0 ? (e.surge[q - q0] + e.vru[q - q0]) * (forcePop[f] / 1e6) : 0), 0.05 * v);
    }
  }
  // Quarter by quarter (all forces, then the next quarter), as drawCounts.
  for (let q = 0; q < Q; q++) for (let f = 0; f < F; f++) cnt[f * Q + q] = negBinomial(r, l1[f * Q + q], world.nbSize.homicide);
  for (let f = 0; f < F; f++) {
    let sim = 0;
    for (const q of calQ) sim += cnt[f * Q + q];
    calibration.push({ pfa: s.forceCodes[f], name: s.forceName[f], offence: ONS_OFFENCE.homicide, target: s.targets.homicide[f], expected: calQ.reduce((a, q) => a + l0[f * Q + q], 0), simulated: sim, error: (sim - s.targets.homicide[f]) / s.targets.homicide[f] });
  }
  const units = range(0, F);
  const b = buildPanel({
    units: s.forceCodes, periods: range(0, Q).map((q) => quarterOf(monthLabel(3 * q))), outcome: "homicides (per 1,000,000)", unit: "per 1,000,000",
    treated: funded, firstTreated: q0,
    value: (i, q) => (cnt[i * Q + q] / forcePop[i]) * 1e6, count: (i, q) => cnt[i * Q + q], covariates: {},
    attributes: forceAttributes(units, s.forceName, s.forceRegion, forcePop, s.forcePopU25, funded),
  });
  const truth = truthOf(b.panel, s.effects.homicide, q0, (i, q) => ((l1[i * Q + q] - l0[i * Q + q]) / forcePop[i]) * 1e6);
  return { panel: b.panel, counts: b.counts, truth, calibration };
}


// ---------------------------------------------------------------------------------------------
// Hot loops live in small functions of typed arrays (V8 does not optimise very large functions).

const REBOUND = [0, 0, 0, 0.15, NaN, 1, 1, 1]; // share of the lockdown fall recovered, Feb–Sep 2020 (June: `spike`)

/** COVID-19 multiplier: falls with residential mobility, recovering (or overshooting, `spike`) from May 2020. */
function covidFactor(gamma: number, m: number, t: number, spike: number, national: Float64Array): number {
  if (t < COVID_FROM) return 1;
  const k = t - COVID_FROM;
  const r = k === 4 ? spike : k < REBOUND.length ? REBOUND[k] : 1;
  return Math.exp(-gamma * (m - r * national[t]));
}

function cspMobility(r: Rng, national: Float64Array, extra: Float64Array): Float64Array {
  const C = extra.length, out = new Float64Array(C * M);
  for (let c = 0; c < C; c++) {
    const a = 1 + 0.12 * r.normal() + extra[c];
    for (let t = COVID_FROM; t < M; t++) out[c * M + t] = national[t] * a + (t === COVID_FROM ? 0.5 : 1) * r.normal();
  }
  return out;
}

/** Uncalibrated expected counts: population × level × season × trend × exp(latent + noise) × COVID. */
function policeBase(pop: Float64Array, level: Float64Array, latent: Float64Array[], noise: Float64Array[], season: number[], growth: [number, number],
  mobility: Float64Array, national: Float64Array, gamma: number): Float64Array {
  const C = pop.length, out = new Float64Array(C * M);
  const trend = Float64Array.from({ length: M }, (_, t) => Math.exp((t <= CAL_TO ? growth[0] : growth[1]) * ((t - CAL_TO) / 12)) * season[MOY[t]]);
  for (let c = 0; c < C; c++) {
    const lat = latent[c], nz = noise[c], k = pop[c] * level[c];
    for (let t = 0; t < M; t++) out[c * M + t] = k * trend[t] * Math.exp(lat[t] + nz[t]) * covidFactor(gamma, mobility[c * M + t], t, 0.6, national);
  }
  return out;
}

/**
 * Calibrates `base` so each force's expected count in the calibration year equals its target (l0),
 * then adds the true effect (per `per` people) to funded areas from April 2019 (l1).
 */
function withEffects(base: Float64Array, force: Int32Array, pop: Float64Array, funded: boolean[], target: Float64Array, path: EffectPath, per: number) {
  const C = pop.length;
  const sumCal = new Float64Array(target.length);
  for (let c = 0; c < C; c++) for (let t = CAL_FROM; t <= CAL_TO; t++) sumCal[force[c]] += base[c * M + t];
  const l0 = new Float64Array(C * M), l1 = new Float64Array(C * M);
  for (let c = 0; c < C; c++) {
    const f = force[c], kappa = target[f] / sumCal[f];
    for (let t = 0; t < M; t++) {
      const v = base[c * M + t] * kappa;
      l0[c * M + t] = v;
      const e = funded[f] && t >= SURGE ? (path.surge[t - SURGE] + path.vru[t - SURGE]) * (pop[c] / per) : 0;
      l1[c * M + t] = Math.max(v + e, 0.05 * v);
    }
  }
  return { l0, l1 };
}

/** Splits a CSP's monthly counts over its LSOAs (rows of `y`) one offence at a time: a multinomial draw. */
function allocate(r: Rng, table: { prob: Float64Array; alias: Int32Array }, rows: Int32Array, counts: Float64Array, from: number, T: number, y: Float64Array): void {
  const { prob, alias } = table, k = rows.length;
  for (let t = 0; t < T; t++) {
    const n = counts[from + t];
    for (let e = 0; e < n; e++) {
      const u = r.uniform() * k, j = Math.floor(u); // Walker alias draw, inlined
      y[rows[u - j < prob[j] ? j : alias[j]] + t]++;
    }
  }
}

/** Monthly sums over each force's CSPs (weighted by `w` and divided by the force's total weight when given). */
function byForce(x: Float64Array, force: Int32Array, F: number, w?: Float64Array): Float64Array {
  const out = new Float64Array(F * M), wt = new Float64Array(F);
  for (let c = 0; c < force.length; c++) {
    const f = force[c], wc = w ? w[c] : 1;
    wt[f] += wc;
    for (let t = 0; t < M; t++) out[f * M + t] += x[c * M + t] * wc;
  }
  if (w) for (let f = 0; f < F; f++) for (let t = 0; t < M; t++) out[f * M + t] /= wt[f];
  return out;
}

/**
 * Negative binomial counts of an areas × M layout, drawn month by month (all areas of a month, then
 * the next), so the counts before any month do not depend on the means after it: a threat that only
 * acts from February 2020 leaves every earlier count as it was.
 */
function drawCounts(r: Rng, lambda: Float64Array, size: number): Float64Array {
  const out = new Float64Array(lambda.length), n = lambda.length / M;
  for (let t = 0; t < M; t++) for (let a = 0; a < n; a++) out[a * M + t] = negBinomial(r, lambda[a * M + t], size);
  return out;
}

/** Calibration-year totals by force. */
function sumByForce(x: Float64Array, force: Int32Array, F: number): Float64Array {
  const out = new Float64Array(F);
  for (let c = 0; c < force.length; c++) for (let t = CAL_FROM; t <= CAL_TO; t++) out[force[c]] += x[c * M + t];
  return out;
}

/**
 * Stop and search (per 1,000 people a month): a long fall to mid-2017, then rising in funded areas
 * from April 2018 and again with Surge from April 2019; a smaller rise elsewhere from October 2018.
 * Higher where violence is (rate^0.8) and in London (`regional`).
 */
function stopAndSearch(r: Rng, world: WorldParameters, vwi: Float64Array, pop: Float64Array, force: Int32Array, funded: boolean[], regional: Float64Array) {
  const C = pop.length, ss = world.stopSearch;
  const rel = new Float64Array(C);
  let tot = 0, popTot = 0;
  for (let c = 0; c < C; c++) { let s = 0; for (let t = CAL_FROM; t <= CAL_TO; t++) s += vwi[c * M + t]; rel[c] = s / pop[c]; tot += s; popTot += pop[c]; }
  const multF = new Float64Array(M), multO = new Float64Array(M);
  const fundedRise = monthIndex(ss.fundedRiseFrom), otherRise = monthIndex(ss.otherRiseFrom);
  for (let t = 0; t < M; t++) {
    const fall = Math.exp((0.25 * Math.max(0, SS_FALL_END - t)) / 12);
    multF[t] = fall * (1 + ss.fundedPreRise * Math.max(0, (t - fundedRise) / 12) + (t >= SURGE ? ss.surgeLift * Math.min(1, (t - SURGE + 1) / 3) : 0));
    multO[t] = fall * (1 + ss.otherRise * Math.max(0, (t - otherRise) / 12));
  }
  const baseRate = Float64Array.from(rel, (v, c) => Math.pow(v / (tot / popTot), 0.8) * regional[c] * Math.exp(0.2 * r.normal()));
  let num = 0, den = 0;
  for (let c = 0; c < C; c++) for (let t = CAL_FROM; t <= CAL_TO; t++) { num += pop[c] * baseRate[c] * (funded[force[c]] ? multF : multO)[t]; den += pop[c]; }
  const scale = (ss.rate * den) / num; // den sums population over the 12 calibration months, as num does
  const ssRate = new Float64Array(C * M), ssCount = new Float64Array(C * M);
  for (let c = 0; c < C; c++) {
    const mult = funded[force[c]] ? multF : multO;
    for (let t = 0; t < M; t++) {
      const n = poisson(r, (pop[c] / 1000) * baseRate[c] * scale * mult[t]);
      ssCount[c * M + t] = n;
      ssRate[c * M + t] = (n / pop[c]) * 1000;
    }
  }
  return { ssRate, ssCount };
}

interface PanelSpec {
  units: string[]; periods: string[]; outcome: string; unit: RateUnit;
  treated: boolean[]; firstTreated: number;
  value: (i: number, t: number) => number;
  count: (i: number, t: number) => number;
  covariates: Record<string, (i: number, t: number) => number>;
  attributes: Record<string, (string | number)[]>;
}

function buildPanel(s: PanelSpec): { panel: Panel; counts: Float64Array } {
  const N = s.units.length, T = s.periods.length;
  const y = new Float64Array(N * T), counts = new Float64Array(N * T), treatment = new Uint8Array(N * T);
  const covariates: Record<string, Float64Array> = {};
  for (const k of Object.keys(s.covariates)) covariates[k] = new Float64Array(N * T);
  for (let i = 0; i < N; i++) {
    for (let t = 0; t < T; t++) {
      y[i * T + t] = s.value(i, t);
      counts[i * T + t] = s.count(i, t);
      treatment[i * T + t] = s.treated[i] && t >= s.firstTreated ? 1 : 0;
    }
  }
  for (const [k, f] of Object.entries(s.covariates)) {
    const out = covariates[k];
    for (let i = 0; i < N; i++) for (let t = 0; t < T; t++) out[i * T + t] = f(i, t);
  }
  return { panel: { units: s.units, periods: s.periods, outcome: s.outcome, y, treatment, covariates, attributes: s.attributes, unit: s.unit }, counts };
}

function forceAttributes(fs: number[], name: string[], region: string[], pop: Float64Array, popU25: Float64Array, funded: boolean[]) {
  return {
    name: fs.map((f) => name[f]), region: fs.map((f) => region[f]), population: fs.map((f) => pop[f]),
    population_under25: fs.map((f) => popU25[f]), funded: fs.map((f) => (funded[f] ? 1 : 0)),
  };
}

/** The true effect per period: the mean over treated units of the expected difference `diff`. */
function truthOf(p: Panel, path: EffectPath, first: number, diff: (i: number, t: number) => number): TruthPath {
  const T = p.periods.length;
  const treated = [...Array(p.units.length).keys()].filter((i) => p.treatment[i * T + T - 1] === 1);
  const total = new Array<number>(T).fill(0), surge = new Array<number>(T).fill(0), vru = new Array<number>(T).fill(0), cumulative = new Array<number>(T).fill(0);
  const cells = new Float64Array(p.units.length * T);
  let acc = 0;
  for (let t = first; t < T; t++) {
    let s = 0;
    for (const i of treated) { const d = diff(i, t); cells[i * T + t] = d; s += d; }
    total[t] = treated.length ? s / treated.length : 0;
    const k = t - first, pathTotal = path.surge[k] + path.vru[k];
    // Split the realised total in the path's Surge:VRU proportions (equal to the path when not clamped).
    surge[t] = pathTotal !== 0 ? (total[t] * path.surge[k]) / pathTotal : 0;
    vru[t] = pathTotal !== 0 ? (total[t] * path.vru[k]) / pathTotal : 0;
    acc += total[t];
    cumulative[t] = acc;
  }
  const post = T - first;
  return { unit: p.unit ?? "other", periods: p.periods, surge, vru, total, cumulative, att: post > 0 ? acc / post : 0, treatedUnits: treated.length, cells };
}

function scaleEffects(e: TrueEffects, k: number): TrueEffects {
  if (!Number.isFinite(k)) throw new InputError(`effectScale must be a number, got ${k}`);
  const s = (p: EffectPath): EffectPath => ({ surge: p.surge.map((v) => v * k), vru: p.vru.map((v) => v * k) });
  return Object.fromEntries(Object.entries(e).map(([n, p]) => [n, s(p)])) as unknown as TrueEffects;
}

function checkEffects(e: TrueEffects): void {
  for (const [name, p] of Object.entries(e) as [string, EffectPath][]) {
    const n = name === "homicide" ? POST_QUARTERS : POST_MONTHS;
    for (const part of ["surge", "vru"] as const) {
      if (!Array.isArray(p[part]) || p[part].length !== n || p[part].some((v) => !Number.isFinite(v))) {
        throw new InputError(`effects.${name}.${part} must be ${n} numbers (one per ${name === "homicide" ? "quarter 2019-Q2 to 2020-Q3" : "month April 2019 to September 2020"})`);
      }
    }
  }
}

/** ONS targets by force (London = Metropolitan Police + City of London). Homicide: mean of YE Mar 2018 and 2019. */
function loadTargets(forceCodes: string[], forceOfPfa: Map<string, number>): Record<PoliceOffence | "homicide", Float64Array> {
  const t = readCsv(dataPath("calibration", "ons_pfa_recorded_crime_p1.csv"));
  const ye = stringColumn(t, "year_ending"), code = stringColumn(t, "area_code"), off = stringColumn(t, "offence"), n = numericColumn(t, "count");
  const out = {} as Record<PoliceOffence | "homicide", Float64Array>;
  for (const k of [...POLICE_OFFENCES, "homicide"] as const) {
    const v = new Float64Array(forceCodes.length);
    const years = k === "homicide" ? ["2018-03", "2019-03"] : ["2019-03"];
    for (let r = 0; r < ye.length; r++) {
      if (!years.includes(ye[r]) || off[r] !== ONS_OFFENCE[k]) continue;
      const f = forceOfPfa.get(code[r]);
      if (f !== undefined) v[f] += n[r] / years.length;
    }
    v.forEach((x, f) => { if (!(x > 0)) throw new InternalError(`data/calibration: no ${ONS_OFFENCE[k]} count for ${forceCodes[f]}`); });
    out[k] = v;
  }
  return out;
}

/** K latent factors over the month axis, centred on the calibration year: two random walks and a slow cycle. */
function latentFactors(r: Rng, K: number, scale: number): Float64Array {
  const f = new Float64Array(K * M);
  const sd = [0.012, 0, 0.008];
  const period = 30 + 30 * r.uniform(), phase = 2 * Math.PI * r.uniform();
  for (let k = 0; k < K; k++) {
    for (let t = 0; t < M; t++) {
      f[k * M + t] = k === 1 ? 0.03 * Math.sin((2 * Math.PI * t) / period + phase) : (t ? f[k * M + t - 1] : 0) + sd[k] * r.normal();
    }
    let mean = 0;
    for (let t = CAL_FROM; t <= CAL_TO; t++) mean += f[k * M + t] / 12;
    for (let t = 0; t < M; t++) f[k * M + t] = (f[k * M + t] - mean) * scale;
  }
  return f;
}

function ar1(r: Rng, n: number, sd: number, phi: number): Float64Array {
  const out = new Float64Array(n);
  const innov = sd * Math.sqrt(1 - phi * phi);
  out[0] = sd * r.normal();
  for (let t = 1; t < n; t++) out[t] = phi * out[t - 1] + innov * r.normal();
  return out;
}

const normalised = (a: number[]) => { const m = a.reduce((s, v) => s + v, 0) / a.length; return a.map((v) => v / m); };
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k);
const sumOf = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; };
