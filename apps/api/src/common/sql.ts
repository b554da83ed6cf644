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
