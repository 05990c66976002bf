/**
 * `vru-eval` — the command line (shared/docs/cli.md). Exit status 0 on success, 2 on bad
 * input (one line on stderr naming what is wrong), 1 on any other failure.
 */
import { Flags, parseArgs, UsageError } from "./args";
import type { Command } from "./command";
import { InputError } from "../errors";

/**
 * Commands load on first use (`import()` becomes `require` in the dist/ build; vitest
 * transforms it from src/): `vru-eval --help` then starts without danfojs, DuckDB or plotly.
 */
/**
 * Estimator commands carry their registry entry's name and summary (src/estimators/registry.ts;
 * test/cli.test.ts checks they agree) without importing the registry, which would load every method.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  gsynth: { summary: "generalised synthetic control (Xu 2017): interactive fixed effects or matrix completion", load: () => import("./commands/gsynth") },
  scm: { summary: "classic synthetic control (Abadie) with placebo or conformal inference", load: () => import("./commands/scm") },
  microsynth: { summary: "micro-synthetic control: calibration weights for many small areas", load: () => import("./commands/microsynth") },
  its: { summary: "interrupted time series: segmented regression with OLS/Newey–West or ARIMA errors", load: () => import("./commands/its") },
  twfe: { summary: "two-way fixed effects / difference-in-differences and event study", load: () => import("./commands/twfe") },
  did: { summary: "staggered-adoption DiD: Callaway–Sant'Anna, Sun–Abraham, imputation, Bacon decomposition", load: () => import("./commands/did") },
  cba: { summary: "cost-benefit analysis of section 2.3.3 (defaults: the report's values)", load: () => import("./commands/cba") },
  tables: { summary: "the report's tables as data; --audit checks them against their totals and the text", load: () => import("./commands/tables") },
  simulate: { summary: "write simulated England and Wales panels with a known true effect", load: () => import("./commands/simulate") },
  figure: { summary: "one report figure (2-1 … 2-8, A3-1 … A3-6) as PNG, SVG or HTML; --list lists them", load: () => import("./commands/figure") },
};

export function usage(): string {
  const w = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return `vru-eval — reproduce the Home Office VRU evaluation (year ending March 2021) and run its methods on your data

Usage:
  vru-eval <command> --data FILE.csv [options]          human-readable summary
  vru-eval <command> --data FILE.csv [options] --json   the Effect as JSON on stdout
  vru-eval <command> --help

Commands:
${Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(w)}  ${c.summary}`).join("\n")}

Exit status: 0 success, 2 bad input (one line on stderr says what), 1 other failure, 130 interrupted (Ctrl-C).
`;
}

export interface MainIo { out: (s: string) => void; err: (s: string) => void }

const processIo: MainIo = { out: (s) => { process.stdout.write(s); }, err: (s) => { process.stderr.write(s); } };

export async function main(argv: string[], io: MainIo = processIo): Promise<number> {
  const args = parseArgs(argv);
  if (!args.command) {
    if (args.flags.has("help") || argv.length === 0) { io.out(usage()); return argv.length === 0 ? 2 : 0; }
    io.err(`vru-eval: no command given (try vru-eval --help)\n`);
    return 2;
  }
  const entry = COMMANDS[args.command];
  if (!entry) {
    io.err(`vru-eval: unknown command "${args.command}" (commands: ${Object.keys(COMMANDS).join(", ")})\n`);
    return 2;
  }
  const { command } = await entry.load();
  if (args.flags.has("help")) { io.out(command.help.endsWith("\n") ? command.help : command.help + "\n"); return 0; }
  if (args.positional.length > (command.positional ?? 0)) {
    io.err(`vru-eval ${args.command}: unexpected argument "${args.positional[command.positional ?? 0]}"\n`);
    return 2;
  }
  if (args.repeated.length) {
    io.err(`vru-eval ${args.command}: --${args.repeated[0]} is given more than once\n`);
    return 2;
  }
  try {
    const flags = new Flags(args);
    return await command.run(flags, { json: flags.bool("json"), args: args.positional, out: (s) => io.out(s.endsWith("\n") ? s : s + "\n"), err: io.err });
  } catch (e) {
    const msg = (e as Error).message.split("\n")[0];
    if (e instanceof UsageError || e instanceof InputError) { io.err(`vru-eval ${args.command}: ${msg}\n`); return 2; }
    io.err(`vru-eval ${args.command}: ${msg}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
