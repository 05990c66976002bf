/**
 * `vru-eval tables`: the report's tables as data. Lists them, prints one (--table), or audits
 * them all against their totals, percentages and the text (--audit).
 */
import type { Command } from "../command";
import { toJson } from "../../io/json";
import { UsageError } from "../args";
import { auditReportTables, loadReportTables, type Discrepancy } from "../../tables/index";
import { printableTable, TABLE_IDS, type TableId } from "../../tables/printable";
import { tableHtml } from "../../display/display";

const HELP = `vru-eval tables — the report's tables as data (data/report/)

Usage:
  vru-eval tables                      list the transcribed tables
  vru-eval tables --table ID           print one table (ID: ${TABLE_IDS.join(", ")})
  vru-eval tables --audit              check every table against its totals, its percentages,
                                       the other tables and the text; list each discrepancy
Options:
  --dir DIR    read the tables from DIR instead of data/report (same file names), e.g. a corrected copy
  --json       machine-readable output
Exit status: 0 (discrepancies found in the report are output, not failures), 2 bad input.`;

function auditText(found: Discrepancy[]): string {
  if (found.length === 0) return "No discrepancies: every table agrees with its totals, percentages, the other tables and the text.";
  const order = { error: 0, warning: 1, note: 2 } as const;
  const lines = [...found].sort((a, b) => order[a.severity] - order[b.severity]).map((d) => `${d.severity.toUpperCase().padEnd(7)} ${d.location}\n        ${d.message}`);
  const n = (s: Discrepancy["severity"]) => found.filter((d) => d.severity === s).length;
  return `${found.length} discrepancies (${n("error")} errors, ${n("warning")} warnings, ${n("note")} notes)\n\n${lines.join("\n")}`;
}

export const command: Command = {
  summary: "the report's tables as data; --audit checks them against their totals and the text",
  help: HELP,
  async run(flags, io) {
    const audit = flags.bool("audit");
    const table = flags.string("table");
    const dir = flags.string("dir");
    flags.assertAllUsed();
    if (audit && table !== undefined) throw new UsageError("--audit and --table cannot be combined");
    const tables = loadReportTables(dir);
    if (audit) {
      const found = auditReportTables(tables);
      if (io.json) {
        const count = (s: Discrepancy["severity"]) => found.filter((d) => d.severity === s).length;
        io.out(toJson({ counts: { error: count("error"), warning: count("warning"), note: count("note") }, discrepancies: found }));
      } else io.out(auditText(found));
      return 0;
    }
    if (table !== undefined) {
      if (!(TABLE_IDS as readonly string[]).includes(table)) throw new UsageError(`--table must be one of ${TABLE_IDS.join(", ")}; got "${table}"`);
      const p = printableTable(tables, table as TableId);
      io.out(io.json ? toJson(p) : tableHtml(p.rows, { caption: p.caption }).text);
      return 0;
    }
    const list = TABLE_IDS.map((id) => printableTable(tables, id))
      .map((p) => ({ id: p.id, rows: p.rows.length, caption: p.caption }));
    io.out(io.json ? toJson(list) : tableHtml(list, { caption: "Transcribed report tables (vru-eval tables --table ID)" }).text);
    return 0;
  },
};
