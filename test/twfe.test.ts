/**
 * Two-way fixed effects: agreement with R lm() + a hand-coded CR1 sandwich on gsynth's
 * `turnout` data (tolerance 1e-6 relative for coefficients and SEs, under both small-sample
 * conventions), event study and pre-trend F test against the same R computation, the
 * exact wild cluster bootstrap against brute-force refits, and clear errors.
 *
 * Expected numbers come from R 4.2.2 (Debian r-base-core), with this snippet:
 *
 *   d <- read.csv("data/reference/gsynth_turnout.csv")
 *   cr1 <- function(fit, cl, K) {               # K = parameters counted in (n-1)/(n-K)
 *     X <- model.matrix(fit); e <- resid(fit); n <- nrow(X); G <- length(unique(cl))
 *     B <- solve(crossprod(X))
 *     sqrt(diag(G/(G-1) * (n-1)/(n-K) * B %*% crossprod(rowsum(X * e, cl)) %*% B))
 *   }
 *   fit <- lm(turnout ~ policy_edr + factor(abb) + factor(year), data = d)
 *   # "lm" convention: K = fit$rank (every dummy, 71); "nested": K = p + T (1 + 24 = 25)
 *   sprintf("%.17g", c(coef(fit)["policy_edr"], cr1(fit, d$abb, fit$rank)["policy_edr"], cr1(fit, d$abb, 1 + 24)["policy_edr"]))
 *   fit <- lm(turnout ~ policy_edr + policy_mail_in + policy_motor + factor(abb) + factor(year), data = d)
 *   # same with K = fit$rank (73) and K = 3 + 24
 *   # Unbalanced: d <- d[(seq_len(nrow(d)) %% 7) != 3, ]  (n = 967, rank 73), same two calls.
 *
 *   # Event study, leads 4 lags 3 (end points binned), reference e = -1, nested convention:
 *   d <- d[order(d$abb, d$year), ]
 *   first <- tapply(ifelse(d$policy_edr == 1, d$year, NA), d$abb, min, na.rm = TRUE)
 *   first[!is.finite(first)] <- NA
 *   e <- pmin(pmax((d$year - first[d$abb]) / 4, -4), 3)
 *   for (k in c(-4, -3, -2, 0, 1, 2, 3)) d[[if (k < 0) paste0("lead", -k) else paste0("lag", k)]] <- as.numeric(!is.na(e) & e == k)
 *   fit <- lm(turnout ~ lead4 + lead3 + lead2 + lag0 + lag1 + lag2 + lag3 + policy_mail_in + policy_motor + factor(abb) + factor(year), data = d)
 *   X <- model.matrix(fit); r <- resid(fit); n <- nrow(X); G <- 47
 *   V <- G/(G-1) * (n-1)/(n-(9+24)) * solve(crossprod(X)) %*% crossprod(rowsum(X * r, d$abb)) %*% solve(crossprod(X))
 *   L <- c("lead4","lead3","lead2"); W <- t(coef(fit)[L]) %*% solve(V[L, L]) %*% coef(fit)[L]
 *   pf(W/3, 3, G-1, lower.tail = FALSE)
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors";
import { twfe } from "../src/estimators/twfe/index";
import { createDemeaner, feLayout } from "../src/linalg/demean";
import { fUpperTail, tTwoSided, tUpperQuantile } from "../src/stats/distributions";
import { wildProblem } from "../src/estimators/twfe/wild-bootstrap";
import { clusterVcov, fitWithin } from "../src/linalg/within";
import { referencePath } from "../src/io/paths";
import { panelFromCsv } from "../src/panel/from-csv";
import { panelFromColumns, type Panel } from "../src/panel/panel";
import { createRng } from "../src/random";

const turnout = (covariates: string[] = []) =>
  panelFromCsv(referencePath("gsynth_turnout.csv"), { unit: "abb", time: "year", outcome: "turnout", treatment: "policy_edr", covariates });

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const TOL = 1e-6;

describe("twfe agrees with R lm() + CR1 on turnout", () => {
  it("policy_edr only", () => {
    const e = twfe(turnout(), { convention: "lm" });
    expect(rel(e.att.estimate, 0.87187900795012485)).toBeLessThan(TOL);
    expect(rel(e.att.se!, 3.0508061450452297)).toBeLessThan(TOL);
    const seBy = e.diagnostics!.seByConvention as { nested: number; lm: number };
    expect(rel(seBy.nested, 2.9865125901090579)).toBeLessThan(TOL);
    expect(e.diagnostics).toMatchObject({ nClusters: 47, nObs: 1128, K: 71, df: 46, iterations: 2 });
    const nested = twfe(turnout());
    expect(nested.settings.convention).toBe("nested");
    expect(nested.diagnostics!.K).toBe(25);
    expect(rel(nested.att.se!, 2.9865125901090579)).toBeLessThan(TOL);
    // p and CI from Student t with G − 1 = 46 df (R: qt(0.975, 46) = 2.0128955989194286).
    const q = 2.0128955989194286;
    expect(rel(nested.att.ci![1], 0.87187900795012485 + q * 2.9865125901090579)).toBeLessThan(TOL);
  });

  it("with policy_mail_in and policy_motor as covariates", () => {
    const expected = {
      policy_edr: [0.77757431162929425, 3.2466832845498592, 3.1781361290400163],
      policy_mail_in: [-0.9442963010380353, 1.7935707599206117, 1.7557031384056814],
      policy_motor: [-0.20570723809251193, 1.4252493797002954, 1.3951581196948806],
    };
    for (const convention of ["lm", "nested"] as const) {
      const e = twfe(turnout(["policy_mail_in", "policy_motor"]), { convention });
      const col = convention === "lm" ? 1 : 2;
      expect(rel(e.att.estimate, expected.policy_edr[0])).toBeLessThan(TOL);
      expect(rel(e.att.se!, expected.policy_edr[col])).toBeLessThan(TOL);
      for (const k of ["policy_mail_in", "policy_motor"] as const) {
        expect(rel(e.coefficients![k].estimate, expected[k][0])).toBeLessThan(TOL);
        expect(rel(e.coefficients![k].se!, expected[k][col])).toBeLessThan(TOL);
      }
      expect(e.diagnostics!.K).toBe(convention === "lm" ? 73 : 27);
    }
  });

  it("unbalanced panel (every 7th row missing) by iterated demeaning", () => {
    const p = turnout(["policy_mail_in", "policy_motor"]);
    for (let c = 0; c < p.y.length; c++) if ((c + 1) % 7 === 3) p.y[c] = NaN;
    const lm = twfe(p, { convention: "lm" }), nested = twfe(p);
    expect(lm.diagnostics).toMatchObject({ nObs: 967, K: 73, droppedMissing: 161 });
    expect(lm.diagnostics!.iterations as number).toBeGreaterThan(2);
    expect(rel(lm.att.estimate, 1.1751663276857578)).toBeLessThan(TOL);
    expect(rel(lm.att.se!, 3.4031638128437178)).toBeLessThan(TOL);
    expect(rel(nested.att.se!, 3.3188504802630594)).toBeLessThan(TOL);
    expect(rel(lm.coefficients!.policy_mail_in.estimate, -1.1625387386730461)).toBeLessThan(TOL);
    expect(rel(lm.coefficients!.policy_mail_in.se!, 1.8685458618670112)).toBeLessThan(TOL);
    expect(rel(nested.coefficients!.policy_motor.se!, 1.5081118599421319)).toBeLessThan(TOL);
  });

  it("event study coefficients and the joint pre-trend test", () => {
    const e = twfe(turnout(["policy_mail_in", "policy_motor"]), { eventStudy: { leads: 4, lags: 3 } });
    const expected: Record<string, [number, number]> = {
      lead4: [3.8930538415783706, 2.3052681218109665],
      lead3: [-0.027168949190162793, 1.4606661339299267],
      lead2: [-0.099742354417779192, 0.50236562525882522],
      lag0: [2.2287663141531313, 1.1141354542106467],
      lag1: [2.8560338745294547, 1.4895571653063697],
      lag2: [2.2692442864058933, 2.0377992695625786],
      lag3: [5.1566639413494411, 2.3650933417917015],
    };
    for (const [k, [b, se]] of Object.entries(expected)) {
      expect(rel(e.coefficients![k].estimate, b)).toBeLessThan(TOL);
      expect(rel(e.coefficients![k].se!, se)).toBeLessThan(TOL);
    }
    expect(e.coefficients!.lead1).toBeUndefined(); // the reference period
    const pt = e.diagnostics!.pretrend as { F: number; p: number; df1: number; df2: number };
    expect(rel(pt.F, 1.0286948184671039)).toBeLessThan(TOL);
    expect(rel(pt.p, 0.38870913773613458)).toBeLessThan(TOL);
    expect([pt.df1, pt.df2]).toEqual([3, 46]);
  });
});

describe("distributions agree with R", () => {
  it("t and F", () => {
    expect(rel(tUpperQuantile(0.05, 5), 2.0150483733330224)).toBeLessThan(1e-10);
    expect(rel(tUpperQuantile(0.005, 120), 2.6174211451068659)).toBeLessThan(1e-10);
    expect(rel(tTwoSided(2.5, 3), 0.087706647008065505)).toBeLessThan(1e-10);
    expect(rel(tTwoSided(1.3, 46), 0.20007750133469621)).toBeLessThan(1e-10);
    expect(rel(fUpperTail(2.2, 4, 17), 0.11246738717204532)).toBeLessThan(1e-10);
  });
});

/** A small simulated panel: `nUnits` units in clusters of 3, staggered adoption, one covariate. */
function simPanel(seed: number, nUnits = 15, T = 8, opts: { missing?: number; effect?: number } = {}): Panel {
  const rng = createRng(seed);
  const unit: string[] = [], time: number[] = [], y: number[] = [], d: number[] = [], x: number[] = [], region: string[] = [];
  for (let i = 0; i < nUnits; i++) {
    const a = rng.normal(), start = i % 3 === 0 ? 3 + (i % 4) : -1;
    for (let t = 0; t < T; t++) {
      const treated = start >= 0 && t >= start ? 1 : 0;
      const xv = rng.normal();
      unit.push(`u${i}`); time.push(t); region.push(`r${Math.floor(i / 3)}`);
      d.push(treated); x.push(xv);
      y.push(rng.uniform() < (opts.missing ?? 0) ? NaN : a + 0.3 * t + (opts.effect ?? 1) * treated + 0.5 * xv + rng.normal());
    }
  }
  return panelFromColumns({ unit, time, outcome: y, treatment: d, covariates: { x }, attributes: { region } });
}

