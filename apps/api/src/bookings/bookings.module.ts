import { Module } from '@nestjs/common';
import { BookingMessages } from './booking-messages.js';
import { AvailabilitySettingsController } from '../schedule/availability-settings.controller.js';
import { AvailabilitySettingsService } from '../schedule/availability-settings.service.js';
import { BookingsController } from './bookings.controller.js';
import { BookingsRepository } from './bookings.repository.js';
import { BookingsService } from './bookings.service.js';
import { ResourcesController, ServicesController } from '../catalog/catalog.controllers.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { CustomersController } from '../customers/customers.controller.js';
import { CustomersService } from '../customers/customers.service.js';
import { ScheduleController } from '../calendar/calendar.controller.js';
import { ScheduleService } from '../calendar/calendar.service.js';
import { OnlineBookingsService } from './online-bookings.service.js';
import { SlotsController } from '../schedule/slots.controller.js';
import { SlotsService } from '../schedule/slots.service.js';

/**
 * A business's own bookings: the dashboard and calendar, bookings, customers, services, resources,
 * and the availability settings that bookings are checked against. Owns the tables customers,
 * services, resources, opening_hours, closed_dates, bookings, service_resources and resource_working_hours.
 * Free times (slots) are computed here too, for the admin and for the public booking page, and
 * customers' own bookings (OnlineBookingsService) go through the same tables and constraint.
 */
@Module({
  controllers: [ScheduleController, BookingsController, CustomersController, ServicesController, ResourcesController, AvailabilitySettingsController, SlotsController],
  providers: [BookingsRepository, BookingMessages, BookingsService, ScheduleService, CustomersService, CatalogService, AvailabilitySettingsService, SlotsService, OnlineBookingsService],
  exports: [BookingsRepository, BookingsService, SlotsService, OnlineBookingsService],
})
export class BookingsModule {}
