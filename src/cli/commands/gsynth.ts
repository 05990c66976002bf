import type { Command } from "../command";
import { toJson } from "../../io/json";
import { PANEL_FLAGS_HELP, UsageError, panelFromFlags } from "../args";
import { type GsynthDiagnostics, type GsynthOptions, estimator } from "../../estimators/gsynth/index";
import { commonOptions } from "../common-flags";
import { FORCES } from "../../estimators/gsynth/types";
import type { Effect } from "../../effect";

const HELP = `vru-eval gsynth --data FILE.csv --unit COL --time COL --outcome COL --treatment COL [options]

Generalised synthetic control (Xu 2017): interactive fixed effects fitted on the control units,
treated units' loadings from their own pre-periods, counterfactuals and effects; the number of
factors by leave-one-period-out cross-validation (deterministic). Staggered adoption and
missing cells (EM imputation) are handled. Agrees with R gsynth 1.2.1 on its examples.

${PANEL_FLAGS_HELP}
  --force none|unit|time|two-way   additive fixed effects (default two-way)
  --r N                 a fixed number of factors
  --r-range MIN:MAX     choose r by cross-validation in this range (default 0:5)
  --estimator ife|mc    interactive fixed effects (default) or matrix completion (λ by CV)
  --lambda L            mc: a fixed penalty instead of cross-validation
  --se                  bootstrap standard errors, CIs and p-values
  --inference parametric|nonparametric|conformal|placebo
                        parametric (default for ife, Xu 2017 Algorithm 2) or nonparametric (mc, and
                        with --cluster) bootstrap, with --se; or conformal (Chernozhukov, Wüthrich &
                        Zhu 2021; ife, one treatment date, no --se): under H0 "the effect is θ" the
                        treated loadings are refitted on every period with θ removed from the post
                        outcomes, and the post residuals (S_1 norm) are ranked among their time
                        permutations; per-period intervals (pre-periods + that period) and the
                        average-effect interval (constant θ) by test inversion, ends to a stated
                        grid resolution; att.p tests "no effect". A trending factor can absorb a
                        constant shift: the interval is then reported as unbounded.
                        Or placebo (randomisation inference, one treatment date, no --se): treatment
                        moved to as many randomly drawn control units — or, with --cluster, control
                        clusters — as are treated, --replicates times; p = share of placebo effects at
                        least as large, CI = estimate − the placebo effects' quantiles.
  --permutations moving-block|iid   conformal: the T cyclic shifts (default) or iid permutations
  --cluster COL         a unit-level column (constant within unit, e.g. police force area): the
                        bootstrap resamples whole clusters — clusters without treated units from
                        their own stratum, clusters with treated units from theirs, every unit of a
                        drawn cluster entering (so shared shocks move together); implies
                        --inference nonparametric; one unit per cluster = the unit bootstrap
  --replicates N        bootstrap or placebo replicates (default 200), or conformal iid permutations
                        (default 999); --nboots is a deprecated alias
  --seed N              seed of the bootstrap or of the iid permutations (default 1)
  --alpha A             CI level 1 − A (default 0.05)
  --ci normal|percentile  CI from est ± z·SE (default, as R gsynth) or bootstrap percentiles
  --threads N           worker threads for the bootstrap (results do not depend on it)
  --treatment-time T    first treated period for every ever-treated unit (default: from --treatment)
  --min-pre-periods N   leave out treated units with fewer pre-periods (default 5)`;

const fmt = (x: number | undefined, d = 3) => (x === undefined ? "" : Number.isFinite(x) ? x.toFixed(d) : String(x));

function parseRange(v: string): [number, number] {
  const m = /^(\d+):(\d+)$/.exec(v);
  if (!m) throw new UsageError(`--r-range must look like MIN:MAX (e.g. 0:5), got "${v}"`);
  return [Number(m[1]), Number(m[2])];
}