describe("wild cluster restricted bootstrap", () => {
  it("the O(G²) statistic equals re-estimating on the bootstrap sample", () => {
    const p = simPanel(3, 15, 8, { missing: 0.1 });
    const cell: number[] = [];
    for (let c = 0; c < p.y.length; c++) if (Number.isFinite(p.y[c])) cell.push(c);
    const T = p.periods.length;
    const unit = Int32Array.from(cell, (c) => Math.floor(c / T)), period = Int32Array.from(cell, (c) => c % T);
    const dm = createDemeaner(feLayout(unit, period, p.units.length, T));
    const cluster = Int32Array.from(unit, (i) => Math.floor(i / 3));
    const G = 5, scale = 1.37; // any positive factor: the same one scales both sides
    const regs = [
      { name: "D", values: Float64Array.from(cell, (c) => p.treatment[c]) },
      { name: "x", values: Float64Array.from(cell, (c) => p.covariates.x[c]) },
    ];
    const y = Float64Array.from(cell, (c) => p.y[c]);
    const fit = fitWithin(dm, y, "y", regs);
    const problem = wildProblem(fit, dm, cluster, G, scale, "dense");
    const direct = wildProblem(fit, dm, cluster, G, scale, "direct");
    const rng = createRng(11);
    for (const tau0 of [0, 0.7, -2]) {
      const er = problem.restrictedResiduals(tau0);
      for (let rep = 0; rep < 4; rep++) {
        const w = Float64Array.from({ length: G }, () => (rng.int(2) ? 1 : -1) * (1 + rng.uniform()));
        // y* = restricted fit + w ⊙ restricted residual = y + (w − 1) ⊙ e_r
        const ystar = Float64Array.from(y, (v, k) => v + (w[cluster[k]] - 1) * er[k]);
        const refit = fitWithin(dm, ystar, "y*", regs);
        const se = Math.sqrt(clusterVcov(refit, cluster, G, scale)[0]);
        const brute = (refit.coef[0] - tau0) / se;
        expect(Math.abs(problem.statistic(w, tau0) - brute)).toBeLessThan(1e-8 * Math.max(1, Math.abs(brute)));
        expect(Math.abs(direct.statistic(w, tau0) - brute)).toBeLessThan(1e-8 * Math.max(1, Math.abs(brute)));
      }
    }
  });

  it("is seeded, enumerates Rademacher patterns with few clusters, and its CI brackets the estimate", () => {
    const p = simPanel(5, 15, 8);
    const run = (seed: number, weights: "webb" | "rademacher", reps = 199) => twfe(p, { cluster: "region", bootstrap: { reps, seed, weights } });
    const a = run(1, "webb"), b = run(1, "webb"), c = run(2, "webb");
    expect(a.att).toEqual(b.att);
    expect(a.att.ci).not.toEqual(c.att.ci);
    expect(a.att.ci![0]).toBeLessThan(a.att.estimate);
    expect(a.att.ci![1]).toBeGreaterThan(a.att.estimate);
    const r = run(1, "rademacher", 999);
    const boot = r.diagnostics!.bootstrap as { reps: number; enumerated: boolean };
    expect(boot).toMatchObject({ reps: 32, enumerated: true });
    expect(r.att.se).toBe(a.att.se); // the SE stays CR1; p and CI come from the bootstrap
  });
});

