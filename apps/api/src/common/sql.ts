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

/** `text%` for LIKE … ESCAPE '\' (an action-name prefix). */
export function prefixPattern(text: string): string {
  return `${escapeLike(text)}%`;
}

/**
 * The rows of an `UPDATE … RETURNING` or `DELETE … RETURNING` through `query()`: TypeORM's
 * PostgreSQL runner answers those with `[rows, rowCount]`, and plain `rows` for everything else.
 */
export function returnedRows<T = Record<string, unknown>>(raw: unknown): T[] {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return (raw ?? []) as T[];
}
