/** A plotly figure as plain data: builders in src/plots/ return this, display and export consume it. */
export interface Figure {
  // plotly trace and layout objects are open-ended; builders type what they set.
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/**
 * Vertical dashed lines with labels at the given x positions (plotly shapes + annotations).
 * Each label runs up its own line, on a light background: events a few periods apart
 * (the report's April 2019, September 2019, April 2020) then never overlap each other.
 */
export function eventLines(events: readonly { x: string | number; label: string }[]): Pick<Figure["layout"], "shapes" | "annotations"> {
  return {
    shapes: events.map((e) => ({ type: "line", xref: "x", yref: "paper", x0: e.x, x1: e.x, y0: 0, y1: 1, line: { dash: "dash", width: 1, color: "#555" } })),
    annotations: events.map((e) => ({
      x: e.x, xref: "x", yref: "paper", y: 1, yanchor: "top", xanchor: "right", textangle: -90, text: e.label, showarrow: false,
      font: { size: 10, color: "#555" }, bgcolor: "rgba(255,255,255,0.75)",
    })),
  };
}

const QUARTER = /^(\d{4})-Q([1-4])$/;

/**
 * X-axis settings for quarterly period labels ("2019-Q2"): one tick per year at its first
 * quarter, labelled with the year, so the labels stay horizontal and unclipped (every
 * quarter label would be rotated and overrun the axis title and legend). Empty otherwise.
 */
export function quarterAxis(periods: readonly string[]): Record<string, unknown> {
  if (!periods.length || !periods.every((p) => QUARTER.test(p))) return {};
  const firsts = periods.filter((p) => p.endsWith("-Q1"));
  return { type: "category", tickvals: firsts, ticktext: firsts.map((p) => p.slice(0, 4)), tickangle: 0, title: { text: "Quarter (ticks at Q1)" } };
}

/** Breaks a long title into lines of at most `width` characters (plotly titles do not wrap). */
export function wrapTitle(text: string, width = 80): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join("<br>");
}
