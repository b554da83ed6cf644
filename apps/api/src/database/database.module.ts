import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source.js';

export interface DatabaseOptions {
  /** In-memory PGlite (tests) instead of DATA_DIR. */
  memory?: boolean;
}

@Module({})
export class DatabaseModule {
  static forRoot(opts: DatabaseOptions = {}) {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config, opts), migrationsRun: true }),
        }),
      ],
    };
  }
}
