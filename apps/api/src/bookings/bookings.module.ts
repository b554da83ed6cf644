import { Module } from '@nestjs/common';
import { BookingMessages } from './booking-messages.js';
import { BookingsController } from './bookings.controller.js';
import { BookingsRepository } from './bookings.repository.js';
import { BookingsService } from './bookings.service.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ScheduleModule } from '../schedule/schedule.module.js';

/**
 * A business's own bookings. Owns the bookings table (BookingsRepository). Bookings are checked
 * against the availability and free times of the ScheduleModule and the services and resources of
 * the CatalogModule; customers' own bookings (public/OnlineBookingsService) write through
 * BookingsRepository, the same table and constraint. The dashboard and calendar (CalendarModule)
 * read bookings through the repository too.
 */
@Module({
  imports: [CatalogModule, ScheduleModule],
  controllers: [BookingsController],
  providers: [BookingsRepository, BookingMessages, BookingsService],
  exports: [BookingsRepository, BookingsService, BookingMessages],
})
export class BookingsModule {}
