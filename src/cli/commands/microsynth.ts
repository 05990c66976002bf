import type { Command } from "../command";
import { toJson } from "../../io/json";
import { UsageError, type Flags } from "../args";
import { commonOptions } from "../common-flags";
import { progress } from "../../run/progress";
import { matchPeriod } from "../../io/periods";
import { microsynthParallel, readMicrosynthCsv, type MicrosynthOptions, type MicrosynthResult, estimator } from "../../estimators/microsynth/index";

const HELP = `vru-eval microsynth — micro-synthetic control (Robbins, Saunders & Kilmer 2017) for many small areas

  Calibration weights on the control areas so that their weighted totals equal the treated
  areas' totals on an intercept, the matched covariates and (with --match-outcomes) every
  outcome in every pre-period. Effects: treated vs synthetic totals per period, percent
  change over the post period. Intervals by survey linearisation, or by the jackknife with
  --jackknife; p-values by permutation with --replicates N.

  --data FILE.csv[.gz]  long-format CSV, one row per unit and period (balanced, no missing cells)
  --unit COL            unit id column
  --time COL            period column: numbers, months (YYYY-MM, M/YYYY…), quarters, dates, financial years
  --outcome A[,B…]      outcome column(s); several are estimated together (and tested jointly)
  --treatment COL       0/1 per unit-period; all treated units must start in the same period
  --match-outcomes      balance every outcome in every pre-period
  --match-covariates A,B  time-invariant covariates to balance (constant within each unit)
  --block K             with --match-outcomes: balance sums over K pre-periods instead of each one
  --windows A:B,C:D     with --match-outcomes: balance sums over these pre-period windows instead
  --end-post T          last post period (default: the last period)
  --calibration C       linear (default; truncated at 0 like microsynth) or raking
  --bounds L:U          bounds on weight / base weight (default 0:Inf)
  --replicates N        permutation test with N placebo groups drawn from the controls (--perm is a deprecated alias)
  --inference linearisation|jackknife|permutation  the intervals and p-values: linearisation (default),
                        the jackknife (= --jackknife; --replicates G groups) or the permutation test
                        (--replicates N placebo groups; also implied by --replicates alone)
  --jackknife           jackknife intervals (groups = min(treated, controls), as microsynth)
  --jackknife-groups G  jackknife with G groups
  --cluster COL         a column constant within unit (e.g. police force area): the jackknife leaves
                        out one whole cluster at a time (treated and control units), so shocks shared
                        within a cluster enter the variance; implies --jackknife
  --seed N              seed of the placebo draws and jackknife groups (default 1)
  --alpha A             two-sided level of the intervals (default 0.05)
  --threads N           worker threads for the refits (default: all cores)
  --json                print the result as JSON: the Effect for one outcome, else
                        { "effects": { outcome: Effect }, "omnibus": …, "balance": … }

Example (the microsynth package's Seattle example):
  vru-eval microsynth --data data/reference/seattledmi.csv.gz --unit ID --time time \\
    --treatment Intervention --outcome i_felony,i_misdemea,i_drugs,any_crime --match-outcomes \\
    --match-covariates TotalPop,BLACK,HISPANIC,Males_1521,HOUSEHOLDS,FAMILYHOUS,FEMALE_HOU,RENTER_HOU,VACANT_HOU`;

function parseBounds(spec: string): [number, number] {
  const m = /^([^:]+):([^:]+)$/.exec(spec.trim());
  const num = (s: string) => (/^inf$/i.test(s) ? Infinity : /^-inf$/i.test(s) ? -Infinity : Number(s));
  if (!m || Number.isNaN(num(m[1])) || Number.isNaN(num(m[2]))) throw new UsageError(`--bounds must be L:U (e.g. 0:Inf or 0.2:5), got "${spec}"`);
  const b: [number, number] = [num(m[1]), num(m[2])];
  if (!(b[0] < 1 && b[1] > 1)) throw new UsageError(`--bounds must contain 1 (the base weight), got ${spec}`);
  return b;
}

function optionsFromFlags(f: Flags): MicrosynthOptions {
  const common = commonOptions(f, {
    inference: estimator.inference,
    aliases: { replicates: ["perm"] },
    minReplicates: 0,
    unsupported: { "treatment-time": "microsynth takes the treatment start from --treatment (all treated units start together)" },
  });
  const { cluster, inference } = common;
  // In the common vocabulary the jackknife's --replicates are its groups (as in fit()).
  const jackGroups = f.integer("jackknife-groups", undefined, 2) ?? (inference === "jackknife" ? common.replicates : undefined);
  const jack = f.bool("jackknife") || inference === "jackknife";
  if (inference === "linearisation" && (jack || cluster !== undefined || common.replicates !== undefined)) throw new UsageError("--inference linearisation takes no --jackknife, --cluster or --replicates");
  if (inference === "permutation" && common.replicates === undefined) throw new UsageError("--inference permutation needs --replicates N (placebo groups)");
  if (cluster !== undefined && jackGroups !== undefined) throw new UsageError("--cluster sets the jackknife groups (one per cluster): drop --jackknife-groups");
  const block = f.integer("block", undefined, 1);
  const matchOutcomes = f.bool("match-outcomes");
  if (block !== undefined && !matchOutcomes) throw new UsageError("--block applies to --match-outcomes");
  const windows = f.list("windows").map((w) => {
    const m = /^([^:]+):([^:]+)$/.exec(w);
    if (!m) throw new UsageError(`--windows takes FROM:TO pairs separated by commas (e.g. 2015-04:2016-03,2016-04:2017-03), got "${w}"`);
    return [m[1], m[2]] as [string, string];
  });
  if (windows.length && (!matchOutcomes || block !== undefined)) throw new UsageError("--windows applies to --match-outcomes, instead of --block");
  const bounds = f.string("bounds");
  const endPost = f.string("end-post");
  return {
    ...common,
    matchOutcomes,
    matchCovariates: f.list("match-covariates"),
    ...(block !== undefined ? { outcomeBlock: block } : {}),
    ...(windows.length ? { outcomeWindows: windows } : {}),
    ...(endPost !== undefined ? { endPost } : {}),
    calibration: { distance: f.choice("calibration", ["linear", "raking"] as const, "linear"), ...(bounds ? { bounds: parseBounds(bounds) } : {}) },
    ...(jackGroups !== undefined ? { jackknife: { groups: jackGroups } } : jack || cluster !== undefined ? { jackknife: true } : {}),
    permutations: inference === "jackknife" || inference === "linearisation" ? 0 : common.replicates ?? 0,
    seed: common.seed ?? 1,
    alpha: common.alpha ?? 0.05,
  };
}

