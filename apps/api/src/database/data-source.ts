import { join } from 'node:path';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { DataSource, MigrationExecutor, type DataSourceOptions, type QueryRunner } from 'typeorm';
import { isDatabaseUnavailable } from '../common/database-errors.js';
import { PGliteDriver } from 'typeorm-pglite';
import { LeasedPGlitePool } from './pglite-pool.js';
import type { AppConfig } from '../config/app-config.js';
import { DurableNodeFS, durableStartParams, holdEmbeddedLock, makePrivate, releaseEmbeddedLock } from './embedded-store.js';
import { ENTITIES } from './entities.js';
import { guardedPg, type PoolHooks } from './guarded-pg.js';
import { MIGRATIONS } from './migrations/index.js';

export type DataSourceConfig = Pick<AppConfig, 'databaseUrl' | 'dataDir' | 'timeouts'>;

export interface DataSourceOpts {
  /** In-memory PGlite (tests) instead of DATA_DIR. */
  memory?: boolean;
  /** Migrations and CLI commands: no statement_timeout (an index build on a large table may take minutes). */
  maintenance?: boolean;
  hooks?: PoolHooks;
}

/**
 * One TypeORM data source, two drivers: the PostgreSQL server when DATABASE_URL is set, otherwise
 * PGlite (PostgreSQL in WASM) persisted under DATA_DIR/pglite, or in memory when `memory` is asked
 * (tests). The schema is only ever changed by migrations.
 *
 * Embedded mode first takes DATA_DIR's exclusive lock (a second process, app or CLI, is refused
 * with a clear message), makes the directory private, and opens PGlite with fsync on.
 */
export async function dataSourceOptions(config: DataSourceConfig, opts: DataSourceOpts = {}): Promise<DataSourceOptions> {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    // Extensions come from migrations (btree_gist, pg_trgm); gen_random_uuid() is built in since PostgreSQL 13.
    installExtensions: false,
    logging: false,
  };
  if (config.databaseUrl) {
    const t = config.timeouts;
    return {
      ...common,
      url: config.databaseUrl,
      driver: guardedPg(opts.hooks),
      poolErrorHandler: (err: Error) => opts.hooks?.onError?.(err),
      extra: {
        max: 10,
        application_name: 'booking-platform',
        // TCP connect + start-up + authentication, and the wait for a free pooled connection.
        connectionTimeoutMillis: t.dbConnectMs,
        keepAlive: true,
        // The server cancels a slow statement; the client stops waiting a second later if the
        // server itself is silent (frozen, partitioned), which statement_timeout cannot catch.
        ...(opts.maintenance ? {} : { statement_timeout: t.dbStatementMs, query_timeout: t.dbStatementMs + 1000 }),
        idle_in_transaction_session_timeout: t.dbIdleInTransactionMs,
      },
    } as DataSourceOptions;
  }
  let dataDir: string | undefined;
  if (!opts.memory) {
    // Whatever PGlite creates from now on (data files, WAL, the lock socket) is private to this
    // user, whatever umask the process was started with. Embedded mode writes nothing else.
    process.umask(0o077);
    makePrivate(config.dataDir);
    await holdEmbeddedLock(config.dataDir);
    dataDir = join(config.dataDir, 'pglite');
  }
  // typeorm-pglite configures the shared PGlite instance (options, boolean serialiser); the pool is ours.
  // (The cast: typeorm-pglite resolves PGlite's CommonJS typings, DurableNodeFS its ESM ones; same class at run time.)
  new PGliteDriver(
    dataDir
      ? ({ fs: new DurableNodeFS(dataDir), startParams: durableStartParams(), extensions: { btree_gist, pg_trgm } } as never)
      : { extensions: { btree_gist, pg_trgm } },
  );
  return {
    ...common,
    driver: { Pool: LeasedPGlitePool },
    // PGlite is one connection in one process: a pool larger than one would only queue.
    extra: { max: 1 },
  } as DataSourceOptions;
}

/** The configuration of the owner role's connection: MIGRATION_DATABASE_URL when set, else DATABASE_URL. */
export function ownerConfig<T extends DataSourceConfig & { migrationDatabaseUrl?: string | null }>(config: T): T {
  return config.migrationDatabaseUrl ? { ...config, databaseUrl: config.migrationDatabaseUrl } : config;
}

export async function openDataSource(config: DataSourceConfig, opts: DataSourceOpts & { migrate?: boolean } = {}): Promise<DataSource> {
  const dataSource = new DataSource(await dataSourceOptions(config, { maintenance: true, ...opts }));
  try {
    await dataSource.initialize();
  } catch (err) {
    await releaseEmbeddedLock();
    throw err;
  }
  if (opts.migrate !== false) await runMigrationsUnderLock(dataSource);
  return dataSource;
}

/** Any session advisory lock key works as long as every replica uses the same one. */
const BOOT_LOCK_KEY = 7_340_001;

/**
 * Runs `work` while holding a PostgreSQL session advisory lock, so replicas booting at once run
 * migrations and the demo seed one after the other instead of racing (the loser of a seed race
 * would otherwise crash on a unique violation). Embedded mode needs no lock: DATA_DIR's lock
 * already keeps every other process out, and PGlite's one connection could not be held twice.
 */
export async function withBootLock<T>(dataSource: DataSource, work: (runner: QueryRunner | null) => Promise<T>): Promise<T> {
  if (!isServer(dataSource)) return work(null);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Migrations may legitimately run longer than a request's statement limit, and waiting for
    // another replica's migrations is bounded by the boot deadline instead.
    await runner.query('SET statement_timeout = 0');
    await runner.query('SELECT pg_advisory_lock($1)', [BOOT_LOCK_KEY]);
    try {
      return await work(runner);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [BOOT_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

/** A migration failed: the schema may be half-applied and needs a person, not a retry. */
export class MigrationFailedError extends Error {
  constructor(
    readonly migration: string,
    override readonly cause: unknown,
  ) {
    super(`migration ${migration} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Runs the pending migrations on `runner` (which holds the boot lock on a server), or takes the
 * lock itself when given none. Any failure other than a lost connection is permanent: the schema
 * may be half-applied and needs a person, not a retry.
 */
export async function runMigrationsUnderLock(dataSource: DataSource, runner?: QueryRunner | null): Promise<void> {
  if (runner === undefined && isServer(dataSource)) return withBootLock(dataSource, (held) => runMigrationsUnderLock(dataSource, held));
  const executor = new MigrationExecutor(dataSource, runner ?? undefined);
  executor.transaction = 'each';
  const pending = await executor.getPendingMigrations();
  try {
    await executor.executePendingMigrations();
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw err;
    throw new MigrationFailedError(pending.map((m) => m.name).join(', ') || 'unknown', err);
  }
}

function isServer(dataSource: DataSource): boolean {
  return (dataSource.options as { driver?: { Pool?: unknown } }).driver?.Pool !== LeasedPGlitePool;
}
