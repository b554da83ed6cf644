import { Body, Controller, Delete, HttpCode, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problems.js';
import { ExitImpersonationResponse, ExtendImpersonationResponse, StartImpersonationResponse } from './responses.js';
import type { FastifyReply } from 'fastify';

import { OperatorOnly } from '../access/access.decorators.js';
import { CsrfCookies } from '../access/csrf-cookies.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { StartImpersonationDto } from './dto.js';
import { ImpersonationService } from './impersonation.service.js';

@ApiTags('impersonation')
@Controller('impersonation')
export class ImpersonationController {
  constructor(
    private readonly impersonations: ImpersonationService,
    private readonly context: ImpersonationContext,
    private readonly csrf: CsrfCookies,
  ) {}

  @Post()
  @OperatorOnly({ whileImpersonating: true })
  @ApiOperation({
    operationId: 'startImpersonation',
    summary:
      "Enter a business's admin as its owner (default) or staff, optionally read-only. Starting while impersonating switches. With SUPPORT_ACCESS=granted only while the business's owners grant support access (else 403 support_access_required), or as an emergency entry (breakGlass, with a reason) when SUPPORT_BREAK_GLASS allows it.",
  })
  @ApiCreatedResponse({ type: StartImpersonationResponse })
  @ApiProblems({ 400: ['invalid_return_to', 'reason_required'], 403: ['support_access_required', 'break_glass_disabled'], 404: ['not_found'] })
  async start(@Body() body: StartImpersonationDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<StartImpersonationResponse> {
    const principal = this.context.require();
    const result = await this.impersonations.start(principal, body);
    // New impersonation state, new CSRF token: one minted before cannot drive writes inside it.
    if (principal.transport === 'cookie') this.csrf.issue(reply, principal.sessionId, result.impersonation.id);
    return result;
  }

  @Post('extend')
  @HttpCode(200)
  @OperatorOnly({ whileImpersonating: true })
  @ApiOperation({
    operationId: 'extendImpersonation',
    summary: 'Stay in the business: restart the idle limit (audited). The absolute limit does not move; past it, start again with a reason.',
  })
  @ApiOkResponse({ type: ExtendImpersonationResponse })
  @ApiProblems({ 409: ['not_impersonating'] })
  extend(): Promise<ExtendImpersonationResponse> {
    return this.impersonations.extend(this.context.require());
  }

  @Delete()
  @HttpCode(200)
  @OperatorOnly({ whileImpersonating: true })
  @ApiOperation({ operationId: 'exitImpersonation', summary: "Exit the impersonation; the operator's own session carries on" })
  @ApiOkResponse({ type: ExitImpersonationResponse })
  @ApiProblems({ 409: ['not_impersonating'] })
  async exit(@Res({ passthrough: true }) reply: FastifyReply): Promise<ExitImpersonationResponse> {
    const principal = this.context.require();
    const result = await this.impersonations.end(principal, 'exit');
    if (principal.transport === 'cookie') this.csrf.issue(reply, principal.sessionId, null);
    return result;
  }
}
