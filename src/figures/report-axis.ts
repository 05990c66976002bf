/**
 * The report's monthly figures use a month index (January 2012 = 0; "month 101" is June
 * 2020) on the x axis. These helpers re-express an Effect's monthly periods that way so the
 * generic Effect plots draw the report's axis and event lines.
 */
import type { Effect } from "../effect";
import { monthIndex, REPORT_EVENTS } from "../panel/calendar";

const monthly = (t: string) => /^\d{4}-\d{2}$/.test(t);

/** The Effect with monthly period labels replaced by the report's month index. */
export function onReportMonthAxis(e: Effect): Effect {
  if (!e.periods.every((p) => monthly(p.time))) return e;
  const idx = (t: string) => String(monthIndex(t));
  return {
    ...e,
    periods: e.periods.map((p) => ({ ...p, time: idx(p.time) })),
    ...(e.cumulative ? { cumulative: e.cumulative.map((c) => ({ ...c, time: monthly(c.time) ? idx(c.time) : c.time })) } : {}),
  };
}

/** The report's three event lines at their month index, for the months an Effect covers. */
export function reportEventsOnMonthAxis(e: Effect): { x: number; label: string }[] {
  const times = new Set(e.periods.map((p) => p.time));
  return REPORT_EVENTS.filter((ev) => times.has(ev.period)).map((ev) => ({ x: monthIndex(ev.period), label: `${ev.label} — month ${monthIndex(ev.period)}` }));
}
