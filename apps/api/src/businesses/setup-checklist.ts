import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SETUP_STEPS, type SetupChecklistView, type SetupStep } from '#contracts';
import { BusinessAccess } from '../access/access.decorators.js';
import { notFound } from '../common/domain-error.js';
import { SetupChecklist } from './responses.js';

/**
 * What a new business still has to set up before it can take bookings well. Nothing is ticked by
 * hand: each step is read from the data it is about, so it is done the moment the thing exists
 * (and undone if it is removed), whoever did it, through the admin or the API. Opening hours start
 * as defaults, so that step also needs them saved once (`hours_confirmed_at`).
 */
@Injectable()
export class SetupChecklistService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(businessId: string): Promise<SetupChecklistView> {
    const [row]: Record<SetupStep, boolean>[] = await this.db.query(
      `SELECT (b.hours_confirmed_at IS NOT NULL AND EXISTS (SELECT 1 FROM opening_hours WHERE business_id = b.id)) AS hours,
              EXISTS (SELECT 1 FROM services WHERE business_id = b.id AND active) AS services,
              EXISTS (SELECT 1 FROM resources WHERE business_id = b.id AND active) AS resources,
              -- A second person, joined or invited: the first owner's own open invitation is not a team.
              (SELECT count(*) FROM memberships WHERE business_id = b.id)
                + (SELECT count(*) FROM team_invitations WHERE business_id = b.id AND accepted_at IS NULL AND revoked_at IS NULL) > 1 AS team,
              (b.primary_color IS NOT NULL OR b.logo_url IS NOT NULL) AS branding
         FROM businesses b WHERE b.id = $1`,
      [businessId],
    );
    if (!row) throw notFound('Business');
    const steps = SETUP_STEPS.map((step) => ({ step, done: row[step] === true }));
    return { steps, complete: steps.every((s) => s.done) };
  }
}

@ApiTags('settings')
@Controller('businesses/:businessId/setup')
export class SetupChecklistController {
  constructor(private readonly checklist: SetupChecklistService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({
    operationId: 'getSetupChecklist',
    summary: 'What this business still has to set up (opening hours, a service, a resource, a second team member or an invitation, a colour or logo), read from its data',
  })
  @ApiOkResponse({ type: SetupChecklist })
  get(@Param('businessId') businessId: string): Promise<SetupChecklistView> {
    return this.checklist.get(businessId);
  }
}
