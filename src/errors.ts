/**
 * Bad input: the message names the file, column, unit or period at fault and what was
 * expected. The CLI maps this to exit status 2; anything else is exit status 1.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** A numerical method did not reach its tolerance; reported, never silent. */
export class ConvergenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConvergenceError";
  }
}
