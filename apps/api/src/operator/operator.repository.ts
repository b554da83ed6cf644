import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The platform's counts, as the operator dashboard shows them. */
export interface PlatformCounts {
  businesses: number;
  activeBusinesses: number;
  bookingsToday: number;
  bookingsThisWeek: number;
  activeImpersonations: number;
}

/**
 * Live bookings in each business's own local day and ISO week around $1. Each business's local
 * midnights are computed once (one row per business; DST days are 23 or 25 hours long, and a zone
 * the database cannot read gives NULL bounds, so that business counts nothing instead of failing the
 * query), then one range over the starts_at index — from the earliest week start to the latest
 * week end of any zone — is read index-only (the index carries business_id and status), so the cost
 * is the week's bookings, not the history.
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

/**
 * The operator module's read-only queries over other modules' tables (businesses, bookings,
 * impersonations, auth_sessions): one aggregate round trip for the dashboard's counts. It writes
 * nothing; the bookings lists come from the bookings module's repository.
 */
@Injectable()
export class OperatorRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async platformCounts(now: Date, impersonationIdleMinutes: number): Promise<PlatformCounts> {
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
        [now, impersonationIdleMinutes],
      );
    return {
      businesses: Number(counts!.businesses),
      activeBusinesses: Number(counts!.active_businesses),
      bookingsToday: Number(counts!.bookings_today),
      bookingsThisWeek: Number(counts!.bookings_this_week),
      activeImpersonations: Number(counts!.active_impersonations),
    };
  }
}
