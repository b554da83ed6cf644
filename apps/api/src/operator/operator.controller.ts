import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../common/openapi/page.js';
import { ApiProblems } from '../common/openapi/problems.js';
import { OperatorBookingView, OperatorDashboardView } from './responses.js';
import type { Page } from '#contracts';
import { OperatorOnly } from '../access/access.decorators.js';
import { AllBookingsQuery } from './dto.js';
import { OperatorService } from './operator.service.js';

/** Platform-wide views for operators acting as themselves (403 `impersonation_active` while impersonating). */
@ApiTags('operator')
@Controller()
export class OperatorController {
  constructor(private readonly operator: OperatorService) {}

  @Get('bookings')
  @OperatorOnly()
  @ApiOperation({
    operationId: 'listAllBookings',
    summary: 'All bookings across businesses, newest start first (keyset paginated); times in each business’s zone',
  })
  @ApiOkResponse({ type: PageOf(OperatorBookingView) })
  @ApiProblems({ 400: ['invalid_cursor', 'invalid_time_range'] })
  bookings(@Query() query: AllBookingsQuery): Promise<Page<OperatorBookingView>> {
    return this.operator.bookings(query);
  }

  @Get('operator/dashboard')
  @OperatorOnly()
  @ApiOperation({ operationId: 'getOperatorDashboard', summary: "Platform counts and today's bookings, each business's today in its own time zone" })
  @ApiOkResponse({ type: OperatorDashboardView })
  dashboard(): Promise<OperatorDashboardView> {
    return this.operator.dashboard();
  }
}
