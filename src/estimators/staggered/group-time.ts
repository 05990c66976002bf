/**
 * Callaway & Sant'Anna (2021) group-time average treatment effects ATT(g, t): for cohort g
 * (units first treated in period g) and period t, the 2×2 DiD of Y_t − Y_base between
 * cohort g and a comparison group, with R did's conventions:
 *  - base period: "varying" (default) compares periods before g with the period before
 *    (t − 1), periods from g on with g − 1 − anticipation; "universal" uses g − 1 −
 *    anticipation for every t (the base cell itself is reported as 0);
 *  - comparison: "never" — never-treated units; "notyet" — those plus units first treated
 *    after max(t, base) + anticipation (not yet treated, nor anticipating, in either period);
 *  - covariates enter at their base-period values (as did uses pre-period covariates).
 * Each cell carries its influence function over all N units, so any aggregation's standard
 * error follows by linearity.
 */
import { InputError } from "../../errors";
import { covariateDid, meanDid, type CsMethod } from "./drdid";
import { cohortLabel, type StaggeredDesign } from "./design";

export type ControlGroup = "never" | "notyet";
export type BasePeriod = "varying" | "universal";

export interface GroupTimeOptions {
  control: ControlGroup;
  method: CsMethod;
  covariates: string[];
  anticipation: number;
  basePeriod: BasePeriod;
}

export interface GroupTimeCell {
  /** Cohort and period as period indices, and the base period the change is measured from. */
  g: number;
  t: number;
  base: number;
  group: string;
  time: string;
  /** t − g. */
  event: number;
  att: number;
  /** Influence function over all N units (0 outside the cell); var(att) = Σψ²/N². */
  inf: Float64Array;
  nTreated: number;
  nControl: number;
}

export function groupTimeEffects(d: StaggeredDesign, o: GroupTimeOptions): { cells: GroupTimeCell[]; skipped: string[] } {
  const { panel, N, T, start } = d;
  const k = 1 + o.covariates.length;
  const cells: GroupTimeCell[] = [];
  const skipped: string[] = [];
  for (const g of d.cohorts) {
    const preLast = g - 1 - o.anticipation;
    if (preLast < 0) { skipped.push(`cohort ${cohortLabel(d, g)} has no period before treatment${o.anticipation ? " and anticipation" : ""}`); continue; }
    for (let t = o.basePeriod === "varying" ? 1 : 0; t < T; t++) {
      const post = t >= g;
      const base = o.basePeriod === "universal" || post ? preLast : t - 1;
      const cell = { g, t, base, group: cohortLabel(d, g), time: panel.periods[t], event: t - g };
      if (t === base) { cells.push({ ...cell, att: 0, inf: new Float64Array(N), nTreated: d.cohortSize[d.cohorts.indexOf(g)], nControl: 0 }); continue; }
      const limit = Math.max(t, base) + o.anticipation;
      const members: number[] = [];
      let nTreated = 0;
      for (let i = 0; i < N; i++) {
        const s = start[i];
        if (s === g) { members.push(i); nTreated++; }
        else if (s < 0 || (o.control === "notyet" && s > limit)) members.push(i);
      }
      const nControl = members.length - nTreated;
      if (nControl === 0) { skipped.push(`ATT(${cell.group}, ${cell.time}): no ${o.control === "never" ? "never-treated" : "not-yet-treated"} comparison units`); continue; }
      const n = members.length;
      const dy = new Float64Array(n), dd = new Uint8Array(n);
      members.forEach((i, m) => { dy[m] = panel.y[i * T + t] - panel.y[i * T + base]; dd[m] = start[i] === g ? 1 : 0; });
      let r;
      if (k === 1) r = meanDid(dy, dd);
      else {
        const X = new Float64Array(n * k);
        members.forEach((i, m) => {
          X[m * k] = 1;
          o.covariates.forEach((name, j) => (X[m * k + 1 + j] = panel.covariates[name][i * T + base]));
        });
        r = covariateDid(o.method, dy, dd, X, k, `ATT(${cell.group}, ${cell.time})`);
      }
      const inf = new Float64Array(N);
      members.forEach((i, m) => (inf[i] = (N / n) * r.inf[m]));
      cells.push({ ...cell, att: r.att, inf, nTreated, nControl });
    }
  }
  if (!cells.some((c) => c.t >= c.g)) throw new InputError(`no post-treatment group-time effect could be estimated: ${skipped.join("; ") || "no comparison units"}`);
  return { cells, skipped };
}
