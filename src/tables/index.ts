/** The report's tables as data: loaders, tabulations and the audit. */
export * from "./funding";
export { reportPath } from "./read";
