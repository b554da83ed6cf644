import { Module } from '@nestjs/common';
import { BookingRulesController, BookingRulesService } from '../settings/booking-rules.js';
import { BusinessesController } from './businesses.controller.js';
import { BusinessesService } from './businesses.service.js';
import { LogosController } from '../settings/logos.controller.js';
import { LogosService } from '../settings/logos.service.js';
import { SettingsController } from '../settings/settings.controller.js';
import { SettingsService } from '../settings/settings.service.js';
import { TeamController, TeamInvitationsController } from './team.controller.js';
import { TeamService } from './team.service.js';
import { SetupChecklistController, SetupChecklistService } from './setup-checklist.js';
import { TimeZoneCatalog } from '../common/time-zones.js';
import { BusinessSetup } from './business-setup.js';

/**
 * Businesses (operator management), their general, branding and online booking settings, and their team. Owns the
 * businesses and memberships tables (and creates business user accounts for owners and invitees).
 */
@Module({
  controllers: [BusinessesController, SettingsController, LogosController, TeamController, TeamInvitationsController, BookingRulesController, SetupChecklistController],
  providers: [BusinessesService, SettingsService, LogosService, TeamService, TimeZoneCatalog, BookingRulesService, SetupChecklistService, BusinessSetup],
  exports: [BusinessSetup],
})
export class BusinessesModule {}
