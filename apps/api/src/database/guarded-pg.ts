import pg, { type PoolClient, type PoolConfig } from 'pg';

export interface PoolHooks {
  /** A new connection was established: the database answers. */
  onConnect?: () => void;
  /** A pooled idle connection failed (the server went away): reported once per outage by the caller. */
  onError?: (err: Error) => void;
}

type PgClient = PoolClient & { connection?: { stream?: { destroy(err?: Error): void } } };

/**
 * node-postgres with one repair: when `query_timeout` fires (the server accepted the query and went
 * silent, e.g. frozen or partitioned away), pg answers the caller but keeps the connection waiting
 * for the lost reply, so every later query on it would wait too. Destroying the socket turns that
 * connection into an error the pool discards, and the next query gets a fresh connection.
 */
export function guardedPg(hooks: PoolHooks = {}): typeof pg {
  class GuardedPool extends pg.Pool {
    constructor(options?: PoolConfig) {
      super(options);
      this.on('connect', (client: PgClient) => {
        hooks.onConnect?.();
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
          const result = query(...args);
          if (result && typeof (result as Promise<unknown>).catch === 'function') {
            (result as Promise<unknown>).catch((err: unknown) => {
              if (err instanceof Error && err.message === 'Query read timeout') client.connection?.stream?.destroy();
            });
          }
          return result;
        };
      });
    }
  }
  return Object.assign(Object.create(pg) as typeof pg, { Pool: GuardedPool });
}
