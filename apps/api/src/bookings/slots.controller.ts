import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FreeSlotsView } from '#contracts';
import { BusinessAccess } from '../common/access.decorators.js';
import { AuditAction } from '../common/request-context.guard.js';
import { BusinessSlotsQuery } from './dto/slots.dto.js';
import { SlotsService } from './slots.service.js';

@ApiTags('bookings')
@Controller('businesses/:businessId/slots')
export class SlotsController {
  constructor(private readonly slots: SlotsService) {}

  @AuditAction('slots.view')
  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({
    summary: 'Next free times of a service (the new-booking form)',
    description:
      "The same computation as the public booking page: opening hours and closed dates, each resource's own hours, which resources may " +
      "perform the service, its duration and buffers, live bookings. From now on (no minimum notice or horizon), in the business's zone.",
  })
  @ApiOkResponse({ description: 'FreeSlotsView' })
  @ApiBadRequestResponse({ description: 'problem+json `invalid_time_range` (to not after from, more than 14 days) | `validation_failed`' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found` (no such service in this business)' })
  list(@Param('businessId') businessId: string, @Query() query: BusinessSlotsQuery): Promise<FreeSlotsView> {
    return this.slots.forBusiness(businessId, query);
  }
}
