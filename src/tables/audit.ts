/**
 * Audit of the report's tables: each table against its own totals and percentages, against the
 * other tables, and against the figures stated in the text. Every discrepancy is returned with
 * where it is, what is printed and what the other figures imply; nothing is corrected silently.
 */
import type { FundingRow, InterventionSpendRow, Table11 } from "./funding";
import type { CountColumn } from "./interventions";
import { loadReportTables, type ReportTables } from "./report";
import { byItem } from "./text-figures";
import { pfaKey } from "./names";
import { printedDecimals, roundHalfUp, roundsTo } from "./rounding";

export type DiscrepancyKind =
  | "missing-row" // a row the totals and other tables say should be there
  | "row-sum" // a row's parts do not add to its printed total
  | "column-total" // a column does not add to its printed Total row
  | "percent-rounding" // a printed percentage that does not round from its counts
  | "cross-table" // two tables disagree
  | "text-vs-table" // the text states a figure the table contradicts
  | "text-vs-text" // two places in the text disagree
  | "arithmetic" // a derived figure that does not follow from the figures it is derived from
  | "ordering" // rows not in the order the table is sorted by
  | "naming"; // the same area spelled differently

export interface Discrepancy {
  /** Stable identifier, e.g. "t73-text-therapeutic". */
  id: string;
  kind: DiscrepancyKind;
  /** error: the figures cannot all be right; warning: likely inconsistent, may have an explanation; note: presentation. */
  severity: "error" | "warning" | "note";
  /** Where: table/section, row and column. */
  location: string;
  printed: number | string;
  expected: number | string;
  message: string;
  /** For a missing Table 1.1 row: the reconstructed row and its 0-based position in the printed order. */
  reconstructed?: { row: FundingRow; position: number; after: string | null; before: string | null };
}

const fmt = (x: number): string => x.toLocaleString("en-GB", { maximumFractionDigits: 4 });
const pct = (count: number, base: number): number => (100 * count) / base;

/** A printed percentage vs the percentage its count implies. */
function checkPercent(out: Discrepancy[], id: string, location: string, count: number, base: number, printed: number): void {
  const exact = pct(count, base);
  if (roundsTo(exact, printed)) return;
  const d = printedDecimals(printed);
  out.push({
    id, kind: "percent-rounding", severity: "error", location, printed: `${printed}%`, expected: `${roundHalfUp(exact, d)}%`,
    message: `${location}: printed ${printed}% but ${fmt(count)} / ${fmt(base)} = ${exact.toFixed(d + 2)}%, which rounds to ${roundHalfUp(exact, d)}%`,
  });
}

/** A count column: rows add to the Total row and each percentage rounds from its count. */
function auditCountColumn(out: Discrepancy[], idPrefix: string, where: string, col: CountColumn): void {
  const sum = col.rows.reduce((s, r) => s + r.number, 0);
  if (sum !== col.total.number) {
    out.push({
      id: `${idPrefix}-total`, kind: "column-total", severity: "error", location: `${where}, Total row`,
      printed: col.total.number, expected: sum, message: `${where}: rows add to ${fmt(sum)}, the Total row prints ${fmt(col.total.number)}`,
    });
  }
  for (const r of col.rows) checkPercent(out, `${idPrefix}-pct:${r.label}`, `${where}, row "${r.label}"`, r.number, col.total.number, r.percent);
}

/**
 * Reconstructs the one Table 1.1 row missing relative to Table 7.1's 18 VRUs: Surge, VRU and total
 * from the printed Total row minus the printed rows, the VRU amount cross-checked against twice
 * Table 7.1's one-year allocation, and its place in the table's descending-total order.
 * Returns null when no VRU of Table 7.1 is missing from Table 1.1.
 */
