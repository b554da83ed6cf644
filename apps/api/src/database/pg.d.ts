/**
 * The slice of node-postgres this code uses directly (TypeORM brings pg but not its types; the
 * project adds no @types package for a handful of members).
 */
declare module 'pg' {
  import type { EventEmitter } from 'node:events';

  export interface PoolConfig {
    connectionString?: string;
    max?: number;
    application_name?: string;
    connectionTimeoutMillis?: number;
    idleTimeoutMillis?: number;
    query_timeout?: number;
    statement_timeout?: number;
    idle_in_transaction_session_timeout?: number;
    keepAlive?: boolean;
  }

  export interface QueryResult<R = Record<string, unknown>> {
    rows: R[];
    rowCount: number | null;
  }

  export interface PoolClient extends EventEmitter {
    query(text: string, values?: unknown[]): Promise<QueryResult>;
    release(err?: Error | boolean): void;
  }

  export class Pool extends EventEmitter {
    constructor(config?: PoolConfig);
    query(text: string, values?: unknown[]): Promise<QueryResult>;
    connect(): Promise<PoolClient>;
    end(): Promise<void>;
  }

  export class Client extends EventEmitter {
    constructor(config?: PoolConfig);
    connect(): Promise<void>;
    query(text: string, values?: unknown[]): Promise<QueryResult>;
    end(): Promise<void>;
  }

  const pg: { Pool: typeof Pool; Client: typeof Client };
  export default pg;
}
