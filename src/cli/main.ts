/**
 * `vru-eval` — the command line (shared/docs/cli.md). Exit status 0 on success, 2 on bad
 * input (one line on stderr naming what is wrong), 1 on any other failure.
 */
import { Flags, parseArgs, UsageError } from "./args";
import type { Command } from "./command";
import { InputError, InternalError } from "../errors";
import { command as gsynth } from "./commands/gsynth";
import { command as scm } from "./commands/scm";
import { command as microsynth } from "./commands/microsynth";
import { command as its } from "./commands/its";
import { command as twfe } from "./commands/twfe";
import { command as cba } from "./commands/cba";
import { command as tables } from "./commands/tables";
import { command as simulate } from "./commands/simulate";
import { ESTIMATORS } from "../estimators/registry";

/** The command of each registered estimator (its flags are method-specific; names and summaries come from the registry). */
const ESTIMATOR_COMMANDS: Record<string, Command> = { gsynth, scm, microsynth, its, twfe };

/**
 * Static imports: a lazy `import()` goes through Node's ESM resolver (needs file extensions)
 * and a lazy `require` is not transformed under vitest; loading every command costs little.
 */
const COMMANDS: Record<string, { summary: string; command: Command }> = {
  ...Object.fromEntries(Object.values(ESTIMATORS).map((e) => {
    const command = ESTIMATOR_COMMANDS[e.name];
    if (!command) throw new InternalError(`estimator "${e.name}" is registered but has no vru-eval command`);
    return [e.name, { summary: e.summary, command }];
  })),
  cba: { summary: "cost-benefit analysis of section 2.3.3 (defaults: the report's values)", command: cba },
  tables: { summary: "the report's tables as data; --audit checks them against their totals and the text", command: tables },
  simulate: { summary: "write simulated England and Wales panels with a known true effect", command: simulate },
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
  const { command } = entry;
  if (args.flags.has("help")) { io.out(command.help.endsWith("\n") ? command.help : command.help + "\n"); return 0; }
  if (args.positional.length) {
    io.err(`vru-eval ${args.command}: unexpected argument "${args.positional[0]}"\n`);
    return 2;
  }
  if (args.repeated.length) {
    io.err(`vru-eval ${args.command}: --${args.repeated[0]} is given more than once\n`);
    return 2;
  }
  try {
    const flags = new Flags(args);
    return await command.run(flags, { json: flags.bool("json"), out: (s) => io.out(s.endsWith("\n") ? s : s + "\n"), err: io.err });
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