export function reconstructMissingFundingRow(t11: Table11, t71: InterventionSpendRow[]): Discrepancy["reconstructed"] & { vruFromTable71: number } | null {
  const have = new Set(t11.rows.map((r) => pfaKey(r.pfa)));
  const missing = t71.filter((r) => !have.has(pfaKey(r.vru)));
  if (missing.length !== 1) return null;
  const sum = (k: "surge" | "vru" | "total"): number => t11.rows.reduce((s, r) => s + r[k], 0);
  const row: FundingRow = { pfa: missing[0].vru, surge: t11.total.surge - sum("surge"), vru: t11.total.vru - sum("vru"), total: t11.total.total - sum("total") };
  let position = t11.rows.findIndex((r) => r.total < row.total);
  if (position < 0) position = t11.rows.length;
  return {
    row, position,
    after: position > 0 ? t11.rows[position - 1].pfa : null,
    before: position < t11.rows.length ? t11.rows[position].pfa : null,
    vruFromTable71: 2 * missing[0].fundingAllocation,
  };
}

function auditFunding(out: Discrepancy[], t: ReportTables): void {
  const { t11, t71 } = t;
  const funded = byItem(t.textFigures, "funded_pfas").value;
  for (const r of t11.rows) {
    if (r.surge + r.vru !== r.total) {
      out.push({ id: `t11-row-sum:${r.pfa}`, kind: "row-sum", severity: "error", location: `Table 1.1, row "${r.pfa}"`, printed: r.total, expected: r.surge + r.vru, message: `Table 1.1 ${r.pfa}: Surge + VRU = ${fmt(r.surge + r.vru)}, printed total ${fmt(r.total)}` });
    }
  }
  const rec = reconstructMissingFundingRow(t11, t71);
  if (rec) {
    const { vruFromTable71, ...reconstructed } = rec;
    const r = rec.row;
    const consistent = r.surge + r.vru === r.total && r.vru === vruFromTable71;
    out.push({
      id: `t11-missing-row:${r.pfa}`, kind: "missing-row", severity: "error", location: `Table 1.1, between "${rec.after}" and "${rec.before}"`,
      printed: `${t11.rows.length} rows`, expected: `${funded} rows`, reconstructed,
      message: `Table 1.1 has ${t11.rows.length} PFA rows for ${funded} funded PFAs; ${r.pfa} (in Table 7.1) is missing. ` +
        `From the Total row minus the printed rows: Surge £${fmt(r.surge)}, VRU £${fmt(r.vru)}, total £${fmt(r.total)}` +
        (consistent ? ` (Surge + VRU = total, and VRU = 2 × Table 7.1's £${fmt(vruFromTable71 / 2)})` : `; NOT consistent with Table 7.1 (2 × allocation = £${fmt(vruFromTable71)})`) +
        `. In the table's order it belongs at position ${rec.position + 1}, after ${rec.after ?? "nothing"} and before ${rec.before ?? "nothing"}.`,
    });
  } else {
    for (const k of ["surge", "vru", "total"] as const) {
      const s = t11.rows.reduce((a, r) => a + r[k], 0);
      if (s !== t11.total[k]) out.push({ id: `t11-total:${k}`, kind: "column-total", severity: "error", location: `Table 1.1, Total row, ${k}`, printed: t11.total[k], expected: s, message: `Table 1.1 ${k} column adds to ${fmt(s)}, the Total row prints ${fmt(t11.total[k])}` });
    }
    if (t11.rows.length !== funded) out.push({ id: "t11-row-count", kind: "missing-row", severity: "error", location: "Table 1.1", printed: t11.rows.length, expected: funded, message: `Table 1.1 has ${t11.rows.length} PFA rows for ${funded} funded PFAs` });
  }
  t11.rows.forEach((r, i) => {
    if (i > 0 && r.total > t11.rows[i - 1].total) out.push({ id: `t11-order:${r.pfa}`, kind: "ordering", severity: "note", location: `Table 1.1, row "${r.pfa}"`, printed: r.total, expected: `≤ ${t11.rows[i - 1].total}`, message: `Table 1.1 is ordered by total funding, but ${r.pfa} (${fmt(r.total)}) follows ${t11.rows[i - 1].pfa} (${fmt(t11.rows[i - 1].total)})` });
  });
  // Table 7.1's allocation is one year's VRU funding; Table 1.1 is two equal years (section 1.1).
  const byKey = new Map(t11.rows.map((r) => [pfaKey(r.pfa), r]));
  for (const v of t71) {
    const f = byKey.get(pfaKey(v.vru));
    if (!f) continue;
    if (f.vru !== 2 * v.fundingAllocation) out.push({ id: `t71-vs-t11:${v.vru}`, kind: "cross-table", severity: "error", location: `Table 7.1, row "${v.vru}" vs Table 1.1`, printed: v.fundingAllocation, expected: f.vru / 2, message: `${v.vru}: Table 7.1 allocation £${fmt(v.fundingAllocation)} is not half of Table 1.1's two-year VRU funding £${fmt(f.vru)}` });
    if (f.pfa !== v.vru) out.push({ id: `naming:${v.vru}`, kind: "naming", severity: "note", location: `Table 1.1 "${f.pfa}" vs Table 7.1 "${v.vru}"`, printed: f.pfa, expected: v.vru, message: `The same PFA is printed "${f.pfa}" in Table 1.1 and "${v.vru}" in Table 7.1` });
  }
  for (const v of t71) checkPercent(out, `t71-pct:${v.vru}`, `Table 7.1, row "${v.vru}", % of total funding`, v.interventionSpend, v.fundingAllocation, v.percentPrinted);
  t71.forEach((v, i) => {
    if (i > 0 && v.percentPrinted > t71[i - 1].percentPrinted) out.push({ id: `t71-order:${v.vru}`, kind: "ordering", severity: "note", location: `Table 7.1, row "${v.vru}"`, printed: v.percentPrinted, expected: `≤ ${t71[i - 1].percentPrinted}`, message: `Table 7.1 is ordered by % spent, but ${v.vru} follows ${t71[i - 1].vru} with a higher %` });
  });
  // Rounded amounts in the text of 1.1 and the executive summary (to the nearest £1m).
  const m = (item: string): number => byItem(t.textFigures, item).value;
  const nearMillion = (item: string, exact: number, where: string): void => {
    if (!roundsTo(exact / 1e6, m(item) / 1e6, 0)) out.push({ id: `text-${item}`, kind: "text-vs-table", severity: "error", location: where, printed: `£${m(item) / 1e6}m`, expected: `£${fmt(exact / 1e6)}m`, message: `${where}: £${m(item) / 1e6}m does not round from Table 1.1's £${fmt(exact)}` });
  };
  nearMillion("vru_funding_two_years", t11.total.vru, "Section 1.1, VRU funding across two years");
  nearMillion("sv_funding_total", t11.total.total, "Executive summary, total investment");
  const surgeYears = m("surge_funding_2019_20") + m("surge_funding_2020_21");
  if (Math.abs(surgeYears - t11.total.surge) > 1e6) out.push({ id: "text-surge-years", kind: "text-vs-table", severity: "error", location: "Section 1.1, Surge funding by year", printed: `£${surgeYears / 1e6}m`, expected: `£${fmt(t11.total.surge / 1e6)}m`, message: `Section 1.1: £63m + £42m of Surge does not round-match Table 1.1's Surge total` });
}

