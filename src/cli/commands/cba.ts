import type { Command } from "../command";

// Placeholder until the cba estimator lands: says so instead of pretending.
export const command: Command = {
  summary: "cba",
  help: "vru-eval cba: not implemented yet",
  async run(_flags, io) {
    io.err("vru-eval cba: not implemented yet\n");
    return 1;
  },
};
