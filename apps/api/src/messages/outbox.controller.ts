import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { OutboxStatus } from '#contracts';
import { ApiProblems } from '../common/openapi/problems.js';
import { OperatorOnly } from '../access/access.decorators.js';
import { PageQuery } from '../common/query.dto.js';
import { OutboxService } from './outbox.service.js';
import { OUTBOX_STATUSES, OutboxMessageDetail, OutboxMessageView, OutboxPage } from './responses.js';

const STATUSES = [...OUTBOX_STATUSES];

export class OutboxListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: OutboxStatus;
}

/** The message queue, for operators: what waits (also when no SMTP is configured), what went, what gave up. */
@ApiTags('operator')
@Controller('operator/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @OperatorOnly()
  @ApiOperation({
    operationId: 'listOutboxMessages',
    summary: 'Messages newest first, with the delivery state (SMTP configured, worker running, counts waiting and dead)',
  })
  @ApiOkResponse({ type: OutboxPage })
  @ApiProblems({ 400: ['invalid_cursor'] })
  list(@Query() query: OutboxListQuery): Promise<OutboxPage> {
    return this.outbox.list(query);
  }

  @Get(':id')
  @OperatorOnly()
  @ApiOperation({ operationId: 'getOutboxMessage', summary: 'One message with its text; a one-time link (invite, password reset) is never shown' })
  @ApiOkResponse({ type: OutboxMessageDetail })
  @ApiProblems({ 400: ['bad_request'], 404: ['not_found'] })
  get(@Param('id', new UuidParam('Message')) id: string): Promise<OutboxMessageDetail> {
    return this.outbox.get(id);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @OperatorOnly()
  @ApiOperation({ operationId: 'retryOutboxMessage', summary: 'Put a dead message back in the queue with a fresh attempt budget' })
  @ApiOkResponse({ type: OutboxMessageView })
  @ApiProblems({ 400: ['bad_request'], 404: ['not_found'], 409: ['conflict'] })
  retry(@Param('id', new UuidParam('Message')) id: string): Promise<OutboxMessageView> {
    return this.outbox.retry(id);
  }
}
