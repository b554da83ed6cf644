import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problems.js';
import { FreeSlotsView } from './responses.js';
import { BusinessAccess } from '../access/access.decorators.js';
import { Scope, type BusinessScope } from '../access/business-scope.js';
import { BusinessSlotsQuery } from './slots.dto.js';
import { SlotsService } from './slots.service.js';

@ApiTags('bookings')
@ApiParam({ name: 'businessId', type: String })
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
  list(@Scope() scope: BusinessScope, @Query() query: BusinessSlotsQuery): Promise<FreeSlotsView> {
    return this.slots.forBusiness(scope, query);
  }
}
