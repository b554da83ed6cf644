import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problems.js';
import { NoticeList } from './responses.js';
import { Authenticated } from '../access/access.decorators.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { NoticesService } from './notices.service.js';

/** The signed-in person's in-app notices. */
@ApiTags('notifications')
@Controller('notifications')
export class NoticesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly context: ImpersonationContext,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    operationId: 'listNotifications',
    summary: "Open notices of the businesses you own (an operator impersonating as owner sees that business's)",
  })
  @ApiOkResponse({ type: NoticeList })
  list(): Promise<NoticeList> {
    return this.notices.list(this.context.require());
  }

  @Post(':id/dismiss')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ operationId: 'dismissNotification', summary: "Dismiss a notice: the business's own owners only (never an impersonating operator)" })
  @ApiNoContentResponse({ description: 'Dismissed; no body' })
  @ApiProblems({ 400: ['bad_request'], 403: ['owner_required'], 404: ['not_found'] })
  async dismiss(@Param('id', new UuidParam('Notice')) id: string): Promise<void> {
    await this.notices.dismiss(this.context.require(), id);
  }
}
