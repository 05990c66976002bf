import type { Command } from "../command";
import { PANEL_FLAGS_HELP, panelFromFlags, UsageError, type Flags } from "../args";
import { estimator as didEstimator, fit, STAGGERED_ESTIMATORS, type StaggeredOptions } from "../../estimators/staggered/index";
import { commonOptions } from "../common-flags";
import type { Effect, Estimate } from "../../effect";
import { InputError } from "../../errors";
import { validateTreatment, type Panel } from "../../panel/panel";

const HELP = `vru-eval did — staggered-adoption difference-in-differences

  Units adopt treatment in different periods; effects may differ by cohort and grow with
  time since adoption, which biases two-way fixed effects. Choose the estimator:
    cs          Callaway & Sant'Anna (2021): group-time ATT(g,t), aggregated (as R did)
    sa          Sun & Abraham (2021): interaction-weighted event study (as fixest::sunab)
    imputation  Borusyak, Jaravel & Spiess (2024): impute Y(0) from unit + period effects
                fitted on untreated cells (as didimputation; conservative SEs)
    bacon       Goodman-Bacon (2021): the TWFE coefficient as a weighted average of 2×2 DiDs
  The headline ATT averages the effect over treated unit-periods (bacon: the TWFE coefficient).

${PANEL_FLAGS_HELP.replace("  --treatment COL       0/1 treatment indicator per unit-period\n", "  --treatment COL       0/1 treatment indicator per unit-period (absorbing), or\n  --cohort COL          first treated period per unit instead (0 or empty = never treated)\n")}
  --estimator E         cs, sa, imputation or bacon (required)
  --control C           comparison units — cs: never (default) or notyet (never or not yet
                        treated); sa: never (default) or last (the last-treated cohort)
  --method M            cs with covariates: dr (default, doubly robust), ipw or reg
  --base-period B       cs: varying (default; pre-periods vs the period before) or universal
  --anticipation K      periods before adoption in which units may already react (default 0)
  --cluster COL         cluster by this unit-level column (default: the unit)
  --replicates N        cs: multiplier-bootstrap draws for uniform bands (default 999, 0 = none)
  --seed N              bootstrap seed (default 1)
  --alpha A             significance level (default 0.05)
  --treatment-time T    treat every ever-treated unit from period T (one cohort); default: the data's timing
  --inference analytic  the only one (influence-function / cluster SEs); cs adds the bootstrap's uniform bands

  Covariates: cs uses their base-period values; sa and imputation add them as time-varying
  regressors; bacon takes none.

Example:
  vru-eval did --estimator cs --data data/reference/mpdta.csv --unit countyreal --time year \\
    --outcome lemp --cohort first.treat --json`;

/** The panel, with treatment from --cohort (first treated period per unit) when given. */
function panelWithCohort(f: Flags): Panel {
  const cohort = f.string("cohort");
  if (cohort === undefined) return panelFromFlags(f, { attributes: f.string("cluster") ? [f.string("cluster")!] : [] });
  if (f.has("treatment")) throw new UsageError("give --treatment or --cohort, not both");
  const cluster = f.string("cluster");
  const panel = panelFromFlags(f, { treatmentRequired: false, attributes: [cohort, ...(cluster ? [cluster] : [])] });
  const T = panel.periods.length, treatment = new Uint8Array(panel.units.length * T);
  const periodNumbers = panel.periods.map(Number);
  panel.units.forEach((u, i) => {
    const raw = panel.attributes[cohort][i];
    const g = raw === "" || raw === undefined ? 0 : Number(raw);
    if (!Number.isFinite(g)) throw new InputError(`${f.string("data")}: cohort column "${cohort}" of unit ${u} is not a period: "${raw}"`);
    if (g === 0) return;
    const t0 = periodNumbers.findIndex((p) => p >= g);
    if (t0 >= 0) treatment.fill(1, i * T + t0, (i + 1) * T);
  });
  const out = { ...panel, treatment };
  validateTreatment(out, f.string("data")!, false, false);
  return out;
}

