/**
 * The one option vocabulary of every estimator (library, CLI flags and notebooks use the same
 * words), and the shape of an estimator's registry entry. One word per idea, as fixest does
 * across its estimators: a method that has no use for an option ignores it.
 *
 * CLI flags: --treatment-time, --replicates, --seed, --alpha, --threads, --cluster, --inference.
 * Deprecated aliases (kept so old scripts and notebooks run): --nboots / --perm → --replicates,
 * --intervention → --treatment-time; in the library gsynth `nboots`, microsynth `permutations`,
 * twfe `bootstrap.reps` and its `intervention` (see each method's options).
 */
import type { Effect } from "../effect";
import { InputError } from "../errors";
import { treatedAndControls, treatmentStart, type Panel } from "../panel/panel";

export interface CommonOptions {
  /** First treated period (a period label); default from the panel's treatment matrix. */
  treatmentTime?: string;
  /** Bootstrap / permutation / placebo draws. */
  replicates?: number;
  /** Seed of every random step. */
  seed?: number;
  /** Significance level of intervals and tests (default 0.05). */
  alpha?: number;
  /** Worker threads; results never depend on it. */
  threads?: number;
  /** A unit attribute defining clusters for inference. */
  cluster?: string;
  /** Method-specific inference (e.g. parametric, nonparametric, cluster, jackknife, placebo, wild). */
  inference?: string;
  /** Progress of the replicates: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** A registry entry: what the CLI, compare/ and notebooks need to run a method by name. */
export interface Estimator<O extends CommonOptions = CommonOptions> {
  name: string;
  summary: string;
  /** The `inference` values the method accepts (the first is its default). */
  inference: readonly string[];
  fit(panel: Panel, options?: O): Promise<Effect>;
}

/** The first treated period of the panel (the earliest when adoption is staggered). */
export function firstTreatedPeriod(panel: Panel): string {
  const { treated } = treatedAndControls(panel);
  if (treated.length === 0) throw new InputError(`panel "${panel.outcome}" has no treated unit (set treatment, or give treatmentTime)`);
  const start = treatmentStart(panel);
  return panel.periods[Math.min(...treated.map((i) => start[i]))];
}

/** Checks the common options every method shares (alpha in (0, 1), whole replicates, a known inference). */
export function checkCommon(method: string, o: CommonOptions, inference: readonly string[]): void {
  if (o.alpha !== undefined && !(o.alpha > 0 && o.alpha < 1)) throw new InputError(`${method}: alpha must be between 0 and 1, got ${o.alpha}`);
  if (o.replicates !== undefined && !(Number.isInteger(o.replicates) && o.replicates >= 0)) throw new InputError(`${method}: replicates must be a whole number ≥ 0, got ${o.replicates}`);
  if (o.inference !== undefined && !inference.includes(o.inference)) throw new InputError(`${method}: inference "${o.inference}" is not one of ${inference.join(", ")}`);
}

/**
 * The panel with `treatmentTime` applied: every ever-treated unit treated from that period on
 * (for methods that read the treatment matrix). Without `treatmentTime`, the panel itself.
 */
export function applyTreatmentTime(panel: Panel, treatmentTime: string | undefined): Panel {
  if (treatmentTime === undefined) return panel;
  const t0 = panel.periods.indexOf(treatmentTime);
  if (t0 < 0) throw new InputError(`treatmentTime "${treatmentTime}" is not a period of panel "${panel.outcome}" (${panel.periods[0]}…${panel.periods[panel.periods.length - 1]})`);
  const T = panel.periods.length, treatment = new Uint8Array(panel.treatment.length);
  for (const i of treatedAndControls(panel).treated) treatment.fill(1, i * T + t0, (i + 1) * T);
  return { ...panel, treatment };
}
