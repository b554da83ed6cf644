import type { FreeSlotView } from '#contracts';

/**
 * Times on the booking page are the business's wall clock, read straight from the API's ISO strings
 * (which carry the business's offset), never converted to the visitor's own zone.
 */
export const wallTime = (iso: string): string => iso.slice(11, 16);
export const wallDate = (iso: string): string => iso.slice(0, 10);

/** "Tuesday 8 December" for a YYYY-MM-DD date (no time zone involved). */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A price in the business's currency ("£35.00"); a code Intl does not know is written after the amount. */
export function money(cents: number, currency?: string | null): string {
  const amount = cents / 100;
  if (currency) {
    try {
      return new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
    } catch {
      // fall through to the plain amount
    }
  }
  const plain = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  return currency ? `${plain} ${currency}` : plain;
}

export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}

export function byDay(slots: FreeSlotView[]): { date: string; slots: FreeSlotView[] }[] {
  const days = new Map<string, FreeSlotView[]>();
  for (const s of slots) {
    const d = wallDate(s.startsAt);
    days.set(d, [...(days.get(d) ?? []), s]);
  }
  return [...days.entries()].map(([date, list]) => ({ date, slots: list }));
}
