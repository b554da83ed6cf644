import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ScheduleModule } from '../schedule/schedule.module.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarService } from './calendar.service.js';

/**
 * A business's dashboard and calendar: read-only views of its bookings, resources and opening
 * hours in its own time zone. Owns no table.
 */
@Module({
  imports: [BookingsModule, CatalogModule, ScheduleModule],
  controllers: [CalendarController],
  providers: [CalendarService],
})
export class CalendarModule {}