function summary(e: Effect<GsynthDiagnostics>): string {
  const s = e.settings, d = e.diagnostics!;
  const withCi = (x: { estimate: number; se?: number; ci?: [number, number]; p?: number }) =>
    `${fmt(x.estimate)}${x.se !== undefined ? `  (${s.inference === "placebo" ? "placebo " : ""}SE ${fmt(x.se)}, CI ${fmt(x.ci![0])} to ${fmt(x.ci![1])}${x.p !== undefined ? `, p = ${fmt(x.p, 4)}` : ""})` : x.ci ? `  (conformal CI ${fmt(x.ci[0])} to ${fmt(x.ci[1])}${x.p !== undefined ? `, p = ${fmt(x.p, 4)}` : ""})` : x.p !== undefined ? `  (p = ${fmt(x.p, 4)})` : ""}`;
  const lines = [
    `generalised synthetic control (${s.estimator}, ${s.force}), ${d.nTreated} treated and ${d.nControls} control units, ${s.timing} adoption`,
    s.estimator === "ife" ? `factors r = ${s.r} (${s.rSelection === "fixed" ? "fixed" : "cross-validation"})` : `penalty λ = ${fmt(s.lambda as number, 6)} (λ/σmax = ${fmt(s.lambdaNorm as number, 4)})`,
    `average effect on the treated (post-period): ${withCi(e.att)}`,
    `cumulative effect at the last period: ${withCi({ estimate: e.cumulative!.at(-1)!.effect, ...(e.cumulative!.at(-1)!.se !== undefined ? { se: e.cumulative!.at(-1)!.se!, ci: e.cumulative!.at(-1)!.ci! } : {}) })}`,
    `pre-period MSPE: ${fmt(d.preMSPE, 4)}; converged: ${d.converged} after ${d.iterations} iterations`,
  ];
  if (e.coefficients) lines.push("covariates:", ...Object.entries(e.coefficients).map(([k, c]) => `  ${k.padEnd(24)} ${withCi(c)}`));
  if (d.cvCurve?.length) {
    lines.push("cross-validation (MSPE):", ...d.cvCurve.map((p) => `  ${"r" in p ? `r = ${p.r}` : `λ/σmax = ${fmt(p.lambdaNorm, 4)}`}: ${fmt(p.mspe, 4)}`));
  }
  const support = d.commonSupport;
  if (support && !support.withinRange) lines.push(`common support: loadings outside the controls' range for ${support.outside.map((o) => `${o.unit} (factor ${o.factor})`).join(", ")}`);
  for (const w of d.warnings ?? []) lines.push(`warning: ${w}`);
  const conf = s.inference === "conformal";
  if (conf) {
    const c = s.conformal as { permutations: string; resolution: number };
    lines.push(`conformal inference: ${c.permutations} permutations, interval ends to ±${fmt(c.resolution, 4)}`);
    for (const pr of d.conformal?.problems ?? []) lines.push(`conformal: ${pr}`);
  }
  lines.push("period      relative   observed  counterfactual   effect" + (e.periods[0]?.se !== undefined ? "      SE" : conf ? "   conformal interval" : ""));
  for (const p of e.periods) {
    lines.push(`${p.time.padEnd(12)}${String(p.relative).padStart(8)}${fmt(p.observed).padStart(11)}${fmt(p.counterfactual).padStart(16)}${fmt(p.effect).padStart(9)}${p.se !== undefined ? fmt(p.se).padStart(8) : conf && p.ci ? `   [${fmt(p.ci[0])}, ${fmt(p.ci[1])}]` : ""}`);
  }
  return lines.join("\n");
}

export const command: Command = {
  summary: estimator.summary,
  help: HELP,
  async run(flags, io) {
    const common = commonOptions(flags, { inference: estimator.inference, aliases: { replicates: ["nboots"] } });
    const { cluster, inference, replicates, seed } = common;
    const panel = panelFromFlags(flags, cluster ? { attributes: [cluster] } : {});
    const force = flags.choice("force", FORCES, "two-way");
    const rFixed = flags.integer("r", undefined, 0);
    const rRange = flags.string("r-range");
    const method = flags.choice("estimator", ["ife", "mc"] as const, "ife");
    const lambda = flags.number("lambda");
    const se = flags.bool("se");
    const permutations = flags.choice("permutations", ["moving-block", "iid"] as const, "moving-block");
    const ci = flags.choice("ci", ["normal", "percentile"] as const, "normal");
    const minPre = flags.integer("min-pre-periods", undefined, 1);
    flags.assertAllUsed();
    if (rFixed !== undefined && rRange !== undefined) throw new UsageError("give --r or --r-range, not both");
    if (method === "mc" && (rFixed !== undefined || rRange !== undefined)) throw new UsageError("--r and --r-range apply to --estimator ife");
    if (method === "ife" && lambda !== undefined) throw new UsageError("--lambda applies to --estimator mc");
    const conformal = inference === "conformal", placebo = inference === "placebo";
    if (conformal && (se || cluster !== undefined)) throw new UsageError("--inference conformal gives its own intervals: it does not take --se or --cluster");
    if (placebo && se) throw new UsageError("--inference placebo gives its own intervals: it does not take --se");
    if (!conformal && !placebo && !se && (inference !== undefined || replicates !== undefined || seed !== undefined || cluster !== undefined)) throw new UsageError("--inference (bootstrap), --replicates, --nboots, --seed and --cluster need --se (or --inference conformal|placebo)");
    if (flags.has("permutations") && !conformal) throw new UsageError("--permutations applies to --inference conformal");
    const opts: GsynthOptions = {
      ...common,
      force, estimator: method, se, ci,
      ...(rFixed !== undefined ? { r: rFixed } : rRange !== undefined ? { r: parseRange(rRange) } : {}),
      ...(lambda !== undefined ? { lambda } : {}),
      ...(conformal ? { conformal: { permutations } } : {}),
      ...(minPre !== undefined ? { minPrePeriods: minPre } : {}),
    };
    const effect = await estimator.fit(panel, opts);
    io.out(io.json ? toJson(effect) : summary(effect));
    return 0;
  },
};
