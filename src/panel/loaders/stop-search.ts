/**
 * data.police.uk stop-and-search CSVs ("YYYY-MM-<force>-stop-and-search.csv"; columns Type, Date,
 * Part of a policing operation, Policing operation, Latitude, Longitude, Gender, Age range,
 * Self-defined ethnicity, Officer-defined ethnicity, Legislation, Object of search, Outcome, …) →
 * searches per 1,000 residents by PFA and month. The files carry no force column: the force is read
 * from the file name, as police.uk names them. Months a force has no file for are missing.
 */
import { basename } from "node:path";
import { InputError } from "../../errors";
import { loadGeography } from "../../geography/index";
import { monthRange } from "../calendar";
import type { Panel } from "../panel";
import { queryColumns, requireColumns, withDuckDB } from "../load";
import { areaCodeByName } from "./names";

const FILE_RE = /^(\d{4}-\d{2})-(.+)-stop-and-search\.csv(\.gz)?$/;

export interface StopSearchResult {
  /** Searches per 1,000 residents (ONS mid-2019) by PFA code and month; attributes name, population; covariate searches (count). */
  panel: Panel;
  /** Forces in file names that match no PFA (e.g. British Transport Police). */
  unmatched: string[];
}

export async function loadStopSearch(paths: string[]): Promise<StopSearchResult> {
  if (!paths.length) throw new InputError("loadStopSearch: no files given");
  const forceOf = new Map<string, string>();
  const unmatched = new Set<string>();
  for (const p of paths) {
    const m = FILE_RE.exec(basename(p));
    if (!m) throw new InputError(`${p}: file name is not police.uk's YYYY-MM-<force>-stop-and-search.csv, so the force is unknown`);
    const code = areaCodeByName("pfa", m[2]);
    if (code) forceOf.set(basename(p), code); else unmatched.add(m[2]);
  }
  const files = paths.filter((p) => forceOf.has(basename(p)));
  if (!files.length) throw new InputError(`no file names a police force area (forces: ${[...unmatched].join(", ")})`);
  const q = await withDuckDB(async (c) => {
    await c.run(`CREATE TEMP TABLE ff (file VARCHAR, pfa VARCHAR)`);
    const app = await c.createAppender("ff");
    for (const f of files) { app.appendVarchar(basename(f)); app.appendVarchar(forceOf.get(basename(f))!); app.endRow(); }
    app.closeSync();
    const listed = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(", ");
    await c.run(`CREATE OR REPLACE VIEW ssf AS SELECT *, parse_filename(filename) AS file FROM read_csv([${listed}], header = true, all_varchar = true, union_by_name = true, filename = true)`);
    requireColumns((await queryColumns(c, "DESCRIBE ssf")).column_name.map(String), ["Type", "Date"], files.join(", "));
    const bad = await queryColumns(c, `SELECT file, "Date" AS d FROM ssf WHERE TRY_CAST(left("Date", 10) AS DATE) IS NULL LIMIT 1`);
    if (bad.file.length) throw new InputError(`${bad.file[0]}: column "Date" has "${bad.d[0]}", expected an ISO date-time`);
    return {
      counts: await queryColumns(c, `SELECT ff.pfa, strftime(TRY_CAST(left("Date", 10) AS DATE), '%Y-%m') AS month, count(*)::DOUBLE AS n FROM ssf JOIN ff USING (file) GROUP BY 1, 2`),
      covered: await queryColumns(c, `SELECT DISTINCT pfa, left(file, 7) AS month FROM ff`),
    };
  });
  const geo = loadGeography().pfa;
  const units = [...new Set(q.covered.pfa.map(String))].sort();
  const months = [...q.covered.month.map(String), ...q.counts.month.map(String)].sort();
  const periods = monthRange(months[0], months[months.length - 1]);
  const T = periods.length, N = units.length;
  const ui = new Map(units.map((u, i) => [u, i])), ti = new Map(periods.map((p, t) => [p, t]));
  const n = new Float64Array(N * T).fill(NaN);
  q.covered.pfa.forEach((p, r) => (n[ui.get(String(p))! * T + ti.get(String(q.covered.month[r]))!] = 0));
  q.counts.pfa.forEach((p, r) => {
    const cell = ui.get(String(p))! * T + ti.get(String(q.counts.month[r]))!;
    n[cell] = (Number.isNaN(n[cell]) ? 0 : n[cell]) + Number(q.counts.n[r]);
  });
  const pop = units.map((u) => geo.population[geo.index.get(u)!]);
  const y = Float64Array.from(n, (v, k) => (v / pop[Math.floor(k / T)]) * 1000);
  const panel: Panel = {
    units, periods, outcome: "stop and search (per 1,000)", y, treatment: new Uint8Array(N * T), covariates: { searches: n },
    attributes: { name: units.map((u) => geo.name[geo.index.get(u)!]), population: pop }, unit: "per 1,000",
  };
  return { panel, unmatched: [...unmatched].sort() };
}
