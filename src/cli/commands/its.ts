import type { Command } from "../command";
import { toJson } from "../../io/json";
import { UsageError, type Flags } from "../args";
import type { Effect, Estimate } from "../../effect";
import { InputError } from "../../errors";
import { numericColumn, readCsv, stringColumn } from "../../io/csv";
import { matchPeriod, parsePeriodColumn } from "../../io/periods";
import { checkUnitId } from "../../io/values";
import { type ItsDiagnostics, type ItsErrors, type ItsFitOptions, type ItsOptions, type SeasonSpec, estimator } from "../../estimators/its/index";
import type { Panel } from "../../panel/panel";
import { commonOptions } from "../common-flags";

const HELP = `vru-eval its — interrupted time series (segmented regression) with autocorrelated errors

  y_t = β0 + β1·t + β2·post_t + β3·(t − T0)·post_t + β4·lockdown_t + season + x_t'γ + ε_t
  Counterfactual: the same model without the step and slope terms (pre-period trend extended),
  forecast from the pre-period with prediction intervals; effect = observed − counterfactual.

  --data FILE.csv       long CSV: one row per period (or per unit and period, summed over units)
  --time COL            period column: YYYY-MM, or integers with --cycle for seasons
  --outcome COL         outcome column
  --unit COL            unit column: the series is the sum (or --aggregate mean) over units
  --aggregate sum|mean  how units are combined (default sum)
  --log                 model log(outcome)
  --treatment-time T    first period of the intervention (required; --intervention is a deprecated alias)
  --lockdown FROM:TO    lockdown dummy over these periods (inclusive)
  --season S            none (default), month (11 dummies) or fourier:K (K sine/cosine pairs)
  --cycle COL           position in the season (1–12) when --time is not YYYY-MM
  --errors E            ols (default) | newey-west:L | arima:p,d,q[,P,D,Q,s] | auto[:maxP,maxQ[,maxSP,maxSQ]]
                        (auto: ARMA orders chosen by AICc, default p, q ≤ 2, d = 0; seasonal
                        P, Q ≤ 1 at lag 12 only with --season none)
  --covariates A,B      extra regressors (single series only)
  --alpha A             significance level (default 0.05)
  --inference parametric  the only one (intervals from the fitted error model)
  --json                print the Effect as JSON on stdout

Example:
  vru-eval its --data series.csv --time month --outcome offences \\
    --treatment-time 2019-04 --lockdown 2020-04:2020-06 --season month --errors arima:1,0,0`;

export function parseErrors(spec: string): ItsErrors {
  const s = spec.trim();
  if (s === "ols") return { type: "ols" };
  if (s === "auto") return { type: "auto" };
  const a = /^auto:(\d+),(\d+)(?:,(\d+),(\d+))?$/.exec(s);
  if (a) return { type: "auto", search: { maxP: Number(a[1]), maxQ: Number(a[2]), ...(a[3] !== undefined ? { maxSP: Number(a[3]), maxSQ: Number(a[4]) } : {}) } };
  let m = /^newey-west:(\d+)$/.exec(s);
  if (m) return { type: "newey-west", lag: Number(m[1]) };
  m = /^arima:(\d+(?:,\d+)*)$/.exec(s);
  if (m) {
    const v = m[1].split(",").map(Number);
    if (v.length !== 3 && v.length !== 7) throw new UsageError(`--errors arima takes p,d,q or p,d,q,P,D,Q,s; got "${spec}"`);
    const [p, d, q, P = 0, D = 0, Q = 0, sp = 12] = v;
    if (v.length === 7 && !(sp >= 2)) throw new UsageError(`--errors arima: the seasonal period must be at least 2; got ${sp}`);
    return { type: "arima", order: { p, d, q, P, D, Q, s: sp } };
  }
  throw new UsageError(`--errors must be ols, newey-west:L, arima:p,d,q[,P,D,Q,s] or auto[:maxP,maxQ[,maxSP,maxSQ]]; got "${spec}"`);
}

