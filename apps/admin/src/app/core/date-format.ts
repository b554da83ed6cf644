/**
 * Date-time text in a business's own time zone (bookings happen in the business's local time).
 * Without a known zone it falls back to the wall-clock time and offset the API wrote in the ISO
 * string, never the viewer's zone, so an operator in another country reads the same time.
 */
export function formatDateTime(iso: string | null | undefined, timeZone?: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (timeZone) {
    try {
      // 24-hour like the business pages, with the zone named: an operator reads several zones at once.
      return new Intl.DateTimeFormat(undefined, {
        timeZone,
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      }).format(date);
    } catch {
      // unknown zone: fall through to the API's own offset
    }
  }
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  return m ? `${m[1]} ${m[2]} ${m[3] === 'Z' ? 'UTC' : m[3]}` : iso;
}

/** A timestamp in the viewer's own zone, with seconds (audit trails). */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}
