import { Module } from '@nestjs/common';
import { BookingRulesController, BookingRulesService } from './booking-rules.js';
import { BusinessesController } from './businesses.controller.js';
import { BusinessesService } from './businesses.service.js';
import { LogosController } from './logos.controller.js';
import { LogosService } from './logos.service.js';
import { SettingsController } from './settings.controller.js';
import { SettingsService } from './settings.service.js';
import { TeamController, TeamInvitationsController } from './team.controller.js';
import { TeamService } from './team.service.js';
import { SetupChecklistController, SetupChecklistService } from './setup-checklist.js';
import { TimeZoneCatalog } from './time-zones.js';

/**
 * Businesses (operator management), their general, branding and online booking settings, and their team. Owns the
 * businesses and memberships tables (and creates business user accounts for owners and invitees).
 */
@Module({
  controllers: [BusinessesController, SettingsController, LogosController, TeamController, TeamInvitationsController, BookingRulesController, SetupChecklistController],
  providers: [BusinessesService, SettingsService, LogosService, TeamService, TimeZoneCatalog, BookingRulesService, SetupChecklistService],
})
export class BusinessesModule {}
