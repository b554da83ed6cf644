import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DatabaseOutage } from '../common/database-outage.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { dataSourceOptions, openDataSource, ownerConfig, runMigrationsUnderLock, withBootLock } from './data-source.js';
import { grantAppRole, roleOf } from './roles.js';

export interface DatabaseOptions {
  /** In-memory PGlite (tests) instead of DATA_DIR. */
  memory?: boolean;
  /**
   * Runs once the schema is migrated, before the app's pool opens: on a server on the maintenance
   * connection under the boot lock (one replica at a time). The demo seed (DEMO_SEED) comes in this
   * way from the top layer (app.module.ts), so this folder imports nothing above it.
   */
  afterMigrations?: (db: DataSource, config: AppConfig) => Promise<void>;
}

@Module({})
export class DatabaseModule {
  static forRoot(opts: DatabaseOptions = {}) {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG, DatabaseOutage],
          useFactory: async (config: AppConfig, outage: DatabaseOutage) => ({
            ...(await dataSourceOptions(config, { memory: opts.memory, hooks: { onConnect: () => outage.recovered(), onError: (err) => outage.failed(err) } })),
            // Boot errors are classified by main.ts (retry only the transient ones), not retried blindly here.
            retryAttempts: 0,
            config,
          }),
          dataSourceFactory: async (options) => {
            const { config, ...dataSourceOpts } = options as typeof options & { config: AppConfig };
            if (config.databaseUrl) {
              // Migrations and what follows them (the demo seed) on a short-lived maintenance connection
              // (no statement limit), one replica at a time; then the app's own pool with its timeouts.
              // With MIGRATION_DATABASE_URL that connection is the owner role, which then grants the
              // app's role (DATABASE_URL) only what it needs; the app's pool never holds the owner.
              const maintenance = await openDataSource(ownerConfig(config), { migrate: false });
              try {
                await withBootLock(maintenance, async (runner) => {
                  await runMigrationsUnderLock(maintenance, runner);
                  if (config.migrationDatabaseUrl) await grantAppRole(runner ?? maintenance, roleOf(config.databaseUrl)!);
                  await opts.afterMigrations?.(maintenance, config);
                });
              } finally {
                await maintenance.destroy();
              }
            }
            const dataSource = new DataSource(dataSourceOpts!);
            await dataSource.initialize();
            if (!config.databaseUrl) {
              await runMigrationsUnderLock(dataSource, null);
              await opts.afterMigrations?.(dataSource, config);
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}
