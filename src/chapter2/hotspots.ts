/**
 * The truth of the hotspot analysis (section 2.3.2) in a simulated world: the true percent
 * change of the treated LSOAs' total over the post period,
 *   100 · Σ effect / (Σ observed − Σ effect),
 * i.e. the true effect relative to the counterfactual total the same draws would have had
 * without it. Units are matched by id, so any subset of the simulated treated LSOAs works.
 */
import type { Panel } from "../panel/panel";
import { InputError } from "../errors";

export function truePercentChange(panel: Panel, truthCells: Float64Array, units: readonly string[], treated: ArrayLike<number>, fromPeriod: string, toPeriod: string): number {
  const T = panel.periods.length;
  const a = panel.periods.indexOf(fromPeriod), b = panel.periods.indexOf(toPeriod);
  if (a < 0 || b < a) throw new InputError(`post period ${fromPeriod} to ${toPeriod} is not in the ${panel.outcome} panel`);
  const row = new Map(panel.units.map((u, i) => [u, i]));
  let effect = 0, observed = 0;
  units.forEach((u, k) => {
    if (!treated[k]) return;
    const i = row.get(u);
    if (i === undefined) throw new InputError(`unit ${u} is not in the ${panel.outcome} panel`);
    for (let t = a; t <= b; t++) { effect += truthCells[i * T + t]; observed += panel.y[i * T + t]; }
  });
  return (100 * effect) / (observed - effect);
}
