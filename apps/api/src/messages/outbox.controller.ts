import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { OutboxMessageDetail, OutboxMessageView, OutboxPage, OutboxStatus } from '#contracts';
import { OperatorOnly } from '../common/access.decorators.js';
import { PageQuery } from '../common/query.dto.js';
import { AuditResource } from '../common/request-context.guard.js';
import { OutboxService } from './outbox.service.js';

const STATUSES: OutboxStatus[] = ['pending', 'sending', 'sent', 'dead', 'cancelled'];

export class OutboxListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: OutboxStatus;
}

/** The message queue, for operators: what waits (also when no SMTP is configured), what went, what gave up. */
@ApiTags('operator')
@AuditResource('outbox')
@Controller('operator/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @OperatorOnly()
  @ApiOperation({ summary: 'Messages newest first, with the delivery state (SMTP configured, worker running, counts waiting and dead)' })
  @ApiOkResponse({ description: 'OutboxPage' })
  list(@Query() query: OutboxListQuery): Promise<OutboxPage> {
    return this.outbox.list(query);
  }

  @Get(':id')
  @OperatorOnly()
  @ApiOperation({ summary: 'One message with its text; a one-time link (invite, password reset) is never shown' })
  @ApiOkResponse({ description: 'OutboxMessageDetail' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<OutboxMessageDetail> {
    return this.outbox.get(id);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @OperatorOnly()
  @ApiOperation({ summary: 'Put a dead message back in the queue with a fresh attempt budget' })
  @ApiOkResponse({ description: 'OutboxMessageView' })
  @ApiConflictResponse({ description: 'problem+json `conflict` (not dead, or its one-time link was erased)' })
  retry(@Param('id', new ParseUUIDPipe()) id: string): Promise<OutboxMessageView> {
    return this.outbox.retry(id);
  }
}
