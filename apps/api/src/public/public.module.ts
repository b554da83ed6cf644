import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module.js';
import { BookingPagePreviewController, PublicBookingController } from './public.controller.js';
import { PublicBookingService } from './public-booking.service.js';
import { PublicRateLimitGuard } from './public-rate-limit.guard.js';

/**
 * The public booking page's API (slots, book, manage link) and the owner's preview of it. Owns no
 * table: bookings and customers are written by the bookings module's OnlineBookingsService.
 */
@Module({
  imports: [BookingsModule],
  controllers: [PublicBookingController, BookingPagePreviewController],
  providers: [PublicBookingService, PublicRateLimitGuard],
})
export class PublicModule {}
