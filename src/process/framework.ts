/**
 * The evaluation framework (Annex 2): Table A2.1 themes, the seven data sources and Table A2.2's
 * research questions with the sources marked for each.
 */
import { readReportCsv, cellString } from "../tables/read";
import { columnIndex } from "../io/csv";
import { InputError } from "../errors";
import { assertUniqueIds, countBy, processPath } from "./read";

export interface DataSource { source: string; column: string; description: string }
export interface FrameworkTheme { theme: string; subTheme: string; description: string }
export interface ResearchQuestion {
  id: string;
  theme: string;
  subTheme: string;
  /** Sub-theme printed with an asterisk: prioritised in the 2020/21 evaluation. */
  priority: boolean;
  question: string;
  /** Source names (DataSource.source) marked X for this question. */
  sources: string[];
}
export interface Framework { themes: FrameworkTheme[]; sources: DataSource[]; questions: ResearchQuestion[] }

export function loadFramework(dir = processPath("")): Framework {
  const sp = `${dir}/framework-sources.csv`;
  const st = readReportCsv(sp, ["source", "column", "description"]);
  const sources = st.rows.map((_, i) => ({ source: cellString(st, i, "source"), column: cellString(st, i, "column"), description: cellString(st, i, "description") }));
  const tp = `${dir}/framework-themes.csv`;
  const tt = readReportCsv(tp, ["theme", "sub_theme", "description"]);
  const themes = tt.rows.map((r, i) => ({ theme: cellString(tt, i, "theme"), subTheme: r[columnIndex(tt, "sub_theme")].trim(), description: cellString(tt, i, "description") }));
  const themeNames = [...new Set(themes.map((t) => t.theme))];

  const qp = `${dir}/evaluation-framework.csv`;
  const cols = sources.map((s) => s.column);
  const qt = readReportCsv(qp, ["id", "theme", "sub_theme", "priority", "question", ...cols]);
  const questions = qt.rows.map((r, i): ResearchQuestion => {
    const where = `${qp}: row ${i + 2}`;
    const theme = cellString(qt, i, "theme");
    if (!themeNames.includes(theme)) throw new InputError(`${where}: theme "${theme}" is not in framework-themes.csv (${themeNames.join("; ")})`);
    const p = r[columnIndex(qt, "priority")].trim();
    if (p !== "true" && p !== "false") throw new InputError(`${where}, column "priority": must be true or false, got "${p}"`);
    const marks = cols.map((c) => {
      const v = r[columnIndex(qt, c)].trim();
      if (v !== "0" && v !== "1") throw new InputError(`${where}, column "${c}": must be 0 or 1 (X printed), got "${v}"`);
      return v === "1";
    });
    return {
      id: cellString(qt, i, "id"), theme, subTheme: cellString(qt, i, "sub_theme"), priority: p === "true", question: cellString(qt, i, "question"),
      sources: sources.filter((_, j) => marks[j]).map((s) => s.source),
    };
  });
  assertUniqueIds(questions.map((q) => q.id), qp);
  return { themes, sources, questions };
}

/** Research questions per theme, in framework order. */
export function questionsPerTheme(f: Framework): Map<string, number> {
  return countBy(f.questions, (q) => q.theme, [...new Set(f.themes.map((t) => t.theme))]);
}

/** Research questions per sub-theme (keys "theme / sub-theme"), in printed order. */
export function questionsPerSubTheme(f: Framework): Map<string, number> {
  return countBy(f.questions, (q) => `${q.theme} / ${q.subTheme}`);
}

/** Questions (rows) × data sources (columns), 1 where the source is marked. */
export function sourceMatrix(f: Framework): { rowLabels: string[]; colLabels: string[]; z: number[][] } {
  return {
    rowLabels: f.questions.map((q) => q.id), colLabels: f.sources.map((s) => s.source),
    z: f.questions.map((q) => f.sources.map((s) => (q.sources.includes(s.source) ? 1 : 0))),
  };
}

/** Count of questions using each source, by sub-theme (rows "theme / sub-theme") — for a cross-tabulation. */
export function sourcesBySubTheme(f: Framework): { rowLabels: string[]; colLabels: string[]; counts: number[][] } {
  const rowLabels = [...questionsPerSubTheme(f).keys()];
  return {
    rowLabels, colLabels: f.sources.map((s) => s.source),
    counts: rowLabels.map((k) => f.sources.map((s) => f.questions.filter((q) => `${q.theme} / ${q.subTheme}` === k && q.sources.includes(s.source)).length)),
  };
}

/** Questions with no source marked (the report prints some rows without any X). */
export function questionsWithoutSource(f: Framework): ResearchQuestion[] {
  return f.questions.filter((q) => q.sources.length === 0);
}
