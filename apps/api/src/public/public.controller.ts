import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { NoIdempotencyKey } from '../idempotency/idempotency.decorators.js';
import { ApiProblems } from '../common/openapi/problems.js';
import { FreeSlotsView } from '../schedule/responses.js';
import { ManageBookingView, PublicBookingCreated, PublicBusinessView } from './responses.js';
import { SlotsQuery } from '../schedule/slots.dto.js';
import { BusinessAccess, Public } from '../access/access.decorators.js';
import { Scope, type BusinessScope } from '../access/business-scope.js';
import { CreatePublicBookingDto, RescheduleDto } from './dto.js';
import { PublicBookingService } from './public-booking.service.js';
import { PublicRateLimitGuard } from './public-rate-limit.guard.js';

/**
 * The public booking page's API. No sign-in, no cookies read or set, no CSRF token (there is no
 * ambient credential to borrow), no CORS headers (only the page on our own origin can read it).
 */
@ApiTags('public booking')
@Controller('public')
@UseGuards(PublicRateLimitGuard)
export class PublicBookingController {
  constructor(private readonly booking: PublicBookingService) {}

  @Get('businesses/:slug')
  @Public()
  @ApiOperation({
    operationId: 'getPublicBusiness',
    summary: 'The booking page of a business: name, branding, active services (duration, price), resources and booking rules',
  })
  @ApiOkResponse({
    type: PublicBusinessView,
    description: 'acceptingBookings is false, with unavailableReason, when online booking is off or the business is suspended',
  })
  @ApiProblems({ 404: ['not_found'], 429: ['rate_limited'] })
  business(@Param('slug') slug: string): Promise<PublicBusinessView> {
    return this.booking.business(slug);
  }

  @Get('businesses/:slug/slots')
  @Public()
  @ApiOperation({
    operationId: 'listPublicFreeSlots',
    summary: 'Free start times of a service in [from, to) (at most 14 days), from now + minimum notice to the booking horizon, in the business’s zone',
  })
  @ApiOkResponse({ type: FreeSlotsView })
  @ApiProblems({ 400: ['invalid_time_range'], 403: ['online_booking_disabled', 'business_suspended'], 404: ['not_found'], 429: ['rate_limited'] })
  slots(@Param('slug') slug: string, @Query() query: SlotsQuery): Promise<FreeSlotsView> {
    return this.booking.freeTimes(slug, query);
  }

  @Post('businesses/:slug/bookings')
  @Public()
  // The answer carries the customer's manage link, a credential that is never stored: no Idempotency-Key replay.
  @NoIdempotencyKey()
  @ApiOperation({
    operationId: 'createPublicBooking',
    summary: 'Book a free time',
    description:
      'The customer is matched by e-mail within the business (an existing customer keeps their details; the answer is the same either way). ' +
      'The answer carries the manage link once; only a hash of its token is stored.',
  })
  @ApiCreatedResponse({ type: PublicBookingCreated })
  @ApiProblems({
    403: ['online_booking_disabled', 'business_suspended'],
    404: ['not_found'],
    409: ['slot_taken'],
    422: ['outside_booking_window', 'outside_availability', 'validation_failed'],
    429: ['rate_limited'],
  })
  book(@Param('slug') slug: string, @Body() body: CreatePublicBookingDto): Promise<PublicBookingCreated> {
    return this.booking.book(slug, body);
  }

  @Get('bookings/manage/:token')
  @Public()
  @ApiOperation({ operationId: 'getManagedBooking', summary: 'The booking behind a manage link, and whether it can still be cancelled or moved online' })
  @ApiOkResponse({ type: ManageBookingView })
  @ApiProblems({ 404: ['not_found'], 429: ['rate_limited'] })
  manage(@Param('token') token: string): Promise<ManageBookingView> {
    return this.booking.manage(token);
  }

  @Post('bookings/manage/:token/cancel')
  @HttpCode(200)
  @Public()
  @ApiOperation({ operationId: 'cancelManagedBooking', summary: 'Cancel through the manage link (until the business’s cancellation window)' })
  @ApiOkResponse({ type: ManageBookingView })
  @ApiProblems({ 404: ['not_found'], 409: ['cancellation_window_passed', 'conflict'], 429: ['rate_limited'] })
  cancel(@Param('token') token: string): Promise<ManageBookingView> {
    return this.booking.cancel(token);
  }

  @Post('bookings/manage/:token/reschedule')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    operationId: 'rescheduleManagedBooking',
    summary: 'Move to another free time of the same service through the manage link (until the cancellation window)',
  })
  @ApiOkResponse({ type: ManageBookingView })
  @ApiProblems({
    403: ['online_booking_disabled', 'business_suspended'],
    404: ['not_found'],
    409: ['slot_taken', 'cancellation_window_passed', 'conflict'],
    422: ['outside_booking_window', 'outside_availability', 'validation_failed'],
    429: ['rate_limited'],
  })
  reschedule(@Param('token') token: string, @Body() body: RescheduleDto): Promise<ManageBookingView> {
    return this.booking.reschedule(token, body);
  }
}

/** The owner's preview of the booking page (also while online booking is off). Reads only. */
@ApiTags('public booking')
@ApiParam({ name: 'businessId', type: String })
@Controller('businesses/:businessId/booking-page')
export class BookingPagePreviewController {
  constructor(private readonly booking: PublicBookingService) {}

  @Get()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({
    operationId: 'previewBookingPage',
    summary: 'What the public booking page shows, for the owner’s preview (whether or not online booking is on)',
  })
  @ApiOkResponse({ type: PublicBusinessView })
  preview(@Scope() scope: BusinessScope): Promise<PublicBusinessView> {
    return this.booking.previewBusiness(scope);
  }

  @Get('slots')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'previewBookingPageSlots', summary: 'The free times customers would see (minimum notice and horizon applied), for the preview' })
  @ApiOkResponse({ type: FreeSlotsView })
  @ApiProblems({ 400: ['invalid_time_range'], 404: ['not_found'] })
  slots(@Scope() scope: BusinessScope, @Query() query: SlotsQuery): Promise<FreeSlotsView> {
    return this.booking.previewFreeTimes(scope, query);
  }
}
