import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { TimeZoneCatalog } from '../common/time-zones.js';
import { BusinessSetup } from './business-setup.js';
import { BusinessesController } from './businesses.controller.js';
import { BusinessesRepository } from './businesses.repository.js';
import { BusinessesService } from './businesses.service.js';
import { SetupChecklistController, SetupChecklistService } from './setup-checklist.js';
import { TeamController, TeamInvitationsController } from './team.controller.js';
import { TeamService } from './team.service.js';

/**
 * Businesses (operator management), their team and the setup checklist. Owns the businesses,
 * memberships and team_invitations tables (BusinessesRepository, exported: settings write their
 * columns through it); business user accounts are created through AccountsService (auth). Modules
 * ranked above add the steps a new business needs through BusinessSetup.
 */
@Module({
  imports: [AuthModule],
  controllers: [BusinessesController, TeamController, TeamInvitationsController, SetupChecklistController],
  providers: [BusinessesRepository, BusinessesService, TeamService, TimeZoneCatalog, SetupChecklistService, BusinessSetup],
  exports: [BusinessSetup, BusinessesRepository],
})
export class BusinessesModule {}
