/**
 * The report's section 2.3.3 numbers, and the arithmetic that recovers the unrounded
 * values behind them.
 *
 * The report prints rounded intermediate values (27,585 → 41,377 offences) but its pounds
 * (£268,125,706) are the product of unrounded ones: 41,377 × £6,480 = £268,122,960, £2,746
 * short. Taking the printed unit costs as exact (they are whole pounds), every printed
 * figure fixes an interval for the unrounded offences; `inferUnrounded` intersects them.
 */
import type { CbaParams } from "./chain";

export const VWOI = "violence without injury";
export const VWI = "violence with injury";

/** Every number section 2.3.3 (and Figure 2.4's text, footnotes 1 and 14) prints, as printed. */
export const REPORT_233 = {
  /** "the total population in funded PFAs (34,321,607)" (section 2.3). */
  population: 34_321_607,
  /** "a reduction of 80 violence without injury offences (per 100,000 population)". */
  vwoiRatePer100k: 80,
  lines: [
    { label: VWOI, recorded: 27_585, multiplier: 1.5, avoided: 41_377, unitCost: 6_480, benefit: 268_125_706 },
    { label: VWI, recorded: 2_937, multiplier: 2.6, avoided: 7_636, unitCost: 15_353, benefit: 117_237_412 },
  ],
  totalBenefit: 385_363_118,
  /** "£121,952,973 [footnote 14: year 1 funding + 50% of year 2 funding, excluding Greater Manchester and South Wales VRUs]". */
  cost: 121_952_973,
  ratio: 3.16,
  /** Ratios at the CI bounds: "0.4 for the upper CI", "11.07" for the lower CI (section 2.3.3). */
  ratioAtUpperCi: 0.4,
  ratioAtLowerCi: 11.07,
  /** Footnote 1 gives the same range as "£0.40 and £11.03". */
  ratioAtLowerCiFootnote: 11.03,
} as const;

/**
 * The unrounded recorded offences found by `inferUnrounded` (shortest decimals in the
 * interval every printed figure allows, unit costs exact): 27,584.9492 and 2,936.97077.
 * Kept as literals so the defaults do not depend on the outputs at run time; a test
 * checks they equal the inference.
 */
export const REPORT_RECORDED_UNROUNDED = { [VWOI]: 27_584.9492, [VWI]: 2_936.97077 } as const;

/** The report's chain with the unrounded recorded offences: reproduces every printed pound. */
export const REPORT_PARAMS: CbaParams = {
  offences: REPORT_233.lines.map((l) => ({ label: l.label, recorded: REPORT_RECORDED_UNROUNDED[l.label], multiplier: l.multiplier, unitCost: l.unitCost })),
  cost: REPORT_233.cost,
};

/** [lo, hi): the values that round to `printed` at `decimals` decimals (round half up). */
export function roundingInterval(printed: number, decimals = 0): [number, number] {
  const h = 0.5 * 10 ** -decimals;
  return [printed - h, printed + h];
}

const intersect = (a: [number, number], b: [number, number]): [number, number] => [Math.max(a[0], b[0]), Math.min(a[1], b[1])];
const nonEmpty = (a: [number, number]) => a[0] < a[1];

/** The number with the fewest decimals in [lo, hi). */
export function shortestDecimal(lo: number, hi: number): number {
  for (let d = 0; d <= 15; d++) {
    const f = 10 ** d;
    const x = Math.ceil(lo * f - 1e-9) / f;
    if (x >= lo && x < hi) return x;
  }
  return (lo + hi) / 2;
}

export interface PrintedLine {
  label: string;
  recorded: number;
  multiplier: number;
  avoided: number;
  unitCost: number;
  benefit: number;
}

export interface UnroundedLine {
  label: string;
  /** Recorded offences for which recorded × multiplier × unitCost rounds to the printed benefit. */
  recordedFromBenefit: [number, number];
  /** The same interval further limited by the printed recorded and avoided offences rounding. */
  recorded: [number, number];
  /** True when all three printed figures can be met at once. */
  consistent: boolean;
  /** The shortest decimal in `recorded` (the value used by REPORT_PARAMS). */
  recordedShortest: number;
  /** Its offences after the multiplier, and the per-100,000 rate over the report's population. */
  avoidedShortest: number;
  ratePer100k: number;
  /**
   * The unit costs (£) that could have been used instead, if the recorded offences were any value
   * rounding to the printed ones: the printed figures pin the unit cost to this range.
   */
  unitCostRange: [number, number];
  /** What the printed (rounded) recorded offences would give: they do not reproduce the pounds. */
  fromPrintedRecorded: { avoided: number; benefit: number; gap: number; avoidedRoundsToPrinted: boolean };
}

