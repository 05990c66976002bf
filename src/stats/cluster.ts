/**
 * Clusters of units for inference that respects shared shocks: units that share a cluster
 * (e.g. the CSPs of one police force area) are resampled, left out or permuted together.
 */
import { InputError } from "../errors";

/** Unit ids and unit attributes: a Panel, or an estimator's own data with the same fields. */
export interface UnitAttributes {
  units: string[];
  attributes: Record<string, readonly (string | number)[]>;
}

/** The cluster of each of `units` (unit indices) from the unit attribute `column`: ids 0.. in order of first appearance. */
export function clustersOf(panel: UnitAttributes, column: string, units: ArrayLike<number>): { id: Int32Array; labels: string[] } {
  const col = panel.attributes[column];
  if (!col) {
    const have = Object.keys(panel.attributes);
    throw new InputError(`cluster column "${column}" is not in the panel (unit attributes available: ${have.length ? have.join(", ") : "none"}; load it as a unit attribute, constant within each unit)`);
  }
  const index = new Map<string, number>();
  const id = new Int32Array(units.length);
  for (let k = 0; k < units.length; k++) {
    const v = col[units[k]];
    if (v === undefined || v === null || String(v) === "") throw new InputError(`cluster column "${column}" is empty for unit ${panel.units[units[k]]}`);
    let g = index.get(String(v));
    if (g === undefined) { g = index.size; index.set(String(v), g); }
    id[k] = g;
  }
  return { id, labels: [...index.keys()] };
}

/** Members (positions 0..n−1) of each cluster id, in order. */
export function membersOf(id: Int32Array, G: number): Int32Array[] {
  const lists: number[][] = Array.from({ length: G }, () => []);
  id.forEach((g, k) => lists[g].push(k));
  return lists.map((l) => Int32Array.from(l));
}

/** Concatenates the members of the clusters drawn (repeats allowed). */
export function unitsOfDraw(members: Int32Array[], draw: ArrayLike<number>): Int32Array {
  let n = 0;
  for (let k = 0; k < draw.length; k++) n += members[draw[k]].length;
  const out = new Int32Array(n);
  let at = 0;
  for (let k = 0; k < draw.length; k++) { out.set(members[draw[k]], at); at += members[draw[k]].length; }
  return out;
}
