import { Body, Controller, Get, Injectable, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { BookingRulesSettings as BookingRulesSettingsDoc } from '../businesses/responses.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import type { BookingRulesSettings } from '#contracts';
import { LIMITS } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { BusinessAccess } from '../access/access.decorators.js';
import { Clock } from '../common/clock.js';
import { notFound } from '../common/domain-error.js';

export class BookingRulesDto implements BookingRulesSettings {
  @ApiProperty({ description: 'Whether the public booking page takes bookings' }) @IsBoolean() onlineBookingEnabled: boolean;
  @ApiProperty({ minimum: LIMITS.minNoticeMinutes.min, maximum: LIMITS.minNoticeMinutes.max, example: 120, description: 'Online bookings start at least this many minutes from now' })
  @IsInt()
  @Min(LIMITS.minNoticeMinutes.min)
  @Max(LIMITS.minNoticeMinutes.max)
  minNoticeMinutes: number;
  @ApiProperty({ minimum: LIMITS.bookingHorizonDays.min, maximum: LIMITS.bookingHorizonDays.max, example: 60, description: '…and at most this many days ahead' }) @IsInt() @Min(LIMITS.bookingHorizonDays.min) @Max(LIMITS.bookingHorizonDays.max) bookingHorizonDays: number;
  @ApiProperty({ minimum: LIMITS.cancellationWindowHours.min, maximum: LIMITS.cancellationWindowHours.max, example: 24, description: 'Customers may cancel or reschedule online until this many hours before the start' })
  @IsInt()
  @Min(LIMITS.cancellationWindowHours.min)
  @Max(LIMITS.cancellationWindowHours.max)
  cancellationWindowHours: number;
}

const SELECT = `SELECT online_booking_enabled AS "onlineBookingEnabled", min_notice_minutes AS "minNoticeMinutes",
  booking_horizon_days AS "bookingHorizonDays", cancellation_window_hours AS "cancellationWindowHours" FROM businesses WHERE id = $1`;

/** The rules of the public booking page, on the businesses row (this module owns it). Owners change them. */
@Injectable()
export class BookingRulesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async get(businessId: string): Promise<BookingRulesSettings> {
    const [row] = await this.db.query(SELECT, [businessId]);
    if (!row) throw notFound('Business');
    return toRules(row);
  }

  replace(businessId: string, input: BookingRulesDto): Promise<BookingRulesSettings> {
    return this.db.transaction(async (em) => {
      const [row] = await em.query(`${SELECT} FOR UPDATE`, [businessId]);
      if (!row) throw notFound('Business');
      const before = toRules(row);
      const after: BookingRulesSettings = {
        onlineBookingEnabled: input.onlineBookingEnabled,
        minNoticeMinutes: input.minNoticeMinutes,
        bookingHorizonDays: input.bookingHorizonDays,
        cancellationWindowHours: input.cancellationWindowHours,
      };
      await em.query(
        `UPDATE businesses SET online_booking_enabled = $2, min_notice_minutes = $3, booking_horizon_days = $4, cancellation_window_hours = $5, updated_at = $6 WHERE id = $1`,
        [businessId, after.onlineBookingEnabled, after.minNoticeMinutes, after.bookingHorizonDays, after.cancellationWindowHours, this.clock.now()],
      );
      await this.audit.record(em, { action: 'settings.booking.update', businessId, targetType: 'business', targetId: businessId, status: 200, before: { ...before }, after: { ...after } });
      return after;
    });
  }
}

function toRules(row: Record<string, unknown>): BookingRulesSettings {
  return {
    onlineBookingEnabled: Boolean(row.onlineBookingEnabled),
    minNoticeMinutes: Number(row.minNoticeMinutes),
    bookingHorizonDays: Number(row.bookingHorizonDays),
    cancellationWindowHours: Number(row.cancellationWindowHours),
  };
}

@ApiTags('settings')
@Controller('businesses/:businessId/settings/booking')
export class BookingRulesController {
  constructor(private readonly rules: BookingRulesService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'getBookingRules', summary: 'Online booking on/off, minimum notice, booking horizon and the customers’ cancellation window' })
  @ApiOkResponse({ type: BookingRulesSettingsDoc })
  get(@Param('businessId') businessId: string): Promise<BookingRulesSettings> {
    return this.rules.get(businessId);
  }

  @Put()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'replaceBookingRules', summary: 'Replace the online booking rules' })
  @ApiOkResponse({ type: BookingRulesSettingsDoc })
  replace(@Param('businessId') businessId: string, @Body() body: BookingRulesDto): Promise<BookingRulesSettings> {
    return this.rules.replace(businessId, body);
  }
}
