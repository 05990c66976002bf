/**
 * Interrupted time series and regression with ARIMA errors, checked against R 4.2
 * (stats::lm, stats::arima) on R's Seatbelts data. The seat-belt law took effect on
 * 31 January 1983; the data's `law` is 1 from February 1983, the intervention period here.
 *
 * R snippets (expected values below were printed with options(digits = 12)):
 *
 *   d <- read.csv("data/reference/seatbelts.csv")
 *   y <- log(d$DriversKilled); n <- length(y)
 *   time <- 1:n; law <- d$law; T0 <- which(law == 1)[1]
 *   time_after <- pmax(0, time - T0) * law        # 0 in the first law month
 *   month <- factor(d$month)
 *   m <- lm(y ~ time + law + time_after + month)  # coef(summary(m)), logLik(m), AIC(m)
 *   # Newey–West, lag 3, no prewhitening, no small-sample factor (= sandwich::NeweyWest(m, lag = 3, prewhite = FALSE, adjust = FALSE)):
 *   X <- model.matrix(m); e <- resid(m); L <- 3; S <- crossprod(X * e)
 *   for (l in 1:L) { w <- 1 - l/(L+1); G <- crossprod(X[(l+1):n,] * e[(l+1):n], X[1:(n-l),] * e[1:(n-l)]); S <- S + w * (G + t(G)) }
 *   B <- solve(crossprod(X)); sqrt(diag(B %*% S %*% B))
 *   f0 <- arima(y, order = c(1,0,0), seasonal = list(order = c(1,0,0), period = 12), xreg = cbind(law = law))
 *   xr <- X[, -1]
 *   f1 <- arima(y, order = c(1,0,0), xreg = xr, method = "ML")
 *   f2 <- arima(y, order = c(1,1,1), xreg = xr, method = "ML")
 *   X <- model.matrix(~ time + law + time_after + month)[, -1]; f4 <- arima(y, order = c(1,0,2), xreg = X, method = "ML")
 *   f3 <- arima(y, order = c(0,0,1), seasonal = list(order = c(0,1,1), period = 12), xreg = cbind(law = law), method = "ML")
 *   # f$coef, sqrt(diag(f$var.coef)), f$loglik, f$sigma2
 *   acf(y, lag.max = 5, plot = FALSE); pacf(y, lag.max = 5, plot = FALSE); Box.test(y, lag = 10, type = "Ljung")
 *   Box.test(resid(f0), lag = 24, type = "Ljung", fitdf = 2)   # X-squared = 34.54471559, p = 0.0432010803
 */
import { describe, expect, it } from "vitest";
import { ConvergenceError, InputError } from "../src/errors";
import { fitIts, fitItsModel } from "../src/estimators/its/index";
import { placeboInTime } from "../src/estimators/its/placebo";
import { numericColumn, readCsv } from "../src/io/csv";
import { referencePath } from "../src/io/paths";
import { fitRegArima } from "../src/timeseries/regarima";
import { forecastArimaErrors } from "../src/timeseries/forecast";
import { acf, ljungBox, ljungBoxTest, pacf } from "../src/timeseries/acf";

const table = readCsv(referencePath("seatbelts.csv"));
const y = Array.from(numericColumn(table, "DriversKilled"), Math.log);
const law = numericColumn(table, "law");
const year = numericColumn(table, "year"), month = numericColumn(table, "month");
const periods = Array.from(year, (v, i) => `${v}-${String(month[i]).padStart(2, "0")}`);
const n = y.length;

/** |a − b| ≤ tol·|b|: the agreement criterion (1e-3 relative). */
function close(a: number, b: number, tol = 1e-3) {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.abs(b));
}

