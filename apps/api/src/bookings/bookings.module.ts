import { Module } from '@nestjs/common';
import { BookingCustomers } from './booking-customers.js';
import { BookingMessages } from './booking-messages.js';
import { AvailabilitySettingsController } from '../schedule/availability-settings.controller.js';
import { AvailabilitySettingsService } from '../schedule/availability-settings.service.js';
import { BookingsController } from './bookings.controller.js';
import { BookingsRepository } from './bookings.repository.js';
import { BookingsService } from './bookings.service.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ScheduleController } from '../calendar/calendar.controller.js';
import { ScheduleService } from '../calendar/calendar.service.js';
import { SlotsController } from '../schedule/slots.controller.js';
import { SlotsService } from '../schedule/slots.service.js';

/**
 * A business's own bookings: the dashboard and calendar, bookings, and the availability settings
 * that bookings are checked against. Owns the tables opening_hours, closed_dates and bookings
 * (services and resources are CatalogModule's, customers CustomersModule's).
 * Free times (slots) are computed here too, for the admin and for the public booking page; customers'
 * own bookings (public/OnlineBookingsService) write through BookingsRepository, the same table and constraint.
 */
@Module({
  imports: [CatalogModule],
  controllers: [ScheduleController, BookingsController, AvailabilitySettingsController, SlotsController],
  providers: [BookingsRepository, BookingMessages, BookingCustomers, BookingsService, ScheduleService, AvailabilitySettingsService, SlotsService],
  exports: [BookingsRepository, BookingsService, SlotsService, BookingMessages, BookingCustomers],
})
export class BookingsModule {}
