import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AvailabilitySettings } from '#contracts';
import type { BusinessScope } from '../access/business-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { BusinessesRepository } from '../businesses/businesses.repository.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { weeklyHoursErrors } from '../common/weekly-hours.js';
import type { UpdateAvailabilityDto } from './availability.dto.js';
import { AvailabilityRepository } from './availability.repository.js';
import { isCalendarDate } from './local-calendar.js';

/**
 * Opening hours and closed dates. A PUT replaces both lists in one transaction (with its audit row),
 * so a reader never sees half a schedule. Existing bookings are not touched: new hours apply to
 * bookings made or moved from now on. The time zone is read-only here (a general setting).
 */
@Injectable()
export class AvailabilitySettingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly availability: AvailabilityRepository,
    private readonly businesses: BusinessesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  get(scope: BusinessScope): Promise<AvailabilitySettings> {
    return this.availability.settings(scope);
  }

  async replace(scope: BusinessScope, input: UpdateAvailabilityDto): Promise<AvailabilitySettings> {
    const weekly = input.weekly.map((w) => ({ weekday: w.weekday, opens: w.opens, closes: w.closes }));
    const errors = weeklyHoursErrors(weekly);
    input.closedDates.forEach((d, i) => {
      if (!isCalendarDate(d)) errors.push({ field: `closedDates.${i}`, messages: [`${d} is not a real date`] });
    });
    if (errors.length) {
      throw new DomainError(400, 'validation_failed', errors.map((e) => `${e.field}: ${e.messages.join(', ')}`).join('; '), { errors });
    }
    const businessId = scope.id;
    return this.db.transaction(async (em) => {
      // Serialise concurrent replacements of one business's schedule (the businesses row, through its owner).
      await this.businesses.lock(em, businessId);
      // The set-up checklist's "opening hours" step: someone has looked at them and saved.
      await this.businesses.confirmHours(em, businessId, this.clock.now());
      const before = await this.availability.settings(scope, em);
      await this.availability.replace(em, businessId, weekly, input.closedDates);
      const after = await this.availability.settings(scope, em);
      await this.audit.record(em, {
        action: 'settings.availability.update',
        businessId,
        targetType: 'business',
        targetId: businessId,
        before: { weekly: before.weekly, closedDates: before.closedDates },
        after: { weekly: after.weekly, closedDates: after.closedDates },
        status: 200,
      });
      return after;
    });
  }
}