export function parseSeason(spec: string): SeasonSpec {
  if (spec === "none" || spec === "month") return spec;
  const m = /^fourier:(\d+)$/.exec(spec);
  if (m) return { fourier: Number(m[1]) };
  throw new UsageError(`--season must be none, month or fourier:K; got "${spec}"`);
}

interface Series {
  y: number[];
  periods: string[];
  cycle?: number[];
  regressors: Record<string, number[]>;
}

/** Reads the series; with --unit, combines units per period (every unit must have every period). */
function readSeries(f: Flags): Series {
  const path = f.required("data");
  const timeCol = f.required("time"), outcomeCol = f.required("outcome");
  const unitCol = f.string("unit"), cycleCol = f.string("cycle"), covs = f.list("covariates");
  const agg = f.choice("aggregate", ["sum", "mean"] as const, "sum");
  const log = f.bool("log");
  const t = readCsv(path);
  const parsed = parsePeriodColumn(stringColumn(t, timeCol), { file: path, column: timeCol });
  const time = parsed.labels, out = numericColumn(t, outcomeCol);
  const cyc = cycleCol ? numericColumn(t, cycleCol) : undefined;
  const units = unitCol ? stringColumn(t, unitCol) : undefined;
  units?.forEach((u, i) => checkUnitId(u, `${path}: row ${i + 2}`, { file: path, column: unitCol! }));
  const nUnits = units ? new Set(units).size : 1;
  if (nUnits > 1 && covs.length) throw new UsageError("--covariates needs a single series (one row per period); aggregate the regressors yourself");
  const cov = covs.map((c) => numericColumn(t, c));
  const uniq = parsed.periods;
  const pos = new Map(uniq.map((p, i) => [p, i]));
  const T = uniq.length, sum = new Float64Array(T), count = new Int32Array(T);
  const seen = new Set<string>();
  const cycle: number[] = new Array(T).fill(NaN), regs = covs.map(() => new Array<number>(T).fill(NaN));
  for (let i = 0; i < time.length; i++) {
    const key = `${units?.[i] ?? ""}\u0000${time[i]}`;
    if (seen.has(key)) throw new InputError(`${path}: duplicate row for ${units ? `unit "${units[i]}", ` : ""}period "${time[i]}" (row ${i + 2})`);
    seen.add(key);
    if (!Number.isFinite(out[i])) throw new InputError(`${path}: row ${i + 2}, column "${outcomeCol}" is missing (period ${time[i]}${units ? `, unit ${units[i]}` : ""})`);
    const k = pos.get(time[i])!;
    sum[k] += out[i];
    count[k]++;
    if (cyc) cycle[k] = cyc[i];
    cov.forEach((c, j) => (regs[j][k] = c[i]));
  }
  for (let k = 0; k < T; k++)
    if (count[k] !== nUnits) throw new InputError(`${path}: period ${uniq[k]} has ${count[k]} of ${nUnits} units; every unit needs every period`);
  let y = Array.from(sum, (s, k) => (agg === "mean" ? s / count[k] : s));
  if (log) {
    const bad = y.findIndex((v) => !(v > 0));
    if (bad >= 0) throw new InputError(`${path}: --log needs a positive outcome; period ${uniq[bad]} has ${y[bad]}`);
    y = y.map(Math.log);
  }
  return { y, periods: uniq, ...(cyc ? { cycle } : {}), regressors: Object.fromEntries(covs.map((c, j) => [c, regs[j]])) };
}

const NO_DRAWS = "its fits one series (no replicates, seeds, threads or clusters): drop it";

/** The series as a one-unit panel (what its estimator takes). */
function seriesPanel(s: Series): Panel {
  // Built directly, not through panelFromColumns, so the periods keep the series' order.
  return { units: ["series"], periods: s.periods, outcome: "series", y: Float64Array.from(s.y), treatment: new Uint8Array(s.periods.length), covariates: {}, attributes: {} };
}

