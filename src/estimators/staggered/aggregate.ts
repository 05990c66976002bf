/**
 * Aggregations of group-time effects (Callaway & Sant'Anna 2021, §3; R did's aggte):
 *  - simple: every post-treatment ATT(g, t) weighted by its cohort's size — the average
 *    effect over treated unit-periods;
 *  - dynamic (event study): θ(e) averages the cells e = t − g periods after adoption by cohort
 *    size; the overall effect is the mean of θ(e) over e ≥ 0;
 *  - group: θ(g) is cohort g's mean post-treatment effect; overall weights cohorts by size;
 *  - calendar: θ(t) averages the cohorts treated by period t by size; overall is the mean over t.
 * Cohort-size weights are estimated, so their own influence function (did's "wif") is added:
 * the standard errors then match did's analytic ones.
 */
import type { StaggeredDesign } from "./design";
import type { GroupTimeCell } from "./group-time";

export interface Aggregate {
  estimate: number;
  /** Influence function over units, same scale as the cells'. */
  inf: Float64Array;
}

interface Item { att: number; inf: Float64Array; g: number }

/** Σ_k w_k att_k with w_k ∝ n_{g_k}/N, plus the estimated weights' influence function. */
function sizeWeighted(d: StaggeredDesign, items: Item[]): Aggregate {
  const N = d.N;
  const pg = items.map((c) => d.cohortSize[d.cohorts.indexOf(c.g)] / N);
  const S = pg.reduce((a, b) => a + b, 0);
  const inf = new Float64Array(N);
  let estimate = 0;
  items.forEach((c, k) => {
    const w = pg[k] / S;
    estimate += w * c.att;
    for (let i = 0; i < N; i++) inf[i] += w * c.inf[i];
  });
  for (let i = 0; i < N; i++) {
    // wif_k(i) = (1{G_i = g_k} − pg_k)/S − pg_k/S² Σ_k' (1{G_i = g_k'} − pg_k')
    let total = 0;
    const dev = items.map((c, k) => { const v = (d.start[i] === c.g ? 1 : 0) - pg[k]; total += v; return v; });
    let s = 0;
    items.forEach((c, k) => (s += (dev[k] / S - (pg[k] / (S * S)) * total) * c.att));
    inf[i] += s;
  }
  return { estimate, inf };
}

function meanOf(items: Aggregate[]): Aggregate {
  const N = items[0].inf.length, inf = new Float64Array(N);
  let estimate = 0;
  for (const a of items) {
    estimate += a.estimate / items.length;
    for (let i = 0; i < N; i++) inf[i] += a.inf[i] / items.length;
  }
  return { estimate, inf };
}

const post = (c: GroupTimeCell) => c.t >= c.g;
const sorted = (xs: Iterable<number>) => [...new Set(xs)].sort((a, b) => a - b);

export interface Aggregations {
  simple: Aggregate;
  dynamic: { overall: Aggregate; byEvent: (Aggregate & { event: number })[] };
  group: { overall: Aggregate; byGroup: (Aggregate & { g: number })[] };
  calendar: { overall: Aggregate; byTime: (Aggregate & { t: number })[] };
}

export function aggregate(d: StaggeredDesign, cells: GroupTimeCell[]): Aggregations {
  const simple = sizeWeighted(d, cells.filter(post));
  const byEvent = sorted(cells.map((c) => c.event)).map((event) => ({ event, ...sizeWeighted(d, cells.filter((c) => c.event === event)) }));
  const byGroup = sorted(cells.filter(post).map((c) => c.g)).map((g) => {
    const m = meanOf(cells.filter((c) => c.g === g && post(c)).map((c) => ({ estimate: c.att, inf: c.inf })));
    return { g, ...m };
  });
  const byTime = sorted(cells.filter(post).map((c) => c.t)).map((t) => ({ t, ...sizeWeighted(d, cells.filter((c) => c.t === t && post(c))) }));
  return {
    simple,
    dynamic: { overall: meanOf(byEvent.filter((e) => e.event >= 0)), byEvent },
    group: { overall: sizeWeighted(d, byGroup.map((b) => ({ att: b.estimate, inf: b.inf, g: b.g }))), byGroup },
    calendar: { overall: meanOf(byTime), byTime },
  };
}
