import { DomainError } from './domain-error.js';
import { instantOf } from './instant.js';
import { isUuid } from './uuid.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_LIMIT);
}

/**
 * Keyset cursors: the sort key of the last row of a page, base64url-encoded JSON. Opaque to clients,
 * validated on the way back in (a tampered cursor is a 400, never an SQL error).
 */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, shape: ('string' | 'number' | 'uuid' | 'date')[]): (string | number)[] | null {
  if (cursor === undefined || cursor === '') return null;
  const invalid = new DomainError(400, 'invalid_cursor', 'The cursor is not valid for this list');
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(values) || values.length !== shape.length) throw invalid;
  shape.forEach((kind, i) => {
    const v = values[i];
    const ok =
      kind === 'number'
        ? typeof v === 'number' && Number.isFinite(v)
        : kind === 'uuid'
          ? isUuid(v)
          : kind === 'date'
            ? isCursorInstant(v)
            : typeof v === 'string' && v.length <= 300;
    if (!ok) throw invalid;
  });
  return values as (string | number)[];
}

/**
 * A cursor instant exactly as the lists write them (`toISOString()`, or PostgreSQL's microsecond
 * `YYYY-MM-DDTHH:MI:SS.USZ`), naming a real date: anything looser (`"1"`, year 200000, Feb 30) is
 * read differently by JS and PostgreSQL, or not at all, and would reach SQL as a 500.
 */
const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/;
function isCursorInstant(v: unknown): boolean {
  if (typeof v !== 'string' || !CURSOR_INSTANT.test(v)) return false;
  const ms = Date.parse(v);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === v.slice(0, 19);
}

export function page<T>(rows: T[], limit: number, cursorOf: (row: T) => (string | number)[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}

/** A validated instant filter (`IsInstant()`) as a Date; anything else is a 400 naming the field. */
export function instantFilter(value: string, field: string): Date {
  return instantOf(value, field);
}
