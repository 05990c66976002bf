/**
 * Google COVID-19 Community Mobility Report CSV (e.g. 2020_GB_Region_Mobility_Report.csv; columns
 * country_region_code, country_region, sub_region_1, sub_region_2, metro_area, iso_3166_2_code,
 * census_fips_code, place_id, date, …, residential_percent_change_from_baseline) → monthly mean
 * residential percent change from the January–February 2020 baseline, by area. Areas are Google's
 * sub-regions (sub_region_2 where given, else sub_region_1), matched by name to local authority
 * districts, then CSPs, then PFAs; names that match nothing are reported, not dropped silently.
 */
import { InputError } from "../../errors";
import type { AreaLevel } from "../../geography/index";
import { panelFromColumns, type Panel } from "../panel";
import { csvView, queryColumns, requireColumns, withDuckDB } from "../load";
import { areaCodeByName } from "./names";

export interface MobilityResult {
  /** Monthly mean residential % change; units are Google area names, attributes code and level of the matched area. */
  panel: Panel;
  unmatched: string[];
}

const RES = "residential_percent_change_from_baseline";

export async function loadGoogleMobility(path: string | string[], o: { country?: string } = {}): Promise<MobilityResult> {
  const source = Array.isArray(path) ? path.join(", ") : path;
  const q = await withDuckDB(async (c) => {
    const have = await csvView(c, "mob", path);
    requireColumns(have, ["country_region_code", "sub_region_1", "sub_region_2", "date", RES], source);
    const bad = await queryColumns(c, `SELECT date, ${RES} AS v FROM mob WHERE (TRY_CAST(${RES} AS DOUBLE) IS NULL AND coalesce(${RES}, '') <> '') OR TRY_CAST(date AS DATE) IS NULL LIMIT 1`);
    if (bad.date.length) throw new InputError(`${source}: row with date "${bad.date[0]}" and ${RES} "${bad.v[0]}" is not a date and a number`);
    return queryColumns(c, `SELECT coalesce(nullif(sub_region_2, ''), sub_region_1) AS area, strftime(TRY_CAST(date AS DATE), '%Y-%m') AS month,
      avg(TRY_CAST(${RES} AS DOUBLE)) AS v FROM mob
      WHERE coalesce(sub_region_1, '') <> '' AND country_region_code = '${(o.country ?? "GB").replace(/'/g, "")}' GROUP BY 1, 2 ORDER BY 1, 2`);
  });
  if (!q.area.length) throw new InputError(`${source}: no sub-regional rows for country ${o.country ?? "GB"}`);
  const match = new Map<string, { code: string; level: AreaLevel } | null>();
  for (const a of new Set(q.area.map(String))) {
    let m: { code: string; level: AreaLevel } | null = null;
    for (const level of ["lad", "csp", "pfa"] as const) { const code = areaCodeByName(level, a); if (code) { m = { code, level }; break; } }
    match.set(a, m);
  }
  const keep = q.area.map((a) => match.get(String(a)) !== null);
  const rows = (k: string) => q[k].filter((_, r) => keep[r]);
  const unit = rows("area").map(String);
  const panel = panelFromColumns({
    unit, time: rows("month").map(String), outcome: rows("v").map((v) => (v === null ? NaN : Number(v))), outcomeName: "residential mobility (% change from baseline)",
    source, unitOfMeasure: "percent",
    attributes: { code: unit.map((u) => match.get(u)!.code), level: unit.map((u) => match.get(u)!.level) },
  });
  return { panel, unmatched: [...match].filter(([, m]) => m === null).map(([a]) => a).sort() };
}
