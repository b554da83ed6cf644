import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditActionName, AuditOutcome } from '#contracts';
import { Clock } from '../common/clock.js';
import { isDatabaseUnavailable } from '../common/database-errors.js';
import { AuditRepository, type AnonymousCountRow } from './audit.repository.js';

/** Full rows per minute, per action and outcome, from one address … */
export const FULL_ROWS_PER_ADDRESS = 10;
/** … and from everyone together. Past either, an event is only counted. */
export const FULL_ROWS_PER_ACTION = 100;
/** How often closed minutes are folded into summary rows. */
const FLUSH_EVERY_MS = 15_000;
/** How many addresses and targets a summary names (with their counts); the rest are only counted. */
const TOP = 20;

export interface AnonymousEvent {
  action: AuditActionName;
  outcome: AuditOutcome;
  status: number;
  code: string;
  ip: string;
  target: string;
}

export interface SummaryEntry {
  action: AuditActionName;
  outcome: AuditOutcome;
  bucket: Date;
  details: Record<string, unknown>;
}

type Row = AnonymousCountRow;

/**
 * Anonymous refusals that cost the requester nothing (a throttled sign-in, an anonymous 403, a 5xx
 * before anyone signed in) are counted per minute in an unchained table instead of each appending a
 * row to the platform chain under its lock. The first FULL_ROWS_PER_ADDRESS of a minute from each
 * address (at most FULL_ROWS_PER_ACTION in all) still get their full row at once; the rest are only
 * counted, and when the minute has closed one chained summary row per (action, outcome) says how
 * many there were, how many of them have their own row, from which addresses and against which
 * targets (the busiest TOP of each, and how many distinct). So every event is accounted for in the
 * chain, a flood costs a few counter updates (no chain lock, no unbounded growth), and a sign-in
 * never queues behind it. Evaluated wrong passwords are not counted here: each keeps its row (the
 * sign-in throttle already bounds them, and each cost a password hash).
 *
 * The counters live in the database, so any replica folds any replica's minutes, and a restart
 * loses nothing: the fold deletes the rows it summarised in the same transaction as the summary.
 */
@Injectable()
export class AnonymousEvents implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AnonymousEvents');
  private timer: NodeJS.Timeout | null = null;
  private writer: ((em: EntityManager, summary: SummaryEntry) => Promise<void>) | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly events: AuditRepository,
  ) {}

  /** AuditService hands over how a summary row is written (it owns the chain's insert). */
  setWriter(writer: (em: EntityManager, summary: SummaryEntry) => Promise<void>): void {
    this.writer = writer;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      void this.flush().catch((err) => {
        if (!isDatabaseUnavailable(err)) this.logger.warn({ msg: 'folding anonymous audit counts failed; retried later', err: (err as Error).message });
      });
    }, FLUSH_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Counts the event; true when it should also get its own full chain row. */
  async count(event: AnonymousEvent): Promise<boolean> {
    const now = this.clock.now();
    const bucket = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const upsert = (scope: Row['scope'], status: number, code: string, ip: string, target: string, chained: number): Promise<number> =>
      this.events.countAnonymous({ bucket, scope, action: event.action, outcome: event.outcome, status, code, ip, target, chained, at: now });
    const fromAddress = await upsert('address', 0, '', event.ip.slice(0, 100), '', 0);
    const fromAll = await upsert('all', 0, '', '', '', 0);
    const full = fromAddress <= FULL_ROWS_PER_ADDRESS && fromAll <= FULL_ROWS_PER_ACTION;
    await upsert('event', event.status, event.code.slice(0, 100), event.ip.slice(0, 100), event.target.slice(0, 254), full ? 1 : 0);
    return full;
  }

  /**
   * Folds every closed minute (all of them with `everything`) into summary rows, one transaction:
   * the counters are deleted together with the summaries' insert, so a minute is summarised once
   * even when replicas fold at the same time. Returns how many summary rows were written.
   */
  async flush(everything = false): Promise<number> {
    const writer = this.writer;
    if (!writer) return 0;
    const cutoff = everything ? new Date(8.64e15) : new Date(Math.floor(this.clock.now().getTime() / 60_000) * 60_000);
    return this.db.transaction(async (em) => {
      const rows = await this.events.takeAnonymousCounts(em, cutoff);
      const groups = new Map<string, Row[]>();
      for (const r of rows) {
        if (r.scope !== 'event') continue;
        const key = JSON.stringify([new Date(r.bucket).toISOString(), r.action, r.outcome]);
        const list = groups.get(key) ?? [];
        list.push(r);
        groups.set(key, list);
      }
      let written = 0;
      for (const list of groups.values()) {
        const events = list.reduce((n, r) => n + Number(r.count), 0);
        const recorded = list.reduce((n, r) => n + Number(r.chained), 0);
        // Every event of the minute has its own row: nothing to add.
        if (events === recorded) continue;
        const first = list[0]!;
        const bucket = new Date(first.bucket);
        await writer(em, {
          action: first.action,
          outcome: first.outcome,
          bucket,
          details: {
            summary: {
              from: bucket.toISOString(),
              to: new Date(bucket.getTime() + 60_000).toISOString(),
              events,
              recorded,
              suppressed: events - recorded,
              firstAt: new Date(Math.min(...list.map((r) => new Date(r.firstAt).getTime()))).toISOString(),
              lastAt: new Date(Math.max(...list.map((r) => new Date(r.lastAt).getTime()))).toISOString(),
            },
            statuses: tally(list, (r) => String(r.status)),
            codes: tally(list, (r) => r.code || '(none)'),
            addresses: top(list, (r) => r.ip || '(unknown)'),
            targets: top(list, (r) => r.target || '(none)'),
          },
        });
        written++;
      }
      return written;
    });
  }
}

function tally(rows: Row[], key: (r: Row) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + Number(r.count);
  return out;
}

function top(rows: Row[], key: (r: Row) => string): { distinct: number; top: { value: string; events: number }[] } {
  const counts = tally(rows, key);
  const sorted = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return { distinct: sorted.length, top: sorted.slice(0, TOP).map(([value, events]) => ({ value, events })) };
}
