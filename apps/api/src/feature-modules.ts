import type { Type } from '@nestjs/common';
import { BookingsModule } from './bookings/bookings.module.js';
import { BusinessesModule } from './businesses/businesses.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { CustomersModule } from './customers/customers.module.js';
import { OperatorModule } from './operator/operator.module.js';
import { PublicModule } from './public/public.module.js';
import { ScheduleModule } from './schedule/schedule.module.js';
import { SettingsModule } from './settings/settings.module.js';

/**
 * The business feature modules, registered in AppModule after the platform modules. Nest registers a
 * module's imports right after it (CalendarModule brings BookingsModule, then ScheduleModule), and
 * this order is the order of the OpenAPI document's paths (docs/openapi.json).
 */
export const FEATURE_MODULES: Type[] = [
  BusinessesModule,
  SettingsModule,
  CatalogModule,
  CalendarModule,
  BookingsModule,
  ScheduleModule,
  CustomersModule,
  OperatorModule,
  PublicModule,
];
