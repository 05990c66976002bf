import type { Command } from "../command";

// Placeholder until the gsynth estimator lands: says so instead of pretending.
export const command: Command = {
  summary: "gsynth",
  help: "vru-eval gsynth: not implemented yet",
  async run(_flags, io) {
    io.err("vru-eval gsynth: not implemented yet\n");
    return 1;
  },
};
