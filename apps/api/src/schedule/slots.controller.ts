import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problems.js';
import { FreeSlotsView } from '../bookings/responses.js';
import { BusinessAccess } from '../access/access.decorators.js';
import { BusinessSlotsQuery } from './slots.dto.js';
import { SlotsService } from './slots.service.js';

@ApiTags('bookings')
@Controller('businesses/:businessId/slots')
export class SlotsController {
  constructor(private readonly slots: SlotsService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({
    operationId: 'listFreeSlots',
    summary: 'Next free times of a service (the new-booking form)',
    description:
      "The same computation as the public booking page: opening hours and closed dates, each resource's own hours, which resources may " +
      "perform the service, its duration and buffers, live bookings. From now on (no minimum notice or horizon), in the business's zone.",
  })
  @ApiOkResponse({ type: FreeSlotsView })
  @ApiProblems({ 400: ['invalid_time_range'], 404: ['not_found'] })
  list(@Param('businessId') businessId: string, @Query() query: BusinessSlotsQuery): Promise<FreeSlotsView> {
    return this.slots.forBusiness(businessId, query);
  }
}
