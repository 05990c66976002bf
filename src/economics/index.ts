/** Cost-benefit analysis (report section 2.3.3): chain, report numbers, cost base, uncertainty, sensitivity. */
export * from "./chain";
export * from "./report";
export * from "./cost-base";
export * from "./uncertain";
export * from "./monte-carlo";
export * from "./sensitivity";
export * from "./params";
