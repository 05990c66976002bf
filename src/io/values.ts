/**
 * The rules every loader applies to single values: how a number is written, how large it may
 * be, and what a unit identifier may look like. One place, so every command agrees.
 */
import { InputError, type ErrorContext } from "../errors";

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Values beyond ±1e100 (or nonzero below 1e-100) are refused: the estimators square and sum
 * them, and 1e298² overflows double precision (an SCM fit of the wrong sign, an infinite MSPE).
 */
export const MAX_MAGNITUDE = 1e100;

/** A decimal number as written in a CSV field (trimmed); "" and NA are missing (NaN); anything else is undefined. */
export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (t === "" || t === "NA") return NaN;
  return NUMBER_RE.test(t) ? Number(t) : undefined;
}

const where = (c: ErrorContext) =>
  [c.unit !== undefined ? `unit ${c.unit}` : "", c.period !== undefined ? `period ${c.period}` : ""].filter(Boolean).join(", ");

/** Refuses a finite value too large (or too small) to square safely; NaN (missing) passes. */
export function checkMagnitude(v: number, label: string, context: ErrorContext = {}): void {
  const a = Math.abs(v);
  if (a > MAX_MAGNITUDE || (a > 0 && a < 1 / MAX_MAGNITUDE)) {
    const at = where(context);
    throw new InputError(`${label}${at ? ` (${at})` : ""}: ${v} is outside ±1e100 (or nonzero below 1e-100), which the estimators cannot square in double precision; rescale the column`, context);
  }
}

/**
 * The identifier rule: unit ids are compared exactly, so one with surrounding whitespace (" A"
 * beside "A" would be a second unit) or an empty one is refused, naming where it is.
 */
export function checkUnitId(id: string, label: string, context: ErrorContext = {}): void {
  if (id === "") throw new InputError(`${label}: empty unit id`, context);
  if (id.trim() !== id) throw new InputError(`${label}: unit id ${JSON.stringify(id)} has leading or trailing whitespace; remove it (ids are compared exactly, so it would be a second unit)`, { ...context, unit: id });
}
