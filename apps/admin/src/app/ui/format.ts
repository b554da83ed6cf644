/**
 * The admin's one way of writing dates, times and money. Times follow the viewer's locale
 * (24-hour where the locale uses it, so an en-GB reader sees 14:30 and an en-US reader 2:30 PM),
 * but always in the zone the record belongs to: a booking happens in its business's local time,
 * whoever reads it and wherever they sit.
 *
 * `locale` is for tests; pages leave it out and get the browser's.
 */

export type DateTimeStyle = 'time' | 'date' | 'day' | 'weekday' | 'datetime' | 'timestamp';

const STYLES: Record<DateTimeStyle, Intl.DateTimeFormatOptions> = {
  time: { hour: '2-digit', minute: '2-digit' },
  date: { year: 'numeric', month: 'short', day: 'numeric' },
  day: { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' },
  weekday: { weekday: 'short', day: 'numeric', month: 'short' },
  datetime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  // Audit trails: to the second.
  timestamp: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(style: DateTimeStyle, timeZone: string | undefined, zoneName: boolean, locale: string | undefined): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${timeZone ?? ''}|${style}|${zoneName}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...STYLES[style], timeZone, ...(zoneName ? { timeZoneName: 'short' } : {}) });
    formatters.set(key, f);
  }
  return f;
}

function isValidZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}

export interface DateTimeOptions {
  /** IANA zone the instant is shown in. Without one, the offset the API wrote in the ISO string is used. */
  timeZone?: string | null;
  /** Append the zone's short name ("CET", "GMT+2"): for views that mix businesses in several zones. */
  zoneName?: boolean;
  locale?: string;
}

/**
 * An instant (ISO 8601 with an offset or Z) as text. With no known zone the wall time and offset the
 * API wrote are kept, never the viewer's zone, so an operator in another country reads the business's
 * time: `2025-07-01T09:00:00+02:00` is shown at 09:00 in a zone that is +02:00 then.
 */
export function formatDateTime(iso: string | null | undefined, style: DateTimeStyle = 'datetime', options: DateTimeOptions = {}): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const { locale, zoneName = false } = options;
  let timeZone = options.timeZone && isValidZone(options.timeZone) ? options.timeZone : undefined;
  if (!timeZone) {
    const offset = /(Z|[+-]\d{2}:\d{2})$/.exec(iso)?.[1];
    // Intl names fixed offsets as "+02:00" zones; "Z" is UTC.
    timeZone = offset === undefined || offset === 'Z' ? 'UTC' : offset;
    if (!isValidZone(timeZone)) timeZone = 'UTC';
  }
  return formatter(style, timeZone, zoneName, locale).format(date);
}

/** "Tue, 1 Jul 2025 09:00–09:45": a booking's day and its span, in the business's zone. */
export function formatTimeRange(startIso: string, endIso: string, timeZone: string | null, locale?: string): string {
  const o = { timeZone, locale };
  return `${formatDateTime(startIso, 'day', o)} ${formatDateTime(startIso, 'time', o)}–${formatDateTime(endIso, 'time', o)}`;
}

/** A timestamp in the viewer's own zone, to the second (audit trails, message queues). */
export function formatTimestamp(iso: string | null | undefined, locale?: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : formatter('timestamp', undefined, false, locale).format(date);
}

/** Money is integer cents on the wire (docs/ARCHITECTURE.md §6); people type and read it as decimal amounts. */
const MONEY = /^\d{1,7}(?:[.,]\d{1,2})?$/;

/** "12.5" → 1250; null when it is not a non-negative amount with at most two decimals. */
export function parseMoney(text: string): number | null {
  const t = text.trim();
  if (!MONEY.test(t)) return null;
  const [whole, frac = ''] = t.replace(',', '.').split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** 1250 → "12.50" (for inputs: no grouping, a dot, whatever the locale). */
export function centsToInput(cents: number): string {
  return (cents / 100).toFixed(2);
}

/**
 * 1250 → "€12.50" with an ISO 4217 currency, else "12.50"; grouped and punctuated for the locale.
 * An unknown currency code falls back to the plain amount followed by the code.
 */
export function formatMoney(cents: number, currency?: string | null, locale?: string): string {
  const amount = cents / 100;
  if (currency) {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
    } catch {
      return `${formatMoney(cents, null, locale)} ${currency}`;
    }
  }
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}
