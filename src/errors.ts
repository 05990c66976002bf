/**
 * The project's errors: a small hierarchy, each with a `code` and what is at fault (file,
 * column, unit, period, option), so callers can branch on the kind and messages stay one line.
 *
 *   VruError
 *   ├─ InputError (exit 2: the caller can fix it)  — code "input"
 *   │  ├─ OptionError   an option or argument out of range or malformed  — "option"
 *   │  ├─ PeriodError   a period label that cannot be parsed or placed   — "period"
 *   │  ├─ EncodingError a file that is not text we can decode           — "encoding"
 *   │  └─ OutputError   an output path that cannot be written            — "output"
 *   ├─ ConvergenceError  a numerical method missed its tolerance        — "convergence"
 *   ├─ NumericalError    a computation broke down (not positive definite, not finite) — "numerical"
 *   ├─ EnvironmentError  the machine lacks something (Chromium, a kernel, the repository) — "environment"
 *   └─ InternalError     a broken invariant or corrupt shipped data: a bug to report — "internal"
 *
 * The CLI maps InputError to exit status 2 and everything else to 1.
 */
export interface ErrorContext {
  file?: string;
  column?: string;
  unit?: string;
  period?: string;
  option?: string;
}

export type ErrorCode = "input" | "option" | "period" | "encoding" | "output" | "convergence" | "numerical" | "environment" | "internal";

export class VruError extends Error {
  readonly code: ErrorCode = "internal";
  constructor(message: string, readonly context: ErrorContext = {}) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input: the message names the file, column, unit, period or option at fault and what was expected. */
export class InputError extends VruError { override readonly code: ErrorCode = "input"; }

/** A command-line option or library option that is malformed or out of its declared range. */
export class OptionError extends InputError { override readonly code: ErrorCode = "option"; }

/** A period label that cannot be parsed, is ambiguous, or mixes formats. */
export class PeriodError extends InputError { override readonly code: ErrorCode = "period"; }

/** A file that is not decodable text (UTF-16, binary, a truncated .gz). */
export class EncodingError extends InputError { override readonly code: ErrorCode = "encoding"; }

/** An output path that cannot be created or written. */
export class OutputError extends InputError { override readonly code: ErrorCode = "output"; }

/** A numerical method did not reach its tolerance; reported, never silent. */
export class ConvergenceError extends VruError { override readonly code: ErrorCode = "convergence"; }

/** A computation broke down (a matrix not positive definite, a function not finite at the start). */
export class NumericalError extends VruError { override readonly code: ErrorCode = "numerical"; }

/** Something the machine lacks: a browser, a kernel that answers, the repository itself. */
export class EnvironmentError extends VruError { override readonly code: ErrorCode = "environment"; }

/** A broken invariant or corrupt shipped data: a bug to report, not the caller's fault. */
export class InternalError extends VruError { override readonly code: ErrorCode = "internal"; }