describe("regression with ARIMA errors (exact ML) vs R stats::arima", () => {
  it("ARIMA(1,0,0)(1,0,0)[12] with intercept and law", () => {
    const X = new Float64Array(n * 2);
    for (let t = 0; t < n; t++) { X[2 * t] = 1; X[2 * t + 1] = law[t]; }
    const f = fitRegArima(y, X, ["intercept", "law"], { p: 1, d: 0, q: 0, P: 1, D: 0, Q: 0, s: 12 });
    expect(f.names).toEqual(["ar1", "sar1", "intercept", "law"]);
    const se = (i: number) => Math.sqrt(f.vcov[i * 4 + i]);
    close(f.coef[0], 0.457985144);
    close(f.coef[1], 0.4647780641);
    close(f.coef[2], 4.8135319917);
    close(f.coef[3], -0.2146706538);
    close(se(0), 0.07072920911);
    close(se(1), 0.0707282456);
    close(se(2), 0.03408451888);
    close(se(3), 0.06444583196);
    close(f.logLik, 106.1393477, 1e-6);
    close(f.sigma2, 0.01906440326);
    close(f.aic, -202.2786953, 1e-6);
    expect(f.converged).toBe(true);
    // The rounded figures.
    expect(f.coef[3]).toBeCloseTo(-0.2147, 4);
    expect(se(3)).toBeCloseTo(0.0644, 4);
  });

  it("seasonal differencing: ARIMA(0,0,1)(0,1,1)[12] with law (intercept dropped as in R)", () => {
    const X = new Float64Array(n * 2);
    for (let t = 0; t < n; t++) { X[2 * t] = 1; X[2 * t + 1] = law[t]; }
    const f = fitRegArima(y, X, ["intercept", "law"], { p: 0, d: 0, q: 1, P: 0, D: 1, Q: 1, s: 12 });
    expect(f.dropped).toEqual(["intercept"]);
    expect(f.names).toEqual(["ma1", "sma1", "law"]);
    close(f.coef[0], 0.387972517184);
    close(f.coef[1], -0.776922229486);
    close(f.coef[2], -0.191546751797);
    close(Math.sqrt(f.vcov[8]), 0.0438747972711);
    close(f.logLik, 100.224868277, 1e-5);
    close(f.sigma2, 0.0180598789902);
  });
});

describe("interrupted time series on Seatbelts vs R", () => {
  const base = { intervention: "1983-02", season: "month" as const };

  it("OLS log(DriversKilled) ~ time + law + time_after + month", () => {
    const e = fitIts(y, periods, base);
    const c = e.coefficients!;
    close(c.step.estimate, -0.205136736071, 1e-9);
    close(c.step.se!, 0.059275111102, 1e-9);
    close(c.step.p!, 0.0006751235878, 1e-6);
    close(c.slope.estimate, 0.005387354724, 1e-9);
    close(c.slope.se!, 0.004321660329, 1e-9);
    close(e.diagnostics!.logLik as number, 119.150800788, 1e-9);
    close(e.diagnostics!.aic as number, -206.301601575, 1e-9);
    expect(Object.keys(c)).toEqual(["intercept", "trend", "step", "slope", ...Array.from({ length: 11 }, (_, i) => `month${i + 2}`)]);
  });

  it("Newey–West (lag 3) standard errors", () => {
    const c = fitIts(y, periods, { ...base, errors: { type: "newey-west", lag: 3 } }).coefficients!;
    close(c.step.estimate, -0.205136736071, 1e-9);
    close(c.step.se!, 0.07719356583842, 1e-8);
    close(c.slope.se!, 0.00538219608293, 1e-8);
  });

  it("ARIMA(1,0,0) errors on the full segmented design", () => {
    const e = fitIts(y, periods, { ...base, errors: { type: "arima", order: { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, s: 12 } } });
    const c = e.coefficients!;
    close(c.ar1.estimate, 0.40012268777299);
    close(c.step.estimate, -0.19831029265471);
    close(c.slope.estimate, 0.00550509205145);
    close(c.ar1.se!, 0.06676694365941);
    close(c.step.se!, 0.07845726905811);
    close(c.slope.se!, 0.00574512368044);
    close(e.diagnostics!.logLik as number, 135.583385237, 1e-6);
    expect(e.diagnostics!.converged).toBe(true);
  });

  it("ARMA(1,2) errors (the order AICc picks)", () => {
    // R: arima(y, order = c(1,0,2), xreg = X, method = "ML") with X = model.matrix(~ time + law + time_after + month)[, -1]
    const e = fitIts(y, periods, { ...base, errors: { type: "arima", order: { p: 1, d: 0, q: 2, P: 0, D: 0, Q: 0, s: 12 } } });
    const c = e.coefficients!;
    close(c.ar1.estimate, 0.938579593982);
    close(c.ma1.estimate, -0.5533969849064);
    close(c.ma2.estimate, -0.2494672238501);
    close(c.step.estimate, -0.2133078732728);
    close(c.slope.estimate, 0.0054180094869);
    close(c.ar1.se!, 0.04851691893012);
    close(c.ma1.se!, 0.08670716026995);
    close(c.step.se!, 0.08050846094204);
    close(c.slope.se!, 0.00583471978962);
    close(e.diagnostics!.logLik as number, 138.5346634, 1e-6);
  });

  it("ARIMA(1,1,1) errors: differencing drops the intercept", () => {
    const e = fitIts(y, periods, { ...base, errors: { type: "arima", order: { p: 1, d: 1, q: 1, P: 0, D: 0, Q: 0, s: 12 } } });
    const c = e.coefficients!;
    expect(c.intercept).toBeUndefined();
    close(c.ar1.estimate, 0.27049694293982, 2e-3);
    close(c.ma1.estimate, -0.89650793880475);
    close(c.step.estimate, -0.21544839287208);
    close(c.slope.estimate, 0.00458743283822, 2e-3);
    close(c.step.se!, 0.08196210990659, 2e-3);
    close(e.diagnostics!.logLik as number, 134.261349539, 1e-5);
  });
});

