/** The report's tables as data: loaders, tabulations and the audit. */
export * from "./funding";
export * from "./interventions";
export * from "./text-figures";
export * from "./annex3";
export * from "./report";
export { reportPath } from "./read";
export * from "./audit";
export { pfaKey } from "./names";
