/**
 * Command-line argument parsing shared by every `vru-eval` command: `--flag value`,
 * `--flag=value` and boolean `--flag` (or `--flag true|false`). Bad arguments, a flag given
 * twice, and numbers outside the range options.ts declares throw UsageError (exit status 2).
 */
import { OptionError } from "../errors";
import { parseNumber } from "../io/values";
import { describeRange, inRange, OPTION_RANGES, type OptionRange } from "../io/option-ranges";
import { panelFromCsv } from "../panel/from-csv";
import type { Panel } from "../panel/panel";

/** A malformed or out-of-range command-line option (exit status 2). */
export class UsageError extends OptionError {}

export interface ParsedArgs {
  command: string;
  flags: Map<string, string | true>;
  positional: string[];
  /** Flags given more than once (refused by main). */
  repeated: string[];
}

export function parseArgs(argv: string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [], repeated: string[] = [];
  let command = "";
  const set = (name: string, v: string | true) => {
    if (flags.has(name)) repeated.push(name);
    flags.set(name, v);
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      if (eq > 0) { set(a.slice(2, eq), a.slice(eq + 1)); continue; }
      const name = a.slice(2);
      const next = argv[k + 1];
      if (next !== undefined && !next.startsWith("--")) { set(name, next); k++; } else set(name, true);
    } else if (a === "-h") set("help", true);
    else if (!command) command = a;
    else positional.push(a);
  }
  return { command, flags, positional, repeated };
}

/** Typed access to flags; records which flags were read so unknown ones can be reported. */
export class Flags {
  private readonly used = new Set<string>(["help", "json"]);
  constructor(private readonly args: ParsedArgs) {}

  has(name: string): boolean {
    this.used.add(name);
    return this.args.flags.has(name);
  }
  bool(name: string): boolean {
    this.used.add(name);
    const v = this.args.flags.get(name);
    if (v === undefined) return false;
    if (v === true || v === "true") return true;
    if (v === "false") return false;
    throw new UsageError(`--${name} is a switch: give it alone, or as --${name} true / --${name} false (got "${v}")`, { option: name });
  }
  string(name: string): string | undefined {
    this.used.add(name);
    const v = this.args.flags.get(name);
    if (v === true) throw new UsageError(`--${name} needs a value`);
    return v;
  }
  required(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw new UsageError(`missing --${name}`);
    return v;
  }
  /** A number in the range options.ts declares for `name` (the fallback is not checked). */
  number(name: string, fallback?: number): number | undefined {
    return this.numeric(name, fallback, OPTION_RANGES[name] ?? {});
  }
  /** An integer in the declared range; a command's own `min` replaces the declared one (e.g. 0 = none). */
  integer(name: string, fallback?: number, min = -Infinity): number | undefined {
    return this.numeric(name, fallback, { ...(OPTION_RANGES[name] ?? {}), integer: true, ...(min > -Infinity ? { min } : {}) });
  }
  private numeric(name: string, fallback: number | undefined, range: OptionRange): number | undefined {
    const v = this.string(name);
    if (v === undefined) return fallback;
    const x = parseNumber(v);
    if (x === undefined || Number.isNaN(x) || !Number.isFinite(x)) throw new UsageError(`--${name} must be ${describeRange(range)}, got "${v}"`, { option: name });
    if (!inRange(x, range)) throw new UsageError(`--${name} must be ${describeRange(range)}, got ${v}`, { option: name });
    return x;
  }
  choice<T extends string>(name: string, options: readonly T[], fallback: T): T {
    const v = this.string(name);
    if (v === undefined) return fallback;
    if (!options.includes(v as T)) throw new UsageError(`--${name} must be one of ${options.join(", ")}; got "${v}"`);
    return v as T;
  }
  list(name: string): string[] {
    const v = this.string(name);
    return v === undefined ? [] : v.split(",").map((s) => s.trim()).filter(Boolean);
  }
  /**
   * The name under which a flag was given: `name`, or one of its deprecated aliases (e.g.
   * --nboots for --replicates), so the getters' messages name what the user typed.
   */
  given(name: string, aliases: readonly string[]): string {
    for (const a of aliases) this.used.add(a);
    const present = [name, ...aliases].filter((n) => this.args.flags.has(n));
    if (present.length > 1) throw new UsageError(`--${present[0]} and --${present[1]} are the same option (--${name}); give one`);
    return present[0] ?? name;
  }
  /** Fails on any flag that no getter asked for (call after reading all flags). */
  assertAllUsed(): void {
    for (const k of this.args.flags.keys()) if (!this.used.has(k)) throw new UsageError(`unknown option --${k} for "${this.args.command}" (see vru-eval ${this.args.command} --help)`);
  }
}

/** The long-format panel flags every estimator shares: --data --unit --time --outcome --treatment --covariates. */
export function panelFromFlags(f: Flags, opts: { treatmentRequired?: boolean; attributes?: string[] } = {}): Panel {
  const data = f.required("data");
  const treatment = opts.treatmentRequired === false ? f.string("treatment") : f.required("treatment");
  return panelFromCsv(data, {
    unit: f.required("unit"),
    time: f.required("time"),
    outcome: f.required("outcome"),
    ...(treatment ? { treatment } : {}),
    covariates: f.list("covariates"),
    ...(opts.attributes?.length ? { attributes: opts.attributes } : {}),
  });
}

export const PANEL_FLAGS_HELP = `  --data FILE.csv       long-format CSV, one row per unit and period
  --unit COL            unit id column
  --time COL            period column: numbers, months (YYYY-MM, M/YYYY…), quarters, dates, financial years
  --outcome COL         outcome column
  --treatment COL       0/1 treatment indicator per unit-period
  --covariates A,B      time-varying covariate columns
  --json                print the Effect as JSON on stdout`;