describe("counterfactual and summaries", () => {
  it("OLS: effect = observed − counterfactual, cumulative is the running sum, att the modelled mean", () => {
    const e = fitIts(y, periods, { intervention: "1983-02", season: "month" });
    const post = e.periods.filter((p) => p.relative >= 0);
    expect(post).toHaveLength(23);
    for (const p of e.periods) close(p.effect, p.observed - p.counterfactual, 1e-12);
    let s = 0;
    post.forEach((p, h) => { s += p.effect; close(e.cumulative![h].effect, s, 1e-12); });
    // OLS residuals sum to zero over the post period (the step dummy is a regressor), so the
    // mean observed-minus-counterfactual equals the modelled average effect.
    close(s / post.length, e.att.estimate, 1e-9);
    const c = e.coefficients!;
    close(e.att.estimate, c.step.estimate + c.slope.estimate * 11, 1e-12);
    for (const p of post) expect(p.ci![0]).toBeLessThan(p.effect);
  });

  it("ARIMA errors: the counterfactual forecast reverts to the regression line", () => {
    const m = fitItsModel(y, periods, { intervention: "1983-02", season: "month", errors: { type: "arima", order: { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, s: 12 } } });
    const post = m.effect.periods.filter((p) => p.relative >= 0);
    const beta = m.arima!.beta, k = m.design.k, t0 = m.design.t0;
    const line = (t: number) => beta.reduce((a, b, j) => a + b * m.design.Xcf[t * k + j], 0);
    const ar = m.arima!.arma[0];
    // AR(1): E[u_{t0+h} | pre] = ar^{h+1} u_{t0−1}.
    post.forEach((p, h) => close(p.counterfactual, line(t0 + h) + ar ** (h + 1) * m.residuals[t0 - 1], 1e-9));
    // Interval widths grow with the horizon towards the unconditional variance.
    expect(post[5].se!).toBeGreaterThan(post[0].se!);
  });
});

describe("errors are clear", () => {
  it("intervention outside the series", () => {
    expect(() => fitIts(y, periods, { intervention: "1990-01" })).toThrow(InputError);
    expect(() => fitIts(y, periods, { intervention: "1990-01" })).toThrow(/not a period of the series \(1969-01 to 1984-12\)/);
    expect(() => fitIts(y, periods, { intervention: "1969-01" })).toThrow(/no pre-period/);
  });
  it("too few pre-period points for the model", () => {
    expect(() => fitIts(y, periods, { intervention: "1969-10", season: "month" })).toThrow(/only 9 periods before the intervention/);
    expect(() => fitIts(y.slice(0, 30), periods.slice(0, 30), { intervention: "1969-12", errors: { type: "arima", order: { p: 0, d: 0, q: 0, P: 0, D: 1, Q: 0, s: 12 } } })).toThrow(/needs more than 12 periods before the intervention; there are 11/);
  });
  it("bad lockdown window, missing outcome", () => {
    expect(() => fitIts(y, periods, { intervention: "1983-02", lockdown: { from: "1984-06", to: "1984-02" } })).toThrow(/ends before it starts/);
    const yy = y.slice();
    yy[5] = NaN;
    expect(() => fitIts(yy, periods, { intervention: "1983-02" })).toThrow(/not finite at period 1969-06/);
    expect(() => fitIts(new Array(n).fill(0), periods, { intervention: "1983-02" })).toThrow(/constant/);
  });
  it("non-convergence is reported, not silent", () => {
    const X = new Float64Array(n);
    X.fill(1);
    // One iteration cannot reach the optimum of a 4-parameter ARMA.
    expect(() => fitRegArima(y, X, ["intercept"], { p: 2, d: 0, q: 2, P: 0, D: 0, Q: 0, s: 12 }, { maxIter: 1 })).toThrow(ConvergenceError);
    const f = fitRegArima(y, X, ["intercept"], { p: 2, d: 0, q: 2, P: 0, D: 0, Q: 0, s: 12 }, { maxIter: 1, requireConvergence: false });
    expect(f.converged).toBe(false);
  });
});