/** Recovers the unrounded offences behind a printed line of the chain (unit cost taken as exact). */
export function inferUnroundedLine(p: PrintedLine, population: number = REPORT_233.population): UnroundedLine {
  const perRecorded = p.multiplier * p.unitCost;
  const b = roundingInterval(p.benefit);
  const recordedFromBenefit: [number, number] = [b[0] / perRecorded, b[1] / perRecorded];
  const byPrintedCounts = intersect(roundingInterval(p.recorded), roundingInterval(p.avoided).map((x) => x / p.multiplier) as [number, number]);
  const recorded = intersect(recordedFromBenefit, byPrintedCounts);
  const consistent = nonEmpty(recorded);
  const recordedShortest = consistent ? shortestDecimal(recorded[0], recorded[1]) : NaN;
  const costFromCounts: [number, number] = [b[0] / (p.multiplier * byPrintedCounts[1]), b[1] / (p.multiplier * byPrintedCounts[0])];
  const unitCostRange = intersect(costFromCounts, roundingInterval(p.unitCost));
  const avoided = p.recorded * p.multiplier;
  return {
    label: p.label,
    recordedFromBenefit,
    recorded,
    consistent,
    recordedShortest,
    avoidedShortest: recordedShortest * p.multiplier,
    ratePer100k: (recordedShortest / population) * 1e5,
    unitCostRange,
    fromPrintedRecorded: { avoided, benefit: avoided * p.unitCost, gap: avoided * p.unitCost - p.benefit, avoidedRoundsToPrinted: Math.round(avoided) === p.avoided },
  };
}

export function inferUnrounded(lines: readonly PrintedLine[] = REPORT_233.lines): UnroundedLine[] {
  return lines.map((l) => inferUnroundedLine(l));
}

export interface RatioBoundAnalysis {
  /** Total benefits (£) consistent with each printed ratio and the printed cost base. */
  benefitAtUpperCi: [number, number];
  benefitAtLowerCi: [number, number];
  benefitAtLowerCiFootnote: [number, number];
  /** False: 11.07 and 11.03 cannot both be roundings of one ratio over one cost base. */
  lowerBoundsAgree: boolean;
  /** The smallest and largest difference in total benefits (£) between the two printed lower-CI ratios. */
  benefitGap: [number, number];
  /** That gap as recorded offences of each type (at its multiplier and unit cost). */
  gapAsRecorded: { label: string; offences: [number, number] }[];
  /** The cost base (£) that would turn the 11.07 benefits into 11.03: another explanation. */
  costBaseFor1103: [number, number];
  /** Benefits at the bounds relative to the central benefits: the CIs are strongly asymmetric. */
  centralBenefit: number;
}

/**
 * What the printed CI ratios imply. Benefits at a bound = ratio × cost; since the ratios
 * are printed to 2 decimals, each is an interval. 11.07 (text) and 11.03 (footnote 1)
 * give disjoint intervals, so the difference is not rounding.
 */
export function analyseRatioBounds(params: CbaParams = REPORT_PARAMS): RatioBoundAnalysis {
  const c = REPORT_233.cost;
  const times = (r: [number, number]): [number, number] => [r[0] * c, r[1] * c];
  const hi = times(roundingInterval(REPORT_233.ratioAtLowerCi, 2));
  const hiFoot = times(roundingInterval(REPORT_233.ratioAtLowerCiFootnote, 2));
  const benefitGap: [number, number] = [Math.max(0, hi[0] - hiFoot[1]), hi[1] - hiFoot[0]];
  const central = params.offences.reduce((s, o) => s + o.recorded * o.multiplier * o.unitCost, 0);
  const [r1, r2] = [roundingInterval(REPORT_233.ratioAtLowerCi, 2), roundingInterval(REPORT_233.ratioAtLowerCiFootnote, 2)];
  return {
    benefitAtUpperCi: times(roundingInterval(REPORT_233.ratioAtUpperCi, 2)),
    benefitAtLowerCi: hi,
    benefitAtLowerCiFootnote: hiFoot,
    lowerBoundsAgree: nonEmpty(intersect(hi, hiFoot)),
    benefitGap,
    gapAsRecorded: params.offences.map((o) => ({ label: o.label, offences: [benefitGap[0] / (o.multiplier * o.unitCost), benefitGap[1] / (o.multiplier * o.unitCost)] as [number, number] })),
    costBaseFor1103: [(r1[0] * c) / r2[1], (r1[1] * c) / r2[0]],
    centralBenefit: central,
  };
}
