import { auditActionLabel, auditFieldLabel, type AuditEventView } from '#contracts';
import { formatDateTime, formatMoney } from './format';

/**
 * Audit rows in words: the owner's access log and the operator's audit both read an event through
 * these, so `priceCents 5000` reads "Price £50.00", a `customerId` reads as the customer's name,
 * and opening hours read "Mon–Fri 09:00–17:00" instead of JSON. Labels come from libs/contracts
 * (audit-labels.ts), the one list the API's test holds to every action it writes.
 */

/** How one event's values are read: its business's zone and currency, and the names the API resolved. */
export interface AuditReading {
  timeZone: string | null;
  currency: string | null;
  names: Record<string, string>;
  locale?: string;
}

export function readingOf(e: AuditEventView, fallback: { timeZone?: string | null; currency?: string | null } = {}): AuditReading {
  return {
    timeZone: e.business?.timeZone ?? fallback.timeZone ?? null,
    currency: e.business?.currency ?? fallback.currency ?? null,
    names: e.names ?? {},
  };
}

export interface ChangeLine {
  field: string;
  label: string;
  before: string;
  after: string;
}

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MINUTES = new Set(['durationMinutes', 'bufferBeforeMinutes', 'bufferAfterMinutes', 'minNoticeMinutes']);
const ENUM_WORDS: Record<string, string> = {
  confirmed: 'Confirmed',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
  active: 'Active',
  suspended: 'Suspended',
  owner: 'Owner',
  staff: 'Staff',
};

export function actionLabel(action: string): string {
  return auditActionLabel(action);
}

/** "Changed a service · Logged Cut": the action and, when the API could name it, what it was done to. */
export function eventTitle(e: AuditEventView): string {
  const label = auditActionLabel(e.action);
  const target = e.targetId ? e.names?.[e.targetId.toLowerCase()] : undefined;
  return target && target !== e.business?.name ? `${label} · ${target}` : label;
}

/** Every changed field as a label and two readable values, in the order the API wrote them. */
export function changeLines(e: AuditEventView, reading: AuditReading): ChangeLine[] {
  // A new record's own id is in its title already (the target); as a field it says nothing.
  return Object.entries(e.changes ?? {})
    .filter(([field]) => field !== 'id')
    .map(([field, v]) => ({
      field,
      label: auditFieldLabel(field),
      before: fieldValue(field, v?.before, reading),
      after: fieldValue(field, v?.after, reading),
    }));
}

/** One value of field `field` as text. */
export function fieldValue(field: string, value: unknown, r: AuditReading): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value) && value.length === 0) return empty(field);
  if (value === '[redacted]') return 'hidden';
  if (field === 'priceCents' && typeof value === 'number') return formatMoney(value, r.currency, r.locale);
  if (MINUTES.has(field) && typeof value === 'number') return minutes(value);
  if (field === 'bookingHorizonDays' && typeof value === 'number') return value === 1 ? '1 day' : `${value} days`;
  if (field === 'cancellationWindowHours' && typeof value === 'number') return value === 0 ? 'Until it starts' : `${value} h before`;
  if ((field === 'startsAt' || field === 'endsAt' || field === 'grantedUntil') && typeof value === 'string')
    return formatDateTime(value, 'datetime', { timeZone: r.timeZone, locale: r.locale });
  if ((field === 'weekly' || field === 'workingHours') && Array.isArray(value)) return weeklyText(value);
  if (field === 'closedDates' && Array.isArray(value)) return value.map((d) => dateText(String(d), r.locale)).join(', ');
  if (field === 'onlineBookingEnabled' && typeof value === 'boolean') return value ? 'On' : 'Off';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map((v) => nameOrValue(v, r)).join(', ');
  if (typeof value === 'string') {
    if (field === 'status' || field === 'role') return ENUM_WORDS[value] ?? value;
    return nameOrValue(value, r);
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function empty(field: string): string {
  if (field === 'resourceIds') return 'Every active resource';
  if (field === 'workingHours') return 'Whenever the business is open';
  if (field === 'weekly') return 'Closed every day';
  if (field === 'closedDates') return 'None';
  return '—';
}

function nameOrValue(v: unknown, r: AuditReading): string {
  const s = String(v);
  if (UUID.test(s)) return r.names[s.toLowerCase()] ?? `${s.slice(0, 8)}… (no longer exists)`;
  return s;
}

function minutes(n: number): string {
  if (n < 60) return `${n} min`;
  const h = Math.floor(n / 60);
  const m = n % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

function dateText(date: string, locale?: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? formatDateTime(`${date}T12:00:00Z`, 'date', { timeZone: 'UTC', locale }) : date;
}

/**
 * Weekly hours as people write them: days with the same hours run together ("Mon–Fri 09:00–17:00,
 * Sat 10:00–14:00"); a day with two spans lists both ("Mon 09:00–12:00 & 13:00–17:00").
 */
export function weeklyText(value: unknown[]): string {
  const byDay = new Map<number, string[]>();
  for (const item of value) {
    const w = item as { weekday?: unknown; opens?: unknown; closes?: unknown };
    if (typeof w?.weekday !== 'number' || typeof w.opens !== 'string' || typeof w.closes !== 'string') return JSON.stringify(value);
    byDay.set(w.weekday, [...(byDay.get(w.weekday) ?? []), `${w.opens}–${w.closes}`]);
  }
  if (!byDay.size) return 'None';
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const runs: { from: number; to: number; hours: string }[] = [];
  for (const d of days) {
    const hours = byDay.get(d)!.sort().join(' & ');
    const last = runs.at(-1);
    if (last && last.to === d - 1 && last.hours === hours) last.to = d;
    else runs.push({ from: d, to: d, hours });
  }
  return runs.map((run) => `${WEEKDAYS[run.from]}${run.to > run.from ? `–${WEEKDAYS[run.to]}` : ''} ${run.hours}`).join(', ');
}
