import type { Command } from "../command";

// Placeholder until the its estimator lands: says so instead of pretending.
export const command: Command = {
  summary: "its",
  help: "vru-eval its: not implemented yet",
  async run(_flags, io) {
    io.err("vru-eval its: not implemented yet\n");
    return 1;
  },
};