function auditInterventions(out: Discrepancy[], t: ReportTables): void {
  auditCountColumn(out, "t72-y1", "Table 7.2, year 1", t.t72.year1);
  auditCountColumn(out, "t72-y2", "Table 7.2, year 2", t.t72.year2);
  auditCountColumn(out, "t74", "Table 7.4", t.t74);
  auditCountColumn(out, "t75-y1", "Table 7.5, year 1", t.t75.year1);
  auditCountColumn(out, "t75-y2", "Table 7.5, year 2", t.t75.year2);

  // Table 7.3: its columns against its Total row, its rows against Table 7.2 (year 2).
  const { t73 } = t;
  const colSums = t73.colLabels.map((_, j) => t73.counts.reduce((s, r) => s + r[j], 0));
  t73.colLabels.forEach((c, j) => {
    const printed = t73.printedColTotals?.[j];
    if (printed !== undefined && printed !== colSums[j]) out.push({ id: `t73-total:${c}`, kind: "column-total", severity: "error", location: `Table 7.3, Total row, ${c}`, printed, expected: colSums[j], message: `Table 7.3 ${c} column adds to ${colSums[j]}, the Total row prints ${printed}` });
  });
  t73.rowLabels.forEach((g, i) => {
    const rowSum = t73.counts[i].reduce((s, v) => s + v, 0);
    const t72 = t.t72.year2.rows.find((r) => r.label === g);
    if (t72 && t72.number !== rowSum) out.push({ id: `t73-vs-t72:${g}`, kind: "cross-table", severity: "error", location: `Table 7.3, row "${g}" vs Table 7.2 year 2`, printed: rowSum, expected: t72.number, message: `Table 7.3 row "${g}" adds to ${rowSum}, Table 7.2 prints ${t72.number} planned interventions` });
  });
  const base73 = colSums.reduce((s, v) => s + v, 0);

  // Section 7.2's text against the tables.
  const textRows = (b: string) => t.commissioning.filter((r) => r.breakdown === b);
  const dmText = textRows("delivery_model");
  for (const r of dmText) {
    const j = t73.colLabels.findIndex((c) => pfaKey(c) === pfaKey(r.category) || (c === "Unknown" && r.category.startsWith("Unknown")));
    const table = j >= 0 ? (t73.printedColTotals?.[j] ?? colSums[j]) : null;
    const loc = `Section 7.2 text, delivery model "${r.category}"`;
    if (r.number !== null) checkPercent(out, `s72-pct:delivery_model:${r.category}`, loc, r.number, r.base, r.percent);
    if (table === null) continue;
    if (r.number !== null && r.number !== table) {
      out.push({ id: `t73-text:${r.category}`, kind: "text-vs-table", severity: "error", location: `${loc} vs Table 7.3 Total row`, printed: r.number, expected: table, message: `Section 7.2 says ${r.percent}% (${r.number}) were ${r.category.toLowerCase()} interventions; Table 7.3's ${t73.colLabels[j]} total is ${table} (${pct(table, base73).toFixed(1)}%)` });
    } else if (r.number === null) {
      checkPercent(out, `t73-text-pct:${r.category}`, `${loc} vs Table 7.3 (${table} of ${base73})`, table, base73, r.percent);
    }
  }
  // The counts the text gives must leave room for the one it does not (the text's own total).
  const known = dmText.filter((r) => r.number !== null).reduce((s, r) => s + (r.number ?? 0), 0);
  const unknownRows = dmText.filter((r) => r.number === null);
  if (unknownRows.length === 1) {
    const implied = dmText[0].base - known;
    const j = t73.colLabels.findIndex((c) => pfaKey(c) === pfaKey(unknownRows[0].category));
    if (j >= 0 && implied !== colSums[j]) out.push({ id: `t73-text-implied:${unknownRows[0].category}`, kind: "text-vs-table", severity: "warning", location: `Section 7.2 text, delivery model "${unknownRows[0].category}" (count not printed)`, printed: `${implied} (implied: ${dmText[0].base} minus the other stated counts)`, expected: colSums[j], message: `The text's counts imply ${implied} ${unknownRows[0].category.toLowerCase()} interventions; Table 7.3 has ${colSums[j]}` });
  }
  const compareWithColumn = (b: string, col: CountColumn, table: string): void => {
    for (const r of textRows(b)) {
      const row = col.rows.find((x) => x.label === r.category);
      if (row && row.percent !== r.percent) out.push({ id: `${b}-vs-table:${r.category}`, kind: "text-vs-table", severity: "error", location: `Section 7.2 text, "${r.category}" vs ${table}`, printed: `${r.percent}%`, expected: `${row.percent}%`, message: `Section 7.2 text says ${r.percent}%, ${table} prints ${row.percent}% for ${r.category}` });
      if (row && r.base !== col.total.number) out.push({ id: `${b}-base`, kind: "text-vs-table", severity: "error", location: `Section 7.2 text vs ${table}`, printed: r.base, expected: col.total.number, message: `Section 7.2's base ${r.base} differs from ${table}'s total ${col.total.number}` });
    }
  };
  compareWithColumn("planned_target_group", t.t72.year2, "Table 7.2 (year 2)");
  compareWithColumn("delivered_target_group", t.t74, "Table 7.4");
  // Other breakdowns: each percentage from its count; partitions add up to their base.
  const PARTITIONS = ["geography", "commissioned_organisation", "novelty", "evidence_source"];
  for (const b of new Set(t.commissioning.map((r) => r.breakdown))) {
    if (b === "delivery_model" || b.endsWith("target_group")) continue;
    const rows = textRows(b);
    for (const r of rows) if (r.number !== null) checkPercent(out, `s72-pct:${b}:${r.category}`, `Section 7.2 text, ${b} "${r.category}"`, r.number, r.base, r.percent);
    const s = rows.reduce((a, r) => a + (r.number ?? 0), 0);
    if (PARTITIONS.includes(b) && s !== rows[0].base) out.push({ id: `s72-sum:${b}`, kind: "arithmetic", severity: "error", location: `Section 7.2 text, ${b}`, printed: s, expected: rows[0].base, message: `Section 7.2 ${b} counts add to ${s}, not ${rows[0].base}` });
  }
  const evidenceBased = textRows("evidence").find((r) => r.category === "Evidence-based");
  const sources = textRows("evidence_source");
  if (evidenceBased && sources.length > 0 && sources[0].base !== evidenceBased.number) out.push({ id: "s72-evidence-base", kind: "text-vs-text", severity: "error", location: "Section 7.2 text, evidence sources", printed: sources[0].base, expected: evidenceBased.number ?? "", message: `Evidence sources are shares of ${sources[0].base}, but ${evidenceBased.number} interventions were evidence-based` });

  const stated = (item: string, value: number, where: string, table: string): void => {
    const v = byItem(t.textFigures, item).value;
    if (v !== value) out.push({ id: `text-${item}`, kind: "text-vs-table", severity: "error", location: where, printed: v, expected: value, message: `${where} states ${fmt(v)}; ${table} gives ${fmt(value)}` });
  };
  stated("planned_interventions", t.t72.year2.total.number, "Section 7.2, planned interventions", "Table 7.2");
  stated("delivered_interventions", t.t74.total.number, "Section 7.2, delivered interventions", "Table 7.4");
  stated("individuals_reached_7_4_1", t.t75.year2.total.number, "Section 7.4.1, individuals reached", "Table 7.5");
  const summary = byItem(t.textFigures, "individuals_reached_summary").value;
  if (!roundsTo(t.t75.year2.total.number / 1000, summary / 1000, 0)) out.push({ id: "text-individuals_reached_summary", kind: "text-vs-table", severity: "error", location: "Executive summary, individuals supported", printed: summary, expected: t.t75.year2.total.number, message: `Executive summary's ${fmt(summary)} does not round from Table 7.5's ${fmt(t.t75.year2.total.number)}` });
}

