import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import { LeasedPGlitePool } from './pglite-pool.js';
import type { AppConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * One TypeORM data source, two drivers: the PostgreSQL server when DATABASE_URL is set, otherwise
 * PGlite (PostgreSQL in WASM) persisted under DATA_DIR/pglite, or in memory when `memory` is asked
 * (tests). The schema is only ever changed by migrations.
 */
export function dataSourceOptions(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>, opts: { memory?: boolean } = {}): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    // Extensions come from migrations (btree_gist); gen_random_uuid() is built in since PostgreSQL 13.
    installExtensions: false,
    logging: false,
  };
  if (config.databaseUrl) {
    return { ...common, url: config.databaseUrl, extra: { max: 10, application_name: 'booking-platform' } };
  }
  const dataDir = opts.memory ? undefined : join(config.dataDir, 'pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // typeorm-pglite configures the shared PGlite instance (options, boolean serialiser); the pool is ours.
  new PGliteDriver({ dataDir, extensions: { btree_gist } });
  return {
    ...common,
    driver: { Pool: LeasedPGlitePool },
    // PGlite is one connection in one process: a pool larger than one would only queue.
    extra: { max: 1 },
  } as DataSourceOptions;
}

export async function openDataSource(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>, opts: { memory?: boolean; migrate?: boolean } = {}): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(config, opts));
  await dataSource.initialize();
  if (opts.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
