/** Anything that runs SQL: a DataSource outside a transaction, the transaction's EntityManager inside. */
export interface SqlRunner {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** The caller's own `\`, `%` and `_` taken literally, for LIKE/ILIKE … ESCAPE '\'. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `%text%` for ILIKE … ESCAPE '\' (a search box). */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/**
 * The least string above every string that starts with `prefix`, in code-point order (the "C"
 * collation's order for UTF-8): `action >= prefix AND action < upper` is then the prefix as a range
 * an index can serve. null when no such string exists (an empty prefix, or only U+10FFFF).
 */
export function prefixUpperBound(prefix: string): string | null {
  const points = [...prefix].map((c) => c.codePointAt(0)!);
  while (points.length > 0) {
    let next = points.pop()! + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next <= 0x10ffff) return String.fromCodePoint(...points, next);
  }
  return null;
}

/**
 * The rows of an `UPDATE … RETURNING` or `DELETE … RETURNING` through `query()`: TypeORM's
 * PostgreSQL runner answers those with `[rows, rowCount]`, and plain `rows` for everything else.
 */
export function returnedRows<T = Record<string, unknown>>(raw: unknown): T[] {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return (raw ?? []) as T[];
}