function auditFieldwork(out: Discrepancy[], t: ReportTables): void {
  const { groups, total } = t.fieldwork;
  const s = groups.reduce((a, g) => a + g.interviews, 0);
  if (s !== total) out.push({ id: "fieldwork-total", kind: "column-total", severity: "error", location: "Section 1.4, fieldwork", printed: total, expected: s, message: `Section 1.4: ${groups.map((g) => g.interviews).join(" + ")} = ${s}, not ${total}` });
  const summary = byItem(t.textFigures, "stakeholders_consulted").value;
  if (summary !== total) out.push({ id: "fieldwork-summary", kind: "text-vs-text", severity: "error", location: "Executive summary vs section 1.4", printed: summary, expected: total, message: `Executive summary says ${summary} stakeholders; section 1.4 counts ${total} interviews` });
  const yp = groups.find((g) => /young people/i.test(g.group));
  const fn18 = byItem(t.textFigures, "young_people_interviewed_fn18").value;
  if (yp && yp.interviews !== fn18) out.push({
    id: "fieldwork-young-people-fn18", kind: "text-vs-text", severity: "warning", location: "Section 1.4 (young people interviews) vs footnote 18",
    printed: fn18, expected: yp.interviews,
    message: `Footnote 18 says ${fn18} young people who had taken part in interventions were interviewed; section 1.4 lists ${yp.interviews} interviews with young people supported by VRU-funded interventions (possibly different counts — interviews vs people — but the report does not say)`,
  });
}