const pct = (x: number) => (Number.isNaN(x) ? "—" : `${x >= 0 ? "+" : ""}${x.toFixed(1)}%`);
const pv = (p: number) => (Number.isNaN(p) ? "unavailable" : p < 1e-4 ? p.toExponential(1) : p.toPrecision(3));

export function summary(r: MicrosynthResult): string {
  const d = r.diagnostics;
  const anyEffect = Object.values(r.effects)[0];
  const a = anyEffect.alpha ?? 0.05;
  const lines = [
    `Micro-synthetic control: ${d.treatedUnits} treated and ${d.controlUnits} control units, ${d.constraints} constraints; post period ${anyEffect.settings.start}–${anyEffect.settings.endPost}`,
    `Weights: ${d.positiveWeights} controls with positive weight (sum ${d.sumWeights.toFixed(3)}, max ${d.maxWeight.toFixed(3)}); ${d.converged && d.relaxation === 0 ? "exact balance" : `balance RELAXED (penalty ${d.relaxation})`}`,
    ...d.relaxed.map((x) => `  relaxed: ${x.constraint}: target ${x.target.toFixed(3)}, achieved ${x.achieved.toFixed(3)} (relative misfit ${x.relativeMisfit.toExponential(2)})`),
    "",
    `  ${"outcome".padEnd(16)} ${"treated".padStart(10)} ${"synthetic".padStart(10)} ${"change".padStart(8)}  ${Math.round((1 - a) * 100)}% interval           p (lower / two-sided)`,
  ];
  for (const [name, e] of Object.entries(r.effects)) {
    const dg = e.diagnostics!;
    for (const [method, x] of Object.entries(dg.inference)) {
      const first = method === "linearisation";
      lines.push(`  ${(first ? name : "").padEnd(16)} ${(first ? dg.treatedTotal.toFixed(1) : "").padStart(10)} ${(first ? dg.syntheticTotal.toFixed(1) : "").padStart(10)} ${(first ? pct(x.percentChange) : "").padStart(8)}  [${pct(x.ci[0])}, ${pct(x.ci[1])}] ${method.padEnd(13)} ${pv(x.p.lower)} / ${pv(x.p.twoSided)}`);
      if (x.unavailable && first) lines.push(`  note: ${x.unavailable}`);
    }
  }
  if (Object.keys(r.effects).length > 1) {
    lines.push("", "Omnibus test across outcomes:");
    for (const [method, o] of Object.entries(r.omnibus)) if (o) lines.push(o.unavailable ? `  ${method.padEnd(13)} unavailable: ${o.unavailable}` : `  ${method.padEnd(13)} ${o.chi2 !== undefined ? `χ²(${o.df}) = ${o.chi2.toFixed(2)}, ` : ""}p lower = ${pv(o.p.lower)}, two-sided = ${pv(o.p.twoSided)}`);
  }
  return lines.join("\n");
}

export const command: Command = {
  summary: estimator.summary,
  help: HELP,
  async run(flags, io) {
    const data = flags.required("data");
    const spec = { unit: flags.required("unit"), time: flags.required("time"), treatment: flags.required("treatment"), outcomes: flags.list("outcome") };
    if (spec.outcomes.length === 0) throw new UsageError("missing --outcome");
    const opts = optionsFromFlags(flags);
    flags.assertAllUsed();
    const input = readMicrosynthCsv(data, { ...spec, covariates: opts.matchCovariates ?? [], ...(opts.cluster !== undefined ? { attributes: [opts.cluster] } : {}) });
    // Period options in any accepted spelling ("2019-4" for 2019-04), as the time column.
    if (opts.endPost !== undefined) opts.endPost = matchPeriod(String(opts.endPost), input.periods);
    if (opts.outcomeWindows) opts.outcomeWindows = opts.outcomeWindows.map(([a, b]) => [matchPeriod(String(a), input.periods), matchPeriod(String(b), input.periods)]);
    // The total (jackknife groups + placebo groups) comes from the estimator's callback.
    const bar = opts.permutations || opts.jackknife ? progress("microsynth refits", 0) : undefined;
    const r = await microsynthParallel(input, { ...opts, ...(bar ? { onProgress: bar.callback } : {}) });
    if (io.json) {
      const names = Object.keys(r.effects);
      io.out(toJson(names.length === 1 ? { ...r.effects[names[0]], diagnostics: { ...r.effects[names[0]].diagnostics, balance: r.balance } } : { effects: r.effects, omnibus: r.omnibus, balance: r.balance, diagnostics: r.diagnostics }));
    } else io.out(summary(r));
    return 0;
  },
};
