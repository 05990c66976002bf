import type { Command } from "../command";
import { toJson } from "../../io/json";
import { PANEL_FLAGS_HELP, UsageError, panelFromFlags } from "../args";
import { gsynth, type GsynthOptions } from "../../estimators/gsynth/index";
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
  --inference parametric|nonparametric   (default parametric for ife; mc is nonparametric)
  --nboots N            bootstrap replicates (default 200)
  --seed N              bootstrap seed (default 1)
  --alpha A             CI level 1 − A (default 0.05)
  --ci normal|percentile  CI from est ± z·SE (default, as R gsynth) or bootstrap percentiles
  --threads N           worker threads for the bootstrap (results do not depend on it)
  --min-pre-periods N   leave out treated units with fewer pre-periods (default 5)`;

const fmt = (x: number | undefined, d = 3) => (x === undefined ? "" : Number.isFinite(x) ? x.toFixed(d) : String(x));

function parseRange(v: string): [number, number] {
  const m = /^(\d+):(\d+)$/.exec(v);
  if (!m) throw new UsageError(`--r-range must look like MIN:MAX (e.g. 0:5), got "${v}"`);
  return [Number(m[1]), Number(m[2])];
}

function summary(e: Effect): string {
  const s = e.settings, d = e.diagnostics ?? {};
  const withCi = (x: { estimate: number; se?: number; ci?: [number, number]; p?: number }) =>
    `${fmt(x.estimate)}${x.se !== undefined ? `  (SE ${fmt(x.se)}, CI ${fmt(x.ci![0])} to ${fmt(x.ci![1])}${x.p !== undefined ? `, p = ${fmt(x.p, 4)}` : ""})` : ""}`;
  const lines = [
    `generalised synthetic control (${s.estimator}, ${s.force}), ${d.nTreated} treated and ${d.nControls} control units, ${s.timing} adoption`,
    s.estimator === "ife" ? `factors r = ${s.r} (${s.rSelection === "fixed" ? "fixed" : "cross-validation"})` : `penalty λ = ${fmt(s.lambda as number, 6)} (λ/σmax = ${fmt(s.lambdaNorm as number, 4)})`,
    `average effect on the treated (post-period): ${withCi(e.att)}`,
    `cumulative effect at the last period: ${withCi({ estimate: e.cumulative!.at(-1)!.effect, ...(e.cumulative!.at(-1)!.se !== undefined ? { se: e.cumulative!.at(-1)!.se!, ci: e.cumulative!.at(-1)!.ci! } : {}) })}`,
    `pre-period MSPE: ${fmt(d.preMSPE as number, 4)}; converged: ${d.converged} after ${d.iterations} iterations`,
  ];
  if (e.coefficients) lines.push("covariates:", ...Object.entries(e.coefficients).map(([k, c]) => `  ${k.padEnd(24)} ${withCi(c)}`));
  if (Array.isArray(d.cvCurve) && d.cvCurve.length) {
    lines.push("cross-validation (MSPE):", ...(d.cvCurve as { r?: number; lambdaNorm?: number; mspe: number }[]).map((p) => `  ${p.r !== undefined ? `r = ${p.r}` : `λ/σmax = ${fmt(p.lambdaNorm, 4)}`}: ${fmt(p.mspe, 4)}`));
  }
  const support = d.commonSupport as { withinRange: boolean; outside: { unit: string; factor: number }[] } | undefined;
  if (support && !support.withinRange) lines.push(`common support: loadings outside the controls' range for ${support.outside.map((o) => `${o.unit} (factor ${o.factor})`).join(", ")}`);
  for (const w of (d.warnings as string[] | undefined) ?? []) lines.push(`warning: ${w}`);
  lines.push("period      relative   observed  counterfactual   effect" + (e.periods[0]?.se !== undefined ? "      SE" : ""));
  for (const p of e.periods) {
    lines.push(`${p.time.padEnd(12)}${String(p.relative).padStart(8)}${fmt(p.observed).padStart(11)}${fmt(p.counterfactual).padStart(16)}${fmt(p.effect).padStart(9)}${p.se !== undefined ? fmt(p.se).padStart(8) : ""}`);
  }
  return lines.join("\n");
}

export const command: Command = {
  summary: "generalised synthetic control (Xu 2017): interactive fixed effects or matrix completion",
  help: HELP,
  async run(flags, io) {
    const panel = panelFromFlags(flags);
    const force = flags.choice("force", FORCES, "two-way");
    const rFixed = flags.integer("r", undefined, 0);
    const rRange = flags.string("r-range");
    const estimator = flags.choice("estimator", ["ife", "mc"] as const, "ife");
    const lambda = flags.number("lambda");
    const se = flags.bool("se");
    const inference = flags.string("inference");
    const nboots = flags.integer("nboots", undefined, 2);
    const seed = flags.integer("seed", undefined);
    const alpha = flags.number("alpha");
    const ci = flags.choice("ci", ["normal", "percentile"] as const, "normal");
    const threads = flags.integer("threads", undefined, 1);
    const minPre = flags.integer("min-pre-periods", undefined, 1);
    flags.assertAllUsed();
    if (rFixed !== undefined && rRange !== undefined) throw new UsageError("give --r or --r-range, not both");
    if (estimator === "mc" && (rFixed !== undefined || rRange !== undefined)) throw new UsageError("--r and --r-range apply to --estimator ife");
    if (estimator === "ife" && lambda !== undefined) throw new UsageError("--lambda applies to --estimator mc");
    if (!se && (inference !== undefined || nboots !== undefined || seed !== undefined)) throw new UsageError("--inference, --nboots and --seed need --se");
    if (inference !== undefined && inference !== "parametric" && inference !== "nonparametric") throw new UsageError(`--inference must be parametric or nonparametric; got "${inference}"`);
    if (alpha !== undefined && !(alpha > 0 && alpha < 1)) throw new UsageError(`--alpha must be between 0 and 1, got ${alpha}`);
    const opts: GsynthOptions = {
      force, estimator, se, ci,
      ...(rFixed !== undefined ? { r: rFixed } : rRange !== undefined ? { r: parseRange(rRange) } : {}),
      ...(lambda !== undefined ? { lambda } : {}),
      ...(inference !== undefined ? { inference: inference as "parametric" | "nonparametric" } : {}),
      ...(nboots !== undefined ? { nboots } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(alpha !== undefined ? { alpha } : {}),
      ...(threads !== undefined ? { threads } : {}),
      ...(minPre !== undefined ? { minPrePeriods: minPre } : {}),
    };
    const effect = await gsynth(panel, opts);
    io.out(io.json ? toJson(effect) : summary(effect));
    return 0;
  },
};
