import { Module } from '@nestjs/common';
import { BusinessesModule } from '../businesses/businesses.module.js';
import { TimeZoneCatalog } from '../common/time-zones.js';
import { BookingRulesController, BookingRulesService } from './booking-rules.js';
import { LogosController } from './logos.controller.js';
import { LogosRepository } from './logos.repository.js';
import { LogosService } from './logos.service.js';
import { SettingsController } from './settings.controller.js';
import { SettingsService } from './settings.service.js';

/**
 * A business's own settings: general, branding (with the uploaded logo, served from our origin)
 * and the online booking rules. The columns live on the businesses row and are written through
 * BusinessesRepository; this module owns business_logos (LogosRepository).
 */
@Module({
  imports: [BusinessesModule],
  controllers: [SettingsController, LogosController, BookingRulesController],
  providers: [SettingsService, LogosService, LogosRepository, BookingRulesService, TimeZoneCatalog],
})
export class SettingsModule {}
