import type { Command } from "../command";

// Placeholder until the microsynth estimator lands: says so instead of pretending.
export const command: Command = {
  summary: "microsynth",
  help: "vru-eval microsynth: not implemented yet",
  async run(_flags, io) {
    io.err("vru-eval microsynth: not implemented yet\n");
    return 1;
  },
};
