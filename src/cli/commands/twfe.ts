import type { Command } from "../command";

// Placeholder until the twfe estimator lands: says so instead of pretending.
export const command: Command = {
  summary: "twfe",
  help: "vru-eval twfe: not implemented yet",
  async run(_flags, io) {
    io.err("vru-eval twfe: not implemented yet\n");
    return 1;
  },
};
