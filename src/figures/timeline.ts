/** The report's calendar drawn on its own month index (January 2012 = 0), with the event lines. */
import { monthIndex, REPORT_EVENTS } from "../panel/calendar";
import { eventLines, type Figure } from "../plots/figure";

/** A strip over `months` ("YYYY-MM") marking the pre-period, the funding period and COVID-19. */
export function timelineFigure(months: string[]): Figure {
  const idx = months.map(monthIndex);
  const phase = months.map((m) => (m < "2019-04" ? "Before funding" : m < "2020-04" ? "Funded, before COVID-19" : "Funded, COVID-19 restrictions"));
  const colours: Record<string, string> = { "Before funding": "#9bb7d4", "Funded, before COVID-19": "#3572b0", "Funded, COVID-19 restrictions": "#c0392b" };
  const data = Object.keys(colours).map((p) => ({
    type: "bar", name: p, marker: { color: colours[p] },
    x: idx.filter((_, k) => phase[k] === p), y: idx.filter((_, k) => phase[k] === p).map(() => 1),
    text: months.filter((_, k) => phase[k] === p), textposition: "none", hovertemplate: "%{text} = month %{x}<extra></extra>",
  }));
  const events = REPORT_EVENTS.filter((e) => months.includes(e.period)).map((e) => ({ x: monthIndex(e.period), label: `${e.label} = month ${monthIndex(e.period)}` }));
  return {
    data,
    layout: {
      title: { text: "The report's month index (January 2012 = 0; month 101 = June 2020)" },
      barmode: "stack", bargap: 0, height: 300,
      xaxis: { title: { text: "Month index" } }, yaxis: { visible: false, range: [0, 1.6] },
      legend: { orientation: "h", y: -0.35 },
      ...eventLines(events),
    },
  };
}
