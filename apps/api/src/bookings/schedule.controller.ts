import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BusinessDashboardView, CalendarView } from '#contracts';
import { AuditAction } from '../common/request-context.guard.js';
import { BusinessAccess } from '../common/access.decorators.js';
import { CalendarQuery } from './dto/booking.dto.js';
import { ScheduleService } from './schedule.service.js';

@ApiTags('bookings')
@Controller('businesses/:businessId')
export class ScheduleController {
  constructor(private readonly schedule: ScheduleService) {}

  @AuditAction('dashboard.view')
  @Get('dashboard')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: "Today in the business's time zone: counts for today, this week (Mon–Sun) and upcoming, and today's bookings" })
  @ApiOkResponse({ description: 'BusinessDashboardView' })
  dashboard(@Param('businessId') businessId: string): Promise<BusinessDashboardView> {
    return this.schedule.dashboard(businessId);
  }

  @AuditAction('calendar.view')
  @Get('calendar')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: 'Live bookings overlapping [from, to) (default: this local week), with resources and opening hours' })
  @ApiOkResponse({ description: 'CalendarView' })
  @ApiBadRequestResponse({ description: 'problem+json `invalid_time_range` (to not after from, or more than 62 days) | `calendar_too_busy` (more than 1000 bookings: narrow it) | `validation_failed`' })
  calendar(@Param('businessId') businessId: string, @Query() query: CalendarQuery): Promise<CalendarView> {
    return this.schedule.calendar(businessId, query);
  }
}
