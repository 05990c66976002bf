import type { Command } from "../command";

// Placeholder until the scm estimator lands: says so instead of pretending.
export const command: Command = {
  summary: "scm",
  help: "vru-eval scm: not implemented yet",
  async run(_flags, io) {
    io.err("vru-eval scm: not implemented yet\n");
    return 1;
  },
};
