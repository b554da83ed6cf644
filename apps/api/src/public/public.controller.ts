import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FreeSlotsView, ManageBookingView, PublicBookingCreated, PublicBusinessView } from '#contracts';
import { SlotsQuery } from '../bookings/dto/slots.dto.js';
import { BusinessAccess, Public } from '../common/access.decorators.js';
import { AuditAction, AuditResource } from '../common/request-context.guard.js';
import { CreatePublicBookingDto, RescheduleDto } from './dto.js';
import { PublicBookingService } from './public-booking.service.js';
import { PublicRateLimitGuard } from './public-rate-limit.guard.js';

const LIMITED = 'problem+json `rate_limited` with Retry-After (per client address, per business, and for writes per address)';

/**
 * The public booking page's API. No sign-in, no cookies read or set, no CSRF token (there is no
 * ambient credential to borrow), no CORS headers (only the page on our own origin can read it).
 */
@ApiTags('public booking')
@Controller('public')
@AuditResource('booking')
@UseGuards(PublicRateLimitGuard)
export class PublicBookingController {
  constructor(private readonly booking: PublicBookingService) {}

  @Get('businesses/:slug')
  @Public()
  @AuditAction('public.business.view')
  @ApiOperation({ summary: 'The booking page of a business: name, branding, active services (duration, price), resources and booking rules' })
  @ApiOkResponse({ description: 'PublicBusinessView (acceptingBookings false, with unavailableReason, when online booking is off or the business is suspended)' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  @ApiTooManyRequestsResponse({ description: LIMITED })
  business(@Param('slug') slug: string): Promise<PublicBusinessView> {
    return this.booking.business(slug);
  }

  @Get('businesses/:slug/slots')
  @Public()
  @AuditAction('public.slots.view')
  @ApiOperation({
    summary: 'Free start times of a service in [from, to) (at most 14 days), from now + minimum notice to the booking horizon, in the business’s zone',
  })
  @ApiOkResponse({ description: 'FreeSlotsView' })
  @ApiBadRequestResponse({ description: 'problem+json `invalid_time_range` | `validation_failed`' })
  @ApiForbiddenResponse({ description: 'problem+json `online_booking_disabled` | `business_suspended`' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found` (business or service)' })
  @ApiTooManyRequestsResponse({ description: LIMITED })
  slots(@Param('slug') slug: string, @Query() query: SlotsQuery): Promise<FreeSlotsView> {
    return this.booking.freeTimes(slug, query);
  }

  @Post('businesses/:slug/bookings')
  @Public()
  @AuditAction('booking.create')
  @ApiOperation({
    summary: 'Book a free time',
    description:
      'The customer is matched by e-mail within the business (an existing customer keeps their details; the answer is the same either way). ' +
      'The answer carries the manage link once; only a hash of its token is stored.',
  })
  @ApiCreatedResponse({ description: 'PublicBookingCreated { booking, manageUrl }' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed`' })
  @ApiForbiddenResponse({ description: 'problem+json `online_booking_disabled` | `business_suspended`' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found` (business, service or resource)' })
  @ApiConflictResponse({ description: 'problem+json `slot_taken` ("that time was just taken") with `nextFreeTimes`' })
  @ApiUnprocessableEntityResponse({ description: 'problem+json `outside_booking_window` | `outside_availability` | `validation_failed`' })
  @ApiTooManyRequestsResponse({ description: LIMITED })
  book(@Param('slug') slug: string, @Body() body: CreatePublicBookingDto): Promise<PublicBookingCreated> {
    return this.booking.book(slug, body);
  }

  @Get('bookings/manage/:token')
  @Public()
  @AuditAction('public.booking.view')
  @ApiOperation({ summary: 'The booking behind a manage link, and whether it can still be cancelled or moved online' })
  @ApiOkResponse({ description: 'ManageBookingView' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found` (unknown or expired link; the two are not told apart)' })
  @ApiTooManyRequestsResponse({ description: LIMITED })
  manage(@Param('token') token: string): Promise<ManageBookingView> {
    return this.booking.manage(token);
  }

  @Post('bookings/manage/:token/cancel')
  @HttpCode(200)
  @Public()
  @AuditAction('booking.cancel')
  @ApiOperation({ summary: 'Cancel through the manage link (until the business’s cancellation window)' })
  @ApiOkResponse({ description: 'ManageBookingView' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  @ApiConflictResponse({ description: 'problem+json `cancellation_window_passed` | `conflict` (already cancelled)' })
  @ApiTooManyRequestsResponse({ description: LIMITED })
  cancel(@Param('token') token: string): Promise<ManageBookingView> {
    return this.booking.cancel(token);
  }

  @Post('bookings/manage/:token/reschedule')
  @HttpCode(200)
  @Public()
  @AuditAction('booking.update')
  @ApiOperation({ summary: 'Move to another free time of the same service through the manage link (until the cancellation window)' })
  @ApiOkResponse({ description: 'ManageBookingView' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  @ApiForbiddenResponse({ description: 'problem+json `online_booking_disabled` | `business_suspended`' })
  @ApiConflictResponse({ description: 'problem+json `slot_taken` with `nextFreeTimes` | `cancellation_window_passed` | `conflict`' })
  @ApiUnprocessableEntityResponse({ description: 'problem+json `outside_booking_window` | `outside_availability`' })
  @ApiTooManyRequestsResponse({ description: LIMITED })
  reschedule(@Param('token') token: string, @Body() body: RescheduleDto): Promise<ManageBookingView> {
    return this.booking.reschedule(token, body);
  }
}

/** The owner's preview of the booking page (also while online booking is off). Reads only. */
@ApiTags('public booking')
@Controller('businesses/:businessId/booking-page')
export class BookingPagePreviewController {
  constructor(private readonly booking: PublicBookingService) {}

  @Get()
  @BusinessAccess({ minRole: 'owner' })
  @AuditAction('booking_page.preview')
  @ApiOperation({ summary: 'What the public booking page shows, for the owner’s preview (whether or not online booking is on)' })
  @ApiOkResponse({ description: 'PublicBusinessView' })
  preview(@Param('businessId') businessId: string): Promise<PublicBusinessView> {
    return this.booking.previewBusiness(businessId);
  }

  @Get('slots')
  @BusinessAccess({ minRole: 'owner' })
  @AuditAction('booking_page.preview_slots')
  @ApiOperation({ summary: 'The free times customers would see (minimum notice and horizon applied), for the preview' })
  @ApiOkResponse({ description: 'FreeSlotsView' })
  @ApiBadRequestResponse({ description: 'problem+json `invalid_time_range` | `validation_failed`' })
  slots(@Param('businessId') businessId: string, @Query() query: SlotsQuery): Promise<FreeSlotsView> {
    return this.booking.previewFreeTimes(businessId, query);
  }
}
