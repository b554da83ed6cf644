import { Controller, Get, Inject, type OnModuleDestroy } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthView } from './responses.js';
import { InjectDataSource } from '@nestjs/typeorm';
import pg, { type Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Public } from '../access/access.decorators.js';
import { DatabaseOutage } from '../common/database-outage.js';
import { DomainError } from '../common/domain-error.js';
import { RETRY_AFTER_SECONDS } from '../common/problem.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Lifecycle } from './lifecycle.js';

const unavailable = (detail: string) => new DomainError(503, 'service_unavailable', detail, {}, { 'retry-after': String(RETRY_AFTER_SECONDS) });

/**
 * Readiness: this instance is not shutting down and its database answers within HEALTH_TIMEOUT_MS.
 * On a server the check has a connection of its own, so it answers (503) even when every pooled
 * connection is stuck behind a frozen database or taken by heavy reads.
 */
@ApiTags('health')
@Controller('health')
export class HealthController implements OnModuleDestroy {
  private readonly pool: Pool | null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly lifecycle: Lifecycle,
    private readonly outage: DatabaseOutage,
  ) {
    const ms = config.timeouts.healthMs;
    this.pool = config.databaseUrl
      ? new pg.Pool({
          connectionString: config.databaseUrl,
          max: 1,
          application_name: 'booking-platform-health',
          connectionTimeoutMillis: ms,
          query_timeout: ms,
          statement_timeout: ms,
          idleTimeoutMillis: 60_000,
        })
      : null;
    // A health connection dropped by the server is simply replaced on the next check.
    this.pool?.on('error', () => undefined);
  }

  @Get()
  @Public()
  @ApiOperation({
    operationId: 'getHealth',
    summary:
      'Readiness: not shutting down, and the database answers within HEALTH_TIMEOUT_MS. 503 `service_unavailable` (shutting down, or the database is unreachable or too slow) comes with Retry-After',
  })
  @ApiOkResponse({ type: HealthView })
  async check(): Promise<{ status: 'ok'; database: 'up' }> {
    if (this.lifecycle.draining) throw unavailable('This instance is shutting down');
    try {
      await this.ping();
    } catch {
      throw unavailable('The database is not reachable');
    }
    this.outage.recovered();
    return { status: 'ok', database: 'up' };
  }

  private async ping(): Promise<void> {
    if (this.pool) {
      await this.pool.query('SELECT 1');
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('health check timed out')), this.config.timeouts.healthMs))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.end();
  }
}