describe("twfe on simulated panels", () => {
  it("recovers a known effect under parallel trends and reports the treated aggregate", () => {
    const p = simPanel(8, 60, 10, { effect: 2 });
    const e = twfe(p);
    expect(Math.abs(e.att.estimate - 2)).toBeLessThan(4 * e.att.se!);
    const last = e.periods[e.periods.length - 1];
    expect(last.observed - last.counterfactual).toBeCloseTo(last.effect, 12);
    expect(e.periods[0].effect).toBe(0);
  });
});

describe("factor-panel simulator and the repeated-simulation comparison", () => {
  it("is seeded and carries its truth", async () => {
    const { factorPanel } = await import("../src/simulate/factor-panel");
    const a = factorPanel({ seed: 4, effect: (k) => k }), b = factorPanel({ seed: 4, effect: (k) => k });
    expect(a.panel.y).toEqual(b.panel.y);
    expect(a.trueEffect.slice(19, 23)).toEqual([0, 0, 1, 2]);
    expect(a.trueAtt).toBe(4.5); // mean of 0…9 over the 10 post periods
    expect(factorPanel({ seed: 5 }).panel.y).not.toEqual(a.panel.y);
  });

  it("shows TWFE biased when trends are not parallel and not when they are", async () => {
    const { compareMethods, twfeEstimators } = await import("../src/compare/method-comparison");
    const rows = await compareMethods({
      estimators: twfeEstimators().slice(0, 1), reps: 30, seed: 9,
      scenarios: [{ name: "parallel", panel: { loadingShift: 0 } }, { name: "non-parallel", panel: { loadingShift: 1 } }],
    });
    const [parallel, nonParallel] = rows;
    expect(Math.abs(parallel.bias)).toBeLessThan(0.4);
    expect(nonParallel.bias).toBeGreaterThan(0.6);
    expect(nonParallel.rejectionRate).toBeGreaterThan(0.2);
    expect(parallel.failures + nonParallel.failures).toBe(0);
  });
});

