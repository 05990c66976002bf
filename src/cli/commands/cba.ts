import type { Command } from "../command";
import { toJson } from "../../io/json";
import {
  REPORT_233, analyseRatioBounds, costBenefit, formatChain, monteCarlo, readParamsFile, reportImpliedRecorded, resolveParams, withRecorded,
  type ResolvedParams, type Uncertain,
} from "../../economics/index";

const HELP = `vru-eval cba [--params FILE.json] [--json]

The cost-benefit chain of the report's section 2.3.3: recorded offences avoided ×
under-reporting multiplier × unit cost, summed, over the cost base. Every intermediate
value is kept unrounded; the printed figures are rounded for display only.

Without --params it runs the report's own chain (27,585 → 41,377 offences, £6,480, …,
£121,952,973, ratio 3.16) with the unrounded offences that reproduce its pounds exactly.

  --params FILE.json   override any of: offences (recorded | cumulativeEffect+unit | effect
                       file, multiplier, unitCost, ci), cost, population, monteCarlo
                       {draws, seed, dependence}; see src/economics/params.ts for the format
  --json               print the chain, the range at the CI bounds and any Monte Carlo
                       summary as JSON`;

const money = (x: number) => `£${Math.round(x).toLocaleString("en-GB")}`;

function run(r: ResolvedParams) {
  const result = costBenefit(r.params);
  const labels = r.params.offences.map((o) => o.label);
  const allCi = labels.every((l) => r.ci[l]);
  const rangeFromCi = allCi
    ? { fewerAvoided: costBenefit(withRecorded(r.params, Object.fromEntries(labels.map((l) => [l, r.ci[l][0]])))).ratio, moreAvoided: costBenefit(withRecorded(r.params, Object.fromEntries(labels.map((l) => [l, r.ci[l][1]])))).ratio }
    : undefined;
  let mc;
  if (r.monteCarlo) {
    // The report prints no CI of the offences, only the ratio range: use what that range implies.
    const recorded: Record<string, Uncertain> = r.isReport
      ? reportImpliedRecorded(r.params)
      : Object.fromEntries(labels.filter((l) => r.ci[l]).map((l) => [l, { kind: "ci", estimate: r.params.offences.find((o) => o.label === l)!.recorded, ci: r.ci[l] } satisfies Uncertain]));
    mc = { ...monteCarlo({ base: r.params, recorded, dependence: r.monteCarlo.dependence, draws: r.monteCarlo.draws, seed: r.monteCarlo.seed }).summary, uncertainTypes: Object.keys(recorded), dependence: r.monteCarlo.dependence };
  }
  const report = r.isReport
    ? { ratioAtUpperCi: REPORT_233.ratioAtUpperCi, ratioAtLowerCi: REPORT_233.ratioAtLowerCi, footnote1RatioAtLowerCi: REPORT_233.ratioAtLowerCiFootnote, boundsAnalysis: analyseRatioBounds(r.params) }
    : undefined;
  return { params: r.params, result, ...(rangeFromCi ? { rangeFromCi } : {}), ...(report ? { report } : {}), ...(mc ? { monteCarlo: mc } : {}) };
}

export const command: Command = {
  summary: "cost-benefit chain, range and Monte Carlo (report section 2.3.3)",
  help: HELP,
  async run(flags, io) {
    const file = flags.string("params");
    flags.assertAllUsed();
    const resolved = file ? readParamsFile(file) : resolveParams({}, process.cwd());
    const out = run(resolved);
    if (io.json) { io.out(toJson(out)); return 0; }
    const lines = [formatChain(out.result)];
    if (resolved.isReport) lines.push("", "(recorded offences: the unrounded values the report's printed pounds imply; the printed 27,585 and 2,937 do not reproduce them)");
    if (out.rangeFromCi) lines.push("", `ratio at the CI bounds: ${out.rangeFromCi.fewerAvoided.toFixed(2)} (fewest offences avoided) to ${out.rangeFromCi.moreAvoided.toFixed(2)} (most avoided)`);
    if (out.report) {
      const g = out.report.boundsAnalysis.benefitGap;
      lines.push("", `report's range from the CI bounds: ${out.report.ratioAtUpperCi.toFixed(2)} to ${out.report.ratioAtLowerCi.toFixed(2)} (section 2.3.3)`,
        `  footnote 1 prints ${out.report.footnote1RatioAtLowerCi.toFixed(2)} instead of ${out.report.ratioAtLowerCi.toFixed(2)}: not rounding — the benefits differ by ${money(g[0])} to ${money(g[1])}`);
    }
    if (out.monteCarlo) {
      const m = out.monteCarlo;
      lines.push("", `Monte Carlo (${m.draws} draws, seed ${m.seed}, ${m.dependence}; uncertain: ${m.uncertainTypes.join(", ") || "none"}):`,
        `  median ratio ${m.median.toFixed(2)}, 95% interval ${m.interval95[0].toFixed(2)} to ${m.interval95[1].toFixed(2)}, P(ratio > 1) = ${m.pAboveOne.toFixed(3)} (MC s.e. ${m.pAboveOneMcse.toFixed(3)})`);
    }
    io.out(lines.join("\n"));
    return 0;
  },
};
