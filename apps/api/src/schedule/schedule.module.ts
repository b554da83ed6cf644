import { Module, type OnModuleInit } from '@nestjs/common';
import type { WeeklyHours } from '#contracts';
import { BusinessSetup } from '../businesses/business-setup.js';
import { BusinessesModule } from '../businesses/businesses.module.js';
import { AvailabilitySettingsController } from './availability-settings.controller.js';
import { AvailabilitySettingsService } from './availability-settings.service.js';
import { AvailabilityRepository } from './availability.repository.js';
import { SlotsController } from './slots.controller.js';
import { SlotsService } from './slots.service.js';

/** Mon–Fri 09:00–17:00: a new business can take bookings at once; the owner edits it under Availability. */
export const DEFAULT_OPENING_HOURS: WeeklyHours[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' }));

/**
 * When a business can be booked: its weekly opening hours and closed dates (the availability
 * settings) and the free times computed from them, each resource's own hours, the services'
 * durations and buffers and the live bookings (for the admin and for the public booking page).
 * Owns the tables opening_hours and closed_dates (AvailabilityRepository), and gives every new
 * business its default opening hours inside the business's creation transaction (BusinessSetup).
 */
@Module({
  imports: [BusinessesModule],
  controllers: [AvailabilitySettingsController, SlotsController],
  providers: [AvailabilityRepository, AvailabilitySettingsService, SlotsService],
  exports: [AvailabilityRepository, SlotsService],
})
export class ScheduleModule implements OnModuleInit {
  constructor(
    private readonly setup: BusinessSetup,
    private readonly availability: AvailabilityRepository,
  ) {}

  onModuleInit(): void {
    this.setup.register(async (em, business) => {
      await this.availability.addWeekly(em, business.id, DEFAULT_OPENING_HOURS);
      return { openingHours: DEFAULT_OPENING_HOURS };
    });
  }
}
