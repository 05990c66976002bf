/** Whether printed figures are consistent with the exact values they were rounded from. */

/** Decimal places of a printed number as written (9.5 → 1, 27 → 0). */
export function printedDecimals(x: number): number {
  const s = String(x);
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** Is `printed` what `exact` rounds to at `decimals` places (either way at an exact half)? */
export function roundsTo(exact: number, printed: number, decimals = printedDecimals(printed)): boolean {
  const half = 0.5 * 10 ** -decimals;
  return Math.abs(exact - printed) <= half * (1 + 1e-9);
}

/** `exact` rounded half away from zero at `decimals` places, for messages. */
export function roundHalfUp(exact: number, decimals: number): number {
  const f = 10 ** decimals;
  return (Math.sign(exact) * Math.round(Math.abs(exact) * f)) / f;
}
