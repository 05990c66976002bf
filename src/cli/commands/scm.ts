import { readFileSync } from "node:fs";
import type { Command } from "../command";
import { toJson } from "../../io/json";
import { matchPeriod } from "../../io/periods";
import { UsageError } from "../args";
import { InputError } from "../../errors";
import { panelFromCsv } from "../../panel/from-csv";
import { scmFits, type ScmDiagnostics, type ScmOptimiserSummary, type ScmOptions, estimator } from "../../estimators/scm/index";
import { withDiagnostics } from "../../effect";
import { parseSpec, type ScmSpec } from "../../estimators/scm/spec";
import { leaveOneOut, placeboInTime } from "../../estimators/scm/inference";
import { commonOptions } from "../common-flags";

const HELP = `vru-eval scm --data FILE.csv --unit COL --time COL --outcome COL [options]

Classic synthetic control (Abadie, Diamond & Hainmueller 2010): donor weights on the simplex
by an exact quadratic-programming solve, predictor weights V by nested minimisation of the
pre-period outcome MSPE (multi-start Nelder–Mead/BFGS; see src/estimators/scm/fit.ts).
Several treated units get one synthetic control each; the effect is their average.

  --data FILE.csv           long-format CSV, one row per unit and period
  --unit COL --time COL --outcome COL
  --treatment COL           0/1 per unit-period (not needed with --treated-unit and --treatment-time)
  --covariates A,B          extra columns to load (variables named in --predictors load by themselves;
                            a predictor without a window is a unit attribute, constant within each unit)
  --treated-unit NAME[,NAME]  treated unit(s); default: units the treatment column marks
  --treatment-time T        first treated period; default: from the treatment column
  --predictors SPEC.json    predictors and fit window (cli.md); default: the outcome in every pre-period
  --exclude A,B             units never used as donors
  --v nested|regression|equal  how predictor weights are chosen (default nested)
  --inference none|placebo|conformal  none (default); placebo: placebo-in-space inference over every
                            donor (p-value of the RMSPE ratio; --placebo is a documented alias); conformal:
                            conformal inference (Chernozhukov, Wüthrich & Zhu 2021; one treatment date):
                            under H0 "the effect is θ", θ is removed from the treated post outcomes and
                            the synthetic control refitted on every period (weights on the simplex
                            minimising the squared gap over all periods; the predictor spec and V are
                            not used by the refit); the post residuals' S_1 norm is ranked among its
                            time permutations. Per-period intervals (pre-periods + that period) and
                            the average-effect interval (constant θ) by test inversion, ends to a
                            stated grid resolution; att.p tests "no effect". With T0 + 1 ≤ 1/alpha
                            periods a per-period interval cannot be bounded, and is reported so.
  --permutations moving-block|iid  conformal: the T cyclic shifts (default) or iid permutations
  --replicates N            conformal iid permutations (default 999)
  --alpha A                 conformal: interval level 1 − A (default 0.05)
  --max-pre-mspe-ratio M    with --placebo: drop placebos whose pre-MSPE exceeds M × the treated unit's
  --seed N                  seed of the sampled placebo groups (--placebo, several treated units) or of
                            the iid conformal permutations (default 1)
  --placebo-time T[,T]      placebo in time: refit as if treated at T (windows move back with it)
  --leave-one-out           refit without each donor of positive weight
  --threads N               worker threads for the placebo and leave-one-out fits (results do not depend on it)
  --json                    print the Effect as JSON on stdout`;

function readSpec(path: string): ScmSpec {
  let text: string;
  try { text = readFileSync(path, "utf8"); } catch (e) { throw new InputError(`--predictors ${path}: cannot read (${(e as Error).message})`); }
  return parseSpec(text, path);
}

const fmt = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

