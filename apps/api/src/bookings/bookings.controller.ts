import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { BookingView, Page } from '#contracts';
import { AuditResource } from '../common/request-context.guard.js';
import { BusinessAccess } from '../common/access.decorators.js';
import { BookingsService } from './bookings.service.js';
import { BookingListQuery, CreateBookingDto, UpdateBookingDto } from './dto/booking.dto.js';
import { UuidParam } from './uuid-param.pipe.js';

const SLOT_TAKEN = 'problem+json `slot_taken` with `slot: { resourceId, resourceName, startsAt, endsAt }` of the live booking in the way';

@ApiTags('bookings')
@Controller('businesses/:businessId/bookings')
@AuditResource('booking')
export class BookingsController {
  constructor(private readonly bookings: BookingsService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: "The business's bookings by start, ascending; filters combine; keyset-paginated" })
  @ApiOkResponse({ description: 'Page<BookingView>' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed` | `invalid_cursor`' })
  list(@Param('businessId') businessId: string, @Query() query: BookingListQuery): Promise<Page<BookingView>> {
    return this.bookings.list(businessId, query);
  }

  @Post()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: 'Book a customer for a service on a resource; ends after the service duration' })
  @ApiCreatedResponse({ description: 'BookingView' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed` (e.g. startsAt without an offset, unknown fields)' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`: the customer, service or resource is not of this business' })
  @ApiConflictResponse({ description: SLOT_TAKEN })
  @ApiUnprocessableEntityResponse({ description: 'problem+json `outside_availability` (opening hours, closed dates) | `validation_failed` (inactive service or resource)' })
  create(@Param('businessId') businessId: string, @Body() body: CreateBookingDto): Promise<BookingView> {
    return this.bookings.create(businessId, body);
  }

  @Get(':id')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: 'One booking' })
  @ApiOkResponse({ description: 'BookingView' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  get(@Param('businessId') businessId: string, @Param('id', new UuidParam('Booking')) id: string): Promise<BookingView> {
    return this.bookings.get(businessId, id);
  }

  @Patch(':id')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: 'Reschedule, move, change customer or service, notes, or status (completed, no_show, confirmed)' })
  @ApiOkResponse({ description: 'BookingView' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed`' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  @ApiConflictResponse({ description: `${SLOT_TAKEN} | \`conflict\` (a cancelled booking cannot be edited)` })
  @ApiUnprocessableEntityResponse({ description: 'problem+json `outside_availability` | `validation_failed`' })
  update(@Param('businessId') businessId: string, @Param('id', new UuidParam('Booking')) id: string, @Body() body: UpdateBookingDto): Promise<BookingView> {
    return this.bookings.update(businessId, id, body);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: 'Cancel a booking; its slot becomes free' })
  @ApiOkResponse({ description: 'BookingView' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  @ApiConflictResponse({ description: 'problem+json `conflict` (already cancelled)' })
  cancel(@Param('businessId') businessId: string, @Param('id', new UuidParam('Booking')) id: string): Promise<BookingView> {
    return this.bookings.cancel(businessId, id);
  }
}