describe("ACF, PACF, Ljung–Box vs R", () => {
  it("log(DriversKilled)", () => {
    const r = acf(y, 5), p = pacf(y, 5);
    [0.64396155791, 0.34871433876, 0.165086597856, 0.048635206434, 0.027557648414].forEach((v, i) => close(r[i], v, 1e-9));
    [0.6439615579096, -0.1127125001561, -0.021111871685, -0.0374628425152, 0.0550146759596].forEach((v, i) => close(p[i], v, 1e-9));
    close(ljungBox(y, 10), 122.263929817, 1e-9);
    // Box.test(resid(f0), lag = 24, type = "Ljung", fitdf = 2)
    const X = new Float64Array(n * 2);
    for (let t = 0; t < n; t++) { X[2 * t] = 1; X[2 * t + 1] = law[t]; }
    const f = fitRegArima(y, X, ["intercept", "law"], { p: 1, d: 0, q: 0, P: 1, D: 0, Q: 0, s: 12 });
    const lb = ljungBoxTest(f.innovations, 24, 2);
    close(lb.statistic, 34.54471559, 2e-3);
    close(lb.p, 0.0432010803, 2e-2);
  });
});

describe("forecast of ARIMA errors from the pre-period vs R predict()", () => {
  // pre <- log(d$DriversKilled)[1:168]
  // f <- arima(pre, order = c(1,1,1), fixed = c(0.3, -0.6), transform.pars = FALSE); predict(f, n.ahead = 6)
  // g <- arima(pre, order = c(0,1,1), seasonal = list(order = c(0,1,1), period = 12), fixed = c(-0.5, -0.7), transform.pars = FALSE); predict(g, n.ahead = 24)
  it("ARIMA(1,1,1): mean and standard error", () => {
    const f = forecastArimaErrors(y.slice(0, 174), 168, { p: 1, d: 1, q: 1, P: 0, D: 0, Q: 0, s: 12 }, [0.3, -0.6], 0.0274134242226);
    [[0, 4.98006663795, 0.165569997954], [1, 4.96692247308, 0.202103938833], [5, 4.9613348886, 0.280015087452]].forEach(([h, m, se]) => {
      close(f.mean[h], m, 1e-9);
      close(Math.sqrt(f.cov[h * 6 + h]), se, 1e-9);
    });
  });
  it("airline model ARIMA(0,1,1)(0,1,1)[12]", () => {
    const f = forecastArimaErrors(y.slice(0, 192), 168, { p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1, s: 12 }, [-0.5, -0.7], 0.0200128235164);
    [[0, 4.8022242157, 0.141469642735], [12, 4.81634209982, 0.296412060415], [23, 5.01838599719, 0.425292346807]].forEach(([h, m, se]) => {
      close(f.mean[h], m, 1e-6);
      close(Math.sqrt(f.cov[h * 24 + h]), se, 1e-6);
    });
  });
});

describe("placebo-in-time", () => {
  it("refits on the pre-period only, at each fake date", () => {
    const r = placeboInTime(y, periods, { intervention: "1983-02", season: "month" }, ["1977-01", "1981-01"]);
    expect(r.map((x) => x.intervention)).toEqual(["1977-01", "1981-01"]);
    // Same as fitting the truncated series directly.
    const direct = fitIts(y.slice(0, 169), periods.slice(0, 169), { intervention: "1981-01", season: "month" }).coefficients!;
    close(r[1].step.estimate, direct.step.estimate, 1e-12);
    expect(() => placeboInTime(y, periods, { intervention: "1983-02" }, ["1984-01"])).toThrow(/not before the intervention/);
  });
});
