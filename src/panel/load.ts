/**
 * Long CSV → Panel through DuckDB, for files with millions of rows (a year of street-level
 * crime, the LSOA-month panel). The checks are the same as panelFromColumns's (missing columns,
 * text in numbers, duplicate unit-periods, absorbing treatment, pre-period), done in SQL so the
 * file is never held as JS strings.
 */
import { existsSync } from "node:fs";
import { open } from "node:fs/promises";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { InputError, VruError } from "../errors";
import { parsePeriodColumn } from "../io/periods";
import { checkTextBytes } from "../io/text";
import { MAX_MAGNITUDE } from "../io/values";
import { validateTreatment, type Panel } from "./panel";
import type { CsvPanelSpec } from "./from-csv";

/** Runs `fn` with a fresh in-memory DuckDB connection, closing it afterwards. */
export async function withDuckDB<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  try {
    return await fn(c);
  } catch (e) {
    // DuckDB's reader errors (invalid UTF-8, a truncated .gz, ragged rows) are about the input.
    if (e instanceof Error && !(e instanceof VruError) && /Invalid Input Error|IO Error|Conversion Error/.test(e.message)) {
      throw new InputError(`cannot read the CSV: ${e.message.split("\n")[0]}`);
    }
    throw e;
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** The first 64 KiB of a file (for the encoding check without reading a large file). */
async function head(path: string): Promise<Buffer> {
  const f = await open(path, "r");
  try {
    const b = Buffer.alloc(65536);
    const { bytesRead } = await f.read(b, 0, b.length, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await f.close();
  }
}

/** SQL string literal. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** SQL identifier. */
export const sqlIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Columns of a query's result as JS arrays, by name. */
export async function queryColumns(c: DuckDBConnection, sql: string): Promise<Record<string, unknown[]>> {
  const r = await c.runAndReadAll(sql);
  return r.getColumnsObjectJS() as Record<string, unknown[]>;
}

/**
 * Creates view `name` over a CSV (or CSV glob, .gz allowed) with every column as text; returns its
 * columns. With `text`, instead reads the file once into a temporary table (DuckDB's parallel reader,
 * column types detected) with the named columns kept as text, so several checks do not re-parse a
 * large file.
 */
export async function csvView(c: DuckDBConnection, name: string, path: string | string[], text?: string[]): Promise<string[]> {
  const paths = Array.isArray(path) ? path : [path];
  for (const p of paths) if (!/[*?]/.test(p) && !existsSync(p)) throw new InputError(`cannot read ${p}: no such file`);
  const list = `[${paths.map(sqlString).join(", ")}]`;
  if (text) {
    const types = `{${text.map((k) => `${sqlString(k)}: 'VARCHAR'`).join(", ")}}`;
    await c.run(`CREATE TEMP TABLE ${sqlIdent(name)} AS SELECT * FROM read_csv(${list}, header = true, union_by_name = true, types = ${types})`);
  } else {
    await c.run(`CREATE OR REPLACE VIEW ${sqlIdent(name)} AS SELECT * FROM read_csv(${list}, header = true, all_varchar = true, union_by_name = true)`);
  }
  const d = await queryColumns(c, `DESCRIBE ${sqlIdent(name)}`);
  return d.column_name.map(String);
}

/** Errors naming the file and the columns it has, when any of `need` is missing. */
export function requireColumns(have: string[], need: string[], source: string): void {
  for (const k of need) if (!have.includes(k)) throw new InputError(`${source}: missing column "${k}" (columns: ${have.join(", ")})`);
}

/**
 * Errors naming the row, unit and period of the first value of `col` that is not a number (empty and
 * NA are missing). Only columns DuckDB did not read as numbers need the scan.
 */
async function requireNumeric(c: DuckDBConnection, view: string, col: string, unit: string, time: string, source: string): Promise<void> {
  const type = String((await queryColumns(c, `SELECT column_type AS t FROM (DESCRIBE ${sqlIdent(view)}) WHERE column_name = ${sqlString(col)}`)).t[0]);
  if (/^(DOUBLE|FLOAT|DECIMAL|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|BOOLEAN)/.test(type)) return;
  const q = await queryColumns(c, `SELECT rn, u, t, v FROM (SELECT row_number() OVER () AS rn, ${sqlIdent(unit)} AS u, ${sqlIdent(time)} AS t, trim(CAST(${sqlIdent(col)} AS VARCHAR)) AS v FROM ${sqlIdent(view)})
    WHERE v IS NOT NULL AND v <> '' AND v <> 'NA' AND TRY_CAST(v AS DOUBLE) IS NULL ORDER BY rn LIMIT 1`);
  if (q.rn.length) throw new InputError(`${source}: row ${Number(q.rn[0]) + 1} (unit ${q.u[0]}, period ${q.t[0]}): column "${col}" is not a number: "${q.v[0]}"`);
}

const num = (col: string) => `TRY_CAST(NULLIF(NULLIF(trim(CAST(${sqlIdent(col)} AS VARCHAR)), ''), 'NA') AS DOUBLE)`;

/** As for in-memory CSVs, less the outcome transform (DuckDB reads the values as they are). */
export type LoadPanelSpec = Omit<CsvPanelSpec, "transform">;

/**
 * Loads a long CSV (one row per unit-period; .gz and globs allowed) into a Panel. Units are
 * sorted by id; periods are parsed and sorted in time (io/periods.ts). Absent unit-periods are NaN.
 * The rules are those of panelFromColumns: unit ids without surrounding whitespace, values
 * within ±1e100; DuckDB's own read errors (encoding, a truncated .gz) become InputErrors.
 */
export async function loadPanelCsv(path: string | string[], spec: LoadPanelSpec): Promise<Panel> {
  const source = Array.isArray(path) ? path.join(", ") : path;
  for (const p of Array.isArray(path) ? path : [path]) if (!/[*?]/.test(p) && existsSync(p) && !p.endsWith(".gz")) checkTextBytes(await head(p), p);
  return withDuckDB(async (c) => {
    const numeric = [spec.outcome, ...(spec.treatment ? [spec.treatment] : []), ...(spec.covariates ?? [])];
    requireColumns(await csvView(c, "header", path), [spec.unit, spec.time, ...numeric, ...(spec.attributes ?? [])], source);
    await csvView(c, "src", path, [spec.unit, spec.time, ...(spec.attributes ?? [])]);
    const U = sqlIdent(spec.unit), Tm = sqlIdent(spec.time);
    const empty = await queryColumns(c, `SELECT count(*) AS n FROM src WHERE ${U} IS NULL OR trim(${U}) = '' OR ${Tm} IS NULL OR trim(${Tm}) = ''`);
    if (Number(empty.n[0]) > 0) {
      const at = await queryColumns(c, `SELECT rn FROM (SELECT row_number() OVER () AS rn, ${U} AS u, ${Tm} AS t FROM src) WHERE u IS NULL OR trim(u) = '' OR t IS NULL OR trim(t) = '' ORDER BY 1 LIMIT 1`);
      throw new InputError(`${source}: row ${Number(at.rn[0]) + 1} has an empty unit or time`);
    }
    for (const k of numeric) await requireNumeric(c, "src", k, spec.unit, spec.time, source);
    const spaced = await queryColumns(c, `SELECT rn, u FROM (SELECT row_number() OVER () AS rn, ${U} AS u FROM src) WHERE u <> trim(u) ORDER BY 1 LIMIT 1`);
    if (spaced.rn.length) throw new InputError(`${source}: row ${Number(spaced.rn[0]) + 1}: unit id ${JSON.stringify(String(spaced.u[0]))} has leading or trailing whitespace; remove it (ids are compared exactly, so it would be a second unit)`, { file: source, unit: String(spaced.u[0]) });
    for (const k of numeric) {
      const big = await queryColumns(c, `SELECT u, t, v FROM (SELECT ${U} AS u, ${Tm} AS t, ${num(k)} AS v FROM src) WHERE abs(v) > ${MAX_MAGNITUDE} OR (v <> 0 AND abs(v) < ${1 / MAX_MAGNITUDE}) LIMIT 1`);
      if (big.u.length) throw new InputError(`${source}: column "${k}" (unit ${big.u[0]}, period ${big.t[0]}): ${big.v[0]} is outside ±1e100 (or nonzero below 1e-100), which the estimators cannot square in double precision; rescale the column`, { file: source, column: k });
    }

    const units = (await queryColumns(c, `SELECT DISTINCT ${U} AS u FROM src ORDER BY 1`)).u.map(String);
    const rawPeriods = (await queryColumns(c, `SELECT DISTINCT ${Tm} AS t FROM src`)).t.map(String);
    // Several raw labels may be one period ("1980" and "1980.0"): duplicates are caught per cell below.
    const parsed = parsePeriodColumn(rawPeriods, { file: source, column: spec.time });
    const periods = parsed.periods;
    const periodIndex = new Map(periods.map((p, j) => [p, j]));
    await c.run(`CREATE TEMP TABLE ui AS SELECT u, (row_number() OVER (ORDER BY u) - 1)::INTEGER AS i FROM (SELECT DISTINCT ${U} AS u FROM src)`);
    await c.run(`CREATE TEMP TABLE ti (t VARCHAR, j INTEGER)`);
    const app = await c.createAppender("ti");
    rawPeriods.forEach((p, k) => { app.appendVarchar(p); app.appendInteger(periodIndex.get(parsed.labels[k])!); app.endRow(); });
    app.closeSync();

    const N = units.length, T = periods.length;
    const cols = [`${num(spec.outcome)} AS y`, ...(spec.treatment ? [`${num(spec.treatment)} AS d`] : []), ...(spec.covariates ?? []).map((k, q) => `${num(k)} AS c${q}`)];
    const r = await queryColumns(c, `SELECT ui.i * ${T} + ti.j AS cell, ${cols.join(", ")} FROM src JOIN ui ON src.${U} = ui.u JOIN ti ON src.${Tm} = ti.t`);
    const y = new Float64Array(N * T).fill(NaN);
    const treatment = new Uint8Array(N * T);
    const covariates: Record<string, Float64Array> = {};
    (spec.covariates ?? []).forEach((k) => (covariates[k] = new Float64Array(N * T).fill(NaN)));
    const cell = r.cell as number[], yy = r.y as (number | null)[];
    const seen = new Uint8Array(N * T);
    for (let k = 0; k < cell.length; k++) {
      const cc = cell[k];
      if (seen[cc]) throw new InputError(`${source}: duplicate unit-period: unit ${units[Math.floor(cc / T)]}, period ${periods[cc % T]}`);
      seen[cc] = 1;
      y[cc] = yy[k] ?? NaN;
    }
    if (spec.treatment) {
      const d = r.d as (number | null)[];
      for (let k = 0; k < cell.length; k++) {
        if (d[k] !== 0 && d[k] !== 1) {
          const cc = cell[k];
          throw new InputError(`${source}: unit ${units[Math.floor(cc / T)]}, period ${periods[cc % T]}: treatment must be 0 or 1, got ${String(d[k])}`);
        }
        treatment[cell[k]] = d[k] as number;
      }
    }
    (spec.covariates ?? []).forEach((k, q) => {
      const v = r[`c${q}`] as (number | null)[], out = covariates[k];
      for (let m = 0; m < cell.length; m++) out[cell[m]] = v[m] ?? NaN;
    });

    const attributes: Record<string, (string | number)[]> = {};
    for (const a of spec.attributes ?? []) {
      const A = sqlIdent(a);
      const bad = await queryColumns(c, `SELECT ${U} AS u, min(${A}) AS lo, max(${A}) AS hi FROM src GROUP BY 1 HAVING count(DISTINCT ${A}) > 1 ORDER BY 1 LIMIT 1`);
      if (bad.u.length) throw new InputError(`${source}: attribute "${a}" of unit ${bad.u[0]} is not constant (${bad.lo[0]} and ${bad.hi[0]})`);
      const v = await queryColumns(c, `SELECT ui.i AS i, any_value(${A}) AS v FROM src JOIN ui ON src.${U} = ui.u GROUP BY 1 ORDER BY 1`);
      const vals = v.v.map((x) => String(x ?? ""));
      const allNum = vals.every((s) => s.trim() !== "" && Number.isFinite(Number(s)));
      attributes[a] = allNum ? vals.map(Number) : vals;
    }
    const panel: Panel = { units, periods, outcome: spec.outcome, y, treatment, covariates, attributes, ...(spec.unitOfMeasure ? { unit: spec.unitOfMeasure } : {}) };
    validateTreatment(panel, source, spec.allowTreatmentReversal ?? false, spec.allowNoPrePeriod ?? false);
    return panel;
  });
}
