/**
 * Home Office police recorded crime open data by CSP or PFA ("prc-csp-…", "prc-pfa-…" tables,
 * saved as CSV): one row per force/CSP, financial quarter and offence code, with columns
 *   Financial Year, Financial Quarter, Force Name, [CSP Name,] Offence Description, Offence Group,
 *   Offence Subgroup, Offence Code, Number of Offences
 * Aggregated (through DuckDB, so a whole table of a million rows is fine) to a quarterly count
 * Panel of the chosen offences, units being ONS CSP/PFA codes. Periods are calendar quarters
 * (financial quarter 1 of 2019/20 is 2019-Q2).
 */
import { InputError } from "../../errors";
import { loadGeography } from "../../geography/index";
import { financialQuarterStart, quarterOf } from "../calendar";
import { panelFromColumns, type Panel } from "../panel";
import { csvView, queryColumns, requireColumns, sqlIdent, sqlString, withDuckDB } from "../load";
import { areaCodeByName } from "./names";

/** Which rows make up an outcome: the values of one offence column. */
export interface OffenceFilter { column: "Offence Group" | "Offence Subgroup" | "Offence Description" | "Offence Code"; values: string[] }

/** The report's outcomes in the Home Office offence classification. */
export const PRC_OUTCOMES: Record<"violenceWithInjury" | "violenceWithoutInjury" | "possessionOfWeapons", OffenceFilter> = {
  violenceWithInjury: { column: "Offence Subgroup", values: ["Violence with injury"] },
  violenceWithoutInjury: { column: "Offence Subgroup", values: ["Violence without injury"] },
  possessionOfWeapons: { column: "Offence Group", values: ["Possession of weapons offences"] },
};

export interface PrcResult {
  /** Quarterly counts, units = ONS codes, attributes name, pfa, population. */
  panel: Panel;
  /** Area names in the file that matched no geography code (left out of the panel). */
  unmatched: string[];
}

export async function loadPrcOpenData(path: string | string[], o: { level: "csp" | "pfa"; offences: OffenceFilter; strict?: boolean }): Promise<PrcResult> {
  const source = Array.isArray(path) ? path.join(", ") : path;
  const area = o.level === "csp" ? "CSP Name" : "Force Name";
  const rows = await withDuckDB(async (c) => {
    const have = await csvView(c, "prc", path);
    requireColumns(have, ["Financial Year", "Financial Quarter", area, o.offences.column, "Number of Offences"], source);
    const bad = await queryColumns(c, `SELECT ${sqlIdent("Number of Offences")} AS v FROM prc WHERE TRY_CAST(replace(${sqlIdent("Number of Offences")}, ',', '') AS DOUBLE) IS NULL AND coalesce(trim(${sqlIdent("Number of Offences")}), '') <> '' LIMIT 1`);
    if (bad.v.length) throw new InputError(`${source}: column "Number of Offences" is not a number: "${bad.v[0]}"`);
    return queryColumns(c, `SELECT ${sqlIdent(area)} AS area, ${sqlIdent("Financial Year")} AS fy, ${sqlIdent("Financial Quarter")} AS fq,
      sum(TRY_CAST(replace(${sqlIdent("Number of Offences")}, ',', '') AS DOUBLE)) AS n
      FROM prc WHERE ${sqlIdent(o.offences.column)} IN (${o.offences.values.map(sqlString).join(", ")}) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
  });
  if (!rows.area.length) throw new InputError(`${source}: no rows with ${o.offences.column} in (${o.offences.values.join(", ")})`);
  const geo = loadGeography()[o.level];
  const unmatched = new Set<string>();
  // Sum by code: two names in a file (e.g. before and after a CSP merger) may map to one area.
  const cells = new Map<string, { unit: string; time: string; n: number }>();
  rows.area.forEach((a, r) => {
    const code = areaCodeByName(o.level, String(a));
    if (!code) { unmatched.add(String(a)); return; }
    const time = quarterOf(financialQuarterStart(String(rows.fy[r]), Number(rows.fq[r])));
    const cell = cells.get(`${code}|${time}`) ?? { unit: code, time, n: 0 };
    cell.n += Number(rows.n[r]);
    cells.set(`${code}|${time}`, cell);
  });
  const unit = [...cells.values()].map((c) => c.unit), time = [...cells.values()].map((c) => c.time), count = [...cells.values()].map((c) => c.n);
  if (o.strict && unmatched.size) throw new InputError(`${source}: ${o.level.toUpperCase()} names not in the geography: ${[...unmatched].slice(0, 8).join(", ")}`);
  const idx = (u: string) => geo.index.get(u)!;
  const panel = panelFromColumns({
    unit, time, outcome: count, outcomeName: o.offences.values.join(" + "), source, unitOfMeasure: "count",
    attributes: {
      name: unit.map((u) => geo.name[idx(u)]),
      pfa: unit.map((u) => (o.level === "pfa" ? u : loadGeography().csp.pfa[idx(u)])),
      population: unit.map((u) => geo.population[idx(u)]),
    },
  });
  return { panel, unmatched: [...unmatched].sort() };
}
