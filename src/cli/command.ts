import type { Flags } from "./args";

/** One `vru-eval` subcommand. `run` returns the process exit status. */
export interface Command {
  summary: string;
  help: string;
  /** How many positional arguments the command takes (default none), passed as `io.args`. */
  positional?: number;
  run(flags: Flags, io: { json: boolean; args: string[]; out: (s: string) => void; err: (s: string) => void }): Promise<number>;
}
