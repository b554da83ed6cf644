import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problems.js';
import { BusinessDashboardView, CalendarView } from '../bookings/responses.js';

import { BusinessAccess } from '../access/access.decorators.js';
import { CalendarQuery } from '../bookings/dto.js';
import { ScheduleService } from './calendar.service.js';

@ApiTags('bookings')
@Controller('businesses/:businessId')
export class ScheduleController {
  constructor(private readonly schedule: ScheduleService) {}

  @Get('dashboard')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'getBusinessDashboard', summary: "Today in the business's time zone: counts for today, this week (Mon–Sun) and upcoming, and today's bookings" })
  @ApiOkResponse({ type: BusinessDashboardView })
  dashboard(@Param('businessId') businessId: string): Promise<BusinessDashboardView> {
    return this.schedule.dashboard(businessId);
  }

  @Get('calendar')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'getCalendar', summary: 'Live bookings overlapping [from, to) (default: this local week), with resources and opening hours; more than 1000 bookings is 400 `calendar_too_busy` (narrow the range)' })
  @ApiOkResponse({ type: CalendarView })
  @ApiProblems({ 400: ['invalid_time_range', 'calendar_too_busy'] })
  calendar(@Param('businessId') businessId: string, @Query() query: CalendarQuery): Promise<CalendarView> {
    return this.schedule.calendar(businessId, query);
  }
}
