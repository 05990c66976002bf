/**
 * Copies the ONS police-force-area rows the simulator is calibrated to (Table P1, rolling
 * 12-month counts, year ending March 2018 to December 2019) into data/calibration/ (run once):
 *
 *   npx tsx src/simulate/build-targets.ts /work/shared/uk-data
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCsv, toCsv } from "../io/csv";
import { dataPath } from "../io/paths";

const OFFENCES = ["Violence with injury", "Violence without injury", "Possession of weapons offences", "Homicide"];

const shared = process.argv[2] ?? "/work/shared/uk-data";
const t = readCsv(join(shared, "ons_pfa_tables/ons_pfa_tables_P1_tidy_ye2018Q1_to_ye2019Q4.csv"));
const col = (k: string) => t.header.indexOf(k);
const [ye, code, name, off, n] = ["year_ending", "area_code", "area_name", "offence", "count"].map(col);
const rows = t.rows.filter((r) => OFFENCES.includes(r[off])).map((r) => [r[ye], r[code], r[name].trim(), r[off], r[n] === "NA" ? "" : r[n]]);
rows.sort((a, b) => (a[0] + a[1] + a[3] < b[0] + b[1] + b[3] ? -1 : 1));
writeFileSync(dataPath("calibration", "ons_pfa_recorded_crime_p1.csv"), toCsv(["year_ending", "area_code", "area_name", "offence", "count"], rows));
console.log(`${rows.length} rows`);