describe("twfe input errors", () => {
  const base = (d: (i: number, t: number) => number, extra: Partial<Parameters<typeof panelFromColumns>[0]> = {}) => {
    const unit: string[] = [], time: number[] = [], y: number[] = [], treatment: number[] = [];
    for (let i = 0; i < 5; i++) for (let t = 0; t < 4; t++) { unit.push(`u${i}`); time.push(t); y.push(i + t + ((i * 7 + t * 3) % 5) / 10); treatment.push(d(i, t)); }
    return panelFromColumns({ unit, time, outcome: y, treatment, ...extra });
  };
  it("no variation in treatment", () => {
    expect(() => twfe(base(() => 0))).toThrow(InputError);
    expect(() => twfe(base(() => 0))).toThrow(/no variation.*untreated/);
    // every unit adopts in period 2: D is a period effect
    expect(() => twfe(base((_i, t) => (t >= 2 ? 1 : 0)))).toThrow(/no variation left after removing unit and period effects/);
  });
  it("cluster column missing", () => {
    expect(() => twfe(base((i, t) => (i < 2 && t >= 2 ? 1 : 0)), { cluster: "pfa" })).toThrow(/cluster column "pfa" is not in the panel/);
  });
  it("singletons are dropped with a note, or refused", () => {
    const p = base((i, t) => (i < 2 && t >= 2 ? 1 : 0));
    for (let t = 1; t < 4; t++) p.y[4 * 4 + t] = NaN; // unit u4 keeps one observation
    const e = twfe(p);
    expect(e.diagnostics!.singletons).toMatchObject({ units: ["u4"], observations: 1 });
    expect((e.diagnostics!.notes as string[]).join(" ")).toMatch(/dropped singletons: 1 observation of unit u4/);
    expect(() => twfe(p, { singletons: "error" })).toThrow(/singleton observations: 1 observation of unit u4/);
  });
  it("a covariate with no within variation is named", () => {
    const p = base((i, t) => (i < 2 && t >= 2 ? 1 : 0));
    p.covariates.size = Float64Array.from({ length: 20 }, (_, c) => Math.floor(c / 4));
    expect(() => twfe(p)).toThrow(/regressor "size" has no variation left/);
  });
  it("bad event-study window", () => {
    expect(() => twfe(base((i, t) => (i < 2 && t >= 2 ? 1 : 0)), { eventStudy: { leads: 0, lags: 1 } })).toThrow(/leads must be an integer ≥ 1/);
    expect(() => twfe(base((i, t) => (i < 2 && t >= 2 ? 1 : 0)), { eventStudy: { leads: 2, lags: 1, reference: 0 } })).toThrow(/reference period/);
  });
});

