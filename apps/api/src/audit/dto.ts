import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsInstant } from '../common/instant.js';
import type { AccessLogActivity } from '#contracts';
import { PageQuery } from '../common/query.dto.js';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') actorId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') businessId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') impersonationId?: string;
  @ApiPropertyOptional({ description: 'Action prefix, e.g. `booking.` or `impersonation.start`' }) @IsOptional() @IsString() @MaxLength(100) action?: string;
  @ApiPropertyOptional({ description: "Free text: the actor's name or e-mail, the target id, or the request path" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional({ enum: ['success', 'denied', 'error'] }) @IsOptional() @IsIn(['success', 'denied', 'error']) outcome?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsInstant() to?: string;
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' }) @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
  @ApiPropertyOptional({
    enum: ['include', 'exclude'],
    default: 'include',
    description: '`exclude` leaves out page views (GET rows), so changes, sign-ins and refusals stand out',
  })
  @IsOptional()
  @IsIn(['include', 'exclude'])
  views?: 'include' | 'exclude';
}

export class AccessLogQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['changes', 'all'],
    default: 'changes',
    description: '`changes`: what each visit changed or tried to; `all`: also every page it viewed (at most 500 events per visit)',
  })
  @IsOptional()
  @IsIn(['changes', 'all'])
  activity?: AccessLogActivity;
}
