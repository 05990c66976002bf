/** The report's tables as data: loaders, tabulations and the audit. */
export * from "./funding";
export * from "./interventions";
export * from "./text-figures";
export * from "./annex3";
export * from "./report";
export { reportPath } from "./read";
export * from "./audit";
export { pfaKey } from "./names";
export * from "./tabulate";
export * from "./association";
export { printableTable, TABLE_IDS, type TableId, type PrintableTable } from "./printable";
export * from "./population";
export * from "./common-support";
export { roundsTo, printedDecimals } from "./rounding";