describe("iterated demeaning on a sparse unbalanced panel", () => {
  it("gives the coefficients of OLS with explicit unit and period dummies", async () => {
    const { Matrix, QrDecomposition } = await import("ml-matrix");
    const rng = createRng(3), N = 120, T = 20;
    const unit: string[] = [], time: number[] = [], y: number[] = [], d: number[] = [], x: number[] = [];
    for (let i = 0; i < N; i++) {
      const s = i < 30 ? 6 + (i % 10) : -1;
      for (let t = 0; t < T; t++) {
        const D = s >= 0 && t >= s ? 1 : 0, xv = rng.normal();
        unit.push(`u${i}`); time.push(t); d.push(D); x.push(xv);
        y.push(rng.uniform() < 0.7 ? NaN : i * 0.1 + Math.sin(t) + D + xv + rng.normal());
      }
    }
    const e = twfe(panelFromColumns({ unit, time, outcome: y, treatment: d, covariates: { x }, allowNoPrePeriod: true }));
    expect(e.diagnostics!.iterations as number).toBeGreaterThan(5);
    // Singletons do not change the coefficients (their own dummy fits them), so LSDV can keep them.
    const units = new Map<string, number>();
    const rows: number[][] = [], yy: number[] = [];
    for (let r = 0; r < y.length; r++) if (Number.isFinite(y[r]) && !units.has(unit[r])) units.set(unit[r], units.size);
    for (let r = 0; r < y.length; r++) {
      if (!Number.isFinite(y[r])) continue;
      const row = new Array(2 + units.size + T - 1).fill(0);
      row[0] = d[r]; row[1] = x[r]; row[2 + units.get(unit[r])!] = 1;
      if (time[r] > 0) row[1 + units.size + time[r]] = 1;
      rows.push(row); yy.push(y[r]);
    }
    const b = new QrDecomposition(new Matrix(rows)).solve(Matrix.columnVector(yy));
    expect(rel(e.att.estimate, b.get(0, 0))).toBeLessThan(1e-8);
    expect(rel(e.coefficients!.x.estimate, b.get(1, 0))).toBeLessThan(1e-8);
  });
});

describe("event-study plot", () => {
  it("plots each lead/lag with its interval and the reference at 0", async () => {
    const { eventStudyPlot } = await import("../src/plots/twfe-event-study");
    const e = twfe(turnout(), { eventStudy: { leads: 3, lags: 2 } });
    const fig = eventStudyPlot(e);
    const trace = fig.data[0] as { x: number[]; y: number[] };
    expect(trace.x).toEqual([-3, -2, -1, 0, 1, 2]);
    expect(trace.y[2]).toBe(0);
    expect(trace.y[3]).toBe(e.coefficients!.lag0.estimate);
    expect(() => eventStudyPlot(twfe(turnout()))).toThrow(/event study/);
  });
});
