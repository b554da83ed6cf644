import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../common/openapi/page.js';
import { ApiProblems } from '../common/openapi/problems.js';
import { BookingView } from './responses.js';
import type { Page } from '#contracts';
import { BusinessAccess } from '../access/access.decorators.js';
import { Scope, type BusinessScope } from '../access/business-scope.js';
import { BookingsService } from './bookings.service.js';
import { BookingListQuery, CreateBookingDto, UpdateBookingDto } from './dto.js';
import { UuidParam } from '../common/uuid-param.pipe.js';

@ApiTags('bookings')
@ApiParam({ name: 'businessId', type: String })
@Controller('businesses/:businessId/bookings')
export class BookingsController {
  constructor(private readonly bookings: BookingsService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'listBookings', summary: "The business's bookings by start, ascending; filters combine; keyset-paginated" })
  @ApiOkResponse({ type: PageOf(BookingView) })
  @ApiProblems({ 400: ['invalid_cursor'] })
  list(@Scope() scope: BusinessScope, @Query() query: BookingListQuery): Promise<Page<BookingView>> {
    return this.bookings.list(scope, query);
  }

  @Post()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'createBooking', summary: 'Book a customer for a service on a resource; ends after the service duration' })
  @ApiCreatedResponse({ type: BookingView })
  @ApiProblems({ 404: ['not_found'], 409: ['slot_taken'], 422: ['outside_availability', 'resource_not_eligible', 'validation_failed'] })
  create(@Scope() scope: BusinessScope, @Body() body: CreateBookingDto): Promise<BookingView> {
    return this.bookings.create(scope, body);
  }

  @Get(':id')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'getBooking', summary: 'One booking' })
  @ApiOkResponse({ type: BookingView })
  @ApiProblems({ 404: ['not_found'] })
  get(@Scope() scope: BusinessScope, @Param('id', new UuidParam('Booking')) id: string): Promise<BookingView> {
    return this.bookings.get(scope, id);
  }

  @Patch(':id')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'updateBooking', summary: 'Reschedule, move, change customer or service, notes, or status (completed, no_show, confirmed)' })
  @ApiOkResponse({ type: BookingView })
  @ApiProblems({ 404: ['not_found'], 409: ['slot_taken', 'conflict'], 422: ['outside_availability', 'resource_not_eligible', 'validation_failed'] })
  update(@Scope() scope: BusinessScope, @Param('id', new UuidParam('Booking')) id: string, @Body() body: UpdateBookingDto): Promise<BookingView> {
    return this.bookings.update(scope, id, body);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'cancelBooking', summary: 'Cancel a booking; its slot becomes free' })
  @ApiOkResponse({ type: BookingView })
  @ApiProblems({ 404: ['not_found'], 409: ['conflict'] })
  cancel(@Scope() scope: BusinessScope, @Param('id', new UuidParam('Booking')) id: string): Promise<BookingView> {
    return this.bookings.cancel(scope, id);
  }
}
