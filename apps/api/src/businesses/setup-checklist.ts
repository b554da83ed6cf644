import { Controller, Get, Injectable } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { SETUP_STEPS, type SetupChecklistView } from '#contracts';
import { BusinessAccess } from '../access/access.decorators.js';
import { Scope, type BusinessScope } from '../access/business-scope.js';
import { notFound } from '../common/domain-error.js';
import { BusinessesRepository } from './businesses.repository.js';
import { SetupChecklist } from './responses.js';

/**
 * What a new business still has to set up before it can take bookings well. Nothing is ticked by
 * hand: each step is read from the data it is about, so it is done the moment the thing exists
 * (and undone if it is removed), whoever did it, through the admin or the API. Opening hours start
 * as defaults, so that step also needs them saved once (`hours_confirmed_at`).
 */
@Injectable()
export class SetupChecklistService {
  constructor(private readonly repo: BusinessesRepository) {}

  async get(scope: BusinessScope): Promise<SetupChecklistView> {
    const row = await this.repo.setupState(scope.id);
    if (!row) throw notFound('Business');
    const steps = SETUP_STEPS.map((step) => ({ step, done: row[step] === true }));
    return { steps, complete: steps.every((s) => s.done) };
  }
}

@ApiTags('settings')
// The business comes from the access guard (@Scope()); the path names it.
@ApiParam({ name: 'businessId', type: String, required: true })
@Controller('businesses/:businessId/setup')
export class SetupChecklistController {
  constructor(private readonly checklist: SetupChecklistService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({
    operationId: 'getSetupChecklist',
    summary:
      'What this business still has to set up (opening hours, a service, a resource, a second team member or an invitation, a colour or logo), read from its data',
  })
  @ApiOkResponse({ type: SetupChecklist })
  get(@Scope() scope: BusinessScope): Promise<SetupChecklistView> {
    return this.checklist.get(scope);
  }
}
