import type { Command } from "../command";

// Placeholder until the simulate estimator lands: says so instead of pretending.
export const command: Command = {
  summary: "simulate",
  help: "vru-eval simulate: not implemented yet",
  async run(_flags, io) {
    io.err("vru-eval simulate: not implemented yet\n");
    return 1;
  },
};
