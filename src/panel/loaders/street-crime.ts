/**
 * data.police.uk street-level crime CSVs ("YYYY-MM-<force>-street.csv", one per force and month;
 * columns Crime ID, Month, Reported by, Falls within, Longitude, Latitude, Location, LSOA code,
 * LSOA name, Crime type, Last outcome category, Context) → LSOA-month counts of the chosen crime
 * types, streamed through DuckDB (a year of all forces is millions of rows).
 *
 * Zero vs missing: an LSOA with no crimes in a month its force reported is 0; a month in which its
 * force ("Falls within", the LSOA's most frequent) supplied no rows at all is missing (NaN) — as for
 * Greater Manchester Police from July 2019. Crimes without an LSOA (not geocoded) are counted by force.
 */
import { InputError } from "../../errors";
import { monthIndex, monthLabel, monthRange } from "../calendar";
import type { Panel } from "../panel";
import { csvView, queryColumns, requireColumns, sqlString, withDuckDB } from "../load";

export interface StreetCrimeResult {
  /** LSOA × month counts (unit "count"); attributes force (police.uk "Falls within"). */
  panel: Panel;
  /** Crimes of the chosen types with no LSOA, by force: how many and their share. */
  ungeocoded: { force: string; crimes: number; share: number }[];
}

export async function loadStreetCrime(path: string | string[], o: { crimeTypes: string[] }): Promise<StreetCrimeResult> {
  const source = Array.isArray(path) ? path.join(", ") : path;
  if (!o.crimeTypes.length) throw new InputError("loadStreetCrime: give at least one crime type (e.g. \"Violence and sexual offences\")");
  const types = o.crimeTypes.map(sqlString).join(", ");
  const q = await withDuckDB(async (c) => {
    const have = await csvView(c, "street", path);
    requireColumns(have, ["Month", "Falls within", "LSOA code", "Crime type"], source);
    const badMonth = await queryColumns(c, `SELECT "Month" AS m FROM street WHERE NOT regexp_full_match(coalesce("Month", ''), '\\d{4}-\\d{2}') LIMIT 1`);
    if (badMonth.m.length) throw new InputError(`${source}: column "Month" has "${badMonth.m[0]}", expected YYYY-MM`);
    const known = await queryColumns(c, `SELECT DISTINCT "Crime type" AS t FROM street WHERE "Crime type" IN (${types})`);
    const missingTypes = o.crimeTypes.filter((t) => !known.t.includes(t));
    if (missingTypes.length === o.crimeTypes.length) {
      const all = await queryColumns(c, `SELECT DISTINCT "Crime type" AS t FROM street ORDER BY 1`);
      throw new InputError(`${source}: no crimes of type ${o.crimeTypes.join(", ")} (types present: ${all.t.join(", ")})`);
    }
    await c.run(`CREATE TEMP TABLE sel AS SELECT "Month" AS month, "Falls within" AS force, nullif(trim("LSOA code"), '') AS lsoa FROM street WHERE "Crime type" IN (${types})`);
    return {
      counts: await queryColumns(c, `SELECT lsoa, month, count(*)::DOUBLE AS n FROM sel WHERE lsoa IS NOT NULL GROUP BY 1, 2`),
      lsoaForce: await queryColumns(c, `SELECT lsoa, mode(force) AS force FROM sel WHERE lsoa IS NOT NULL GROUP BY 1 ORDER BY 1`),
      // months each force supplied any row at all (of any crime type)
      reported: await queryColumns(c, `SELECT DISTINCT "Falls within" AS force, "Month" AS month FROM street`),
      months: await queryColumns(c, `SELECT min("Month") AS lo, max("Month") AS hi FROM street`),
      ungeo: await queryColumns(c, `SELECT force, count(*) FILTER (WHERE lsoa IS NULL)::DOUBLE AS miss, count(*)::DOUBLE AS n FROM sel GROUP BY 1 ORDER BY 1`),
    };
  });
  const units = q.lsoaForce.lsoa.map(String);
  const force = q.lsoaForce.force.map(String);
  const lo = monthIndex(String(q.months.lo[0])), hi = monthIndex(String(q.months.hi[0]));
  const periods = monthRange(monthLabel(lo), monthLabel(hi));
  const T = periods.length, N = units.length;
  const reported = new Set(q.reported.force.map((f, r) => `${f}|${q.reported.month[r]}`));
  const y = new Float64Array(N * T);
  for (let i = 0; i < N; i++) for (let t = 0; t < T; t++) if (!reported.has(`${force[i]}|${periods[t]}`)) y[i * T + t] = NaN;
  const ui = new Map(units.map((u, i) => [u, i]));
  q.counts.lsoa.forEach((l, r) => { y[ui.get(String(l))! * T + monthIndex(String(q.counts.month[r])) - lo] = Number(q.counts.n[r]); });
  const panel: Panel = { units, periods, outcome: o.crimeTypes.join(" + "), y, treatment: new Uint8Array(N * T), covariates: {}, attributes: { force }, unit: "count" };
  const ungeocoded = q.ungeo.force.map((f, r) => ({ force: String(f), crimes: Number(q.ungeo.miss[r]), share: Number(q.ungeo.miss[r]) / Number(q.ungeo.n[r]) }));
  return { panel, ungeocoded };
}
