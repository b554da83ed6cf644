/**
 * The one instant format of the API (docs/ARCHITECTURE.md §6): ISO 8601 date and time with an
 * offset or Z, e.g. `2026-05-04T09:30:00+01:00`. Used by every request field and query parameter
 * that takes an instant (the API's `IsInstant()`), and by the admin before it sends one.
 */
export const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/i;

/** The instant named by an ISO 8601 string with an offset, or null when it is not a real one (2026-02-30, 24:00, year 0001). */
export function parseInstant(value: string): Date | null {
  const m = INSTANT_PATTERN.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '0', zone, oh = '0', om = '0'] = m;
  const nums = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = nums;
  if (year < 1900 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || Number(oh) > 14 || Number(om) > 59) return null;
  const base = Date.UTC(year, month - 1, day, hour, minute, second, Number(frac.padEnd(3, '0').slice(0, 3)));
  const probe = new Date(base);
  if (probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) return null;
  const offsetMinutes = zone!.toUpperCase() === 'Z' ? 0 : (zone!.startsWith('-') ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const instant = new Date(base - offsetMinutes * 60_000);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 40 && parseInstant(value) !== null;
}
