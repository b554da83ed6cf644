import { Inject, Injectable } from '@nestjs/common';
import { isTimeZone, type OperatorBookingView, type OperatorDashboardView, type Page } from '#contracts';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { clampLimit, decodeCursor, instantFilter, page } from '../common/pagination.js';
import { toBookingView } from '../bookings/booking-view.js';
import { BookingsRepository, type PlatformBookingRead } from '../bookings/bookings.repository.js';
import type { AllBookingsQuery } from './dto.js';
import { OperatorRepository } from './operator.repository.js';
import { PlatformReadAudit } from '../audit/platform-reads.js';

/** The dashboard lists at most a page of today's bookings; All bookings pages through every one. */
const TODAY_LIMIT = 50;

/** Cross-business read models for platform operators: All bookings and the operator dashboard. */
@Injectable()
export class OperatorService {
  constructor(
    private readonly bookingsRepo: BookingsRepository,
    private readonly reads: OperatorRepository,
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
    const cursor = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.bookingsRepo.listAcrossBusinesses(
      {
        from: from ?? undefined,
        to: to ?? undefined,
        businessId: query.businessId,
        status: query.status,
        search: query.q?.trim() || undefined,
        before: cursor ? { startsKey: String(cursor[0]), id: String(cursor[1]) } : undefined,
      },
      limit + 1,
    );
    const result = page(rows, limit, (r) => [r.startsKey, r.id]);
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
    const counts = await this.reads.platformCounts(now, this.config.impersonationIdleMinutes);
    // Each business's local day computed once, not once per candidate booking.
    const todayViews = (await this.bookingsRepo.listTodayAcrossBusinesses(now, TODAY_LIMIT)).map(toOperatorBookingView);
    await this.platformReads.record(
      'operator_dashboard',
      {},
      undefined,
      todayViews.map((b) => ({ businessId: b.business.id })),
    );
    return { counts, today: todayViews };
  }
}

/**
 * The business's own view of the booking (times in its zone), plus which business it is. A stored
 * zone this runtime cannot read (set before zones were checked) shows that business's times in UTC
 * (the same instants, offset +00:00) instead of failing the list for every operator; the stored
 * value is left as it is for the owner or operator to correct.
 */
function toOperatorBookingView(r: PlatformBookingRead): OperatorBookingView {
  const zone = isTimeZone(r.business.timeZone) ? r.business.timeZone : 'Etc/UTC';
  return { ...toBookingView(r, zone), business: { id: r.business.id, slug: r.business.slug, name: r.business.name } };
}