function auditHeadlines(out: Discrepancy[], t: ReportTables): void {
  const h = (item: string) => byItem(t.headlines, item);
  for (const e of t.headlines) {
    if (e.ciLower === null || e.ciUpper === null) continue;
    const loc = `Section ${e.section}, ${e.quantity}`;
    if (e.ciLower > e.ciUpper || e.estimate < e.ciLower || e.estimate > e.ciUpper) out.push({ id: `ci-order:${e.item}`, kind: "arithmetic", severity: "error", location: loc, printed: `${e.estimate} [${e.ciLower}, ${e.ciUpper}]`, expected: "lower ≤ estimate ≤ upper", message: `${loc}: estimate ${e.estimate} is not inside its interval [${e.ciLower}, ${e.ciUpper}]` });
    const excludesZero = e.ciLower > 0 || e.ciUpper < 0;
    if (e.significantStated !== null && e.significantStated !== excludesZero) out.push({ id: `ci-significance:${e.item}`, kind: "text-vs-table", severity: "error", location: loc, printed: e.significantStated ? "significant" : "not significant", expected: excludesZero ? "significant (CI excludes 0)" : "not significant (CI includes 0)", message: `${loc}: the text's significance statement disagrees with the CI [${e.ciLower}, ${e.ciUpper}]` });
  }
  // A product of printed (rounded) figures: consistent if within the rounding of its inputs.
  const product = (id: string, where: string, a: number, aHalfUlp: number, b: number, printed: number, printedHalfUlp: number): void => {
    const exact = a * b;
    if (Math.abs(exact - printed) > aHalfUlp * Math.abs(b) + printedHalfUlp) out.push({ id, kind: "arithmetic", severity: "error", location: where, printed, expected: exact, message: `${where}: ${fmt(a)} × ${fmt(b)} = ${fmt(exact)}, printed ${fmt(printed)}` });
  };
  const v = (item: string): number => h(item).estimate;
  const pop = v("funded_population");
  product("headline-vwoi-rate-x-population", "Section 2.3, 80 per 100,000 × funded population", -v("vwoi_cumulative_rate"), 0.5, pop / 1e5, v("vwoi_offences_avoided"), 0.5);
  product("headline-vwoi-multiplier", "Section 2.3.3, VWOI offences × 1.5", v("vwoi_offences_avoided"), 0.5, v("vwoi_multiplier"), v("vwoi_offences_avoided_adjusted"), 0.5);
  product("headline-vwoi-costs", "Section 2.3.3, VWOI offences avoided × unit cost", v("vwoi_offences_avoided_adjusted"), 0.5, v("vwoi_unit_cost"), v("vwoi_costs_avoided"), 0.5);
  product("headline-vwi-multiplier", "Section 2.3.3, VWI offences × 2.6", v("vwi_offences_avoided"), 0.5, v("vwi_multiplier"), v("vwi_offences_avoided_adjusted"), 0.5);
  product("headline-vwi-costs", "Section 2.3.3, VWI offences avoided × unit cost", v("vwi_offences_avoided_adjusted"), 0.5, v("vwi_unit_cost"), v("vwi_costs_avoided"), 0.5);
  const benefits = v("vwoi_costs_avoided") + v("vwi_costs_avoided");
  if (benefits !== v("total_benefits")) out.push({ id: "headline-total-benefits", kind: "arithmetic", severity: "error", location: "Section 2.3.3, total benefits", printed: v("total_benefits"), expected: benefits, message: `Section 2.3.3: £${fmt(v("vwoi_costs_avoided"))} + £${fmt(v("vwi_costs_avoided"))} = £${fmt(benefits)}, printed £${fmt(v("total_benefits"))}` });
  const bcr = v("total_benefits") / v("total_costs");
  if (!roundsTo(bcr, v("benefit_cost_ratio"))) out.push({ id: "headline-bcr", kind: "arithmetic", severity: "error", location: "Section 2.3.3, benefit-cost ratio", printed: v("benefit_cost_ratio"), expected: bcr, message: `Section 2.3.3: £${fmt(v("total_benefits"))} / £${fmt(v("total_costs"))} = ${bcr.toFixed(4)}, printed ${v("benefit_cost_ratio")}` });

  // The same figures printed in two places.
  const same = (id: string, a: string, b: string, pick: (e: ReturnType<typeof h>) => number | null, what: string, round = false): void => {
    const x = pick(h(a));
    const y = pick(h(b));
    if (x === null || y === null) return;
    const ok = round ? roundsTo(x / 1e6, y / 1e6, 0) : x === y;
    if (!ok) out.push({ id, kind: "text-vs-text", severity: "error", location: `${what}: section ${h(a).section} vs ${h(b).section}`, printed: y, expected: x, message: `${what} is ${fmt(x)} in section ${h(a).section} but ${fmt(y)} in ${h(b).section}` });
  };
  same("bcr-upper-2.3.3-vs-footnote-1", "benefit_cost_ratio", "benefit_cost_ratio_footnote_1", (e) => e.ciUpper, "Upper bound of the benefit-cost ratio range");
  same("bcr-lower-2.3.3-vs-footnote-1", "benefit_cost_ratio", "benefit_cost_ratio_footnote_1", (e) => e.ciLower, "Lower bound of the benefit-cost ratio range");
  same("bcr-central-2.3.3-vs-summary", "benefit_cost_ratio", "summary_benefit_cost_ratio", (e) => e.estimate, "Benefit-cost ratio");
  same("vwoi-2.3.3-vs-summary", "vwoi_offences_avoided_adjusted", "summary_vwoi_offences_avoided", (e) => e.estimate, "Violence without injury offences avoided");
  same("vwi-2.3.3-vs-summary", "vwi_offences_avoided_adjusted", "summary_vwi_offences_avoided", (e) => e.estimate, "Violence with injury offences avoided");
  same("benefits-2.3.3-vs-summary", "total_benefits", "summary_costs_avoided", (e) => e.estimate, "Total costs avoided (£m)", true);
  const reached = v("individuals_reached_year_2");
  if (reached !== t.t75.year2.total.number) out.push({ id: "headline-individuals-reached", kind: "text-vs-table", severity: "error", location: "Section 7.4 vs Table 7.5", printed: reached, expected: t.t75.year2.total.number, message: `Section 7.4 says ${fmt(reached)} individuals; Table 7.5's year 2 total is ${fmt(t.t75.year2.total.number)}` });
}

