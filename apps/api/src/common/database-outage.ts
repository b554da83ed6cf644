import { Injectable, Logger } from '@nestjs/common';

/**
 * Remembers whether the database is currently unreachable, so an outage is logged once when it
 * starts and once when it ends (with how long it lasted and how many requests got 503), instead of
 * one error line with a stack per refused request.
 */
@Injectable()
export class DatabaseOutage {
  private readonly logger = new Logger('Database');
  private since: number | null = null;
  private refused = 0;

  get active(): boolean {
    return this.since !== null;
  }

  /** A request failed because the database is unreachable or too slow. */
  failed(err: unknown): void {
    this.refused++;
    if (this.since !== null) return;
    this.since = Date.now();
    this.refused = 1;
    this.logger.error({ msg: 'database unavailable: answering 503 until it is back', reason: err instanceof Error ? err.message : String(err) });
  }

  /** A new database connection was established (or a health check passed): the outage, if any, is over. */
  recovered(): void {
    if (this.since === null) return;
    this.logger.warn({ msg: 'database reachable again', outageMs: Date.now() - this.since, refusedRequests: this.refused });
    this.since = null;
    this.refused = 0;
  }
}
