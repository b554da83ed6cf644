import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { NoticeList } from '#contracts';
import { Authenticated } from '../common/access.decorators.js';
import { AuditResource } from '../common/request-context.guard.js';
import { ImpersonationContext } from '../impersonation/impersonation-context.js';
import { NoticesService } from './notices.service.js';

/** The signed-in person's in-app notices. */
@ApiTags('notifications')
@AuditResource('notice')
@Controller('notifications')
export class NoticesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly context: ImpersonationContext,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: "Open notices of the businesses you own (an operator impersonating as owner sees that business's)" })
  @ApiOkResponse({ description: 'NoticeList' })
  list(): Promise<NoticeList> {
    return this.notices.list(this.context.require());
  }

  @Post(':id/dismiss')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: "Dismiss a notice: the business's own owners only (never an impersonating operator)" })
  @ApiNoContentResponse({ description: 'Dismissed' })
  @ApiForbiddenResponse({ description: 'problem+json `owner_required` (impersonating, or not an owner)' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  async dismiss(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.notices.dismiss(this.context.require(), id);
  }
}
