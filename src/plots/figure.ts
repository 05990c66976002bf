/** A plotly figure as plain data: builders in src/plots/ return this, display and export consume it. */
export interface Figure {
  // plotly trace and layout objects are open-ended; builders type what they set.
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** Vertical dashed lines with labels at the given x positions (plotly shapes + annotations). */
export function eventLines(events: readonly { x: string | number; label: string }[]): Pick<Figure["layout"], "shapes" | "annotations"> {
  return {
    shapes: events.map((e) => ({ type: "line", xref: "x", yref: "paper", x0: e.x, x1: e.x, y0: 0, y1: 1, line: { dash: "dash", width: 1, color: "#555" } })),
    annotations: events.map((e, k) => ({ x: e.x, xref: "x", yref: "paper", y: 1 - 0.06 * k, text: e.label, showarrow: false, xanchor: "left", font: { size: 10, color: "#555" } })),
  };
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
