import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problems.js';
import { BusinessAccess, OperatorOnly } from '../access/access.decorators.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { SupportAccessRequestDto, UpdateSupportAccessDto } from './dto.js';
import { SupportAccessRequestView, SupportAccessSettings } from './responses.js';
import { SupportAccessService } from './support-access.service.js';

/**
 * Support access on the owner's terms: the owners' setting (who may enter, until when) and the
 * operators' request for it. See SupportAccessService.
 */
@ApiTags('support access')
@Controller('businesses/:businessId')
export class SupportAccessController {
  constructor(
    private readonly supportAccess: SupportAccessService,
    private readonly context: ImpersonationContext,
  ) {}

  @Get('settings/support-access')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'getSupportAccess', summary: 'Whether (and until when) platform operators may enter this business’s admin' })
  @ApiOkResponse({ type: SupportAccessSettings })
  get(@Param('businessId') businessId: string): Promise<SupportAccessSettings> {
    return this.supportAccess.settings(businessId);
  }

  @Put('settings/support-access')
  @BusinessAccess({ minRole: 'owner', membersOnly: true })
  @ApiOperation({
    operationId: 'updateSupportAccess',
    summary:
      'Grant support access for PT1H, P1D or P7D from now, or revoke it (duration: null). The business’s own owners only: an operator impersonating the owner cannot grant access to themselves (403 not_while_impersonating). A revoke ends a live impersonation at the operator’s next request.',
  })
  @ApiOkResponse({ type: SupportAccessSettings })
  update(@Param('businessId') businessId: string, @Body() body: UpdateSupportAccessDto): Promise<SupportAccessSettings> {
    return this.supportAccess.update(this.context.require(), businessId, body.duration);
  }

  @Post('support-access/requests')
  @OperatorOnly()
  @ApiOperation({
    operationId: 'requestSupportAccess',
    summary:
      'Ask the business’s owners to grant support access (granted mode), with a reason: each owner gets an in-app notice and an e-mail. One request per operator and business per hour (429 access_request_throttled).',
  })
  @ApiCreatedResponse({ type: SupportAccessRequestView })
  @ApiProblems({ 400: ['bad_request', 'reason_required'], 404: ['not_found'], 409: ['support_access_not_needed'], 429: ['access_request_throttled'] })
  request(@Param('businessId', new UuidParam('Business')) businessId: string, @Body() body: SupportAccessRequestDto): Promise<SupportAccessRequestView> {
    return this.supportAccess.request(this.context.require(), businessId, body.reason);
  }
}
