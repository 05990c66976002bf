/**
 * Builds data/geography/ from the public ONS files in ../shared/uk-data (run once by a
 * developer; the repository never reads ../shared at run time):
 *
 *   npx tsx src/geography/build.ts /work/shared/uk-data
 *
 * LAD vintage: April 2020 (the evaluation's period). CSP and PFA come from the January 2017
 * LAD → CSP → PFA lookup; the six LADs created by the 2019–2020 mergers are mapped through
 * their predecessor districts (an LSOA's 2011 name starts with its 2011 district's name):
 * a merged LAD lying inside one 2017 CSP keeps that CSP (West Suffolk, Somerset West and
 * Taunton, Dorset); one spanning several CSPs becomes a CSP of its own (BCP, East Suffolk,
 * Buckinghamshire), which is what those councils' partnerships became.
 */
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { readCsv, stringColumn, numericColumn, toCsv } from "../io/csv";
import { dataPath } from "../io/paths";
import { InternalError } from "../errors";

function build(shared: string): void {
  const lu17 = readCsv(join(shared, "lookups/LAD17_CSP17_PFA17_EW_LU_Jan2017_v2.csv"));
  const lu20 = readCsv(join(shared, "lookups/LSOA11_WD20_LAD20_EW_LU.csv"));
  const lu21 = readCsv(join(shared, "lookups/LSOA11_WD21_LAD21_EW_LU.csv"));
  const rgn = readCsv(join(shared, "lookups/LAD19_CTY19_RGN19_CTRY19_places_la_to_country.csv"));
  const pop = readCsv(join(shared, "population/population_lsoa_mid2019_ageband.csv"));

  const lad17 = new Map<string, { name: string; csp: string; cspName: string; pfa: string; pfaName: string }>();
  {
    const [c, n, cs, csn, p, pn] = ["LAD17CD", "LAD17NM", "CSP17CD", "CSP17NM", "PFA17CD", "PFA17NM"].map((k) => stringColumn(lu17, k));
    c.forEach((code, i) => lad17.set(code, { name: n[i], csp: cs[i], cspName: csn[i], pfa: p[i], pfaName: pn[i] }));
  }
  const lad17ByName = new Map([...lad17].map(([code, r]) => [r.name, code]));

  // LSOA → LAD20, and the predecessor LAD17 of LSOAs in merged LADs.
  const lsoaCodes = stringColumn(lu20, "LSOA11CD"), lsoaNames = stringColumn(lu20, "LSOA11NM");
  const lsoaLad20 = stringColumn(lu20, "LAD20CD"), lad20Names = stringColumn(lu20, "LAD20NM");
  const lad20Name = new Map<string, string>();
  const predecessors = new Map<string, Set<string>>(); // merged LAD20 → LAD17 codes
  lsoaCodes.forEach((_, i) => {
    const l20 = lsoaLad20[i];
    lad20Name.set(l20, lad20Names[i]);
    if (lad17.has(l20)) return;
    const district = lsoaNames[i].replace(/ \d{3}[A-Z]$/, "");
    const p = lad17ByName.get(district);
    if (!p) throw new InternalError(`LSOA ${lsoaCodes[i]} (${lsoaNames[i]}) in merged LAD ${l20}: no 2017 district named "${district}"`);
    if (!predecessors.has(l20)) predecessors.set(l20, new Set());
    predecessors.get(l20)!.add(p);
  });

  // LAD20 → CSP (2020) → PFA.
  const ladRows: (string | number)[][] = [];
  const cspNames = new Map<string, { name: string; pfa: string }>();
  const pfaNames = new Map<string, string>();
  const mergedNote: string[] = [];
  for (const [code, name] of [...lad20Name].sort()) {
    let csp: string, cspName: string, pfa: string, pfaName: string;
    const own = lad17.get(code);
    if (own) ({ csp, cspName, pfa, pfaName } = own);
    else {
      const preds = [...predecessors.get(code)!].map((c) => lad17.get(c)!);
      const csps = new Set(preds.map((p) => p.csp)), pfas = new Set(preds.map((p) => p.pfa));
      if (pfas.size !== 1) throw new InternalError(`merged LAD ${code} spans several PFAs`);
      ({ pfa, pfaName } = preds[0]);
      if (csps.size === 1) ({ csp, cspName } = preds[0]);
      else { csp = code; cspName = name; }
      mergedNote.push(`${code} ${name} ← ${[...predecessors.get(code)!].join("+")} → CSP ${csp}`);
    }
    ladRows.push([code, name, csp, pfa]);
    cspNames.set(csp, { name: cspName, pfa });
    pfaNames.set(pfa, pfaName);
  }

  // Region of each PFA: the region of its 2017 districts in the 2019 region lookup (Wales as one).
  const rgnOf = new Map<string, [string, string]>();
  {
    const c = stringColumn(rgn, "LAD19CD"), r = stringColumn(rgn, "RGN19CD"), rn = stringColumn(rgn, "RGN19NM");
    const ct = stringColumn(rgn, "CTRY19CD"), ctn = stringColumn(rgn, "CTRY19NM");
    c.forEach((code, i) => rgnOf.set(code, r[i] ? [r[i], rn[i]] : [ct[i], ctn[i]]));
  }
  const pfaRegion = new Map<string, [string, string]>();
  const ladPfa: [string, string][] = [...[...lad17].map(([c, r]): [string, string] => [c, r.pfa]), ...ladRows.map((r): [string, string] => [String(r[0]), String(r[3])])];
  for (const [code, pfa] of ladPfa) {
    const reg = rgnOf.get(code);
    if (!reg) continue;
    const prev = pfaRegion.get(pfa);
    if (prev && prev[0] !== reg[0]) throw new InternalError(`PFA ${pfa} spans regions ${prev[0]} and ${reg[0]}`);
    pfaRegion.set(pfa, reg);
  }

  // LSOA rows with mid-2019 population (under 25 = 0–9 + 10–24).
  const popCode = stringColumn(pop, "lsoa_code"), tot = numericColumn(pop, "total_population");
  const a09 = numericColumn(pop, "age_0_9"), a1024 = numericColumn(pop, "age_10_24");
  const popOf = new Map(popCode.map((c, i) => [c, [tot[i], a09[i] + a1024[i]]]));
  const lsoaRows = lsoaCodes.map((c, i) => {
    const p = popOf.get(c);
    if (!p) throw new InternalError(`LSOA ${c} has no mid-2019 population`);
    return [c, lsoaNames[i], lsoaLad20[i], p[0], p[1]];
  }).sort((a, b) => (a[0] < b[0] ? -1 : 1));

  // LAD17 → LAD20 → LAD21 crosswalk, for data keyed by older or newer district codes.
  const l21Code = stringColumn(lu21, "LSOA11CD"), l21Lad = stringColumn(lu21, "LAD21CD"), l21Name = stringColumn(lu21, "LAD21NM");
  const lad21OfLsoa = new Map(l21Code.map((c, i) => [c, [l21Lad[i], l21Name[i]]]));
  const cross = new Map<string, (string | number)[]>();
  lsoaCodes.forEach((c, i) => {
    const l20 = lsoaLad20[i];
    const l17 = lad17.has(l20) ? l20 : lad17ByName.get(lsoaNames[i].replace(/ \d{3}[A-Z]$/, ""))!;
    const [l21, l21n] = lad21OfLsoa.get(c)!;
    cross.set(`${l17}|${l20}|${l21}`, [l17, lad17.get(l17)!.name, l20, lad20Name.get(l20)!, l21, l21n]);
  });

  const out = (f: string) => dataPath("geography", f);
  // Columns as JSON (parses ~50× faster than CSV text for the 34,753 rows).
  const col = (k: number) => lsoaRows.map((r) => r[k]);
  const lsoaJson = { lsoa_code: col(0), lsoa_name: col(1), lad_code: col(2), population: col(3), population_under25: col(4) };
  writeFileSync(out("lsoa11.json.gz"), gzipSync(JSON.stringify(lsoaJson), { level: 9 }));
  writeFileSync(out("lad20.csv"), toCsv(["lad_code", "lad_name", "csp_code", "pfa_code"], ladRows));
  writeFileSync(out("csp.csv"), toCsv(["csp_code", "csp_name", "pfa_code"], [...cspNames].sort().map(([c, r]) => [c, r.name, r.pfa])));
  writeFileSync(out("pfa.csv"), toCsv(["pfa_code", "pfa_name", "region_code", "region_name"],
    [...pfaNames].sort().map(([c, n]) => [c, n, ...(pfaRegion.get(c) ?? ["", ""])])));
  writeFileSync(out("lad_crosswalk.csv"), toCsv(["lad17_code", "lad17_name", "lad20_code", "lad20_name", "lad21_code", "lad21_name"], [...cross.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[4] < b[4] ? -1 : 1))));
  copyFileSync(join(shared, "boundaries/boundaries_pfa_2020.geojson"), out("boundaries_pfa_2020.geojson"));
  console.log(`LSOAs ${lsoaRows.length}, LADs ${ladRows.length}, CSPs ${cspNames.size}, PFAs ${pfaNames.size}`);
  console.log(mergedNote.join("\n"));
}

build(process.argv[2] ?? "/work/shared/uk-data");
