import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OperatorBookingView, OperatorDashboardView, Page } from '#contracts';
import { OperatorOnly } from '../common/access.decorators.js';
import { AllBookingsQuery } from './dto.js';
import { OperatorService } from './operator.service.js';

/** Platform-wide views for operators acting as themselves (403 `impersonation_active` while impersonating). */
@ApiTags('operator')
@Controller()
export class OperatorController {
  constructor(private readonly operator: OperatorService) {}

  @Get('bookings')
  @OperatorOnly()
  @ApiOperation({ summary: 'All bookings across businesses, newest start first (keyset paginated); times in each business’s zone' })
  @ApiOkResponse({ description: 'Page<OperatorBookingView>' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed` | `invalid_cursor` | `invalid_time_range`' })
  bookings(@Query() query: AllBookingsQuery): Promise<Page<OperatorBookingView>> {
    return this.operator.bookings(query);
  }

  @Get('operator/dashboard')
  @OperatorOnly()
  @ApiOperation({ summary: "Platform counts and today's bookings, each business's today in its own time zone" })
  @ApiOkResponse({ description: 'OperatorDashboardView' })
  dashboard(): Promise<OperatorDashboardView> {
    return this.operator.dashboard();
  }
}