/** For nested V: the V-free lower bound on the fit MSPE, and whether it was reached. */
function boundNote(opt: ScmOptimiserSummary | undefined): string {
  if (opt?.lowerBound === undefined) return "";
  return opt.globalOptimum ? " (reaches the lower bound: a certified global minimum over V)" : ` (no V can go below ${fmt(opt.lowerBound, 4)} on the fit window)`;
}

function conformalNote(e: ReturnType<typeof scmFits>["effect"]): string {
  const c = e.settings.conformal as { permutations: string; resolution: number };
  const ci = e.att.ci ? `CI ${fmt(e.att.ci[0])} to ${fmt(e.att.ci[1])}, ` : "interval unbounded, ";
  return ` (conformal, ${c.permutations} permutations: ${ci}p of no effect = ${fmt(e.att.p!, 4)}; ends to ±${fmt(c.resolution, 4)})`;
}

export const command: Command = {
  summary: estimator.summary,
  help: HELP,
  async run(flags, io) {
    const data = flags.required("data");
    const unit = flags.required("unit"), time = flags.required("time"), outcome = flags.required("outcome");
    const treatment = flags.string("treatment");
    const specPath = flags.string("predictors");
    const spec = specPath ? readSpec(specPath) : undefined;
    const treatedUnits = flags.list("treated-unit");
    const common = commonOptions(flags, {
      inference: estimator.inference,
      unsupported: { cluster: "scm's placebo and conformal inference permute units or periods, not clusters" },
    });
    const { treatmentTime, replicates, alpha, threads } = common;
    const exclude = flags.list("exclude");
    const v = flags.choice("v", ["nested", "regression", "equal"] as const, "nested");
    const placeboFlag = flags.bool("placebo");
    const maxRatio = flags.number("max-pre-mspe-ratio");
    const placeboTimes = flags.list("placebo-time");
    const loo = flags.bool("leave-one-out");
    const permutations = flags.choice("permutations", ["moving-block", "iid"] as const, "moving-block");
    flags.assertAllUsed();
    if (placeboFlag && common.inference !== undefined && common.inference !== "placebo") throw new UsageError(`--placebo and --inference ${common.inference} each give the p-value of the average effect: run them separately`);
    const inference = placeboFlag ? "placebo" : common.inference ?? "none";
    const conformal = inference === "conformal", placebo = inference === "placebo";
    if (!conformal && (flags.has("permutations") || replicates !== undefined || alpha !== undefined)) throw new UsageError("--permutations, --replicates and --alpha apply to --inference conformal");
    if (maxRatio !== undefined && !placebo) throw new UsageError("--max-pre-mspe-ratio needs --inference placebo (--placebo)");
    if (!treatment && (treatedUnits.length === 0 || treatmentTime === undefined)) throw new UsageError("give --treatment, or both --treated-unit and --treatment-time");
    // Variables the spec names load by themselves: with a window as time-varying covariates,
    // without one as unit attributes (constant within each unit, e.g. population).
    const varsOf = (p: NonNullable<ScmSpec["predictors"]>[number]) => [...(Array.isArray(p.variable) ? p.variable : [p.variable]), ...(p.shareOf ?? [])];
    const windowless = (p: NonNullable<ScmSpec["predictors"]>[number]) => p.at === undefined && p.from === undefined && p.to === undefined && p.periods === undefined;
    const preds = spec?.predictors ?? [];
    const attributes = [...new Set(preds.filter(windowless).flatMap(varsOf))].filter((c) => c !== outcome);
    const covariates = [...new Set([...flags.list("covariates"), ...preds.filter((p) => !windowless(p)).flatMap(varsOf)])].filter((c) => c !== outcome && !attributes.includes(c));
    const panel = panelFromCsv(data, { unit, time, outcome, ...(treatment ? { treatment } : {}), covariates, attributes });
    // The design (treated units, predictors, donors, V) is shared by the fit and the robustness refits.
    const shape = { ...(treatedUnits.length ? { treatedUnits } : {}), ...(spec ? { spec } : {}), ...(exclude.length ? { exclude } : {}), v };
    const start = treatmentTime !== undefined ? { treatmentTime: matchPeriod(treatmentTime, panel.periods) } : {};
    const design: ScmOptions = { ...shape, ...start };
    let effect = await estimator.fit(panel, {
      ...common, ...shape, ...start, inference,
      ...(conformal ? { conformal: { permutations } } : {}),
      ...(maxRatio !== undefined ? { maxPreMSPERatio: maxRatio } : {}),
    });
    const par = threads !== undefined ? { threads } : {};
    const extra: Pick<ScmDiagnostics, "placeboInTime" | "leaveOneOut"> = {};
    if (placeboTimes.length) {
      const pit = await placeboInTime(panel, design, placeboTimes.map((t) => matchPeriod(t, panel.periods)), par);
      extra.placeboInTime = pit.flatMap((r) => r.fits.map((f) => ({ time: r.time, unit: f.unit, preMSPE: f.preMSPE, meanGapBeforeTreatment: f.att, rmspeRatio: f.rmspeRatio })));
    }
    if (loo) {
      // Leave-one-out drops each donor of positive weight in the point fit (refitted here: well under a second).
      const l = await leaveOneOut(panel, design, scmFits(panel, design).fits, par);
      extra.leaveOneOut = l.map((x) => ({ unit: x.unit, dropped: x.dropped, att: x.fit.att, preMSPE: x.fit.preMSPE }));
    }
    if (Object.keys(extra).length) effect = withDiagnostics(effect, extra);
    const d = effect.diagnostics!;
    for (const w of d.warnings ?? []) io.err(`vru-eval scm: warning: ${w}\n`);
    if (io.json) { io.out(toJson(effect)); return 0; }
    const lines = [
      `synthetic control of ${(effect.settings.treatedUnits as string[]).join(", ")} from ${effect.settings.donors} donors, treatment ${effect.settings.treatmentTime}`,
      `average effect over the post-period: ${fmt(effect.att.estimate)}${conformal ? conformalNote(effect) : effect.att.p !== undefined ? ` (placebo-in-space p = ${fmt(effect.att.p, 4)})` : ""}`,
      `pre-period MSPE: ${fmt(d.preMSPE, 4)}${boundNote(d.optimiser)}`,
      "weights:",
      ...(effect.weights ?? []).filter((w) => w.weight > 0).map((w) => `  ${w.unit.padEnd(28)} ${w.weight.toFixed(4)}`),
    ];
    const avg = d.placebo?.average;
    if (avg) lines.push(`average effect vs ${avg.groups} ${avg.enumerated ? "" : "sampled "}placebo groups of the same size: rank ${avg.rank}, p = ${fmt(avg.p, 4)}`);
    for (const r of d.placeboInTime ?? []) {
      lines.push(`placebo in time ${r.time} (${r.unit}): mean gap before the real treatment ${fmt(r.meanGapBeforeTreatment)} (pre-MSPE ${fmt(r.preMSPE, 4)})`);
    }
    for (const r of d.leaveOneOut ?? []) lines.push(`without ${r.dropped}: average effect ${fmt(r.att)}`);
    if (conformal) {
      lines.push("period      effect   conformal interval");
      for (const p of effect.periods.filter((x) => x.relative >= 0)) lines.push(`${p.time.padEnd(12)}${fmt(p.effect).padStart(6)}   ${p.ci ? `[${fmt(p.ci[0])}, ${fmt(p.ci[1])}]` : "unbounded"}`);
      for (const pr of d.conformal?.problems ?? []) lines.push(`conformal: ${pr}`);
    }
    if (d.V) lines.push("predictor weights V:", ...Object.entries(d.V).map(([k, x]) => `  ${k.padEnd(28)} ${x.toFixed(4)}`));
    io.out(lines.join("\n"));
    return 0;
  },
};
