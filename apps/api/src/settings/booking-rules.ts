import { Body, Controller, Get, Injectable, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { BookingRulesSettings as BookingRulesSettingsDoc } from './responses.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import type { BookingRulesSettings } from '#contracts';
import { LIMITS } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { BusinessAccess } from '../access/access.decorators.js';
import { Scope, type BusinessScope } from '../access/business-scope.js';
import type { Business } from '../businesses/business.entity.js';
import { BusinessesRepository } from '../businesses/businesses.repository.js';
import { Clock } from '../common/clock.js';
import { notFound } from '../common/domain-error.js';

export class BookingRulesDto implements BookingRulesSettings {
  @ApiProperty({ description: 'Whether the public booking page takes bookings' }) @IsBoolean() onlineBookingEnabled: boolean;
  @ApiProperty({
    minimum: LIMITS.minNoticeMinutes.min,
    maximum: LIMITS.minNoticeMinutes.max,
    example: 120,
    description: 'Online bookings start at least this many minutes from now',
  })
  @IsInt()
  @Min(LIMITS.minNoticeMinutes.min)
  @Max(LIMITS.minNoticeMinutes.max)
  minNoticeMinutes: number;
  @ApiProperty({
    minimum: LIMITS.bookingHorizonDays.min,
    maximum: LIMITS.bookingHorizonDays.max,
    example: 60,
    description: '…and at most this many days ahead',
  })
  @IsInt()
  @Min(LIMITS.bookingHorizonDays.min)
  @Max(LIMITS.bookingHorizonDays.max)
  bookingHorizonDays: number;
  @ApiProperty({
    minimum: LIMITS.cancellationWindowHours.min,
    maximum: LIMITS.cancellationWindowHours.max,
    example: 24,
    description: 'Customers may cancel or reschedule online until this many hours before the start',
  })
  @IsInt()
  @Min(LIMITS.cancellationWindowHours.min)
  @Max(LIMITS.cancellationWindowHours.max)
  cancellationWindowHours: number;
}

const rules = (b: Business): BookingRulesSettings => ({
  onlineBookingEnabled: b.onlineBookingEnabled,
  minNoticeMinutes: b.minNoticeMinutes,
  bookingHorizonDays: b.bookingHorizonDays,
  cancellationWindowHours: b.cancellationWindowHours,
});

/** The rules of the public booking page, on the businesses row (written through BusinessesRepository). Owners change them. */
@Injectable()
export class BookingRulesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly businesses: BusinessesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async get(scope: BusinessScope): Promise<BookingRulesSettings> {
    const row = await this.businesses.find(scope.id);
    if (!row) throw notFound('Business');
    return rules(row);
  }

  replace(scope: BusinessScope, input: BookingRulesDto): Promise<BookingRulesSettings> {
    const businessId = scope.id;
    return this.db.transaction(async (em) => {
      const row = await this.businesses.lock(em, businessId);
      if (!row) throw notFound('Business');
      const before = rules(row);
      const after: BookingRulesSettings = {
        onlineBookingEnabled: input.onlineBookingEnabled,
        minNoticeMinutes: input.minNoticeMinutes,
        bookingHorizonDays: input.bookingHorizonDays,
        cancellationWindowHours: input.cancellationWindowHours,
      };
      await this.businesses.updateBookingRules(em, businessId, after, this.clock.now());
      await this.audit.record(em, {
        action: 'settings.booking.update',
        businessId,
        targetType: 'business',
        targetId: businessId,
        status: 200,
        before: { ...before },
        after: { ...after },
      });
      return after;
    });
  }
}

@ApiTags('settings')
// The business comes from the access guard (@Scope()); the path names it.
@ApiParam({ name: 'businessId', type: String, required: true })
@Controller('businesses/:businessId/settings/booking')
export class BookingRulesController {
  constructor(private readonly rules: BookingRulesService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'getBookingRules', summary: 'Online booking on/off, minimum notice, booking horizon and the customers’ cancellation window' })
  @ApiOkResponse({ type: BookingRulesSettingsDoc })
  get(@Scope() scope: BusinessScope): Promise<BookingRulesSettings> {
    return this.rules.get(scope);
  }

  @Put()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'replaceBookingRules', summary: 'Replace the online booking rules' })
  @ApiOkResponse({ type: BookingRulesSettingsDoc })
  replace(@Scope() scope: BusinessScope, @Body() body: BookingRulesDto): Promise<BookingRulesSettings> {
    return this.rules.replace(scope, body);
  }
}
