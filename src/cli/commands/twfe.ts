import type { Command } from "../command";
import { toJson } from "../../io/json";
import { PANEL_FLAGS_HELP, panelFromFlags, UsageError, type Flags } from "../args";
import { type TwfeDiagnostics, type TwfeOptions, type TwfePretrend, estimator } from "../../estimators/twfe/index";
import { commonOptions } from "../common-flags";
import type { Effect, Estimate } from "../../effect";

const HELP = `vru-eval twfe — two-way fixed effects (generalised difference-in-differences) and event study

  Y_it = α_i + γ_t + τ·D_it + x_it'β + ε_it, unit and period effects removed by iterated
  demeaning (unbalanced panels are fine), CR1 cluster-robust SEs, Student t with G − 1 df.
  τ is causal only under parallel trends; the event study's leads test that in the pre-period.

${PANEL_FLAGS_HELP}
  --cluster COL         cluster by this unit-level column (constant within unit, e.g. police force
                        area); default: the unit
  --convention C        small-sample convention of the CR1 SE: nested (default; reghdfe/fixest:
                        unit effects nested in clusters not counted) or lm (R lm() with factors:
                        every dummy counted)
  --event-study L:K     event study with leads e = −L…−1 and lags e = 0…K (end points binned),
                        plus a joint F test that the leads are zero
  --reference E         omitted event time (default −1)
  --inference cluster|wild|jackknife  CR1 cluster-robust (default), the wild cluster restricted bootstrap
                        for τ's p and CI, or the leave-one-cluster-out jackknife (refit without each
                        cluster; var = (G − 1)/G Σ (τ_g − τ̄)²), Student t with G − 1 df
  --replicates N        wild bootstrap replicates (default 999; implies --inference wild; --bootstrap N is a deprecated alias)
  --weights W           bootstrap weights: webb (default) or rademacher (all 2^G patterns when fewer than N)
  --seed N              bootstrap seed (default 1)
  --alpha A             significance level (default 0.05)
  --treatment-time T    first treated period for every ever-treated unit (default: from --treatment)
  --singletons S        drop (default, with a note) or error

Example:
  vru-eval twfe --data data/reference/gsynth_turnout.csv --unit abb --time year \\
    --outcome turnout --treatment policy_edr --event-study 4:3 --json`;

function parseWindow(spec: string): { leads: number; lags: number } {
  const m = /^(\d+):(\d+)$/.exec(spec.trim());
  if (!m) throw new UsageError(`--event-study must be LEADS:LAGS (e.g. 4:3), got "${spec}"`);
  return { leads: Number(m[1]), lags: Number(m[2]) };
}

function optionsFromFlags(f: Flags): TwfeOptions {
  const common = commonOptions(f, {
    inference: estimator.inference,
    aliases: { replicates: ["bootstrap"] },
    minReplicates: 99,
    unsupported: { threads: "twfe runs in one thread (its refits are fast); drop it" },
  });
  const es = f.string("event-study");
  const reference = f.integer("reference");
  if (reference !== undefined && es === undefined) throw new UsageError("--reference needs --event-study");
  const inference = common.inference ?? (common.replicates !== undefined ? "wild" : "cluster");
  if (inference !== "wild" && common.replicates !== undefined) throw new UsageError("--replicates applies to --inference wild");
  const weights = f.choice("weights", ["webb", "rademacher"] as const, "webb");
  if (inference !== "wild" && (f.has("weights") || common.seed !== undefined)) throw new UsageError("--weights and --seed apply to --inference wild");
  return {
    ...common,
    convention: f.choice("convention", ["nested", "lm"] as const, "nested"),
    ...(es !== undefined ? { eventStudy: { ...parseWindow(es), ...(reference !== undefined ? { reference } : {}) } } : {}),
    inference,
    ...(inference === "wild" ? { replicates: common.replicates ?? 999, weights, seed: common.seed ?? 1 } : {}),
    alpha: common.alpha ?? 0.05,
    singletons: f.choice("singletons", ["drop", "error"] as const, "drop"),
  };
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : String(x));
const row = (name: string, e: Estimate) => `  ${name.padEnd(16)} ${fmt(e.estimate).padStart(10)} ${fmt(e.se ?? NaN).padStart(10)}  [${fmt(e.ci![0])}, ${fmt(e.ci![1])}]  p = ${Number.isNaN(e.p) ? "unavailable" : e.p!.toPrecision(3)}`;

export function summary(e: Effect<TwfeDiagnostics>, treatment: string): string {
  const d = e.diagnostics!;
  const lines = [
    `Two-way fixed effects: ${d.nObs} observations, ${d.nUnits} units, ${d.nPeriods} periods, ${d.nClusters} clusters (${e.settings.cluster})`,
    `CR1 SE, "${d.convention}" convention (K = ${d.K}), ${d.inference}; ${Math.round((1 - (e.alpha ?? 0.05)) * 100)}% intervals`,
    "",
    `  ${"term".padEnd(16)} ${"estimate".padStart(10)} ${"se".padStart(10)}  interval`,
    row(`τ (${treatment})`, e.att),
    ...Object.entries(e.coefficients ?? {}).map(([k, v]) => row(k, v)),
  ];
  const pt: Partial<TwfePretrend> | undefined = d.pretrend;
  if (pt) lines.push("", pt.F !== undefined ? `Pre-trend test (leads jointly zero): F(${pt.df1}, ${pt.df2}) = ${fmt(pt.F)}, p = ${pt.p!.toPrecision(3)}` : `Pre-trend test: ${pt.note}`);
  for (const n of d.notes) lines.push(`note: ${n}`);
  return lines.join("\n");
}

export const command: Command = {
  summary: estimator.summary,
  help: HELP,
  async run(flags, io) {
    const opts = optionsFromFlags(flags);
    const panel = panelFromFlags(flags, { attributes: opts.cluster ? [opts.cluster] : [] });
    const treatment = flags.required("treatment");
    flags.assertAllUsed();
    const effect = await estimator.fit(panel, { ...opts, treatmentName: treatment });
    if (io.json) {
      io.out(toJson(effect));
      // The summary prints its notes; with --json they go to stderr so stdout stays pure JSON.
      for (const n of effect.diagnostics?.notes ?? []) io.err(`vru-eval twfe: note: ${n}\n`);
    } else io.out(summary(effect, treatment));
    return 0;
  },
};
