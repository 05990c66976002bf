/** `vru-eval simulate`: writes the simulated evaluation panels (CSV + JSON sidecars) for the CLI estimators. */
import type { Command } from "../command";
import { simulateEvaluation } from "../../simulate/evaluation";
import { writeSimulation } from "../../simulate/write";
import { checkOutputDir, interruptible } from "../../io/output";
import { parseThreats, THREATS } from "../../simulate/threats";

const HELP = `vru-eval simulate — simulated England and Wales panels with known true effects

Usage:
  vru-eval simulate --out DIR [--scenario report|null] [--seed N] [--lsoa] [--effect-scale K]
                    [--threats all|none|LIST] [--gzip]

Writes one long CSV per panel (columns unit, period, value, count, treated, covariates, attributes)
and a JSON sidecar per panel (seed, unit, true effect per period), plus DIR/simulation.json
(all parameters, the ONS calibration table, the allocation ranking). Same seed → identical files.
The files are written into a temporary sibling and moved into DIR at the end, simulation.json
last: a folder holding simulation.json is complete; Ctrl-C (exit 130) leaves no partial output.

Panels: csp-/pfa-violence-with-injury, -violence-without-injury, -possession-of-weapons (monthly,
April 2015–September 2020, per 100,000; GMP and Welsh forces missing as in the report);
hospital-sharp-object-under-25 / -all-ages (England PFAs, monthly from January 2012, per 1,000,000);
hospital-sharp-object-lad-annual (English local authorities, financial years 2012/13–2019/20);
homicide (PFAs, quarterly from 2012-Q1, per 1,000,000); with --lsoa, lsoa-violence-with-injury /
-without-injury (counts, ~31,000 LSOAs × 66 months, large).

Options:
  --scenario report|null   true effects: the report's central estimates (default) or none
  --seed N                 random seed (default 1)
  --lsoa                   also write the LSOA-month panels
  --effect-scale K         multiply every true effect by K
  --threats all|none|LIST  threats to identification built in (default all, as calibrated; none = a world
                           where the estimators' assumptions hold); LIST is a comma-separated subset of
                           ${THREATS.join(", ")} (see src/simulate/threats.ts)
  --gzip                   write .csv.gz
  --json                   print the list of files written as JSON

Example: vru-eval simulate --out sim && vru-eval gsynth --data sim/csp-violence-without-injury.csv \\
           --unit unit --time period --outcome value --treatment treated`;

export const command: Command = {
  summary: "simulated England and Wales panels with known true effects (CSV + sidecars)",
  help: HELP,
  async run(flags, io) {
    const out = flags.required("out");
    const scenario = flags.choice("scenario", ["report", "null"] as const, "report");
    const seed = flags.integer("seed", 1)!;
    const lsoa = flags.bool("lsoa");
    const effectScale = flags.number("effect-scale", 1)!;
    const gzip = flags.bool("gzip");
    const threats = parseThreats(flags.string("threats") ?? "all");
    flags.assertAllUsed();
    checkOutputDir(out); // before the simulation, so a bad --out fails at once
    // Ctrl-C during the simulation exits 130 as it does while writing (writeSimulation cleans up).
    const { sim, files } = await interruptible(async () => {
      const sim = simulateEvaluation({ scenario, seed, lsoa, effectScale, threats });
      return { sim, files: await writeSimulation(sim, out, { gzip }) };
    });
    if (io.json) io.out(JSON.stringify({ out, scenario, seed, threats: sim.threats, files }) + "\n");
    else io.out(`SIMULATED data (scenario ${scenario}, seed ${seed}, threats ${sim.threats.join(",") || "none"}) written to ${out}: ${files.filter((f) => !f.endsWith(".json")).length} panels\n${files.map((f) => `  ${f}`).join("\n")}\n`);
    return 0;
  },
};
