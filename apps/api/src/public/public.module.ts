import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { ScheduleModule } from '../schedule/schedule.module.js';
import { OnlineBookingsService } from './online-bookings.service.js';
import { BookingPagePreviewController, PublicBookingController } from './public.controller.js';
import { PublicBookingService } from './public-booking.service.js';
import { PublicRateLimitGuard } from './public-rate-limit.guard.js';
import { PublicRepository } from './public.repository.js';

/**
 * The public booking page's API (slots, book, manage link) and the owner's preview of it, and
 * customers' own bookings (OnlineBookingsService). Owns `public_rate_limits` (PublicRateLimitGuard, through PublicRepository); bookings are written through the
 * bookings module's repository and the customer through the customers module's, each the only
 * writer of its table; the page's business facts and offer are read by PublicRepository.
 */
@Module({
  imports: [BookingsModule, CustomersModule, ScheduleModule],
  controllers: [PublicBookingController, BookingPagePreviewController],
  providers: [PublicBookingService, OnlineBookingsService, PublicRepository, PublicRateLimitGuard],
})
export class PublicModule {}