function optionsFromFlags(f: Flags, s: Series): ItsFitOptions {
  const lock = f.string("lockdown");
  let lockdown: ItsOptions["lockdown"];
  if (lock !== undefined) {
    const parts = lock.split(":");
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new UsageError(`--lockdown must be FROM:TO (e.g. 2020-04:2020-06), got "${lock}"`);
    lockdown = { from: matchPeriod(parts[0], s.periods), to: matchPeriod(parts[1], s.periods) };
  }
  const common = commonOptions(f, {
    inference: estimator.inference,
    aliases: { "treatment-time": ["intervention"] },
    unsupported: { replicates: NO_DRAWS, seed: NO_DRAWS, threads: NO_DRAWS, cluster: NO_DRAWS },
  });
  if (common.treatmentTime === undefined) throw new UsageError("missing --treatment-time");
  return {
    ...common,
    treatmentTime: matchPeriod(common.treatmentTime, s.periods),
    alpha: common.alpha ?? 0.05,
    ...(lockdown ? { lockdown } : {}),
    season: parseSeason(f.string("season") ?? "none"),
    errors: parseErrors(f.string("errors") ?? "ols"),
    ...(s.cycle ? { cycle: s.cycle } : {}),
    ...(Object.keys(s.regressors).length ? { regressors: s.regressors } : {}),
  };
}

const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "—" : Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(4));
const row = (name: string, e: Estimate) =>
  `  ${name.padEnd(12)} ${fmt(e.estimate).padStart(11)} ${fmt(e.se).padStart(11)}  [${fmt(e.ci?.[0])}, ${fmt(e.ci?.[1])}]  p = ${e.p === undefined ? "—" : e.p.toPrecision(3)}`;

export function summary(e: Effect<ItsDiagnostics>): string {
  const d = e.diagnostics!;
  const level = Math.round((1 - (e.alpha ?? 0.05)) * 100);
  const last = e.cumulative?.at(-1);
  const lines = [
    `Interrupted time series: intervention ${e.settings.intervention}, errors ${e.settings.order ?? e.settings.errors}, season ${e.settings.season}${e.settings.lockdown ? `, lockdown ${e.settings.lockdown}` : ""}`,
    `logLik ${fmt(d.logLik)}, AIC ${fmt(d.aic)}, AICc ${fmt(d.aicc)}, sigma² ${fmt(d.sigma2)}, converged ${d.converged}; ${level}% intervals`,
    "",
    `  ${"term".padEnd(12)} ${"estimate".padStart(11)} ${"se".padStart(11)}  interval`,
    ...Object.entries(e.coefficients ?? {}).map(([k, v]) => row(k, v)),
    "",
    row("mean effect", e.att),
    ...(last ? [`  cumulative observed − counterfactual to ${last.time}: ${fmt(last.effect)} [${fmt(last.ci?.[0])}, ${fmt(last.ci?.[1])}]`] : []),
  ];
  const lb = d.ljungBox;
  if (lb) lines.push(`  residual Ljung–Box (${lb.lag} lags): Q = ${fmt(lb.statistic)}, df ${lb.df}, p = ${lb.p.toPrecision(3)}${lb.p < 0.05 ? " — residual autocorrelation left: try --errors arima or auto" : ""}`);
  for (const w of d.warnings ?? []) lines.push(`warning: ${w}`);
  return lines.join("\n");
}

export const command: Command = {
  summary: estimator.summary,
  help: HELP,
  async run(flags, io) {
    const series = readSeries(flags);
    const opts = optionsFromFlags(flags, series);
    flags.assertAllUsed();
    // Non-convergence is reported in diagnostics (and on stderr), not turned into a crash.
    const effect = await estimator.fit(seriesPanel(series), { ...opts, requireConvergence: false });
    if (io.json) io.out(toJson(effect));
    else io.out(summary(effect));
    if (effect.diagnostics?.converged === false) {
      io.err(`vru-eval its: the likelihood maximisation did not converge (${effect.diagnostics.message}); estimates are unreliable\n`);
      return 1;
    }
    for (const w of effect.diagnostics?.warnings ?? []) if (io.json) io.err(`vru-eval its: warning: ${w}\n`);
    return 0;
  },
};