function optionsFromFlags(f: Flags): StaggeredOptions {
  const estimator = f.string("estimator");
  if (estimator === undefined) throw new UsageError(`missing --estimator (${STAGGERED_ESTIMATORS.join(", ")})`);
  const est = f.choice("estimator", STAGGERED_ESTIMATORS, "cs");
  const control = f.string("control");
  const common = commonOptions(f, {
    inference: didEstimator.inference,
    minReplicates: 0,
    unsupported: { threads: "did runs in one thread (its bootstrap is a cheap multiplier bootstrap); drop it" },
  });
  const covariates = f.list("covariates");
  return {
    ...common,
    estimator: est,
    ...(control !== undefined ? { control: f.choice("control", ["never", "notyet", "last"] as const, "never") } : {}),
    ...(f.has("method") ? { method: f.choice("method", ["dr", "ipw", "reg"] as const, "dr") } : {}),
    ...(f.has("base-period") ? { basePeriod: f.choice("base-period", ["varying", "universal"] as const, "varying") } : {}),
    anticipation: f.integer("anticipation", 0, 0)!,
    ...(covariates.length ? { covariates } : {}),
  };
}

const fmt = (x: number | undefined) => (x === undefined ? "" : Number.isFinite(x) ? x.toFixed(4) : String(x));
const line = (name: string, e: Estimate) => `  ${name.padEnd(22)} ${fmt(e.estimate).padStart(9)} ${fmt(e.se).padStart(9)}  ${e.ci ? `[${fmt(e.ci[0])}, ${fmt(e.ci[1])}]` : ""}`;

export function summary(e: Effect): string {
  const d = (e.diagnostics ?? {}) as Record<string, unknown>;
  const names: Record<string, string> = { cs: "Callaway & Sant'Anna", sa: "Sun & Abraham", imputation: "Borusyak, Jaravel & Spiess imputation", bacon: "Goodman-Bacon decomposition of TWFE" };
  const which = String(e.settings.estimator);
  const lines = [`${names[which] ?? which}; ${d.inference}`, "", `  ${"".padEnd(22)} ${"estimate".padStart(9)} ${"se".padStart(9)}  interval`];
  lines.push(line(which === "bacon" ? "TWFE coefficient" : "ATT", e.att));
  if (which === "bacon") {
    lines.push("", `  ${"type".padEnd(18)} ${"weight".padStart(8)} ${"estimate".padStart(9)}`);
    for (const t of d.byType as { type: string; weight: number; estimate: number }[]) lines.push(`  ${t.type.padEnd(18)} ${t.weight.toFixed(4).padStart(8)} ${fmt(t.estimate).padStart(9)}`);
    lines.push(`  weights sum to ${(d.weightSum as number).toFixed(12)}; Σ weight × estimate = ${(d.reproduced as number).toFixed(10)}`);
  } else {
    lines.push("", "  event time");
    for (const p of e.periods) lines.push(line(`e = ${p.relative}`, { estimate: p.effect, ...(p.se !== undefined ? { se: p.se } : {}), ...(p.ci ? { ci: p.ci } : {}) }));
  }
  for (const n of (d.notes as string[]) ?? []) lines.push(`note: ${n}`);
  return lines.join("\n");
}

export const command: Command = {
  summary: "staggered-adoption DiD: Callaway–Sant'Anna, Sun–Abraham, imputation, Bacon decomposition",
  help: HELP,
  async run(flags, io) {
    const opts = optionsFromFlags(flags);
    const panel = panelWithCohort(flags);
    flags.assertAllUsed();
    const effect = await fit(panel, opts);
    if (io.json) {
      io.out(JSON.stringify(effect, null, 2));
      for (const n of (effect.diagnostics?.notes as string[]) ?? []) io.err(`vru-eval did: note: ${n}\n`);
    } else io.out(summary(effect));
    return 0;
  },
};
