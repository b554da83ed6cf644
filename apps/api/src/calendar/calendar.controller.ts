import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problems.js';
import { BusinessAccess } from '../access/access.decorators.js';
import { Scope, type BusinessScope } from '../access/business-scope.js';
import { CalendarService } from './calendar.service.js';
import { CalendarQuery } from './dto.js';
import { BusinessDashboardView, CalendarView } from './responses.js';

@ApiTags('bookings')
@ApiParam({ name: 'businessId', type: String })
@Controller('businesses/:businessId')
export class CalendarController {
  constructor(private readonly calendarService: CalendarService) {}

  @Get('dashboard')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({
    operationId: 'getBusinessDashboard',
    summary: "Today in the business's time zone: counts for today, this week (Mon–Sun) and upcoming, and today's bookings",
  })
  @ApiOkResponse({ type: BusinessDashboardView })
  dashboard(@Scope() scope: BusinessScope): Promise<BusinessDashboardView> {
    return this.calendarService.dashboard(scope);
  }

  @Get('calendar')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({
    operationId: 'getCalendar',
    summary:
      'Live bookings overlapping [from, to) (default: this local week), with resources and opening hours; more than 1000 bookings is 400 `calendar_too_busy` (narrow the range)',
  })
  @ApiOkResponse({ type: CalendarView })
  @ApiProblems({ 400: ['invalid_time_range', 'calendar_too_busy'] })
  calendar(@Scope() scope: BusinessScope, @Query() query: CalendarQuery): Promise<CalendarView> {
    return this.calendarService.calendar(scope, query);
  }
}