/**
 * What section 2.3's text says about Table A3.4's April 2019 slope coefficients (quoted), checked
 * against the printed asterisks.
 */
const ITS_TEXT_CLAIMS = [
  { outcome: "Violence with injury", significant: true, quote: "This change in slope was statistically significant." },
  { outcome: "Violence without injury", significant: false, quote: "there was a levelling off in the trend following funding (not statistically significant)" },
] as const;

function auditAnnex3(out: Discrepancy[], t: ReportTables): void {
  for (const c of ITS_TEXT_CLAIMS) {
    const e = t.a34.find((x) => x.coefficient === "Slope" && x.outcome === c.outcome && x.interventionStart === "2019-04");
    if (e && e.significant !== c.significant) out.push({ id: `a34-text:${c.outcome}`, kind: "text-vs-table", severity: "error", location: `Section 2.3 vs Table A3.4, Slope, ${c.outcome} (Apr 2019)`, printed: e.significant ? "significant" : "not significant", expected: c.significant ? "significant" : "not significant", message: `Section 2.3 says "${c.quote}"; Table A3.4 prints ${e.estimate}${e.significant ? "*" : ""}` });
  }
  // Section 2.3.1: the September 2019 slope change is "not as pronounced" as April 2019's.
  for (const outcome of new Set(t.a34.map((x) => x.outcome))) {
    const slope = (start: string) => t.a34.find((x) => x.coefficient === "Slope" && x.outcome === outcome && x.interventionStart === start);
    const sep = slope("2019-09");
    const apr = slope("2019-04");
    if (sep && apr && Math.abs(sep.estimate) > Math.abs(apr.estimate)) out.push({
      id: `a34-pronounced:${outcome}`, kind: "text-vs-table", severity: "note", location: `Section 2.3.1 vs Table A3.4, Slope, ${outcome}`,
      printed: sep.estimate, expected: `|slope| < ${Math.abs(apr.estimate)}`,
      message: `Section 2.3.1 says the September 2019 change in slope "was not as pronounced" as April 2019's; for ${outcome.toLowerCase()} Table A3.4 prints a steeper slope (${sep.estimate} vs ${apr.estimate})`,
    });
  }
}

/** Every discrepancy found in the report's tables and stated figures (default: the transcribed report). */
export function auditReportTables(tables: ReportTables = loadReportTables()): Discrepancy[] {
  const out: Discrepancy[] = [];
  auditFunding(out, tables);
  auditInterventions(out, tables);
  auditFieldwork(out, tables);
  auditHeadlines(out, tables);
  auditAnnex3(out, tables);
  return out;
}
