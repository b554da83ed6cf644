import type { ResourceView, WeeklyHours } from '#contracts';
import { addDays } from '../zoned-time';

/**
 * Distinct colours that carry white event text at 4.5:1 or more (WCAG AA); a resource keeps its
 * colour as long as the list order holds.
 */
const PALETTE = ['#2563eb', '#15803d', '#be185d', '#c2410c', '#7c3aed', '#0e7490', '#a16207', '#b91c1c', '#4f46e5', '#047857'];

export function resourceColours(resources: ResourceView[]): Map<string, string> {
  return new Map(resources.map((r, i) => [r.id, PALETTE[i % PALETTE.length]!]));
}

/** Weekly opening hours (1 = Monday … 7 = Sunday) → FullCalendar businessHours (0 = Sunday). */
export function toBusinessHours(weekly: WeeklyHours[]): { daysOfWeek: number[]; startTime: string; endTime: string }[] {
  return weekly.map((w) => ({ daysOfWeek: [w.weekday % 7], startTime: w.opens, endTime: w.closes }));
}

/** Closed dates shaded as background events across the whole local day (wall times, no offset). */
export function toBackgroundEvents(closedDates: string[]) {
  return closedDates.map((d) => ({
    id: `closed-${d}`,
    start: `${d}T00:00:00`,
    end: `${addDays(d, 1)}T00:00:00`,
    display: 'background',
    title: 'Closed',
    className: 'closed-day',
  }));
}

/** Hours to draw: an hour either side of the opening hours, 07:00–21:00 when none are set. */
export function calendarWindow(weekly: WeeklyHours[]): { min: string; max: string } {
  if (weekly.length === 0) return { min: '07:00:00', max: '21:00:00' };
  const hour = (t: string) => Number(t.slice(0, 2)) + (Number(t.slice(3, 5)) > 0 ? 1 : 0);
  const open = Math.min(...weekly.map((w) => Number(w.opens.slice(0, 2))));
  const close = Math.max(...weekly.map((w) => hour(w.closes)));
  const pad = (n: number) => `${String(Math.max(0, Math.min(24, n))).padStart(2, '0')}:00:00`;
  return { min: pad(open - 1), max: pad(close + 1) };
}
