import type { Command } from "../command";

// Placeholder until the tables estimator lands: says so instead of pretending.
export const command: Command = {
  summary: "tables",
  help: "vru-eval tables: not implemented yet",
  async run(_flags, io) {
    io.err("vru-eval tables: not implemented yet\n");
    return 1;
  },
};
