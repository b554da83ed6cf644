import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OperatorBookingView, OperatorDashboardView, Page } from '#contracts';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { clampLimit, decodeCursor, instantFilter, page } from '../common/pagination.js';
import type { AllBookingsQuery } from './dto.js';
import { OPERATOR_BOOKING_SELECT, toOperatorBookingView, type OperatorBookingRow } from './operator-bookings.js';
import { containsPattern } from '../common/sql.js';
import { PlatformReadAudit } from '../audit/platform-reads.js';

/** The dashboard lists at most a page of today's bookings; All bookings pages through every one. */
const TODAY_LIMIT = 50;

/**
 * Live bookings in each business's own local day and ISO week around $1. Each business's local
 * midnights are computed once (one row per business; DST days are 23 or 25 hours long, and a zone
 * the database cannot read gives NULL bounds, so that business counts nothing instead of failing the
 * query), then one range over the starts_at index — from the earliest week start to the latest
 * week end of any zone — is read index-only (the index carries business_id and status), so the cost
 * is the week's bookings, not the history. Today's list does the same inside $1 ± 1 day 14 h, which
 * holds every zone's local day around $1.
 */
const WEEK_AND_TODAY_COUNTS = `
  WITH bounds AS (
    SELECT id,
           local_period_start($1::timestamptz, time_zone, 'day') AS day_from, local_period_end($1::timestamptz, time_zone, 'day') AS day_to,
           local_period_start($1::timestamptz, time_zone, 'week') AS week_from, local_period_end($1::timestamptz, time_zone, 'week') AS week_to
      FROM businesses
  )
  SELECT count(*) FILTER (WHERE bk.starts_at >= b.day_from AND bk.starts_at < b.day_to)::int AS today,
         count(*) FILTER (WHERE bk.starts_at >= b.week_from AND bk.starts_at < b.week_to)::int AS week
    FROM bookings bk JOIN bounds b ON b.id = bk.business_id
   WHERE bk.status <> 'cancelled'
     AND bk.starts_at >= (SELECT min(week_from) FROM bounds) AND bk.starts_at < (SELECT max(week_to) FROM bounds)`;

/** Cross-business read models for platform operators: All bookings and the operator dashboard. */
@Injectable()
export class OperatorService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly platformReads: PlatformReadAudit,
  ) {}

  /**
   * Newest start first over every business. Keyset on (starts_at DESC, id DESC) — the
   * bookings_starts_desc index (or bookings_business_starts with a businessId) — with LIMIT n+1:
   * no OFFSET and no count(*), so page 10 000 costs what page 1 costs at millions of rows.
   */
  async bookings(query: AllBookingsQuery): Promise<Page<OperatorBookingView>> {
    const limit = clampLimit(query.limit);
    const from = query.from ? instantFilter(query.from, 'from') : null;
    const to = query.to ? instantFilter(query.to, 'to') : null;
    if (from && to && from.getTime() >= to.getTime()) throw new DomainError(400, 'invalid_time_range', '`from` must be before `to`');
    const params: unknown[] = [];
    const where: string[] = [];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (from) where.push(`bk.starts_at >= ${bind(from)}`);
    if (to) where.push(`bk.starts_at < ${bind(to)}`);
    if (query.businessId) where.push(`bk.business_id = ${bind(query.businessId)}`);
    if (query.status) where.push(`bk.status = ${bind(query.status)}`);
    if (query.q?.trim()) {
      const p = bind(containsPattern(query.q.trim()));
      where.push(`(c.name ILIKE ${p} ESCAPE '\\' OR c.email ILIKE ${p} ESCAPE '\\')`);
    }
    const cursor = decodeCursor(query.cursor, ['date', 'uuid']);
    if (cursor) where.push(`(bk.starts_at, bk.id) < (${bind(cursor[0])}::timestamptz, ${bind(cursor[1])}::uuid)`);
    const rows: OperatorBookingRow[] = await this.db.query(
      `${OPERATOR_BOOKING_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY bk.starts_at DESC, bk.id DESC LIMIT ${bind(limit + 1)}`,
      params,
    );
    const result = page(rows, limit, (r) => [r.starts_key, r.id]);
    const items = result.items.map(toOperatorBookingView);
    await this.platformReads.record(
      'all_bookings',
      { from: query.from, to: query.to, businessId: query.businessId, status: query.status, limit, cursor: query.cursor ? true : undefined },
      query.q,
      items.map((b) => ({ businessId: b.business.id })),
    );
    return { items, nextCursor: result.nextCursor };
  }

  async dashboard(): Promise<OperatorDashboardView> {
    const now = this.clock.now();
    const [counts]: { businesses: number; active_businesses: number; bookings_today: number; bookings_this_week: number; active_impersonations: number }[] =
      await this.db.query(
        `SELECT (SELECT count(*)::int FROM businesses) AS businesses,
                (SELECT count(*)::int FROM businesses WHERE status = 'active') AS active_businesses,
                week.today AS bookings_today, week.week AS bookings_this_week,
                -- Live means usable right now: not ended, inside both time limits, on a session still alive.
                (SELECT count(*)::int FROM impersonations i JOIN auth_sessions s ON s.id = i.auth_session_id
                  WHERE i.ended_at IS NULL AND i.expires_at > $1 AND i.last_seen_at > $1::timestamptz - make_interval(mins => $2)
                    AND s.revoked_at IS NULL AND s.expires_at > $1) AS active_impersonations
           FROM (${WEEK_AND_TODAY_COUNTS}) week`,
        [now, this.config.impersonationIdleMinutes],
      );
    // Each business's local day computed once, not once per candidate booking.
    const today: OperatorBookingRow[] = await this.db.query(
      `WITH bounds AS (
         SELECT id, local_period_start($1::timestamptz, time_zone, 'day') AS day_from, local_period_end($1::timestamptz, time_zone, 'day') AS day_to FROM businesses
       )
       ${OPERATOR_BOOKING_SELECT} JOIN bounds bd ON bd.id = bk.business_id
        WHERE bk.status <> 'cancelled'
          AND bk.starts_at >= $1::timestamptz - interval '1 day 14 hours' AND bk.starts_at < $1::timestamptz + interval '1 day 14 hours'
          AND bk.starts_at >= bd.day_from AND bk.starts_at < bd.day_to
        ORDER BY bk.starts_at, bk.id LIMIT $2`,
      [now, TODAY_LIMIT],
    );
    const todayViews = today.map(toOperatorBookingView);
    await this.platformReads.record('operator_dashboard', {}, undefined, todayViews.map((b) => ({ businessId: b.business.id })));
    return {
      counts: {
        businesses: Number(counts!.businesses),
        activeBusinesses: Number(counts!.active_businesses),
        bookingsToday: Number(counts!.bookings_today),
        bookingsThisWeek: Number(counts!.bookings_this_week),
        activeImpersonations: Number(counts!.active_impersonations),
      },
      today: todayViews,
    };
  }
}
